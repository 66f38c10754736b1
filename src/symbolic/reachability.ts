/**
 * Exhaustive reachability: propagates header sets through the topology following the packet semantics of
 * ARCHITECTURE.md ("Packet semantics"), the same rules the concrete simulator applies to one packet.
 *
 * A worklist carries (node, ingress interface, header set). Per location the set already propagated is
 * subtracted before going on, so loops terminate and every header is processed at most once per location.
 * At a filtering node: destination NAT (ingress interface, first matching rule) → longest-prefix match in
 * the ingress VRF (ECMP: every branch; leaks continue in another VRF) → ingress, zone-pair and egress ACLs
 * (all must permit; a firewall with none applicable denies) → source NAT (egress interface) → the neighbour
 * that owns the next hop (or, for a connected route, the destination) on the egress segment.
 *
 * NAT lineage: each work item remembers the rewrites it went through (with the set before each), so every
 * delivered set can be mapped back to the headers that were injected at the start (`origins`), which is
 * what a witness needs for replay. Lineages meeting at one location are merged (the first one wins): two
 * start nodes injecting the same headers, or two NAT paths, so `origins` may credit a header to one start
 * only (witness.ts re-runs single starts where that matters). The arriving sets themselves are exact.
 * Relays are keyed also by the neighbour MAC and zero-trust PEPs by the sender's identity, which they
 * decide on. Loops and the simulator's hop limit are not reported: a looping header is simply not
 * propagated again from a location that has seen it.
 *
 * Start points are nodes (their routes; an external's implicit gateway for what none matches) or segments
 * (an unnamed sender with a source address on the segment, using its implicit routes, as the simulator's
 * segment starts). On segments larger than /20 such a sender is not kept from sending to itself.
 */
import { addressSetFromRanges, type AddressSet } from '../net/address-set.js';
import { maskOf, prefixLast, type Ipv4 } from '../net/ipv4.js';
import { PROTO, type ServiceMatch } from '../net/ports.js';
import type { Disposition } from '../engine/disposition.js';
import type { Identity } from '../engine/flow.js';
import { buildForwarding, implicitGateway, interfaceRange, type Forwarding } from '../engine/routing.js';
import {
  DEFAULT_VRF,
  type Acl,
  type FilteringNode,
  type Interface,
  type NatRule,
  type PepNode,
  type RelayNode,
  type Route,
  type Topology,
  type TopologyNode,
} from '../topology/model.js';
import { isGatewayKind, isNextHopKind } from '../engine/kinds.js';
import { urpfSources } from '../engine/urpf.js';
import { routedPastOwnership } from '../engine/routed-past-ownership.js';
import { aclPermitSet, addressSetField, servicesSet } from './acl-set.js';
import { FIELD_LEVEL, HeaderSet, WELL_FORMED, type Field } from './header-set.js';
import { FALSE, IntervalBuilder, keepAcrossResets, LEVEL_MAX, onReset, rangesNode, TRUE } from './idd.js';

/**
 * A node that sends (optionally from one interface), or an unnamed host on a segment (flow.ts FlowStart).
 * A segment start with `unlisted` is the attacker's unlisted device there (verify/matrix/attacker.ts): it
 * sends with any source address (uRPF decides, as for a host) and, under `anyNextHop`, to every router,
 * firewall, dedicated line and external network on the segment; its origins are keyed by
 * `unlistedDevice(segment)` (with `>neighbour` for a chosen next hop).
 */
export type StartPoint =
  | { readonly node: string; readonly interface?: string | undefined }
  | { readonly segment: string; readonly unlisted?: boolean | undefined };

const UNLISTED_PREFIX = 'unlisted device on ';

/**
 * The source MAC of a frame the attacker sends itself (under `anyNextHop`, a host's or unlisted device's first
 * hop): it writes any MAC it likes (`ip link set address`), so a relay on its segment that pins a MAC is not
 * protected by the pin. Frames a router forwards carry the router's MAC.
 */
const FORGED_MAC = '*';

/** The name (and start key) of the attacker's unlisted device on a segment. */
export function unlistedDevice(segment: string): string {
  return `${UNLISTED_PREFIX}${segment}`;
}

/** The segment of an unlisted device's name, or undefined for any other start name. */
export function unlistedSegment(name: string): string | undefined {
  return name.startsWith(UNLISTED_PREFIX) ? name.slice(UNLISTED_PREFIX.length) : undefined;
}

export interface SymbolicSource {
  readonly starts: readonly StartPoint[];
  /** Headers injected at every start (intersected with WELL_FORMED). */
  readonly headers: HeaderSet;
}

export interface DropRecord {
  readonly node: string;
  readonly disposition: Disposition;
  readonly reason: string;
  /** Headers as they were at that node (after any NAT on the way). */
  readonly headers: HeaderSet;
}

export interface Arrival {
  /** Headers as they arrive (after NAT). */
  readonly headers: HeaderSet;
  /** Injected headers (per start node) that arrive here; see the NAT lineage note above. */
  readonly origins: ReadonlyMap<string, HeaderSet>;
}

export interface ReachabilityResult {
  /** Hosts: headers delivered to them. */
  readonly delivered: ReadonlyMap<string, Arrival>;
  /** External networks: headers that exit the network there. */
  readonly exits: ReadonlyMap<string, Arrival>;
  /** Gateways: headers they accept and terminate. */
  readonly terminated: ReadonlyMap<string, Arrival>;
  readonly dropped: readonly DropRecord[];
  readonly steps: number;
}

/** One rewrite on the way: the fields it set and the set it was applied to. */
interface Rewrite {
  readonly fields: readonly Field[];
  readonly before: HeaderSet;
}

interface Lineage {
  /** Start node name, or the segment name for an unnamed sender. */
  readonly start: string;
  readonly rewrites: readonly Rewrite[];
  /** Identity the start presents to zero-trust PEPs (the start host's, unless given). */
  readonly identity: Identity;
}

interface WorkItem {
  readonly node: TopologyNode;
  readonly ingress: Interface;
  readonly headers: HeaderSet;
  readonly lineage: Lineage;
  /** MAC of the neighbour interface that handed the packets over (relays match on it). */
  readonly fromMac: string | undefined;
}

/** Header set of destinations in a range list. */
const dstIn = (ranges: readonly (readonly [Ipv4, Ipv4])[]): HeaderSet => addressSetField('dst', addressSetFromRanges(ranges));

