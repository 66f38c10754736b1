/**
 * `segproof import iptables-save <iptables-save output> [ip addr dump] [ip route dump]`.
 *
 * Reads the tables (raw, mangle, nat, filter, security), chain policies and `-A` rules of an
 * `iptables-save` dump into the shared rule set (linux-ruleset.ts); linux-compile.ts makes the
 * firewall. Every line is accounted for: rules whose matches are all modelled are understood,
 * rules with matches segproof cannot evaluate (mac, limit, recent, …) approximated, logging and
 * marking rules ignored, and anything not understood unknown.
 */
import { addressSetComplement, addressSetFromRanges, type AddressSet } from '../../net/address-set.js';
import { maskOf, parseIpv4 } from '../../net/ipv4.js';
import { protocolNumber } from '../../net/ports.js';
import { LineLedger } from '../ledger.js';
import type { DeviceImport, ImportOptions, Importer, InputFile } from '../types.js';
import { cube, ICMP_MAX, PORT_MAX, PROTO_MAX, ranges, rangesComplement, type Cube, type Ranges } from './linux-cube.js';
import { importLinuxDevice, type ParsedRuleset } from './linux-device.js';
import { EXTRA_PROTOCOLS, ICMP_TYPES, IPTABLES_BASE, type Chain, type CtState, type IfacePattern, type Rule, type Table, type Term, type Verdict } from './linux-ruleset.js';

/** Splits a rule line into words; double quotes group (with `\"` inside), as iptables-save writes them. */
export function tokenize(line: string): string[] | undefined {
  const out: string[] = [];
  let i = 0;
  while (i < line.length) {
    while (i < line.length && /\s/.test(line[i] as string)) i++;
    if (i >= line.length) break;
    let word = '';
    let quoted = false;
    while (i < line.length && (quoted || !/\s/.test(line[i] as string))) {
      const c = line[i] as string;
      if (c === '"') {
        quoted = !quoted;
        i++;
      } else if (c === '\\' && quoted && i + 1 < line.length) {
        word += line[i + 1];
        i += 2;
      } else {
        word += c;
        i++;
      }
    }
    if (quoted) return undefined;
    out.push(word);
  }
  return out;
}

class RuleSyntaxError extends Error {}

/** `10.0.0.0/8`, `10.1.2.3`, `10.0.0.0/255.0.0.0`, comma lists. */
function parseAddresses(text: string): AddressSet {
  const parts: [number, number][] = [];
  for (const item of text.split(',')) {
    const [addr, mask] = item.split('/');
    const ip = parseIpv4(addr ?? '');
    if (ip === undefined) throw new RuleSyntaxError(`"${item}" is not an IPv4 address or prefix`);
    let length = 32;
    if (mask !== undefined) {
      if (/^\d{1,2}$/.test(mask)) length = Number(mask);
      else {
        const m = parseIpv4(mask);
        if (m === undefined) throw new RuleSyntaxError(`"${mask}" is not a prefix length or netmask`);
        const bits = m.toString(2).padStart(32, '0');
        if (!/^1*0*$/.test(bits)) throw new RuleSyntaxError(`netmask ${mask} is not contiguous`);
        length = bits.indexOf('0') < 0 ? 32 : bits.indexOf('0');
      }
      if (length > 32) throw new RuleSyntaxError(`prefix length ${length} is over 32`);
    }
    const network = (ip & maskOf(length)) >>> 0;
    parts.push([network, (network + 2 ** (32 - length) - 1) >>> 0]);
  }
  return addressSetFromRanges(parts);
}

function parsePort(text: string): number {
  if (!/^\d{1,5}$/.test(text) || Number(text) > PORT_MAX) throw new RuleSyntaxError(`"${text}" is not a port number (service names are not resolved)`);
  return Number(text);
}

