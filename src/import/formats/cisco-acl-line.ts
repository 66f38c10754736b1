/**
 * One Cisco ACL entry (IOS/IOS-XE, NX-OS, IOS-XR, EOS and ASA renderings share most of it): protocol,
 * source and destination (`any`, `host A`, `A WILDCARD`, `A/len`, `object-group N`, ASA `A MASK`
 * and `object N`), port operators (eq, neq, lt, gt, range, named ports), ICMP types by name, and the
 * trailing keywords. Exported for the other Cisco-like importers.
 *
 * What segproof cannot express (TCP flags and `established`, fragments, DSCP/precedence/TOS/TTL,
 * time ranges, IP options) is over-approximated soundly: a permit forgets the condition (it matches
 * more), a deny is dropped (it matches nothing, so later rules or the default decide — never fewer
 * packets pass than on the device). `widened` lists what was forgotten so the caller marks the line
 * approximated.
 */
import { formatIpv4, maskOf, parseIpv4, rangeToPrefixes } from '../../net/ipv4.js';
import { PROTO } from '../../net/ports.js';

/** Inclusive range. */
export type Range = readonly [number, number];

/** A protocol-level match before it is written as a segproof service string. */
export interface CiscoService {
  /** undefined = any protocol (`ip`). */
  readonly protocol: number | undefined;
  readonly src: Range;
  readonly dst: Range;
  readonly icmpType?: number | undefined;
  readonly icmpCode?: number | undefined;
}

export const ANY_PORTS: Range = [0, 65535];
export const ANY_CISCO_SERVICE: CiscoService = { protocol: undefined, src: ANY_PORTS, dst: ANY_PORTS };

/** An address side: segproof address references (`any`, prefixes, `a-b` ranges, object names). */
export interface CiscoAddress {
  readonly refs: readonly string[];
}

export interface CiscoAclEntry {
  readonly action: 'permit' | 'deny';
  readonly src: CiscoAddress;
  readonly dst: CiscoAddress;
  /** Matches when any matches; empty = matches nothing. */
  readonly services: readonly CiscoService[];
  /** Conditions the device checks that segproof cannot (the entry was widened or, for a deny, must be dropped). */
  readonly widened: readonly string[];
  /** ASA `inactive`, NX-OS `remark`-like entries that match nothing. */
  readonly inactive?: boolean | undefined;
}

export type AclParse = { ok: true; entry: CiscoAclEntry } | { ok: false; reason: string; token: number };

/** How addresses with a second dotted quad are read: IOS ACLs use wildcards, ASA and IOS object-groups subnet masks. */
export type MaskStyle = 'wildcard' | 'mask';

export interface AclContext {
  readonly style: MaskStyle;
  /** A network object or object-group name → the address object name to reference (undefined: unknown). */
  readonly addressGroup?: (name: string) => string | undefined;
  /** A service/port object-group name → its services (undefined: not a service group). */
  readonly serviceGroup?: (name: string) => readonly CiscoService[] | undefined;
  /** An ASA port group (`object-group service N tcp` with port-objects) → port ranges. */
  readonly portGroup?: (name: string) => readonly Range[] | undefined;
  /** An ASA protocol group → protocol numbers. */
  readonly protocolGroup?: (name: string) => readonly (number | undefined)[] | undefined;
  /** ASA `interface IF` as an address → the interface's address (a /32), undefined when unknown. */
  readonly interfaceAddress?: (name: string) => string | undefined;
}

/** IANA numbers of the protocol keywords Cisco accepts. */
export const CISCO_PROTOCOLS: Readonly<Record<string, number | undefined>> = {
  ip: undefined, ipv4: undefined, tcp: 6, udp: 17, icmp: 1, igmp: 2, ipinip: 4, gre: 47, esp: 50, ahp: 51, ah: 51,
  eigrp: 88, ospf: 89, nos: 94, pim: 103, pcp: 108, sctp: 132, igrp: 9, snp: 109, 'l2tp': 115, vrrp: 112,
};

