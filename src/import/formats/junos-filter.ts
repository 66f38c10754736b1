/**
 * Junos stateless firewall filters (`firewall family inet filter NAME term T from … then …`) as
 * first-match rules. A term matches when every `from` condition holds; its terminating action is
 * `accept` (permit), `discard` or `reject` (deny); `next term` or no condition at all go on; a term
 * whose `then` holds only modifiers (count, log, policer, forwarding-class) accepts. A filter ends
 * in an implicit `discard`. An address list is matched by its longest matching entry, so
 * `10.0.0.0/8; 10.1.0.0/16 except;` is 10/8 without 10.1/16.
 *
 * What a rule cannot say (TCP flags such as `tcp-established`, fragments, lengths, DSCP, an ICMP
 * code without a type) widens an accepting term (the condition is dropped: it then accepts more)
 * and removes a discarding term (it then discards less): both let at least as much pass.
 */
import { protocolNumber } from '../../net/ports.js';
import type { LineLedger } from '../ledger.js';
import type { JunosStatement } from './junos-parse.js';
import { ALL_ADDRESSES, EMPTY_SET, describeLine, intersectSet, portRange, prefixSet, subtractSet, unionSets, type DraftRule } from './junos-shared.js';
import type { AddressSet } from '../../net/address-set.js';

export const JUNOS_PROTOCOLS: Readonly<Record<string, number>> = {
  icmp: 1, igmp: 2, ipip: 4, tcp: 6, egp: 8, udp: 17, rsvp: 46, gre: 47, esp: 50, ah: 51, icmp6: 58, ospf: 89, pim: 103, vrrp: 112, sctp: 132,
};

export const ICMP_TYPES: Readonly<Record<string, number>> = {
  'echo-reply': 0, unreachable: 3, 'source-quench': 4, redirect: 5, 'echo-request': 8, 'router-advertisement': 9, 'router-solicit': 10,
  'time-exceeded': 11, 'parameter-problem': 12, timestamp: 13, 'timestamp-reply': 14, 'info-request': 15, 'info-reply': 16,
  'mask-request': 17, 'mask-reply': 18,
};

export function junosProtocol(text: string): number | undefined {
  return JUNOS_PROTOCOLS[text] ?? protocolNumber(text);
}

/** A junos port (`80`, `1024-65535`, `http`) as a range string; undefined when it is not one. */
export function junosPort(text: string): string | undefined {
  return portRange(text);
}

export interface FilterTerm {
  readonly name: string;
  readonly from: JunosStatement[];
  readonly then: JunosStatement[];
  /** The statements that name the term without a from/then (e.g. `term T;`). */
  readonly other: JunosStatement[];
}

export interface JunosFilter {
  readonly name: string;
  readonly terms: FilterTerm[];
  readonly header: JunosStatement[];
}

export interface CompiledFilter {
  readonly name: string;
  /** Rules in order; the filter's implicit discard is the ACL default. */
  readonly rules: DraftRule[];
  /** The term would send the packet elsewhere (routing-instance …): no sound model. */
  readonly unknown: boolean;
}

type PrefixLists = ReadonlyMap<string, { set: AddressSet; line: number }>;

/** Longest-match semantics of an address list with `except` entries. */
function addressList(entries: { set: AddressSet; except: boolean; length: number }[]): AddressSet {
  let set = EMPTY_SET;
  for (const e of [...entries].sort((a, b) => a.length - b.length)) set = e.except ? subtractSet(set, e.set) : unionSets([set, e.set]);
  return set;
}

/**
 * Compiles one filter and marks its lines. `file` names the rule descriptions' file.
 */