/** `22`, `1024:65535`, `:1023`, `1024:`, and comma lists of them (multiport). */
function parsePorts(text: string): Ranges {
  const out: [number, number][] = [];
  for (const item of text.split(',')) {
    const colon = item.indexOf(':');
    if (colon < 0) {
      const p = parsePort(item);
      out.push([p, p]);
    } else {
      const lo = colon === 0 ? 0 : parsePort(item.slice(0, colon));
      const hi = colon === item.length - 1 ? PORT_MAX : parsePort(item.slice(colon + 1));
      if (lo > hi) throw new RuleSyntaxError(`port range ${item} is reversed`);
      out.push([lo, hi]);
    }
  }
  return ranges(out);
}

function parseProtocol(text: string): number | undefined {
  const lower = text.toLowerCase();
  if (lower === 'all' || lower === '0') return undefined;
  const n = protocolNumber(lower) ?? EXTRA_PROTOCOLS[lower];
  if (n === undefined || n < 0 || n > PROTO_MAX) throw new RuleSyntaxError(`unknown protocol "${text}"`);
  return n;
}

function parseIcmpType(text: string): Ranges {
  if (text === 'any') return [[0, ICMP_MAX]];
  const named = ICMP_TYPES[text];
  if (named) {
    const [type, code] = named;
    return code === undefined ? [[type * 256, type * 256 + 255]] : [[type * 256 + code, type * 256 + code]];
  }
  const m = /^(\d{1,3})(?:\/(\d{1,3}))?$/.exec(text);
  if (!m || Number(m[1]) > 255 || Number(m[2] ?? 0) > 255) throw new RuleSyntaxError(`unknown ICMP type "${text}"`);
  const type = Number(m[1]);
  return m[2] === undefined ? [[type * 256, type * 256 + 255]] : [[type * 256 + Number(m[2]), type * 256 + Number(m[2])]];
}

function parseStates(text: string): Set<CtState> {
  const out = new Set<CtState>();
  for (const s of text.toLowerCase().split(',')) {
    if (!['new', 'established', 'related', 'invalid', 'untracked', 'snat', 'dnat'].includes(s)) throw new RuleSyntaxError(`unknown connection state "${s}"`);
    out.add(s as CtState);
  }
  return out;
}

function ifacePattern(text: string): IfacePattern {
  return text.endsWith('+') ? { name: text.slice(0, -1), wildcard: true } : { name: text, wildcard: false };
}

/** Matches whose modules change nothing a verdict depends on. */
const HARMLESS_MODULES = new Set(['comment']);
/** Matches segproof's packet model cannot evaluate; the rule is over-approximated. */
const UNMODELLED_MODULES: Readonly<Record<string, string>> = {
  mac: 'MAC address',
  limit: 'rate limit',
  hashlimit: 'rate limit',
  connlimit: 'connection count',
  connbytes: 'connection byte count',
  length: 'packet length',
  ttl: 'TTL',
  tos: 'TOS',
  dscp: 'DSCP',
  ecn: 'ECN',
  owner: 'socket owner',
  time: 'time of day',
  string: 'payload string',
  u32: 'u32 payload match',
  statistic: 'statistic sampling',
  quota: 'quota',
  physdev: 'bridge port',
  pkttype: 'link-layer packet type',
  helper: 'conntrack helper',
  mark: 'packet mark',
  connmark: 'connection mark',
  socket: 'socket lookup',
  policy: 'IPsec policy',
  set: 'ipset contents',
  geoip: 'GeoIP',
  realm: 'route realm',
  cgroup: 'cgroup',
  devgroup: 'device group',
  cpu: 'CPU',
  nfacct: 'accounting object',
  rpfilter: 'reverse-path filter',
  bpf: 'BPF program',
  ipvs: 'IPVS',
  ah: 'AH SPI',
  esp: 'ESP SPI',
  tcpmss: 'TCP MSS',
  hl: 'hop limit',
  osf: 'OS fingerprint',
  cluster: 'cluster hash',
  conntrack: 'conntrack field',
  recent: 'recent list',
  sctp: 'SCTP ports or chunks',
  dccp: 'DCCP ports',
  udplite: 'UDP-Lite ports',
  addrtype: 'address type',
  iprange: 'address range',
};

