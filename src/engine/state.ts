/**
 * Connection state created by a forward trace, read by its reply: like conntrack, an entry holds a
 * session's header as it entered a node and as it left (after NAT). A reply matches an entry when it
 * is the exact reverse of the header that left; it then leaves as the reverse of the header that
 * entered (NAT undone). Stateful firewalls also let matching replies pass without meeting ACLs.
 */
import type { PacketHeader } from '../net/header.js';
import { PROTO } from '../net/ports.js';

export interface SessionEntry {
  readonly node: string;
  /** The forward header as it arrived (before destination NAT). */
  readonly entered: PacketHeader;
  /** The forward header as it left (after source NAT). */
  readonly left: PacketHeader;
  /** Whether the node passes matching return traffic without ACLs (stateful firewall). */
  readonly stateful: boolean;
}

/** ICMP query types and their reply types. */
const ICMP_REPLY: Readonly<Record<number, number>> = { 8: 0, 13: 14, 15: 16, 17: 18 };

/** The header a reply carries: addresses and ports swapped; an ICMP request answered by its reply type. */
export function reverseHeader(h: PacketHeader): PacketHeader {
  return {
    src: h.dst,
    dst: h.src,
    protocol: h.protocol,
    srcPort: h.dstPort,
    dstPort: h.srcPort,
    icmpType: h.protocol === PROTO.icmp ? (ICMP_REPLY[h.icmpType] ?? h.icmpType) : h.icmpType,
    icmpCode: h.icmpCode,
  };
}

export function sameHeader(a: PacketHeader, b: PacketHeader): boolean {
  return (
    a.src === b.src &&
    a.dst === b.dst &&
    a.protocol === b.protocol &&
    a.srcPort === b.srcPort &&
    a.dstPort === b.dstPort &&
    a.icmpType === b.icmpType &&
    a.icmpCode === b.icmpCode
  );
}

export function headerKey(h: PacketHeader): string {
  return `${h.src}|${h.dst}|${h.protocol}|${h.srcPort}|${h.dstPort}|${h.icmpType}|${h.icmpCode}`;
}

/** The entry at `node` whose reply `h` is, if any. */
export function findSession(sessions: readonly SessionEntry[], node: string, h: PacketHeader): SessionEntry | undefined {
  return sessions.find((s) => s.node === node && sameHeader(reverseHeader(s.left), h));
}
