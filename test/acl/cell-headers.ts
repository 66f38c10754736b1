/** Shared by the ACL analysis tests. */
import type { PacketHeader } from '../../src/net/header.js';
import { PROTO } from '../../src/net/ports.js';
import type { AclRule } from '../../src/topology/model.js';

/** One header per elementary cell: every rule is constant on a cell, so these decide reachability. */
export function cellHeaders(rules: readonly AclRule[]): PacketHeader[] {
  const starts = (ranges: (readonly [number, number])[], max: number) =>
    [...new Set([0, ...ranges.flatMap(([lo, hi]) => [lo, hi + 1])])].filter((v) => v <= max);
  const services = rules.flatMap((r) => r.services);
  const src = starts(rules.flatMap((r) => r.src.ranges), 0xffffffff);
  const dst = starts(rules.flatMap((r) => r.dst.ranges), 0xffffffff);
  const sport = starts(services.map((s) => [s.srcPorts.first, s.srcPorts.last] as const), 65535);
  const dport = starts(services.map((s) => [s.dstPorts.first, s.dstPorts.last] as const), 65535);
  const types = starts(services.flatMap((s) => (s.icmpType === undefined ? [] : [[s.icmpType, s.icmpType] as const])), 255);
  const protocols = starts(services.flatMap((s) => (s.protocol === undefined ? [] : [[s.protocol, s.protocol] as const])), 255);
  const out: PacketHeader[] = [];
  for (const s of src)
    for (const d of dst)
      for (const protocol of protocols) {
        const base = { src: s, dst: d, protocol, srcPort: 0, dstPort: 0, icmpType: 0, icmpCode: 0 };
        if (protocol === PROTO.tcp || protocol === PROTO.udp) for (const sp of sport) for (const dp of dport) out.push({ ...base, srcPort: sp, dstPort: dp });
        else if (protocol === PROTO.icmp) for (const t of types) out.push({ ...base, icmpType: t });
        else out.push(base);
      }
  return out;
}
