/**
 * Adds to a random small topology what its generator does not draw, so the agreement property also
 * covers it: static NAT (source and destination, with and without port translation) on routers and
 * firewalls, route leaks into a second VRF (cycles included), host identities for zero-trust PEP
 * rules and data classes, interface MACs with MAC-restricted relay allowances, and strict uRPF on
 * router and firewall interfaces. The result is a new resolved Topology (plain data); numbers are drawn
 * so fast-check shrinks them.
 */
import fc from 'fast-check';
import { addressSetFromRanges } from '../../src/net/address-set.js';
import { ANY_PORT, PROTO, type ServiceMatch } from '../../src/net/ports.js';
import type { NatRule, Route, Topology, TopologyNode } from '../../src/topology/model.js';

const MACS = ['02:00:00:00:00:01', '02:00:00:00:00:02'] as const;

const natSpec = fc.record({
  destination: fc.boolean(),
  interfacePick: fc.nat(7),
  /** 0: any source; else the source's /24 segment index + 1. */
  srcSegment: fc.nat(6),
  matchSegment: fc.nat(5),
  matchOctet: fc.integer({ min: 1, max: 254 }),
  toSegment: fc.nat(5),
  toOctet: fc.integer({ min: 1, max: 254 }),
  tcpOnly: fc.boolean(),
  port: fc.option(fc.constantFrom(22, 443, 3389, 8080), { nil: undefined }),
});

const leakSpec = fc.record({
  segment: fc.nat(5),
  wide: fc.boolean(),
  /** What the route in the other VRF does: 0 via-interface, 1 drop, 2 leak back (a cycle), 3 nothing. */
  onward: fc.nat(3),
  interfacePick: fc.nat(7),
});

export const decorationSpec = fc.record({
  nat: fc.array(fc.record({ filter: fc.nat(2), rule: natSpec }), { maxLength: 4 }),
  leaks: fc.array(fc.record({ filter: fc.nat(2), leak: leakSpec }), { maxLength: 2 }),
  identities: fc.array(fc.record({ role: fc.constantFrom('staff', 'guest', undefined), posture: fc.constantFrom('managed', undefined) }), { maxLength: 4 }),
  macs: fc.array(fc.option(fc.constantFrom(...MACS), { nil: undefined }), { maxLength: 12 }),
  relayMac: fc.option(fc.constantFrom(...MACS), { nil: undefined }),
  relayIntercepts: fc.boolean(),
  pepDataClass: fc.option(fc.constantFrom('secret', 'public'), { nil: undefined }),
  /** Hosts on the PEP's client segment route its resource segment through it (else nothing is ever sent to a PEP). */
  routeThroughPep: fc.boolean(),
  /** Strict uRPF on the k-th router or firewall interface (in node, then interface order) when urpf[k] is true. */
  urpf: fc.array(fc.boolean(), { maxLength: 12 }),
});
export type DecorationSpec = ReturnType<typeof decorationSpec.generate>['value'];

const seg = (i: number, octet: number): number => (0x0a000000 | ((i & 0xff) << 8) | octet) >>> 0;

function service(tcpOnly: boolean, port: number | undefined): ServiceMatch[] {
  if (!tcpOnly) return [{ protocol: undefined, srcPorts: ANY_PORT, dstPorts: ANY_PORT }];
  return [{ protocol: PROTO.tcp, srcPorts: ANY_PORT, dstPorts: port === undefined ? ANY_PORT : { first: port, last: port } }];
}

