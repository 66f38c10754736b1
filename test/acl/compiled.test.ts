import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compileAcl } from '../../src/acl/compiled.js';
import { evaluateAclLinear, firstMatchLinear } from '../../src/acl/linear.js';
import { addressSetFromRanges, ALL_ADDRESSES } from '../../src/net/address-set.js';
import type { PacketHeader } from '../../src/net/header.js';
import { ANY_PORT, ANY_SERVICE, PROTO, type PortRange, type ServiceMatch } from '../../src/net/ports.js';
import type { Acl, AclRule } from '../../src/topology/model.js';
import { header, rule } from './rules.js';

function acl(rules: AclRule[], defaultAction: 'permit' | 'deny' = 'deny'): Acl {
  return { name: 'a', node: 'n', binding: { type: 'zone-pair', fromZone: 'x', toZone: 'y' }, defaultAction, rules, location: undefined };
}

describe('compileAcl on hand-written rules', () => {
  const rules = [
    rule(0, '10.0.0.1', '10.0.1.0-10.0.1.255', ['tcp/22'], 'deny'),
    rule(1, '10.0.0.0-10.0.0.255,10.9.0.0-10.9.0.255', 'any', ['tcp/80', 'udp/53', 'icmp/8']),
    rule(2, 'any', '192.168.0.1', ['gre']),
    rule(3, 'any', 'any', ['icmp/3/4'], 'deny'),
    rule(4, '172.16.0.0-172.31.255.255', 'any', ['any']),
  ];
  const compiled = compileAcl(acl(rules));
  const cases: [string, PacketHeader, number][] = [
    ['tcp/22 from the one host', header('10.0.0.1', '10.0.1.7', PROTO.tcp, 5000, 22), 0],
    ['tcp/22 from another host of the /24 falls to no rule', header('10.0.0.2', '10.0.1.7', PROTO.tcp, 5000, 22), -1],
    ['second range of a multi-range source', header('10.9.0.200', '1.2.3.4', PROTO.tcp, 1, 80), 1],
    ['second service of a multi-service rule', header('10.0.0.5', '1.2.3.4', PROTO.udp, 1, 53), 1],
    ['ICMP echo matches icmp/8', header('10.0.0.5', '1.2.3.4', PROTO.icmp, 0, 0, 8, 0), 1],
    ['ICMP type 3 code 4 matches icmp/3/4 only', header('10.0.0.5', '1.2.3.4', PROTO.icmp, 0, 0, 3, 4), 3],
    ['ICMP type 3 code 3 matches nothing', header('10.0.0.5', '1.2.3.4', PROTO.icmp, 0, 0, 3, 3), -1],
    ['GRE ignores its port fields', header('8.8.8.8', '192.168.0.1', PROTO.gre, 1234, 4321), 2],
    ['any service matches an unlisted protocol', header('172.20.0.1', '1.1.1.1', 132, 9, 9), 4],
    ['nothing matches outside every source', header('11.0.0.0', '1.1.1.1', PROTO.tcp, 1, 80), -1],
  ];
  for (const [what, h, expected] of cases) {
    it(what, () => {
      expect(compiled.firstMatch(h)).toBe(expected);
      expect(firstMatchLinear(rules, h)).toBe(expected);
    });
  }

  it('evaluate reports the deciding rule or the default, like evaluateAclLinear', () => {
    for (const [, h] of cases) expect(compiled.evaluate(h)).toEqual(evaluateAclLinear(acl(rules), h));
    expect(compiled.evaluate(cases[1]![1])).toEqual({ action: 'deny', rule: undefined });
  });

  it('an empty rule list matches nothing and reports bounded stats', () => {
    const empty = compileAcl(acl([], 'permit'));
    expect(empty.firstMatch(header('1.1.1.1', '2.2.2.2', 6, 1, 2))).toBe(-1);
    expect(empty.evaluate(header('1.1.1.1', '2.2.2.2', 6, 1, 2)).action).toBe('permit');
    expect(empty.stats.subRuleCount).toBe(0);
  });

  it('more than one chunk of rules: the first match is the lowest index, not the first chunk scanned', () => {
    // 700 sub-rules span several chunks; only rules 650 and 699 match the probe.
    const many: AclRule[] = Array.from({ length: 700 }, (_, i) => ({
      name: `m${i}`,
      index: i,
      action: 'permit',
      src: addressSetFromRanges([[i, i]]),
      dst: ALL_ADDRESSES,
      services: [ANY_SERVICE],
      location: undefined,
    }));
    many[699] = { ...many[699]!, src: addressSetFromRanges([[650, 650]]) };
    const c = compileAcl(acl(many));
    expect(c.firstMatchFields(650, 0, 6, 1, 1, 0, 0)).toBe(650);
    expect(c.firstMatchFields(699, 0, 6, 1, 1, 0, 0)).toBe(-1);
    expect(c.firstMatchFields(0, 0, 6, 1, 1, 0, 0)).toBe(0);
    expect(c.stats.bytes).toBeGreaterThan(0);
  });
});

// ---- property: compiled and linear agree ----