/** Named TCP ports (IOS and ASA spellings). */
export const TCP_PORTS: Readonly<Record<string, number>> = {
  bgp: 179, chargen: 19, cmd: 514, rsh: 514, daytime: 13, discard: 9, domain: 53, drip: 3949, echo: 7, exec: 512,
  finger: 79, ftp: 21, 'ftp-data': 20, gopher: 70, hostname: 101, ident: 113, irc: 194, klogin: 543, kshell: 544,
  login: 513, lpd: 515, nntp: 119, 'pim-auto-rp': 496, pop2: 109, pop3: 110, smtp: 25, sunrpc: 111, tacacs: 49,
  talk: 517, telnet: 23, time: 37, uucp: 540, whois: 43, www: 80, http: 80, https: 443, ssh: 22, ldap: 389,
  ldaps: 636, sqlnet: 1521, kerberos: 88, h323: 1720, rtsp: 554, sip: 5060, 'citrix-ica': 1494, ctiqbe: 2748,
  imap4: 143, 'netbios-ssn': 139, pptp: 1723, lotusnotes: 1352, aol: 5190, cifs: 3020, nfs: 2049, 'onep-plain': 15001,
  'onep-tls': 15002, msrpc: 135, 'tacacs-ds': 65, 'netbios-ss': 139,
};

/** Named UDP ports (IOS and ASA spellings). */
export const UDP_PORTS: Readonly<Record<string, number>> = {
  biff: 512, bootpc: 68, bootps: 67, discard: 9, dnsix: 195, domain: 53, echo: 7, isakmp: 500, 'mobile-ip': 434,
  nameserver: 42, 'netbios-dgm': 138, 'netbios-ns': 137, 'netbios-ss': 139, 'non500-isakmp': 4500, ntp: 123,
  'pim-auto-rp': 496, rip: 520, snmp: 161, snmptrap: 162, sunrpc: 111, syslog: 514, tacacs: 49, talk: 517,
  tftp: 69, time: 37, who: 513, xdmcp: 177, radius: 1645, 'radius-acct': 1646, 'secureid-udp': 5510, kerberos: 88,
  nfs: 2049, sip: 5060, cifs: 3020, www: 80, http: 80, vxlan: 4789, 'gtp-u': 2152, wsp: 9200, pcanywhere: 5632,
};

/** ICMP type (and code) names. */
export const ICMP_NAMES: Readonly<Record<string, readonly [number, number?]>> = {
  'echo-reply': [0], unreachable: [3], 'net-unreachable': [3, 0], 'host-unreachable': [3, 1],
  'protocol-unreachable': [3, 2], 'port-unreachable': [3, 3], 'packet-too-big': [3, 4], 'source-route-failed': [3, 5],
  'network-unknown': [3, 6], 'host-unknown': [3, 7], 'host-isolated': [3, 8], 'dod-net-prohibited': [3, 9],
  'dod-host-prohibited': [3, 10], 'net-tos-unreachable': [3, 11], 'host-tos-unreachable': [3, 12],
  'administratively-prohibited': [3, 13], 'host-precedence-unreachable': [3, 14], 'precedence-unreachable': [3, 15],
  'source-quench': [4], redirect: [5], 'net-redirect': [5, 0], 'host-redirect': [5, 1], 'net-tos-redirect': [5, 2],
  'host-tos-redirect': [5, 3], 'alternate-address': [6], echo: [8], 'router-advertisement': [9],
  'router-solicitation': [10], 'time-exceeded': [11], 'ttl-exceeded': [11, 0], 'reassembly-timeout': [11, 1],
  'parameter-problem': [12], 'general-parameter-problem': [12, 0], 'option-missing': [12, 1], 'no-room-for-option': [12, 2],
  'timestamp-request': [13], 'timestamp-reply': [14], 'information-request': [15], 'information-reply': [16],
  'mask-request': [17], 'mask-reply': [18], traceroute: [30], 'conversion-error': [31], 'mobile-redirect': [32],
};

