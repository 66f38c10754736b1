import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateAclLinear } from '../../src/acl/linear.js';
import { aclChangeSets, aclChanges, DEFAULT_RULE } from '../../src/lint/acl-changes.js';
import type { PacketHeader } from '../../src/net/header.js';
import type { Acl, AclRule } from '../../src/topology/model.js';
import { addrs, svc } from '../acl/rules.js';
import { aclOf, cellHeaders, named, propertySeed, ruleBodyArb, topologyWith, type RuleBody } from './random-acls.js';

const body = (action: 'permit' | 'deny', src: string, dst: string, services: string[]): RuleBody => ({ action, src: addrs(src), dst: addrs(dst), services: services.map(svc) });

function decider(acl: Acl, h: PacketHeader): string {
  return evaluateAclLinear(acl, h).rule?.name ?? DEFAULT_RULE;
}

describe('aclChanges on hand-written versions', () => {
  const web = { ...body('permit', '10.0.0.0-10.0.0.255', '10.1.0.1', ['tcp/443']), name: 'web' };
  const ssh = { ...body('permit', '10.0.0.0-10.0.0.255', '10.1.0.1', ['tcp/22']), name: 'ssh' };
  const block = { ...body('deny', '10.0.0.66', 'any', ['any']), name: 'block' };

  it('a deny inserted before a permit takes part of its headers: the permit lost them, the new rule is added', () => {
    const before = topologyWith([aclOf(named([web, ssh]), 'deny')]);
    const after = topologyWith([aclOf(named([block, web, ssh]), 'deny')]);
    const changes = aclChanges(before, after);
    expect(changes.map((c) => [c.rule, c.kind, c.reasons])).toEqual([
      ['block', 'added', []],
      ['web', 'changed', ['earlier-rules']],
      ['ssh', 'changed', ['earlier-rules']],
      ['(default)', 'changed', ['earlier-rules']],
    ]);
    const webChange = changes[1];
    expect(webChange?.gained.empty).toBe(true);
    expect(webChange?.lost.boxes).toEqual(['src 10.0.0.66/32 dst 10.1.0.1/32 proto tcp dport 443']);
    expect(webChange?.before?.location?.line).toBe(10);
    expect(webChange?.after?.location?.line).toBe(11);
  });

  it('swapping two disjoint rules is a move, with no header changing hands', () => {
    const changes = aclChanges(topologyWith([aclOf(named([web, ssh]), 'deny')]), topologyWith([aclOf(named([ssh, web]), 'deny')]));
    expect(changes.map((c) => [c.rule, c.kind, c.gained.empty, c.lost.empty])).toEqual([['web', 'moved', true, true]]);
    expect(aclChanges(topologyWith([aclOf(named([web, ssh]), 'deny')]), topologyWith([aclOf(named([ssh, web]), 'deny')]), { includeMoves: false })).toEqual([]);
  });

  it('an ACL present in one version only lists every rule and its default', () => {
    const changes = aclChanges(topologyWith([]), topologyWith([aclOf(named([web]), 'deny', 'new')]));
    expect(changes.map((c) => [c.acl, c.rule, c.kind, c.aclStatus])).toEqual([
      ['new', 'web', 'added', 'added'],
      ['new', '(default)', 'added', 'added'],
    ]);
  });

  it('identical versions have no changes', () => {
    const t = topologyWith([aclOf(named([block, web, ssh]), 'deny')]);
    expect(aclChanges(t, t)).toEqual([]);
  });
});

describe('aclChangeSets agrees with a slow twin (fast-check)', () => {
  // A pool of named rules with an alternative body each; the versions pick subsets in any order.
  const versions = fc
    .tuple(fc.array(ruleBodyArb, { minLength: 5, maxLength: 5 }), fc.array(ruleBodyArb, { minLength: 5, maxLength: 5 }))
    .chain(([bodies, alternatives]) => {
      const pick = fc.tuple(fc.shuffledSubarray([0, 1, 2, 3, 4]), fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }), fc.constantFrom('permit' as const, 'deny' as const));
      return fc.tuple(pick, pick).map(([[bi, , bd], [ai, alt, ad]]) => {
        const build = (indices: number[], useAlt: boolean[] | undefined, def: 'permit' | 'deny') =>
          aclOf(named(indices.map((i) => ({ ...((useAlt?.[i] ? alternatives : bodies)[i] as RuleBody), name: `n${i}` }))), def);
        return { before: build(bi, undefined, bd), after: build(ai, alt, ad) };
      });
    });

  it('gained/lost hold exactly the headers whose deciding rule changed, on every elementary cell and random headers', () => {
    const seed = propertySeed('aclChanges slow twin');
    fc.assert(
      fc.property(versions, fc.array(fc.record({ src: fc.nat(40), dst: fc.nat(40), protocol: fc.constantFrom(0, 1, 6, 17, 47), srcPort: fc.constantFrom(0, 80, 81, 65535), dstPort: fc.constantFrom(0, 80, 1000) }), { maxLength: 20 }), ({ before, after }, randoms) => {
        const changes = aclChangeSets(topologyWith([before]), topologyWith([after]));
        const byRule = new Map(changes.map((c) => [c.rule, c]));
        const cells = cellHeaders([...before.rules, ...after.rules] as AclRule[]);
        const extra = randoms.map((r): PacketHeader => ({ ...r, srcPort: r.protocol === 6 || r.protocol === 17 ? r.srcPort : 0, dstPort: r.protocol === 6 || r.protocol === 17 ? r.dstPort : 0, icmpType: 0, icmpCode: 0 }));
        const witnessed = new Set<string>();
        for (const h of [...cells, ...extra]) {
          const b = decider(before, h);
          const a = decider(after, h);
          if (a !== b) witnessed.add(a).add(b);
          // Rules not reported must decide this header in both versions or in neither (checked below via `witnessed`).
          for (const [name, c] of byRule) {
            expect(c.gained.contains(h)).toBe(a === name && b !== name);
            expect(c.lost.contains(h)).toBe(b === name && a !== name);
          }
        }
        // Exact, not just sound: a rule is reported changed for its headers only when some header changed hands.
        for (const c of changes) {
          const beforeRule = before.rules.find((r) => r.name === c.rule);
          const afterRule = after.rules.find((r) => r.name === c.rule);
          const actionFlip = c.rule === DEFAULT_RULE ? before.defaultAction !== after.defaultAction : beforeRule !== undefined && afterRule !== undefined && beforeRule.action !== afterRule.action;
          if (c.kind === 'changed' && !actionFlip) expect(witnessed.has(c.rule)).toBe(true);
        }
        // And complete: every rule that decides a different set of cells is reported.
        for (const name of witnessed) expect(byRule.has(name)).toBe(true);
      }),
      { seed, numRuns: 40 },
    );
  }, 30_000);
});