export function compileFilter(filter: JunosFilter, prefixLists: PrefixLists, ledger: LineLedger, file: string): CompiledFilter {
  const rules: DraftRule[] = [];
  let unknown = false;
  for (const s of filter.header) markAll(ledger, s, 'understood');
  for (const term of filter.terms) {
    const widened: { s: JunosStatement; reason: string }[] = [];
    const cond = new Map<string, { set: AddressSet; except: boolean; length: number }[]>();
    const listOf = (key: string) => {
      let l = cond.get(key);
      if (!l) cond.set(key, (l = []));
      return l;
    };
    const protocols: number[] = [];
    const ports = { src: [] as string[], dst: [] as string[], either: [] as string[] };
    const icmpTypes: number[] = [];
    let icmpCode = false;
    const bad: { s: JunosStatement; reason: string }[] = [];
    for (const s of term.from) {
      const w = s.words.slice(s.words.indexOf('from') + 1);
      const key = w[0] ?? '';
      const value = w[1];
      const except = w[2] === 'except';
      if (['source-address', 'destination-address', 'address'].includes(key) && value !== undefined) {
        const set = value.includes(':') ? undefined : prefixSet(value);
        if (value.includes(':')) bad.push({ s, reason: 'IPv6 address in an inet filter' });
        else if (!set) bad.push({ s, reason: `"${value}" is not an IPv4 prefix` });
        else listOf(key).push({ set, except, length: Number(value.split('/')[1] ?? 32) });
      } else if (['source-prefix-list', 'destination-prefix-list', 'prefix-list'].includes(key) && value !== undefined) {
        const pl = prefixLists.get(value);
        if (!pl) bad.push({ s, reason: `prefix-list ${value} is not defined` });
        else listOf(key).push({ set: pl.set, except, length: except ? 33 : 0 });
      } else if (key === 'protocol' && value !== undefined) {
        const p = junosProtocol(value);
        if (p === undefined) widened.push({ s, reason: `protocol ${value} is not known: any protocol assumed` });
        else protocols.push(p);
      } else if ((key === 'source-port' || key === 'destination-port' || key === 'port') && value !== undefined) {
        const r = junosPort(value);
        if (r === undefined) widened.push({ s, reason: `port ${value} is not known: any port assumed` });
        else (key === 'source-port' ? ports.src : key === 'destination-port' ? ports.dst : ports.either).push(r);
      } else if (key === 'icmp-type' && value !== undefined) {
        const t = ICMP_TYPES[value] ?? (/^\d+$/.test(value) ? Number(value) : undefined);
        if (t === undefined || t > 255) widened.push({ s, reason: `ICMP type ${value} is not known: any type assumed` });
        else icmpTypes.push(t);
      } else if (key === 'icmp-code') {
        icmpCode = true;
        widened.push({ s, reason: 'ICMP code matched without its type: any code assumed' });
      } else if (['tcp-established', 'tcp-initial', 'tcp-flags', 'is-fragment', 'first-fragment', 'fragment-flags', 'fragment-offset', 'packet-length', 'dscp', 'precedence', 'ttl', 'interface', 'interface-group', 'forwarding-class', 'loss-priority', 'protocol-except', 'source-port-except', 'destination-port-except', 'icmp-type-except', 'dscp-except', 'ip-options', 'next-header'].includes(key)) {
        widened.push({ s, reason: `${key} is not expressible in a segproof rule: the condition is dropped` });
      } else bad.push({ s, reason: `match condition "${key}" is not understood` });
    }
    void icmpCode;
    // Ports with a protocol that has none (icmp, gre…): segproof cannot say "never", so that
    // protocol is kept without the port condition (an accept then matches more, a discard is left out).
    const portStatement = term.from.find((s) => ['source-port', 'destination-port', 'port'].includes(s.words[s.words.indexOf('from') + 1] ?? ''));
    if (portStatement && protocols.some((p) => p !== 6 && p !== 17)) widened.push({ s: portStatement, reason: 'a port condition with a protocol other than TCP or UDP is dropped for that protocol' });
    for (const s of term.other) {
      const rest = s.words.slice(s.words.lastIndexOf(term.name) + 1);
      if (rest.length > 0) bad.push({ s, reason: rest[0] === 'filter' ? 'a term that calls another filter is not modelled' : `"${rest.join(' ')}" in a term is not understood` });
    }
    let action: 'permit' | 'deny' | 'continue' = 'permit';
    let terminating = false;
    const then: { s: JunosStatement; fate: 'understood' | 'ignored' | 'approximated' | 'unknown'; reason?: string }[] = [];
    for (const s of term.then) {
      const w = s.words.slice(s.words.indexOf('then') + 1);
      const verb = w[0] ?? '';
      if (verb === 'accept') {
        if (!terminating) action = 'permit';
        terminating = true;
        then.push({ s, fate: 'understood' });
      } else if (verb === 'discard' || verb === 'reject') {
        if (!terminating) action = 'deny';
        terminating = true;
        then.push({ s, fate: 'understood' });
      } else if (verb === 'next' && w[1] === 'term') {
        if (!terminating) action = 'continue';
        terminating = true;
        then.push({ s, fate: 'understood' });
      } else if (['count', 'log', 'syslog', 'sample', 'port-mirror', 'forwarding-class', 'loss-priority', 'dscp', 'traffic-class', 'service-accounting'].includes(verb)) {
        then.push({ s, fate: 'ignored', reason: `${verb}: an action modifier that does not decide the verdict` });
      } else if (verb === 'policer' || verb === 'three-color-policer') {
        then.push({ s, fate: 'approximated', reason: 'policer: traffic above the rate would be dropped; modelled as all passing' });
      } else if (verb === 'routing-instance' || verb === 'next-ip' || verb === 'next-interface' || verb === 'next-hop-group') {
        then.push({ s, fate: 'unknown', reason: `${verb}: filter-based forwarding sends the packet elsewhere than the routing table says` });
      } else then.push({ s, fate: 'unknown', reason: `action "${verb}" is not understood` });
    }
    if (then.some((t) => t.fate === 'unknown') || bad.length > 0) {
      unknown = true;
      for (const b of bad) ledger.unknown(b.s.line, b.reason, true);
      for (const t of then) if (t.fate === 'unknown') ledger.unknown(t.s.line, t.reason ?? '', true);
      markTerm(ledger, term, 'understood');
      continue;
    }
    const describe = (term.from[0] ?? term.then[0] ?? term.other[0]) as JunosStatement | undefined;
    if (action === 'continue') {
      markTerm(ledger, term, 'understood');
      for (const t of then) if (t.fate === 'ignored') ledger.ignored(t.s.line, t.reason ?? '');
      continue;
    }
    const widenings = [...widened, ...then.filter((t) => t.fate === 'approximated').map((t) => ({ s: t.s, reason: t.reason ?? '' }))];
    if (action === 'deny' && widened.length > 0) {
      // A discarding term with a condition the model cannot state: leave it out (it then discards less).
      for (const s of [...term.from, ...term.then, ...term.other]) {
        for (const l of s.lines) ledger.approximated(l, `term ${term.name} discards only under a condition segproof cannot express (${widened[0]?.reason}): left out, so it discards nothing`);
      }
      continue;
    }
    markTerm(ledger, term, 'understood');
    for (const t of then) if (t.fate === 'ignored') ledger.ignored(t.s.line, t.reason ?? '');
    for (const w of widenings) for (const l of w.s.lines) ledger.approximated(l, w.reason);
    const side = (exact: string, list: string) => {
      const a = cond.get(exact);
      const b = cond.get(list);
      let set = ALL_ADDRESSES;
      if (a) set = intersectSet(set, addressList(a));
      if (b) set = intersectSet(set, addressList(b));
      return set;
    };
    const src = side('source-address', 'source-prefix-list');
    const dst = side('destination-address', 'destination-prefix-list');
    const eitherGiven = cond.has('address') || cond.has('prefix-list');
    const either = side('address', 'prefix-list');
    const addressVariants = eitherGiven ? [{ src: intersectSet(src, either), dst }, { src, dst: intersectSet(dst, either) }] : [{ src, dst }];
    const services = termServices(protocols, ports, icmpTypes, widened.some((w) => w.s.words.includes('protocol')));
    const text = describeLine(file, describe?.line ?? 0, `filter ${filter.name} term ${term.name}`);
    addressVariants.forEach((v, i) => {
      rules.push({ name: `${term.name}${i === 0 ? '' : `-${i + 1}`}`, action, src: v.src, dst: v.dst, services, description: text });
    });
  }
  return { name: filter.name, rules, unknown };
}