/** Keywords after the addresses that the model cannot check; the value says what they test. */
const UNMODELLED_FLAGS: Readonly<Record<string, number>> = {
  // keyword → number of argument tokens it takes
  established: 0, fragments: 0, ack: 0, syn: 0, fin: 0, psh: 0, rst: 0, urg: 0, '+ack': 0, '+syn': 0, '+fin': 0,
  '+psh': 0, '+rst': 0, '+urg': 0, '-ack': 0, '-syn': 0, '-fin': 0, '-psh': 0, '-rst': 0, '-urg': 0,
  precedence: 1, dscp: 1, tos: 1, 'time-range': 1, option: 1, 'packet-length': 2, 'match-any': 0, 'match-all': 0,
};
const TTL_OPS = new Set(['eq', 'neq', 'lt', 'gt', 'range']);

/** Tokens that cost nothing: logging. */
function isLogging(token: string): boolean {
  return token === 'log' || token === 'log-input' || token === 'log-update';
}

/** Port number for a name or number under a protocol, or undefined. */
export function portNumber(token: string, protocol: number | undefined): number | undefined {
  if (/^\d{1,5}$/.test(token)) {
    const n = Number(token);
    return n <= 65535 ? n : undefined;
  }
  const t = token.toLowerCase();
  if (protocol === PROTO.udp) return UDP_PORTS[t];
  if (protocol === PROTO.tcp) return TCP_PORTS[t];
  // tcp-udp (ASA): a name both know with the same number
  const a = TCP_PORTS[t];
  const b = UDP_PORTS[t];
  return a !== undefined && a === b ? a : a ?? b;
}

export function protocolOf(token: string): { ok: true; protocol: number | undefined } | { ok: false } {
  const t = token.toLowerCase();
  if (t in CISCO_PROTOCOLS) return { ok: true, protocol: CISCO_PROTOCOLS[t] };
  if (/^\d{1,3}$/.test(t) && Number(t) <= 255) return { ok: true, protocol: Number(t) === 0 ? undefined : Number(t) };
  return { ok: false };
}

/**
 * Address ranges matched by `address` under a Cisco wildcard (1 bits = don't care). A contiguous
 * wildcard is one prefix; a non-contiguous one is expanded exactly into ranges, up to `limit` ranges
 * (undefined beyond: the caller over-approximates).
 */
export function wildcardRanges(address: number, wildcard: number, limit = 1024): Range[] | undefined {
  const base = (address & ~wildcard) >>> 0;
  // the trailing run of don't-care bits forms each range; the other don't-care bits enumerate them
  let low = 0;
  while (low < 32 && ((wildcard >>> low) & 1) === 1) low++;
  const size = low === 32 ? 2 ** 32 : 2 ** low;
  const high: number[] = [];
  for (let b = low; b < 32; b++) if (((wildcard >>> b) & 1) === 1) high.push(b);
  if (2 ** high.length > limit) return undefined;
  const out: Range[] = [];
  for (let k = 0; k < 2 ** high.length; k++) {
    let start = base;
    high.forEach((bit, i) => {
      if ((k >>> i) & 1) start = (start | (2 ** bit)) >>> 0;
    });
    out.push([start, start + size - 1]);
  }
  return out.sort((x, y) => x[0] - y[0]);
}

/** Smallest prefix holding every address a wildcard matches (an over-approximation of a non-contiguous one). */
export function wildcardCover(address: number, wildcard: number): string {
  let length = 32;
  while (length > 0 && wildcard >>> (32 - length) !== 0) length--;
  // length: the number of leading bits with no don't-care bit
  const network = (address & maskOf(length)) >>> 0;
  return `${formatIpv4(network)}/${length}`;
}

/** Address references of a range list: prefixes where they fit exactly, else `a-b`. */
export function rangeRefs(ranges: readonly Range[]): string[] {
  const out: string[] = [];
  for (const [first, last] of ranges) {
    const prefixes = rangeToPrefixes(first, last);
    if (prefixes.length === 1) out.push(`${formatIpv4(prefixes[0]?.network as number)}/${prefixes[0]?.length as number}`);
    else out.push(`${formatIpv4(first)}-${formatIpv4(last)}`);
  }
  return out;
}

/** Length of a subnet mask, or undefined when it is not contiguous. */
export function maskLength(mask: number): number | undefined {
  for (let len = 0; len <= 32; len++) if (maskOf(len) >>> 0 === mask >>> 0) return len;
  return undefined;
}

