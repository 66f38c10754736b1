/**
 * YAMAHA RTX `ip filter` (static) and `ip filter dynamic` lines as rule drafts.
 *
 * `ip filter N ACTION SRC [DST [PROTO [SRC_PORT [DST_PORT]]]]`: ACTION pass/reject/restrict (with
 * -log/-nolog); `restrict` passes while the line is connected, modelled as pass (approximated).
 * Addresses: `*`, `a.b.c.d`, `a.b.c.d/len`, `a.b.c.d-e.f.g.h`, trailing `*` octets (`192.168.1.*`),
 * comma lists. Protocols: `*`, names, numbers, comma lists, `icmp-error`/`icmp-info` (ICMP type
 * groups), `established`/`tcpfin`/`tcprst`/`tcpsyn`/`tcpflag=…` (TCP by flags: the flag condition is
 * not expressible, so a pass widens to all of TCP and a reject is left out). For ICMP the port
 * fields hold the ICMP type and code, as in the RTX command reference.
 */
import { protocolNumber } from '../../net/ports.js';
import type { AddressSet } from '../../net/address-set.js';
import { ALL_ADDRESSES, PORT_NAMES, prefixSet, rangeSet, unionSets } from './junos-shared.js';

/** RTX port mnemonics beyond the common ones (`ftp` is both FTP ports). */
const RTX_PORTS: Readonly<Record<string, readonly string[]>> = {
  ftp: ['20', '21'], ftpdata: ['20'], www: ['80'], gopher: ['70'], finger: ['79'], netbios_ns: ['137'], netbios_dgm: ['138'],
  netbios_ssn: ['139'], bootps: ['67'], bootpc: ['68'], printer: ['515'], talk: ['517'], route: ['520'], uucp: ['540'], who: ['513'],
  login: ['513'], exec: ['512'], shell: ['514'], nfs: ['2049'], l2tp: ['1701'], pptp: ['1723'], ike: ['500'], 'ike-nat': ['4500'],
  imap3: ['220'], irc: ['194'], ms_sql: ['1433'], sip: ['5060'],
};

const ICMP_ERROR = [3, 4, 5, 11, 12];
const ICMP_INFO = [0, 8, 13, 14, 15, 16, 17, 18];

export type FilterAction = 'permit' | 'deny';

export interface StaticFilter {
  readonly number: string;
  readonly line: number;
  readonly action: FilterAction;
  readonly src: AddressSet;
  readonly dst: AddressSet;
  readonly services: readonly string[];
  /** Why the filter matches more than the device's (a pass is widened, a reject left out). */
  readonly wide?: string | undefined;
  /** Why the filter was modelled permissively in place (a pass widened or a reject narrowed): approximated as it stands. */
  readonly narrowed?: string | undefined;
}

export type FilterParse = { ok: true; filter: StaticFilter } | { ok: false; reason: string };

/** `*`, an address, prefix, range, trailing-wildcard address, or a comma list of them. */
export function rtxAddress(text: string | undefined): AddressSet | undefined {
  if (text === undefined || text === '*') return ALL_ADDRESSES;
  const sets: AddressSet[] = [];
  for (const part of text.split(',')) {
    let set: AddressSet | undefined;
    if (part.includes('-') && !part.includes('/')) {
      const [a, b] = part.split('-');
      set = rangeSet(a ?? '', b ?? '');
    } else if (/^(\d+\.){0,3}\*$|^(\d+\.)+\*(\.\*)*$/.test(part)) {
      const fixed = part.split('.').filter((o) => o !== '*');
      const octets = [...fixed, ...new Array<string>(4 - fixed.length).fill('0')];
      set = prefixSet(`${octets.join('.')}/${fixed.length * 8}`);
    } else set = prefixSet(part);
    if (!set) return undefined;
    sets.push(set);
  }
  return unionSets(sets);
}

/** Port list (`*`, `80`, `www`, `1024-65535`, `1024-`, `-1023`, `20,21`) as range strings. */
export function rtxPorts(text: string | undefined): string[] | undefined {
  if (text === undefined || text === '*') return ['any'];
  const out: string[] = [];
  for (const part of text.split(',')) {
    const named = RTX_PORTS[part] ?? (PORT_NAMES[part] !== undefined ? [String(PORT_NAMES[part])] : undefined);
    if (named) {
      out.push(...named);
      continue;
    }
    const m = /^(\d*)-(\d*)$/.exec(part);
    if (m) {
      const a = m[1] === '' ? 0 : Number(m[1]);
      const b = m[2] === '' ? 65535 : Number(m[2]);
      if (a > b || b > 65535) return undefined;
      out.push(a === 0 && b === 65535 ? 'any' : `${a}-${b}`);
    } else if (/^\d+$/.test(part) && Number(part) <= 65535) out.push(part);
    else {
      // A named range such as netbios_ns-netbios_ssn.
      const [x, y] = part.split('-');
      const a = x ? RTX_PORTS[x]?.[0] ?? (PORT_NAMES[x] !== undefined ? String(PORT_NAMES[x]) : undefined) : undefined;
      const b = y ? RTX_PORTS[y]?.[0] ?? (PORT_NAMES[y] !== undefined ? String(PORT_NAMES[y]) : undefined) : undefined;
      if (a === undefined || b === undefined || Number(a) > Number(b)) return undefined;
      out.push(`${a}-${b}`);
    }
  }
  return out;
}

const FLAG_PROTOCOLS = /^(established|tcpfin|tcprst|tcpsyn|tcpflag[=!].*)$/;

