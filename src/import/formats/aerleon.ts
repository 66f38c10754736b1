/**
 * `segproof import aerleon <policy.pol> [includes…] [definitions…]` (or `--def <folder>` for the
 * definitions): an Aerleon/Capirca policy as one device with one ACL per filter.
 *
 * * Every `header { target:: <platform> <filter> [options] }` names filters; the terms after it, up to
 *   the next header, make them up. Targets of one header that share a filter name and mean the same
 *   for IPv4 become one ACL named after the filter; where they differ (a `platform::` term, another
 *   default) each variant gets its own ACL, `<filter>_<platform>`.
 * * The ACL is bound to a synthetic interface of the same name, direction `out` where the target's
 *   options say `egress`/`outbound`/`out` (speedway/iptables: chain `OUTPUT`), `in` where they say
 *   `ingress`/`inbound`/`in`; a target that says neither takes the direction another target of the
 *   same filter states, else `in`. Map it onto a segment with
 *   `--topology host.yaml --segment <filter>=<segment>`.
 * * Default: deny (the implicit final deny of every ACL platform; speedway's chain policy is DROP
 *   unless the target says ACCEPT). Aerleon adds no terms of its own to the IP-ACL targets; the
 *   renderings (aerleon-multitarget data set) show only the policy's terms. What differs per target
 *   is `tcp-established`: `established` on IOS, NX-OS, IOS-XR, EOS and Brocade, `tcp-established` on
 *   Junos, nothing on the ASA (all TCP: the ASA is stateful), `-m state --state ESTABLISHED,RELATED` on
 *   speedway (whose accept terms also get `NEW,ESTABLISHED,RELATED`).
 * * Semantics are Aerleon's policy.py for IPv4: a term with source/destination addresses but no IPv4
 *   one is not rendered for IPv4; excludes are set differences; ports are looked up per term protocol
 *   and applied to every protocol of the term (TranslatePorts); `established` adds the high ports
 *   1024-65535 to the destination ports. What the model cannot express (TCP flags, fragments, DSCP,
 *   TTL, …) is over-approximated: an accept term keeps matching without the condition, a deny term
 *   with such a condition is left out (it denies less), both marked approximated.
 * * Targets with only the IPv6 family (`inet6`) cannot change an IPv4 verdict: ignored, as are terms
 *   that have only IPv6 addresses.
 * * Zone-based targets (`srx`, `paloalto`: `from-zone A to-zone B`) become zone-pair ACLs, default
 *   deny, on a stateful firewall, with one synthetic interface per vendor zone carrying that zone
 *   (`--segment A=<segment>` places it and the zone); global (`all`) policies and cloud or host
 *   targets are not modelled (unknown).
 */
import path from 'node:path';
import { addressSetFromRanges, addressSetIntersect, addressSetIsAll, addressSetIsEmpty, addressSetMinus, ALL_ADDRESSES, type AddressSet } from '../../net/address-set.js';
import { formatIpv4, formatPrefix, rangeToPrefixes } from '../../net/ipv4.js';
import type { RawAcl, RawNode, RawRule } from '../../topology/format.js';
import { LineLedger } from '../ledger.js';
import { NameSpace, safeName } from '../names.js';
import type { DeviceImport, DeviceInterface, Importer, ImportOptions, InputFile } from '../types.js';
import { Definitions, IPV6_REASON } from './aerleon-naming.js';
import { LineFates, expandIncludes, parseBlocks, statementSpan, tokenize, type Block, type Fate, type Span, type Statement, type Token } from './aerleon-policy.js';

type Range = readonly [number, number];

/** Aerleon's IPv4 ICMP type names (policy.py Term.ICMP_TYPE[4]). */
const ICMP_TYPES: Readonly<Record<string, number>> = {
  'echo-reply': 0, unreachable: 3, 'source-quench': 4, redirect: 5, 'alternate-address': 6, 'echo-request': 8,
  'router-advertisement': 9, 'router-solicitation': 10, 'time-exceeded': 11, 'parameter-problem': 12,
  'timestamp-request': 13, 'timestamp-reply': 14, 'information-request': 15, 'information-reply': 16,
  'mask-request': 17, 'mask-reply': 18, 'conversion-error': 31, 'mobile-redirect': 32,
};

/** Aerleon's protocol names (aclgenerator.py PROTO_MAP). */
const PROTOCOLS: Readonly<Record<string, number>> = {
  hopopt: 0, icmp: 1, igmp: 2, ggp: 3, ipip: 4, tcp: 6, egp: 8, igp: 9, udp: 17, rdp: 27, ipv6: 41, 'ipv6-route': 43,
  fragment: 44, rsvp: 46, gre: 47, esp: 50, ah: 51, icmpv6: 58, 'ipv6-nonxt': 59, 'ipv6-opts': 60, ospf: 89, pim: 103,
  vrrp: 112, l2tp: 115, sctp: 132, udplite: 136,
};
const IPV6_ONLY_PROTOCOLS = new Set([58, 43, 44, 59, 60]);

