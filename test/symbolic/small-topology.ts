/**
 * Random small topologies built directly as resolved models (no YAML, so a case costs microseconds):
 * segments in a few zones, routers and firewalls with connected, static, default and null routes
 * (loops allowed), ACLs bound in/out/zone-pair with rules at awkward boundaries, destination and source
 * NAT, host pools with gateways, an external network and gateways (screen transfer, relay with MACs).
 * Drawn from a size record plus a seed so fast-check shrinks towards fewer, smaller parts.
 */
import fc from 'fast-check';
import { addressSetFromRanges, ALL_ADDRESSES, type AddressSet } from '../../src/net/address-set.js';
import { prefixFirst, prefixLast, type Ipv4, type Prefix } from '../../src/net/ipv4.js';
import { ANY_PORT, ANY_SERVICE, PROTO, type ServiceMatch } from '../../src/net/ports.js';
import { Rng } from '../../src/topology/generate/prng.js';
import type {
  Acl,
  AclRule,
  ExternalNode,
  FilteringNode,
  HostNode,
  Interface,
  NatRule,
  RelayNode,
  Route,
  ScreenTransferNode,
  Segment,
  Topology,
  TopologyNode,
  Zone,
} from '../../src/topology/model.js';

export interface SmallTopologyShape {
  readonly seed: number;
  readonly segments: number;
  readonly filters: number;
  readonly hosts: number;
  readonly aclRules: number;
  readonly nat: boolean;
  readonly external: boolean;
  readonly gateways: boolean;
}

export const smallTopologyShape: fc.Arbitrary<SmallTopologyShape> = fc.record({
  seed: fc.integer({ min: 0, max: 0x7fffffff }),
  segments: fc.integer({ min: 2, max: 5 }),
  filters: fc.integer({ min: 1, max: 3 }),
  hosts: fc.integer({ min: 1, max: 5 }),
  aclRules: fc.integer({ min: 0, max: 5 }),
  nat: fc.boolean(),
  external: fc.boolean(),
  gateways: fc.boolean(),
});

export const SERVICES: readonly ServiceMatch[] = [
  ANY_SERVICE,
  { protocol: PROTO.tcp, srcPorts: ANY_PORT, dstPorts: { first: 443, last: 443 } },
  { protocol: PROTO.tcp, srcPorts: ANY_PORT, dstPorts: { first: 1000, last: 2000 } },
  { protocol: PROTO.tcp, srcPorts: { first: 1024, last: 65535 }, dstPorts: { first: 3389, last: 3389 } },
  { protocol: PROTO.udp, srcPorts: ANY_PORT, dstPorts: { first: 53, last: 53 } },
  { protocol: PROTO.icmp, srcPorts: ANY_PORT, dstPorts: ANY_PORT, icmpType: 8 },
  { protocol: PROTO.gre, srcPorts: ANY_PORT, dstPorts: ANY_PORT },
];

const ZONES = ['A', 'B', 'C'];
const MACS = ['02:00:00:00:00:01', '02:00:00:00:00:02'];

const segmentPrefix = (i: number): Prefix => ({ network: ((10 << 24) | (i << 8)) >>> 0, length: 28 });

function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[rng.int(0, items.length - 1)] as T;
}

function subset<T>(rng: Rng, items: readonly T[], min: number): T[] {
  const out = items.filter(() => rng.next() < 0.5);
  while (out.length < min && out.length < items.length) {
    const x = pick(rng, items);
    if (!out.includes(x)) out.push(x);
  }
  return out;
}

const base = { tags: [], inventory: {}, leaks: [], location: undefined, site: undefined, description: undefined };

