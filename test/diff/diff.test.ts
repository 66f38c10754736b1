/**
 * `segproof diff` on the reference networks: the broken β′ variant reports exactly the new INET → MN reach
 * opened by rule temporary-vendor-access (with its line), a file against itself reports nothing, bad input
 * exits 2, and the cache never serves a stale result (cached and uncached diffs of one-rule changes agree).
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { ReachCache } from '../../src/diff/cache.js';
import { diffTopologies } from '../../src/diff/diff.js';
import { diffIsEmpty, type DiffReport } from '../../src/diff/report.js';
import { prefixFirst, prefixLast } from '../../src/net/ipv4.js';
import { loadTopology } from '../../src/topology/load.js';
import type { Topology } from '../../src/topology/model.js';
import { mutateOnce } from './mutations.js';

const CITY = 'topologies/beta-prime-city.yaml';
const BROKEN = 'topologies/broken/acl-opens-mn-to-inet.yaml';

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo();
  const code = await main(['node', 'segproof', ...args], io);
  return { code, out: io.out.join('\n'), err: io.err.join('\n') };
}

async function load(file: string): Promise<Topology> {
  const r = await loadTopology(file);
  if (!r.ok) throw new Error(`cannot load ${file}`);
  return r.topology;
}

/** 1-based line of the first line containing `needle`, after the first containing `after` when given. */
function lineOf(file: string, needle: string, after?: string): number {
  const lines = readFileSync(file, 'utf8').split('\n');
  const from = after === undefined ? 0 : lines.findIndex((l) => l.includes(after));
  const i = lines.findIndex((l, k) => k >= from && l.includes(needle));
  if (i < 0) throw new Error(`${needle} not in ${file}`);
  return i + 1;
}

/** The report without what differs from run to run (timings, cache counters). */
function comparable(r: DiffReport): unknown {
  return { ...r, stats: undefined };
}

describe('segproof diff', () => {
  let report: DiffReport;
  let text: string;
  let code: number;
  beforeAll(async () => {
    const json = await cli('diff', CITY, BROKEN, '--json');
    code = json.code;
    report = JSON.parse(json.out) as DiffReport;
    text = (await cli('diff', CITY, BROKEN)).out;
  });

  it('reports exactly the new INET → MN set of the broken variant, with rule temporary-vendor-access and its line', async () => {
    expect(code).toBe(0);
    const line = lineOf(BROKEN, 'name: temporary-vendor-access');
    const denyLine = lineOf(CITY, 'name: deny-and-log', 'name: INET_TO_MN');
    expect(report.changes.length).toBeGreaterThan(0);
    const city = await load(CITY);
    const servers = city.segments.get('mn_servers');
    expect(servers).toBeDefined();
    const [lo, hi] = [prefixFirst(servers!.prefix), prefixLast(servers!.prefix)];
    // Every node answering on mn_servers (hosts and mn-core's own address) is a destination, and nothing else.
    const expected = [...city.nodes.values()].filter((n) => [...n.interfaces.values()].some((i) => i.segment === 'mn_servers')).map((n) => n.name).sort();
    expect([...new Set(report.changes.map((c) => c.destination))].sort()).toEqual(expected);
    for (const c of report.changes) {
      expect(c.direction).toBe('new');
      expect(c.sourceClass).toContain('INET');
      expect(c.destinationClass).toContain('MN');
      expect(c.critical).toBe(true);
      expect(c.classPair).toBe('INET>MN');
      // The rule's set: INET_TERMINALS to mn_servers, any service.
      for (const box of c.boxes) {
        expect(box.src).toEqual([[0x0a1e000a, 0x0a1e0301]]);
        for (const [a, b] of box.dst ?? []) expect(a >= lo && b <= hi).toBe(true);
        expect(box.protocol).toBeUndefined();
      }
      const w = c.witness!;
      expect(w.confirmed).toBe(true);
      expect(w.before.reaches).toBe(false);
      expect(w.after.reaches).toBe(true);
      expect(w.after.decidingRule).toMatchObject({ node: 'core-fw', policy: 'INET_TO_MN', rule: 'temporary-vendor-access', location: `${BROKEN}:${line}` });
      expect(w.before.decidingRule).toMatchObject({ node: 'core-fw', policy: 'INET_TO_MN', rule: 'deny-and-log', location: `${CITY}:${denyLine}` });
    }
    // The pool that the rule names reaches every MN server with its own addresses.
    expect(report.changes.some((c) => c.source === 'inet-terminals' && c.witness?.spoofed === false)).toBe(true);
    expect(report.ruleChanges.find((r) => r.rule === 'temporary-vendor-access')).toMatchObject({ node: 'core-fw', acl: 'INET_TO_MN', kind: 'added', after: `${BROKEN}:${line}` });
    expect(report.statusChanges.find((s) => s.id === 'R1')).toMatchObject({ before: 'pass', after: 'fail', regression: true });
    expect(report.endpoints).toEqual({ onlyBefore: [], onlyAfter: [] });
  });

  it('renders the changes grouped by zone-class pair, with the deciding rules and lines', () => {
    const line = lineOf(BROKEN, 'name: temporary-vendor-access');
    expect(text).toContain('== INET → MN (MN / MN_GC / LG / LGWAN)');
    expect(text).toContain(`permit by rule temporary-vendor-access of ACL INET_TO_MN [zone-pair INET -> MN] (${BROKEN}:${line})`);
    expect(text).toContain('witness: tcp 10.30.0.10:49152 -> 10.10.10.');
    expect(text).toContain('deny-and-log');
    expect(text).toContain('✗ R1 pass → fail (regression)');
    expect(text).not.toContain('NOT confirmed');
  });

  it('reports nothing for a file against itself, and exits 0', async () => {
    const json = await cli('diff', CITY, CITY, '--json');
    expect(json.code).toBe(0);
    const self = JSON.parse(json.out) as DiffReport;
    expect(diffIsEmpty(self)).toBe(true);
    expect(self.partial).toBeUndefined();
    const plain = await cli('diff', CITY, CITY, '--no-status');
    expect(plain.code).toBe(0);
    expect(plain.out).toContain('No differences.');
  });

  it('exits 2 on bad input in either file', async () => {
    expect((await cli('diff', CITY, 'topologies/no-such-file.yaml')).code).toBe(2);
    expect((await cli('diff', 'topologies/no-such-file.yaml', CITY)).code).toBe(2);
    expect((await cli('diff', CITY, 'README.md')).code).toBe(2);
    expect((await cli('diff', CITY)).code).toBe(2);
  });
});

describe('diff cache', () => {
  it('never serves a stale result: one-rule and one-route changes diffed through a warm cache equal the uncached diff', async () => {
    const base = await load(CITY);
    const cache = new ReachCache();
    // Warm: the base against itself and against another change, so every kind of entry exists.
    diffTopologies({ topology: base, file: CITY }, { topology: base, file: CITY }, { cache });
    let reused = 0;
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const m = mutateOnce(base, seed * 7919);
      const cached = diffTopologies({ topology: base, file: CITY }, { topology: m.topology, file: 'after.yaml' }, { cache });
      const fresh = diffTopologies({ topology: base, file: CITY }, { topology: m.topology, file: 'after.yaml' }, { cache: new ReachCache() });
      expect(comparable(cached), m.description).toEqual(comparable(fresh));
      reused += cached.stats?.sourcesReused ?? 0;
    }
    expect(reused).toBeGreaterThan(0);
  }, 300_000);
});