const PORTED = HeaderSet.box({ protocol: [[PROTO.tcp, PROTO.tcp], [PROTO.udp, PROTO.udp]] });
keepAcrossResets(PORTED.root);

/** Compiled, cached per topology: route decisions, segment owners, ACL and NAT sets. */
class Compiled {
  readonly forwarding: Forwarding;
  private readonly routeGroups = new Map<string, { headers: HeaderSet; routes: readonly Route[] }[]>();
  private readonly owners = new Map<string, { node: TopologyNode; iface: Interface; headers: HeaderSet }[]>();
  private readonly aclSets = new Map<Acl, HeaderSet>();
  private readonly natMatch = new Map<NatRule, HeaderSet>();
  private readonly ownAddresses = new Map<string, HeaderSet>();
  private readonly served = new Map<string, HeaderSet>();

  constructor(readonly topology: Topology) {
    this.forwarding = buildForwarding(topology);
  }

  /** Longest-prefix-match partition of dst for (node, vrf): each group's routes decide its headers. */
  routeGroupsOf(node: TopologyNode, vrf: string): { headers: HeaderSet; routes: readonly Route[] }[] {
    const key = `${node.name}\u0000${vrf}`;
    let groups = this.routeGroups.get(key);
    if (groups) return groups;
    const byPrefix = new Map<string, { network: number; length: number; routes: Route[] }>();
    for (const r of node.routes) {
      if (r.vrf !== vrf) continue;
      const k = `${r.prefix.network}/${r.prefix.length}`;
      const g = byPrefix.get(k);
      if (g) g.routes.push(r);
      else byPrefix.set(k, { network: r.prefix.network, length: r.prefix.length, routes: [r] });
    }
    const sorted = [...byPrefix.values()].sort((a, b) => b.length - a.length);
    let claimed = HeaderSet.EMPTY;
    groups = [];
    for (const g of sorted) {
      const prefixSet = dstIn([[g.network, prefixLast({ network: g.network, length: g.length })]]);
      const decided = prefixSet.minus(claimed);
      claimed = claimed.union(prefixSet);
      if (!decided.isEmpty()) groups.push({ headers: decided, routes: g.routes });
    }
    this.routeGroups.set(key, groups);
    return groups;
  }

  /**
   * Who answers for which destinations on a segment. Rather than restate forwarding.ownerOf's rules
   * (interface addresses, published NAT addresses, what externals own, in its priority order), ownerOf is
   * asked once per elementary interval between every boundary those rules can have: it is constant on each.
   */
  ownersOf(segment: string): { node: TopologyNode; iface: Interface; headers: HeaderSet }[] {
    let list = this.owners.get(segment);
    if (list) return list;
    const bounds = new Set<number>([0]);
    const addRange = (lo: number, hi: number) => {
      bounds.add(lo);
      if (hi < 0xffffffff) bounds.add(hi + 1);
    };
    for (const { node, interface: iface } of this.forwarding.attached(segment)) {
      const range = interfaceRange(node, iface);
      if (range) addRange(range[0], range[1]);
      if (node.kind === 'external') for (const [lo, hi] of node.owns.ranges) addRange(lo, hi);
      if (node.kind === 'router' || node.kind === 'firewall') {
        for (const r of node.nat) {
          for (const [lo, hi] of r.dst.ranges) addRange(lo, hi);
          addRange(r.translateTo, r.translateTo);
        }
      }
    }
    const sorted = [...bounds].sort((x, y) => x - y);
    const byOwner = new Map<string, { node: TopologyNode; iface: Interface; ranges: [number, number][] }>();
    sorted.forEach((lo, i) => {
      const hi = i + 1 < sorted.length ? (sorted[i + 1] as number) - 1 : 0xffffffff;
      const owner = this.forwarding.ownerOf(segment, lo);
      if (!owner) return;
      const key = `${owner.node.name}\u0000${owner.interface.name}`;
      const entry = byOwner.get(key) ?? { node: owner.node, iface: owner.interface, ranges: [] };
      entry.ranges.push([lo, hi]);
      byOwner.set(key, entry);
    });
    list = [...byOwner.values()].map((e) => ({ node: e.node, iface: e.iface, headers: dstIn(e.ranges) }));
    this.owners.set(segment, list);
    return list;
  }

  ownerOfAddress(segment: string, ip: Ipv4): { node: TopologyNode; iface: Interface } | undefined {
    const o = this.forwarding.ownerOf(segment, ip);
    return o ? { node: o.node, iface: o.interface } : undefined;
  }

  private readonly egressAclLists = new Map<FilteringNode, Map<Interface | undefined, Map<Interface, EgressAcls>>>();

  /** egressAclsOf, memoised per (node, ingress, egress): the same lists every time a packet takes that way. */
  egressAcls(node: FilteringNode, ingress: Interface | undefined, egress: Interface): EgressAcls {
    let byIngress = this.egressAclLists.get(node);
    if (!byIngress) this.egressAclLists.set(node, (byIngress = new Map()));
    let byEgress = byIngress.get(ingress);
    if (!byEgress) byIngress.set(ingress, (byEgress = new Map()));
    let lists = byEgress.get(egress);
    if (!lists) byEgress.set(egress, (lists = egressAclsOf(this.topology, node, ingress, egress)));
    return lists;
  }

  acl(acl: Acl): HeaderSet {
    let s = this.aclSets.get(acl);
    if (!s) {
      const memo = activeMemo;
      s = memo?.aclPermitSet ? memo.aclPermitSet(acl, () => aclPermitSet(acl)) : aclPermitSet(acl);
      this.aclSets.set(acl, s);
    }
    return s;
  }

  nat(rule: NatRule): HeaderSet {
    let s = this.natMatch.get(rule);
    if (!s) {
      s = addressSetField('src', rule.src).intersect(addressSetField('dst', rule.dst)).intersect(servicesSet(rule.services));
      this.natMatch.set(rule, s);
    }
    return s;
  }

  /** Destinations a node answers for by interface address (pools: every member). */
  ownDst(node: TopologyNode): HeaderSet {
    let s = this.ownAddresses.get(node.name);
    if (!s) {
      const ranges = [...node.interfaces.values()].flatMap((i) => {
        const r = interfaceRange(node, i);
        return r ? [r] : [];
      });
      this.ownAddresses.set(node.name, (s = dstIn(ranges)));
    }
    return s;
  }