interface Cursor {
  readonly tokens: readonly string[];
  i: number;
}

type Step<T> = { ok: true; value: T } | { ok: false; reason: string; token: number };

const fail = <T>(reason: string, token: number): Step<T> => ({ ok: false, reason, token });

/** An address side with its exactness (non-contiguous wildcards beyond the expansion limit are covered). */
interface AddressRead {
  readonly refs: string[];
  /** Set when the refs cover more than the device matches (only sound in a permit). */
  readonly widenedBy?: string | undefined;
}

export function readAddress(c: Cursor, ctx: AclContext, allowBareHost: boolean): Step<AddressRead> {
  const t = c.tokens[c.i];
  if (t === undefined) return fail('an address is missing', c.i);
  const at = c.i;
  const lower = t.toLowerCase();
  if (lower === 'any' || lower === 'any4') {
    c.i++;
    return { ok: true, value: { refs: ['any'] } };
  }
  if (lower === 'host') {
    const a = parseIpv4(c.tokens[c.i + 1] ?? '');
    if (a === undefined) return fail(`"host" needs an IPv4 address`, c.i + 1);
    c.i += 2;
    return { ok: true, value: { refs: [`${formatIpv4(a)}/32`] } };
  }
  if (lower === 'object-group' || lower === 'object' || lower === 'addrgroup') {
    const name = c.tokens[c.i + 1];
    const ref = name === undefined ? undefined : ctx.addressGroup?.(name);
    if (ref === undefined) return fail(`unknown network object${lower === 'object' ? '' : '-group'} "${name ?? ''}"`, c.i + 1);
    c.i += 2;
    return { ok: true, value: { refs: [ref] } };
  }
  if (lower === 'interface') {
    const name = c.tokens[c.i + 1] ?? '';
    const ref = ctx.interfaceAddress?.(name);
    if (ref === undefined) return fail(`interface "${name}" has no known IPv4 address`, c.i + 1);
    c.i += 2;
    return { ok: true, value: { refs: [ref] } };
  }
  if (lower === 'any6' || t.includes(':')) return fail('IPv6 address in an IPv4 entry', at);
  if (t.includes('/')) {
    const [a, l] = t.split('/');
    const address = parseIpv4(a ?? '');
    const length = Number(l);
    if (address === undefined || !/^\d{1,2}$/.test(l ?? '') || length > 32) return fail(`malformed prefix "${t}"`, at);
    c.i++;
    // NX-OS and EOS mask host bits away, as the device does
    return { ok: true, value: { refs: [`${formatIpv4((address & maskOf(length)) >>> 0)}/${length}`] } };
  }
  const address = parseIpv4(t);
  if (address === undefined) return fail(`"${t}" is not an address, "any", "host A" or an object-group`, at);
  const second = parseIpv4(c.tokens[c.i + 1] ?? '');
  if (second === undefined) {
    if (!allowBareHost) return fail(`address ${t} needs a ${ctx.style === 'wildcard' ? 'wildcard' : 'mask'}`, c.i + 1);
    c.i++;
    return { ok: true, value: { refs: [`${formatIpv4(address)}/32`] } };
  }
  c.i += 2;
  if (ctx.style === 'mask') {
    const len = maskLength(second);
    if (len === undefined) return fail(`${formatIpv4(second)} is not a contiguous subnet mask`, at + 1);
    return { ok: true, value: { refs: [`${formatIpv4((address & maskOf(len)) >>> 0)}/${len}`] } };
  }
  const ranges = wildcardRanges(address, second);
  if (ranges === undefined) {
    return { ok: true, value: { refs: [wildcardCover(address, second)], widenedBy: `non-contiguous wildcard ${formatIpv4(second)} covered by ${wildcardCover(address, second)}` } };
  }
  return { ok: true, value: { refs: rangeRefs(ranges) } };
}