function termServices(protocols: number[], ports: { src: string[]; dst: string[]; either: string[] }, icmpTypes: number[], anyProtocol: boolean): string[] {
  const hasPorts = ports.src.length + ports.dst.length + ports.either.length > 0;
  let protos: (number | undefined)[] = anyProtocol ? [undefined] : protocols.length > 0 ? protocols : hasPorts ? [6, 17] : icmpTypes.length > 0 ? [1] : [undefined];
  if (protos.includes(undefined)) protos = [undefined];
  const out: string[] = [];
  for (const p of protos) {
    if (p === undefined) {
      out.push('any');
    } else if (p === 6 || p === 17) {
      const name = p === 6 ? 'tcp' : 'udp';
      const srcs = ports.src.length > 0 ? ports.src : ['any'];
      const dsts = ports.dst.length > 0 ? ports.dst : ['any'];
      const pairs: [string, string][] = [];
      for (const s of srcs) for (const d of dsts) pairs.push([s, d]);
      if (ports.either.length > 0) {
        // `port P`: source or destination port P, on top of the other port conditions.
        const ep = ports.either;
        const withEither: [string, string][] = [];
        for (const e of ep) {
          if (ports.src.length === 0) for (const d of dsts) withEither.push([e, d]);
          if (ports.dst.length === 0) for (const s of srcs) withEither.push([s, e]);
          if (ports.src.length > 0 && ports.dst.length > 0) withEither.push(...pairs);
        }
        pairs.splice(0, pairs.length, ...withEither);
      }
      for (const [s, d] of pairs) out.push(s === 'any' ? `${name}/${d}` : `${name}/${s}:${d}`);
    } else if (p === 1) {
      if (icmpTypes.length === 0) out.push('icmp');
      else for (const t of icmpTypes) out.push(`icmp/${t}`);
    } else out.push(String(p));
  }
  return out;
}

function markAll(ledger: LineLedger, s: JunosStatement, fate: 'understood'): void {
  if (fate === 'understood') for (const l of s.lines) ledger.understood(l);
}

function markTerm(ledger: LineLedger, term: FilterTerm, fate: 'understood'): void {
  for (const s of [...term.from, ...term.then, ...term.other]) markAll(ledger, s, fate);
}
