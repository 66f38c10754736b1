/**
 * A flow: one packet header entering the network at a start location, with optional zero-trust
 * identity. Also the text form of start locations used on the command line and in flow files:
 *
 *   node            the node originates the packet (source: its address towards the destination;
 *                   a pool's first member)
 *   node.interface  the node originates it from that interface's address
 *   segment         an unnamed host on that segment sends it (source: the first address of the
 *                   segment nothing else owns)
 *   zone:NAME       one flow per host and external network of that zone
 *
 * Any form but `zone:` may end in `@a.b.c.d` to set the source address explicitly.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { didYouMean, listNames } from '../diagnostics/diagnostic.js';
import type { PacketHeader } from '../net/header.js';
import { formatIpv4, parseIpv4, prefixFirst, prefixLast, type Ipv4 } from '../net/ipv4.js';
import { PROTO } from '../net/ports.js';
import { DEFAULT_VRF, type Topology, type TopologyNode } from '../topology/model.js';
import { isNextHopKind } from './kinds.js';
import { buildForwarding, sharedSegment, type Forwarding } from './routing.js';

export interface Identity {
  readonly userRole?: string | undefined;
  readonly devicePosture?: string | undefined;
  /** Data class of what the flow asks for; used by a zt-pep when it has no label for the resource. */
  readonly dataClass?: string | undefined;
}

/** Where a single flow starts, after `zone:` expansion. */
export type FlowStart =
  | {
      readonly type: 'node';
      readonly node: string;
      readonly interface?: string | undefined;
      /** A router, firewall, dedicated line or external network on one of the sender's segments, used as first hop whatever its routes say. */
      readonly via?: string | undefined;
      /** The source MAC the sender writes on its frames instead of its own (an attacker's forgery; a relay on its segment that pins a MAC sees it). */
      readonly mac?: string | undefined;
    }
  | {
      readonly type: 'segment';
      readonly segment: string;
      /** The attacker's unlisted device on the segment: a router, firewall, dedicated line or external network on it, used as first hop. */
      readonly via?: string | undefined;
      /** The source MAC the unnamed sender writes on its frames (as for a node). */
      readonly mac?: string | undefined;
    };

export interface Flow {
  readonly header: PacketHeader;
  readonly start: FlowStart;
  readonly identity?: Identity | undefined;
}

/** The parsed text of a start location, not yet checked against a topology. */
export type LocationSpec =
  | { readonly type: 'name'; readonly name: string; readonly source?: Ipv4 | undefined }
  | { readonly type: 'interface'; readonly node: string; readonly interface: string; readonly source?: Ipv4 | undefined }
  | { readonly type: 'zone'; readonly zone: string };

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly diagnostic: Diagnostic };

const NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

function bad(message: string, hint?: string, code: Diagnostic['code'] = 'CLI001'): { ok: false; diagnostic: Diagnostic } {
  return { ok: false, diagnostic: { code, severity: 'error', message, location: undefined, hint } };
}

export function formatLocation(spec: LocationSpec): string {
  if (spec.type === 'zone') return `zone:${spec.zone}`;
  const base = spec.type === 'name' ? spec.name : `${spec.node}.${spec.interface}`;
  return spec.source === undefined ? base : `${base}@${formatIpv4(spec.source)}`;
}

export function parseLocation(text: string): Parsed<LocationSpec> {
  const form = 'node, node.interface, segment or zone:NAME, optionally followed by @a.b.c.d';
  if (text.startsWith('zone:')) {
    const zone = text.slice(5);
    if (!NAME.test(zone)) return bad(`"${text}" is not a valid start location`, `expected ${form}`);
    return { ok: true, value: { type: 'zone', zone } };
  }
  const at = text.indexOf('@');
  const base = at < 0 ? text : text.slice(0, at);
  let source: Ipv4 | undefined;
  if (at >= 0) {
    source = parseIpv4(text.slice(at + 1));
    if (source === undefined) return bad(`"${text.slice(at + 1)}" in "${text}" is not an IPv4 address`, `expected ${form}`);
  }
  const parts = base.split('.');
  if (parts.length === 1 && NAME.test(base)) return { ok: true, value: { type: 'name', name: base, source } };
  if (parts.length === 2 && parts.every((p) => NAME.test(p))) {
    return { ok: true, value: { type: 'interface', node: parts[0] as string, interface: parts[1] as string, source } };
  }
  return bad(`"${text}" is not a valid start location`, `expected ${form}`);
}

export interface ResolvedStart {
  readonly start: FlowStart;
  /** The source address the flow uses unless the caller sets one. */
  readonly source: Ipv4 | undefined;
  /** Why that source (for the trace header). */
  readonly label: string;
}

function unknownNode(name: string, topology: Topology, what: string): { ok: false; diagnostic: Diagnostic } {
  const known = [...topology.nodes.keys(), ...topology.segments.keys()];
  const guess = didYouMean(name, known);
  return bad(
    `${what} "${name}" is neither a node nor a segment of topology ${topology.name}`,
    `${guess ? `did you mean "${guess}"? ` : ''}known nodes: ${listNames(topology.nodes.keys())}; segments: ${listNames(topology.segments.keys())}`,
    'FLOW004',
  );
}