  /** Headers a relay accepts from a neighbour whose interface has `fromMac` (allowances with a MAC fail closed; an attacker's own frame matches any). */
  relayAccepts(node: RelayNode, fromMac: string | undefined): HeaderSet {
    const own = this.ownDst(node);
    return HeaderSet.unionAll(
      node.allow
        .filter((a) => a.mac === undefined || fromMac === FORGED_MAC || (fromMac !== undefined && a.mac.toLowerCase() === fromMac.toLowerCase()))
        .map((a) => addressSetField('src', a.src).intersect(a.dst === undefined ? own : addressSetField('dst', a.dst)).intersect(servicesSet(a.services))),
    );
  }

  /** Destinations whose route lookup in (node, vrf) has a branch forwarded out of `egressName`. */
  forwardsVia(node: TopologyNode, vrf: string, egressName: string, vrfsSeen: readonly string[] = [vrf]): HeaderSet {
    const parts: HeaderSet[] = [];
    for (const group of this.routeGroupsOf(node, vrf)) {
      for (const r of group.routes) {
        const t = r.target;
        if (t.type === 'leak') {
          if (!vrfsSeen.includes(t.vrf)) parts.push(group.headers.intersect(this.forwardsVia(node, t.vrf, egressName, [...vrfsSeen, t.vrf])));
        } else if (t.type !== 'drop' && t.interface === egressName) {
          const egress = node.interfaces.get(t.interface);
          if (!egress) continue;
          if (t.type === 'via') {
            const owner = this.ownerOfAddress(egress.segment, t.nextHop);
            if (owner && owner.node.name !== node.name) parts.push(group.headers);
          } else {
            for (const o of this.ownersOf(egress.segment)) if (o.node.name !== node.name) parts.push(group.headers.intersect(o.headers));
          }
        }
      }
    }
    return HeaderSet.unionAll(parts);
  }

  /** Headers a PEP admits on its client side for one identity: accepted services, resources behind it, first matching rule. */
  pepAdmits(node: PepNode, vrf: string, identity: Identity): HeaderSet {
    const key = `${node.name}\u0000${vrf}\u0000${identity.userRole ?? ''}\u0000${identity.devicePosture ?? ''}\u0000${identity.dataClass ?? ''}`;
    let s = this.served.get(key);
    if (s) return s;
    const listed = (values: readonly string[] | undefined, value: string | undefined) => values === undefined || (value !== undefined && values.includes(value));
    // Data class by destination: the PEP's own labels (first label wins), else what the identity declares.
    const classes: { dst: HeaderSet; dataClass: string | undefined }[] = [];
    let unlabelled = HeaderSet.ALL;
    for (const d of node.dataClasses) {
      const dst = addressSetField('dst', d.resources).intersect(unlabelled);
      unlabelled = unlabelled.minus(dst);
      classes.push({ dst, dataClass: d.dataClass });
    }
    classes.push({ dst: unlabelled, dataClass: identity.dataClass });
    let decided = HeaderSet.EMPTY;
    let permitted = HeaderSet.EMPTY;
    for (const rule of node.rules) {
      if (!listed(rule.userRoles, identity.userRole) || !listed(rule.devicePostures, identity.devicePosture)) continue;
      const dcOk = HeaderSet.unionAll(classes.filter((c) => listed(rule.dataClasses, c.dataClass)).map((c) => c.dst));
      let match = dcOk.intersect(addressSetField('dst', rule.resources));
      if (rule.services.length > 0) match = match.intersect(servicesSet(rule.services));
      const fresh = match.minus(decided);
      decided = decided.union(match);
      if (rule.action === 'permit') permitted = permitted.union(fresh);
    }
    if (node.defaultAction === 'permit') permitted = permitted.union(decided.complement());
    s = permitted
      .intersect(servicesSet(node.accepts))
      .intersect(this.forwardsVia(node, vrf, node.resourceSide))
      .minus(this.ownDst(node));
    this.served.set(key, s);
    return s;
  }

  /** Headers a gateway accepts when they arrive on `ingress`. */
  servedBy(node: TopologyNode, ingress: Interface): HeaderSet {
    const key = `${node.name}\u0000${ingress.name}`;
    let s = this.served.get(key);
    if (s) return s;
    const own = this.ownDst(node);
    const side = (name: string, services: readonly ServiceMatch[]) => (ingress.name === name ? own.intersect(servicesSet(services)) : HeaderSet.EMPTY);
    switch (node.kind) {
      case 'screen-transfer':
        s = side(node.clientSide, node.protocols);
        break;
      case 'sanitiser':
        s = side(node.inSide, node.accepts);
        break;
      case 'proxy':
      case 'mail-relay':
      case 'zt-pep':
        s = side(node.clientSide, node.accepts);
        break;
      default:
        s = HeaderSet.EMPTY;
    }
    this.served.set(key, s);
    return s;
  }
}

/** The zone-pair and `out` ACLs a packet meets leaving `egress` of a filtering node after entering on `ingress`. */
export interface EgressAcls {
  readonly zoneAcls: readonly Acl[];
  readonly outAcls: readonly Acl[];
}

/** The definition (the slow twin of Compiled.egressAcls): the node's ACLs bound to the zone pair and to `egress` out. */
export function egressAclsOf(topology: Topology, node: FilteringNode, ingress: Interface | undefined, egress: Interface): EgressAcls {
  const fromZone = ingress ? topology.segments.get(ingress.segment)?.zone : undefined;
  const toZone = topology.segments.get(egress.segment)?.zone;
  const zoneAcls =
    fromZone !== undefined && toZone !== undefined
      ? node.acls.filter((a) => a.binding.type === 'zone-pair' && a.binding.fromZone === fromZone && a.binding.toZone === toZone)
      : [];
  const outAcls = node.acls.filter((a) => a.binding.type === 'interface' && a.binding.direction === 'out' && a.binding.interface === egress.name);
  return { zoneAcls, outAcls };
}

/** What a run of `topology` reads for (node, ingress, egress): the memoised lists (compared with egressAclsOf by a property test). */
export function egressAclsFor(topology: Topology, node: FilteringNode, ingress: Interface | undefined, egress: Interface): EgressAcls {
  return compiledFor(topology).egressAcls(node, ingress, egress);
}

let compiledCache = new WeakMap<Topology, Compiled>();
/** Headers with src = dst inside one address range (a segment's unnamed sender never sends to itself), by range. */
let diagonals = new Map<string, HeaderSet>();
onReset(() => {
  compiledCache = new WeakMap();
  diagonals = new Map();
});