/** Targets that let evaluation go on and cannot change the packet's fate. */
const CONTINUE_TARGETS = new Set(['LOG', 'ULOG', 'NFLOG', 'TRACE', 'AUDIT', 'MARK', 'CONNMARK', 'TOS', 'DSCP', 'TTL', 'HL', 'TCPMSS', 'CLASSIFY', 'CHECKSUM', 'ECN', 'CONNSECMARK', 'SECMARK', 'IDLETIMER', 'LED', 'SET', 'RATEEST', 'HMARK', 'SYNPROXY']);

interface RuleParse {
  readonly terms: Term[];
  readonly verdict: Verdict;
  /** Set when the line only logs, counts or marks. */
  readonly harmless?: string | undefined;
  /** What the rule matches that segproof cannot evaluate. */
  readonly unmodelled: string[];
}

/** Parses the words after `-A CHAIN`. */
export function parseRuleWords(words: readonly string[], chains: ReadonlySet<string>): RuleParse {
  const terms: Term[] = [];
  const unmodelled: string[] = [];
  let header: Cube = cube({});
  const headerUnions: Cube[][] = [];
  let protocol: number | undefined;
  let module: string | undefined;
  let verdict: Verdict = { kind: 'continue' };
  let target: string | undefined;
  let harmless: string | undefined;
  let recentSetOnly = false;
  let i = 0;
  const next = (what: string): string => {
    const v = words[i++];
    if (v === undefined) throw new RuleSyntaxError(`${what} needs a value`);
    return v;
  };
  const narrowHeader = (fields: Partial<Cube>) => {
    header = { ...header, ...fields };
  };
  const needProto = (what: string, protos: number[]) => {
    if (protocol === undefined || !protos.includes(protocol)) throw new RuleSyntaxError(`${what} needs -p ${protos.map((p) => (p === 6 ? 'tcp' : p === 17 ? 'udp' : String(p))).join(' or ')}`);
  };
  while (i < words.length) {
    let negate = false;
    let word = words[i++] as string;
    if (word === '!') {
      negate = true;
      word = next('!');
    }
    // Old syntax: `-s ! 10.0.0.0/8`.
    const valueNegated = () => {
      if (words[i] === '!') {
        i++;
        negate = !negate;
      }
    };
    switch (word) {
      case '-s':
      case '--source':
      case '--src':
      case '-d':
      case '--destination':
      case '--dst': {
        valueNegated();
        const set = parseAddresses(next(word));
        const s = negate ? addressSetComplement(set) : set;
        narrowHeader(word.startsWith('-s') || word.startsWith('--s') ? { src: s } : { dst: s });
        continue;
      }
      case '-p':
      case '--protocol': {
        valueNegated();
        const p = parseProtocol(next(word));
        if (p === undefined) {
          if (negate) terms.push({ type: 'never', why: '! -p all matches nothing' });
          continue;
        }
        protocol = negate ? undefined : p;
        narrowHeader({ proto: negate ? rangesComplement([[p, p]], PROTO_MAX) : [[p, p]] });
        continue;
      }
      case '-i':
      case '--in-interface':
      case '-o':
      case '--out-interface': {
        valueNegated();
        const pattern = ifacePattern(next(word));
        terms.push({ type: word === '-i' || word === '--in-interface' ? 'iif' : 'oif', patterns: [pattern], negate });
        continue;
      }
      case '-f':
      case '--fragment':
        // Conntrack reassembles fragments before the filter sees them, so `-f` never matches a flow.
        if (!negate) terms.push({ type: 'never', why: 'non-first fragments (conntrack reassembles them)' });
        continue;
      case '-m':
      case '--match':
        module = next(word);
        if (UNMODELLED_MODULES[module] !== undefined && !['recent', 'conntrack', 'sctp', 'dccp', 'udplite', 'addrtype', 'iprange'].includes(module)) {
          unmodelled.push(UNMODELLED_MODULES[module] as string);
        }
        continue;
      case '-j':
      case '--jump':
      case '-g':
      case '--goto': {
        target = next(word);
        const targetWords: string[] = [];
        while (i < words.length && (words[i] as string).startsWith('--')) {
          targetWords.push(words[i++] as string);
          while (i < words.length && !(words[i] as string).startsWith('-')) targetWords.push(words[i++] as string);
        }
        verdict = parseTarget(target, targetWords, chains, word === '-g' || word === '--goto');
        if (verdict.kind === 'continue') harmless = `${target} only logs, marks or counts`;
        continue;
      }
      case '-c':
      case '--set-counters':
        next(word);
        next(word);
        continue;
      default:
        break;
    }
    if (!word.startsWith('--')) throw new RuleSyntaxError(`unexpected word "${word}"`);
    const mod = module ?? (protocol === 6 ? 'tcp' : protocol === 17 ? 'udp' : protocol === 1 ? 'icmp' : undefined);
    const opt = word.slice(2);
    const values: string[] = [];
    valueNegated();
    while (i < words.length && !(words[i] as string).startsWith('-') && words[i] !== '!') values.push(words[i++] as string);
    const value = () => {
      if (values.length !== 1) throw new RuleSyntaxError(`--${opt} takes one value`);
      return values[0] as string;
    };
    const portField = (field: 'sport' | 'dport') => {
      const r = parsePorts(value());
      narrowHeader({ [field]: negate ? rangesComplement(r, PORT_MAX) : r });
    };
    switch (mod) {
      case 'tcp':
      case 'udp':
        if (opt === 'sport' || opt === 'source-port') {
          needProto(`--${opt}`, [6, 17]);
          portField('sport');
        } else if (opt === 'dport' || opt === 'destination-port') {
          needProto(`--${opt}`, [6, 17]);
          portField('dport');
        } else if (mod === 'tcp' && (opt === 'syn' || opt === 'tcp-flags')) {
          // A segproof TCP flow is its opening SYN: `--syn` (SYN without ACK, RST, FIN) matches it exactly.
          const flags = opt === 'syn' ? ['FIN,SYN,RST,ACK', 'SYN'] : values;
          const isSyn = flags.length === 2 && sameFlags(flags[0] as string, 'FIN,SYN,RST,ACK') && sameFlags(flags[1] as string, 'SYN');
          const isSynOnly = flags.length === 2 && sameFlags(flags[0] as string, 'SYN,RST,ACK,FIN') && sameFlags(flags[1] as string, 'SYN');
          if (isSyn || isSynOnly) {
            if (negate) terms.push({ type: 'never', why: 'not a SYN: never the opening packet of a flow' });
          } else unmodelled.push(`TCP flags ${negate ? '! ' : ''}${flags.join(' ')}`);
        } else if (mod === 'tcp' && opt === 'tcp-option') unmodelled.push('TCP option');
        else throw new RuleSyntaxError(`unknown ${mod} option --${opt}`);
        continue;
      case 'icmp':
        if (opt !== 'icmp-type') throw new RuleSyntaxError(`unknown icmp option --${opt}`);
        needProto('--icmp-type', [1]);
        {
          const r = parseIcmpType(value());
          narrowHeader({ icmp: negate ? rangesComplement(r, ICMP_MAX) : r });
        }
        continue;
      case 'multiport': {
        needProto('multiport', [6, 17, 132, 33, 136]);
        const r = parsePorts(value());
        const set = negate ? rangesComplement(r, PORT_MAX) : r;
        if (protocol !== 6 && protocol !== 17) unmodelled.push('ports of a protocol other than tcp and udp');
        else if (opt === 'sports' || opt === 'source-ports') narrowHeader({ sport: set });
        else if (opt === 'dports' || opt === 'destination-ports') narrowHeader({ dport: set });
        else if (opt === 'ports') {
          // Either port: a union of two cubes (or, negated, neither).
          if (negate) narrowHeader({ sport: set, dport: set });
          else headerUnions.push([cube({ sport: r }), cube({ sport: rangesComplement(r, PORT_MAX), dport: r })]);
        } else throw new RuleSyntaxError(`unknown multiport option --${opt}`);
        continue;
      }
      case 'state':
      case 'conntrack':
        if ((mod === 'state' && opt === 'state') || (mod === 'conntrack' && opt === 'ctstate')) terms.push({ type: 'state', states: parseStates(value()), negate });
        else if (mod === 'conntrack') unmodelled.push(`conntrack --${opt}`);
        else throw new RuleSyntaxError(`unknown state option --${opt}`);
        continue;
      case 'iprange': {
        if (opt !== 'src-range' && opt !== 'dst-range') throw new RuleSyntaxError(`unknown iprange option --${opt}`);
        const [a, b] = value().split('-');
        const lo = parseIpv4(a ?? '');
        const hi = parseIpv4(b ?? a ?? '');
        if (lo === undefined || hi === undefined || lo > hi) throw new RuleSyntaxError(`"${value()}" is not an address range`);
        const set = addressSetFromRanges([[lo, hi]]);
        const s = negate ? addressSetComplement(set) : set;
        narrowHeader(opt === 'src-range' ? { src: s } : { dst: s });
        continue;
      }
      case 'addrtype': {
        if (opt === 'src-type' || opt === 'dst-type') {
          const kinds = new Set(value().toLowerCase().split(','));
          const known = [...kinds].every((k) => ['local', 'broadcast', 'multicast', 'unicast'].includes(k));
          if (known) terms.push({ type: 'addrtype', field: opt === 'src-type' ? 'src' : 'dst', kinds: kinds as Set<'local'>, negate });
          else unmodelled.push(`address type ${value()}`);
        } else unmodelled.push(`addrtype --${opt}`);
        continue;
      }
      case 'recent':
        if (opt === 'set') recentSetOnly = true;
        else if (opt === 'rcheck' || opt === 'update' || opt === 'remove') unmodelled.push('recent list');
        continue;
      case 'sctp':
      case 'dccp':
      case 'udplite':
        unmodelled.push(`${mod} --${opt}`);
        continue;
      default:
        if (mod !== undefined && (HARMLESS_MODULES.has(mod) || UNMODELLED_MODULES[mod] !== undefined)) continue;
        throw new RuleSyntaxError(`unknown match option --${opt}${mod ? ` of module ${mod}` : ''}`);
    }
  }
  void target;
  let cubes: Cube[] = [header];
  for (const union of headerUnions) {
    const next: Cube[] = [];
    for (const c of cubes) for (const u of union) next.push({ ...c, sport: intersectPorts(c.sport, u.sport), dport: intersectPorts(c.dport, u.dport) });
    cubes = next;
  }
  terms.unshift({ type: 'header', cubes });
  for (const what of unmodelled) terms.push({ type: 'unmodelled', what });
  if (recentSetOnly && verdict.kind === 'continue') harmless = 'records sources for `recent` matches (those are approximated)';
  return { terms, verdict, harmless, unmodelled };
}