/** The VRF a node originates in: the VRF of the interface owning the source, else `default` if it has one, else its first interface's. */
export function originVrf(node: TopologyNode, src: Ipv4 | undefined, interfaceName?: string): string {
  const ifaces = [...node.interfaces.values()];
  if (interfaceName !== undefined) return node.interfaces.get(interfaceName)?.vrf ?? DEFAULT_VRF;
  const owning = src === undefined ? undefined : ifaces.find((i) => i.address !== undefined && src >= i.address && src < i.address + (node.kind === 'host' ? node.count : 1));
  if (owning) return owning.vrf;
  if (ifaces.some((i) => i.vrf === DEFAULT_VRF)) return DEFAULT_VRF;
  return ifaces[0]?.vrf ?? DEFAULT_VRF;
}

/**
 * The source address a node uses towards `dst`: the address of the interface its route leaves by
 * (as Linux picks it), else its first numbered interface. A pool uses its first member.
 */
export function defaultSource(forwarding: Forwarding, node: TopologyNode, dst: Ipv4 | undefined): Ipv4 | undefined {
  if (dst !== undefined) {
    const branch = forwarding.lookup(node.name, originVrf(node, undefined), dst)[0];
    if (branch && (branch.type === 'forward' || branch.type === 'unresolved') && branch.egress?.address !== undefined) return branch.egress.address;
  }
  for (const iface of node.interfaces.values()) if (iface.address !== undefined) return iface.address;
  return undefined;
}

/** The lowest address of a segment (not network or broadcast) that no interface or pool member owns. */
export function freeAddressOn(forwarding: Forwarding, segmentName: string): Ipv4 | undefined {
  const segment = forwarding.topology.segments.get(segmentName);
  if (!segment) return undefined;
  const first = prefixFirst(segment.prefix);
  const last = prefixLast(segment.prefix);
  const lo = segment.prefix.length >= 31 ? first : first + 1;
  const hi = segment.prefix.length >= 31 ? last : last - 1;
  for (let ip = lo; ip <= hi; ip++) {
    const owner = forwarding.ownerOf(segmentName, ip);
    if (!owner || owner.byOwnership) return ip;
  }
  return undefined;
}

/** Expands and checks a start location against the topology. */
export function resolveStart(topology: Topology, spec: LocationSpec, dst: Ipv4 | undefined, forwarding: Forwarding = buildForwarding(topology)): Parsed<ResolvedStart[]> {
  if (spec.type === 'zone') {
    if (!topology.zones.has(spec.zone)) {
      const guess = didYouMean(spec.zone, topology.zones.keys());
      return bad(`zone "${spec.zone}" is not in topology ${topology.name}`, `${guess ? `did you mean "${guess}"? ` : ''}known zones: ${listNames(topology.zones.keys())}`, 'FLOW004');
    }
    const members = [...topology.nodes.values()]
      .filter((n) => n.zone === spec.zone && (n.kind === 'host' || n.kind === 'external'))
      .sort((a, b) => (a.name < b.name ? -1 : 1));
    if (members.length === 0) return bad(`zone "${spec.zone}" has no hosts or external networks to start from`, undefined, 'FLOW004');
    return {
      ok: true,
      value: members.map((n) => ({ start: { type: 'node', node: n.name }, source: defaultSource(forwarding, n, dst), label: `${n.name} (zone ${spec.zone})` })),
    };
  }
  if (spec.type === 'interface') {
    const node = topology.nodes.get(spec.node);
    if (!node) return unknownNode(spec.node, topology, 'start location');
    const iface = node.interfaces.get(spec.interface);
    if (!iface) {
      return bad(`node "${spec.node}" has no interface "${spec.interface}"`, `its interfaces: ${listNames(node.interfaces.keys())}`, 'FLOW004');
    }
    const source = spec.source ?? iface.address;
    return { ok: true, value: [{ start: { type: 'node', node: node.name, interface: iface.name }, source, label: `${node.name}.${iface.name}` }] };
  }
  const node = topology.nodes.get(spec.name);
  if (node) {
    const source = spec.source ?? defaultSource(forwarding, node, dst);
    return { ok: true, value: [{ start: { type: 'node', node: node.name }, source, label: node.name }] };
  }
  if (topology.segments.has(spec.name)) {
    const source = spec.source ?? freeAddressOn(forwarding, spec.name);
    return { ok: true, value: [{ start: { type: 'segment', segment: spec.name }, source, label: `an unnamed host on segment ${spec.name}` }] };
  }
  return unknownNode(spec.name, topology, 'start location');
}