/** Services of a protocol field and its two port fields; `wide` when a TCP flag condition was dropped. */
export function rtxServices(proto: string | undefined, sport: string | undefined, dport: string | undefined): { services: string[]; wide?: string } | { error: string } {
  const protos = proto === undefined || proto === '*' ? ['*'] : proto.split(',');
  const services: string[] = [];
  let wide: string | undefined;
  for (const p of protos) {
    if (p === '*') {
      if ((sport ?? '*') !== '*' || (dport ?? '*') !== '*') {
        // Ports with protocol "*": TCP and UDP carry ports; a pass is widened to any protocol, a
        // reject is kept for TCP and UDP only (it then rejects no more than the device).
        const s = rtxPorts(sport);
        const d = rtxPorts(dport);
        if (!s || !d) return { error: `port "${!s ? sport : dport}" is not understood` };
        for (const name of ['tcp', 'udp']) for (const sp of s) for (const dp of d) services.push(sp === 'any' ? `${name}/${dp}` : `${name}/${sp}:${dp}`);
        services.push('*ports');
      } else services.push('any');
    } else if (p === 'icmp' || p === 'icmp-error' || p === 'icmp-info') {
      const types = p === 'icmp-error' ? ICMP_ERROR : p === 'icmp-info' ? ICMP_INFO : undefined;
      if (types) services.push(...types.map((t) => `icmp/${t}`));
      else if ((sport ?? '*') === '*' && (dport ?? '*') === '*') services.push('icmp');
      else if ((sport ?? '*') === '*') services.push('*icmpcode');
      else if (!/^\d+$/.test(sport as string) || ((dport ?? '*') !== '*' && !/^\d+$/.test(dport as string))) return { error: `ICMP type/code "${sport} ${dport}" is not understood` };
      else services.push((dport ?? '*') === '*' ? `icmp/${sport}` : `icmp/${sport}/${dport}`);
    } else if (p === 'tcp' || p === 'udp' || p === '6' || p === '17' || FLAG_PROTOCOLS.test(p)) {
      const name = p === 'udp' || p === '17' ? 'udp' : 'tcp';
      if (FLAG_PROTOCOLS.test(p)) wide ??= `${p}: a TCP flag condition is not expressible`;
      const s = rtxPorts(sport);
      const d = rtxPorts(dport);
      if (!s || !d) return { error: `port "${!s ? sport : dport}" is not understood` };
      for (const sp of s) for (const dp of d) services.push(sp === 'any' ? `${name}/${dp}` : `${name}/${sp}:${dp}`);
    } else {
      const n = protocolNumber(p);
      if (n === undefined) return { error: `protocol "${p}" is not understood` };
      services.push(String(n));
    }
  }
  return wide ? { services, wide } : { services };
}

/** Parses the words after `ip filter` (number, action, fields). */
export function parseStaticFilter(words: readonly string[], line: number): FilterParse {
  const [num, action, src, dst, proto, sport, dport, ...rest] = words;
  if (!num || !/^\d+$/.test(num) || !action) return { ok: false, reason: 'ip filter without a number and an action' };
  if (rest.length > 0) return { ok: false, reason: `unexpected "${rest.join(' ')}"` };
  const base = action.replace(/-(no)?log$/, '');
  if (!['pass', 'reject', 'restrict'].includes(base)) return { ok: false, reason: `action "${action}" is not understood` };
  const s = rtxAddress(src);
  const d = rtxAddress(dst);
  if (!s || !d) return { ok: false, reason: `address "${!s ? src : dst}" is not understood` };
  const svc = rtxServices(proto, sport, dport);
  if ('error' in svc) return { ok: false, reason: svc.error };
  const reject = base === 'reject';
  let services = svc.services;
  let narrowed: string | undefined;
  if (services.includes('*ports')) {
    narrowed = reject ? 'protocol "*" with ports: this reject is kept for TCP and UDP only' : 'protocol "*" with ports: this pass is widened to every protocol and port';
    services = reject ? services.filter((x) => x !== '*ports') : ['any'];
  }
  if (services.includes('*icmpcode')) {
    // An ICMP code without a type cannot be stated: a reject leaves ICMP out, a pass takes all of it.
    narrowed = reject ? 'ICMP code without a type: this reject leaves ICMP out' : 'ICMP code without a type: this pass admits all of ICMP';
    services = services.filter((x) => x !== '*icmpcode').concat(reject ? [] : ['icmp']);
  }
  const wide = base === 'restrict' ? 'restrict: passes only while the line is connected; modelled as pass' : svc.wide;
  return { ok: true, filter: { number: num, line, action: reject ? 'deny' : 'permit', src: s, dst: d, services, ...(wide ? { wide } : {}), ...(narrowed ? { narrowed } : {}) } };
}

/** Application names of `ip filter dynamic N SRC DST APP` as the services they trigger on. */
export const DYNAMIC_APPLICATIONS: Readonly<Record<string, readonly string[]>> = {
  tcp: ['tcp/any'], udp: ['udp/any'], ftp: ['tcp/21'], tftp: ['udp/69'], domain: ['udp/53', 'tcp/53'], www: ['tcp/80', 'tcp/443'],
  http: ['tcp/80'], https: ['tcp/443'], smtp: ['tcp/25'], submission: ['tcp/587'], pop3: ['tcp/110'], pop3s: ['tcp/995'], imap: ['tcp/143'],
  imaps: ['tcp/993'], telnet: ['tcp/23'], ssh: ['tcp/22'], snmp: ['udp/161'], ntp: ['udp/123'], sip: ['udp/5060'], ping: ['icmp/8'],
  echo: ['icmp/8'], netmeeting: ['tcp/1720'], h323: ['tcp/1720'], rtsp: ['tcp/554'], ipsec: ['50', 'udp/500', 'udp/4500'], pptp: ['tcp/1723', '47'],
};
