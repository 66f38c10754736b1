/**
 * Rules that can never decide: a rule whose whole match set is covered by the rules before it.
 * Exact, by recursive splitting of boxes over (src, dst, protocol, a, b), where (a, b) are the fields the
 * matcher reads for that protocol (service-match.ts): tcp/udp ports 0-65535, ICMP type/code
 * 0-255, nothing (a = b = 0) for other protocols. Each service is clipped to that universe first, so
 * e.g. 256 single-type ICMP rules do cover a later "icmp any". Coverage is therefore about
 * well-formed headers (protocol 0-255, ports 0-65535, ICMP type/code 0-255), which is all a real
 * packet can carry.
 */
import { PROTO, type ServiceMatch } from '../net/ports.js';
import type { AclRule } from '../topology/model.js';
import type { PacketHeader } from '../net/header.js';
import { compileRules } from './compiled.js';

/** [srcLo, srcHi, dstLo, dstHi, protoLo, protoHi, aLo, aHi, bLo, bHi] */
type Box = readonly number[];

export interface CoveredRule {
  readonly index: number;
  readonly name: string;
  /**
   * `redundant`: every covering rule has the same action (removing it changes nothing);
   * `shadowed`: some covering rule has the other action (the rule's intent is lost);
   * `empty`: the rule matches no header at all.
   */
  readonly kind: 'redundant' | 'shadowed' | 'empty';
  /** Indices of earlier rules that together cover it (each covers some part of it), ascending. */
  readonly coveredBy: readonly number[];
}

export interface CoverageReport {
  readonly covered: CoveredRule[];
  /** Rules whose check exceeded the work budget: neither proven covered nor proven reachable. */
  readonly undetermined: number[];
}

const PORT_MAX = 65535;
const ICMP_MAX = 255;
/** Protocols read with no further fields, as ranges. */
const PLAIN_PROTOCOL_RANGES: readonly (readonly [number, number])[] = [
  [0, 0],
  [2, 5],
  [7, 16],
  [18, 255],
];

/** (protocol, a, b) boxes of one service inside the reachable universe. */
function serviceBoxes(s: ServiceMatch): number[][] {
  if (s.protocol === undefined) {
    return [
      ...PLAIN_PROTOCOL_RANGES.map(([lo, hi]) => [lo, hi, 0, 0, 0, 0]),
      [PROTO.icmp, PROTO.icmp, 0, ICMP_MAX, 0, ICMP_MAX],
      [PROTO.tcp, PROTO.tcp, 0, PORT_MAX, 0, PORT_MAX],
      [PROTO.udp, PROTO.udp, 0, PORT_MAX, 0, PORT_MAX],
    ];
  }
  const p = s.protocol;
  if (p === PROTO.tcp || p === PROTO.udp) return [[p, p, s.srcPorts.first, s.srcPorts.last, s.dstPorts.first, s.dstPorts.last]];
  if (p === PROTO.icmp) {
    const [tLo, tHi] = s.icmpType === undefined ? [0, ICMP_MAX] : [s.icmpType, s.icmpType];
    const [cLo, cHi] = s.icmpCode === undefined ? [0, ICMP_MAX] : [s.icmpCode, s.icmpCode];
    return tLo > ICMP_MAX || cLo > ICMP_MAX ? [] : [[p, p, tLo, tHi, cLo, cHi]];
  }
  return [[p, p, 0, 0, 0, 0]];
}

export function ruleBoxes(rule: AclRule): Box[] {
  const out: Box[] = [];
  const services = rule.services.flatMap(serviceBoxes);
  for (const [sLo, sHi] of rule.src.ranges)
    for (const [dLo, dHi] of rule.dst.ranges) for (const sv of services) out.push([sLo, sHi, dLo, dHi, ...sv]);
  return out;
}

function intersects(x: Box, y: Box): boolean {
  for (let f = 0; f < 10; f += 2) if ((x[f] as number) > (y[f + 1] as number) || (y[f] as number) > (x[f + 1] as number)) return false;
  return true;
}

function boundingBox(boxes: readonly Box[]): number[] {
  const bb = [Infinity, -Infinity, Infinity, -Infinity, Infinity, -Infinity, Infinity, -Infinity, Infinity, -Infinity];
  for (const b of boxes)
    for (let f = 0; f < 10; f += 2) {
      bb[f] = Math.min(bb[f] as number, b[f] as number);
      bb[f + 1] = Math.max(bb[f + 1] as number, b[f + 1] as number);
    }
  return bb;
}

function contains(outer: Box, inner: Box): boolean {
  for (let f = 0; f < 10; f += 2) if ((outer[f] as number) > (inner[f] as number) || (outer[f + 1] as number) < (inner[f + 1] as number)) return false;
  return true;
}

/** A candidate: one box of an earlier rule. */
interface Candidate {
  readonly rule: number;
  readonly box: Box;
}

