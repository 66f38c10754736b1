/**
 * The fast path: a topology compiled once into flat typed arrays, and `evaluate` that walks one flow
 * hop by hop without allocating. It implements "Packet semantics" of ARCHITECTURE.md and must agree
 * with the concrete simulator (src/engine), its slow twin; test/replay/agreement.test.ts checks that.
 *
 * Compiled forms, so the hop walk does no Map lookup and no per-hop resolution:
 * - a FIB per (node, VRF): elementary destination intervals (cut at every route prefix of the node,
 *   in any VRF, so leaks are followed at compile time) → a list of resolved ECMP branches, built by
 *   asking the shared forwarding tables (src/engine/routing.ts) once per interval. A branch is
 *   forward (egress, neighbour interface), on-link (egress; the neighbour is whoever answers for the
 *   destination itself on that segment, one binary search), drop, no-route or leak cycle.
 * - per filtering node and (ingress interface | originated, egress interface | the node itself): the
 *   flattened list of applicable ACLs in nftables order (in → zone pair → out), each marked in/out.
 * - per router or firewall interface with strict uRPF: the sources it accepts (src/engine/urpf.ts
 *   urpfSources, the one definition every engine shares) as sorted disjoint ranges, one binary search
 *   per packet entering it, before destination NAT; a rejected source is denied-in at that node.
 *
 * Path cache: most flows meet nothing that reads more than their destination until an ACL does (no
 * NAT, no uRPF, one ECMP branch, no gateway admission). For those, the hops walked, the (node,
 * ACL pair) checks met and the ending are a function of (start interface, destination interval),
 * where the intervals are cut at every boundary any node's FIB, owned range or segment owner table
 * has. `evaluate` records that walk once per such key (ACLs taken as permitting) and afterwards only
 * runs the recorded ACL checks: one binary search over the cuts instead of a FIB search, a loop check
 * and kind dispatch per hop. A walk that meets anything else marks the key as uncacheable and every
 * flow of it walks. `walk` stays the definition; `{ pathCache: false }` turns the cache off, and
 * test/replay/path-cache.test.ts checks both give the same outputs.
 *
 * ECMP: where several branches remain, the simulator traces every one; the fast path takes exactly
 * one, `branch = mix32(flowHash ^ nodeIndex * 0x9e3779b1) % branches`, where flowHash mixes
 * (src, dst, proto, srcPort, dstPort) as they are at that node's route lookup (after its destination NAT). The same flow therefore
 * always takes the same path, on every thread and in every run.
 *
 * The serialisable form that workers rebuild from is the resolved Topology itself (plain data,
 * structured-clone safe): compiling takes milliseconds, so each worker compiles its own copy.
 */
import { PROTO, type ServiceMatch } from '../net/ports.js';
import { maskOf, prefixFirst, prefixLast } from '../net/ipv4.js';
import { addressSetContains, type AddressSet } from '../net/address-set.js';
import { DEFAULT_VRF, type Acl, type AclRule, type NatRule, type PepRule, type Topology, type TopologyNode } from '../topology/model.js';
import { buildForwarding, implicitGateway, type ResolvedRoute } from '../engine/routing.js';
import { urpfSources } from '../engine/urpf.js';
import { routedPastOwnership } from '../engine/routed-past-ownership.js';
import { AddressIntervals, lowerBound } from './address-intervals.js';
import { flatClassifierFactory, type ClassifierFactory, type FieldClassifier } from './acl-classifier.js';
import { anyServiceMatchesFields } from './field-match.js';
import {
  D_DELIVERED, D_DENIED_IN, D_DENIED_OUT, D_EXITS_NETWORK, D_HOP_LIMIT, D_LOOP, D_NO_ROUTE, D_NULL_ROUTED, D_TERMINATED, HOP_LIMIT,
} from './disposition.js';
import type { FlowSet } from './flowset.js';
import { START_FROM_SOURCE } from './flowset.js';

const K_HOST = 0;
const K_ROUTER = 1;
const K_FIREWALL = 2;
const K_DEDICATED = 3;
const K_EXTERNAL = 4;
/** Every gateway kind is >= K_GATEWAY; these three admit by (own address, served side, service). */
const K_GATEWAY = 5;
const K_RELAY = 6;
const K_PEP = 7;
const KIND_CODES: Record<TopologyNode['kind'], number> = {
  host: K_HOST, router: K_ROUTER, firewall: K_FIREWALL, 'dedicated-line': K_DEDICATED, external: K_EXTERNAL,
  'screen-transfer': K_GATEWAY, sanitiser: K_GATEWAY, proxy: K_GATEWAY, 'mail-relay': K_GATEWAY, relay: K_RELAY, 'zt-pep': K_PEP,
};

/** FIB branch types. */
const B_FORWARD = 0;
const B_ONLINK = 1;
const B_DROP = 2;
const B_NO_ROUTE = 3;
const B_LOOP = 4;

const DEFAULT_VRF_INDEX = 0;

/** Path cache entries: not yet recorded; the key's walk reads more than the destination. */
const PATH_UNKNOWN = -1;
const PATH_UNCACHEABLE = -2;
/** At most this many (start interface × destination interval) cache entries (4 bytes each) per network. */
const PATH_CACHE_ENTRIES = 1 << 22;

export interface CompileNetworkOptions {
  /** Replay recorded paths (default true); false: every flow walks hop by hop (the cache's slow twin). */
  readonly pathCache?: boolean;
}

/** FIB interval flags. */
const OWN_INTERFACE = 1;
const OWN_EXTERNAL = 2;

/** Where a flow enters and what it is judged by: one global rule id per ACL rule plus one per ACL default. */
export interface RuleInfo {
  readonly acl: string;
  readonly node: string;
  /** Rule name, or `(default)`. */
  readonly rule: string;
  readonly action: 'permit' | 'deny';
  readonly location: string | undefined;
}

interface RelayRule {
  readonly src: AddressSet;
  readonly dst: AddressSet | undefined;
  readonly services: readonly ServiceMatch[];
  /** Lower-cased; undefined: any neighbour. */
  readonly mac: string | undefined;
}

interface Pep {
  readonly clientIf: number;
  readonly resourceIf: number;
  readonly accepts: readonly ServiceMatch[];
  readonly dataClasses: readonly { readonly resources: AddressSet; readonly dataClass: string }[];
  readonly rules: readonly PepRule[];
  readonly permitByDefault: boolean;
}

export class CompiledNetwork {
  readonly nodeNames: string[] = [];
  readonly zoneNames: string[] = [];
  readonly interfaceNames: string[] = [];
  readonly rules: RuleInfo[] = [];

  // Nodes
  private readonly nodeKind: Uint8Array;
  private readonly nodeIfStart: Int32Array;
  private readonly nodeIfEnd: Int32Array;
  private readonly externalOwns: (AddressSet | undefined)[] = [];
  /** Gateways admitting on one side: that interface, else -1. */
  private readonly gwSide: Int32Array;
  private readonly gwAccepts: (readonly ServiceMatch[])[] = [];
  private readonly relayRules: (readonly RelayRule[])[] = [];
  private readonly peps: (Pep | undefined)[] = [];
  /** Identity of a host that starts a flow (read by zero-trust PEPs). */
  private readonly nodeRole: (string | undefined)[] = [];
  private readonly nodePosture: (string | undefined)[] = [];