export function buildSmallTopology(shape: SmallTopologyShape): Topology {
  const rng = new Rng(shape.seed);
  const zones = new Map<string, Zone>(ZONES.map((z) => [z, { name: z, class: z === 'A' ? 'INET' : z === 'B' ? 'LG' : 'MN', location: undefined }]));
  const segments = new Map<string, Segment>();
  for (let i = 0; i < shape.segments; i++) {
    segments.set(`s${i}`, { name: `s${i}`, zone: pick(rng, ZONES), prefix: segmentPrefix(i), vrf: 'default', location: undefined });
  }
  const segNames = [...segments.keys()];
  const nodes = new Map<string, TopologyNode>();
  const connected = (iface: Interface): Route => ({
    vrf: iface.vrf,
    prefix: (segments.get(iface.segment) as Segment).prefix,
    target: { type: 'interface', interface: iface.name },
    origin: 'connected',
    location: undefined,
  });
  const iface = (node: string, name: string, segment: string, address: Ipv4 | undefined, mac?: string): Interface => ({
    name,
    node,
    segment,
    address,
    vrf: 'default',
    mac,
  });

  // Filtering nodes: .1, .2, .3 on the segments they join.
  const filters: { name: string; ifaces: Interface[] }[] = [];
  for (let f = 0; f < shape.filters; f++) {
    const name = `f${f}`;
    const joined = subset(rng, segNames, f === 0 ? Math.min(2, segNames.length) : 1);
    const ifaces = joined.map((seg, k) => iface(name, `e${k}`, seg, prefixFirst(segmentPrefix(Number(seg.slice(1)))) + 1 + f, rng.next() < 0.3 ? pick(rng, MACS) : undefined));
    filters.push({ name, ifaces });
  }
  const filterAddressOn = (seg: string, except?: string): Ipv4[] =>
    filters.filter((f) => f.name !== except).flatMap((f) => f.ifaces.filter((i) => i.segment === seg).map((i) => i.address as Ipv4));

  // Hosts: pools at .8 + 3j on random segments, default route via a filter on the segment.
  const hostAddresses: [Ipv4, Ipv4][] = [];
  for (let h = 0; h < shape.hosts; h++) {
    const name = `h${h}`;
    const seg = pick(rng, segNames);
    const used = [...nodes.values()].filter((n) => n.kind === 'host' && [...n.interfaces.values()][0]?.segment === seg).length;
    if (used >= 2) continue;
    const count = rng.int(1, 2);
    const address = prefixFirst(segmentPrefix(Number(seg.slice(1)))) + 8 + used * 3;
    const i = iface(name, 'eth0', seg, address, rng.next() < 0.3 ? pick(rng, MACS) : undefined);
    const routes: Route[] = [connected(i)];
    const gw = filterAddressOn(seg);
    if (gw.length > 0 && rng.next() < 0.9) {
      routes.push({ vrf: 'default', prefix: { network: 0, length: 0 }, target: { type: 'via', nextHop: pick(rng, gw), interface: 'eth0' }, origin: 'gateway', location: undefined });
    }
    hostAddresses.push([address, address + count - 1]);
    const host: HostNode = { ...base, name, kind: 'host', zone: (segments.get(seg) as Segment).zone, interfaces: new Map([['eth0', i]]), routes, role: 'server', count, listens: [], identity: {} };
    nodes.set(name, host);
  }

  // Addresses rules talk about: segment prefixes, host pools, single filter addresses, odd ranges.
  const addressChoices: AddressSet[] = [
    ALL_ADDRESSES,
    ...segNames.map((s) => addressSetFromRanges([[prefixFirst(segmentPrefix(Number(s.slice(1)))), prefixLast(segmentPrefix(Number(s.slice(1))))]])),
    ...hostAddresses.map((r) => addressSetFromRanges([r])),
    ...hostAddresses.map(([lo]) => addressSetFromRanges([[lo, lo]])),
    addressSetFromRanges([[(10 << 24) >>> 0, ((10 << 24) | 0x1ff) >>> 0]]),
  ];
  const randomRule = (i: number): AclRule => ({
    name: `r${i}`,
    index: i,
    action: rng.next() < 0.6 ? 'permit' : 'deny',
    src: pick(rng, addressChoices),
    dst: pick(rng, addressChoices),
    services: subset(rng, SERVICES, 1).slice(0, 2),
    location: undefined,
  });

  for (const [f, { name, ifaces }] of filters.entries()) {
    const routes: Route[] = ifaces.map(connected);
    for (const seg of segNames) {
      if (ifaces.some((i) => i.segment === seg) || rng.next() < 0.3) continue;
      const via = ifaces.flatMap((i) => filterAddressOn(i.segment, name).map((a) => ({ a, i })));
      const prefix = segmentPrefix(Number(seg.slice(1)));
      if (via.length > 0 && rng.next() < 0.85) {
        const { a, i } = pick(rng, via);
        routes.push({ vrf: 'default', prefix, target: { type: 'via', nextHop: a, interface: i.name }, origin: 'static', location: undefined });
        if (rng.next() < 0.2) {
          const other = pick(rng, via);
          routes.push({ vrf: 'default', prefix, target: { type: 'via', nextHop: other.a, interface: other.i.name }, origin: 'static', location: undefined });
        }
      } else {
        routes.push({ vrf: 'default', prefix, target: { type: 'drop' }, origin: 'static', location: undefined });
      }
    }
    if (rng.next() < 0.3) {
      const hostRoute = hostAddresses.length > 0 ? pick(rng, hostAddresses)[0] : undefined;
      if (hostRoute !== undefined) routes.push({ vrf: 'default', prefix: { network: hostRoute, length: 32 }, target: { type: 'drop' }, origin: 'static', location: undefined });
    }
    const acls: Acl[] = [];
    const aclCount = rng.int(0, 2);
    for (let a = 0; a < aclCount; a++) {
      const bindKind = rng.int(0, 2);
      const binding: Acl['binding'] =
        bindKind === 2
          ? { type: 'zone-pair', fromZone: pick(rng, ZONES), toZone: pick(rng, ZONES) }
          : { type: 'interface', interface: pick(rng, ifaces).name, direction: bindKind === 0 ? 'in' : 'out' };
      acls.push({
        name: `${name}-acl${a}`,
        node: name,
        binding,
        defaultAction: rng.next() < 0.5 ? 'permit' : 'deny',
        rules: Array.from({ length: rng.int(0, shape.aclRules) }, (_, i) => randomRule(i)),
        location: undefined,
      });
    }
    const nat: NatRule[] = [];
    if (shape.nat && hostAddresses.length > 0) {
      const target = pick(rng, hostAddresses)[0];
      const ingress = pick(rng, ifaces);
      const virtual = prefixFirst(segmentPrefix(Number(ingress.segment.slice(1)))) + 13;
      nat.push({
        name: `${name}-dnat`,
        type: 'destination',
        interface: ingress.name,
        src: ALL_ADDRESSES,
        dst: addressSetFromRanges([[virtual, virtual]]),
        services: [rng.next() < 0.5 ? ANY_SERVICE : (SERVICES[1] as ServiceMatch)],
        translateTo: target,
        translatePort: rng.next() < 0.5 ? 8443 : undefined,
        location: undefined,
      });
      if (rng.next() < 0.5) {
        const egress = pick(rng, ifaces);
        nat.push({ name: `${name}-snat`, type: 'source', interface: egress.name, src: pick(rng, addressChoices), dst: ALL_ADDRESSES, services: [ANY_SERVICE], translateTo: egress.address as Ipv4, translatePort: undefined, location: undefined });
      }
    }
    const node: FilteringNode = {
      ...base,
      name,
      kind: f % 2 === 0 ? 'firewall' : 'router',
      zone: (segments.get(ifaces[0]?.segment ?? 's0') as Segment).zone,
      interfaces: new Map(ifaces.map((i) => [i.name, i])),
      routes,
      stateful: true,
      acls,
      nat,
    };
    nodes.set(name, node);
  }

  if (shape.external) {
    const seg = pick(rng, segNames);
    const address = prefixFirst(segmentPrefix(Number(seg.slice(1)))) + 14;
    const i = iface('ext', 'eth0', seg, address);
    const gw = filterAddressOn(seg);
    const routes: Route[] = [connected(i)];
    if (gw.length > 0 && rng.next() < 0.5) {
      routes.push({ vrf: 'default', prefix: { network: (10 << 24) >>> 0, length: 8 }, target: { type: 'via', nextHop: pick(rng, gw), interface: 'eth0' }, origin: 'static', location: undefined });
    }
    const owns = rng.next() < 0.5 ? ALL_ADDRESSES : addressSetFromRanges([[(192 << 24) >>> 0, ((192 << 24) | 0xffffff) >>> 0]]);
    const ext: ExternalNode = { ...base, name: 'ext', kind: 'external', zone: 'A', interfaces: new Map([['eth0', i]]), routes, owns };
    nodes.set('ext', ext);
  }

  if (shape.gateways) {
    const seg = pick(rng, segNames);
    const first = prefixFirst(segmentPrefix(Number(seg.slice(1))));
    const gwRoutes = (i: Interface): Route[] => {
      const gw = filterAddressOn(i.segment);
      return gw.length > 0
        ? [connected(i), { vrf: 'default', prefix: { network: 0, length: 0 }, target: { type: 'via', nextHop: pick(rng, gw), interface: i.name }, origin: 'gateway', location: undefined }]
        : [connected(i)];
    };
    const client = iface('st', 'client', seg, first + 5);
    const hostSeg = pick(rng, segNames);
    const hostSide = iface('st', 'host', hostSeg, prefixFirst(segmentPrefix(Number(hostSeg.slice(1)))) + 6);
    const st: ScreenTransferNode = {
      ...base,
      name: 'st',
      kind: 'screen-transfer',
      zone: (segments.get(seg) as Segment).zone,
      interfaces: new Map([['client', client], ['host', hostSide]]),
      routes: [...gwRoutes(client), connected(hostSide)],
      clientSide: 'client',
      hostSide: 'host',
      protocols: [SERVICES[3] as ServiceMatch],
      targets: ALL_ADDRESSES,
      targetServices: [SERVICES[3] as ServiceMatch],
      redirection: { clipboard: { clientToHost: false, hostToClient: false }, file: { clientToHost: false, hostToClient: false }, drive: { clientToHost: false, hostToClient: false }, printer: { clientToHost: false, hostToClient: false } },
    };
    nodes.set('st', st);
    const relaySeg = pick(rng, segNames);
    const ri = iface('relay', 'eth0', relaySeg, prefixFirst(segmentPrefix(Number(relaySeg.slice(1)))) + 7);
    const relay: RelayNode = {
      ...base,
      name: 'relay',
      kind: 'relay',
      zone: (segments.get(relaySeg) as Segment).zone,
      interfaces: new Map([['eth0', ri]]),
      routes: gwRoutes(ri),
      allow: [
        { src: pick(rng, addressChoices), dst: undefined, services: [SERVICES[1] as ServiceMatch], mac: rng.next() < 0.5 ? pick(rng, MACS) : undefined },
        { src: pick(rng, addressChoices), dst: rng.next() < 0.5 ? pick(rng, addressChoices) : undefined, services: [pick(rng, SERVICES)] },
      ],
      onward: { to: ALL_ADDRESSES, services: [ANY_SERVICE] },
    };
    nodes.set('relay', relay);
  }

  return {
    name: `small-${shape.seed}`,
    files: [],
    zones,
    logicalNetworks: new Map([['default', { name: 'default' }]]),
    segments,
    nodes,
    addressObjects: new Map(),
    serviceObjects: new Map(),
  };
}

