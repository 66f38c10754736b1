/**
 * Probes for the kernel oracle, deterministic from a seed: at the boundaries of every filter rule (the
 * lowest and highest header inside its match, and just outside its destination and destination port),
 * plus random headers. Each probe enters the device on one interface: the rule's `-i` when it has one,
 * else the interface whose subnet holds the source (the uplink for other sources), and sometimes a
 * random other one (a forged source).
 */
import type { LinuxInterface } from '../../../src/import/formats/linux-ip.js';
import type { Ruleset, Term } from '../../../src/import/formats/linux-ruleset.js';
import { ALL_CUBE, type Cube } from '../../../src/import/formats/linux-cube.js';
import { prefixContains, type Ipv4 } from '../../../src/net/ipv4.js';
import type { KernelProbe } from './linux-kernel.js';
import { UNREGISTERED_MAC_PORTS } from './linux-kernel.js';

export function prng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 0x100000000;
  };
}

export interface ProbePlan {
  readonly probes: KernelProbe[];
  /** Rules with a probe at their boundaries, of all filter rules. */
  readonly rulesProbed: number;
  readonly filterRules: number;
  /** Why headers were left out, with counts. */
  readonly skipped: Record<string, number>;
  /** Probes from a source a MAC rule names, sent from a MAC no rule names (kernel may deny what the import lets pass). */
  readonly unregisteredMac: Set<number>;
  readonly maxBoundary: number;
  readonly random: number;
}

const UNSENDABLE_SRC = (ip: Ipv4) => ip >>> 24 === 0 || ip >>> 24 === 127 || ip >>> 28 >= 14;
const UNMODELLED_DST = (ip: Ipv4) => ip >>> 24 === 0 || ip >>> 24 === 127 || ip >>> 28 >= 14;

