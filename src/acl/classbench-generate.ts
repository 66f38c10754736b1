/**
 * Rule sets of any size drawn from a ClassBench seed (classbench-seed.ts), in ClassBench's rule-file
 * format so parseClassbenchRules reads them like the published sets, and header traces over them.
 *
 * Our own generator after the model of Taylor and Turner's (not a port of db_generator): per rule a
 * protocol, then a port-pair class given the protocol, ports from the class (exact and arbitrary ones from
 * the seed's port lists), prefix lengths given the class, and addresses by walking two lazily decided
 * binary tries whose nodes branch with the seed's per-level probabilities and skew; destination bits copy
 * source bits while the seed's per-level correlation says so. The seed's tries describe a set of `-scale`
 * rules; a set many times larger needs more leaves, so a rule drawn again as a duplicate takes its last
 * bits at random (one more bit on each retry) and keeps its lengths, ports and upper bits. Prefix nesting
 * limits (-snest/-dnest) are not enforced.
 */
import type { AclRule } from '../topology/model.js';
import type { Rng } from '../topology/generate/prng.js';
import { formatIpv4 } from '../net/ipv4.js';
import { PROTO } from '../net/ports.js';
import { PORT_PAIR_CLASSES, type ClassbenchSeed, type PortClass, type TrieLevel, type Weighted } from './classbench-seed.js';

function pickWeighted<T>(rng: Rng, items: readonly Weighted<T>[]): T | undefined {
  const total = items.reduce((s, x) => s + Math.max(0, x.weight), 0);
  if (!(total > 0)) return items.length ? rng.pick(items).value : undefined;
  let r = rng.next() * total;
  for (const x of items) {
    r -= Math.max(0, x.weight);
    if (r < 0) return x.value;
  }
  return items[items.length - 1]?.value;
}

/** A binary trie decided on first visit: one child (which) or two (which is heavier, by how much). */
class AddressTrie {
  /** Per level, keyed by the address bits above it. */
  private readonly nodes: Map<number, { readonly only?: 0 | 1; readonly heavy: 0 | 1; readonly pHeavy: number }>[] = Array.from({ length: 33 }, () => new Map());
  constructor(
    private readonly levels: readonly TrieLevel[],
    private readonly rng: Rng,
  ) {}

  /** The next bit below the node of `bits` (the top `level` bits of an address). */
  step(level: number, bits: number): 0 | 1 {
    const nodes = this.nodes[level] as (typeof this.nodes)[number];
    let node = nodes.get(bits);
    if (!node) {
      const stats = this.levels[level];
      const p1 = stats ? stats.oneChild : 0;
      const p2 = stats ? stats.twoChildren : 1;
      const one = p1 + p2 > 0 && this.rng.next() * (p1 + p2) < p1;
      const heavy = this.rng.chance(0.5) ? 1 : 0;
      // skew = 1 - lighter/heavier: the heavier side takes 1 / (2 - skew) of what passes.
      const skew = Math.min(1, Math.max(0, stats?.skew ?? 0));
      node = one ? { only: heavy, heavy, pHeavy: 1 } : { heavy, pHeavy: 1 / (2 - skew) };
      nodes.set(bits, node);
    }
    if (node.only !== undefined) return node.only;
    return this.rng.chance(node.pHeavy) ? node.heavy : ((1 - node.heavy) as 0 | 1);
  }
}

function portRange(cls: PortClass, exact: readonly Weighted<readonly [number, number]>[], ranges: readonly Weighted<readonly [number, number]>[], rng: Rng): readonly [number, number] {
  switch (cls) {
    case 'wc': return [0, 65535];
    case 'lo': return [0, 1023];
    case 'hi': return [1024, 65535];
    case 'em': {
      const p = pickWeighted(rng, exact);
      if (p) return p;
      const v = rng.int(0, 65535);
      return [v, v];
    }
    case 'ar': {
      const r = pickWeighted(rng, ranges);
      if (r) return r;
      const a = rng.int(0, 65535), b = rng.int(0, 65535);
      return [Math.min(a, b), Math.max(a, b)];
    }
  }
}