/** Stateless ACL platforms: implicit deny at the end, the terms in order. */
const ACL_PLATFORMS = new Set(['cisco', 'cisconx', 'ciscoxr', 'arista', 'arista_tp', 'brocade', 'juniper', 'juniperevo', 'msmpc', 'srxlo', 'demo', 'aruba', 'nokiasrl', 'nokiasros', 'openconfig', 'sonic']);
/** Stateful platforms whose rendering is still an ordered rule list with a default. */
const STATEFUL_PLATFORMS = new Set(['ciscoasa', 'speedway', 'iptables', 'srx', 'paloalto']);
const IPTABLES_BUILTIN = new Set(['INPUT', 'OUTPUT', 'FORWARD']);
/** What the iptables chains see: INPUT and OUTPUT only the device's own traffic. */
const HOST_CHAINS: Readonly<Record<string, string>> = {
  INPUT: 'INPUT sees only packets addressed to the device itself: bind it where everything entering is for the device (a host), not on a router interface whose forwarded packets INPUT never sees (those go through FORWARD)',
  OUTPUT: 'OUTPUT sees only packets the device itself sends: bind it where everything leaving is the device\'s own (a host), not on a router interface',
};

/** Term keywords that cannot change whether a packet passes. */
const HARMLESS: Readonly<Record<string, string>> = {
  comment: 'comment',
  owner: 'owner (a comment)',
  counter: 'counter (counts, does not filter)',
  'traffic-class-count': 'counter (counts, does not filter)',
  logging: 'logging',
  'log-limit': 'logging',
  'log-name': 'logging',
  policer: 'policer (rate limit; the model checks reachability, not rate)',
  qos: 'QoS marking',
  'dscp-set': 'DSCP marking',
  'loss-priority': 'QoS marking',
  'port-mirror': 'port mirroring (a copy; the packet is forwarded as before)',
  timeout: 'session timeout',
};

/** Match conditions the model cannot express: the term matches fewer packets than modelled. */
const NARROWING = new Set([
  'dscp-match', 'dscp-except', 'packet-length', 'fragment-offset', 'hop-limit', 'ttl', 'precedence', 'ether-type', 'traffic-type',
  'source-prefix', 'source-prefix-except', 'destination-prefix', 'destination-prefix-except', 'source-interface', 'destination-interface',
  'forwarding-class', 'forwarding-class-except', 'flexible-match-range', 'source-tag', 'destination-tag', 'source-zone', 'destination-zone',
  'vpn', 'pan-application', 'target-resources', 'target-service-accounts', 'tags', 'profile-settings',
]);

/** Term keywords modelled exactly (below). */
const MODELLED = new Set([
  'action', 'expiration', 'platform', 'platform-exclude', 'restrict-address-family', 'source-address', 'destination-address', 'address',
  'source-exclude', 'destination-exclude', 'address-exclude', 'protocol', 'protocol-except', 'source-port', 'destination-port', 'port',
  'icmp-type', 'icmp-code', 'option',
]);

/** Term keywords that change forwarding itself (policy-based routing, raw vendor text): not modelled. */
const NOT_MODELLED: Readonly<Record<string, string>> = {
  'routing-instance': 'routing-instance (policy-based routing) is not modelled',
  'next-ip': 'next-ip (policy-based routing) is not modelled',
  encapsulate: 'encapsulate (tunnelling) is not modelled',
  'filter-term': 'filter-term (a reference to another filter) is not modelled',
  verbatim: 'verbatim vendor text is not interpreted',
  priority: 'priority reorders terms on some targets: not modelled',
};

/** Options that narrow a term (TCP flags, fragments) or switch it off on one platform. */
const NARROWING_OPTIONS = new Set(['tcp-initial', 'initial', 'syn', 'ack', 'fin', 'rst', 'urg', 'psh', 'all', 'none', 'first-fragment', 'is-fragment', 'fragments', 'not-syn-ack', 'inactive', 'rst-ack']);
const HARMLESS_OPTIONS = new Set(['sample', 'counter', 'log', 'nostate']);

interface TargetSpec {
  readonly statement: Statement;
  readonly platform: string;
  readonly filter: string;
  readonly options: readonly string[];
  /** Zone-based targets (srx, paloalto: `from-zone A to-zone B`): the vendor zone pair. */
  readonly zones?: readonly [string, string] | undefined;
}

/** Zone-based targets whose header says `from-zone A to-zone B`: one ACL per zone pair. */
const ZONE_PLATFORMS = new Set(['srx', 'paloalto']);

function zonePair(platform: string, filter: string | undefined, options: readonly string[]): readonly [string, string] | undefined {
  if (!ZONE_PLATFORMS.has(platform) || filter !== 'from-zone' || options[1] !== 'to-zone') return undefined;
  const [from, , to] = options;
  return from !== undefined && to !== undefined ? [from, to] : undefined;
}

