/**
 * The emulation plan: a pure description of the kernel objects that realise a topology — one network namespace
 * per node, every segment a bridge in one fabric namespace (each node interface a veth pair into it), addresses,
 * routes and policy rules per VRF, sysctls, and the nftables rule set of each node. Built without root and
 * without touching the system, so it can be reviewed and tested; `run.ts` carries it out.
 *
 * VRFs are realised by policy routing: every interface of a forwarding node in logical network X is looked up
 * in X's table (`ip rule iif <if> lookup <table>`), which is exactly "the VRF of a packet is the VRF of its
 * ingress interface". Kernel VRF devices would be the alternative, but they change what netfilter sees
 * (the VRF device as iif on a second pass) and are not built into every kernel.
 *
 * Strict uRPF (engine/urpf.ts) is an nftables FIB check per interface (nft.ts urpfChain). The FIB expression
 * looks up as if from `lo`, so a VRF interface marks the packet with its table number and a `fwmark` rule
 * sends that lookup to the VRF's table, the same table forwarding uses for packets entering there.
 *
 * A router or firewall answers for its NAT addresses on the segment of the interface a NAT rule is bound to
 * (engine/routing.ts ownerOf): published destination-NAT addresses and source-NAT addresses. Those within the
 * segment's prefix that no interface holds go on that interface as /32 addresses (`noprefixroute`), so it
 * answers ARP for them (arp_ignore=1 answers only for addresses of the asking interface); DNAT in prerouting
 * still translates before the route lookup, and replies are untranslated by conntrack there too, so what
 * reaches the input hook still addressed to one of them was not translated and is dropped (nft.ts), as the
 * simulator finds no route for it. Proxy ARP (`ip neigh add proxy`) cannot do this: the kernel answers for a
 * proxy entry only when the route to it leaves by another interface than the one asking.
 *
 * A host may send a probe with a source it does not own (spoofing, what uRPF stops): that source goes on its
 * `lo` as a /32; the host announces only its own addresses in ARP (arp_announce=2), so nobody on the
 * segment learns the spoofed address at the host, and accepts packets from that address's real owner
 * (accept_local=1).
 */
import {
  addressSetContains, addressSetFromPrefixes, addressSetFromRanges, addressSetIntersect, addressSetIsEmpty, addressSetMinus, addressSetSize, addressSetUnion, formatAddressSet, type AddressSet,
} from '../net/address-set.js';
import { formatIpv4, formatPrefix, prefixFirst, prefixLast, rangeToPrefixes, type Ipv4, type Prefix } from '../net/ipv4.js';
import { PROTO, type ServiceMatch } from '../net/ports.js';
import { DEFAULT_VRF, type FilteringNode, type Interface, type Route, type Topology, type TopologyNode } from '../topology/model.js';
import { buildForwarding, implicitGateway } from '../engine/routing.js';
import { routedPastOwnership } from '../engine/routed-past-ownership.js';
import { urpfSources } from '../engine/urpf.js';
import { ownAddressSet } from './intercept.js';
import { fabricNamespace, kernelIfname, nodeNamespace } from './names.js';
import { compileFilteringNode, compileGateway, compileRecorder, type GatewayAcceptance, type UrpfCheck } from './nft.js';
import { compilePep, pepIntercepts, relayIntercepts } from './intercept.js';
import { AddressOwners, roleOf, type OwnerRole } from './owners.js';
import type { Probe } from './probe.js';

export const MAIN_TABLE = 254;
/** Table holding an external's owned space as local routes, consulted for packets arriving from outside. */
export const OWNED_TABLE = 200;
export const VRF_TABLE_BASE = 1000;
export const VRF_RULE_PREF = 1000;
export const OWNED_RULE_PREF = 100;
/** Table with an external's fallback for its own packets: the implicit gateway of its segment. */
export const IMPLICIT_TABLE = 201;
/** An external's own routes live in their own table, looked up before the implicit fallback. */
export const EXTERNAL_TABLE = 202;
export const EXTERNAL_RULE_PREF = 150;
/** Destinations a PEP or transparent relay takes for itself (see intercept.ts). */
export const INTERCEPT_TABLE = 203;
export const INTERCEPT_RULE_PREF = 90;
export const IMPLICIT_RULE_PREF = 160;
/** `fwmark <table> lookup <table>`: the strict-uRPF FIB check of a VRF interface (marked with its table) uses that table. */
export const URPF_RULE_PREF = 900;
/** NAT addresses realised per interface (all of them up to this many; beyond, the ones probes and routes name). */
export const NAT_ADDRESS_SAMPLE = 64;
/** Pool members realised per host pool unless a probe needs more. */
export const DEFAULT_POOL_SAMPLE = 3;