/** `count` distinct rules as ClassBench rule lines; fewer only if the seed cannot give that many distinct rules. */
export function generateClassbenchRules(seed: ClassbenchSeed, count: number, rng: Rng): string[] {
  const srcTrie = new AddressTrie(seed.srcTrie, rng.fork('src'));
  const dstTrie = new AddressTrie(seed.dstTrie, rng.fork('dst'));
  const protocols = seed.protocols.map((p) => ({ weight: p.weight, value: { protocol: p.protocol, portPairs: p.portPairs.map((weight, value) => ({ weight, value })) } }));
  const anyLengths = seed.prefixLengths.flat().map((l) => ({ weight: l.weight, value: l }));
  const lengthsByClass = seed.prefixLengths.map((ls) => (ls.length ? ls.map((l) => ({ weight: l.weight, value: l })) : anyLengths));
  const seen = new Set<string>();
  const out: string[] = [];
  let retries = 0;
  for (let attempts = 0; out.length < count && attempts < count * 20; attempts++) {
    const proto = pickWeighted(rng, protocols) as (typeof protocols)[number]['value'];
    const ppc = pickWeighted(rng, proto.portPairs) ?? 0;
    const [sCls, dCls] = PORT_PAIR_CLASSES[ppc] as readonly [PortClass, PortClass];
    const lengths = pickWeighted(rng, lengthsByClass[ppc] ?? anyLengths);
    if (!lengths) break;
    const srcLen = pickWeighted(rng, lengths.src) ?? 0;
    const dstLen = lengths.total - srcLen;
    // On a retry after a duplicate, the last `free` bits of each prefix are drawn at random.
    const free = retries;
    let src = 0;
    for (let l = 0; l < srcLen; l++) src = src * 2 + (l >= srcLen - free ? rng.int(0, 1) : srcTrie.step(l, src));
    let dst = 0;
    let correlated = true;
    for (let l = 0; l < dstLen; l++) {
      if (l >= dstLen - free) {
        dst = dst * 2 + rng.int(0, 1);
      } else if (correlated && l < srcLen && rng.chance(seed.correlation[l] ?? 0)) {
        dst = dst * 2 + Math.floor(src / 2 ** (srcLen - 1 - l)) % 2;
      } else {
        correlated = false;
        dst = dst * 2 + dstTrie.step(l, dst);
      }
    }
    const sp = portRange(sCls, seed.srcExact, seed.srcRanges, rng);
    const dp = portRange(dCls, seed.dstExact, seed.dstRanges, rng);
    const protoField = proto.protocol === 0 ? '0x00/0x00' : `0x${proto.protocol.toString(16).padStart(2, '0')}/0xFF`;
    const prefix = (bits: number, len: number) => `${formatIpv4(len === 0 ? 0 : (bits * 2 ** (32 - len)) >>> 0)}/${len}`;
    const line = `@${prefix(src, srcLen)}\t${prefix(dst, dstLen)}\t${sp[0]} : ${sp[1]}\t${dp[0]} : ${dp[1]}\t${protoField}\t0x0000/0x0000`;
    if (seen.has(line)) {
      retries = Math.min(retries + 1, 32);
      continue;
    }
    retries = 0;
    seen.add(line);
    out.push(line);
  }
  return out;
}

export interface GeneratedHeader {
  readonly src: number;
  readonly dst: number;
  readonly protocol: number;
  readonly srcPort: number;
  readonly dstPort: number;
}

/**
 * `count` headers: most drawn inside a random rule (so every part of the set is exercised), a tenth drawn
 * anywhere (so defaults are hit). Which rule matches first is left to the caller's reference.
 */
export function generateTrace(rules: readonly AclRule[], count: number, rng: Rng): GeneratedHeader[] {
  const out: GeneratedHeader[] = [];
  const inRange = (lo: number, hi: number) => lo + Math.floor(rng.next() * (hi - lo + 1));
  for (let i = 0; i < count; i++) {
    const rule = rules.length && !rng.chance(0.1) ? rng.pick(rules) : undefined;
    if (!rule) {
      out.push({ src: inRange(0, 0xffffffff), dst: inRange(0, 0xffffffff), protocol: rng.pick([PROTO.tcp, PROTO.udp, PROTO.icmp, 47]), srcPort: inRange(0, 65535), dstPort: inRange(0, 65535) });
      continue;
    }
    const [slo, shi] = rule.src.ranges[0] ?? [0, 0xffffffff];
    const [dlo, dhi] = rule.dst.ranges[0] ?? [0, 0xffffffff];
    const service = rng.pick(rule.services);
    const protocol = service.protocol ?? rng.pick([PROTO.tcp, PROTO.udp, PROTO.icmp, 47]);
    const sp = service.srcPorts;
    const dp = service.dstPorts;
    out.push({ src: inRange(slo, shi), dst: inRange(dlo, dhi), protocol, srcPort: inRange(sp.first, sp.last), dstPort: inRange(dp.first, dp.last) });
  }
  return out;
}
