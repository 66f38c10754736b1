/**
 * Cisco IOS zone-based policy firewall (ZBF) as segproof ACLs on a stateful firewall.
 *
 * IOS semantics mapped here:
 * * traffic between interfaces of one zone passes unless a zone-pair from that zone to itself says
 *   otherwise; between two zones it needs a zone-pair whose `policy-map type inspect` lets it through
 *   (no zone-pair, or no class matching: dropped — class-default drops unless told otherwise);
 *   between a zone member and an interface in no zone it is dropped; between two interfaces in no
 *   zone it passes. Every ordered pair of zones therefore gets a zone-pair ACL (default deny where
 *   IOS has no zone-pair), so that no packet crosses the firewall without one.
 * * `inspect` is stateful (replies pass): the device is a stateful firewall. `pass` is a one-way
 *   stateless permit: modelled as a permit on a stateful firewall, so its replies pass too — an
 *   over-approximation (marked).
 * * the self zone: traffic to and from the router passes unless a zone-pair with `self` exists. A
 *   packet to the device meets only its `in` ACLs in segproof (and one from it only `out` ACLs), so
 *   every interface gets an `in` and an `out` ACL: permit everything not addressed to (from) the
 *   device, then the self policy, if any.
 * * class-maps: `match access-group` (the ACL's permit entries), `match protocol` (IOS's default
 *   port map), `match class-map`; `match-all` intersects, `match-any` unites.
 */
import { ANY_PORTS, intersectServices, rangeRefs, type CiscoAclEntry, type CiscoService, type Range } from './cisco-acl-line.js';
import { entryRule, lineDescription, type Block } from './cisco-config.js';
import type { IosConfig } from './cisco-ios.js';
import type { RawAcl, RawRule } from '../../topology/format.js';
import { parseIpv4 } from '../../net/ipv4.js';
import { NameSpace, safeName } from '../names.js';

export function isZbfBlock(tokens: readonly string[]): boolean {
  const t = tokens.join(' ');
  return /^(zone security|zone-pair security|class-map type inspect|policy-map type inspect|parameter-map type inspect)\b/.test(t);
}

/** IOS's default port map for `match protocol` (the common entries). */
const PROTOCOL_SERVICES: Readonly<Record<string, readonly CiscoService[]>> = (() => {
  const tcp = (p: number): CiscoService => ({ protocol: 6, src: ANY_PORTS, dst: [p, p] });
  const udp = (p: number): CiscoService => ({ protocol: 17, src: ANY_PORTS, dst: [p, p] });
  return {
    tcp: [{ protocol: 6, src: ANY_PORTS, dst: ANY_PORTS }],
    udp: [{ protocol: 17, src: ANY_PORTS, dst: ANY_PORTS }],
    icmp: [{ protocol: 1, src: ANY_PORTS, dst: ANY_PORTS }],
    http: [tcp(80)], https: [tcp(443)], ssh: [tcp(22)], telnet: [tcp(23)], ftp: [tcp(21)], smtp: [tcp(25)],
    pop3: [tcp(110)], imap: [tcp(143)], ldap: [tcp(389)], ldaps: [tcp(636)], dns: [tcp(53), udp(53)],
    ntp: [udp(123)], snmp: [udp(161)], syslog: [udp(514)], tftp: [udp(69)], bootps: [udp(67)], bootpc: [udp(68)],
    sip: [tcp(5060), udp(5060)], mysql: [tcp(3306)], 'ms-sql': [tcp(1433)], sqlnet: [tcp(1521)], nfs: [tcp(2049), udp(2049)],
    kerberos: [tcp(88), udp(88)], rtsp: [tcp(554)], h323: [tcp(1720)], 'netbios-ssn': [tcp(139)], cifs: [tcp(445)],
  };
})();

/** One class's match as (src, dst, services) terms; `exact` false when it was widened. */
interface Term {
  readonly entry: CiscoAclEntry;
  readonly aclLine: number | undefined;
}
interface ClassMatch {
  readonly terms: Term[];
  /** Reasons the terms match more than the class (sound only for permitting actions). */
  readonly widened: string[];
  /** Reasons the terms could match less than the class (then a permit is unsound; used for drop classes only when empty). */
  readonly narrowed: string[];
}

const ANY_ENTRY = (services: readonly CiscoService[]): CiscoAclEntry => ({ action: 'permit', src: { refs: ['any'] }, dst: { refs: ['any'] }, services, widened: [] });

export interface Zbf {
  readonly active: boolean;
  /** Vendor zone name given to interfaces in no zone (they pass among themselves). */
  readonly unzoned: string;
  acls(addressesOf: ReadonlyMap<string, readonly string[]>, selfAddresses: readonly string[], names: NameSpace): RawAcl[];
}