export function planProbes(options: {
  ruleset: Ruleset;
  interfaces: readonly LinuxInterface[];
  macs: ReadonlyMap<Ipv4, string>;
  seed: number;
  random: number;
  /** At most this many boundary probes (a deterministic sample when there are more). */
  maxBoundary: number;
}): ProbePlan {
  const rand = prng(options.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const numbered = options.interfaces.filter((i) => !i.loopback && i.addresses.length > 0);
  const names = numbered.map((i) => i.name);
  const uplink = numbered.find((i) => i.addresses.some((a) => a.prefix.length >= 29))?.name ?? (names[0] as string);
  const home = (ip: Ipv4) => numbered.find((i) => i.addresses.some((a) => prefixContains(a.prefix, ip)))?.name ?? uplink;
  const pool: Ipv4[] = [];
  for (const i of numbered) for (const a of i.addresses) {
    const size = 2 ** (32 - a.prefix.length);
    for (let k = 0; k < 3; k++) pool.push((a.prefix.network + 1 + Math.floor(rand() * Math.max(1, size - 2))) >>> 0);
    pool.push(a.address);
  }
  for (let k = 0; k < 24; k++) pool.push(Math.floor(rand() * 0xdfffffff) >>> 0);
  const skipped: Record<string, number> = {};
  const skip = (why: string) => (skipped[why] = (skipped[why] ?? 0) + 1);

  type Draft = Omit<KernelProbe, 'id'>;
  const drafts: Draft[] = [];
  const pickIn = (r: readonly (readonly [number, number])[], where: 'lo' | 'hi'): number => {
    const range = where === 'lo' ? r[0] : r[r.length - 1];
    return range ? (where === 'lo' ? range[0] : range[1]) : 0;
  };
  const fullAddresses = (c: Cube, field: 'src' | 'dst') => c[field].ranges.length === 1 && c[field].ranges[0]?.[0] === 0 && c[field].ranges[0]?.[1] === 0xffffffff;
  const addressAt = (c: Cube, field: 'src' | 'dst', where: 'lo' | 'hi' | 'out') => {
    if (fullAddresses(c, field)) return pick(pool);
    const r = c[field].ranges;
    if (where === 'out') return ((pickIn(r, 'hi') + 1) >>> 0);
    return pickIn(r, where);
  };
  let filterRules = 0;
  let rulesProbed = 0;
  for (const table of options.ruleset.tables) {
    if (table.name !== 'filter' && table.family !== 'inet') continue;
    for (const chain of table.chains.values()) {
      for (const rule of chain.rules) {
        filterRules++;
        const header = rule.terms.find((t): t is Extract<Term, { type: 'header' }> => t.type === 'header');
        const c = header?.cubes[0] ?? ALL_CUBE;
        const iif = rule.terms.find((t): t is Extract<Term, { type: 'iif' }> => t.type === 'iif' && !t.negate && t.patterns.length === 1 && !t.patterns[0]?.wildcard);
        // ICMP echo goes by ping (a process per probe): only for rules that name ICMP, and a few random ones.
        const protos = c.proto.length === 1 && c.proto[0]?.[0] === c.proto[0]?.[1] ? [c.proto[0]?.[0] as number] : [6, 17];
        const before = drafts.length;
        for (const where of ['lo', 'hi', 'out-dst', 'out-port'] as const) {
          const protocol = where === 'lo' ? (protos[0] as number) : pick(protos);
          if (protocol !== 6 && protocol !== 17 && protocol !== 1) {
            skip('rule of a protocol the probes cannot send (not tcp, udp or icmp)');
            continue;
          }
          const src = addressAt(c, 'src', where === 'hi' ? 'hi' : 'lo');
          const dst = addressAt(c, 'dst', where === 'out-dst' ? 'out' : where === 'hi' ? 'hi' : 'lo');
          let dstPort = protocol === 1 ? 0 : pickIn(c.dport, where === 'hi' ? 'hi' : 'lo');
          if (where === 'out-port' && protocol !== 1) dstPort = Math.min(65535, pickIn(c.dport, 'hi') + 1);
          if (protocol !== 1 && dstPort === 0) dstPort = 1;
          const sportFull = c.sport.length === 1 && c.sport[0]?.[0] === 0 && c.sport[0]?.[1] === 65535;
          const srcPort = protocol === 1 ? 0 : sportFull ? 20000 + Math.floor(rand() * 29000) : Math.max(1, pickIn(c.sport, where === 'hi' ? 'hi' : 'lo'));
          const ingress = iif?.patterns[0]?.name && names.includes(iif.patterns[0].name) && where !== 'out-dst' ? iif.patterns[0].name : rand() < 0.15 ? pick(names) : home(src);
          drafts.push({ ingress, src, dst, protocol, srcPort, dstPort, icmpType: protocol === 1 ? 8 : 0, icmpCode: 0 });
        }
        if (drafts.length > before) rulesProbed++;
      }
    }
  }
  // A deterministic sample when there are too many boundaries.
  let boundary = drafts;
  if (boundary.length > options.maxBoundary) {
    const keep = new Set<number>();
    while (keep.size < options.maxBoundary) keep.add(Math.floor(rand() * boundary.length));
    boundary = [...keep].sort((a, b) => a - b).map((i) => drafts[i] as Draft);
  }
  const wellKnown = [22, 25, 53, 80, 123, 389, 443, 636, 1194, 3306, 5060, 8080];
  const random: Draft[] = [];
  for (let k = 0; k < options.random; k++) {
    const protocol = rand() < 0.03 ? 1 : pick([6, 17]);
    const src = rand() < 0.7 ? pick(pool) : Math.floor(rand() * 0xdfffffff) >>> 0;
    random.push({
      ingress: rand() < 0.7 ? home(src) : pick(names),
      src,
      dst: rand() < 0.8 ? pick(pool) : Math.floor(rand() * 0xdfffffff) >>> 0,
      protocol,
      srcPort: protocol === 1 ? 0 : 20000 + Math.floor(rand() * 29000),
      dstPort: protocol === 1 ? 0 : rand() < 0.6 ? pick(wellKnown) : 1 + Math.floor(rand() * 65535),
      icmpType: protocol === 1 ? 8 : 0,
      icmpCode: 0,
    });
  }
  // Registered sources also once from a MAC no rule names (a high source port keeps the sender's MAC).
  const unregisteredDrafts: Draft[] = [];
  for (const d of boundary) if (d.protocol !== 1 && options.macs.has(d.src) && rand() < 0.5) unregisteredDrafts.push({ ...d, srcPort: UNREGISTERED_MAC_PORTS + Math.floor(rand() * 15000) });

  // Make every probe sendable and independent: unique 5-tuples, never the reverse of another (conntrack
  // would see a reply), few SSH SYNs per source (the `recent` rate rule).
  const probes: KernelProbe[] = [];
  const unregisteredMac = new Set<number>();
  const keys = new Set<string>();
  const ssh = new Map<Ipv4, number>();
  const all: [Draft, boolean][] = [...boundary.map((d) => [d, false] as [Draft, boolean]), ...random.map((d) => [d, false] as [Draft, boolean]), ...unregisteredDrafts.map((d) => [d, true] as [Draft, boolean])];
  for (const [d0, unregistered] of all) {
    let d = d0;
    if (UNSENDABLE_SRC(d.src)) {
      skip('source the kernel cannot send from (0/8, 127/8, multicast, class E)');
      continue;
    }
    if (d.src === d.dst) {
      skip('source and destination are one address');
      continue;
    }
    if (UNMODELLED_DST(d.dst) || d.dst === 0xffffffff) {
      skip('destination outside the packet model (0/8, 127/8, multicast, class E, limited broadcast)');
      continue;
    }
    if (d.protocol === 6 && d.dstPort === 22) {
      const n = (ssh.get(d.src) ?? 0) + 1;
      ssh.set(d.src, n);
      if (n > 8) {
        skip('more SSH SYNs from one source than the `recent` rate rule allows');
        continue;
      }
    }
    const keyOf = (x: Draft) => (x.protocol === 1 ? `${x.src}|${x.dst}` : `${x.src}|${x.dst}|${x.protocol}|${x.srcPort}|${x.dstPort}`);
    const reverseOf = (x: Draft) => (x.protocol === 1 ? `${x.dst}|${x.src}` : `${x.dst}|${x.src}|${x.protocol}|${x.dstPort}|${x.srcPort}`);
    const taken = (x: Draft) => keys.has(keyOf(x)) || keys.has(reverseOf(x));
    // Only a free source port (not one the rule names) may be drawn again.
    for (let attempt = 0; taken(d) && d.srcPort >= 20000 && attempt < 20; attempt++) d = { ...d, srcPort: (unregistered ? UNREGISTERED_MAC_PORTS : 20000) + Math.floor(rand() * 15000) };
    if (taken(d)) {
      skip('the same header twice (or its reverse) would meet connection state');
      continue;
    }
    keys.add(keyOf(d));
    const id = probes.length;
    probes.push({ id, ...d });
    if (unregistered) unregisteredMac.add(id);
  }
  return { probes, rulesProbed, filterRules, skipped, unregisteredMac, maxBoundary: options.maxBoundary, random: options.random };
}

export function sourcesByIngress(probes: readonly KernelProbe[]): Map<string, Set<Ipv4>> {
  const out = new Map<string, Set<Ipv4>>();
  for (const p of probes) {
    const s = out.get(p.ingress) ?? new Set<Ipv4>();
    s.add(p.src);
    out.set(p.ingress, s);
  }
  return out;
}