function diagonalOf(first: number, last: number): HeaderSet {
  const key = `${first}-${last}`;
  let d = diagonals.get(key);
  if (!d) {
    d = diagonalSet(first, last);
    if (diagonals.size > 10_000) diagonals.clear();
    diagonals.set(key, d);
  }
  return d;
}

/**
 * Headers with src = dst in [first, last], built as its canonical diagram in one pass (dst intervals of one
 * address, each with the src interval of the same address): uniting one box per address, the obvious twin a
 * test holds it to, took milliseconds per /24 segment.
 */
export function diagonalSet(first: number, last: number): HeaderSet {
  const dst = new IntervalBuilder(FIELD_LEVEL.dst);
  if (first > 0) dst.push(first - 1, FALSE);
  for (let a = first; a <= last; a++) dst.push(a, rangesNode(FIELD_LEVEL.src, [[a, a]], TRUE));
  if (last < (LEVEL_MAX[FIELD_LEVEL.dst] as number)) dst.push((LEVEL_MAX[FIELD_LEVEL.dst] as number), FALSE);
  return HeaderSet.of(dst.build());
}

function compiledFor(topology: Topology): Compiled {
  let c = compiledCache.get(topology);
  if (!c) compiledCache.set(topology, (c = new Compiled(topology)));
  return c;
}

class ArrivalBuilder {
  headers = HeaderSet.EMPTY;
  readonly origins = new Map<string, HeaderSet>();
}

function originOf(headers: HeaderSet, lineage: Lineage): HeaderSet {
  let s = headers;
  for (let i = lineage.rewrites.length - 1; i >= 0; i--) {
    const r = lineage.rewrites[i] as Rewrite;
    for (const f of r.fields) s = s.forget(f);
    s = s.intersect(r.before);
  }
  return s;
}

/** Applies NAT rules of one type on one interface, first match; returns the pieces with their lineage. */
function applyNat(
  compiled: Compiled,
  node: FilteringNode,
  type: 'source' | 'destination',
  ifaceName: string,
  headers: HeaderSet,
  lineage: Lineage,
  skipIdentity = false,
): { headers: HeaderSet; lineage: Lineage }[] {
  const rules = node.nat.filter((r) => r.type === type && r.interface === ifaceName);
  if (rules.length === 0) return [{ headers, lineage }];
  const out: { headers: HeaderSet; lineage: Lineage }[] = [];
  let rest = headers;
  for (const rule of rules) {
    const hit = rest.intersect(compiled.nat(rule));
    if (hit.isEmpty()) continue;
    rest = rest.minus(hit);
    const addrField: Field = type === 'destination' ? 'dst' : 'src';
    const portField: Field = type === 'destination' ? 'dstPort' : 'srcPort';
    let rewritten = hit.assign(addrField, rule.translateTo);
    const fields: Field[] = [addrField];
    if (rule.translatePort !== undefined) {
      // Only TCP/UDP carry ports; other protocols keep their (zero) ports.
      const ported = rewritten.intersect(PORTED);
      rewritten = rewritten.minus(ported).union(ported.assign(portField, rule.translatePort));
      fields.push(portField);
    }
    // A rewrite that changes nothing (the headers already carry the translated values) needs no lineage of its own.
    if (skipIdentity && rewritten.equals(hit)) {
      out.push({ headers: hit, lineage });
      continue;
    }
    out.push({ headers: rewritten, lineage: { ...lineage, rewrites: [...lineage.rewrites, { fields, before: hit }] } });
  }
  if (!rest.isEmpty()) out.push({ headers: rest, lineage });
  return out;
}

export interface ReachabilityOptions {
  /** Stop after this many work items (a guard); default 1e6. */
  readonly maxSteps?: number;
  /**
   * The attacker's choice of next hop: a host start also hands its packets straight to every router,
   * firewall, dedicated line and external network on each of its segments, whatever its own routes say.
   * Those arrivals are credited to the start key `host>neighbour` (startKey/parseStartKey), so witnesses can
   * replay them.
   */
  readonly anyNextHop?: boolean;
  /**
   * Propagate replies of sessions the network already accepted: stateful firewalls pass them without ACLs
   * (whichever firewall it is: an over-approximation, never an under-), stateless routers still filter,
   * NAT is not applied (callers check only sessions that were not translated), and a gateway takes
   * packets for its own addresses as the answers to the sessions it opened.
   */
  readonly replies?: boolean;
  /** Identity every start presents to zero-trust PEPs; default: the start host's own (as the simulator). */
  readonly identity?: Identity;
  /**
   * Keep translated paths apart so that `origins` is exact: a location's seen-set is kept per NAT lineage
   * (the rewrites a work item went through), so headers that coincide only after translation go on along
   * every lineage, and every injected header that reaches a node is credited to a start key of its node.
   * By default the first lineage at a location wins (cheaper; the arriving sets are exact either way, and
   * origins then under-approximate where translated paths meet). Lineages deeper than 16 rewrites merge.
   */
  readonly exactOrigins?: boolean;
  /**
   * Record where headers drop (`dropped`); default true. Arrivals are the same either way (a property test
   * holds the two to the same result); callers that never read `dropped` turn it off and save building the
   * dropped sets.
   */
  readonly drops?: boolean;
}

/**
 * What a run reads, for caches that reuse a run on another version of a topology (src/diff/cache.ts): the
 * nodes and segments whose configuration it consulted, and the headers each ACL and routing table saw.
 */
export interface ReachabilityObserver {
  /** A node whose configuration the run read: a start, or a node packets arrived at. */
  node(name: string): void;
  /** A segment whose attachments, owners, implicit gateway or zone the run read. */
  segment(name: string): void;
  /** Headers an ACL of `node` was applied to. */
  acl(node: string, acl: string, headers: HeaderSet): void;
  /** Headers looked up in the routes of `node` in `vrf`. */
  routes(node: string, vrf: string, headers: HeaderSet): void;
  /** Address translation rewrote some headers (injected and arriving headers then differ). */
  translated?(): void;
}