function intersectPorts(a: Ranges, b: Ranges): Ranges {
  const out: [number, number][] = [];
  for (const [alo, ahi] of a) for (const [blo, bhi] of b) {
    const lo = Math.max(alo, blo);
    const hi = Math.min(ahi, bhi);
    if (lo <= hi) out.push([lo, hi]);
  }
  return ranges(out);
}

function sameFlags(a: string, b: string): boolean {
  const norm = (s: string) => s.toUpperCase().split(',').sort().join(',');
  return norm(a) === norm(b) || (a.toUpperCase() === 'ALL' && norm(b) === 'ACK,FIN,PSH,RST,SYN,URG');
}

function parseTarget(target: string, words: readonly string[], chains: ReadonlySet<string>, isGoto: boolean): Verdict {
  const opt = (name: string) => {
    const at = words.indexOf(name);
    return at < 0 ? undefined : words[at + 1];
  };
  if (isGoto) {
    if (!chains.has(target)) throw new RuleSyntaxError(`goto to chain "${target}", which the table does not declare`);
    return { kind: 'goto', chain: target };
  }
  switch (target) {
    case 'ACCEPT':
      return { kind: 'accept' };
    case 'DROP':
      return { kind: 'drop' };
    case 'REJECT':
      return { kind: 'reject' };
    case 'RETURN':
      return { kind: 'return' };
    case 'NOTRACK':
      return { kind: 'notrack' };
    case 'CT':
      return words.includes('--notrack') ? { kind: 'notrack' } : { kind: 'continue' };
    case 'MASQUERADE':
      return words.includes('--to-ports') ? { kind: 'unsupported', what: 'MASQUERADE --to-ports' } : { kind: 'masquerade' };
    case 'SNAT':
    case 'DNAT': {
      const to = opt(target === 'SNAT' ? '--to-source' : '--to-destination');
      const m = to === undefined ? null : /^(\d+\.\d+\.\d+\.\d+)(?::(\d+))?$/.exec(to);
      const ip = m ? parseIpv4(m[1] as string) : undefined;
      if (!m || ip === undefined) return { kind: 'unsupported', what: `${target} to ${to ?? '(nothing)'}: only one address (and port) is modelled` };
      return target === 'SNAT' ? { kind: 'snat', to: ip, port: m[2] === undefined ? undefined : Number(m[2]) } : { kind: 'dnat', to: ip, port: m[2] === undefined ? undefined : Number(m[2]) };
    }
    default:
      if (CONTINUE_TARGETS.has(target)) return { kind: 'continue' };
      if (chains.has(target)) return { kind: 'jump', chain: target };
      return { kind: 'unsupported', what: `target ${target}` };
  }
}

