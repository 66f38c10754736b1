import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { findCoveredRules } from '../../src/acl/analysis.js';
import { parseClassbenchRules } from '../../src/acl/classbench.js';
import { firstMatchLinear } from '../../src/acl/linear.js';
import { addressSetFromRanges } from '../../src/net/address-set.js';
import { cellHeaders } from './cell-headers.js';
import { ANY_PORT, ANY_SERVICE, PROTO, type ServiceMatch } from '../../src/net/ports.js';
import type { AclRule } from '../../src/topology/model.js';
import { datasetFolder } from './datasets.js';
import { rule } from './rules.js';

describe('findCoveredRules on hand-written rules', () => {
  it('a rule inside one earlier rule with the other action is shadowed by it', () => {
    const rules = [rule(0, '10.0.0.0-10.0.0.255', 'any', ['tcp']), rule(1, '10.0.0.5', '1.2.3.4', ['tcp/22'], 'deny')];
    expect(findCoveredRules(rules)).toEqual({ covered: [{ index: 1, name: 't1', kind: 'shadowed', coveredBy: [0] }], undetermined: [] });
  });

  it('a rule covered only by two earlier rules together is redundant when actions agree', () => {
    const rules = [
      rule(0, '10.0.0.0-10.0.0.127', 'any', ['tcp/1-100']),
      rule(1, '10.0.0.128-10.0.0.255', 'any', ['tcp/1-100']),
      rule(2, '10.0.0.0-10.0.0.255', '1.1.1.1', ['tcp/80']),
    ];
    expect(findCoveredRules(rules).covered).toEqual([{ index: 2, name: 't2', kind: 'redundant', coveredBy: [0, 1] }]);
  });

  it('a one-address gap keeps a rule reachable', () => {
    const rules = [
      rule(0, '10.0.0.0-10.0.0.126', 'any', ['any']),
      rule(1, '10.0.0.128-10.0.0.255', 'any', ['any']),
      rule(2, '10.0.0.0-10.0.0.255', 'any', ['tcp/80']),
    ];
    expect(findCoveredRules(rules).covered).toEqual([]);
  });

  it('tcp and udp rules do not cover an any-protocol rule; adding every other protocol does', () => {
    const base = [rule(0, 'any', 'any', ['tcp']), rule(1, 'any', 'any', ['udp'])];
    expect(findCoveredRules([...base, rule(2, 'any', 'any', ['any'])]).covered).toEqual([]);
    const allButTcpUdp = Array.from({ length: 256 }, (_, p) => p).filter((p) => p !== PROTO.tcp && p !== PROTO.udp);
    const others: AclRule = { ...rule(2, 'any', 'any', ['any']), services: allButTcpUdp.map((protocol) => ({ protocol, srcPorts: ANY_PORT, dstPorts: ANY_PORT })) };
    const report = findCoveredRules([...base, others, rule(3, 'any', 'any', ['any'])]);
    expect(report.covered.map((c) => [c.index, c.coveredBy])).toEqual([[3, [0, 1, 2]]]);
  });

  it('256 single-type ICMP rules cover "icmp any" (types are 0-255)', () => {
    const types = Array.from({ length: 256 }, (_, t) => rule(t, 'any', 'any', [`icmp/${t}`]));
    const report = findCoveredRules([...types, rule(256, 'any', 'any', ['icmp'])]);
    expect(report.covered.map((c) => c.index)).toEqual([256]);
  });

  it('a rule with an empty source never matches', () => {
    const empty: AclRule = { ...rule(0, 'any', 'any', ['any']), src: addressSetFromRanges([]) };
    expect(findCoveredRules([empty]).covered).toEqual([{ index: 0, name: 't0', kind: 'empty', coveredBy: [] }]);
  });

  it('a work budget too small to decide reports the rule undetermined, not covered', () => {
    const rules = [
      rule(0, '10.0.0.0-10.0.0.127', 'any', ['tcp/1-100']),
      rule(1, '10.0.0.128-10.0.0.255', 'any', ['tcp/1-100']),
      rule(2, '10.0.0.0-10.0.0.255', '1.1.1.1', ['tcp/80']),
    ];
    expect(findCoveredRules(rules, 1)).toEqual({ covered: [], undetermined: [2] });
  });
});