export interface Nexthop {
  readonly via?: Ipv4 | undefined;
  readonly dev: string;
}

export interface KernelRoute {
  readonly table: number;
  readonly prefix: Prefix;
  readonly type: 'unicast' | 'blackhole' | 'unreachable' | 'local' | 'throw';
  /** Several: ECMP (multipath). */
  readonly nexthops: readonly Nexthop[];
  readonly metric?: number | undefined;
  /** Why this route exists, for reports. */
  readonly origin: string;
}

export interface KernelRule {
  readonly pref: number;
  /** Undefined: every packet; `lo`: the node's own packets. */
  readonly iif?: string | undefined;
  /** Only packets (and FIB lookups) carrying this mark. */
  readonly fwmark?: number | undefined;
  readonly table: number;
}

export interface InterfacePlan {
  /** Topology name. */
  readonly name: string;
  /** Kernel name in the node's namespace. */
  readonly ifname: string;
  readonly segment: string;
  readonly vrf: string;
  readonly table: number;
  readonly addresses: readonly Ipv4[];
  /** Addresses the node answers for by NAT on this segment (not its own): /32s, after `addresses`. */
  readonly natAddresses: readonly Ipv4[];
  readonly prefixLength: number;
  readonly mac?: string | undefined;
  /** Bridge port (the veth peer) in the fabric namespace. */
  readonly fabricPort: string;
  readonly bridge: string;
}

/** A responder socket: never on a (protocol, port) that a probe from the same node uses as its source port. */
export interface Listener {
  readonly protocol: number;
  readonly port: number;
}

export interface NodePlan {
  readonly node: string;
  readonly kind: TopologyNode['kind'];
  readonly role: OwnerRole;
  readonly namespace: string;
  readonly forwarding: boolean;
  readonly interfaces: readonly InterfacePlan[];
  /** /32 addresses on `lo`: the addresses an external sends probes from. */
  readonly loopbackAddresses: readonly Ipv4[];
  readonly routes: readonly KernelRoute[];
  readonly rules: readonly KernelRule[];
  readonly sysctls: readonly (readonly [string, string])[];
  /** The node's own rule set (firewall, router or gateway); undefined when it has none. */
  readonly policyNft: string | undefined;
  /** The whole rule set loaded into the namespace: the policy plus the probe recorder. */
  readonly nft: string;
  readonly listeners: readonly Listener[];
}

export interface BridgePlan {
  readonly name: string;
  readonly segment: string;
}

export interface EmulationPlan {
  readonly prefix: string;
  readonly topology: string;
  readonly fabricNamespace: string;
  readonly bridges: readonly BridgePlan[];
  readonly nodes: readonly NodePlan[];
  readonly warnings: readonly string[];
}

export interface PlanOptions {
  /** Run prefix (`sp` + 6 hex), see names.ts. */
  readonly prefix: string;
  /** Probes the emulation must be able to send and receive: their pool members are realised too. */
  readonly probes?: readonly Probe[] | undefined;
  readonly poolSample?: number | undefined;
  /** Distinguishes several topologies emulated in one run: namespaces become `<prefix>-<tag>-<node>`. */
  readonly tag?: string | undefined;
}

/** Pool member indexes to realise: first, middle and last (bounded), plus any a probe names. */
export function sampledMembers(count: number, sample: number, needed: Iterable<number> = []): number[] {
  const picks = new Set<number>();
  if (sample >= count) for (let i = 0; i < count; i++) picks.add(i);
  else {
    for (let k = 0; k < sample; k++) picks.add(sample === 1 ? 0 : Math.round((k * (count - 1)) / (sample - 1)));
  }
  for (const i of needed) if (i >= 0 && i < count) picks.add(i);
  return [...picks].sort((a, b) => a - b);
}

function vrfTables(topology: Topology): Map<string, number> {
  const tables = new Map<string, number>([[DEFAULT_VRF, MAIN_TABLE]]);
  const names = new Set<string>([...topology.logicalNetworks.keys(), ...[...topology.segments.values()].map((s) => s.vrf)]);
  [...names].filter((n) => n !== DEFAULT_VRF).sort().forEach((n, i) => tables.set(n, VRF_TABLE_BASE + i));
  return tables;
}