const ADDRESS_POOL = [0, 1, 0x0a000000, 0x0a0000ff, 0x0a000100, 0x0a00ffff, 0x0affffff, 0xc0a80001, 0xfffffffe, 0xffffffff];
const PORT_POOL = [0, 1, 22, 53, 80, 443, 1023, 1024, 65534, 65535];
const PROTOCOL_POOL = [0, PROTO.icmp, PROTO.tcp, PROTO.udp, PROTO.gre, 255];
const ICMP_POOL = [0, 3, 4, 8, 255];

const addressRange = fc.oneof(
  fc.constant([0, 0xffffffff] as [number, number]),
  fc.tuple(fc.constantFrom(...ADDRESS_POOL), fc.constantFrom(...ADDRESS_POOL)).map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as [number, number]),
  fc.tuple(fc.constantFrom(...ADDRESS_POOL), fc.integer({ min: 0, max: 32 })).map(([base, len]) => {
    const size = 2 ** (32 - len);
    const network = Math.floor(base / size) * size;
    return [network, network + size - 1] as [number, number];
  }),
);
const addressSet = fc.array(addressRange, { minLength: 1, maxLength: 3 }).map(addressSetFromRanges);

const portRange: fc.Arbitrary<PortRange> = fc.oneof(
  fc.constant(ANY_PORT),
  fc.constantFrom(...PORT_POOL).map((p) => ({ first: p, last: p })),
  fc.tuple(fc.constantFrom(...PORT_POOL), fc.constantFrom(...PORT_POOL)).map(([a, b]) => ({ first: Math.min(a, b), last: Math.max(a, b) })),
);
const service: fc.Arbitrary<ServiceMatch> = fc.oneof(
  fc.constant(ANY_SERVICE),
  fc.tuple(fc.constantFrom(PROTO.tcp, PROTO.udp), portRange, portRange).map(([protocol, srcPorts, dstPorts]) => ({ protocol, srcPorts, dstPorts })),
  fc
    .tuple(fc.option(fc.constantFrom(...ICMP_POOL), { nil: undefined }), fc.option(fc.constantFrom(...ICMP_POOL), { nil: undefined }))
    .map(([icmpType, icmpCode]) => ({ protocol: PROTO.icmp, srcPorts: ANY_PORT, dstPorts: ANY_PORT, icmpType, icmpCode })),
  fc.constantFrom(0, PROTO.gre, 255).map((protocol) => ({ protocol, srcPorts: ANY_PORT, dstPorts: ANY_PORT })),
);
const aclRule = fc.record({
  action: fc.constantFrom('permit' as const, 'deny' as const),
  src: addressSet,
  dst: addressSet,
  services: fc.array(service, { minLength: 1, maxLength: 3 }),
});
const ruleList = fc
  .array(aclRule, { minLength: 0, maxLength: 30 })
  .map((rs) => rs.map((r, index): AclRule => ({ ...r, name: `p${index}`, index, location: undefined })));

/** A field value: from a pool, or an edge (first-1, first, last, last+1) of some rule's range. */
const fieldRecipe = fc.record({ edge: fc.integer({ min: 0, max: 4 }), pick: fc.nat(), pool: fc.nat() });
type FieldRecipe = { edge: number; pick: number; pool: number };

function fieldValue(recipe: FieldRecipe, ranges: readonly (readonly [number, number])[], pool: readonly number[]): number {
  if (recipe.edge === 4 || ranges.length === 0) return pool[recipe.pool % pool.length] as number;
  const [lo, hi] = ranges[recipe.pick % ranges.length] as readonly [number, number];
  return [lo - 1, lo, hi, hi + 1][recipe.edge] as number;
}

function buildHeader(rules: readonly AclRule[], r: Record<'src' | 'dst' | 'proto' | 'a' | 'b', FieldRecipe>): PacketHeader {
  const services = rules.flatMap((x) => x.services);
  const protocol = fieldValue(r.proto, services.flatMap((s) => (s.protocol === undefined ? [] : [[s.protocol, s.protocol] as const])), PROTOCOL_POOL);
  const portRanges = (sel: (s: ServiceMatch) => PortRange) => services.map((s) => [sel(s).first, sel(s).last] as const);
  const icmpRanges = (sel: (s: ServiceMatch) => number | undefined) =>
    services.flatMap((s) => (sel(s) === undefined ? [] : [[sel(s) as number, sel(s) as number] as const]));
  return {
    src: fieldValue(r.src, rules.flatMap((x) => x.src.ranges), ADDRESS_POOL),
    dst: fieldValue(r.dst, rules.flatMap((x) => x.dst.ranges), ADDRESS_POOL),
    protocol,
    srcPort: fieldValue(r.a, portRanges((s) => s.srcPorts), PORT_POOL),
    dstPort: fieldValue(r.b, portRanges((s) => s.dstPorts), PORT_POOL),
    icmpType: fieldValue(r.a, icmpRanges((s) => s.icmpType), ICMP_POOL),
    icmpCode: fieldValue(r.b, icmpRanges((s) => s.icmpCode), ICMP_POOL),
  };
}