/** Port ranges after an operator, or undefined when no operator follows. */
function readPorts(c: Cursor, protocol: number | undefined, ctx: AclContext): Step<Range[] | undefined> {
  const op = c.tokens[c.i]?.toLowerCase();
  const at = c.i;
  const port = (k: number): number | undefined => portNumber(c.tokens[k] ?? '', protocol);
  switch (op) {
    case 'eq': {
      const out: Range[] = [];
      let k = c.i + 1;
      while (k < c.tokens.length && port(k) !== undefined) {
        const p = port(k) as number;
        out.push([p, p]);
        k++;
      }
      if (out.length === 0) return fail(`unknown port "${c.tokens[c.i + 1] ?? ''}"`, c.i + 1);
      c.i = k;
      return { ok: true, value: out };
    }
    case 'neq': {
      const p = port(c.i + 1);
      if (p === undefined) return fail(`unknown port "${c.tokens[c.i + 1] ?? ''}"`, c.i + 1);
      c.i += 2;
      const out: Range[] = [];
      if (p > 0) out.push([0, p - 1]);
      if (p < 65535) out.push([p + 1, 65535]);
      return { ok: true, value: out };
    }
    case 'lt': {
      const p = port(c.i + 1);
      if (p === undefined) return fail(`unknown port "${c.tokens[c.i + 1] ?? ''}"`, c.i + 1);
      c.i += 2;
      return { ok: true, value: p === 0 ? [] : [[0, p - 1]] };
    }
    case 'gt': {
      const p = port(c.i + 1);
      if (p === undefined) return fail(`unknown port "${c.tokens[c.i + 1] ?? ''}"`, c.i + 1);
      c.i += 2;
      return { ok: true, value: p === 65535 ? [] : [[p + 1, 65535]] };
    }
    case 'range': {
      const a = port(c.i + 1);
      const b = port(c.i + 2);
      if (a === undefined || b === undefined) return fail('"range" needs two ports', c.i + 1);
      c.i += 3;
      return { ok: true, value: a <= b ? [[a, b]] : [] };
    }
    case 'object-group': {
      const ranges = ctx.portGroup?.(c.tokens[c.i + 1] ?? '');
      if (ranges === undefined) return { ok: true, value: undefined };
      c.i += 2;
      return { ok: true, value: [...ranges] };
    }
    default:
      void at;
      return { ok: true, value: undefined };
  }
}

/**
 * Parses the part of an ACL entry after its sequence number: `permit|deny PROTOCOL SRC [PORTS] DST
 * [PORTS] [ICMP] [keywords]`, or for a standard list (`standard: true`) `permit|deny SRC [log]`.
 */
