/** A concrete packet header: the unit every engine classifies. */
import type { Ipv4 } from './ipv4.js';

export interface PacketHeader {
  readonly src: Ipv4;
  readonly dst: Ipv4;
  /** IANA protocol number. */
  readonly protocol: number;
  /** 0 for protocols without ports. */
  readonly srcPort: number;
  readonly dstPort: number;
  /** ICMP only; 0 otherwise. */
  readonly icmpType: number;
  readonly icmpCode: number;
}