const headerRecipes = fc.array(fc.record({ src: fieldRecipe, dst: fieldRecipe, proto: fieldRecipe, a: fieldRecipe, b: fieldRecipe }), {
  minLength: 250,
  maxLength: 250,
});

/** Every recipe's header gets the same first match from the compiled classifier as from the linear scan. */
function compiledAgreesWithLinear(rules: AclRule[], recipes: readonly Record<'src' | 'dst' | 'proto' | 'a' | 'b', FieldRecipe>[], lookupTables: 'auto' | 'always'): void {
  const compiled = compileAcl(acl(rules), { lookupTables });
  for (const recipe of recipes) {
    const h = buildHeader(rules, recipe);
    const expected = firstMatchLinear(rules, h);
    const got = compiled.firstMatch(h);
    if (got !== expected) throw new Error(`header ${JSON.stringify(h)}: compiled ${got}, linear ${expected}`);
  }
}

describe('compiled and linear first-match agree (fast-check)', () => {
  const RUNS = 400;
  it(`on ${RUNS} random rule lists × 250 headers each (100k headers, range edges included; with and without lookup tables)`, () => {
    const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
    console.log(`compiled-vs-linear property seed: ${seed} (rerun with FC_SEED=${seed})`);
    fc.assert(
      fc.property(ruleList, headerRecipes, fc.constantFrom('auto' as const, 'always' as const), compiledAgreesWithLinear),
      { seed, numRuns: RUNS },
    );
  }, 60_000);
});

describe('compiled and linear first-match agree on long rule lists (fast-check)', () => {
  // 300-700 rules of up to 3 services: several 128-sub-rule chunks, so the aggregate bitmap that
  // picks which chunks to read decides answers here, including chunks that are empty in one field.
  const RUNS = 40;
  const longRuleList = fc
    .array(aclRule, { minLength: 300, maxLength: 700 })
    .map((rs) => rs.map((r, index): AclRule => ({ ...r, name: `p${index}`, index, location: undefined })));
  const fewHeaders = fc.array(fc.record({ src: fieldRecipe, dst: fieldRecipe, proto: fieldRecipe, a: fieldRecipe, b: fieldRecipe }), {
    minLength: 100,
    maxLength: 100,
  });
  it(`on ${RUNS} random lists of 300-700 rules × 100 headers each`, () => {
    const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
    console.log(`compiled-vs-linear (long lists) property seed: ${seed} (rerun with FC_SEED=${seed})`);
    fc.assert(
      fc.property(longRuleList, fewHeaders, fc.constantFrom('auto' as const, 'always' as const), compiledAgreesWithLinear),
      { seed, numRuns: RUNS },
    );
  }, 120_000);
});

describe('address lookups where a /16 holds many intervals (the per-/24 second level)', () => {
  // 1,500 ranges of 1-40 addresses inside 10.1.0.0/16 (and one /24 of 10.2.0.0/16): well over the
  // 1,024 intervals that build the jump table under `auto`, and far more than eight per /16, so the
  // /24 tables answer; every range edge ±1 and each /24 edge is checked against the linear scan.
  const rules: AclRule[] = [];
  let x = 12345;
  const next = (): number => (x = (Math.imul(x, 1103515245) + 12345) >>> 0) >>> 8;
  for (let i = 0; i < 1500; i++) {
    const base = i % 10 === 9 ? 0x0a020000 + (next() & 0xff) : 0x0a010000 + (next() & 0xffff);
    const lo = base;
    const hi = Math.min(lo + (next() % 40), 0xffffffff);
    const range = addressSetFromRanges([[lo, hi]]);
    rules.push({ name: `c${i}`, index: i, action: i % 3 === 0 ? 'deny' : 'permit', src: i % 2 === 0 ? range : ALL_ADDRESSES, dst: i % 2 === 0 ? ALL_ADDRESSES : range, services: [ANY_SERVICE], location: undefined });
  }
  const probes = new Set<number>([0x0a00ffff, 0x0a010000, 0x0a01ffff, 0x0a020000, 0x0a0200ff, 0x0a020100]);
  for (const r of rules) {
    for (const [lo, hi] of [...r.src.ranges, ...r.dst.ranges]) {
      if (hi - lo === 0xffffffff) continue;
      for (const v of [lo - 1, lo, hi, hi + 1]) probes.add(v);
    }
  }
  for (let b = 0; b < 256; b++) for (const v of [0x0a010000 + b * 256 - 1, 0x0a010000 + b * 256]) probes.add(v);
  for (const tables of ['auto', 'always', 'never'] as const) {
    it(`agree with the linear scan (lookupTables ${tables})`, () => {
      const compiled = compileAcl(acl(rules), { lookupTables: tables });
      for (const v of probes) {
        for (const h of [header('1.2.3.4', '1.2.3.4', PROTO.tcp, 1, 80), header('1.2.3.4', '1.2.3.4', PROTO.udp, 1, 53)]) {
          const asSrc = { ...h, src: v };
          const asDst = { ...h, dst: v };
          expect(compiled.firstMatch(asSrc)).toBe(firstMatchLinear(rules, asSrc));
          expect(compiled.firstMatch(asDst)).toBe(firstMatchLinear(rules, asDst));
        }
      }
    });
  }
});