/** Every address some node answers for, plus the NAT virtual addresses and a few that nothing owns. */
export function interestingAddresses(t: Topology): Ipv4[] {
  const out = new Set<Ipv4>();
  for (const n of t.nodes.values()) {
    for (const i of n.interfaces.values()) {
      if (i.address === undefined) continue;
      const count = n.kind === 'host' ? n.count : 1;
      for (let k = 0; k < count; k++) out.add(i.address + k);
      out.add(i.address + count);
    }
    if (n.kind === 'router' || n.kind === 'firewall') for (const r of n.nat) for (const [lo, hi] of r.dst.ranges) if (hi - lo < 4) out.add(lo);
  }
  for (const s of t.segments.values()) out.add(prefixLast(s.prefix));
  out.add(((192 << 24) >>> 0) + 7);
  return [...out].sort((a, b) => a - b);
}

/**
 * The topology with, for most hosts, alike copies (same segment, MAC, routes, identity) at free addresses of
 * their segment, one to `maxCopies` each of one or two addresses: what fast paths that share one run among
 * alike senders (the flow graph, readdress check's grouped reach) must give the same answers for.
 */
export function withAlikeCopies(t: Topology, seed: number, maxCopies = 1): Topology {
  const rng = new Rng(seed);
  const used: [number, number][] = [];
  for (const n of t.nodes.values()) {
    for (const i of n.interfaces.values()) if (i.address !== undefined) used.push([i.address, i.address + (n.kind === 'host' ? n.count : 1) - 1]);
  }
  const free = (prefix: Prefix, count: number): Ipv4 | undefined => {
    for (let a = prefixLast(prefix) - count; a > prefixFirst(prefix); a--) {
      if (used.every(([lo, hi]) => a + count - 1 < lo || a > hi)) return a;
    }
    return undefined;
  };
  const nodes = new Map<string, TopologyNode>(t.nodes);
  for (const n of t.nodes.values()) {
    if (n.kind !== 'host' || rng.next() < 0.3) continue;
    const copies = rng.int(1, maxCopies);
    for (let c = 0; c < copies; c++) {
      const [ifName, iface] = [...n.interfaces][0] as [string, Interface];
      const segment = t.segments.get(iface.segment);
      const count = rng.int(1, 2);
      const address = segment && free(segment.prefix, count);
      if (address === undefined) continue;
      used.push([address, address + count - 1]);
      const name = `${n.name}-twin${c}`;
      nodes.set(name, { ...n, name, count, interfaces: new Map([[ifName, { ...iface, node: name, address }]]) });
    }
  }
  return { ...t, nodes };
}
