/**
 * The plan's address function as pieces against mapping.ts address by address, and the header-set image
 * on the decision diagram against mapping every header's addresses one by one. The seed is printed on
 * every run (rerun with SEGPROOF_HEADER_MAP_SEED).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SourceLocation } from '../../src/diagnostics/diagnostic.js';
import { applyPieces, comparisonMap, planAddressMap, planFunction, planPieces } from '../../src/readdress/header-map-pieces.js';
import { decidingMapping } from '../../src/readdress/range-image.js';
import { mapHeaderSet, mapHeaderSetByHeaders } from '../../src/readdress/header-map.js';
import type { PlanStep, ReaddressPlan } from '../../src/readdress/plan.js';
import { HeaderSet } from '../../src/symbolic/header-set.js';
import type { Topology } from '../../src/topology/model.js';

const SEED = Number(process.env.SEGPROOF_HEADER_MAP_SEED ?? Math.floor(Math.random() * 0x7fffffff));
const at: SourceLocation = { file: 'plan.yaml', line: 1, column: 1 };
// A small universe so that the slow twin can enumerate: 10.0.0.0/26 and its neighbours.
const BASE = 0x0a000000;
const NOTHING = { nodes: new Map(), segments: new Map() } as unknown as Topology;

const prefixArb = fc.record({ length: fc.integer({ min: 28, max: 31 }), slot: fc.integer({ min: 0, max: 15 }) }).map(({ length, slot }) => {
  const size = 2 ** (32 - length);
  return { network: BASE + ((slot * size) % 64), length };
});

const stepArb = fc
  .record({
    maps: fc.array(fc.tuple(prefixArb, fc.integer({ min: 0, max: 15 })), { maxLength: 3 }),
    hosts: fc.array(fc.tuple(fc.integer({ min: 0, max: 63 }), fc.integer({ min: 0, max: 63 })), { maxLength: 3 }),
  })
  .map(({ maps, hosts }): PlanStep => ({
    name: 'step',
    mappings: maps.map(([from, slot]) => {
      const size = 2 ** (32 - from.length);
      return { from, to: { network: BASE + ((slot * size) % 64), length: from.length }, location: at };
    }),
    hosts: hosts.map(([a, b]) => ({ from: BASE + a, to: BASE + b, location: at })),
    redesignations: [],
    relocations: [],
    location: at,
  }));

const planArb = fc.array(stepArb, { minLength: 1, maxLength: 3 }).map((steps): ReaddressPlan => ({ file: 'plan.yaml', name: 'p', steps }));

const addressArb = fc.integer({ min: -4, max: 67 }).map((k) => BASE + k);
const rangeArb = fc.tuple(addressArb, fc.integer({ min: 0, max: 6 })).map(([a, w]) => [a, a + w] as const);
const setArb = fc
  .array(fc.record({ src: rangeArb, dst: rangeArb, port: fc.integer({ min: 1, max: 3 }) }), { minLength: 1, maxLength: 4 })
  .map((boxes) => HeaderSet.unionAll(boxes.map((b) => HeaderSet.box({ src: [b.src], dst: [b.dst], protocol: [[6, 6]], dstPort: [[b.port, b.port + 1]] }))));

describe('a plan\'s address function on header sets', () => {
  console.log(`[header map property] seed ${SEED} (SEGPROOF_HEADER_MAP_SEED=${SEED})`);

  it('pieces give every address the address mapping.ts gives it', () => {
    fc.assert(
      fc.property(planArb, fc.array(addressArb, { minLength: 30, maxLength: 30 }), (plan, addresses) => {
        const pieces = planPieces(plan, NOTHING);
        const reference = planAddressMap(plan, NOTHING);
        for (const a of addresses) expect(applyPieces(pieces, a)).toBe(reference(a));
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('the comparison map is the one-to-one part of the function, inverted by its inverse, leaving out exactly what it does not map', () => {
    fc.assert(
      fc.property(planArb, (plan) => {
        const total = planPieces(plan, NOTHING);
        const { forward, inverse, leftOutOriginal, leftOutRenumbered } = comparisonMap(total);
        const inside = (ranges: readonly (readonly [number, number])[], a: number) => ranges.some(([lo, hi]) => lo <= a && a <= hi);
        // The reference, address by address: an unmoved address another one moves onto is left out; of the
        // rest, an address whose image another also has is left out.
        const window: number[] = [];
        for (let a = BASE - 80; a <= BASE + 150; a++) window.push(a);
        const movedOnto = new Set(window.filter((a) => applyPieces(total, a) !== a).map((a) => applyPieces(total, a)));
        const candidates = window.filter((a) => !(applyPieces(total, a) === a && movedOnto.has(a)));
        const preimages = new Map<number, number>();
        for (const a of candidates) preimages.set(applyPieces(total, a) as number, (preimages.get(applyPieces(total, a) as number) ?? 0) + 1);
        const kept = (a: number) => candidates.includes(a) && preimages.get(applyPieces(total, a) as number) === 1;
        for (let a = BASE - 4; a <= BASE + 67; a++) {
          const f = applyPieces(forward, a);
          expect(f !== undefined).toBe(kept(a));
          expect(f === undefined).toBe(inside(leftOutOriginal, a));
          if (f === undefined) continue;
          expect(f).toBe(applyPieces(total, a));
          expect(applyPieces(inverse, f)).toBe(a);
        }
        for (let a = BASE - 4; a <= BASE + 67; a++) {
          const back = applyPieces(inverse, a);
          expect(back === undefined).toBe(inside(leftOutRenumbered, a));
          if (back !== undefined) expect(applyPieces(forward, back)).toBe(a);
        }
      }),
      { seed: SEED + 1, numRuns: 300 },
    );
  });

  it('a one-step plan claims its new prefixes whole and its hosts\' new addresses: unmoved addresses there are left out', () => {
    fc.assert(
      fc.property(stepArb, (step) => {
        const plan: ReaddressPlan = { file: 'plan.yaml', name: 'p', steps: [step] };
        const { pieces, claimed } = planFunction(plan, NOTHING);
        const { forward } = comparisonMap(pieces, claimed);
        // A host kept in place (to = from) claims nothing: it is where it was. (Later entries for one host win, as in stepMapping.)
        const hostMap = new Map(step.hosts.map((h) => [h.from, h.to]));
        const claims = new Set<number>([...hostMap].filter(([from, to]) => to !== from).map(([, to]) => to));
        for (let x = BASE - 4; x <= BASE + 67; x++) {
          const m = decidingMapping(step.mappings, x);
          if (m && m.to.network !== m.from.network) claims.add(x + m.to.network - m.from.network);
        }
        for (let a = BASE - 4; a <= BASE + 67; a++) {
          if (applyPieces(pieces, a) === a && claims.has(a)) expect(applyPieces(forward, a)).toBeUndefined();
          if (applyPieces(forward, a) !== undefined) expect(applyPieces(forward, a)).toBe(applyPieces(pieces, a));
        }
      }),
      { seed: SEED + 3, numRuns: 300 },
    );
  });

  it('mapping a header set on the diagram equals mapping its headers one by one', () => {
    fc.assert(
      fc.property(planArb, setArb, (plan, set) => {
        const total = planPieces(plan, NOTHING);
        const { forward, inverse } = comparisonMap(total);
        // One-to-one maps (moved in one pass) and the plan's whole function (images may meet: united piece by piece).
        for (const pieces of [forward, inverse, total]) expect(mapHeaderSet(set, pieces).equals(mapHeaderSetByHeaders(set, pieces))).toBe(true);
      }),
      { seed: SEED + 2, numRuns: 300 },
    );
  });

  it('a relocation moves the interface\'s address as the earlier steps left it', () => {
    const node = { name: 'h', kind: 'host', count: 1, interfaces: new Map([['eth0', { name: 'eth0', segment: 's', address: BASE + 5 }]]) };
    const topology = { nodes: new Map([['h', node]]), segments: new Map() } as unknown as Topology;
    const first: PlanStep = { name: 'a', mappings: [{ from: { network: BASE, length: 28 }, to: { network: BASE + 32, length: 28 }, location: at }], hosts: [], redesignations: [], relocations: [], location: at };
    const second: PlanStep = { name: 'b', mappings: [], hosts: [], redesignations: [], relocations: [{ node: 'h', segment: 't', address: BASE + 60, location: at }], location: at };
    const plan: ReaddressPlan = { file: 'plan.yaml', name: 'p', steps: [first, second] };
    expect(applyPieces(planPieces(plan, topology), BASE + 5)).toBe(BASE + 60);
    expect(planAddressMap(plan, topology)(BASE + 5)).toBe(BASE + 60);
    // Up to the first step only, the address follows its prefix.
    expect(applyPieces(planPieces(plan, topology, 0), BASE + 5)).toBe(BASE + 37);
  });
});