interface TermRule {
  readonly action: 'permit' | 'deny';
  readonly src?: AddressSet | undefined;
  readonly dst?: AddressSet | undefined;
  readonly services?: readonly string[] | undefined;
}

interface TermModel {
  readonly name: string;
  readonly block: Block;
  readonly rules: readonly TermRule[];
  readonly platforms: readonly string[];
  readonly platformExclude: readonly string[];
}

function formatSet(set: AddressSet): string[] {
  return set.ranges.flatMap(([lo, hi]) => rangeToPrefixes(lo, hi)).map((p) => (p.length === 32 ? formatIpv4(p.network) : formatPrefix(p)));
}

function blockSpan(b: Block): Span {
  const end = b.close && b.close.ledger === b.keyword.ledger ? b.close.endLine : (b.statements[b.statements.length - 1] ? statementSpan(b.statements[b.statements.length - 1] as Statement).endLine : b.keyword.line);
  return { ledger: b.keyword.ledger, line: b.keyword.line, endLine: Math.max(end, b.keyword.line), column: b.keyword.column };
}

interface LocalMark {
  readonly span: Span;
  readonly fate: Fate;
  readonly reason?: string | undefined;
}

/** One term's IPv4 meaning; marks go to `marks` so the caller can overrule them (an IPv6-only term). */
function modelTerm(block: Block, defs: Definitions, marks: LocalMark[]): { model?: TermModel; ipv6Only?: boolean; skipped?: boolean } {
  const name = block.name?.text ?? '?';
  const byKey = new Map<string, Statement[]>();
  for (const s of block.statements) byKey.set(s.key.text, [...(byKey.get(s.key.text) ?? []), s]);
  const values = (key: string): Token[] => (byKey.get(key) ?? []).flatMap((s) => [...s.values]);
  const mark = (key: string, fate: Fate, reason?: string): void => {
    for (const s of byKey.get(key) ?? []) marks.push({ span: statementSpan(s), fate, reason });
  };
  let broken = false;
  const fail = (key: string, reason: string): void => {
    mark(key, 'unknown', reason);
    broken = true;
  };
  const narrowing: string[] = [];
  let ipv6Only = false;

  // Every keyword gets a fate here or below.
  for (const key of byKey.keys()) {
    if (HARMLESS[key] !== undefined) mark(key, 'ignored', HARMLESS[key]);
    else if (NOT_MODELLED[key] !== undefined) fail(key, NOT_MODELLED[key] as string);
    else if (NARROWING.has(key)) narrowing.push(key);
    else if (!MODELLED.has(key)) fail(key, `unknown term keyword ${key}::`);
  }

  // Action.
  const actions = values('action').map((t) => t.text);
  let action: 'permit' | 'deny' | 'next' | undefined;
  if (actions.length === 0) {
    marks.push({ span: { ...block.keyword, endLine: block.keyword.line }, fate: 'unknown', reason: 'term has no action:: (Aerleon refuses such a term)' });
    broken = true;
  } else if (new Set(actions).size > 1) fail('action', `conflicting actions ${actions.join(', ')}`);
  else {
    const a = actions[0] as string;
    if (a === 'accept') action = 'permit';
    else if (a === 'deny' || a === 'reject' || a === 'reject-with-tcp-rst') action = 'deny';
    else if (a === 'next') action = 'next';
    else fail('action', `unknown action "${a}" (expected accept, deny, reject, reject-with-tcp-rst, next)`);
    if (action) mark('action', 'understood');
  }

  // Expiration: Aerleon stops rendering a term once its date has passed.
  for (const t of values('expiration')) {
    const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t.text);
    if (!m) {
      fail('expiration', `expiration "${t.text}" is not YYYY-MM-DD`);
      continue;
    }
    mark('expiration', 'understood');
    const expires = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    if (expires <= Date.now()) {
      marks.push({ span: { ...block.keyword, endLine: block.keyword.line }, fate: 'understood' });
      return { skipped: true };
    }
  }

  // Platform selection is applied per target by the caller.
  const platforms = values('platform').map((t) => t.text);
  const platformExclude = values('platform-exclude').map((t) => t.text);
  mark('platform', 'understood');
  mark('platform-exclude', 'understood');

  const restrict = values('restrict-address-family').map((t) => t.text);
  if (restrict.includes('inet6')) {
    return { ipv6Only: true };
  }
  mark('restrict-address-family', 'understood');

  // Addresses.
  const addresses = (key: string): { set?: AddressSet; v6Only?: boolean } => {
    const refs = values(key);
    if (refs.length === 0) return {};
    const ranges: Range[] = [];
    let hasV6 = false;
    for (const t of refs) {
      const net = defs.network(t.text);
      if ('error' in net) {
        fail(key, net.error);
        return {};
      }
      ranges.push(...net.v4);
      hasV6 ||= net.hasV6 || net.hasFqdn;
    }
    mark(key, 'understood');
    if (ranges.length === 0) {
      mark(key, 'ignored', IPV6_REASON);
      return { set: addressSetFromRanges([]), v6Only: hasV6 };
    }
    return { set: addressSetFromRanges(ranges) };
  };
  const src = addresses('source-address');
  const dst = addresses('destination-address');
  const either = addresses('address');
  const srcEx = addresses('source-exclude');
  const dstEx = addresses('destination-exclude');
  const eitherEx = addresses('address-exclude');
  for (const [key, ex] of [['source-exclude', srcEx], ['destination-exclude', dstEx], ['address-exclude', eitherEx]] as const) {
    if (ex.set) mark(key, 'understood');
  }
  const srcSet = src.set ? (srcEx.set ? addressSetMinus(src.set, srcEx.set) : src.set) : undefined;
  const dstSet = dst.set ? (dstEx.set ? addressSetMinus(dst.set, dstEx.set) : dst.set) : undefined;
  const eitherSet = either.set ? (eitherEx.set ? addressSetMinus(either.set, eitherEx.set) : either.set) : undefined;
  // An exclude without its address list: Cisco-style targets drop it, others subtract it from "any".
  const exOnly: [string, AddressSet | undefined, boolean][] = [
    ['source-exclude', srcEx.set, !src.set],
    ['destination-exclude', dstEx.set, !dst.set],
  ];
  const excludesAlone = exOnly.filter(([, set, alone]) => set && alone);
  if (src.v6Only || dst.v6Only || either.v6Only) ipv6Only = true;

  // Protocols.
  const protoTokens = values('protocol');
  const protocols: number[] = [];
  for (const t of protoTokens) {
    const n = /^\d+$/.test(t.text) ? Number(t.text) : PROTOCOLS[t.text.toLowerCase()];
    if (n === undefined || n > 255) fail('protocol', `unknown protocol "${t.text}"`);
    else protocols.push(n);
  }
  const v4Protocols = protocols.filter((p) => !IPV6_ONLY_PROTOCOLS.has(p));
  if (protocols.length > 0 && v4Protocols.length === 0) ipv6Only = true;
  if (protoTokens.length > 0) mark('protocol', 'understood');
  const except = values('protocol-except');
  const excepted = new Set<number>();
  for (const t of except) {
    const n = /^\d+$/.test(t.text) ? Number(t.text) : PROTOCOLS[t.text.toLowerCase()];
    if (n === undefined) fail('protocol-except', `unknown protocol "${t.text}"`);
    else excepted.add(n);
  }
  if (except.length > 0) mark('protocol-except', 'understood');

  // Ports: Aerleon looks each name up per protocol of the term and applies the union to every protocol.
  const ports = (key: string): Range[] | undefined => {
    const refs = values(key);
    if (refs.length === 0) return undefined;
    const out: Range[] = [];
    for (const t of refs) {
      for (const p of protoTokens) {
        const found = defs.servicePorts(t.text, p.text.toLowerCase());
        if ('error' in found) {
          fail(key, found.error);
          return undefined;
        }
        out.push(...found);
      }
      if (protoTokens.length === 0) {
        const all = defs.service(t.text);
        if ('error' in all) {
          fail(key, all.error);
          return undefined;
        }
      }
    }
    mark(key, 'understood');
    // No port of the term's protocols: Aerleon renders the term without a port match.
    return out.length === 0 ? undefined : out;
  };
  const srcPorts = ports('source-port');
  let dstPorts = ports('destination-port');
  const eitherPorts = ports('port');

  // ICMP types (IPv4 names).
  const icmpTypes: number[] = [];
  for (const t of values('icmp-type')) {
    const n = ICMP_TYPES[t.text];
    if (n === undefined) {
      mark('icmp-type', 'ignored', `${IPV6_REASON}: "${t.text}" is an ICMPv6 type`);
    } else icmpTypes.push(n);
  }
  if (icmpTypes.length > 0) mark('icmp-type', 'understood');
  else if (values('icmp-type').length > 0) ipv6Only = true;
  const icmpCodes: number[] = [];
  for (const t of values('icmp-code')) {
    const n = Number(t.text);
    if (!/^\d+$/.test(t.text) || n > 255) fail('icmp-code', `ICMP code "${t.text}" is not 0-255`);
    else icmpCodes.push(n);
  }
  if (icmpCodes.length > 0 && icmpTypes.length !== 1) fail('icmp-code', 'icmp-code:: needs exactly one icmp-type:: (Aerleon refuses the term)');
  else if (icmpCodes.length > 0) mark('icmp-code', 'understood');

  // Options.
  for (const t of values('option')) {
    const o = t.text;
    if (o === 'established' || o === 'tcp-established') {
      narrowing.push(`option ${o}`);
      if (o === 'established' && (action === 'permit')) {
        // Aerleon (FixHighPorts) adds the high ports to the destination ports of tcp/udp terms.
        if (dstPorts) dstPorts = [...dstPorts, [1024, 65535]];
      }
    } else if (NARROWING_OPTIONS.has(o)) narrowing.push(`option ${o}`);
    else if (!HARMLESS_OPTIONS.has(o)) fail('option', `unknown option "${o}"`);
  }
  if (values('option').every((t) => HARMLESS_OPTIONS.has(t.text))) mark('option', 'ignored', 'options that cannot change a verdict');

  if (ipv6Only) return { ipv6Only: true };
  if (broken || !action) return {};
  if (action === 'next') return { model: { name, block, rules: [], platforms, platformExclude } };

  // The narrowing conditions: an accept term keeps matching without them, a deny term is left out.
  if (narrowing.length > 0 || excludesAlone.length > 0) {
    const why =
      action === 'permit'
        ? 'the model cannot express it: the accept term is modelled as matching without this condition (lets more pass)'
        : 'the model cannot express it: the deny term is left out (denies less)';
    for (const n of narrowing) {
      if (n.startsWith('option ')) {
        for (const s of byKey.get('option') ?? []) {
          if (s.values.some((v) => `option ${v.text}` === n)) marks.push({ span: statementSpan(s), fate: 'approximated', reason: `${n}: ${why}` });
        }
      } else mark(n, 'approximated', `${n}: ${why}`);
    }
    for (const [key] of excludesAlone) {
      mark(key, 'approximated', `${key} without its address list: Cisco-style targets drop it, others subtract it from any; ${action === 'permit' ? 'modelled as any (lets more pass)' : 'the deny term is modelled as excluding it (denies less)'}`);
    }
    if (action === 'deny' && narrowing.length > 0) {
      return { model: { name, block, rules: [], platforms, platformExclude } };
    }
  }
  const srcFinal = srcSet ?? (action === 'deny' && srcEx.set && !src.set ? addressSetMinus(ALL_ADDRESSES, srcEx.set) : undefined);
  const dstFinal = dstSet ?? (action === 'deny' && dstEx.set && !dst.set ? addressSetMinus(ALL_ADDRESSES, dstEx.set) : undefined);
  if ((srcFinal && addressSetIsEmpty(srcFinal)) || (dstFinal && addressSetIsEmpty(dstFinal)) || (eitherSet && addressSetIsEmpty(eitherSet))) {
    // Aerleon renders nothing for a term whose addresses are all excluded.
    return { model: { name, block, rules: [], platforms, platformExclude } };
  }

  // Services.
  const protoList: (number | undefined)[] = protocols.length > 0 ? v4Protocols : except.length > 0 ? [...Array(256).keys()].filter((p) => !excepted.has(p)) : [undefined];
  const serviceFor = (sp: Range[] | undefined, dp: Range[] | undefined): string[] | undefined => {
    const out: string[] = [];
    for (const p of protoList) {
      // No protocol: Aerleon renders no port and no ICMP match either.
      if (p === undefined) return undefined;
      if (p === 6 || p === 17) {
        const pname = p === 6 ? 'tcp' : 'udp';
        for (const s of sp ?? [[0, 65535] as Range]) {
          for (const d of dp ?? [[0, 65535] as Range]) {
            const fmt = (r: Range): string => (r[0] === 0 && r[1] === 65535 ? 'any' : r[0] === r[1] ? `${r[0]}` : `${r[0]}-${r[1]}`);
            out.push(sp ? `${pname}/${fmt(s)}:${fmt(d)}` : dp ? `${pname}/${fmt(d)}` : pname);
          }
        }
      } else if (p === 1) {
        if (icmpCodes.length > 0) out.push(...icmpCodes.map((c) => `icmp/${icmpTypes[0] as number}/${c}`));
        else if (icmpTypes.length > 0) out.push(...icmpTypes.map((t) => `icmp/${t}`));
        else out.push('icmp');
      } else if (sp || dp) {
        // sctp/udplite ports: the model has ports for tcp and udp only.
        if (action === 'permit') {
          out.push(String(p));
          mark(sp ? 'source-port' : 'destination-port', 'approximated', `ports of protocol ${p} are not modelled: any port matches (lets more pass)`);
        } else mark(sp ? 'source-port' : 'destination-port', 'approximated', `ports of protocol ${p} are not modelled: left out of the deny term (denies less)`);
      } else out.push(String(p));
    }
    return [...new Set(out)];
  };

  const rules: TermRule[] = [];
  const addRule = (s: AddressSet | undefined, d: AddressSet | undefined, sp: Range[] | undefined, dp: Range[] | undefined): void => {
    const services = serviceFor(sp, dp);
    if (services && services.length === 0) return;
    if ((s && addressSetIsEmpty(s)) || (d && addressSetIsEmpty(d))) return;
    rules.push({ action, src: s && !addressSetIsAll(s) ? s : undefined, dst: d && !addressSetIsAll(d) ? d : undefined, services });
  };
  const portCombos: [Range[] | undefined, Range[] | undefined][] = eitherPorts
    ? [[srcPorts ? intersectRanges(srcPorts, eitherPorts) : eitherPorts, dstPorts], [srcPorts, dstPorts ? intersectRanges(dstPorts, eitherPorts) : eitherPorts]]
    : [[srcPorts, dstPorts]];
  const addrCombos: [AddressSet | undefined, AddressSet | undefined][] = eitherSet
    ? [[srcFinal ? addressSetIntersect(srcFinal, eitherSet) : eitherSet, dstFinal], [srcFinal, dstFinal ? addressSetIntersect(dstFinal, eitherSet) : eitherSet]]
    : [[srcFinal, dstFinal]];
  for (const [s, d] of addrCombos) for (const [sp, dp] of portCombos) {
    if ((sp && sp.length === 0) || (dp && dp.length === 0)) continue;
    addRule(s, d, sp, dp);
  }
  return { model: { name, block, rules, platforms, platformExclude } };
}