/** A cache of runs, consulted by computeReachability while installed with withReachabilityMemo. */
export interface ReachabilityMemo {
  /** A result for this run, if the memo can prove it identical to what the run would compute. */
  lookup(topology: Topology, source: SymbolicSource, options: ReachabilityOptions): ReachabilityResult | undefined;
  /** Before a run lookup did not answer: an observer for it, and `done` with its result. */
  begin(topology: Topology, source: SymbolicSource, options: ReachabilityOptions): { readonly observer: ReachabilityObserver; done(result: ReachabilityResult): void } | undefined;
  /** The permit set of an ACL (e.g. from another topology with an ACL of the same content), or `compute()`. */
  aclPermitSet?(acl: Acl, compute: () => HeaderSet): HeaderSet;
  /** A value derived from the topology's core and `inputs` alone (see derivedFromRuns), or `compute()`. */
  derived?<T>(topology: Topology, key: string, inputs: readonly object[], compute: () => T): T;
}

let activeMemo: ReachabilityMemo | undefined;

/** Runs `fn` with `memo` consulted by every computeReachability call in it (nested calls restore the outer memo). */
export function withReachabilityMemo<T>(memo: ReachabilityMemo | undefined, fn: () => T): T {
  const previous = activeMemo;
  activeMemo = memo;
  try {
    return fn();
  } finally {
    activeMemo = previous;
  }
}

/**
 * A value computed from run results (and values derived from them) and from the topology's core alone (all
 * but ACL rule contents and forwarders' routes: diff/fingerprint.ts), with no run of its own inside `compute`:
 * the installed memo hands back the value computed for the same core, key and inputs (by identity: a memo
 * returns the very result object for a run it proves unchanged), so another version of a topology rebuilds
 * only what its changed runs feed. Without a memo, or with one that keeps none, `compute()`.
 */
export function derivedFromRuns<T>(topology: Topology, key: string, inputs: readonly object[], compute: () => T): T {
  const memo = activeMemo;
  return memo?.derived ? memo.derived(topology, key, inputs, compute) : compute();
}

const MAX_KEYED_REWRITES = 16;

function lineageKey(lineage: Lineage): string {
  const r = lineage.rewrites;
  if (r.length === 0 || r.length > MAX_KEYED_REWRITES) return '';
  return r.map((w) => `${w.fields.join(',')}:${w.before.root.id}`).join('/');
}

/** Implicit routes for what no route matches (routing.ts implicitRoutes); `keep` first takes what stays put. */
interface Fallback {
  readonly iface: Interface;
  readonly keep?: (unrouted: HeaderSet) => HeaderSet;
}

type EgressPolicy = (egress: Interface, headers: HeaderSet, lineage: Lineage) => { headers: HeaderSet; lineage: Lineage }[];

