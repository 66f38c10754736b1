/**
 * Helpers shared by the Junos, FortiGate and YAMAHA RTX importers (kept under one owner's file
 * names): rules drafted over address sets and rendered as raw topology rules, rule descriptions
 * that lead back to the vendor line, and the ACL that admits only some services to the device's
 * own addresses (SRX host-inbound-traffic, FortiGate allowaccess) while leaving transit alone.
 */
import { ALL_ADDRESSES, EMPTY_SET, addressSetFromRanges, addressSetIsAll, addressSetIsEmpty, type AddressSet } from '../../net/address-set.js';
import { maskOf, parseIpv4 } from '../../net/ipv4.js';
import type { RawAcl, RawRule } from '../../topology/format.js';
import { addressRefs } from '../address-refs.js';

export { ALL_ADDRESSES, EMPTY_SET };

/** A rule before rendering: address sets so that excepts, ranges and intersections stay exact. */
export interface DraftRule {
  readonly name: string;
  readonly action: 'permit' | 'deny';
  readonly src: AddressSet;
  readonly dst: AddressSet;
  /** Service specs (`tcp/443`, `tcp/1024-65535:53`, `icmp/8`, `gre`, `any`). */
  readonly services: readonly string[];
  readonly description: string;
}

/** `<file>:<line> <text>`, the text shortened: how a verdict's deciding rule leads back to the device. */
export function describeLine(file: string, line: number, text: string): string {
  const t = text.trim().replace(/\s+/g, ' ');
  return `${file}:${line} ${t.length > 100 ? `${t.slice(0, 97)}...` : t}`;
}

/** `a.b.c.d`, `a.b.c.d/len` (host bits cleared) or `a.b.c.d/m.m.m.m` as a set; undefined when malformed. */
export function prefixSet(text: string): AddressSet | undefined {
  const [addr, len] = text.split('/');
  const ip = parseIpv4(addr ?? '');
  if (ip === undefined) return undefined;
  let length = 32;
  if (len !== undefined) {
    if (/^\d{1,2}$/.test(len)) length = Number(len);
    else {
      const mask = parseIpv4(len);
      if (mask === undefined) return undefined;
      length = maskLength(mask) ?? -1;
    }
  }
  if (length < 0 || length > 32) return undefined;
  const network = (ip & maskOf(length)) >>> 0;
  return addressSetFromRanges([[network, (network + 2 ** (32 - length) - 1) >>> 0]]);
}

/** Prefix length of a contiguous netmask, else undefined. */
export function maskLength(mask: number): number | undefined {
  for (let l = 0; l <= 32; l++) if (maskOf(l) === mask >>> 0) return l;
  return undefined;
}

export function rangeSet(first: string, last: string): AddressSet | undefined {
  const a = parseIpv4(first);
  const b = parseIpv4(last);
  if (a === undefined || b === undefined || a > b) return undefined;
  return addressSetFromRanges([[a, b]]);
}

export function unionSets(sets: readonly AddressSet[]): AddressSet {
  return addressSetFromRanges(sets.flatMap((s) => s.ranges));
}

export function subtractSet(a: AddressSet, b: AddressSet): AddressSet {
  const out: [number, number][] = [];
  for (const [lo, hi] of a.ranges) {
    let cur = lo;
    for (const [blo, bhi] of b.ranges) {
      if (bhi < cur || blo > hi) continue;
      if (blo > cur) out.push([cur, blo - 1]);
      cur = bhi + 1;
      if (cur > hi) break;
    }
    if (cur <= hi) out.push([cur, hi]);
  }
  return addressSetFromRanges(out);
}

export function intersectSet(a: AddressSet, b: AddressSet): AddressSet {
  return subtractSet(a, subtractSet(a, b));
}

export { addressRefs };

/** A raw rule: `any` sides and services left out; a rule that can match nothing is dropped. */
export function renderRule(rule: DraftRule): RawRule | undefined {
  if (addressSetIsEmpty(rule.src) || addressSetIsEmpty(rule.dst) || rule.services.length === 0) return undefined;
  const services = rule.services.includes('any') ? [] : [...new Set(rule.services)];
  const side = (s: AddressSet) => {
    const refs = addressRefs(s);
    return refs.length === 1 ? refs[0] : refs;
  };
  return {
    name: rule.name,
    action: rule.action,
    ...(addressSetIsAll(rule.src) ? {} : { src: side(rule.src) }),
    ...(addressSetIsAll(rule.dst) ? {} : { dst: side(rule.dst) }),
    ...(services.length === 0 ? {} : { service: services.length === 1 ? services[0] : services }),
    description: rule.description,
  };
}

export function renderRules(rules: readonly DraftRule[]): RawRule[] {
  return rules.flatMap((r) => renderRule(r) ?? []);
}

/**
 * An `in` ACL for one interface that lets only `services` reach the device's own addresses and
 * leaves transit traffic to the other ACLs: permit those services to the device, deny the rest
 * to it, permit everything else (transit is decided by the zone-pair ACLs that also apply).
 */
export function selfAccessAcl(name: string, iface: string, own: AddressSet, services: readonly string[], description: string): RawAcl {
  const rules: DraftRule[] = [];
  if (services.length > 0) rules.push({ name: 'to-device-permitted', action: 'permit', src: ALL_ADDRESSES, dst: own, services, description });
  rules.push({ name: 'to-device-other', action: 'deny', src: ALL_ADDRESSES, dst: own, services: ['any'], description });
  return { name, bind: { interface: iface, direction: 'in' }, default: 'permit', rules: renderRules(rules), description };
}

/** Unique rule names within one ACL. */
export class RuleNames {
  private readonly taken = new Set<string>();

  name(base: string): string {
    let n = base.replace(/[^A-Za-z0-9_-]/g, '_');
    if (!/^[A-Za-z_]/.test(n)) n = `r_${n}`;
    let candidate = n;
    for (let i = 2; this.taken.has(candidate); i++) candidate = `${n}_${i}`;
    this.taken.add(candidate);
    return candidate;
  }
}

/** Well-known port names several vendors accept in place of numbers. */
export const PORT_NAMES: Readonly<Record<string, number>> = {
  ftp: 21, 'ftp-data': 20, ssh: 22, telnet: 23, smtp: 25, domain: 53, dns: 53, tftp: 69, http: 80, www: 80,
  kerberos: 88, pop3: 110, sunrpc: 111, ident: 113, nntp: 119, ntp: 123, 'netbios-ns': 137, 'netbios-dgm': 138,
  'netbios-ssn': 139, imap: 143, snmp: 161, 'snmp-trap': 162, snmptrap: 162, bgp: 179, ldap: 389, https: 443,
  'microsoft-ds': 445, smb: 445, ike: 500, syslog: 514, lpr: 515, submission: 587, ldaps: 636, imaps: 993, pop3s: 995,
  ms_sql: 1433, mssql: 1433, sqlnet: 1521, radius: 1812, 'radius-acct': 1813, nfs: 2049, mysql: 3306, rdp: 3389,
};

/** Port or range text (`80`, `1000-2000`, a name from PORT_NAMES) as `first-last`, or undefined. */
export function portRange(text: string): string | undefined {
  const named = PORT_NAMES[text.toLowerCase()];
  if (named !== undefined) return String(named);
  const m = /^(\d+)(?:-(\d+))?$/.exec(text);
  if (!m) return undefined;
  const a = Number(m[1]);
  const b = m[2] === undefined ? a : Number(m[2]);
  if (a > 65535 || b > 65535 || a > b) return undefined;
  return a === b ? String(a) : `${a}-${b}`;
}
