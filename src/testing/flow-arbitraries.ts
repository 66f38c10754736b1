/**
 * fast-check arbitraries over a given topology, for users' own property tests: single packet headers,
 * flows (a sender and a header) and header sets. Values lean on where decisions change: the first and
 * last address of every segment, interface, address object and ACL rule range (and the addresses just
 * outside), the port ranges ACL rules name, so a few hundred runs meet the rule boundaries of the network.
 * Every header is well formed (ports only on TCP/UDP, type and code only on ICMP), as the engines produce.
 */
import fc from 'fast-check';
import type { Flow } from '../engine/flow.js';
import type { PacketHeader } from '../net/header.js';
import { PROTO, type ServiceMatch } from '../net/ports.js';
import { prefixFirst, prefixLast } from '../net/ipv4.js';
import { HeaderSet, WELL_FORMED, type HeaderBox, type Range } from '../symbolic/header-set.js';
import type { Topology, TopologyNode } from '../topology/model.js';
import { isEndpointNode, nodeAddresses } from '../verify/endpoints.js';
import { endpointArgument, serviceArgument, type EndpointRef, type ServiceRef } from './arguments.js';
import { failArgument } from './errors.js';
import { networkOf, type Network } from './network.js';

export interface FlowArbitraryOptions {
  /** Senders: the hosts and external networks of these references (default: every one of the topology). */
  readonly from?: EndpointRef | undefined;
  /** Destinations: addresses of these references (default: every address the topology names). */
  readonly to?: EndpointRef | undefined;
  /** Services the headers belong to (default: the services the ACLs name, and any other protocol or port). */
  readonly service?: ServiceRef | undefined;
  /** Source addresses outside the sender's own too (the attacker forges them); default false. */
  readonly forgedSources?: boolean | undefined;
}

const MAX = 0xffffffff;
const OTHER_PROTOCOLS = [PROTO.tcp, PROTO.udp, PROTO.icmp, PROTO.gre];

/** Range ends and their outside neighbours, clamped to [0, max]. */
function boundaryValues(ranges: readonly Range[], max: number): number[] {
  const out = new Set<number>();
  for (const [lo, hi] of ranges) for (const v of [lo - 1, lo, hi, hi + 1]) if (v >= 0 && v <= max) out.add(v);
  return [...out].sort((a, b) => a - b);
}

/** A value of the ranges: a boundary of them, or any value inside one. */
function valueIn(ranges: readonly Range[], max: number): fc.Arbitrary<number> {
  const inside = boundaryValues(ranges, max).filter((v) => ranges.some(([lo, hi]) => v >= lo && v <= hi));
  const anywhere = fc.constantFrom(...ranges).chain(([lo, hi]) => fc.integer({ min: lo, max: hi }));
  return inside.length > 0 ? fc.oneof(fc.constantFrom(...inside), anywhere) : anywhere;
}

/** Every address range the topology names: segments, interfaces, address objects, ACL rules, what externals own. */
function namedAddressRanges(topology: Topology): Range[] {
  const ranges: Range[] = [];
  for (const s of topology.segments.values()) ranges.push([prefixFirst(s.prefix), prefixLast(s.prefix)]);
  for (const n of topology.nodes.values()) ranges.push(...nodeAddresses(n).ranges);
  for (const set of topology.addressObjects.values()) ranges.push(...set.ranges);
  for (const rule of aclRules(topology)) ranges.push(...rule.src.ranges, ...rule.dst.ranges);
  return ranges.map(([lo, hi]) => [lo, hi] as const);
}

function aclRules(topology: Topology) {
  return [...topology.nodes.values()].flatMap((n) => ('acls' in n ? n.acls.flatMap((a) => a.rules) : []));
}

function namedServices(topology: Topology): ServiceMatch[] {
  return aclRules(topology).flatMap((r) => r.services);
}

type HeaderFields = Pick<PacketHeader, 'protocol' | 'srcPort' | 'dstPort' | 'icmpType' | 'icmpCode'>;

function serviceHeaderFields(s: ServiceMatch): fc.Arbitrary<HeaderFields> {
  const protocol = s.protocol === undefined ? fc.constantFrom(...OTHER_PROTOCOLS) : fc.constant(s.protocol);
  return protocol.chain((p): fc.Arbitrary<HeaderFields> => {
    if (p === PROTO.tcp || p === PROTO.udp) {
      return fc.record({
        protocol: fc.constant(p),
        srcPort: valueIn([[s.srcPorts.first, s.srcPorts.last]], 65535),
        dstPort: valueIn([[s.dstPorts.first, s.dstPorts.last]], 65535),
        icmpType: fc.constant(0),
        icmpCode: fc.constant(0),
      });
    }
    if (p === PROTO.icmp) {
      return fc.record({
        protocol: fc.constant(p),
        srcPort: fc.constant(0),
        dstPort: fc.constant(0),
        icmpType: s.icmpType === undefined ? fc.constantFrom(0, 3, 8, 11) : fc.constant(s.icmpType),
        icmpCode: s.icmpCode === undefined ? fc.constantFrom(0, 1, 3) : fc.constant(s.icmpCode),
      });
    }
    return fc.constant({ protocol: p, srcPort: 0, dstPort: 0, icmpType: 0, icmpCode: 0 });
  });
}