/** `--to`: an address, a node (its address on the side clients use), or node.interface. */
export function resolveDestination(topology: Topology, text: string): Parsed<Ipv4> {
  const ip = parseIpv4(text);
  if (ip !== undefined) return { ok: true, value: ip };
  const parsed = parseLocation(text);
  if (!parsed.ok || parsed.value.type === 'zone' || ('source' in parsed.value && parsed.value.source !== undefined)) {
    return bad(`"${text}" is not a destination`, 'expected an IPv4 address, a node or node.interface');
  }
  const spec = parsed.value;
  const nodeName = spec.type === 'name' ? spec.name : spec.node;
  const node = topology.nodes.get(nodeName);
  if (!node) {
    const guess = didYouMean(nodeName, topology.nodes.keys());
    return bad(`destination "${nodeName}" is not a node of topology ${topology.name}`, `${guess ? `did you mean "${guess}"? ` : ''}known nodes: ${listNames(topology.nodes.keys())}`, 'FLOW004');
  }
  const ifaceName = spec.type === 'interface' ? spec.interface : servedInterface(node);
  const iface = ifaceName !== undefined ? node.interfaces.get(ifaceName) : [...node.interfaces.values()].find((i) => i.address !== undefined);
  if (!iface) return bad(`node "${nodeName}" has no interface "${ifaceName ?? ''}"`, `its interfaces: ${listNames(node.interfaces.keys())}`, 'FLOW004');
  if (iface.address === undefined) return bad(`interface ${nodeName}.${iface.name} has no address`, 'give the destination as an address', 'FLOW004');
  return { ok: true, value: iface.address };
}

/** The interface clients address on a gateway; undefined for other kinds (their first numbered interface). */
function servedInterface(node: TopologyNode): string | undefined {
  switch (node.kind) {
    case 'screen-transfer':
    case 'proxy':
    case 'mail-relay':
    case 'zt-pep':
      return node.clientSide;
    case 'sanitiser':
      return node.inSide;
    default:
      return undefined;
  }
}

export interface HeaderFields {
  readonly protocol: number;
  readonly srcPort?: number | undefined;
  readonly dstPort?: number | undefined;
  readonly icmpType?: number | undefined;
  readonly icmpCode?: number | undefined;
}

/** A header with unset fields defaulted: ephemeral source port 49152, ICMP echo request. */
export function makeHeader(src: Ipv4, dst: Ipv4, f: HeaderFields): PacketHeader {
  const ported = f.protocol === PROTO.tcp || f.protocol === PROTO.udp;
  const icmp = f.protocol === PROTO.icmp;
  return {
    src,
    dst,
    protocol: f.protocol,
    srcPort: ported ? (f.srcPort ?? 49152) : 0,
    dstPort: ported ? (f.dstPort ?? 0) : 0,
    icmpType: icmp ? (f.icmpType ?? 8) : 0,
    icmpCode: icmp ? (f.icmpCode ?? 0) : 0,
  };
}

export interface FlowRequest extends HeaderFields {
  readonly from: string;
  readonly to: string;
  readonly identity?: Identity | undefined;
  /** A router, firewall, dedicated line or external network on the sender's segment to use as first hop (the attacker's choice). */
  readonly via?: string | undefined;
}

/** Why `via` cannot be the first hop of a flow from `start`, if it cannot. */
function viaProblem(topology: Topology, start: FlowStart, via: string): string | undefined {
  if (start.type !== 'node') return `--via needs a node start, not ${start.segment}`;
  const next = topology.nodes.get(via);
  if (!next) return `--via names unknown node "${via}"`;
  if (!isNextHopKind(next)) return `--via ${via} is a ${next.kind}; a next hop is a router, firewall, dedicated line or external network`;
  const from = topology.nodes.get(start.node);
  if (!from || !sharedSegment(from, next)) return `--via ${via} shares no segment with ${start.node}`;
  return undefined;
}

/** Builds the flows a `trace` request stands for (several for a `zone:` start). */
export function flowsFor(topology: Topology, request: FlowRequest, forwarding: Forwarding = buildForwarding(topology)): Parsed<Flow[]> {
  const dst = resolveDestination(topology, request.to);
  if (!dst.ok) return dst;
  const spec = parseLocation(request.from);
  if (!spec.ok) return spec;
  const starts = resolveStart(topology, spec.value, dst.value, forwarding);
  if (!starts.ok) return starts;
  const flows: Flow[] = [];
  for (const s of starts.value) {
    if (s.source === undefined) {
      return bad(`start location ${s.label} has no source address`, `give one explicitly: ${request.from}@a.b.c.d`, 'FLOW004');
    }
    if (request.via !== undefined) {
      const problem = viaProblem(topology, s.start, request.via);
      if (problem) return bad(problem, 'name a router, firewall, dedicated line or external network attached to a segment of the sending node');
    }
    const start: FlowStart = request.via !== undefined && s.start.type === 'node' ? { ...s.start, via: request.via } : s.start;
    flows.push({ header: makeHeader(s.source, dst.value, request), start, identity: request.identity });
  }
  return { ok: true, value: flows };
}