  // Interfaces (global index, grouped by node)
  private readonly ifNode: Int32Array;
  private readonly ifSegment: Int32Array;
  private readonly ifVrf: Int32Array;
  private readonly ifZone: Int32Array;
  private readonly ifMac: (string | undefined)[] = [];
  private readonly ifAddr: Uint32Array;
  /** Addresses owned from ifAddr on: pool size for hosts, 1 otherwise, 0 unnumbered. */
  private readonly ifAddrCount: Uint32Array;
  private readonly ifDnat: NatRule[][] = [];
  private readonly ifSnat: NatRule[][] = [];
  private readonly hasDnat: Uint8Array;
  private readonly hasSnat: Uint8Array;
  /** Strict uRPF: per interface, its table of accepted source ranges (urpfLo/urpfHi[urpfStart..urpfEnd)), or -1. */
  private readonly ifUrpf: Int32Array;
  private readonly urpfStart: Int32Array;
  private readonly urpfEnd: Int32Array;
  private readonly urpfLo: Uint32Array;
  private readonly urpfHi: Uint32Array;
  /** Own addresses per node, flattened: [ownLo, ownHi] ranges of nodeOwnStart..nodeOwnEnd. */
  private readonly nodeOwnStart: Int32Array;
  private readonly nodeOwnEnd: Int32Array;
  private readonly nodeOwnLo: Uint32Array;
  private readonly nodeOwnHi: Uint32Array;

  // Segments
  private readonly segNet: Uint32Array;
  private readonly segMask: Uint32Array;
  /** Implicit gateway of each segment (engine/routing.ts implicitGateway), or -1. */
  private readonly segImplicitGw: Float64Array;
  /** Who answers for an address on a segment, as engine/routing.ts ownerOf: interfaces, then NAT addresses, then externals. */
  private readonly segOwnStart: Int32Array;
  private readonly segOwnEnd: Int32Array;
  private readonly ownLo: Uint32Array;
  private readonly ownHi: Uint32Array;
  private readonly ownIf: Int32Array;

  // FIB: per (node, vrf) a table of interval starts, each with a branch list
  private readonly vrfCount: number;
  private readonly nodeVrfTable: Int32Array;
  /** First interface of a node in a VRF (an external's implicit-gateway fallback), or -1. */
  private readonly nodeVrfFirstIf: Int32Array;
  private readonly tblStart: Int32Array;
  private readonly tblEnd: Int32Array;
  private readonly bounds: Uint32Array;
  private readonly boundList: Int32Array;
  /** Per interval: OWN_INTERFACE when the node owns it (interface or pool address), OWN_EXTERNAL when an external's `owns` holds it. */
  private readonly boundOwns: Uint8Array;
  private readonly listStart: Int32Array;
  private readonly listEnd: Int32Array;
  private readonly brType: Uint8Array;
  private readonly brEgress: Int32Array;
  private readonly brNext: Int32Array;

  // ACLs: per filtering node, (ingress row, egress column) → flattened ACL sequence
  private readonly nodePairBase: Int32Array;
  private readonly pairStart: Int32Array;
  private readonly pairEnd: Int32Array;
  /** 1: a firewall with no applicable ACL (no policy, no passage). */
  private readonly pairNoPolicy: Uint8Array;
  private readonly seqAcl: Int32Array;
  /** 1: the ACL is bound `out` (a deny is denied-out). */
  private readonly seqOut: Uint8Array;
  private readonly aclClassifier: FieldClassifier[] = [];
  private readonly aclRuleBase: Int32Array;
  private readonly aclRuleCount: Int32Array;
  /** Per global rule id: 1 permit, 0 deny. */
  private readonly rulePermit: Uint8Array;

  // Source → start interface; destination → zone
  private readonly sourceOwner: AddressIntervals;
  private readonly zoneByAddress: AddressIntervals;

  // Per-flow scratch (reused; a CompiledNetwork is used by one thread)
  private readonly seenNode = new Int32Array(HOP_LIMIT + 2);
  private readonly seenVrf = new Int32Array(HOP_LIMIT + 2);
  private readonly seenSrc = new Uint32Array(HOP_LIMIT + 2);
  private readonly seenDst = new Uint32Array(HOP_LIMIT + 2);
  private readonly seenPorts = new Uint32Array(HOP_LIMIT + 2);
  private startNode = -1;

  // Path cache (see the module comment)
  private readonly pathCacheOn: boolean;
  /** Starts of the destination intervals within which every walk that reads only the destination is the same. */
  private readonly cutStarts: Uint32Array;
  /** Per start interface: path id (or PATH_*) per destination interval; empty until the interface starts a flow. */
  private readonly pathRows: Int32Array[] = [];
  private pathEntriesLeft = PATH_CACHE_ENTRIES;
  /** Recorded paths: checks pathPair/pathNode[pathStart[p]..pathEnd[p]), then the ending. */
  private readonly pathStart: number[] = [];
  private readonly pathEnd: number[] = [];
  private readonly pathPair: number[] = [];
  private readonly pathNode: number[] = [];
  private readonly pathDisposition: number[] = [];
  private readonly pathFinalNode: number[] = [];
  /** While recording: the checks met so far, and whether the walk read anything but the destination. */
  private readonly recPair = new Int32Array(HOP_LIMIT + 2);
  private readonly recNode = new Int32Array(HOP_LIMIT + 2);
  private recLength = 0;
  private recCacheable = true;

  /** Outputs of the last `evaluate`. */
  decidingRule = -1;
  finalNode = -1;
  startInterface = -1;