export function planEmulation(topology: Topology, options: PlanOptions): EmulationPlan {
  const warnings: string[] = [];
  const owners = new AddressOwners(topology);
  const probes = options.probes ?? [];
  const poolSample = options.poolSample ?? DEFAULT_POOL_SAMPLE;
  const tables = vrfTables(topology);
  const engineTables = buildForwarding(topology);

  const bridges: BridgePlan[] = [...topology.segments.keys()].map((segment, i) => ({ name: `b${i}`, segment }));
  const bridgeOf = new Map(bridges.map((b) => [b.segment, b.name]));

  // What the probes need: pool members, source addresses of externals, and listeners.
  const neededMembers = new Map<string, Set<number>>();
  const externalSources = new Map<string, Set<Ipv4>>();
  /** Sources a host sends from without owning them (spoofed). */
  const spoofedSources = new Map<string, Set<Ipv4>>();
  const listeners = new Map<string, Map<string, Listener>>();
  const needMember = (nodeName: string, ip: Ipv4) => {
    const node = topology.nodes.get(nodeName);
    if (node?.kind !== 'host') return;
    for (const itf of node.interfaces.values()) {
      if (itf.address !== undefined && ip >= itf.address && ip < itf.address + node.count) {
        const set = neededMembers.get(nodeName) ?? new Set<number>();
        set.add(ip - itf.address);
        neededMembers.set(nodeName, set);
      }
    }
  };
  for (const p of probes) {
    needMember(p.from, p.src);
    const sender = topology.nodes.get(p.from);
    if (sender?.kind === 'host' && !ownsAddress(sender, p.src)) {
      const set = spoofedSources.get(p.from) ?? new Set<Ipv4>();
      set.add(p.src);
      spoofedSources.set(p.from, set);
    }
    if (sender?.kind === 'external') {
      const set = externalSources.get(p.from) ?? new Set<Ipv4>();
      set.add(p.src);
      externalSources.set(p.from, set);
    }
    const dstOwner = owners.owner(p.dst);
    if (dstOwner) {
      needMember(dstOwner.node, p.dst);
      if (p.protocol === PROTO.tcp || p.protocol === PROTO.udp) {
        const map = listeners.get(dstOwner.node) ?? new Map<string, Listener>();
        map.set(`${p.protocol}/${p.dstPort}`, { protocol: p.protocol, port: p.dstPort });
        listeners.set(dstOwner.node, map);
      }
    }
  }

  // A responder holding a port in a namespace would make a probe from there with that source port fail to bind
  // (EADDRINUSE). The source port is part of the probe's verdict (ACLs match it), so the responder gives way:
  // it is only evidence of replies, the verdict comes from the recorders.
  for (const p of probes) {
    if (p.protocol !== PROTO.tcp && p.protocol !== PROTO.udp) continue;
    listeners.get(p.from)?.delete(`${p.protocol}/${p.srcPort}`);
  }

  for (const p of probes) {
    if (spoofedSources.get(p.from)?.has(p.dst)) {
      warnings.push(`${p.from}: a probe to ${formatIpv4(p.dst)}, a source it also spoofs, ends on its own lo (delivered at the sender)`);
    }
  }

  const natClaims = natAnswered(topology);
  // Addresses a NAT claim too large to realise whole still needs: probe destinations and routes' next hops.
  const natNeeded = new Set<Ipv4>(probes.map((p) => p.dst));
  for (const n of topology.nodes.values()) for (const r of n.routes) if (r.target.type === 'via') natNeeded.add(r.target.nextHop);

  let portCounter = 0;
  const nodes: NodePlan[] = [];
  for (const node of topology.nodes.values()) {
    const role = roleOf(node);
    const forwarding = role === 'forwarder' || role === 'external';
    const namespace = nodeNamespace(options.prefix, options.tag === undefined ? node.name : `${options.tag}-${node.name}`);
    const taken = new Set<string>();
    const ifnames = new Map<string, string>();
    for (const itf of node.interfaces.values()) {
      const k = kernelIfname(itf.name, taken);
      taken.add(k);
      ifnames.set(itf.name, k);
    }
    const ifname = (name: string) => ifnames.get(name) ?? name;
    // Only forwarding nodes keep VRFs apart; a host, gateway or external has one routing context.
    const tableOf = (vrf: string) => (role === 'forwarder' ? (tables.get(vrf) ?? MAIN_TABLE) : role === 'external' ? EXTERNAL_TABLE : MAIN_TABLE);

    const members = node.kind === 'host' ? sampledMembers(node.count, poolSample, neededMembers.get(node.name)) : [0];
    const interfaces: InterfacePlan[] = [...node.interfaces.values()].map((itf) => {
      const segment = topology.segments.get(itf.segment);
      return {
        name: itf.name,
        ifname: ifname(itf.name),
        segment: itf.segment,
        vrf: itf.vrf,
        table: tableOf(itf.vrf),
        addresses: itf.address === undefined ? [] : members.map((m) => itf.address! + m),
        natAddresses: realisedNat(node.name, itf.name, natClaims.get(`${node.name}|${itf.name}`), natNeeded, warnings),
        prefixLength: segment?.prefix.length ?? 32,
        mac: itf.mac,
        fabricPort: `p${portCounter++}`,
        bridge: bridgeOf.get(itf.segment) ?? 'b?',
      };
    });

    const routes = kernelRoutes(node, ifname, tableOf, warnings);
    const rules: KernelRule[] = [];
    const usedTables = new Set(interfaces.map((i) => i.table).filter((t) => t !== MAIN_TABLE && t !== EXTERNAL_TABLE));
    for (const itf of interfaces) if (usedTables.has(itf.table)) rules.push({ pref: VRF_RULE_PREF, iif: itf.ifname, table: itf.table });
    for (const table of usedTables) {
      // A VRF without a route for a destination must not fall through to the main table.
      routes.push({ table, prefix: { network: 0, length: 0 }, type: 'unreachable', nexthops: [], metric: 4294967295, origin: 'end of VRF table' });
    }
    if (node.kind === 'external') {
      // Arriving packets for owned space end here (exits-network); others are carried on by its routes
      // (transit). Its own packets use its routes first, then the implicit gateway of its first segment.
      for (const [lo, hi] of node.owns.ranges) {
        for (const prefix of rangeToPrefixes(lo, hi)) routes.push({ table: OWNED_TABLE, prefix, type: 'local', nexthops: [{ dev: 'lo' }], origin: 'owned address space' });
      }
      for (const itf of interfaces) rules.push({ pref: OWNED_RULE_PREF, iif: itf.ifname, table: OWNED_TABLE });
      // On its own segments it owns (and answers ARP for) only what no other interface or pool member holds.
      const segments = new Set([...node.interfaces.values()].map((i) => i.segment));
      const others = [...topology.nodes.values()].filter((o) => o.name !== node.name).flatMap((o) =>
        [...o.interfaces.values()].filter((i) => segments.has(i.segment) && i.address !== undefined).map((i) => [i.address!, i.address! + (o.kind === 'host' ? o.count : 1) - 1] as const),
      );
      // Nor what a router or firewall there answers for by NAT (it answers before an external does).
      const natThere = [...natClaims.values()].filter((c) => segments.has(c.segment)).map((c) => c.set);
      const heldThere = addressSetUnion(addressSetFromRanges(others), ...natThere);
      for (const [lo, hi] of heldThere.ranges) {
        for (const prefix of rangeToPrefixes(lo, hi)) routes.push({ table: OWNED_TABLE, prefix, type: 'throw', nexthops: [], origin: 'held by another node on the segment' });
      }
      // Nor what a route of its own matches more specifically than it owns (longest prefix wins; on a tie the
      // kernel keeps it, which is one of the simulator's two outcomes).
      const vrfs = new Set([...node.interfaces.values()].map((i) => i.vrf));
      const routedPast = addressSetMinus(addressSetUnion(...[...vrfs].map((v) => routedPastOwnership(engineTables, node, v).beats)), heldThere);
      for (const [lo, hi] of routedPast.ranges) {
        for (const prefix of rangeToPrefixes(lo, hi)) routes.push({ table: OWNED_TABLE, prefix, type: 'throw', nexthops: [], origin: 'routed more specifically than owned' });
      }
      rules.push({ pref: EXTERNAL_RULE_PREF, table: EXTERNAL_TABLE });
      // Its own packets that no route of its own matches: owned destinations stay inside (delivered locally),
      // any other goes to the implicit gateway.
      let ownsEverything = false;
      for (const [lo, hi] of node.owns.ranges) {
        for (const prefix of rangeToPrefixes(lo, hi)) {
          routes.push({ table: IMPLICIT_TABLE, prefix, type: 'local', nexthops: [{ dev: 'lo' }], origin: 'owned address space (own packets stay inside)' });
          if (prefix.length === 0) ownsEverything = true;
        }
      }
      const first = [...node.interfaces.values()][0];
      const gateway = first ? implicitGateway(engineTables, first.segment) : undefined;
      if (!ownsEverything && first && gateway !== undefined && !interfaces.some((i) => i.addresses.includes(gateway))) {
        routes.push({ table: IMPLICIT_TABLE, prefix: { network: 0, length: 0 }, type: 'unicast', nexthops: [{ via: gateway, dev: ifname(first.name) }], origin: 'implicit gateway of the segment' });
        routes.push({ table: IMPLICIT_TABLE, prefix: topology.segments.get(first.segment)!.prefix, type: 'unicast', nexthops: [{ dev: ifname(first.name) }], origin: 'connected (for the implicit gateway)' });
      }
      if (node.owns.ranges.length > 0 || !ownsEverything) rules.push({ pref: IMPLICIT_RULE_PREF, iif: 'lo', table: IMPLICIT_TABLE });
    }

    const intercepts = node.kind === 'zt-pep' ? pepIntercepts(node) : node.kind === 'relay' ? relayIntercepts(node) : undefined;
    if (intercepts && intercepts.ranges.length > 0 && (node.kind === 'zt-pep' || node.kind === 'relay')) {
      for (const [lo, hi] of intercepts.ranges) {
        for (const prefix of rangeToPrefixes(lo, hi)) routes.push({ table: INTERCEPT_TABLE, prefix, type: 'local', nexthops: [{ dev: 'lo' }], origin: `${node.kind} intercepts` });
      }
      const sides = node.kind === 'zt-pep' ? interfaces.filter((i) => i.name === node.clientSide) : interfaces;
      for (const itf of sides) rules.push({ pref: INTERCEPT_RULE_PREF, iif: itf.ifname, table: INTERCEPT_TABLE });
    }

    const sysctls: [string, string][] = [
      ['net.ipv4.ip_forward', forwarding ? '1' : '0'],
      ['net.ipv4.conf.all.rp_filter', '0'],
      ['net.ipv4.conf.default.rp_filter', '0'],
      // Answer ARP only for addresses configured on the asking interface: owned or intercepted space made
      // local by a route must not attract a segment's traffic.
      ['net.ipv4.conf.all.arp_ignore', '1'],
      ['net.ipv4.conf.default.arp_ignore', '1'],
      ['net.ipv6.conf.all.disable_ipv6', '1'],
      ['net.ipv6.conf.default.disable_ipv6', '1'],
      // No ICMP redirects either way: a router forwarding a packet back out of the segment it came from
      // would otherwise teach the sender a direct path that bypasses the router's ACLs for later packets.
      ['net.ipv4.conf.all.send_redirects', '0'],
      ['net.ipv4.conf.default.send_redirects', '0'],
      ['net.ipv4.conf.all.accept_redirects', '0'],
      ['net.ipv4.conf.default.accept_redirects', '0'],
    ];
    if (node.kind === 'external') {
      sysctls.push(['net.ipv4.ip_nonlocal_bind', '1']);
      // An external answers ARP for the owned addresses of its segments that nobody else holds (see the throw routes).
      sysctls.push(['net.ipv4.conf.all.arp_ignore', '0'], ['net.ipv4.conf.default.arp_ignore', '0']);
    }
    if (spoofedSources.has(node.name)) {
      // ARP requests carry the sender's own address, never a spoofed source on lo (which would teach the router
      // that the spoofed address lives here); and packets from the real owner of a spoofed address are still
      // accepted, not dropped as martians claiming a local source.
      sysctls.push(['net.ipv4.conf.all.arp_announce', '2'], ['net.ipv4.conf.default.arp_announce', '2']);
      sysctls.push(['net.ipv4.conf.all.accept_local', '1'], ['net.ipv4.conf.default.accept_local', '1']);
    }
    if (node.kind === 'external' || (intercepts && intercepts.ranges.length > 0)) {
      // With `local` routes outside the local table the kernel validates sources by a full reverse lookup, which
      // finds the sender "local" too (everything owned is) and drops the packet as a martian; accept_local stops that.
      sysctls.push(['net.ipv4.conf.all.accept_local', '1'], ['net.ipv4.conf.default.accept_local', '1']);
    }

    let policyNft: string | undefined;
    if (node.kind === 'router' || node.kind === 'firewall') {
      const urpf = urpfChecks(node, ifname, tableOf, warnings);
      for (const mark of new Set(urpf.flatMap((u) => (u.mark === undefined ? [] : [u.mark])))) rules.push({ pref: URPF_RULE_PREF, fwmark: mark, table: mark });
      const natOwned = addressSetFromRanges(interfaces.flatMap((i) => i.natAddresses.map((a) => [a, a] as const)));
      policyNft = compileFilteringNode(topology, node, ifname, urpf, natOwned);
    }
    else if (node.kind === 'zt-pep') policyNft = compilePep(topology, node, ifname);
    else if (role === 'gateway') policyNft = compileGateway(node, gatewayAcceptances(node, ifname));

    const loopbackAddresses = [...(externalSources.get(node.name) ?? []), ...(spoofedSources.get(node.name) ?? [])].sort((a, b) => a - b);
    nodes.push({
      node: node.name,
      kind: node.kind,
      role,
      namespace,
      forwarding,
      interfaces,
      loopbackAddresses,
      routes: installOrder(routes),
      rules,
      sysctls,
      policyNft,
      nft: `${policyNft ?? ''}${compileRecorder()}`,
      listeners: [...(listeners.get(node.name)?.values() ?? [])].sort((a, b) => a.protocol - b.protocol || a.port - b.port),
    });
  }
  return { prefix: options.prefix, topology: topology.name, fabricNamespace: options.tag === undefined ? fabricNamespace(options.prefix) : `${options.prefix}.${options.tag}`, bridges, nodes, warnings };
}