function intersectRanges(a: readonly Range[], b: readonly Range[]): Range[] {
  const out: Range[] = [];
  for (const x of a) for (const y of b) {
    const lo = Math.max(x[0], y[0]);
    const hi = Math.min(x[1], y[1]);
    if (lo <= hi) out.push([lo, hi]);
  }
  return out;
}

/** The direction a target states (`ingress`/`egress`, …; speedway/iptables chain OUTPUT), if any. */
function statedDirection(platform: string, filter: string, options: readonly string[]): 'in' | 'out' | undefined {
  const words = options.map((o) => o.toLowerCase());
  if (words.some((w) => w === 'egress' || w === 'outbound' || w === 'out' || w === 'output')) return 'out';
  if (words.some((w) => w === 'ingress' || w === 'inbound' || w === 'in' || w === 'input')) return 'in';
  if (platform === 'speedway' || platform === 'iptables') return filter === 'OUTPUT' ? 'out' : 'in';
  return undefined;
}

/** IPv4 meaning of a target: does it filter IPv4, and with which default? */
function targetSemantics(t: TargetSpec): { ipv4: boolean; defaultAction: 'permit' | 'deny'; approximated?: string; unknown?: string } {
  const opts = t.options;
  const ipv4 = !(opts.includes('inet6') && !opts.includes('mixed') && !opts.includes('inet'));
  if (ACL_PLATFORMS.has(t.platform)) return { ipv4, defaultAction: 'deny' };
  if (t.platform === 'ciscoasa') return { ipv4, defaultAction: 'deny' };
  if (t.platform === 'speedway' || t.platform === 'iptables') {
    if (opts.includes('ACCEPT')) return { ipv4, defaultAction: 'permit' };
    if (opts.includes('DROP') || t.platform === 'speedway' || t.filter === 'FORWARD') return { ipv4, defaultAction: 'deny' };
    return {
      ipv4,
      defaultAction: 'permit',
      approximated: IPTABLES_BUILTIN.has(t.filter)
        ? `iptables ${t.filter} without ACCEPT/DROP keeps the chain's current policy: modelled as ACCEPT (lets more pass)`
        : `iptables chain ${t.filter} returns to its caller when no rule matches: modelled as ACCEPT (lets more pass)`,
    };
  }
  if (ZONE_PLATFORMS.has(t.platform)) {
    if (!t.zones) return { ipv4, defaultAction: 'deny', unknown: `${t.platform} target needs from-zone ZONE to-zone ZONE` };
    if (t.zones.includes('all')) return { ipv4, defaultAction: 'deny', unknown: `${t.platform} global policy (zone all) is not modelled` };
    const rest = t.options.slice(3);
    const zoneIpv4 = !(rest.includes('inet6') && !rest.includes('mixed') && !rest.includes('inet'));
    // PAN-OS allows intrazone traffic by default; interzone traffic and SRX's default policy deny.
    return { ipv4: zoneIpv4, defaultAction: t.platform === 'paloalto' && t.zones[0] === t.zones[1] ? 'permit' : 'deny' };
  }
  return { ipv4, defaultAction: 'deny', unknown: `target platform "${t.platform}" is not modelled by segproof import aerleon (cloud or host policy)` };
}

