/**
 * Service matching on separate header fields instead of a PacketHeader object, so the hot loop
 * allocates nothing. Same semantics as src/acl/service-match.ts (checked by the agreement tests).
 */
import { PROTO, type ServiceMatch } from '../net/ports.js';
import { addressSetContains, type AddressSet } from '../net/address-set.js';

export function serviceMatchesFields(s: ServiceMatch, proto: number, srcPort: number, dstPort: number, icmpType: number, icmpCode: number): boolean {
  if (s.protocol === undefined) return true;
  if (s.protocol !== proto) return false;
  if (proto === PROTO.tcp || proto === PROTO.udp) {
    return srcPort >= s.srcPorts.first && srcPort <= s.srcPorts.last && dstPort >= s.dstPorts.first && dstPort <= s.dstPorts.last;
  }
  if (proto === PROTO.icmp) {
    return (s.icmpType === undefined || s.icmpType === icmpType) && (s.icmpCode === undefined || s.icmpCode === icmpCode);
  }
  return true;
}

export function anyServiceMatchesFields(list: readonly ServiceMatch[], proto: number, srcPort: number, dstPort: number, icmpType: number, icmpCode: number): boolean {
  for (let i = 0; i < list.length; i++) if (serviceMatchesFields(list[i]!, proto, srcPort, dstPort, icmpType, icmpCode)) return true;
  return false;
}

export { addressSetContains, type AddressSet };
