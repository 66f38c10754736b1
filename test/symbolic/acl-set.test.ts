/** ACL sets against the linear first-match evaluator (acl/linear.ts) and against their own fold twins. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateAclLinear, firstMatchLinear } from '../../src/acl/linear.js';
import { addressSetFromRanges, ALL_ADDRESSES } from '../../src/net/address-set.js';
import type { PacketHeader } from '../../src/net/header.js';
import { ANY_PORT, ANY_SERVICE, PROTO, type ServiceMatch } from '../../src/net/ports.js';
import type { Acl, AclRule } from '../../src/topology/model.js';
import { aclDecisionSets, aclDecisionSetsByFold, aclPermitSet, aclPermitSetByFold } from '../../src/symbolic/acl-set.js';

const ADDRESS_BOUNDS = [0, 0x0a000000, 0x0a0000ff, 0x0a000100, 0x0a0001ff, 0xffffffff];
const SERVICES: ServiceMatch[] = [
  ANY_SERVICE,
  { protocol: PROTO.tcp, srcPorts: ANY_PORT, dstPorts: { first: 443, last: 443 } },
  { protocol: PROTO.tcp, srcPorts: ANY_PORT, dstPorts: { first: 1000, last: 2000 } },
  { protocol: PROTO.tcp, srcPorts: { first: 1024, last: 65535 }, dstPorts: { first: 22, last: 22 } },
  { protocol: PROTO.udp, srcPorts: ANY_PORT, dstPorts: { first: 53, last: 53 } },
  { protocol: PROTO.icmp, srcPorts: ANY_PORT, dstPorts: ANY_PORT, icmpType: 8 },
  { protocol: PROTO.icmp, srcPorts: ANY_PORT, dstPorts: ANY_PORT, icmpType: 3, icmpCode: 4 },
  { protocol: PROTO.gre, srcPorts: ANY_PORT, dstPorts: ANY_PORT },
];

const addressArb = fc.oneof(
  fc.constant(ALL_ADDRESSES),
  fc
    .array(fc.tuple(fc.constantFrom(...ADDRESS_BOUNDS), fc.constantFrom(...ADDRESS_BOUNDS)), { minLength: 1, maxLength: 2 })
    .map((rs) => addressSetFromRanges(rs.map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as const))),
);

const aclArb: fc.Arbitrary<Acl> = fc
  .record({
    rules: fc.array(
      fc.record({
        action: fc.constantFrom('permit' as const, 'deny' as const),
        src: addressArb,
        dst: addressArb,
        services: fc.subarray(SERVICES, { minLength: 1, maxLength: 2 }),
      }),
      { maxLength: 8 },
    ),
    defaultAction: fc.constantFrom('permit' as const, 'deny' as const),
  })
  .map(({ rules, defaultAction }) => ({
    name: 'a',
    node: 'fw',
    binding: { type: 'interface', interface: 'e0', direction: 'in' },
    defaultAction,
    location: undefined,
    rules: rules.map((r, index): AclRule => ({ ...r, name: `r${index}`, index, location: undefined })),
  }));

/** Headers biased to rule boundaries (each bound and its neighbours). */
const near = (values: readonly number[], max: number) =>
  fc.oneof(fc.constantFrom(...values.flatMap((v) => [v - 1, v, v + 1]).filter((v) => v >= 0 && v <= max)), fc.integer({ min: 0, max }));
const headerArb: fc.Arbitrary<PacketHeader> = fc
  .record({
    src: near(ADDRESS_BOUNDS, 0xffffffff),
    dst: near(ADDRESS_BOUNDS, 0xffffffff),
    protocol: fc.constantFrom(PROTO.tcp, PROTO.udp, PROTO.icmp, PROTO.gre, 99),
    srcPort: near([0, 1024, 65535], 65535),
    dstPort: near([22, 53, 443, 1000, 2000], 65535),
    icmpType: near([3, 8], 255),
    icmpCode: near([4], 255),
  })
  .map((h) => {
    const ported = h.protocol === PROTO.tcp || h.protocol === PROTO.udp;
    const icmp = h.protocol === PROTO.icmp;
    return { ...h, srcPort: ported ? h.srcPort : 0, dstPort: ported ? h.dstPort : 0, icmpType: icmp ? h.icmpType : 0, icmpCode: icmp ? h.icmpCode : 0 };
  });

describe('ACL header sets', () => {
  it('permit set and matched-first sets agree with the linear first-match evaluator', () => {
    fc.assert(
      fc.property(aclArb, fc.array(headerArb, { minLength: 20, maxLength: 20 }), (acl, headers) => {
        const permit = aclPermitSet(acl);
        const { matchedFirst, byDefault } = aclDecisionSets(acl);
        for (const h of headers) {
          if (permit.contains(h) !== (evaluateAclLinear(acl, h).action === 'permit')) return false;
          const first = firstMatchLinear(acl.rules, h);
          if (byDefault.contains(h) !== (first < 0)) return false;
          for (let i = 0; i < matchedFirst.length; i++) if ((matchedFirst[i]?.contains(h) ?? false) !== (i === first)) return false;
        }
        return true;
      }),
      { numRuns: 500 },
    );
  });

  it('divide-and-conquer sets equal the rule-by-rule folds', () => {
    fc.assert(
      fc.property(aclArb, (acl) => {
        expect(aclPermitSet(acl).equals(aclPermitSetByFold(acl))).toBe(true);
        const fast = aclDecisionSets(acl);
        const slow = aclDecisionSetsByFold(acl);
        expect(fast.byDefault.equals(slow.byDefault)).toBe(true);
        fast.matchedFirst.forEach((s, i) => expect(s.equals(slow.matchedFirst[i] as never)).toBe(true));
      }),
      { numRuns: 500 },
    );
  });
});
