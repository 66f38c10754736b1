/**
 * Header sets as readable ranges for diff reports. Sets in a diff hold only well-formed headers (header-set.ts
 * WELL_FORMED: ports 0 without TCP/UDP, ICMP type/code 0 without ICMP), which as raw boxes read as
 * `proto 0,2,3,4,5,7-16,18-255 sport 0 dport 0 icmp-type 0 icmp-code 0`. Here a field a box's protocols
 * cannot carry is left out, and boxes that then agree on every other field are merged over their protocols,
 * so the same set reads `proto any`. The raw boxes stay exact in the JSON report.
 */
import { PROTO } from '../net/ports.js';
import { formatBox, type HeaderBox, type HeaderSet, type Range } from '../symbolic/header-set.js';
import { mergeRanges } from '../net/ranges.js';

function covers(ranges: readonly Range[] | undefined, value: number): boolean {
  return ranges === undefined || ranges.some(([lo, hi]) => lo <= value && value <= hi);
}

function isZero(ranges: readonly Range[] | undefined): boolean {
  return ranges !== undefined && ranges.length === 1 && ranges[0]?.[0] === 0 && ranges[0]?.[1] === 0;
}


/** Boxes of a well-formed set with the fields its protocols cannot carry left out, merged over protocols. */
export function readableBoxes(set: HeaderSet, limit: number): { boxes: HeaderBox[]; truncated: boolean } {
  const raw = set.boxes(limit * 4);
  const groups = new Map<string, { box: HeaderBox; protocols: Range[] }>();
  for (const box of raw.boxes) {
    const ported = covers(box.protocol, PROTO.tcp) || covers(box.protocol, PROTO.udp);
    const icmp = covers(box.protocol, PROTO.icmp);
    const rest: { -readonly [K in keyof HeaderBox]: HeaderBox[K] } = { ...box };
    delete rest.protocol;
    if (!ported && isZero(rest.srcPort) && isZero(rest.dstPort)) {
      delete rest.srcPort;
      delete rest.dstPort;
    }
    if (!icmp && isZero(rest.icmpType) && isZero(rest.icmpCode)) {
      delete rest.icmpType;
      delete rest.icmpCode;
    }
    const key = JSON.stringify(rest);
    const g = groups.get(key);
    const protocols = box.protocol ?? [[0, 255]];
    if (g) g.protocols.push(...protocols);
    else groups.set(key, { box: rest, protocols: [...protocols] });
  }
  const boxes: HeaderBox[] = [];
  for (const { box, protocols } of groups.values()) {
    const merged = mergeRanges(protocols);
    const any = merged.length === 1 && merged[0]?.[0] === 0 && merged[0]?.[1] === 255;
    boxes.push(any ? box : { ...box, protocol: merged });
  }
  return { boxes: boxes.slice(0, limit), truncated: raw.truncated || boxes.length > limit };
}

/** The set as text, one box per line (at most `limit`, then a `…` line). */
export function describeHeaders(set: HeaderSet, limit: number): string {
  if (set.isEmpty()) return '(no headers)';
  const { boxes, truncated } = readableBoxes(set, limit);
  const lines = boxes.map(formatBox);
  if (truncated) lines.push(`… (more than ${limit} boxes)`);
  return lines.join('\n');
}
