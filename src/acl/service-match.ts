import type { PacketHeader } from '../net/header.js';
import { PROTO, type ServiceMatch } from '../net/ports.js';

/** Whether one service entry (protocol, ports, ICMP type/code) matches a header. */
export function serviceMatches(s: ServiceMatch, h: PacketHeader): boolean {
  if (s.protocol === undefined) return true;
  if (s.protocol !== h.protocol) return false;
  if (h.protocol === PROTO.tcp || h.protocol === PROTO.udp) {
    return h.srcPort >= s.srcPorts.first && h.srcPort <= s.srcPorts.last && h.dstPort >= s.dstPorts.first && h.dstPort <= s.dstPorts.last;
  }
  if (h.protocol === PROTO.icmp) {
    return (s.icmpType === undefined || s.icmpType === h.icmpType) && (s.icmpCode === undefined || s.icmpCode === h.icmpCode);
  }
  return true;
}

export function anyServiceMatches(services: readonly ServiceMatch[], h: PacketHeader): boolean {
  for (const s of services) if (serviceMatches(s, h)) return true;
  return false;
}