export function parseAclEntry(tokens: readonly string[], ctx: AclContext, standard = false): AclParse {
  const c: Cursor = { tokens, i: 0 };
  const action = tokens[0]?.toLowerCase();
  if (action !== 'permit' && action !== 'deny') return { ok: false, reason: `expected permit or deny, found "${tokens[0] ?? ''}"`, token: 0 };
  c.i = 1;
  const widened: string[] = [];
  if (standard) {
    const src = readAddress(c, ctx, true);
    if (!src.ok) return { ok: false, reason: src.reason, token: src.token };
    if (src.value.widenedBy) widened.push(src.value.widenedBy);
    const rest = trailing(c, undefined, widened);
    if (!rest.ok) return { ok: false, reason: rest.reason, token: rest.token };
    return { ok: true, entry: { action, src: { refs: src.value.refs }, dst: { refs: ['any'] }, services: [ANY_CISCO_SERVICE], widened } };
  }
  // protocol: a keyword, a number, or (ASA/IOS) a service or protocol object-group
  const protoToken = tokens[c.i] ?? '';
  let protocols: (number | undefined)[] = [];
  let groupServices: readonly CiscoService[] | undefined;
  if ((protoToken === 'object-group' || protoToken === 'object') && tokens[c.i + 1] !== undefined) {
    const name = tokens[c.i + 1] as string;
    groupServices = ctx.serviceGroup?.(name);
    const protoGroup = groupServices === undefined ? ctx.protocolGroup?.(name) : undefined;
    if (groupServices === undefined && protoGroup === undefined) return { ok: false, reason: `unknown service or protocol object-group "${name}"`, token: c.i + 1 };
    if (protoGroup) protocols = [...protoGroup];
    c.i += 2;
  } else {
    const p = protocolOf(protoToken);
    if (!p.ok) return { ok: false, reason: `unknown protocol "${protoToken}"`, token: c.i };
    protocols = [p.protocol];
    c.i++;
  }
  const single = groupServices === undefined && protocols.length === 1 ? protocols[0] : -1;
  const ported = single === PROTO.tcp || single === PROTO.udp || (groupServices === undefined && protocols.length > 1 && protocols.every((p) => p === PROTO.tcp || p === PROTO.udp));
  const portProto = single === -1 ? undefined : single;
  const src = readAddress(c, ctx, true);
  if (!src.ok) return { ok: false, reason: src.reason, token: src.token };
  let srcPorts: Range[] | undefined;
  if (ported) {
    const p = readPorts(c, portProto, ctx);
    if (!p.ok) return { ok: false, reason: p.reason, token: p.token };
    srcPorts = p.value;
  }
  const dst = readAddress(c, ctx, true);
  if (!dst.ok) return { ok: false, reason: dst.reason, token: dst.token };
  let dstPorts: Range[] | undefined;
  let dstServiceGroup: readonly CiscoService[] | undefined;
  if (ported) {
    const p = readPorts(c, portProto, ctx);
    if (!p.ok) return { ok: false, reason: p.reason, token: p.token };
    dstPorts = p.value;
  } else if (groupServices === undefined && tokens[c.i] === 'object-group' && ctx.serviceGroup?.(tokens[c.i + 1] ?? '') !== undefined) {
    // ASA: `permit ip any any object-group SVC` (a service group after the destination)
    dstServiceGroup = ctx.serviceGroup?.(tokens[c.i + 1] ?? '');
    c.i += 2;
  }
  for (const side of [src.value, dst.value]) if (side.widenedBy) widened.push(side.widenedBy);

  let services: CiscoService[] = [];
  if (groupServices !== undefined) services = [...groupServices];
  else if (dstServiceGroup !== undefined) services = [...dstServiceGroup];
  else if (single === PROTO.icmp) {
    const icmp = readIcmp(c);
    if (!icmp.ok) return { ok: false, reason: icmp.reason, token: icmp.token };
    services = [{ protocol: PROTO.icmp, src: ANY_PORTS, dst: ANY_PORTS, icmpType: icmp.value[0], icmpCode: icmp.value[1] }];
  } else {
    for (const protocol of protocols) {
      if (protocol === PROTO.tcp || protocol === PROTO.udp) {
        for (const s of srcPorts ?? [ANY_PORTS]) for (const d of dstPorts ?? [ANY_PORTS]) services.push({ protocol, src: s, dst: d });
      } else services.push({ protocol, src: ANY_PORTS, dst: ANY_PORTS });
    }
  }
  const rest = trailing(c, single === -1 ? undefined : single, widened);
  if (!rest.ok) return { ok: false, reason: rest.reason, token: rest.token };
  return { ok: true, entry: { action, src: { refs: src.value.refs }, dst: { refs: dst.value.refs }, services, widened, inactive: rest.value } };
}

/** ICMP type/code after the destination: a name, or numbers. */
function readIcmp(c: Cursor): Step<[number | undefined, number | undefined]> {
  const t = c.tokens[c.i]?.toLowerCase();
  if (t === undefined) return { ok: true, value: [undefined, undefined] };
  const named = ICMP_NAMES[t];
  if (named) {
    c.i++;
    return { ok: true, value: [named[0], named[1]] };
  }
  if (/^\d{1,3}$/.test(t) && Number(t) <= 255) {
    c.i++;
    const code = c.tokens[c.i];
    if (code !== undefined && /^\d{1,3}$/.test(code) && Number(code) <= 255) {
      c.i++;
      return { ok: true, value: [Number(t), Number(code)] };
    }
    return { ok: true, value: [Number(t), undefined] };
  }
  return { ok: true, value: [undefined, undefined] };
}