/** What a router or firewall answers for by NAT on the segment of one of its interfaces. */
export interface NatClaim {
  readonly node: string;
  readonly interface: string;
  readonly segment: string;
  readonly set: AddressSet;
}

/**
 * Per `node|interface`: the addresses a router or firewall answers for by NAT on that interface's segment, as
 * engine/routing.ts ownerOf decides (destination-NAT `dst` sets and source-NAT `translateTo` addresses of the
 * rules bound to the interface; an interface or pool member on the segment holding the address answers first,
 * then NAT nodes in name order), within the segment's prefix (what a neighbour asks ARP for), less its network
 * and broadcast addresses and the node's own addresses.
 */
export function natAnswered(topology: Topology): Map<string, NatClaim> {
  const out = new Map<string, NatClaim>();
  const bySegment = new Map<string, { node: TopologyNode; itf: Interface }[]>();
  const nodes = [...topology.nodes.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const node of nodes) for (const itf of node.interfaces.values()) bySegment.set(itf.segment, [...(bySegment.get(itf.segment) ?? []), { node, itf }]);
  for (const [name, attached] of bySegment) {
    const segment = topology.segments.get(name);
    if (!segment) continue;
    const first = prefixFirst(segment.prefix);
    const last = prefixLast(segment.prefix);
    const inner = segment.prefix.length <= 30 ? addressSetFromRanges([[first + 1, last - 1]]) : addressSetFromRanges([[first, last]]);
    let taken = addressSetFromRanges(attached.flatMap(({ node, itf }) => (itf.address === undefined ? [] : [[itf.address, itf.address + (node.kind === 'host' ? node.count : 1) - 1] as const])));
    for (const { node, itf } of attached) {
      if (node.kind !== 'router' && node.kind !== 'firewall') continue;
      const rules = node.nat.filter((r) => r.interface === itf.name);
      if (rules.length === 0) continue;
      const claimed = addressSetUnion(...rules.map((r) => (r.type === 'destination' ? r.dst : addressSetFromRanges([[r.translateTo, r.translateTo]]))));
      const set = addressSetMinus(addressSetIntersect(claimed, inner), addressSetUnion(taken, ownAddressSet(node)));
      if (addressSetIsEmpty(set)) continue;
      out.set(`${node.name}|${itf.name}`, { node: node.name, interface: itf.name, segment: name, set });
      taken = addressSetUnion(taken, set);
    }
  }
  return out;
}

