/** Small builders for hand-written rules in unit tests. */
import { addressSetFromRanges, ALL_ADDRESSES, type AddressSet } from '../../src/net/address-set.js';
import { parseIpv4 } from '../../src/net/ipv4.js';
import type { PacketHeader } from '../../src/net/header.js';
import { parseService, type ServiceMatch } from '../../src/net/ports.js';
import type { AclRule } from '../../src/topology/model.js';

export function ip(text: string): number {
  const v = parseIpv4(text);
  if (v === undefined) throw new Error(`bad test address ${text}`);
  return v;
}

/** `any`, `a.b.c.d`, `a.b.c.d-e.f.g.h`, comma-separated. */
export function addrs(text: string): AddressSet {
  if (text === 'any') return ALL_ADDRESSES;
  return addressSetFromRanges(
    text.split(',').map((part) => {
      const [lo, hi] = part.split('-') as [string, string | undefined];
      return [ip(lo), ip(hi ?? lo)] as const;
    }),
  );
}

export function svc(text: string): ServiceMatch {
  const parsed = parseService(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.service;
}

export function rule(index: number, src: string, dst: string, services: string[], action: 'permit' | 'deny' = 'permit'): AclRule {
  return { name: `t${index}`, index, action, src: addrs(src), dst: addrs(dst), services: services.map(svc), location: undefined };
}

export function header(src: string, dst: string, protocol: number, srcPort = 0, dstPort = 0, icmpType = 0, icmpCode = 0): PacketHeader {
  return { src: ip(src), dst: ip(dst), protocol, srcPort, dstPort, icmpType, icmpCode };
}