export function decorateTopology(t: Topology, d: DecorationSpec): Topology {
  const segmentCount = t.segments.size;
  const nodes = new Map<string, TopologyNode>();
  const filters = [...t.nodes.values()].filter((n) => n.kind === 'router' || n.kind === 'firewall');
  const pep = [...t.nodes.values()].find((n) => n.kind === 'zt-pep');
  const pepClient = pep?.kind === 'zt-pep' ? pep.interfaces.get(pep.clientSide) : undefined;
  const pepResource = pep?.kind === 'zt-pep' ? pep.interfaces.get(pep.resourceSide) : undefined;
  const resourcePrefix = pepResource ? t.segments.get(pepResource.segment)?.prefix : undefined;
  let macIndex = 0;
  let hostIndex = 0;
  let filterInterfaceIndex = 0;
  for (const node of t.nodes.values()) {
    const filtering = node.kind === 'router' || node.kind === 'firewall';
    const interfaces = new Map(
      [...node.interfaces].map(([name, itf]) => {
        const urpf = filtering && d.urpf[filterInterfaceIndex++] === true;
        return [name, { ...itf, mac: d.macs[macIndex++ % Math.max(1, d.macs.length)], ...(urpf ? { urpf: 'strict' as const } : {}) }];
      }),
    );
    let decorated: TopologyNode = { ...node, interfaces } as TopologyNode;
    if (decorated.kind === 'host') {
      const id = d.identities[hostIndex++];
      if (id) decorated = { ...decorated, identity: { userRole: id.role, devicePosture: id.posture } };
      const onClientSide = [...interfaces.values()].find((i) => i.segment === pepClient?.segment);
      if (d.routeThroughPep && onClientSide && pepClient?.address !== undefined && resourcePrefix) {
        const viaPep: Route = { vrf: onClientSide.vrf, prefix: resourcePrefix, target: { type: 'via', nextHop: pepClient.address, interface: onClientSide.name }, origin: 'static', location: undefined };
        decorated = { ...decorated, routes: [...decorated.routes, viaPep] };
      }
    }
    if (decorated.kind === 'router' || decorated.kind === 'firewall') {
      const j = filters.findIndex((f) => f.name === node.name);
      const names = [...interfaces.keys()];
      const nat: NatRule[] = [...decorated.nat];
      d.nat.filter((x) => x.filter % Math.max(1, filters.length) === j).forEach((x, k) => {
        const r = x.rule;
        const matchAddress = seg(r.matchSegment % segmentCount, r.matchOctet);
        nat.push({
          name: `nat${k}`,
          type: r.destination ? 'destination' : 'source',
          interface: names[r.interfacePick % names.length] as string,
          src: r.srcSegment === 0 ? addressSetFromRanges([[0, 0xffffffff]]) : addressSetFromRanges([[seg((r.srcSegment - 1) % segmentCount, 0), seg((r.srcSegment - 1) % segmentCount, 255)]]),
          dst: r.destination ? addressSetFromRanges([[matchAddress, matchAddress]]) : addressSetFromRanges([[0, 0xffffffff]]),
          services: service(r.tcpOnly, r.port),
          translateTo: seg(r.toSegment % segmentCount, r.toOctet),
          translatePort: r.port,
          location: undefined,
        });
      });
      const routes: Route[] = [...decorated.routes];
      d.leaks.filter((x) => x.filter % Math.max(1, filters.length) === j).forEach((x) => {
        const l = x.leak;
        const prefix = { network: seg(l.segment % segmentCount, 0), length: l.wide ? 16 : 24 };
        if (l.wide) prefix.network = (prefix.network & 0xffff0000) >>> 0;
        routes.push({ vrf: 'default', prefix, target: { type: 'leak', vrf: 'blue' }, origin: 'leak', location: undefined });
        const egress = names[l.interfacePick % names.length] as string;
        if (l.onward === 0) routes.push({ vrf: 'blue', prefix: { network: seg(l.segment % segmentCount, 0), length: 24 }, target: { type: 'interface', interface: egress }, origin: 'static', location: undefined });
        if (l.onward === 1) routes.push({ vrf: 'blue', prefix, target: { type: 'drop' }, origin: 'static', location: undefined });
        if (l.onward === 2) routes.push({ vrf: 'blue', prefix: { network: 0, length: 0 }, target: { type: 'leak', vrf: 'default' }, origin: 'leak', location: undefined });
      });
      decorated = { ...decorated, nat, routes };
    }
    if (decorated.kind === 'relay') {
      const allow = decorated.allow.map((a) => ({ ...a, mac: d.relayMac }));
      if (d.relayIntercepts) allow.push({ src: addressSetFromRanges([[0, 0xffffffff]]), dst: addressSetFromRanges([[seg(0, 0), seg(0, 255)]]), services: service(true, 443), mac: undefined });
      decorated = { ...decorated, allow };
    }
    if (decorated.kind === 'zt-pep' && d.pepDataClass !== undefined) {
      const all = addressSetFromRanges([[seg(0, 0), seg(segmentCount - 1, 255)]]);
      decorated = {
        ...decorated,
        dataClasses: [{ resources: all, dataClass: d.pepDataClass }],
        rules: [{ name: 'by-class', action: 'permit', userRoles: undefined, devicePostures: ['managed'], dataClasses: ['public'], resources: all, services: [], location: undefined }, ...decorated.rules],
      };
    }
    nodes.set(node.name, decorated);
  }
  return { ...t, nodes };
}