/** The NAT addresses realised on one interface: all, or beyond NAT_ADDRESS_SAMPLE the first, the last and those needed. */
function realisedNat(node: string, itf: string, claim: NatClaim | undefined, needed: ReadonlySet<Ipv4>, warnings: string[]): Ipv4[] {
  if (!claim) return [];
  const size = addressSetSize(claim.set);
  if (size <= NAT_ADDRESS_SAMPLE) return claim.set.ranges.flatMap(([lo, hi]) => Array.from({ length: hi - lo + 1 }, (_, i) => lo + i));
  const picks = new Set<Ipv4>([claim.set.ranges[0]![0], claim.set.ranges[claim.set.ranges.length - 1]![1]]);
  for (const ip of needed) if (addressSetContains(claim.set, ip)) picks.add(ip);
  warnings.push(`${node}: answers by NAT on ${itf} for ${formatAddressSet(claim.set)} (${size} addresses); only the ${picks.size} that probes and routes name (and the first and last) are realised, so the kernel answers ARP for no other`);
  return [...picks].sort((a, b) => a - b);
}

function ownsAddress(node: TopologyNode, ip: Ipv4): boolean {
  const size = node.kind === 'host' ? node.count : 1;
  return [...node.interfaces.values()].some((i) => i.address !== undefined && ip >= i.address && ip < i.address + size);
}

