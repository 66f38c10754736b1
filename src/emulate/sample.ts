/**
 * Choosing probes when no flows are given: the boundary values of every rule (first/last address of each
 * range, first/last port and the ports just outside, per service) and of every NAT rule and gateway service,
 * plus random probes between the realised endpoints. Deterministic for a seed.
 *
 * A probe starts at the node that owns its source address (a host pool member or an external network);
 * destinations may be any address except the sender's own and segment network/broadcast addresses (whose kernel
 * meaning differs from a unicast delivery). Routers', firewalls' and dedicated lines' own addresses are probed
 * too: what reaches them is decided by their `in` ACLs (nft.ts, input chain), as in the simulator.
 *
 * Some probes are spoofed: a host sends with a source it does not own (plan.ts puts it on the host's `lo`).
 * Every router or firewall interface with strict uRPF gets spoofed probes from the hosts on its segment,
 * with sources it accepts and sources it drops; and about one random probe in eight is spoofed. A spoofed
 * source is never the address of a router, firewall or dedicated line, nor one of the destination node's
 * (the kernel drops a packet claiming to come from the receiving node itself as a martian, whatever uRPF
 * says), nor an address the sender also sends to (it would be delivered on the sender's `lo`). Nor does any
 * probe come from an address a router or firewall answers for by NAT (plan.ts natAnswered): the kernel holds it
 * on that node, which drops it as a source claiming to be its own (strict uRPF too) where the simulator passes it.
 */
import { addressSetContains, addressSetIsAll, addressSetUnion, type AddressSet } from '../net/address-set.js';
import { urpfAccepts, urpfSources } from '../engine/urpf.js';
import { parseIpv4, prefixFirst, prefixLast, type Ipv4 } from '../net/ipv4.js';
import { PROTO, type PortRange, type ServiceMatch } from '../net/ports.js';
import type { Topology } from '../topology/model.js';
import { AddressOwners, FORWARDING_KINDS, GATEWAY_KINDS, poolMemberAddresses } from './owners.js';
import { sampledMembers, DEFAULT_POOL_SAMPLE, gatewayAcceptances, natAnswered } from './plan.js';
import { ICMP_ECHO_REQUEST, probeHeaderKey, type Probe } from './probe.js';

export interface SampleOptions {
  /** Random probes in addition to the boundary ones. */
  readonly random: number;
  readonly seed?: number | undefined;
  /** Cap on boundary probes (the first ones in rule order are kept). */
  readonly maxBoundary?: number | undefined;
  readonly poolSample?: number | undefined;
  /** Spoofed probes per strict-uRPF interface (default 4: sources it accepts and sources it drops). */
  readonly urpfProbes?: number | undefined;
}

