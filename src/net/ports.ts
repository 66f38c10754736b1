/** Protocols as IANA numbers, inclusive port ranges, and service specs such as `tcp/443` or `udp/1000-2000`. */

export const PROTO = Object.freeze({ icmp: 1, tcp: 6, udp: 17, gre: 47, esp: 50, icmpv6: 58 } as const);
export type ProtocolName = keyof typeof PROTO;

export const PROTOCOL_NAMES: Readonly<Record<number, string>> = Object.freeze(
  Object.fromEntries(Object.entries(PROTO).map(([name, num]) => [num, name])),
);

export interface PortRange {
  readonly first: number;
  readonly last: number;
}

export const ANY_PORT: PortRange = Object.freeze({ first: 0, last: 65535 });

/** A protocol-level match: protocol (undefined = any), port ranges for tcp/udp, type/code for icmp. */
export interface ServiceMatch {
  readonly protocol: number | undefined;
  readonly srcPorts: PortRange;
  readonly dstPorts: PortRange;
  /** ICMP type/code; undefined = any. Only meaningful for ICMP. */
  readonly icmpType?: number | undefined;
  readonly icmpCode?: number | undefined;
}

export const ANY_SERVICE: ServiceMatch = Object.freeze({ protocol: undefined, srcPorts: ANY_PORT, dstPorts: ANY_PORT });

export function protocolNumber(name: string): number | undefined {
  if (/^\d{1,3}$/.test(name)) {
    const n = Number(name);
    return n <= 255 ? n : undefined;
  }
  return (PROTO as Record<string, number>)[name.toLowerCase()];
}

export function protocolName(num: number | undefined): string {
  if (num === undefined) return 'any';
  return PROTOCOL_NAMES[num] ?? String(num);
}

export type PortParse = { ok: true; range: PortRange } | { ok: false; reason: string };

/** Parses `443`, `1000-2000` or `any`. */
export function parsePortRange(text: string): PortParse {
  if (text === 'any' || text === '*') return { ok: true, range: ANY_PORT };
  const m = /^(\d+)(?:-(\d+))?$/.exec(text);
  if (!m) return { ok: false, reason: `"${text}" is not a port or a range like 1000-2000` };
  const first = Number(m[1]);
  const last = m[2] === undefined ? first : Number(m[2]);
  if (first > 65535 || last > 65535) return { ok: false, reason: `port ${Math.max(first, last)} is out of range 0-65535` };
  if (first > last) return { ok: false, reason: `range ${first}-${last} is reversed` };
  return { ok: true, range: { first, last } };
}

export type ServiceParse = { ok: true; service: ServiceMatch } | { ok: false; reason: string };

/**
 * Parses a service spec: `tcp/443`, `udp/1000-2000`, `tcp/any`, `tcp/1024-65535:443` (sport:dport),
 * `icmp`, `icmp/8` (type), `icmp/3/4` (type/code), `any`, or a bare protocol (`gre`, `50`).
 */
export function parseService(text: string): ServiceParse {
  if (text === 'any' || text === 'ip') return { ok: true, service: ANY_SERVICE };
  const parts = text.split('/');
  const protoText = parts[0] ?? '';
  const protocol = protocolNumber(protoText);
  if (protocol === undefined) return { ok: false, reason: `unknown protocol "${protoText}"` };
  if (protocol === PROTO.tcp || protocol === PROTO.udp) {
    if (parts.length > 2) return { ok: false, reason: `"${text}" has too many "/" parts` };
    const portsText = parts[1] ?? 'any';
    const colon = portsText.indexOf(':');
    const src = parsePortRange(colon < 0 ? 'any' : portsText.slice(0, colon));
    const dst = parsePortRange(colon < 0 ? portsText : portsText.slice(colon + 1));
    if (!src.ok) return src;
    if (!dst.ok) return dst;
    return { ok: true, service: { protocol, srcPorts: src.range, dstPorts: dst.range } };
  }
  if (protocol === PROTO.icmp) {
    if (parts.length > 3) return { ok: false, reason: `"${text}" has too many "/" parts` };
    const typeNum = parts[1] === undefined ? undefined : Number(parts[1]);
    const codeNum = parts[2] === undefined ? undefined : Number(parts[2]);
    for (const v of [typeNum, codeNum]) {
      if (v !== undefined && (!Number.isInteger(v) || v < 0 || v > 255)) {
        return { ok: false, reason: `ICMP type/code in "${text}" must be 0-255` };
      }
    }
    return { ok: true, service: { protocol, srcPorts: ANY_PORT, dstPorts: ANY_PORT, icmpType: typeNum, icmpCode: codeNum } };
  }
  if (parts.length > 1) return { ok: false, reason: `protocol ${protoText} has no ports` };
  return { ok: true, service: { protocol, srcPorts: ANY_PORT, dstPorts: ANY_PORT } };
}

export function formatPortRange(r: PortRange): string {
  if (r.first === 0 && r.last === 65535) return 'any';
  return r.first === r.last ? String(r.first) : `${r.first}-${r.last}`;
}

export function formatService(s: ServiceMatch): string {
  if (s.protocol === undefined) return 'any';
  const name = protocolName(s.protocol);
  if (s.protocol === PROTO.tcp || s.protocol === PROTO.udp) {
    const src = formatPortRange(s.srcPorts);
    const dst = formatPortRange(s.dstPorts);
    return src === 'any' ? `${name}/${dst}` : `${name}/${src}:${dst}`;
  }
  if (s.protocol === PROTO.icmp && s.icmpType !== undefined) {
    return s.icmpCode === undefined ? `${name}/${s.icmpType}` : `${name}/${s.icmpType}/${s.icmpCode}`;
  }
  return name;
}