/** The strict-uRPF checks of a router or firewall: per interface, the mark selecting its VRF table and what the kernel cannot check. */
function urpfChecks(node: FilteringNode, ifname: (n: string) => string, tableOf: (vrf: string) => number, warnings: string[]): UrpfCheck[] {
  const out: UrpfCheck[] = [];
  for (const itf of node.interfaces.values()) {
    if (itf.urpf !== 'strict') continue;
    const table = tableOf(itf.vrf);
    const unchecked = urpfUnchecked(node, itf);
    if (!addressSetIsEmpty(unchecked)) {
      warnings.push(`${node.name}: strict uRPF on ${itf.name} passes sources ${formatAddressSet(unchecked)} without the kernel's check: a route leak or a null route beside a route out of ${itf.name} decides them, which the kernel table cannot express`);
    }
    out.push({ interface: itf.name, ifname: ifname(itf.name), mark: table === MAIN_TABLE ? undefined : table, unchecked });
  }
  return out;
}

/**
 * Sources strict uRPF accepts (engine/urpf.ts decides which) whose longest route back the kernel's FIB cannot
 * judge as the model does: a route leak (the kernel table holds the other VRF's routes there, leaving by that
 * VRF's interfaces, while a leak counts as passing) or a null route beside a route out of the interface (the
 * kernel keeps only the null route, while any ECMP branch back counts).
 */