  constructor(readonly topology: Topology, classifierFactory: ClassifierFactory = flatClassifierFactory, options: CompileNetworkOptions = {}) {
    const t = topology;
    const forwarding = buildForwarding(t);
    const zoneIndex = new Map<string, number>();
    for (const z of t.zones.keys()) {
      zoneIndex.set(z, this.zoneNames.length);
      this.zoneNames.push(z);
    }
    const zoneId = (name: string): number => {
      let z = zoneIndex.get(name);
      if (z === undefined) {
        z = this.zoneNames.length;
        this.zoneNames.push(name);
        zoneIndex.set(name, z);
      }
      return z;
    };
    const vrfIndex = new Map<string, number>();
    const vrfNames: string[] = [];
    const vrfId = (name: string): number => {
      let v = vrfIndex.get(name);
      if (v === undefined) {
        vrfIndex.set(name, (v = vrfIndex.size));
        vrfNames.push(name);
      }
      return v;
    };
    vrfId(DEFAULT_VRF); // index DEFAULT_VRF_INDEX
    for (const n of t.logicalNetworks.keys()) vrfId(n);
    const segIndex = new Map<string, number>();
    const segments = [...t.segments.values()];
    segments.forEach((s, i) => {
      segIndex.set(s.name, i);
      vrfId(s.vrf);
    });
    this.segNet = Uint32Array.from(segments, (s) => s.prefix.network);
    this.segMask = Uint32Array.from(segments, (s) => maskOf(s.prefix.length));

    const nodes = [...t.nodes.values()];
    const nodeIndex = new Map<string, number>();
    nodes.forEach((n, i) => {
      nodeIndex.set(n.name, i);
      this.nodeNames.push(n.name);
      this.nodeRole.push(n.kind === 'host' ? n.identity.userRole : undefined);
      this.nodePosture.push(n.kind === 'host' ? n.identity.devicePosture : undefined);
    });
    const N = nodes.length;
    this.nodeKind = Uint8Array.from(nodes, (n) => KIND_CODES[n.kind]);
    this.nodeIfStart = new Int32Array(N);
    this.nodeIfEnd = new Int32Array(N);

    // Interfaces
    const ifs: { node: number; name: string; segment: number; vrf: number; addr: number; count: number }[] = [];
    const ifIndex = new Map<string, number>();
    nodes.forEach((n, ni) => {
      this.nodeIfStart[ni] = ifs.length;
      for (const itf of n.interfaces.values()) {
        ifIndex.set(`${n.name}\u0000${itf.name}`, ifs.length);
        this.interfaceNames.push(`${n.name}.${itf.name}`);
        this.ifMac.push(itf.mac?.toLowerCase());
        const count = itf.address === undefined ? 0 : n.kind === 'host' ? n.count : 1;
        ifs.push({ node: ni, name: itf.name, segment: segIndex.get(itf.segment) ?? -1, vrf: vrfId(itf.vrf), addr: itf.address ?? 0, count });
      }
      this.nodeIfEnd[ni] = ifs.length;
    });
    for (const n of nodes) for (const r of n.routes) vrfId(r.vrf);
    const I = ifs.length;
    this.ifNode = Int32Array.from(ifs, (x) => x.node);
    this.ifSegment = Int32Array.from(ifs, (x) => x.segment);
    this.ifVrf = Int32Array.from(ifs, (x) => x.vrf);
    this.ifAddr = Uint32Array.from(ifs, (x) => x.addr);
    this.ifAddrCount = Uint32Array.from(ifs, (x) => x.count);
    // As engine/policy.ts zoneOfInterface: the zone of the interface's segment.
    this.ifZone = Int32Array.from(ifs, (x) => (x.segment >= 0 ? zoneId(segments[x.segment]!.zone) : -1));
    const ifOf = (node: string, itf: string): number => ifIndex.get(`${node}\u0000${itf}`) ?? -1;
    for (let i = 0; i < I; i++) {
      this.ifDnat.push([]);
      this.ifSnat.push([]);
    }
    {
      const lo: number[] = [];
      const hi: number[] = [];
      this.nodeOwnStart = new Int32Array(N);
      this.nodeOwnEnd = new Int32Array(N);
      for (let ni = 0; ni < N; ni++) {
        this.nodeOwnStart[ni] = lo.length;
        for (let i = this.nodeIfStart[ni]!; i < this.nodeIfEnd[ni]!; i++) {
          const x = ifs[i]!;
          if (x.count > 0) {
            lo.push(x.addr);
            hi.push(x.addr + x.count - 1);
          }
        }
        this.nodeOwnEnd[ni] = lo.length;
      }
      this.nodeOwnLo = Uint32Array.from(lo);
      this.nodeOwnHi = Uint32Array.from(hi);
    }

    this.segImplicitGw = Float64Array.from(segments, (seg) => implicitGateway(forwarding, seg.name) ?? -1);

    // Segment owners, in engine/routing.ts ownerOf order (attached: node-name order, then interface order):
    // interface ranges first, then NAT addresses a filtering node answers for, then externals' space.
    {
      const flat: [number, number, number][] = [];
      this.segOwnStart = new Int32Array(segments.length);
      this.segOwnEnd = new Int32Array(segments.length);
      segments.forEach((seg, s) => {
        const here = forwarding.attached(seg.name).map(({ node, interface: itf }) => ({ node, i: ifOf(node.name, itf.name) }));
        const byInterface: [number, number, number][] = [];
        const byNat: [number, number, number][] = [];
        const byExternal: [number, number, number][] = [];
        for (const { node, i } of here) {
          const x = ifs[i]!;
          if (x.count > 0) byInterface.push([x.addr, x.addr + x.count - 1, i]);
          if (node.kind === 'router' || node.kind === 'firewall') {
            for (const r of node.nat) {
              if (r.interface !== x.name) continue;
              if (r.type === 'destination') for (const [lo, hi] of r.dst.ranges) byNat.push([lo, hi, i]);
              else byNat.push([r.translateTo, r.translateTo, i]);
            }
          }
          if (node.kind === 'external') for (const [lo, hi] of node.owns.ranges) byExternal.push([lo, hi, i]);
        }
        // paintRanges: later entries win, so the lowest priority goes first and the first owner last.
        this.segOwnStart[s] = flat.length;
        flat.push(...paintRanges([...byExternal.reverse(), ...byNat.reverse(), ...byInterface.reverse()]));
        this.segOwnEnd[s] = flat.length;
      });
      this.ownLo = Uint32Array.from(flat, (x) => x[0]);
      this.ownHi = Uint32Array.from(flat, (x) => x[1]);
      this.ownIf = Int32Array.from(flat, (x) => x[2]);
    }

    // ACLs and NAT
    const acls: Acl[] = [];
    const aclId = new Map<Acl, number>();
    nodes.forEach((n) => {
      if (n.kind !== 'router' && n.kind !== 'firewall') return;
      for (const acl of n.acls) {
        aclId.set(acl, acls.length);
        acls.push(acl);
      }
      for (const nat of n.nat) {
        const i = ifOf(n.name, nat.interface);
        if (i >= 0) (nat.type === 'destination' ? this.ifDnat : this.ifSnat)[i]!.push(nat);
      }
    });
    this.hasDnat = Uint8Array.from(ifs, (_, i) => (this.ifDnat[i]!.length > 0 ? 1 : 0));
    this.hasSnat = Uint8Array.from(ifs, (_, i) => (this.ifSnat[i]!.length > 0 ? 1 : 0));

    // Strict uRPF on router and firewall interfaces: the accepted sources, as engine/urpf.ts defines them.
    {
      this.ifUrpf = new Int32Array(I).fill(-1);
      const start: number[] = [];
      const end: number[] = [];
      const lo: number[] = [];
      const hi: number[] = [];
      for (const n of nodes) {
        if (n.kind !== 'router' && n.kind !== 'firewall') continue;
        for (const itf of n.interfaces.values()) {
          if (itf.urpf !== 'strict') continue;
          this.ifUrpf[ifOf(n.name, itf.name)] = start.length;
          start.push(lo.length);
          for (const [a, b] of urpfSources(n, itf).ranges) {
            lo.push(a);
            hi.push(b);
          }
          end.push(lo.length);
        }
      }
      this.urpfStart = Int32Array.from(start);
      this.urpfEnd = Int32Array.from(end);
      this.urpfLo = Uint32Array.from(lo);
      this.urpfHi = Uint32Array.from(hi);
    }
    this.aclRuleBase = new Int32Array(acls.length);
    this.aclRuleCount = new Int32Array(acls.length);
    const permits: number[] = [];
    const describe = (acl: Acl, r: AclRule | undefined): RuleInfo => ({
      acl: acl.name,
      node: acl.node,
      rule: r ? r.name : '(default)',
      action: r ? r.action : acl.defaultAction,
      location: (r ?? acl).location ? `${(r ?? acl).location!.file}:${(r ?? acl).location!.line}` : undefined,
    });
    acls.forEach((acl, a) => {
      this.aclRuleBase[a] = this.rules.length;
      this.aclRuleCount[a] = acl.rules.length;
      for (const r of acl.rules) {
        this.rules.push(describe(acl, r));
        permits.push(r.action === 'permit' ? 1 : 0);
      }
      this.rules.push(describe(acl, undefined));
      permits.push(acl.defaultAction === 'permit' ? 1 : 0);
      this.aclClassifier.push(classifierFactory(acl));
    });
    this.rulePermit = Uint8Array.from(permits);

    // Applicable ACLs per (ingress, egress) pair, as engine/policy.ts applicableAcls orders them.
    {
      this.nodePairBase = new Int32Array(N).fill(-1);
      const pairStart: number[] = [];
      const pairEnd: number[] = [];
      const noPolicy: number[] = [];
      const seqAcl: number[] = [];
      const seqOut: number[] = [];
      nodes.forEach((n, ni) => {
        if (n.kind !== 'router' && n.kind !== 'firewall') return;
        const first = this.nodeIfStart[ni]!;
        const count = this.nodeIfEnd[ni]! - first;
        const zoneName = (i: number): string | undefined => (ifs[i]!.segment >= 0 ? segments[ifs[i]!.segment]!.zone : undefined);
        this.nodePairBase[ni] = pairStart.length;
        // Row 0: originated here; row r: ingress first + r - 1. Column c: egress first + c; column count: the node itself.
        for (let row = 0; row <= count; row++) {
          for (let col = 0; col <= count; col++) {
            const ingress = row === 0 ? -1 : first + row - 1;
            const egress = col === count ? -1 : first + col;
            pairStart.push(seqAcl.length);
            for (const acl of n.acls) {
              const b = acl.binding;
              if (b.type === 'interface' && b.direction === 'in' && ingress >= 0 && b.interface === ifs[ingress]!.name) {
                seqAcl.push(aclId.get(acl)!);
                seqOut.push(0);
              }
            }
            const fromZone = ingress >= 0 ? zoneName(ingress) : undefined;
            const toZone = egress >= 0 ? zoneName(egress) : undefined;
            if (fromZone !== undefined && toZone !== undefined) {
              for (const acl of n.acls) {
                const b = acl.binding;
                if (b.type === 'zone-pair' && b.fromZone === fromZone && b.toZone === toZone) {
                  seqAcl.push(aclId.get(acl)!);
                  seqOut.push(0);
                }
              }
            }
            for (const acl of n.acls) {
              const b = acl.binding;
              if (b.type === 'interface' && b.direction === 'out' && egress >= 0 && b.interface === ifs[egress]!.name) {
                seqAcl.push(aclId.get(acl)!);
                seqOut.push(1);
              }
            }
            pairEnd.push(seqAcl.length);
            noPolicy.push(seqAcl.length === pairStart[pairStart.length - 1] && n.kind === 'firewall' && ingress >= 0 ? 1 : 0);
          }
        }
      });
      this.pairStart = Int32Array.from(pairStart);
      this.pairEnd = Int32Array.from(pairEnd);
      this.pairNoPolicy = Uint8Array.from(noPolicy);
      this.seqAcl = Int32Array.from(seqAcl);
      this.seqOut = Uint8Array.from(seqOut);
    }

    // Gateways and externals
    this.gwSide = new Int32Array(N).fill(-1);
    nodes.forEach((n, ni) => {
      this.externalOwns.push(n.kind === 'external' ? n.owns : undefined);
      let accepts: readonly ServiceMatch[] = [];
      let relay: readonly RelayRule[] = [];
      let pep: Pep | undefined;
      switch (n.kind) {
        case 'screen-transfer':
          this.gwSide[ni] = ifOf(n.name, n.clientSide);
          accepts = n.protocols;
          break;
        case 'sanitiser':
          this.gwSide[ni] = ifOf(n.name, n.inSide);
          accepts = n.accepts;
          break;
        case 'proxy':
        case 'mail-relay':
          this.gwSide[ni] = ifOf(n.name, n.clientSide);
          accepts = n.accepts;
          break;
        case 'relay':
          relay = n.allow.map((a) => ({ src: a.src, dst: a.dst, services: a.services, mac: a.mac?.toLowerCase() }));
          break;
        case 'zt-pep':
          pep = {
            clientIf: ifOf(n.name, n.clientSide),
            resourceIf: ifOf(n.name, n.resourceSide),
            accepts: n.accepts,
            dataClasses: n.dataClasses,
            rules: n.rules,
            permitByDefault: n.defaultAction === 'permit',
          };
          break;
        default:
      }
      this.gwAccepts.push(accepts);
      this.relayRules.push(relay);
      this.peps.push(pep);
    });

    // FIB per (node, VRF the packet can be in there): the shared forwarding tables asked once per
    // elementary interval of the node's route prefixes (every VRF, for leaks).
    this.vrfCount = vrfIndex.size;
    const V = this.vrfCount;
    this.nodeVrfTable = new Int32Array(N * V).fill(-1);
    this.nodeVrfFirstIf = new Int32Array(N * V).fill(-1);
    {
      const tblStart: number[] = [];
      const tblEnd: number[] = [];
      const bounds: number[] = [];
      const boundList: number[] = [];
      const boundOwns: number[] = [];
      const listStart: number[] = [];
      const listEnd: number[] = [];
      const brType: number[] = [];
      const brEgress: number[] = [];
      const brNext: number[] = [];
      const listIds = new Map<string, number>();
      const internList = (branches: readonly ResolvedRoute[], node: TopologyNode): number => {
        const encoded: [number, number, number][] = branches.map((b) => {
          const last = b.routes[b.routes.length - 1];
          const onLink = last !== undefined && last.target.type === 'interface';
          switch (b.type) {
            case 'drop':
              return [B_DROP, -1, -1];
            case 'leak-cycle':
              return [B_LOOP, -1, -1];
            case 'unresolved':
              // An on-link route's neighbour depends on the destination: resolved per flow.
              return onLink && b.egress ? [B_ONLINK, ifOf(node.name, b.egress.name), -1] : [B_NO_ROUTE, -1, -1];
            case 'forward':
              return onLink
                ? [B_ONLINK, ifOf(node.name, b.egress.name), -1]
                : [B_FORWARD, ifOf(node.name, b.egress.name), ifOf(b.neighbour.node.name, b.neighbour.interface.name)];
          }
        });
        const key = encoded.join(';');
        let id = listIds.get(key);
        if (id === undefined) {
          id = listStart.length;
          listIds.set(key, id);
          listStart.push(brType.length);
          for (const [type, egress, next] of encoded) {
            brType.push(type);
            brEgress.push(egress);
            brNext.push(next);
          }
          listEnd.push(brType.length);
        }
        return id;
      };
      nodes.forEach((n, ni) => {
        const vrfsHere = new Set<number>();
        for (let i = this.nodeIfStart[ni]!; i < this.nodeIfEnd[ni]!; i++) {
          vrfsHere.add(ifs[i]!.vrf);
          if (this.nodeVrfFirstIf[ni * V + ifs[i]!.vrf]! < 0) this.nodeVrfFirstIf[ni * V + ifs[i]!.vrf] = i;
        }
        for (const r of n.routes) vrfsHere.add(vrfId(r.vrf));
        const cuts = new Set<number>([0]);
        for (const r of n.routes) {
          cuts.add(prefixFirst(r.prefix));
          const last = prefixLast(r.prefix);
          if (last < 0xffffffff) cuts.add(last + 1);
        }
        // Also cut where the node's own addresses (and an external's space) begin and end.
        const ownRanges: [number, number][] = [];
        for (let k = this.nodeOwnStart[ni]!; k < this.nodeOwnEnd[ni]!; k++) ownRanges.push([this.nodeOwnLo[k]!, this.nodeOwnHi[k]!]);
        const externalRanges = n.kind === 'external' ? n.owns.ranges : [];
        // An external's owned space routed past (a connected leg counts only the addresses others hold there) starts and ends anywhere.
        const routedPastRanges = n.kind === 'external' ? [...vrfsHere].flatMap((v) => routedPastOwnership(forwarding, n, vrfNames[v]!).beats.ranges) : [];
        for (const [lo, hi] of [...ownRanges, ...externalRanges, ...routedPastRanges]) {
          cuts.add(lo);
          if (hi < 0xffffffff) cuts.add(hi + 1);
        }
        const starts = [...cuts].sort((a, b) => a - b);
        const ownsAt = starts.map((x) => (ownRanges.some(([lo, hi]) => x >= lo && x <= hi) ? OWN_INTERFACE : 0) | (externalRanges.some(([lo, hi]) => x >= lo && x <= hi) ? OWN_EXTERNAL : 0));
        for (const v of vrfsHere) {
          this.nodeVrfTable[ni * V + v] = tblStart.length;
          tblStart.push(bounds.length);
          // An external's route more specific than what it owns wins; on a tie the simulator has an exit
          // branch too, and this takes that one (a tie's forwarding branch depends on the ingress).
          const routedPast = n.kind === 'external' ? routedPastOwnership(forwarding, n, vrfNames[v]!) : undefined;
          let previous = -1;
          let previousOwns = -1;
          starts.forEach((x, k) => {
            const list = internList(forwarding.lookup(n.name, vrfNames[v]!, x), n);
            const owns = routedPast && ownsAt[k] === OWN_EXTERNAL && addressSetContains(routedPast.beats, x) ? 0 : ownsAt[k]!;
            if (list === previous && owns === previousOwns) return;
            bounds.push(x);
            boundList.push(list);
            boundOwns.push(owns);
            previous = list;
            previousOwns = owns;
          });
          tblEnd.push(bounds.length);
        }
      });
      this.tblStart = Int32Array.from(tblStart);
      this.tblEnd = Int32Array.from(tblEnd);
      this.bounds = Uint32Array.from(bounds);
      this.boundList = Int32Array.from(boundList);
      this.boundOwns = Uint8Array.from(boundOwns);
      this.listStart = Int32Array.from(listStart);
      this.listEnd = Int32Array.from(listEnd);
      this.brType = Uint8Array.from(brType);
      this.brEgress = Int32Array.from(brEgress);
      this.brNext = Int32Array.from(brNext);
    }

    // Source owners: numbered interfaces (first owner wins on duplicates across VRFs), then externals for
    // the space they own, most specific first. An address on one of the topology's segments that no
    // interface holds is owned by nobody, even inside an external's space: the Internet's 0.0.0.0/0 must
    // not adopt a flow whose sender the topology does not know (replay reports such flows instead).
    {
      const owners: [number, number, number][] = [];
      ifs.forEach((x, i) => {
        if (x.count > 0) owners.push([x.addr, x.addr + x.count - 1, i]);
      });
      owners.sort((a, b) => a[0] - b[0] || a[2] - b[2]);
      const space: [number, number, number][] = segments.map((s) => [prefixFirst(s.prefix), prefixLast(s.prefix), -1]);
      nodes.forEach((n, ni) => {
        if (n.kind !== 'external' || this.nodeIfStart[ni] === this.nodeIfEnd[ni]) return;
        for (const [lo, hi] of n.owns.ranges) space.push([lo, hi, this.nodeIfStart[ni]!]);
      });
      // Widest first (later entries win); the sort is stable, so an external owning exactly a segment's prefix keeps it.
      space.sort((a, b) => b[1] - b[0] - (a[1] - a[0]));
      this.sourceOwner = new AddressIntervals([...space, ...owners.reverse()]);
    }
    // Destination zone: segment prefixes and external ownership, most specific wins.
    {
      const painted: [number, number, number][] = [];
      nodes.forEach((n) => {
        if (n.kind === 'external') for (const [lo, hi] of n.owns.ranges) painted.push([lo, hi, zoneId(n.zone)]);
      });
      for (const s of segments) painted.push([prefixFirst(s.prefix), prefixLast(s.prefix), zoneId(s.zone)]);
      painted.sort((a, b) => b[1] - b[0] - (a[1] - a[0]));
      this.zoneByAddress = new AddressIntervals(painted);
    }
    this.ifIndex = ifIndex;
    this.nodeIndexByName = nodeIndex;

    // Path cache: cut wherever a destination-only decision of the walk can change (FIB intervals, own
    // ranges, segment owners, segment prefixes, externals' space).
    {
      const cuts = new Set<number>([0]);
      const cut = (lo: number, hi: number): void => {
        cuts.add(lo);
        if (hi < 0xffffffff) cuts.add(hi + 1);
      };
      for (const b of this.bounds) cuts.add(b);
      for (let k = 0; k < this.ownLo.length; k++) cut(this.ownLo[k]!, this.ownHi[k]!);
      for (let k = 0; k < this.nodeOwnLo.length; k++) cut(this.nodeOwnLo[k]!, this.nodeOwnHi[k]!);
      for (const s of segments) cut(prefixFirst(s.prefix), prefixLast(s.prefix));
      for (const n of nodes) if (n.kind === 'external') for (const [lo, hi] of n.owns.ranges) cut(lo, hi);
      this.cutStarts = Uint32Array.from([...cuts].sort((a, b) => a - b));
      this.pathCacheOn = options.pathCache ?? true;
      for (let i = 0; i < I; i++) this.pathRows.push(EMPTY_ROW);
    }
  }

