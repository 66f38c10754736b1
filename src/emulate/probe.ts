/** A probe: one concrete packet the emulation sends, with the node it starts from. */
import { formatIpv4, type Ipv4 } from '../net/ipv4.js';
import { PROTO, protocolName } from '../net/ports.js';
import type { PacketHeader } from '../net/header.js';

/** Protocols the kernel probes can send: TCP connect, UDP datagram, ICMP echo request. */
export const PROBE_PROTOCOLS = [PROTO.tcp, PROTO.udp, PROTO.icmp] as const;
export const ICMP_ECHO_REQUEST = 8;

export interface Probe extends PacketHeader {
  /** Unique within a run; also names the probe in reports. */
  readonly id: number;
  /** Node the packet starts from (a host or an external network). */
  readonly from: string;
}

export function isProbeable(h: PacketHeader): boolean {
  if (h.protocol === PROTO.icmp) return h.icmpType === ICMP_ECHO_REQUEST && h.icmpCode === 0;
  return (h.protocol === PROTO.tcp || h.protocol === PROTO.udp) && h.dstPort > 0 && h.srcPort > 0;
}

export function formatProbe(p: Probe): string {
  const proto = protocolName(p.protocol);
  const ports = p.protocol === PROTO.icmp ? ` type ${p.icmpType}` : ` ${p.srcPort} → ${p.dstPort}`;
  return `#${p.id} ${p.from}: ${formatIpv4(p.src)} → ${formatIpv4(p.dst)} ${proto}${ports}`;
}

export function probeHeaderKey(h: PacketHeader): string {
  return `${h.src}|${h.dst}|${h.protocol}|${h.srcPort}|${h.dstPort}|${h.icmpType}|${h.icmpCode}`;
}

export type { Ipv4 };