export function urpfUnchecked(node: TopologyNode, itf: Interface): AddressSet {
  const groups = new Map<string, { prefix: Prefix; gap: boolean }>();
  for (const r of node.routes) {
    if (r.vrf !== itf.vrf) continue;
    const key = `${r.prefix.network}/${r.prefix.length}`;
    const gap = r.target.type === 'leak' || r.target.type === 'drop';
    const g = groups.get(key);
    if (g) g.gap ||= gap;
    else groups.set(key, { prefix: r.prefix, gap });
  }
  // Longest prefix first: each decides the addresses no longer prefix has claimed.
  let claimed: AddressSet = addressSetFromRanges([]);
  const gaps: AddressSet[] = [];
  for (const g of [...groups.values()].sort((a, b) => b.prefix.length - a.prefix.length)) {
    const range = addressSetFromRanges([[prefixFirst(g.prefix), prefixLast(g.prefix)]]);
    if (g.gap) gaps.push(addressSetMinus(range, claimed));
    claimed = addressSetUnion(claimed, range);
  }
  return addressSetIntersect(addressSetUnion(...gaps), urpfSources(node, itf));
}

/** Connected, static and gateway routes per table; same-prefix routes become one multipath route (ECMP). */
function kernelRoutes(node: TopologyNode, ifname: (n: string) => string, tableOf: (vrf: string) => number, warnings: string[]): KernelRoute[] {
  const byVrf = new Map<string, Route[]>();
  for (const r of node.routes) byVrf.set(r.vrf, [...(byVrf.get(r.vrf) ?? []), r]);
  // A leak continues the lookup in another VRF: install that VRF's routes, clipped to the leaked prefixes.
  // Clipping makes a piece as specific as the leak, so each piece first gives up what longest-prefix match
  // would decide otherwise: what a more specific route of its own VRF covers (a null /16 must not shadow a
  // connected /24), and what a route of the leaking-into VRF more specific than the leak covers.
  const expanded: Route[] = [];
  const plain = (vrf: string) => (byVrf.get(vrf) ?? []).filter((x) => x.target.type !== 'leak');
  const longerThan = (routes: readonly Route[], length: number) => addressSetFromPrefixes(routes.filter((x) => x.prefix.length > length).map((x) => x.prefix));
  for (const r of node.routes) {
    if (r.target.type !== 'leak') {
      expanded.push(r);
      continue;
    }
    const leaked = addressSetMinus(addressSetFromPrefixes([r.prefix]), longerThan(plain(r.vrf), r.prefix.length));
    const sources = plain(r.target.vrf);
    for (const source of sources) {
      const clipped = addressSetMinus(addressSetIntersect(addressSetFromPrefixes([source.prefix]), leaked), longerThan(sources, source.prefix.length));
      for (const prefix of prefixesOf(clipped)) expanded.push({ ...source, vrf: r.vrf, prefix, origin: 'leak' });
    }
  }

  const groups = new Map<string, { table: number; prefix: Prefix; routes: Route[] }>();
  for (const r of expanded) {
    const table = tableOf(r.vrf);
    const key = `${table}|${r.prefix.network}/${r.prefix.length}`;
    const g = groups.get(key) ?? { table, prefix: r.prefix, routes: [] };
    g.routes.push(r);
    groups.set(key, g);
  }
  const out: KernelRoute[] = [];
  for (const g of groups.values()) {
    const drops = g.routes.filter((r) => r.target.type === 'drop');
    const forwards = g.routes.filter((r) => r.target.type === 'via' || r.target.type === 'interface');
    const origin = [...new Set(g.routes.map((r) => r.origin))].join('+');
    if (drops.length > 0 && forwards.length > 0) {
      warnings.push(`${node.name}: ${formatPrefix(g.prefix)} is both a null route and a forwarding route; the kernel keeps the null route`);
    }
    if (drops.length > 0) {
      out.push({ table: g.table, prefix: g.prefix, type: 'blackhole', nexthops: [], origin });
      continue;
    }
    const seen = new Set<string>();
    const nexthops: Nexthop[] = [];
    for (const r of forwards) {
      const t = r.target;
      const hop: Nexthop = t.type === 'via' ? { via: t.nextHop, dev: ifname(t.interface) } : t.type === 'interface' ? { dev: ifname(t.interface) } : { dev: 'lo' };
      const key = `${hop.via ?? ''}@${hop.dev}`;
      if (!seen.has(key)) nexthops.push(hop);
      seen.add(key);
    }
    if (nexthops.length > 0) out.push({ table: g.table, prefix: g.prefix, type: 'unicast', nexthops, origin });
  }
  return out;
}