  private readonly ifIndex: Map<string, number>;
  private readonly nodeIndexByName: Map<string, number>;

  get ruleCount(): number {
    return this.rules.length;
  }

  get zoneCount(): number {
    return this.zoneNames.length;
  }

  /**
   * The interface a named start location stands for: `node` (its first numbered interface) or
   * `node.interface` / `node:interface`; -1 when unknown.
   */
  resolveStart(name: string): number {
    const sep = name.search(/[.:]/);
    if (sep >= 0) return this.ifIndex.get(`${name.slice(0, sep)}\u0000${name.slice(sep + 1)}`) ?? -1;
    const n = this.nodeIndexByName.get(name);
    if (n === undefined) return -1;
    for (let i = this.nodeIfStart[n]!; i < this.nodeIfEnd[n]!; i++) if (this.ifAddrCount[i]! > 0) return i;
    return this.nodeIfStart[n]! < this.nodeIfEnd[n]! ? this.nodeIfStart[n]! : -1;
  }

  /** The node and interface names of a global interface index. */
  interfaceAt(itf: number): { node: string; interface: string } {
    const full = this.interfaceNames[itf]!;
    const dot = full.indexOf('.');
    return { node: full.slice(0, dot), interface: full.slice(dot + 1) };
  }

  /** Names a start location can be given by, for hints. */
  startNames(): string[] {
    return [...this.nodeNames, ...this.interfaceNames];
  }