/** Protocol, ports and ICMP fields: of the given services, or of the ACLs' services and anything else. */
function headerFields(topology: Topology, services: readonly ServiceMatch[] | undefined) {
  if (services) return fc.constantFrom(...services).chain(serviceHeaderFields);
  const named = namedServices(topology);
  const any: ServiceMatch = { protocol: undefined, srcPorts: { first: 0, last: 65535 }, dstPorts: { first: 0, last: 65535 } };
  const portsNamed = boundaryValues(named.flatMap((s) => [[s.dstPorts.first, s.dstPorts.last] as const]), 65535);
  const anyWithBoundaryPorts = portsNamed.length === 0 ? serviceHeaderFields(any) : fc.tuple(serviceHeaderFields(any), fc.constantFrom(...portsNamed)).map(([h, port]) => (h.protocol === PROTO.tcp || h.protocol === PROTO.udp ? { ...h, dstPort: port } : h));
  return named.length === 0 ? anyWithBoundaryPorts : fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...named).chain(serviceHeaderFields) }, { weight: 1, arbitrary: anyWithBoundaryPorts });
}

interface Resolved {
  readonly topology: Topology;
  readonly senders: readonly TopologyNode[];
  readonly destinations: readonly Range[];
  readonly services: readonly ServiceMatch[] | undefined;
  readonly sourcesAnywhere: readonly Range[];
}

function resolve(subject: Network | Topology, options: FlowArbitraryOptions): Resolved {
  const topology = networkOf(subject).topology;
  const senders = (options.from === undefined ? [...topology.nodes.values()] : endpointArgument(topology, options.from, 'from').members).filter(isEndpointNode);
  if (senders.length === 0) failArgument('TEST003', `no host or external network in ${options.from === undefined ? `topology ${topology.name}` : `from "${String(options.from)}"`} to send flows`, 'from naming hosts or external networks', 'a flow starts at a host or an external network');
  const named = namedAddressRanges(topology);
  const destinations = options.to === undefined ? named : endpointArgument(topology, options.to, 'to').addresses.ranges.map(([lo, hi]) => [lo, hi] as const);
  if (destinations.length === 0) failArgument('TEST003', `to "${String(options.to)}" stands for no address`, 'a reference with addresses', 'name a zone, segment, node or address');
  const services = options.service === undefined ? undefined : serviceArgument(topology, options.service, 'service');
  return { topology, senders, destinations, services, sourcesAnywhere: [...named, [0, MAX]] };
}

function headerFrom(r: Resolved, sender: TopologyNode, forged: boolean): fc.Arbitrary<PacketHeader> {
  const own = nodeAddresses(sender).ranges.map(([lo, hi]) => [lo, hi] as const);
  const src = own.length === 0 || forged ? (own.length === 0 ? valueIn(r.sourcesAnywhere, MAX) : fc.oneof(valueIn(own, MAX), valueIn(r.sourcesAnywhere, MAX))) : valueIn(own, MAX);
  return fc.record({ src, dst: valueIn(r.destinations, MAX), fields: headerFields(r.topology, r.services) }).map(({ src: s, dst, fields }) => ({ src: s, dst, ...fields }));
}

/** Flows: a sender of `from` (its own address as source unless `forgedSources`) and a header to `to`. */
export function arbitraryFlow(subject: Network | Topology, options: FlowArbitraryOptions = {}): fc.Arbitrary<Flow> {
  const r = resolve(subject, options);
  return fc
    .constantFrom(...r.senders)
    .chain((sender) => headerFrom(r, sender, options.forgedSources ?? false).map((header): Flow => ({ header, start: { type: 'node', node: sender.name } })));
}

/** Packet headers as the senders of `from` would send them (see arbitraryFlow). */
export function arbitraryHeader(subject: Network | Topology, options: FlowArbitraryOptions = {}): fc.Arbitrary<PacketHeader> {
  return arbitraryFlow(subject, options).map((f) => f.header);
}

export interface HeaderSetArbitraryOptions {
  /** Boxes united into one set (default 1 to 3). */
  readonly maxBoxes?: number | undefined;
}

/**
 * Header sets: unions of boxes whose address ranges run between the boundaries the topology names, whose
 * protocol is TCP, UDP, ICMP or any, and whose ports run between the ports its ACLs name; well-formed
 * headers only. Never empty.
 */
export function arbitraryHeaderSet(subject: Network | Topology, options: HeaderSetArbitraryOptions = {}): fc.Arbitrary<HeaderSet> {
  const topology = networkOf(subject).topology;
  const addresses = boundaryValues(namedAddressRanges(topology), MAX);
  const ports = boundaryValues(namedServices(topology).flatMap((s) => [[s.dstPorts.first, s.dstPorts.last] as const]), 65535);
  const range = (values: readonly number[], max: number): fc.Arbitrary<Range> => {
    const v = values.length > 0 ? fc.oneof(fc.constantFrom(...values), fc.integer({ min: 0, max })) : fc.integer({ min: 0, max });
    return fc.tuple(v, v).map(([a, b]): Range => (a <= b ? [a, b] : [b, a]));
  };
  const box: fc.Arbitrary<HeaderBox> = fc
    .record({
      dst: fc.option(range(addresses, MAX), { nil: undefined }),
      src: fc.option(range(addresses, MAX), { nil: undefined }),
      protocol: fc.option(fc.constantFrom(PROTO.tcp, PROTO.udp, PROTO.icmp), { nil: undefined }),
      dstPort: fc.option(range(ports, 65535), { nil: undefined }),
    })
    .map((b) => {
      const ported = b.protocol === PROTO.tcp || b.protocol === PROTO.udp;
      return {
        ...(b.dst ? { dst: [b.dst] } : {}),
        ...(b.src ? { src: [b.src] } : {}),
        ...(b.protocol !== undefined ? { protocol: [[b.protocol, b.protocol] as const] } : {}),
        ...(ported && b.dstPort ? { dstPort: [b.dstPort] } : {}),
      };
    });
  return fc.array(box, { minLength: 1, maxLength: Math.max(1, options.maxBoxes ?? 3) }).map((boxes) => HeaderSet.unionAll(boxes.map((b) => HeaderSet.box(b))).intersect(WELL_FORMED));
}