/** Small, fast, seedable PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const REPRESENTATIVE_EXTERNAL = ['198.51.100.7', '8.8.8.8', '192.0.2.77', '1.1.1.1'].map((t) => parseIpv4(t) as Ipv4);
const FIRST_SOURCE_PORT = 20000;
const LAST_SOURCE_PORT = 60999;

function isSpecial(ip: Ipv4): boolean {
  const first = ip >>> 24;
  return first === 0 || first === 127 || first >= 224;
}

interface Endpoint {
  readonly node: string;
  readonly ip: Ipv4;
}

export class ProbeSampler {
  private readonly owners: AddressOwners;
  private readonly unusable = new Set<Ipv4>();
  /** Addresses routers and firewalls answer for by NAT: never a probe's source. */
  private readonly natOwned: AddressSet;
  private readonly probes: Probe[] = [];
  private readonly seen = new Set<string>();
  /** Per sender: the sources it spoofs, and the destinations it sends to (the two must never meet). */
  private readonly spoofs = new Map<string, Set<Ipv4>>();
  private readonly sentTo = new Map<string, Set<Ipv4>>();
  private nextSourcePort = FIRST_SOURCE_PORT;
  readonly sources: Endpoint[] = [];
  readonly destinations: Endpoint[] = [];

  constructor(
    readonly topology: Topology,
    poolSample: number = DEFAULT_POOL_SAMPLE,
  ) {
    this.owners = new AddressOwners(topology);
    this.natOwned = addressSetUnion(...[...natAnswered(topology).values()].map((c) => c.set));
    for (const seg of topology.segments.values()) {
      if (seg.prefix.length <= 30) {
        this.unusable.add(prefixFirst(seg.prefix));
        this.unusable.add(prefixLast(seg.prefix));
      }
    }
    for (const node of topology.nodes.values()) {
      if (node.kind === 'host') {
        for (const m of sampledMembers(node.count, poolSample)) {
          for (const ip of poolMemberAddresses(node, m)) {
            this.sources.push({ node: node.name, ip });
            this.destinations.push({ node: node.name, ip });
          }
        }
      } else if (node.kind === 'external') {
        const candidates = [...REPRESENTATIVE_EXTERNAL, ...node.owns.ranges.flatMap(([lo, hi]) => [lo + 1, Math.floor((lo + hi) / 2), hi - 1])];
        const picked = candidates.filter((ip) => this.owners.owner(ip)?.node === node.name && !isSpecial(ip) && !this.unusable.has(ip) && !addressSetContains(this.natOwned, ip)).slice(0, 2);
        for (const ip of picked) {
          this.sources.push({ node: node.name, ip });
          this.destinations.push({ node: node.name, ip });
        }
      } else if (GATEWAY_KINDS.has(node.kind) || FORWARDING_KINDS.has(node.kind)) {
        for (const itf of node.interfaces.values()) if (itf.address !== undefined) this.destinations.push({ node: node.name, ip: itf.address });
      }
    }
  }

  /** The node a probe from `ip` starts at, when something can send from it. */
  senderOf(ip: Ipv4): string | undefined {
    if (isSpecial(ip) || this.unusable.has(ip) || addressSetContains(this.natOwned, ip)) return undefined;
    const owner = this.owners.owner(ip);
    return owner && (owner.role === 'host' || owner.role === 'external') ? owner.node : undefined;
  }

  /** Whether `ip` is a reasonable destination for a probe from `from`. */
  usableDestination(from: string, ip: Ipv4): boolean {
    if (isSpecial(ip) || this.unusable.has(ip)) return false;
    if (this.spoofs.get(from)?.has(ip)) return false;
    // With overlapping logical networks an address can belong to the sender and to another node.
    if (this.ownedBy(from, ip)) return false;
    return this.owners.owner(ip)?.node !== from;
  }

  private ownedBy(node: string, ip: Ipv4): boolean {
    const sender = this.topology.nodes.get(node);
    return sender !== undefined && [...sender.interfaces.values()].some((i) => i.address !== undefined && ip >= i.address && ip < i.address + (sender.kind === 'host' ? sender.count : 1));
  }

  /** Whether host `from` may send with the source `ip` it does not own. */
  spoofable(from: string, ip: Ipv4): boolean {
    if (this.topology.nodes.get(from)?.kind !== 'host' || isSpecial(ip) || this.unusable.has(ip) || this.ownedBy(from, ip)) return false;
    if (addressSetContains(this.natOwned, ip)) return false;
    if (this.sentTo.get(from)?.has(ip)) return false;
    const owner = this.owners.owner(ip);
    return owner?.role !== 'forwarder' && owner?.node !== from;
  }

  /** A probe from host `from` with a source it does not own; false when that source or destination cannot be used. */
  addSpoofed(from: string, src: Ipv4, dst: Ipv4, protocol: number, dstPort: number): boolean {
    if (src === dst || !this.spoofable(from, src) || !this.usableDestination(from, dst)) return false;
    // A node drops a packet that claims to come from one of its own addresses (a martian).
    const srcOwner = this.owners.owner(src)?.node;
    if (srcOwner !== undefined && srcOwner === this.owners.owner(dst)?.node) return false;
    const before = this.probes.length;
    this.add(from, src, dst, protocol, dstPort);
    if (this.probes.length === before) return false;
    const set = this.spoofs.get(from) ?? new Set<Ipv4>();
    set.add(src);
    this.spoofs.set(from, set);
    return true;
  }

  private sourcePort(): number {
    const port = this.nextSourcePort;
    this.nextSourcePort = port >= LAST_SOURCE_PORT ? FIRST_SOURCE_PORT : port + 1;
    return port;
  }

  add(from: string, src: Ipv4, dst: Ipv4, protocol: number, dstPort: number, srcPort?: number): void {
    if (!this.usableDestination(from, dst)) return;
    const icmp = protocol === PROTO.icmp;
    const header = {
      src,
      dst,
      protocol,
      srcPort: icmp ? 0 : (srcPort ?? 0),
      dstPort: icmp ? 0 : dstPort,
      icmpType: icmp ? ICMP_ECHO_REQUEST : 0,
      icmpCode: 0,
    };
    const key = `${from}|${probeHeaderKey(header)}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    const sent = this.sentTo.get(from) ?? new Set<Ipv4>();
    sent.add(dst);
    this.sentTo.set(from, sent);
    this.probes.push({ ...header, srcPort: icmp ? 0 : (srcPort ?? this.sourcePort()), id: this.probes.length, from });
  }

  get count(): number {
    return this.probes.length;
  }

  result(): Probe[] {
    return this.probes;
  }
}

function rangeBoundaries(set: AddressSet, limit: number): Ipv4[] {
  if (addressSetIsAll(set)) return [];
  return set.ranges.flatMap(([lo, hi]) => (lo === hi ? [lo] : [lo, hi])).slice(0, limit);
}

function portBoundaries(r: PortRange): number[] {
  const out = new Set<number>([r.first, r.last, r.first - 1, r.last + 1]);
  return [...out].filter((p) => p >= 1 && p <= 65535);
}

function protocolsOf(s: ServiceMatch): number[] {
  return s.protocol === undefined ? [PROTO.tcp, PROTO.udp, PROTO.icmp] : [PROTO.tcp, PROTO.udp, PROTO.icmp].includes(s.protocol as 6) ? [s.protocol] : [];
}

interface Matchable {
  readonly src: AddressSet;
  readonly dst: AddressSet;
  readonly services: readonly ServiceMatch[];
}

/** Every rule-like thing of the topology whose edges are worth probing. */
export function matchables(topology: Topology): Matchable[] {
  const out: Matchable[] = [];
  for (const node of topology.nodes.values()) {
    if (node.kind === 'router' || node.kind === 'firewall') {
      for (const acl of node.acls) for (const rule of acl.rules) out.push(rule);
      for (const nat of node.nat) out.push(nat);
    } else if (GATEWAY_KINDS.has(node.kind)) {
      out.push(...gatewayAcceptances(node, (n) => n));
    }
  }
  return out;
}

export function sampleProbes(topology: Topology, options: SampleOptions): Probe[] {
  const sampler = new ProbeSampler(topology, options.poolSample);
  const random = prng(options.seed ?? 1);
  const pick = <T>(list: readonly T[]): T | undefined => list[Math.floor(random() * list.length)];
  const maxBoundary = options.maxBoundary ?? 5000;
  const interestingPorts = new Set<number>([22, 53, 80, 443]);

  for (const m of matchables(topology)) {
    if (sampler.count >= maxBoundary) break;
    const srcs = rangeBoundaries(m.src, 4).filter((ip) => sampler.senderOf(ip) !== undefined);
    const dsts = rangeBoundaries(m.dst, 4);
    for (const service of m.services.slice(0, 3)) {
      for (const protocol of protocolsOf(service)) {
        const ports = protocol === PROTO.icmp ? [0] : portBoundaries(service.dstPorts);
        for (const p of ports) interestingPorts.add(p);
        const srcPort = protocol !== PROTO.icmp && (service.srcPorts.first !== 0 || service.srcPorts.last !== 65535) ? service.srcPorts.first : undefined;
        const baseDst = dsts[0] ?? pick(sampler.destinations)?.ip;
        if (baseDst === undefined) continue;
        // A random sender, when the rule names none that can send, that is not the destination itself.
        let base = srcs[0] !== undefined ? { node: sampler.senderOf(srcs[0]) as string, ip: srcs[0] } : undefined;
        for (let tries = 0; !base && tries < 10; tries++) {
          const s = pick(sampler.sources);
          if (s && sampler.usableDestination(s.node, baseDst)) base = s;
        }
        if (!base) continue;
        for (const d of dsts) sampler.add(base.node, base.ip, d, protocol, ports[0] as number, srcPort);
        for (const s of srcs) sampler.add(sampler.senderOf(s) as string, s, baseDst, protocol, ports[0] as number, srcPort);
        for (const p of ports) sampler.add(base.node, base.ip, baseDst, protocol, p, srcPort);
        if (srcPort !== undefined && service.srcPorts.last !== srcPort) sampler.add(base.node, base.ip, baseDst, protocol, ports[0] as number, service.srcPorts.last);
      }
    }
  }
  const portList = [...interestingPorts];
  const anyProtocol = () => pick([PROTO.tcp, PROTO.udp, PROTO.icmp]) as number;
  const anyPort = () => Math.max(1, random() < 0.7 ? (pick(portList) as number) : 1 + Math.floor(random() * 65535));
  urpfProbes(topology, sampler, options.urpfProbes ?? 4, { pick, anyProtocol, anyPort });

  const boundary = sampler.count;
  const hosts = sampler.sources.filter((s) => topology.nodes.get(s.node)?.kind === 'host');
  const addresses = [...sampler.sources, ...sampler.destinations].map((e) => e.ip);
  for (let attempts = 0; sampler.count < boundary + options.random && attempts < options.random * 20; attempts++) {
    const d = pick(sampler.destinations);
    if (!d) break;
    // About one in eight from a host with a source it does not own: another endpoint's address or any address.
    if (hosts.length > 0 && random() < 0.125) {
      const s = pick(hosts) as Endpoint;
      const src = random() < 0.75 ? (pick(addresses) as Ipv4) : Math.floor(random() * 0x100000000);
      sampler.addSpoofed(s.node, src, d.ip, anyProtocol(), anyPort());
      continue;
    }
    const s = pick(sampler.sources);
    if (!s) break;
    sampler.add(s.node, s.ip, d.ip, anyProtocol(), anyPort());
  }
  return sampler.result();
}

/**
 * Spoofed probes across every strict-uRPF interface: from hosts on its segment (a sampled member each), with
 * sources the interface accepts that the host does not own and sources it drops (real addresses elsewhere in
 * the topology first, then the edges of what it accepts), to destinations anywhere; `perInterface` at most.
 */
function urpfProbes(
  topology: Topology,
  sampler: ProbeSampler,
  perInterface: number,
  draw: { pick: <T>(list: readonly T[]) => T | undefined; anyProtocol: () => number; anyPort: () => number },
): void {
  const endpoints = [...sampler.sources, ...sampler.destinations];
  for (const node of topology.nodes.values()) {
    if (node.kind !== 'router' && node.kind !== 'firewall') continue;
    for (const itf of node.interfaces.values()) {
      if (itf.urpf !== 'strict') continue;
      const senders = sampler.sources.filter((s) => {
        const n = topology.nodes.get(s.node);
        return n?.kind === 'host' && [...n.interfaces.values()].some((i) => i.segment === itf.segment);
      });
      if (senders.length === 0) continue;
      const edges = urpfSources(node, itf).ranges.flatMap(([lo, hi]) => [lo - 1, lo + 1, hi - 1, hi + 1].filter((x) => x >= 0 && x <= 0xffffffff));
      const candidates = [...new Set([...endpoints.map((e) => e.ip), ...edges])];
      const accepted = candidates.filter((ip) => urpfAccepts(node, itf, ip));
      const dropped = candidates.filter((ip) => !urpfAccepts(node, itf, ip));
      let added = 0;
      for (let k = 0; added < perInterface && k < perInterface * 10; k++) {
        const sender = draw.pick(senders) as Endpoint;
        const src = draw.pick(k % 2 === 0 ? dropped : accepted);
        const dst = draw.pick(sampler.destinations);
        if (src === undefined || dst === undefined) continue;
        if (sampler.addSpoofed(sender.node, src, dst.ip, draw.anyProtocol(), draw.anyPort())) added++;
      }
    }
  }
}