  /** The interface whose address (or pool, or external ownership outside the topology's segments) holds `src`; -1 if none. */
  startForSource(src: number): number {
    return this.sourceOwner.lookup(src);
  }

  /** Zone of the segment (or external network) that holds `addr`, most specific first; -1 if none. */
  zoneOfAddress(addr: number): number {
    return this.zoneByAddress.lookup(addr);
  }

  /** Zone a flow entering at interface `itf` comes from: the zone of its segment; -1 if none. */
  zoneOfInterface(itf: number): number {
    return itf < 0 ? -1 : this.ifZone[itf]!;
  }

  nodeOfInterface(itf: number): number {
    return this.ifNode[itf]!;
  }

  /**
   * Start interfaces for a flow set's start names (-1 where unknown). A bare node name becomes
   * -(node + 2): which of its interfaces a flow leaves from depends on the flow's source, as in
   * engine/flow.ts originVrf, and is decided per flow by `evaluateFlow`.
   */
  startTable(flows: Pick<FlowSet, 'startNames'>): Int32Array {
    return Int32Array.from(flows.startNames, (name) => {
      if (/[.:]/.test(name)) return this.resolveStart(name);
      const n = this.nodeIndexByName.get(name);
      return n === undefined || this.nodeIfStart[n] === this.nodeIfEnd[n] ? -1 : -(n + 2);
    });
  }