/** Exact sets of headers from `source` that reach each host, external network and gateway, and where the rest drop. */
export function computeReachability(topology: Topology, source: SymbolicSource, options: ReachabilityOptions = {}): ReachabilityResult {
  const memo = activeMemo;
  const reused = memo?.lookup(topology, source, options);
  if (reused) return reused;
  const session = memo?.begin(topology, source, options);
  const obs = session?.observer;
  const compiled = compiledFor(topology);
  const maxSteps = options.maxSteps ?? 1_000_000;
  const delivered = new Map<string, ArrivalBuilder>();
  const exits = new Map<string, ArrivalBuilder>();
  const terminated = new Map<string, ArrivalBuilder>();
  const drops = new Map<string, { node: string; disposition: Disposition; reason: string; headers: HeaderSet }>();
  const visited = new Map<string, HeaderSet>();
  const work: WorkItem[] = [];
  let steps = 0;

  const record = (into: Map<string, ArrivalBuilder>, node: string, headers: HeaderSet, lineage: Lineage) => {
    if (headers.isEmpty()) return;
    let a = into.get(node);
    if (!a) into.set(node, (a = new ArrivalBuilder()));
    a.headers = a.headers.union(headers);
    const origin = originOf(headers, lineage);
    a.origins.set(lineage.start, (a.origins.get(lineage.start) ?? HeaderSet.EMPTY).union(origin));
  };
  // Where headers drop is output only: nothing in the run reads it back, so a caller that reads only the
  // arrivals (drops: false) skips computing the dropped sets and their reasons.
  const keepDrops = options.drops !== false;
  const drop = (node: string, disposition: Disposition, reason: string, headers: HeaderSet) => {
    if (!keepDrops || headers.isEmpty()) return;
    const key = `${node}\u0000${disposition}\u0000${reason}`;
    const d = drops.get(key);
    if (d) d.headers = d.headers.union(headers);
    else drops.set(key, { node, disposition, reason, headers });
  };

  // Hosts never forward, so a hand-off from a host (or the unnamed sender of a segment start) is the sender's own frame.
  const forgesMac = (from: string) => options.anyNextHop === true && (topology.nodes.get(from)?.kind ?? 'host') === 'host';
  /** Hands `part` leaving `egress` of `from` to the neighbour `to` (after the egress policy). */
  const handOff = (from: string, egress: Interface, to: { node: TopologyNode; iface: Interface }, part: HeaderSet, lineage: Lineage, egressPolicy: EgressPolicy) => {
    if (to.node.name === from) {
      if (keepDrops) drop(from, 'no-route', `next hop is ${from}'s own address`, part);
      return;
    }
    for (const piece of egressPolicy(egress, part, lineage)) {
      if (!piece.headers.isEmpty()) work.push({ node: to.node, ingress: to.iface, headers: piece.headers, lineage: piece.lineage, fromMac: forgesMac(from) ? FORGED_MAC : egress.mac });
    }
  };

  /** Sends `part` out of `egress` towards the destination itself (a connected route): to whoever owns it. */
  const onLink = (from: string, egress: Interface, part: HeaderSet, lineage: Lineage, egressPolicy: EgressPolicy) => {
    obs?.segment(egress.segment);
    let left = part;
    for (const owner of compiled.ownersOf(egress.segment)) {
      const mine = left.intersect(owner.headers);
      if (mine.isEmpty()) continue;
      left = left.minus(mine);
      handOff(from, egress, owner, mine, lineage, egressPolicy);
    }
    if (keepDrops) drop(from, 'no-route', `nothing on segment ${egress.segment} owns the destination`, left);
  };

  /**
   * Longest-prefix match in `vrf` and hand-off to neighbours. `fallback`: the interface whose segment's
   * implicit routes (routing.ts implicitRoutes) carry what no route matches (senders without a table).
   */
  const route = (
    from: string,
    node: TopologyNode | undefined,
    vrf: string,
    headers: HeaderSet,
    lineage: Lineage,
    egressPolicy: EgressPolicy,
    vrfsSeen: readonly string[],
    fallback?: Fallback,
  ) => {
    let unrouted = headers;
    if (node) obs?.routes(node.name, vrf, headers);
    for (const group of node ? compiled.routeGroupsOf(node, vrf) : []) {
      const portion = headers.intersect(group.headers);
      if (portion.isEmpty()) continue;
      unrouted = unrouted.minus(portion);
      for (const r of group.routes) {
        const target = r.target;
        if (target.type === 'drop') {
          if (keepDrops) drop(from, 'null-routed', `null route ${prefixText(r)}`, portion);
        } else if (target.type === 'leak') {
          if (vrfsSeen.includes(target.vrf)) drop(from, 'loop', `route leak cycle ${[...vrfsSeen, target.vrf].join(' > ')}`, portion);
          else route(from, node, target.vrf, portion, lineage, egressPolicy, [...vrfsSeen, target.vrf]);
        } else {
          const egress = node?.interfaces.get(target.interface);
          if (!egress) drop(from, 'no-route', `route names unknown interface ${target.interface}`, portion);
          else if (target.type === 'interface') onLink(from, egress, portion, lineage, egressPolicy);
          else {
            obs?.segment(egress.segment);
            const owner = compiled.ownerOfAddress(egress.segment, target.nextHop);
            if (owner) handOff(from, egress, owner, portion, lineage, egressPolicy);
            else drop(from, 'no-route', `nothing on segment ${egress.segment} owns the next hop`, portion);
          }
        }
      }
    }
    if (fallback?.keep && !unrouted.isEmpty()) unrouted = fallback.keep(unrouted);
    if (fallback && !unrouted.isEmpty()) {
      obs?.segment(fallback.iface.segment);
      const segment = topology.segments.get(fallback.iface.segment);
      if (segment) {
        const local = unrouted.intersect(dstIn([[segment.prefix.network, prefixLast(segment.prefix)]]));
        onLink(from, fallback.iface, local, lineage, egressPolicy);
        unrouted = unrouted.minus(local);
        const gateway = implicitGateway(compiled.forwarding, fallback.iface.segment);
        const owner = gateway === undefined ? undefined : compiled.ownerOfAddress(fallback.iface.segment, gateway);
        if (owner && !unrouted.isEmpty()) {
          handOff(from, fallback.iface, owner, unrouted, lineage, egressPolicy);
          unrouted = HeaderSet.EMPTY;
        }
      }
    }
    if (keepDrops) drop(from, 'no-route', `no route in vrf ${vrf}`, unrouted);
  };

  /** Egress checks of a filtering node for a packet that entered on `ingress` (undefined: originated there). */
  const filteringEgress = (node: FilteringNode, ingress: Interface | undefined): EgressPolicy => (egress, headers, lineage) => {
    if (options.replies && node.kind === 'firewall' && node.stateful) return [{ headers, lineage }];
    let pass = headers;
    const inAcls = ingress ? ingressAcls(node, ingress) : [];
    if (obs) {
      if (ingress) obs.segment(ingress.segment);
      obs.segment(egress.segment);
    }
    const { zoneAcls, outAcls } = compiled.egressAcls(node, ingress, egress);
    if (ingress && node.kind === 'firewall' && inAcls.length + zoneAcls.length + outAcls.length === 0) {
      if (keepDrops) drop(node.name, 'denied-in', `firewall has no policy from ${ingress.name} to ${egress.name}`, pass);
      return [];
    }
    for (const acl of inAcls.length === 0 ? zoneAcls : zoneAcls.length === 0 ? inAcls : [...inAcls, ...zoneAcls]) {
      obs?.acl(node.name, acl.name, pass);
      const permitted = pass.intersect(compiled.acl(acl));
      if (keepDrops) drop(node.name, 'denied-in', `acl ${acl.name}`, pass.minus(permitted));
      pass = permitted;
    }
    for (const acl of outAcls) {
      obs?.acl(node.name, acl.name, pass);
      const permitted = pass.intersect(compiled.acl(acl));
      if (keepDrops) drop(node.name, 'denied-out', `acl ${acl.name}`, pass.minus(permitted));
      pass = permitted;
    }
    if (pass.isEmpty()) return [];
    if (options.replies) return [{ headers: pass, lineage }];
    const pieces = applyNat(compiled, node, 'source', egress.name, pass, lineage, options.exactOrigins === true);
    if (obs?.translated && pieces.some((p) => p.lineage !== lineage)) obs.translated();
    return pieces;
  };
  const plainEgress: EgressPolicy = (_egress, headers, lineage) => [{ headers, lineage }];

  const arrive = (item: WorkItem) => {
    const { node, ingress, lineage } = item;
    if (obs) {
      obs.node(node.name);
      obs.segment(ingress.segment);
    }
    if (options.replies && isGatewayKind(node)) {
      const own = compiled.ownDst(node);
      record(delivered, node.name, item.headers.intersect(own), lineage);
      if (keepDrops) drop(node.name, 'denied-in', 'gateways do not forward', item.headers.minus(own));
      return;
    }
    // Relays see the neighbour's MAC and PEPs the sender's identity: both are part of the location there.
    const extra =
      node.kind === 'relay' ? `\u0000${item.fromMac ?? ''}` : node.kind === 'zt-pep' ? `\u0000${identityKey(lineage.identity)}` : '';
    const key = `${node.name}\u0000${ingress.name}${extra}${options.exactOrigins ? `\u0000${lineageKey(lineage)}` : ''}`;
    const seen = visited.get(key) ?? HeaderSet.EMPTY;
    const headers = item.headers.minus(seen);
    if (headers.isEmpty()) return;
    visited.set(key, seen.union(headers));
    const own = compiled.ownDst(node);
    switch (node.kind) {
      case 'host': {
        const mine = headers.intersect(own);
        record(delivered, node.name, mine, lineage);
        if (keepDrops) drop(node.name, 'denied-in', 'hosts do not forward', headers.minus(mine));
        return;
      }
      case 'external': {
        // Its address space, less what it routes more specifically (longest prefix), ends here; the rest is
        // transit, carried on by its own routes without policy. What a route exactly as specific as `owns`
        // matches does both (routed-past-ownership.ts).
        const past = routedPastOwnership(compiled.forwarding, node, ingress.vrf, ingress.name);
        const mine = headers.intersect(addressSetField('dst', node.owns).union(own)).minus(addressSetField('dst', past.beats).minus(own));
        record(exits, node.name, mine, lineage);
        const ties = mine.minus(own).intersect(addressSetField('dst', past.ties));
        route(node.name, node, ingress.vrf, headers.minus(mine).union(ties), lineage, plainEgress, [ingress.vrf]);
        return;
      }
      case 'router':
      case 'firewall': {
        let checked = headers;
        if (ingress.urpf === 'strict') {
          checked = headers.intersect(addressSetField('src', urpfSources(node, ingress)));
          if (keepDrops) drop(node.name, 'denied-in', `strict uRPF on ${ingress.name}`, headers.minus(checked));
        }
        const pieces = options.replies ? [{ headers: checked, lineage }] : applyNat(compiled, node, 'destination', ingress.name, checked, lineage, options.exactOrigins === true);
        if (obs?.translated && pieces.some((p) => p.lineage !== lineage)) obs.translated();
        for (const piece of pieces) {
          // Addressed to the node itself: only its ingress ACLs apply (a firewall without one denies).
          const toMe = piece.headers.intersect(own);
          if (options.replies && !toMe.isEmpty()) record(delivered, node.name, toMe, piece.lineage);
          else if (!toMe.isEmpty()) {
            const inAcls = ingressAcls(node, ingress);
            if (inAcls.length === 0 && node.kind === 'firewall') drop(node.name, 'denied-in', `firewall has no policy for ${ingress.name} to itself`, toMe);
            else {
              let pass = toMe;
              for (const acl of inAcls) {
                obs?.acl(node.name, acl.name, pass);
                const permitted = pass.intersect(compiled.acl(acl));
                if (keepDrops) drop(node.name, 'denied-in', `acl ${acl.name}`, pass.minus(permitted));
                pass = permitted;
              }
              record(delivered, node.name, pass, piece.lineage);
            }
          }
          route(node.name, node, ingress.vrf, piece.headers.minus(toMe), piece.lineage, filteringEgress(node, ingress), [ingress.vrf]);
        }
        return;
      }
      case 'dedicated-line':
        record(delivered, node.name, headers.intersect(own), lineage);
        route(node.name, node, ingress.vrf, headers.minus(own), lineage, plainEgress, [ingress.vrf]);
        return;
      case 'zt-pep': {
        const admitted = ingress.name === node.clientSide ? headers.intersect(compiled.pepAdmits(node, ingress.vrf, lineage.identity)) : HeaderSet.EMPTY;
        record(terminated, node.name, admitted, lineage);
        if (keepDrops) drop(node.name, 'denied-in', `${node.name} does not admit it`, headers.minus(admitted));
        return;
      }
      case 'relay': {
        const accepted = headers.intersect(compiled.relayAccepts(node, item.fromMac));
        record(terminated, node.name, accepted, lineage);
        if (keepDrops) drop(node.name, 'denied-in', `${node.name} has no allow entry for it`, headers.minus(accepted));
        return;
      }
      default: {
        const served = headers.intersect(compiled.servedBy(node, ingress));
        record(terminated, node.name, served, lineage);
        const rest = headers.minus(served);
        const toMe = rest.intersect(own);
        if (keepDrops) drop(node.name, 'denied-in', `${node.kind} does not serve it on ${ingress.name}`, toMe);
        if (keepDrops) drop(node.name, 'denied-in', 'gateways do not forward', rest.minus(toMe));
      }
    }
  };

  const injected = source.headers.intersect(WELL_FORMED);
  for (const start of source.starts) {
    if ('segment' in start) {
      obs?.segment(start.segment);
      const segment = topology.segments.get(start.segment);
      if (!segment) continue;
      const name = `(host on ${segment.name})`;
      const iface: Interface = { name: 'eth0', node: name, segment: segment.name, address: undefined, vrf: segment.vrf };
      const lineage: Lineage = { start: start.unlisted ? unlistedDevice(segment.name) : segment.name, rewrites: [], identity: options.identity ?? {} };
      // The unnamed sender has an address on the segment, and it is the source: a packet to itself never
      // leaves it, so the diagonal (dst = src) is removed (for segments up to /20; see the module note).
      // The unlisted device forges any source; its packets to itself (dst = src on the segment) stay home too.
      const first = segment.prefix.network;
      const last = prefixLast(segment.prefix);
      let sent = start.unlisted ? injected : injected.intersect(addressSetField('src', addressSetFromRanges([[first, last]])));
      if (last - first < 4096) sent = sent.minus(diagonalOf(first, last));
      route(name, undefined, segment.vrf, sent, lineage, plainEgress, [segment.vrf], { iface });
      if (start.unlisted && options.anyNextHop) {
        // As a host's next-hop choice: straight to every neighbour that forwards, whatever the implicit routes say.
        for (const next of compiled.forwarding.attached(segment.name)) {
          if (!isNextHopKind(next.node)) continue;
          work.push({ node: next.node, ingress: next.interface, headers: injected, lineage: { ...lineage, start: startKey(lineage.start, next.node.name) }, fromMac: FORGED_MAC });
        }
      }
      continue;
    }
    obs?.node(start.node);
    const node = topology.nodes.get(start.node);
    if (!node) continue;
    if (obs) for (const iface of node.interfaces.values()) obs.segment(iface.segment);
    const identity = options.identity ?? (node.kind === 'host' ? node.identity : {});
    const lineage: Lineage = { start: node.name, rewrites: [], identity };
    // A host's packets to its own addresses are delivered to itself.
    const self = node.kind === 'host' ? injected.intersect(compiled.ownDst(node)) : HeaderSet.EMPTY;
    record(delivered, node.name, self, lineage);
    const egressPolicy = node.kind === 'router' || node.kind === 'firewall' ? filteringEgress(node, undefined) : plainEgress;
    if (options.anyNextHop && node.kind === 'host') {
      for (const iface of node.interfaces.values()) {
        for (const next of compiled.forwarding.attached(iface.segment)) {
          if (next.node.name === node.name || !isNextHopKind(next.node)) continue;
          const chosen: Lineage = { ...lineage, start: startKey(node.name, next.node.name) };
          work.push({ node: next.node, ingress: next.interface, headers: injected.minus(self), lineage: chosen, fromMac: FORGED_MAC });
        }
      }
    }
    for (const [vrf, part] of originVrfs(node, injected.minus(self), start.interface)) {
      // An external sending: its routes decide first; what none matches stays inside it when it owns the
      // destination, and goes to its segment's implicit gateway otherwise.
      let fallback: Fallback | undefined;
      if (node.kind === 'external') {
        const iface = [...node.interfaces.values()].find((i) => i.vrf === vrf) ?? [...node.interfaces.values()][0];
        const owned = addressSetField('dst', node.owns).union(compiled.ownDst(node));
        if (iface) {
          fallback = {
            iface,
            keep: (unrouted) => {
              record(exits, node.name, unrouted.intersect(owned), lineage);
              return unrouted.minus(owned);
            },
          };
        }
      }
      route(node.name, node, vrf, part, lineage, egressPolicy, [vrf], fallback);
    }
  }
  while (work.length > 0) {
    if (++steps > maxSteps) throw new Error(`symbolic reachability exceeded ${maxSteps} steps`);
    arrive(work.pop() as WorkItem);
  }

  const freeze = (m: Map<string, ArrivalBuilder>) => new Map([...m].map(([k, v]) => [k, { headers: v.headers, origins: v.origins } as Arrival]));
  const result: ReachabilityResult = {
    delivered: freeze(delivered),
    exits: freeze(exits),
    terminated: freeze(terminated),
    dropped: [...drops.values()],
    steps,
  };
  session?.done(result);
  return result;
}