/** Directly attached routes first: the kernel accepts a next hop only once a route reaches it. */
function installOrder(routes: KernelRoute[]): KernelRoute[] {
  const viaCount = (r: KernelRoute) => r.nexthops.filter((h) => h.via !== undefined).length;
  return routes.sort((a, b) => viaCount(a) - viaCount(b) || a.table - b.table || a.prefix.network - b.prefix.network || a.prefix.length - b.prefix.length);
}

function prefixesOf(set: AddressSet): Prefix[] {
  return set.ranges.flatMap(([lo, hi]) => rangeToPrefixes(lo, hi));
}

function ownAddresses(node: TopologyNode): AddressSet {
  return addressSetFromRanges([...node.interfaces.values()].flatMap((i) => (i.address === undefined ? [] : [[i.address, i.address] as const])));
}

const ALL: AddressSet = addressSetFromRanges([[0, 0xffffffff]]);

/** What each gateway kind accepts, on which side. */
export function gatewayAcceptances(node: TopologyNode, ifname: (n: string) => string): GatewayAcceptance[] {
  const own = ownAddresses(node);
  const side = (name: string, services: readonly ServiceMatch[], label: string): GatewayAcceptance => ({ ifname: ifname(name), src: ALL, dst: own, services, label });
  switch (node.kind) {
    case 'screen-transfer':
      return [side(node.clientSide, node.protocols, `screen-transfer ${node.name}: display protocols from clients on ${node.clientSide}`)];
    case 'sanitiser':
      return [side(node.inSide, node.accepts, `sanitiser ${node.name}: accepted services on in side ${node.inSide}`)];
    case 'proxy':
    case 'mail-relay':
      return [side(node.clientSide, node.accepts, `${node.kind} ${node.name}: accepted services from clients on ${node.clientSide}`)];
    case 'zt-pep':
      return [side(node.clientSide, node.accepts, `zt-pep ${node.name}: accepted services on ${node.clientSide} (identity rules are not emulated)`)];
    case 'relay':
      return node.allow.map((a, i) => ({
        ifname: undefined,
        src: a.src,
        dst: a.dst ?? own,
        services: a.services,
        mac: a.mac,
        label: `relay ${node.name}: allow entry ${i + 1}${a.mac ? ` from MAC ${a.mac}` : ''}`,
      }));
    default:
      return [];
  }
}

export function describePlan(plan: EmulationPlan): string {
  const lines = [`emulation ${plan.prefix} of "${plan.topology}": ${plan.nodes.length} namespaces + fabric ${plan.fabricNamespace} with ${plan.bridges.length} bridges`];
  for (const n of plan.nodes) {
    const nat = (i: InterfacePlan) => (i.natAddresses.length === 0 ? '' : ` (+NAT ${i.natAddresses.map(formatIpv4).join(',')})`);
    const addrs = n.interfaces.map((i) => `${i.ifname}=${i.addresses.map(formatIpv4).join(',') || 'unnumbered'}/${i.prefixLength}${nat(i)}`).join(' ');
    lines.push(`  ${n.namespace} (${n.kind}${n.forwarding ? ', forwarding' : ''}): ${addrs}`);
  }
  for (const w of plan.warnings) lines.push(`  warning: ${w}`);
  return lines.join('\n');
}