  /** The interface a node originates `src` from: the one owning it, else its first in VRF default, else its first (engine/flow.ts originVrf). */
  private originInterface(node: number, src: number): number {
    const first = this.nodeIfStart[node]!;
    const end = this.nodeIfEnd[node]!;
    for (let i = first; i < end; i++) if (this.ifAddrCount[i]! > 0 && src >= this.ifAddr[i]! && src - this.ifAddr[i]! < this.ifAddrCount[i]!) return i;
    for (let i = first; i < end; i++) if (this.ifVrf[i] === DEFAULT_VRF_INDEX) return i;
    return first;
  }

  /**
   * Evaluates one flow; returns its disposition code and sets `decidingRule`, `finalNode` and
   * `startInterface`. `hits`, when given, gets +weight for every ACL decision along the path.
   * A flow with no start (`startIf` < 0 and no owner of its source) ends `no-route` at node -1.
   * For ICMP, `srcPort` carries the type and `dstPort` the code.
   */
  evaluate(src: number, dst: number, proto: number, srcPort: number, dstPort: number, startIf: number, hits?: Float64Array, weight = 1): number {
    const isIcmp = proto === PROTO.icmp;
    const sp = isIcmp ? 0 : srcPort;
    const dp = isIcmp ? 0 : dstPort;
    const icmpType = isIcmp ? srcPort : 0;
    const icmpCode = isIcmp ? dstPort : 0;
    if (startIf < 0) startIf = this.startForSource(src);
    this.startInterface = startIf;
    this.decidingRule = -1;
    if (startIf < 0) {
      this.finalNode = -1;
      return D_NO_ROUTE;
    }
    this.startNode = this.ifNode[startIf]!;
    if (this.pathCacheOn) {
      const p = this.cachedPath(startIf, dst);
      if (p >= 0) {
        const end = this.pathEnd[p]!;
        for (let k = this.pathStart[p]!; k < end; k++) {
          const denied = this.checkPair(this.pathPair[k]!, src, dst, proto, sp, dp, icmpType, icmpCode, hits, weight);
          if (denied >= 0) {
            this.finalNode = this.pathNode[k]!;
            return this.seqOut[denied] === 1 ? D_DENIED_OUT : D_DENIED_IN;
          }
        }
        this.finalNode = this.pathFinalNode[p]!;
        const d = this.pathDisposition[p]!;
        // Recorded with every ACL permitting, denied-in can only be a refusal, which decides by no rule.
        if (d === D_DENIED_IN) this.decidingRule = -1;
        return d;
      }
    }
    return this.walk(src, dst, proto, sp, dp, icmpType, icmpCode, startIf, hits, weight, false);
  }

  /** The path id of (start interface, interval of dst), recording it on first use; < 0: walk instead. */
  private cachedPath(startIf: number, dst: number): number {
    const cuts = this.cutStarts;
    let row = this.pathRows[startIf]!;
    if (row.length === 0) {
      if (this.pathEntriesLeft < cuts.length) return PATH_UNCACHEABLE;
      this.pathEntriesLeft -= cuts.length;
      row = this.pathRows[startIf] = new Int32Array(cuts.length).fill(PATH_UNKNOWN);
    }
    const g = upperBoundMinusOne(cuts, 0, cuts.length, dst);
    let p = row[g]!;
    if (p === PATH_UNKNOWN) {
      p = row[g] = this.recordPath(startIf, dst);
      // Recording overwrote the outputs; evaluate sets them again from the path.
      this.startInterface = startIf;
      this.decidingRule = -1;
    }
    return p;
  }

  /** Walks dst from startIf with every ACL taken as permitting, noting the checks met; PATH_UNCACHEABLE if the walk read more than dst. */
  private recordPath(startIf: number, dst: number): number {
    this.recLength = 0;
    this.recCacheable = true;
    const d = this.walk(0, dst, 0, 0, 0, 0, 0, startIf, undefined, 0, true);
    if (!this.recCacheable) return PATH_UNCACHEABLE;
    const id = this.pathStart.length;
    this.pathStart.push(this.pathPair.length);
    for (let k = 0; k < this.recLength; k++) {
      this.pathPair.push(this.recPair[k]!);
      this.pathNode.push(this.recNode[k]!);
    }
    this.pathEnd.push(this.pathPair.length);
    this.pathDisposition.push(d);
    this.pathFinalNode.push(this.finalNode);
    return id;
  }

  /** While recording: the walk reached something that reads more than the destination. */
  private uncacheable(): number {
    this.recCacheable = false;
    return D_NO_ROUTE;
  }