/**
 * Nodes with equal keys send alike: hosts on the same segments with the same routes, MACs and identity
 * reach the same headers from any source address (only their own addresses differ: a packet to itself
 * stays home). Every other node is a group of its own.
 */
export function senderKey(node: TopologyNode): string {
  if (node.kind !== 'host') return `node:${node.name}`;
  let key = senderKeys.get(node);
  if (key === undefined) {
    const ifaces = [...node.interfaces.values()].map((i) => [i.segment, i.vrf, i.mac ?? '']);
    const routes = node.routes.map((r) => [r.vrf, r.prefix.network, r.prefix.length, JSON.stringify(r.target)]);
    senderKeys.set(node, (key = JSON.stringify({ ifaces, routes, identity: node.identity })));
  }
  return key;
}
// Nodes are immutable: a version that changes a host makes a new node object.
const senderKeys = new WeakMap<TopologyNode, string>();

/** The key `origins` uses for a start: the node, or `node>neighbour` when the sender chose its next hop. */
export function startKey(node: string, via?: string): string {
  return via === undefined ? node : `${node}>${via}`;
}

export function parseStartKey(key: string): { readonly node: string; readonly via: string | undefined } {
  const i = key.indexOf('>');
  return i < 0 ? { node: key, via: undefined } : { node: key.slice(0, i), via: key.slice(i + 1) };
}

