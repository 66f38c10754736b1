/**
 * Random small ACLs over a few boundary values, and one header per elementary cell of a rule list
 * (every rule is constant on a cell, so these headers decide any question about first-match sets).
 * Same shape as the generator in test/acl/analysis.test.ts, with named rules so versions can be compared.
 */
import fc from 'fast-check';
import { addressSetFromRanges } from '../../src/net/address-set.js';
import { ANY_PORT, ANY_SERVICE, PROTO, type ServiceMatch } from '../../src/net/ports.js';
import type { Acl, AclRule, Topology } from '../../src/topology/model.js';

const ADDRESS_POOL = [0, 10, 20, 30, 0xffffffff];
const PORT_POOL = [0, 80, 81, 65535];
const ICMP_TYPES = [0, 8, 255];

const range = (pool: number[]) =>
  fc.tuple(fc.constantFrom(...pool), fc.constantFrom(...pool)).map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as [number, number]);

export const serviceArb: fc.Arbitrary<ServiceMatch> = fc.oneof(
  fc.constant(ANY_SERVICE),
  fc.tuple(fc.constantFrom(PROTO.tcp, PROTO.udp), range(PORT_POOL), range(PORT_POOL)).map(([protocol, s, d]) => ({
    protocol,
    srcPorts: { first: s[0], last: s[1] },
    dstPorts: { first: d[0], last: d[1] },
  })),
  fc.option(fc.constantFrom(...ICMP_TYPES), { nil: undefined }).map((icmpType) => ({ protocol: PROTO.icmp, srcPorts: ANY_PORT, dstPorts: ANY_PORT, icmpType })),
  fc.constantFrom(PROTO.gre, 0).map((protocol) => ({ protocol, srcPorts: ANY_PORT, dstPorts: ANY_PORT })),
);

export const ruleBodyArb = fc.record({
  action: fc.constantFrom('permit' as const, 'deny' as const),
  src: fc.array(range(ADDRESS_POOL), { minLength: 1, maxLength: 2 }).map(addressSetFromRanges),
  dst: range(ADDRESS_POOL).map((r) => addressSetFromRanges([r])),
  services: fc.array(serviceArb, { minLength: 1, maxLength: 2 }),
});
export type RuleBody = typeof ruleBodyArb extends fc.Arbitrary<infer T> ? T : never;

export function named(bodies: readonly (RuleBody & { name?: string })[]): AclRule[] {
  return bodies.map((r, index) => ({ ...r, name: r.name ?? `r${index}`, index, location: { file: 't.yaml', line: 10 + index, column: 7 } }));
}

export function aclOf(rules: readonly AclRule[], defaultAction: 'permit' | 'deny', name = 'acl'): Acl {
  return { name, node: 'fw', binding: { type: 'interface', interface: 'in0', direction: 'in' }, defaultAction, rules: rules.map((r, index) => ({ ...r, index })), location: { file: 't.yaml', line: 5, column: 5 } };
}

/** A topology holding only a firewall "fw" with these ACLs: enough for ACL-level analyses. */
export function topologyWith(acls: readonly Acl[]): Topology {
  const fw = { name: 'fw', kind: 'firewall', zone: 'z', tags: [], inventory: {}, interfaces: new Map(), routes: [], leaks: [], location: undefined, stateful: true, acls, nat: [] };
  return {
    name: 't',
    files: ['t.yaml'],
    zones: new Map(),
    logicalNetworks: new Map(),
    segments: new Map(),
    nodes: new Map([['fw', fw]]),
    addressObjects: new Map(),
    serviceObjects: new Map(),
  } as unknown as Topology;
}

export { cellHeaders } from '../acl/cell-headers.js';

/** Seed from FC_SEED or the clock, printed so a failure can be replayed. */
export function propertySeed(what: string): number {
  const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
  console.log(`${what} seed: ${seed} (rerun with FC_SEED=${seed})`);
  return seed;
}