  /**
   * The hop-by-hop walk (the path cache's slow twin). `record`: note each ACL pair met in
   * recPair/recNode and take it as permitting, and stop as uncacheable at anything that reads more
   * than the destination.
   */
  private walk(
    src: number, dst: number, proto: number, sp: number, dp: number, icmpType: number, icmpCode: number,
    startIf: number, hits: Float64Array | undefined, weight: number, record: boolean,
  ): number {
    const ported = proto === PROTO.tcp || proto === PROTO.udp;
    let node = this.ifNode[startIf]!;
    let ingress = -1;
    let previousEgress = -1;
    let vrf = this.ifVrf[startIf]!;
    let hops = 0;
    const V = this.vrfCount;
    for (;;) {
      this.finalNode = node;
      // Loop: the same (node, VRF, header) seen before on this path; then the hop guard.
      const ports = ((sp << 16) | dp) >>> 0;
      for (let k = 0; k < hops; k++) {
        if (this.seenNode[k] === node && this.seenDst[k] === dst && this.seenVrf[k] === vrf && this.seenSrc[k] === src && this.seenPorts[k] === ports) return D_LOOP;
      }
      if (hops >= HOP_LIMIT) return D_HOP_LIMIT;
      this.seenNode[hops] = node;
      this.seenVrf[hops] = vrf;
      this.seenSrc[hops] = src;
      this.seenDst[hops] = dst;
      this.seenPorts[hops] = ports;
      hops++;

      const kind = this.nodeKind[node]!;
      const origin = ingress < 0;
      const filtering = kind === K_ROUTER || kind === K_FIREWALL;
      // Strict uRPF first, on every packet entering the interface (before destination NAT).
      if (filtering && !origin) {
        const u = this.ifUrpf[ingress]!;
        if (u >= 0 && record) return this.uncacheable();
        if (u >= 0 && findRange(this.urpfLo, this.urpfHi, this.urpfStart[u]!, this.urpfEnd[u]!, src) < 0) return this.refused();
      }
      // Destination NAT on the ingress interface, before the route lookup.
      if (filtering && !origin && this.hasDnat[ingress] === 1) {
        if (record) return this.uncacheable();
        const nat = firstNat(this.ifDnat[ingress]!, src, dst, proto, sp, dp, icmpType, icmpCode);
        if (nat) {
          dst = nat.translateTo;
          if (nat.translatePort !== undefined && ported) dp = nat.translatePort;
        }
      }
      // One FIB search gives the ECMP branch list and whether the node owns the destination.
      const table = this.nodeVrfTable[node * V + vrf]!;
      let list = -1;
      let owns = 0;
      if (table >= 0) {
        const k = upperBoundMinusOne(this.bounds, this.tblStart[table]!, this.tblEnd[table]!, dst);
        list = this.boundList[k]!;
        owns = this.boundOwns[k]!;
      } else {
        owns = this.ownsAddress(node, dst) ? OWN_INTERFACE : 0;
        if (kind === K_EXTERNAL && addressSetContains(this.externalOwns[node]!, dst)) owns |= OWN_EXTERNAL;
      }
      if (!origin) {
        if (kind === K_HOST) {
          return (owns & OWN_INTERFACE) !== 0 ? D_DELIVERED : this.refused(); // hosts never forward
        } else if (kind >= K_GATEWAY) {
          if (record) return this.uncacheable();
          const own = (owns & OWN_INTERFACE) !== 0;
          const admitted =
            kind === K_GATEWAY
              ? own && ingress === this.gwSide[node] && anyServiceMatchesFields(this.gwAccepts[node]!, proto, sp, dp, icmpType, icmpCode)
              : kind === K_RELAY
                ? this.relayAdmits(node, own, previousEgress, src, dst, proto, sp, dp, icmpType, icmpCode)
                : this.pepAdmits(node, own, list, ingress, dst, proto, sp, dp, icmpType, icmpCode);
          return admitted ? D_TERMINATED : this.refused();
        } else if (kind === K_EXTERNAL) {
          if (owns !== 0) return D_EXITS_NETWORK;
        } else if (kind === K_DEDICATED) {
          if (owns !== 0) return D_DELIVERED;
        } else if (owns !== 0) {
          // Addressed to the router itself: only its ingress ACLs apply.
          const pair = this.pairIndex(node, ingress, -1);
          if (this.pairNoPolicy[pair] === 1) return this.refused();
          if (record) return this.recordCheck(pair, node, D_DELIVERED);
          return this.checkPair(pair, src, dst, proto, sp, dp, icmpType, icmpCode, hits, weight) < 0 ? D_DELIVERED : D_DENIED_IN;
        }
      } else if (kind === K_HOST && owns !== 0) {
        return D_DELIVERED;
      }

      const first = list < 0 ? 0 : this.listStart[list]!;
      const n = list < 0 ? 0 : this.listEnd[list]! - first;
      let egress: number;
      let next: number;
      if (n > 0) {
        if (n > 1 && record) return this.uncacheable();
        const b = n === 1 ? first : first + (mix32(flowHash(src, dst, proto, sp, dp) ^ Math.imul(node, 0x9e3779b1)) % n);
        const type = this.brType[b]!;
        egress = this.brEgress[b]!;
        if (type === B_FORWARD) {
          next = this.brNext[b]!;
        } else if (type === B_ONLINK) {
          next = this.ownerOnSegment(this.ifSegment[egress]!, dst);
          if (next < 0 || this.ifNode[next] === node) return D_NO_ROUTE;
        } else {
          return type === B_DROP ? D_NULL_ROUTED : type === B_LOOP ? D_LOOP : D_NO_ROUTE;
        }
      } else if (kind === K_EXTERNAL && origin) {
        // An external network sending with no matching route keeps what it owns; anything else goes
        // like an unnamed host on its segment: on-link directly, else to the segment's implicit gateway.
        if (owns !== 0) return D_EXITS_NETWORK;
        egress = this.nodeVrfFirstIf[node * V + vrf]!;
        const seg = egress < 0 ? -1 : this.ifSegment[egress]!;
        if (seg < 0) return D_NO_ROUTE;
        let target = dst;
        if (((dst & this.segMask[seg]!) >>> 0) !== this.segNet[seg]) {
          const gw = this.segImplicitGw[seg]!;
          if (gw < 0) return D_NO_ROUTE;
          target = gw;
        }
        next = this.ownerOnSegment(seg, target);
        if (next < 0 || this.ifNode[next] === node) return D_NO_ROUTE;
      } else {
        return D_NO_ROUTE;
      }

      if (filtering) {
        const pair = this.pairIndex(node, ingress, egress);
        if (this.pairNoPolicy[pair] === 1) return this.refused(); // a firewall without policy passes nothing
        if (record) {
          this.recordCheck(pair, node, 0);
        } else {
          const denied = this.checkPair(pair, src, dst, proto, sp, dp, icmpType, icmpCode, hits, weight);
          if (denied >= 0) return this.seqOut[denied] === 1 ? D_DENIED_OUT : D_DENIED_IN;
        }
        if (this.hasSnat[egress] === 1) {
          if (record) return this.uncacheable();
          const nat = firstNat(this.ifSnat[egress]!, src, dst, proto, sp, dp, icmpType, icmpCode);
          if (nat) {
            src = nat.translateTo;
            if (nat.translatePort !== undefined && ported) sp = nat.translatePort;
          }
        }
      }

      previousEgress = egress;
      ingress = next;
      node = this.ifNode[next]!;
      vrf = this.ifVrf[next]!;
    }
  }

  /** Evaluates flow `i` of a flow set, with the set's start names resolved by `startTable`. */
  evaluateFlow(flows: FlowSet, i: number, startTable: Int32Array, hits?: Float64Array, weight = 1): number {
    const s = flows.start[i]!;
    let startIf = s === START_FROM_SOURCE ? -1 : (startTable[s] ?? -1);
    if (startIf <= -2) startIf = this.originInterface(-startIf - 2, flows.src[i]!);
    else if (s !== START_FROM_SOURCE && startIf < 0) {
      this.startInterface = -1;
      this.finalNode = -1;
      this.decidingRule = -1;
      return D_NO_ROUTE;
    }
    return this.evaluate(flows.src[i]!, flows.dst[i]!, flows.proto[i]!, flows.srcPort[i]!, flows.dstPort[i]!, startIf, hits, weight);
  }

  /** While recording: the walk checks `pair` at `node` here; returns `then`, the walk's result if it permits. */
  private recordCheck(pair: number, node: number, then: number): number {
    this.recPair[this.recLength] = pair;
    this.recNode[this.recLength] = node;
    this.recLength++;
    return then;
  }

  /** denied-in decided by no ACL rule (host, gateway, firewall without policy). */
  private refused(): number {
    this.decidingRule = -1;
    return D_DENIED_IN;
  }

  private pairIndex(node: number, ingress: number, egress: number): number {
    const first = this.nodeIfStart[node]!;
    const count = this.nodeIfEnd[node]! - first;
    const row = ingress < 0 ? 0 : ingress - first + 1;
    const col = egress < 0 ? count : egress - first;
    return this.nodePairBase[node]! + row * (count + 1) + col;
  }

  /** The interface that answers for `addr` on segment `seg` (engine/routing.ts ownerOf), or -1. */
  private ownerOnSegment(seg: number, addr: number): number {
    if (seg < 0) return -1;
    const k = findRange(this.ownLo, this.ownHi, this.segOwnStart[seg]!, this.segOwnEnd[seg]!, addr);
    return k < 0 ? -1 : this.ownIf[k]!;
  }