/** Injected headers of one start node that arrive, whichever next hop it used. */
export function originsOfNode(arrival: Arrival, node: string): HeaderSet {
  let s = HeaderSet.EMPTY;
  for (const [key, set] of arrival.origins) if (parseStartKey(key).node === node) s = s.union(set);
  return s;
}

function identityKey(identity: Identity): string {
  return `${identity.userRole ?? ''}\u0001${identity.devicePosture ?? ''}\u0001${identity.dataClass ?? ''}`;
}

// Keyed by the node first: two versions of a node may share Interface objects but not their ACLs.
const ingressAclCache = new WeakMap<FilteringNode, Map<Interface, Acl[]>>();

function ingressAcls(node: FilteringNode, ingress: Interface): Acl[] {
  let byIface = ingressAclCache.get(node);
  if (!byIface) ingressAclCache.set(node, (byIface = new Map()));
  let list = byIface.get(ingress);
  if (!list) byIface.set(ingress, (list = ingressAclsOf(node, ingress)));
  return list;
}

function ingressAclsOf(node: FilteringNode, ingress: Interface): Acl[] {
  return node.acls.filter((a) => a.binding.type === 'interface' && a.binding.direction === 'in' && a.binding.interface === ingress.name);
}

function prefixText(r: Route): string {
  const n = r.prefix.network;
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}/${r.prefix.length}`;
}

/**
 * The VRF a node originates in, split by source address (flow.ts originVrf): the VRF of the interface
 * owning the source, else `default` if the node has it, else its first interface's.
 */
function originVrfs(node: TopologyNode, headers: HeaderSet, interfaceName: string | undefined): [string, HeaderSet][] {
  const ifaces = [...node.interfaces.values()];
  if (interfaceName !== undefined) return [[node.interfaces.get(interfaceName)?.vrf ?? DEFAULT_VRF, headers]];
  const out = new Map<string, HeaderSet>();
  let rest = headers;
  for (const iface of ifaces) {
    const range = interfaceRange(node, iface);
    if (!range) continue;
    const part = rest.intersect(addressSetField('src', addressSetFromRanges([range])));
    if (part.isEmpty()) continue;
    rest = rest.minus(part);
    out.set(iface.vrf, (out.get(iface.vrf) ?? HeaderSet.EMPTY).union(part));
  }
  const fallback = ifaces.some((i) => i.vrf === DEFAULT_VRF) ? DEFAULT_VRF : (ifaces[0]?.vrf ?? DEFAULT_VRF);
  if (!rest.isEmpty()) out.set(fallback, (out.get(fallback) ?? HeaderSet.EMPTY).union(rest));
  return [...out];
}

/** Source addresses of a zone: its segments' prefixes and what its external networks own. */
export function zoneAddresses(topology: Topology, zone: string): AddressSet {
  const ranges: [Ipv4, Ipv4][] = [];
  for (const s of topology.segments.values()) {
    if (s.zone === zone) ranges.push([s.prefix.network, (s.prefix.network | (~maskOf(s.prefix.length) >>> 0)) >>> 0]);
  }
  for (const n of topology.nodes.values()) if (n.zone === zone && n.kind === 'external') ranges.push(...n.owns.ranges.map((r) => [r[0], r[1]] as [Ipv4, Ipv4]));
  return addressSetFromRanges(ranges);
}

/** The usual source for an isolation question: every host and external network of a zone, src in the zone's addresses. */
export function zoneSource(topology: Topology, zone: string): SymbolicSource {
  const starts = [...topology.nodes.values()]
    .filter((n) => n.zone === zone && (n.kind === 'host' || n.kind === 'external'))
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .map((n) => ({ node: n.name }));
  return { starts, headers: addressSetField('src', zoneAddresses(topology, zone)) };
}