/** Keywords after the match: logging (harmless), unmodelled conditions (widened), `inactive`. */
function trailing(c: Cursor, protocol: number | undefined, widened: string[]): Step<boolean> {
  let inactive = false;
  while (c.i < c.tokens.length) {
    const t = (c.tokens[c.i] as string).toLowerCase();
    if (isLogging(t)) {
      c.i++;
      // ASA: log [level] [interval N] | log disable | log default; IOS: log [cookie]
      while (c.i < c.tokens.length && /^(\d+|interval|disable|default|emergencies|alerts|critical|errors|warnings|notifications|informational|debugging)$/.test((c.tokens[c.i] as string).toLowerCase())) c.i++;
      continue;
    }
    if (t === 'inactive') {
      inactive = true;
      c.i++;
      continue;
    }
    if (t === 'ttl' && TTL_OPS.has((c.tokens[c.i + 1] ?? '').toLowerCase())) {
      widened.push('TTL match');
      c.i += (c.tokens[c.i + 1] ?? '').toLowerCase() === 'range' ? 4 : 3;
      continue;
    }
    const args = UNMODELLED_FLAGS[t];
    if (args !== undefined) {
      if ((t === 'established' || /^[+-]?(ack|syn|fin|psh|rst|urg)$/.test(t) || t === 'match-any' || t === 'match-all') && protocol !== PROTO.tcp) {
        return fail(`"${t}" applies to tcp only`, c.i);
      }
      widened.push(t === 'established' ? 'established (TCP ACK/RST only)' : /^[+-]?(ack|syn|fin|psh|rst|urg)$/.test(t) || t.startsWith('match-') ? 'TCP flag match' : t);
      c.i += 1 + args;
      continue;
    }
    return fail(`unexpected "${c.tokens[c.i] as string}"`, c.i);
  }
  return { ok: true, value: inactive };
}

/** A service as segproof writes it (`tcp/443`, `tcp/1024-65535:443`, `icmp/3/4`, `gre`, `89`, `any`). */
export function formatCiscoService(s: CiscoService): string {
  if (s.protocol === undefined) return 'any';
  const name = s.protocol === PROTO.tcp ? 'tcp' : s.protocol === PROTO.udp ? 'udp' : s.protocol === PROTO.icmp ? 'icmp' : s.protocol === PROTO.gre ? 'gre' : s.protocol === PROTO.esp ? 'esp' : String(s.protocol);
  const range = (r: Range) => (r[0] === 0 && r[1] === 65535 ? 'any' : r[0] === r[1] ? String(r[0]) : `${r[0]}-${r[1]}`);
  if (s.protocol === PROTO.tcp || s.protocol === PROTO.udp) {
    const src = range(s.src);
    return src === 'any' ? `${name}/${range(s.dst)}` : `${name}/${src}:${range(s.dst)}`;
  }
  if (s.protocol === PROTO.icmp && s.icmpType !== undefined) return s.icmpCode === undefined ? `icmp/${s.icmpType}` : `icmp/${s.icmpType}/${s.icmpCode}`;
  return name;
}

/** Intersection of two services (ZBF `match-all` of an ACL and a protocol), or undefined when disjoint. */
export function intersectServices(a: CiscoService, b: CiscoService): CiscoService | undefined {
  if (a.protocol !== undefined && b.protocol !== undefined && a.protocol !== b.protocol) return undefined;
  const protocol = a.protocol ?? b.protocol;
  const cut = (x: Range, y: Range): Range | undefined => {
    const lo = Math.max(x[0], y[0]);
    const hi = Math.min(x[1], y[1]);
    return lo <= hi ? [lo, hi] : undefined;
  };
  const src = cut(a.src, b.src);
  const dst = cut(a.dst, b.dst);
  if (!src || !dst) return undefined;
  const pick = (x: number | undefined, y: number | undefined): number | undefined | null => (x === undefined ? y : y === undefined || x === y ? x : null);
  const icmpType = pick(a.icmpType, b.icmpType);
  const icmpCode = pick(a.icmpCode, b.icmpCode);
  if (icmpType === null || icmpCode === null) return undefined;
  return { protocol, src, dst, ...(icmpType !== undefined ? { icmpType } : {}), ...(icmpCode !== undefined ? { icmpCode } : {}) };
}

/** Splits a configuration line into tokens (whitespace-separated; a `remark` keeps its text as one). */
export function tokenize(line: string): string[] {
  return line.trim().split(/\s+/).filter((t) => t !== '');
}