  private ownsAddress(node: number, addr: number): boolean {
    for (let k = this.nodeOwnStart[node]!; k < this.nodeOwnEnd[node]!; k++) {
      if (addr >= this.nodeOwnLo[k]! && addr <= this.nodeOwnHi[k]!) return true;
    }
    return false;
  }

  /** A relay admits a listed (src, dst or its own address, service[, neighbour MAC]) tuple. */
  private relayAdmits(node: number, own: boolean, previousEgress: number, src: number, dst: number, proto: number, sp: number, dp: number, t: number, c: number): boolean {
    for (const a of this.relayRules[node]!) {
      const dstOk = a.dst === undefined ? own : addressSetContains(a.dst, dst);
      if (!dstOk || !addressSetContains(a.src, src) || !anyServiceMatchesFields(a.services, proto, sp, dp, t, c)) continue;
      if (a.mac === undefined) return true;
      const mac = previousEgress < 0 ? undefined : this.ifMac[previousEgress];
      if (mac !== undefined && mac === a.mac) return true;
    }
    return false;
  }

  /**
   * A zero-trust PEP admits a request for a resource behind its resource side (not for itself), from
   * its client side, on a service it accepts, when its first matching rule (or default) permits the
   * identity of the host that started the flow.
   */
  private pepAdmits(node: number, own: boolean, list: number, ingress: number, dst: number, proto: number, sp: number, dp: number, t: number, c: number): boolean {
    const p = this.peps[node]!;
    if (own || !this.routesVia(node, list, dst, p.resourceIf)) return false;
    if (ingress !== p.clientIf || !anyServiceMatchesFields(p.accepts, proto, sp, dp, t, c)) return false;
    const role = this.nodeRole[this.startNode];
    const posture = this.nodePosture[this.startNode];
    let dataClass: string | undefined;
    for (const d of p.dataClasses) {
      if (addressSetContains(d.resources, dst)) {
        dataClass = d.dataClass;
        break;
      }
    }
    for (const r of p.rules) {
      if (!listed(r.userRoles, role) || !listed(r.devicePostures, posture) || !listed(r.dataClasses, dataClass)) continue;
      if (!addressSetContains(r.resources, dst)) continue;
      if (r.services.length > 0 && !anyServiceMatchesFields(r.services, proto, sp, dp, t, c)) continue;
      return r.action === 'permit';
    }
    return p.permitByDefault;
  }

  /** Whether any ECMP branch of `list` (for `dst` at `node`) forwards out of interface `egress`. */
  private routesVia(node: number, list: number, dst: number, egress: number): boolean {
    if (list < 0 || egress < 0) return false;
    for (let b = this.listStart[list]!; b < this.listEnd[list]!; b++) {
      if (this.brEgress[b] !== egress) continue;
      if (this.brType[b] === B_FORWARD) return true;
      if (this.brType[b] === B_ONLINK) {
        const next = this.ownerOnSegment(this.ifSegment[egress]!, dst);
        if (next >= 0 && this.ifNode[next] !== node) return true;
      }
    }
    return false;
  }

  /** Checks the pair's ACLs in order: -1 when all permit, else the sequence index of the first that denies (deciding rule recorded). */
  private checkPair(pair: number, src: number, dst: number, proto: number, sp: number, dp: number, t: number, c: number, hits: Float64Array | undefined, weight: number): number {
    const end = this.pairEnd[pair]!;
    for (let k = this.pairStart[pair]!; k < end; k++) {
      const acl = this.seqAcl[k]!;
      const r = this.aclClassifier[acl]!.firstMatchFields(src, dst, proto, sp, dp, t, c);
      const id = this.aclRuleBase[acl]! + (r < 0 ? this.aclRuleCount[acl]! : r);
      this.decidingRule = id;
      if (hits) hits[id]! += weight;
      if (this.rulePermit[id] === 0) return k;
    }
    return -1;
  }
}

function listed(values: readonly string[] | undefined, value: string | undefined): boolean {
  return values === undefined || (value !== undefined && values.includes(value));
}

function firstNat(list: readonly NatRule[], src: number, dst: number, proto: number, sp: number, dp: number, t: number, c: number): NatRule | undefined {
  for (const n of list) {
    if (addressSetContains(n.src, src) && addressSetContains(n.dst, dst) && anyServiceMatchesFields(n.services, proto, sp, dp, t, c)) return n;
  }
  return undefined;
}

const EMPTY_ROW = new Int32Array(0);

/** Murmur3 finaliser: a cheap, well-mixed 32-bit hash. */
export function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export function flowHash(src: number, dst: number, proto: number, sp: number, dp: number): number {
  let h = mix32(src ^ 0x5bd1e995);
  h = mix32(h ^ dst);
  h = mix32(h ^ ((proto << 16) | 0));
  return mix32(h ^ (((sp << 16) | dp) >>> 0));
}

/** The ECMP branch the fast path takes at `node` among `branches` equal routes (see the module comment). */
export function ecmpChoice(src: number, dst: number, proto: number, sp: number, dp: number, node: number, branches: number): number {
  return mix32(flowHash(src, dst, proto, sp, dp) ^ Math.imul(node, 0x9e3779b1)) % branches;
}

/**
 * Index of the last bound <= x in [from, to); bounds[from] is 0 so one always exists. Halving a
 * window of known length (no early exit) makes the loop count depend on the table size only.
 */
function upperBoundMinusOne(a: Uint32Array, from: number, to: number, x: number): number {
  let base = from;
  let length = to - from;
  while (length > 1) {
    const half = length >>> 1;
    if (a[base + half]! <= x) base += half;
    length -= half;
  }
  return base;
}

/** Index k in [from, to) with lo[k] <= x <= hi[k] (disjoint sorted ranges), or -1. */
function findRange(lo: Uint32Array, hi: Uint32Array, from: number, to: number, x: number): number {
  let a = from;
  let b = to - 1;
  while (a <= b) {
    const mid = (a + b) >>> 1;
    if (x < lo[mid]!) b = mid - 1;
    else if (x > hi[mid]!) a = mid + 1;
    else return mid;
  }
  return -1;
}

/**
 * Flattens possibly overlapping ranges into disjoint ones; later entries in `ordered` win where they
 * overlap earlier ones (callers put the most specific last).
 */
function paintRanges(ordered: readonly (readonly [number, number, number])[]): [number, number, number][] {
  const cuts = new Set<number>();
  for (const [lo, hi] of ordered) {
    cuts.add(lo);
    if (hi < 0xffffffff) cuts.add(hi + 1);
  }
  const starts = [...cuts].sort((a, b) => a - b);
  const owner = new Array<number>(starts.length).fill(-1);
  for (const [lo, hi, v] of ordered) {
    let k = lowerBound(starts, lo);
    while (k < starts.length && starts[k]! <= hi) owner[k++] = v;
  }
  const out: [number, number, number][] = [];
  starts.forEach((s, k) => {
    const v = owner[k]!;
    if (v < 0) return;
    const end = k + 1 < starts.length ? starts[k + 1]! - 1 : 0xffffffff;
    const last = out[out.length - 1];
    if (last && last[2] === v && last[1] + 1 === s) last[1] = end;
    else out.push([s, end, v]);
  });
  return out;
}

export function compileNetwork(topology: Topology, classifierFactory?: ClassifierFactory, options?: CompileNetworkOptions): CompiledNetwork {
  return new CompiledNetwork(topology, classifierFactory, options);
}