interface FilterVariant {
  readonly targets: TargetSpec[];
  readonly rules: RawRule[];
  readonly defaultAction: 'permit' | 'deny';
  readonly direction: 'in' | 'out';
  readonly key: string;
}

function importAerleon(files: readonly InputFile[], options: ImportOptions): DeviceImport {
  const fates = new LineFates();
  const ledgers = files.map((f) => new LineLedger(f.path, f.text));
  const kindOf = (p: string): 'def' | 'inc' | 'pol' => (/\.(ya?ml|net|svc)$/i.test(p) ? 'def' : /\.inc$/i.test(p) ? 'inc' : 'pol');
  const defs = new Definitions();
  const seen = new Set<string>();
  files.forEach((f, i) => {
    const ledger = ledgers[i] as LineLedger;
    // The same definitions file twice (given as an argument and found again by --def): read once.
    const key = `${path.resolve(f.path)}\0${f.text}`;
    if (kindOf(f.path) === 'def' && seen.has(key)) ledger.lines.forEach((_, n) => fates.mark(ledger, n + 1, 'ignored', 'the same definitions file was given twice: read once'));
    else if (kindOf(f.path) === 'def') defs.read(ledger, f.text, fates);
    seen.add(key);
  });
  const includes = ledgers.filter((l) => kindOf(l.file) === 'inc');
  const usedIncludes = new Set<LineLedger>();
  const policies = ledgers.filter((l) => kindOf(l.file) === 'pol');
  const firstPolicy = policies[0] ?? ledgers[0];
  const device = options.deviceName ?? safeName(firstPolicy ? path.basename(firstPolicy.file).replace(/\.[^.]*$/, '') : 'aerleon');

  const acls: RawAcl[] = [];
  const interfaces: DeviceInterface[] = [];
  const aclNames = new NameSpace();
  const zoneInterfaces = new Set<string>();
  let stateful = false;

  for (const ledger of policies) {
    const tokens = expandIncludes(tokenize(ledger, fates), includes, fates, usedIncludes);
    const { blocks } = parseBlocks(tokens, fates);
    let header: { block: Block; targets: TargetSpec[] } | undefined;
    let terms: { model?: TermModel; block: Block }[] = [];
    const emit = (): void => {
      if (!header) return;
      const variants = new Map<string, FilterVariant[]>();
      // A target that states no direction takes the one the filter's other targets state (else in).
      const stated = new Map<string, Set<'in' | 'out'>>();
      for (const t of header.targets) {
        const d = t.zones ? undefined : statedDirection(t.platform, t.filter, t.options);
        if (d) stated.set(t.filter, (stated.get(t.filter) ?? new Set()).add(d));
      }
      for (const t of header.targets) {
        const sem = targetSemantics(t);
        if (sem.unknown || !sem.ipv4) continue;
        if (STATEFUL_PLATFORMS.has(t.platform) && !(t.platform !== 'ciscoasa' && t.options.includes('nostate'))) stateful = true;
        const rules: { rule: TermRule; term: TermModel }[] = [];
        for (const { model } of terms) {
          if (!model) continue;
          if (model.platforms.length > 0 && !model.platforms.includes(t.platform)) continue;
          if (model.platformExclude.includes(t.platform)) continue;
          for (const rule of model.rules) rules.push({ rule, term: model });
        }
        const names = new NameSpace();
        const perTerm = new Map<TermModel, number>();
        const raw: RawRule[] = rules.map(({ rule, term }) => {
          const at = term.block.keyword;
          // A term that became several rules (address::, port::): <term>, <term>-2, …
          const k = (perTerm.get(term) ?? 0) + 1;
          perTerm.set(term, k);
          const r: RawRule = { name: names.name(k === 1 ? term.name : `${term.name}-${k}`), action: rule.action };
          const src = rule.src ? formatSet(rule.src) : undefined;
          const dst = rule.dst ? formatSet(rule.dst) : undefined;
          if (src) r.src = src.length === 1 ? (src[0] as string) : src;
          if (dst) r.dst = dst.length === 1 ? (dst[0] as string) : dst;
          if (rule.services) r.service = rule.services.length === 1 ? (rule.services[0] as string) : [...rule.services];
          r.description = `${at.ledger.file}:${at.line} term ${term.name}`.slice(0, 160);
          return r;
        });
        const others = stated.get(t.filter);
        const dir = (t.zones ? undefined : statedDirection(t.platform, t.filter, t.options)) ?? (others?.size === 1 ? ([...others][0] as 'in' | 'out') : 'in');
        const key = JSON.stringify([raw, sem.defaultAction, dir]);
        const list = variants.get(t.filter) ?? [];
        const same = list.find((v) => v.key === key);
        if (same) same.targets.push(t);
        else list.push({ targets: [t], rules: raw, defaultAction: sem.defaultAction, direction: dir, key });
        variants.set(t.filter, list);
      }
      for (const [filter, list] of variants) {
        for (const v of list) {
          const wanted = list.length === 1 ? filter : `${filter}_${v.targets.map((t) => t.platform).join('_')}`;
          const name = aclNames.name(wanted);
          const where = v.targets[0]?.statement.key as Token;
          const zones = v.targets[0]?.zones;
          if (zones) {
            // One synthetic interface per vendor zone: --segment <zone>=<segment> places the zone.
            for (const z of zones) {
              if (!zoneInterfaces.has(z)) {
                zoneInterfaces.add(z);
                interfaces.push({ name: z, zone: z, description: `synthetic: vendor zone ${z} (map it with --segment ${safeName(z)}=<segment>)`, line: { file: where.ledger.file, line: where.line } });
              }
            }
          } else interfaces.push({ name, description: `synthetic: where Aerleon filter ${filter} is applied (map it with --segment ${name}=<segment>)`, line: { file: where.ledger.file, line: where.line } });
          acls.push({
            name,
            bind: zones ? { fromZone: safeName(zones[0]), toZone: safeName(zones[1]) } : { interface: safeName(name), direction: v.direction },
            default: v.defaultAction,
            rules: v.rules,
            description: `Aerleon filter ${filter} (${v.targets.map((t) => t.platform).join(', ')}) from ${where.ledger.file}:${where.line}${HOST_CHAINS[filter] && v.targets.every((t) => t.platform === 'speedway' || t.platform === 'iptables') ? `; ${HOST_CHAINS[filter]}` : ''}`,
          });
        }
      }
    };

    for (const block of blocks) {
      if (block.kind === 'header') {
        emit();
        terms = [];
        const targets: TargetSpec[] = [];
        for (const s of block.statements) {
          const span = statementSpan(s);
          if (s.key.text === 'comment') fates.markSpan(span, 'ignored', 'comment');
          else if (s.key.text === 'target') {
            const [platform, filter, ...opts] = s.values.map((v) => v.text);
            if (!platform) {
              fates.markSpan(span, 'unknown', 'target:: needs a platform and a filter name', true);
              continue;
            }
            // speedway/iptables: the filter is the chain; others: the filter name (ciscoasa too).
            const zones = zonePair(platform, filter, opts);
            const t: TargetSpec = { statement: s, platform, filter: zones ? `${zones[0]}_to_${zones[1]}` : (filter ?? platform), options: opts, zones };
            targets.push(t);
            const sem = targetSemantics(t);
            if (sem.unknown) fates.markSpan(span, 'unknown', sem.unknown, true);
            else if (!sem.ipv4) fates.markSpan(span, 'ignored', `${IPV6_REASON}: this target filters only inet6`);
            else if (sem.approximated) fates.markSpan(span, 'approximated', sem.approximated, true);
            else fates.markSpan(span, 'understood');
          } else fates.markSpan(span, 'unknown', `header keyword ${s.key.text}:: is not modelled`, true);
        }
        fates.markDefault(blockSpan(block), 'understood');
        header = { block, targets };
        continue;
      }
      const marks: LocalMark[] = [];
      const result = modelTerm(block, defs, marks);
      const span = blockSpan(block);
      const hasV4Target = header?.targets.some((t) => {
        const sem = targetSemantics(t);
        return sem.ipv4 && !sem.unknown;
      });
      if (!header) {
        fates.markSpan(span, 'unknown', 'term before any header: Aerleon refuses the policy', true);
        continue;
      }
      const onlyIpv6Targets = header.targets.length > 0 && header.targets.every((t) => !targetSemantics(t).ipv4);
      if (result.ipv6Only || onlyIpv6Targets) {
        // Keep unknowns; everything else of the term cannot change an IPv4 verdict.
        fates.markSpan(span, 'ignored', result.ipv6Only ? `${IPV6_REASON}: the term has no IPv4 part` : `${IPV6_REASON}: the header has only inet6 targets`);
        continue;
      }
      if (header.targets.length === 0) {
        fates.markSpan(span, 'ignored', 'the header names no target: Aerleon renders these terms nowhere');
        continue;
      }
      if (!hasV4Target) {
        // The header's targets are not modelled (their target lines say so, verdict-changing).
        fates.markSpan(span, 'unknown', 'term of a header whose targets are not modelled (see its target:: lines)', false);
        continue;
      }
      for (const m of marks) fates.markSpan(m.span, m.fate, m.reason, m.fate === 'unknown' ? true : undefined);
      // The term's own lines (term NAME {, braces) and, for an expired or `next` term, all the rest.
      fates.markDefault(span, 'understood');
      terms.push({ model: result.model, block });
    }
    emit();
  }
  for (const inc of includes) {
    if (!usedIncludes.has(inc)) inc.lines.forEach((_, i) => fates.mark(inc, i + 1, 'ignored', 'include file that no policy includes'));
  }
  defs.finish(fates);
  fates.flush();

  const node: RawNode = stateful
    ? { kind: 'firewall', interfaces: {}, acls, description: `Aerleon policy ${policies.map((p) => p.file).join(', ')}` }
    : { kind: 'router', interfaces: {}, acls, description: `Aerleon policy ${policies.map((p) => p.file).join(', ')}` };
  return { device, interfaces, fragment: { nodes: { [device]: node } }, ledgers };
}

export const aerleonImporter: Importer = {
  format: 'aerleon',
  description: 'Aerleon/Capirca policy (.pol, with its #include files and definitions: --def <folder> or the .yaml/.net/.svc files)',
  importDevice: importAerleon,
};