// ---- property: exact against brute force over every elementary cell ----

const ADDRESS_POOL = [0, 10, 20, 30, 0xffffffff];
const PORT_POOL = [0, 80, 81, 65535];
const ICMP_TYPES = [0, 8, 255];

const range = (pool: number[]) =>
  fc.tuple(fc.constantFrom(...pool), fc.constantFrom(...pool)).map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as [number, number]);
const service: fc.Arbitrary<ServiceMatch> = fc.oneof(
  fc.constant(ANY_SERVICE),
  fc.tuple(fc.constantFrom(PROTO.tcp, PROTO.udp), range(PORT_POOL), range(PORT_POOL)).map(([protocol, s, d]) => ({
    protocol,
    srcPorts: { first: s[0], last: s[1] },
    dstPorts: { first: d[0], last: d[1] },
  })),
  fc.option(fc.constantFrom(...ICMP_TYPES), { nil: undefined }).map((icmpType) => ({ protocol: PROTO.icmp, srcPorts: ANY_PORT, dstPorts: ANY_PORT, icmpType })),
  fc.constantFrom(PROTO.gre, 0).map((protocol) => ({ protocol, srcPorts: ANY_PORT, dstPorts: ANY_PORT })),
);
const ruleList = fc
  .array(
    fc.record({
      action: fc.constantFrom('permit' as const, 'deny' as const),
      src: fc.array(range(ADDRESS_POOL), { minLength: 1, maxLength: 2 }).map(addressSetFromRanges),
      dst: range(ADDRESS_POOL).map((r) => addressSetFromRanges([r])),
      services: fc.array(service, { minLength: 1, maxLength: 2 }),
    }),
    { minLength: 1, maxLength: 6 },
  )
  .map((rs) => rs.map((r, index): AclRule => ({ ...r, name: `p${index}`, index, location: undefined })));


describe('findCoveredRules agrees with brute force (fast-check)', () => {
  it('covered ⇔ no elementary cell has the rule as its first match, on 300 random rule lists', () => {
    const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
    console.log(`coverage property seed: ${seed} (rerun with FC_SEED=${seed})`);
    fc.assert(
      fc.property(ruleList, (rules) => {
        const reachable = new Set(cellHeaders(rules).map((h) => firstMatchLinear(rules, h)));
        const report = findCoveredRules(rules);
        expect(report.undetermined).toEqual([]);
        const covered = report.covered.map((c) => c.index);
        expect(covered).toEqual(rules.map((_, i) => i).filter((i) => !reachable.has(i)));
        for (const c of report.covered) for (const i of c.coveredBy) expect(i).toBeLessThan(c.index);
      }),
      { seed, numRuns: 300 },
    );
  }, 30_000);
});

describe('findCoveredRules on ClassBench neurocuts acl1_10k', () => {
  const dir = datasetFolder('classbench-neurocuts');
  it.skipIf(!dir)('every one of the 76 rules repeating an earlier 5-tuple (flags ignored) is reported covered', () => {
    const file = path.join(dir as string, 'acl1_10k');
    const text = readFileSync(file, 'utf8');
    const { rules, diagnostics } = parseClassbenchRules(text, file);
    expect(diagnostics).toEqual([]);
    // Repeats found independently of the parser: the first five tab-separated fields of the text.
    const firstSeen = new Map<string, number>();
    const repeats: [index: number, original: number][] = [];
    text.split('\n').filter((l) => l.trim() !== '').forEach((line, i) => {
      const key = line.split('\t').slice(0, 5).join('\t');
      const earlier = firstSeen.get(key);
      if (earlier === undefined) firstSeen.set(key, i);
      else repeats.push([i, earlier]);
    });
    expect(repeats.length).toBe(76);
    const report = findCoveredRules(rules);
    expect(report.undetermined).toEqual([]);
    const byIndex = new Map(report.covered.map((c) => [c.index, c]));
    for (const [index] of repeats) {
      const c = byIndex.get(index);
      expect(c, `rule ${index} repeats an earlier rule`).toBeDefined();
      expect(c!.coveredBy.length).toBeGreaterThan(0);
    }
    console.log(`acl1_10k: ${report.covered.length} rules covered, ${repeats.length} of them exact repeats`);
  }, 30_000);
});