/** The header at a box's low corner; boxes live in the reachable universe, so it is a real header. */
export function boxCorner(box: Box): PacketHeader {
  const protocol = box[4] as number;
  const a = box[6] as number;
  const b = box[8] as number;
  const ported = protocol === PROTO.tcp || protocol === PROTO.udp;
  const icmp = protocol === PROTO.icmp;
  return { src: box[0] as number, dst: box[2] as number, protocol, srcPort: ported ? a : 0, dstPort: ported ? b : 0, icmpType: icmp ? a : 0, icmpCode: icmp ? b : 0 };
}

type Verdict = { covered: true } | { covered: false; witness: Box } | { covered: undefined };

/**
 * Whether region r is inside the union of the candidates: a candidate containing r settles it; no
 * candidate leaves r uncovered (r itself is the witness); otherwise split r at the median boundary of
 * the field with the most candidate boundaries inside r and decide both halves.
 */
function coverRegion(r: Box, candidates: readonly Candidate[], used: Set<number>, budget: { nodes: number }): Verdict {
  if (--budget.nodes < 0) return { covered: undefined };
  const live: Candidate[] = [];
  for (const c of candidates) if (intersects(c.box, r)) live.push(c);
  if (live.length === 0) return { covered: false, witness: r };
  for (let k = live.length - 1; k >= 0; k--) {
    const c = live[k] as Candidate;
    if (contains(c.box, r)) {
      used.add(c.rule);
      return { covered: true };
    }
  }
  let bestField = -1;
  let bestCuts: number[] = [];
  for (let f = 0; f < 10; f += 2) {
    const lo = r[f] as number;
    const hi = r[f + 1] as number;
    const cuts = new Set<number>();
    for (const c of live) {
      const cLo = c.box[f] as number;
      const cHi = c.box[f + 1] as number;
      if (cLo > lo) cuts.add(cLo);
      if (cHi < hi) cuts.add(cHi + 1);
    }
    if (cuts.size > bestCuts.length) {
      bestField = f;
      bestCuts = [...cuts];
    }
  }
  // bestField is set: a live candidate that does not contain r ends inside r on some field.
  bestCuts.sort((x, y) => x - y);
  const cut = bestCuts[bestCuts.length >> 1] as number;
  const left = [...r];
  left[bestField + 1] = cut - 1;
  const right = [...r];
  right[bestField] = cut;
  const first = coverRegion(left, live, used, budget);
  if (first.covered !== true) return first;
  return coverRegion(right, live, used, budget);
}

/**
 * Finds every rule fully covered by earlier rules. Each rule is first probed at the corners of its
 * boxes with a compiled classifier (a corner whose first match is the rule itself proves it
 * reachable); the rest are decided exactly by coverRegion. `maxNodes` bounds the work per rule: a
 * rule that needs more is reported undetermined, never guessed.
 */
export function findCoveredRules(rules: readonly AclRule[], maxNodes = 200_000): CoverageReport {
  const boxes = rules.map(ruleBoxes);
  const bounds = new Float64Array(rules.length * 10);
  boxes.forEach((b, i) => bounds.set(boundingBox(b), i * 10));
  const compiled = compileRules(rules);
  const covered: CoveredRule[] = [];
  const undetermined: number[] = [];
  for (let j = 0; j < rules.length; j++) {
    const rule = rules[j] as AclRule;
    const own = boxes[j] as Box[];
    if (own.length === 0) {
      covered.push({ index: j, name: rule.name, kind: 'empty', coveredBy: [] });
      continue;
    }
    if (own.some((b) => probeCorners(b).some((h) => compiled.firstMatch(h) === j))) continue;
    const candidates: Candidate[] = [];
    for (let i = 0; i < j; i++) {
      let overlaps = true;
      for (let f = 0; f < 10; f += 2) {
        if ((bounds[i * 10 + f] as number) > (bounds[j * 10 + f + 1] as number) || (bounds[j * 10 + f] as number) > (bounds[i * 10 + f + 1] as number)) {
          overlaps = false;
          break;
        }
      }
      if (overlaps) for (const box of boxes[i] as Box[]) candidates.push({ rule: i, box });
    }
    const used = new Set<number>();
    const budget = { nodes: maxNodes };
    let verdict: Verdict = { covered: true };
    for (const b of own) {
      verdict = coverRegion(b, candidates, used, budget);
      if (verdict.covered !== true) break;
    }
    if (verdict.covered === undefined) undetermined.push(j);
    else if (verdict.covered) {
      const coveredBy = [...used].sort((x, y) => x - y);
      const kind = coveredBy.every((i) => rules[i]?.action === rule.action) ? 'redundant' : 'shadowed';
      covered.push({ index: j, name: rule.name, kind, coveredBy });
    }
  }
  return { covered, undetermined };
}

/** Low corner, high corner and centre of a box, as headers. */
function probeCorners(b: Box): PacketHeader[] {
  const hi = [b[1], b[1], b[3], b[3], b[5], b[5], b[7], b[7], b[9], b[9]] as number[];
  const mid = b.map((_, f) => Math.floor(((b[f - (f % 2)] as number) + (b[f - (f % 2) + 1] as number)) / 2));
  return [boxCorner(b), boxCorner(hi), boxCorner(mid)];
}