export function parseIptablesSave(file: InputFile): ParsedRuleset {
  const ledger = new LineLedger(file.path, file.text);
  const tables: Table[] = [];
  const interfaceNames = new Set<string>();
  let table: Table | undefined;
  // Chains are declared before any rule of the table: read declarations of a table first.
  const declared = new Map<string, Set<string>>();
  {
    let name: string | undefined;
    ledger.lines.forEach((l) => {
      const t = l.trim();
      if (t.startsWith('*')) name = t.slice(1);
      else if ((t.startsWith(':') || t.startsWith('-N ') || t.startsWith('--new-chain ')) && name) {
        const set = declared.get(name) ?? new Set<string>();
        set.add((t.startsWith(':') ? t.slice(1) : t.replace(/^(-N|--new-chain)\s+/, '')).split(/\s+/)[0] ?? '');
        declared.set(name, set);
      }
    });
  }
  ledger.lines.forEach((raw, index) => {
    const line = index + 1;
    const text = raw.trim();
    if (text === '') return;
    if (text.startsWith('#')) return ledger.ignored(line, 'comment');
    if (text.startsWith('*')) {
      const name = text.slice(1);
      table = { name, family: 'ip', chains: new Map() };
      tables.push(table);
      if (!IPTABLES_BASE[name]) return ledger.unknown(line, `table "${name}" is not one iptables knows (raw, mangle, nat, filter, security)`, true);
      return ledger.understood(line);
    }
    if (text === 'COMMIT') {
      if (!table) return ledger.unknown(line, 'COMMIT outside a table', false);
      table = undefined;
      return ledger.understood(line);
    }
    if (!table) return ledger.unknown(line, 'a line outside any *table … COMMIT block', true);
    if (text.startsWith(':')) {
      const [name, policy] = text.slice(1).split(/\s+/);
      const base = IPTABLES_BASE[table.name]?.[name ?? ''];
      if (!name) return ledger.unknown(line, 'a chain declaration without a name', true);
      if (base) {
        if (policy !== 'ACCEPT' && policy !== 'DROP') return ledger.unknown(line, `built-in chain ${name} with policy "${policy}" (ACCEPT or DROP expected)`, true);
        table.chains.set(name, { name, rules: [], base: { ...base, policy: policy === 'ACCEPT' ? 'accept' : 'drop' }, source: { ledger, line } });
      } else table.chains.set(name, { name, rules: [], source: { ledger, line } });
      return ledger.understood(line);
    }
    const words = tokenize(text);
    if (!words) return ledger.unknown(line, 'unbalanced double quote', true);
    // iptables-restore input (as Aerleon's speedway writes it) also declares chains and sets policies with commands.
    if ((words[0] === '-N' || words[0] === '--new-chain') && words.length === 2) {
      const name = words[1] as string;
      if (IPTABLES_BASE[table.name]?.[name] || table.chains.has(name)) return ledger.unknown(line, `chain "${name}" already exists`, true);
      table.chains.set(name, { name, rules: [], source: { ledger, line } });
      return ledger.understood(line);
    }
    if ((words[0] === '-P' || words[0] === '--policy') && words.length === 3) {
      const [, name, policy] = words as [string, string, string];
      const base = IPTABLES_BASE[table.name]?.[name];
      if (!base || (policy !== 'ACCEPT' && policy !== 'DROP')) return ledger.unknown(line, `policy ${policy} for ${name}: built-in chains take ACCEPT or DROP`, true);
      const chain = table.chains.get(name);
      if (chain) chain.base = { ...base, policy: policy === 'ACCEPT' ? 'accept' : 'drop' };
      else table.chains.set(name, { name, rules: [], base: { ...base, policy: policy === 'ACCEPT' ? 'accept' : 'drop' }, source: { ledger, line } });
      return ledger.understood(line);
    }
    if (['-F', '--flush', '-Z', '--zero', '-X', '--delete-chain'].includes(words[0] as string) && words.length <= 2) {
      return ledger.ignored(line, 'the restore starts from an empty table: flushing, zeroing or deleting changes nothing here');
    }
    if (words[0] !== '-A' && words[0] !== '--append') {
      return ledger.unknown(line, `"${words[0] ?? ''}": expected chain declarations (:CHAIN, -N CHAIN), policies (-P) and rules (-A CHAIN …)`, true);
    }
    const chainName = words[1] ?? '';
    const chain: Chain | undefined = table.chains.get(chainName);
    if (!chain) return ledger.unknown(line, `rule for chain "${chainName}", which table ${table.name} does not declare`, true);
    let parsed: RuleParse;
    try {
      parsed = parseRuleWords(words.slice(2), declared.get(table.name) ?? new Set());
    } catch (error) {
      if (error instanceof RuleSyntaxError) return ledger.unknown(line, error.message, true);
      throw error;
    }
    for (const t of parsed.terms) if (t.type === 'iif' || t.type === 'oif') for (const p of t.patterns) interfaceNames.add(p.wildcard ? `${p.name}+` : p.name);
    const identity = `${table.name} ${text.replace(/^\[\d+:\d+\]\s*/, '').replace(/\s(-c|--set-counters) \d+ \d+/, '')}`;
    const rule: Rule = { chain: chainName, terms: parsed.terms, verdict: parsed.verdict, source: { ledger, line }, identity };
    chain.rules.push(rule);
    if (parsed.verdict.kind === 'unsupported') return ledger.unknown(line, `${parsed.verdict.what} is not modelled`, true);
    if (parsed.harmless) return ledger.ignored(line, parsed.harmless);
    if (parsed.unmodelled.length > 0) {
      return ledger.approximated(line, `${[...new Set(parsed.unmodelled)].join(', ')}: not in segproof's packet model; taken as matching where that lets more through (a permit) and as not matching where it would stop traffic (a deny)`);
    }
    ledger.understood(line);
  });
  return { ruleset: { tables }, ledger, interfaceNames };
}

export const iptablesSaveImporter: Importer = {
  format: 'iptables-save',
  description: 'Linux iptables-save output (filter, nat, raw, mangle), with optional `ip addr` and `ip route` dumps',
  importDevice(files: readonly InputFile[], options: ImportOptions): DeviceImport {
    return importLinuxDevice(files, options, parseIptablesSave);
  },
};