export function buildZbf(blocks: readonly Block[], cfg: IosConfig): Zbf {
  const { ledger } = cfg;
  const zones = new Set<string>();
  const classMaps = new Map<string, Block>();
  const policyMaps = new Map<string, Block>();
  const pairs: { from: string; to: string; policy?: string; line: number }[] = [];
  for (const b of blocks) {
    const t = b.tokens;
    if (t[0] === 'zone') {
      zones.add(t[2] ?? '');
      ledger.understood(b.line);
      for (const c of b.children) ledger.ignored(c.line, 'zone description');
    } else if (t[0] === 'zone-pair') {
      const from = t[t.indexOf('source') + 1];
      const to = t[t.indexOf('destination') + 1];
      if (!t.includes('source') || !t.includes('destination') || !from || !to) continue; // unmarked: unknown
      const pair: { from: string; to: string; policy?: string; line: number } = { from, to, line: b.line };
      ledger.understood(b.line);
      for (const c of b.children) {
        if (c.tokens[0] === 'service-policy' && c.tokens[1] === 'type' && c.tokens[2] === 'inspect' && c.tokens[3]) {
          pair.policy = c.tokens[3];
          ledger.understood(c.line);
        } else if (c.tokens[0] === 'description') ledger.ignored(c.line, 'description');
      }
      pairs.push(pair);
    } else if (t[0] === 'class-map') {
      classMaps.set(t[t.length - 1] ?? '', b);
    } else if (t[0] === 'policy-map') {
      policyMaps.set(t[3] ?? '', b);
    } else if (t[0] === 'parameter-map') {
      for (const x of [b, ...b.children]) ledger.ignored(x.line, 'inspection parameters (timeouts, limits): they do not decide which flows pass');
    }
  }
  const usedClasses = new Set<string>();
  const usedPolicies = new Set(pairs.map((p) => p.policy).filter((p): p is string => p !== undefined));

  /** The match of a class-map (memoised); marks its lines. */
  const matches = new Map<string, ClassMatch>();
  const classMatch = (name: string, seen: Set<string>): ClassMatch | undefined => {
    const known = matches.get(name);
    if (known) return known;
    const b = classMaps.get(name);
    if (!b || seen.has(name)) return undefined;
    seen.add(name);
    const all = !b.tokens.includes('match-any');
    ledger.understood(b.line);
    const parts: ClassMatch[] = [];
    for (const c of b.children) {
      const t = c.tokens;
      if (t[0] === 'description') {
        ledger.ignored(c.line, 'description');
        continue;
      }
      if (t[0] !== 'match') continue; // unmarked: unknown
      if (t[1] === 'access-group') {
        const aclName = t[2] === 'name' ? t[3] : t[2];
        const acl = cfg.acls.get(aclName ?? '');
        if (!acl) {
          // whether IOS then matches everything or nothing, "everything" is the side that lets more pass
          ledger.approximated(c.line, `ACL ${aclName ?? ''} is not defined: matched as any traffic (drop classes using it are left out)`);
          parts.push({ terms: [{ entry: ANY_ENTRY([{ protocol: undefined, src: ANY_PORTS, dst: ANY_PORTS }]), aclLine: undefined }], widened: [`ACL ${aclName ?? ''} undefined, matched as any`], narrowed: [] });
          continue;
        }
        acl.used = true;
        const terms: Term[] = [];
        const widened: string[] = [];
        const narrowed: string[] = [];
        for (const p of acl.parsed ?? []) {
          if (!p.result.ok) {
            narrowed.push(`line ${p.line} not understood`);
            continue;
          }
          if (p.result.entry.action === 'deny') {
            widened.push(`deny entry at line ${p.line} ignored inside class ${name}`);
            continue;
          }
          if (p.result.entry.widened.length > 0) widened.push(...p.result.entry.widened);
          terms.push({ entry: p.result.entry, aclLine: p.line });
        }
        parts.push({ terms, widened, narrowed });
        ledger.understood(c.line);
      } else if (t[1] === 'protocol' && t[2]) {
        const services = PROTOCOL_SERVICES[t[2].toLowerCase()];
        if (services) {
          parts.push({ terms: [{ entry: ANY_ENTRY(services), aclLine: undefined }], widened: [], narrowed: [] });
          ledger.understood(c.line);
        } else {
          parts.push({ terms: [{ entry: ANY_ENTRY([{ protocol: undefined, src: ANY_PORTS, dst: ANY_PORTS }]), aclLine: undefined }], widened: [`protocol ${t[2]} not in segproof's port map (matched as any)`], narrowed: [] });
          ledger.approximated(c.line, `application protocol ${t[2]} is matched as any protocol (wider than the device)`);
        }
      } else if (t[1] === 'class-map' && t[2]) {
        const inner = classMatch(t[2], seen);
        if (!inner) continue;
        usedClasses.add(t[2]);
        parts.push(inner);
        ledger.understood(c.line);
      }
    }
    let result: ClassMatch;
    if (parts.length === 0) result = { terms: [], widened: [], narrowed: ['class has no match'] };
    else if (!all) result = { terms: parts.flatMap((p) => p.terms), widened: parts.flatMap((p) => p.widened), narrowed: parts.flatMap((p) => p.narrowed) };
    else {
      // match-all: intersect term by term (addresses: a term with "any" on a side takes the other's)
      let acc = parts[0] as ClassMatch;
      for (const next of parts.slice(1)) {
        const terms: Term[] = [];
        const widened = [...acc.widened, ...next.widened];
        for (const x of acc.terms) {
          for (const y of next.terms) {
            const side = (a: readonly string[], b: readonly string[]): readonly string[] | undefined => (a.length === 1 && a[0] === 'any' ? b : b.length === 1 && b[0] === 'any' ? a : undefined);
            const src = side(x.entry.src.refs, y.entry.src.refs);
            const dst = side(x.entry.dst.refs, y.entry.dst.refs);
            const services: CiscoService[] = [];
            for (const s of x.entry.services) for (const u of y.entry.services) {
              const i = intersectServices(s, u);
              if (i) services.push(i);
            }
            if (!src || !dst) {
              // two address-restricted parts: keep the first side (wider) and say so
              widened.push('match-all of two address matches kept the first');
            }
            terms.push({ entry: { action: 'permit', src: { refs: src ?? x.entry.src.refs }, dst: { refs: dst ?? x.entry.dst.refs }, services, widened: [...x.entry.widened, ...y.entry.widened] }, aclLine: x.aclLine ?? y.aclLine });
          }
        }
        acc = { terms, widened, narrowed: [...acc.narrowed, ...next.narrowed] };
      }
      result = acc;
    }
    matches.set(name, result);
    return result;
  };

  /** A policy-map as ordered rules and its default action. */
  const policies = new Map<string, { rules: RawRule[]; default: 'permit' | 'deny' }>();
  const policyRules = (name: string): { rules: RawRule[]; default: 'permit' | 'deny' } | undefined => {
    const known = policies.get(name);
    if (known) return known;
    const b = policyMaps.get(name);
    if (!b) return undefined;
    ledger.understood(b.line);
    const rules: RawRule[] = [];
    let defaultAction: 'permit' | 'deny' = 'deny';
    const ruleNames = new NameSpace();
    for (const c of b.children) {
      const t = c.tokens;
      if (t[0] === 'description') {
        ledger.ignored(c.line, 'description');
        continue;
      }
      if (t[0] !== 'class') continue;
      const isDefault = t[1] === 'class-default';
      const className = isDefault ? 'class-default' : t[t.length - 1] ?? '';
      const actionBlock = c.children.find((x) => ['inspect', 'pass', 'drop'].includes(x.tokens[0] ?? ''));
      for (const x of c.children) {
        if (x === actionBlock) continue;
        if (x.tokens[0] === 'police' || x.tokens[0] === 'urlfilter') ledger.ignored(x.line, 'rate limit or URL logging: it does not decide which flows pass');
      }
      if (!actionBlock) {
        // no action: IOS drops what the class matches
        ledger.understood(c.line);
        continue;
      }
      const verb = actionBlock.tokens[0] as string;
      const permit = verb !== 'drop';
      if (verb === 'pass') ledger.approximated(actionBlock.line, 'pass is stateless on IOS; on this stateful firewall the replies of passed flows pass too (more than on the device)');
      else ledger.understood(actionBlock.line);
      if (isDefault) {
        defaultAction = permit ? 'permit' : 'deny';
        ledger.understood(c.line);
        continue;
      }
      const match = classMatch(className, new Set());
      usedClasses.add(className);
      if (!match) {
        ledger.unknown(c.line, `class-map ${className} is not defined`, true);
        continue;
      }
      if (!permit && (match.widened.length > 0 || match.narrowed.length > 0)) {
        ledger.approximated(c.line, `drop class ${className} left out: its match cannot be expressed exactly (${[...match.widened, ...match.narrowed].join('; ')})`);
        continue;
      }
      if (permit && match.narrowed.length > 0) {
        ledger.unknown(c.line, `class ${className}: ${match.narrowed.join('; ')}`, true);
        continue;
      }
      if (permit && match.widened.length > 0) ledger.approximated(c.line, `class ${className} widened: ${match.widened.join('; ')}`);
      else ledger.understood(c.line);
      for (const term of match.terms) {
        const line = term.aclLine ?? c.line;
        const { rule } = entryRule({ ...term.entry, action: permit ? 'permit' : 'deny' }, ruleNames.name(safeName(className)), lineDescription(cfg.file, line, `${cfg.ledger.text(line).trim()} (class ${className} of policy-map ${name}: ${verb})`));
        if (rule) rules.push(rule);
      }
    }
    const out = { rules, default: defaultAction };
    policies.set(name, out);
    return out;
  };

  const active = cfg.interfaces.some((i) => i.zone !== undefined);
  const unzoned = 'unzoned';
  return {
    active,
    unzoned,
    acls(addressesOf, selfAddresses, names) {
      // every ZBF line is accounted for even when no interface joins a zone
      for (const p of usedPolicies) policyRules(p);
      for (const name of classMaps.keys()) if (!usedClasses.has(name)) classMatch(name, new Set());
      for (const name of policyMaps.keys()) policyRules(name);
      if (!active) return [];
      const zoneOf = new Map<string, string>();
      for (const itf of cfg.interfaces) for (const n of addressesOf.get(itf.name) ?? []) zoneOf.set(n, safeName(itf.zone ?? unzoned));
      const present = [...new Set(zoneOf.values())].sort();
      const pairPolicy = new Map(pairs.map((p) => [`${safeName(p.from)}>${safeName(p.to)}`, p]));
      const out: RawAcl[] = [];
      for (const from of present) {
        for (const to of present) {
          const pair = pairPolicy.get(`${from}>${to}`);
          const description = pair ? lineDescription(cfg.file, pair.line, cfg.ledger.text(pair.line)) : undefined;
          if (pair) {
            const policy = pair.policy ? policyRules(pair.policy) : undefined;
            if (pair.policy && !policy) ledger.unknown(pair.line, `policy-map ${pair.policy} is not defined`, true);
            out.push({ name: names.name(`zbf-${from}-to-${to}`), bind: { fromZone: from, toZone: to }, default: policy?.default ?? 'deny', rules: policy?.rules ?? [], ...(description ? { description } : {}) });
          } else {
            const passes = from === to; // intra-zone (and unzoned to unzoned) passes; across zones IOS drops
            out.push({ name: names.name(`zbf-${from}-to-${to}`), bind: { fromZone: from, toZone: to }, default: passes ? 'permit' : 'deny', rules: [], description: passes ? 'IOS ZBF: traffic within one zone passes' : 'IOS ZBF: no zone-pair, traffic between these zones is dropped' });
          }
        }
      }
      // the self zone, through the interfaces' in and out ACLs
      const notSelf = complementRefs(selfAddresses);
      for (const [ifName, zone] of zoneOf) {
        for (const [direction, key] of [['in', `${zone}>self`], ['out', `self>${zone}`]] as const) {
          const pair = zone === unzoned ? undefined : pairPolicy.get(key);
          const policy = pair?.policy ? policyRules(pair.policy) : undefined;
          if (!pair) {
            out.push({ name: names.name(`zbf-self-${ifName}-${direction}`), bind: { interface: safeName(ifName), direction }, default: 'permit', rules: [], description: `IOS ZBF: traffic ${direction === 'in' ? 'to' : 'from'} the router itself passes without a self zone-pair` });
            continue;
          }
          const transit: RawRule = { name: 'not-self', action: 'permit', ...(direction === 'in' ? { dst: notSelf } : { src: notSelf }), description: 'transit traffic: decided by the zone-pair ACLs' };
          out.push({ name: names.name(`zbf-self-${ifName}-${direction}`), bind: { interface: safeName(ifName), direction }, default: policy?.default ?? 'deny', rules: [transit, ...(policy?.rules ?? [])], description: lineDescription(cfg.file, pair.line, cfg.ledger.text(pair.line)) });
        }
      }
      return out;
    },
  };
}

/** Every address but the given ones, as address references. */
function complementRefs(addresses: readonly string[]): string[] {
  const ips = [...new Set(addresses.map((a) => parseIpv4(a)).filter((x): x is number => x !== undefined))].sort((a, b) => a - b);
  const ranges: Range[] = [];
  let next = 0;
  for (const ip of ips) {
    if (ip > next) ranges.push([next, ip - 1]);
    next = ip + 1;
  }
  if (next <= 0xffffffff) ranges.push([next, 0xffffffff]);
  return rangeRefs(ranges);
}
