/**
 * `segproof import nftables-json <nft -j list ruleset output> [ip addr dump] [ip route dump]`.
 *
 * Reads the tables, base chains (hook, priority, policy), rules, named sets and verdict maps of an
 * nftables rule set in libnftables' JSON form into the shared rule set (linux-ruleset.ts);
 * linux-compile.ts makes the firewall. `nft -j` prints the whole rule set on one line, so the ledger
 * accounts for every element of the `nftables` array (a table, chain, rule, set, …) in place of a
 * line; diagnostics point at the element's line and column in the file.
 */
import { addressSetComplement, addressSetFromRanges, type AddressSet } from '../../net/address-set.js';
import { maskOf, parseIpv4 } from '../../net/ipv4.js';
import { protocolNumber } from '../../net/ports.js';
import type { SourceLocation } from '../../diagnostics/diagnostic.js';
import { LineLedger } from '../ledger.js';
import type { DeviceImport, ImportOptions, Importer, InputFile } from '../types.js';
import { cube, ICMP_MAX, PORT_MAX, PROTO_MAX, ranges, rangesComplement, TCP_UDP, type Ranges } from './linux-cube.js';
import { importLinuxDevice, type ParsedRuleset } from './linux-device.js';
import { EXTRA_PROTOCOLS, ICMP_TYPES, type Chain, type ChainType, type CtState, type Hook, type IfacePattern, type Rule, type Table, type Term, type Verdict } from './linux-ruleset.js';

/**
 * A ledger whose "lines" are the elements of the `nftables` array: the text of each is its JSON, and
 * locations map back to where the element starts in the file.
 */
export class ElementLedger extends LineLedger {
  constructor(
    file: string,
    texts: readonly string[],
    private readonly starts: readonly { line: number; column: number }[],
  ) {
    super(file, texts.length ? `${texts.join('\n')}\n` : '');
  }

  override location(element: number, column = 1): SourceLocation {
    const at = this.starts[element - 1];
    return { file: this.file, line: at?.line ?? 1, column: (at?.column ?? 1) + column - 1 };
  }
}

/** Where each element of the top-level `nftables` array starts (offsets into the text). */
function elementOffsets(text: string): number[] | undefined {
  const key = /"nftables"\s*:\s*\[/.exec(text);
  if (!key) return undefined;
  const out: number[] = [];
  let i = key.index + key[0].length;
  let depth = 0;
  let inString = false;
  let start = -1;
  for (; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') {
      inString = true;
      if (depth === 0 && start < 0) start = i;
      continue;
    }
    if (c === '{' || c === '[') {
      if (depth === 0) start = i;
      depth++;
    } else if (c === '}' || c === ']') {
      if (depth === 0) break;
      depth--;
      if (depth === 0 && start >= 0) {
        out.push(start);
        start = -1;
      }
    } else if (depth === 0 && c !== ',' && !/\s/.test(c as string) && start < 0) start = i;
  }
  return out;
}

function positions(text: string, offsets: readonly number[]): { line: number; column: number }[] {
  const out: { line: number; column: number }[] = [];
  let line = 1;
  let lineStart = 0;
  let k = 0;
  for (let i = 0; i < text.length && k < offsets.length; i++) {
    while (k < offsets.length && offsets[k] === i) {
      out.push({ line, column: i - lineStart + 1 });
      k++;
    }
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return out;
}

class NftError extends Error {}

type Json = unknown;
const isObject = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

const PRIORITY_NAMES: Readonly<Record<string, number>> = { raw: -300, mangle: -150, dstnat: -100, filter: 0, security: 50, srcnat: 100 };
const HOOKS: readonly Hook[] = ['prerouting', 'input', 'forward', 'output', 'postrouting'];

interface NamedSet {
  readonly type: string | readonly string[];
  readonly elements: readonly Json[];
  /** For maps: element → data. */
  readonly map?: ReadonlyMap<number, Json> | undefined;
}

interface Ctx {
  readonly sets: ReadonlyMap<string, NamedSet>;
  readonly chains: ReadonlySet<string>;
}

function addressValue(v: Json): AddressSet {
  if (typeof v === 'string') {
    const ip = parseIpv4(v);
    if (ip === undefined) throw new NftError(`"${v}" is not an IPv4 address`);
    return addressSetFromRanges([[ip, ip]]);
  }
  if (isObject(v) && isObject(v.prefix)) {
    const ip = parseIpv4(String(v.prefix.addr));
    const len = Number(v.prefix.len);
    if (ip === undefined || !(len >= 0 && len <= 32)) throw new NftError(`bad prefix ${JSON.stringify(v)}`);
    const network = (ip & maskOf(len)) >>> 0;
    return addressSetFromRanges([[network, (network + 2 ** (32 - len) - 1) >>> 0]]);
  }
  if (isObject(v) && Array.isArray(v.range)) {
    const lo = parseIpv4(String(v.range[0]));
    const hi = parseIpv4(String(v.range[1]));
    if (lo === undefined || hi === undefined || lo > hi) throw new NftError(`bad address range ${JSON.stringify(v)}`);
    return addressSetFromRanges([[lo, hi]]);
  }
  throw new NftError(`unsupported address value ${JSON.stringify(v).slice(0, 60)}`);
}

function numberValue(v: Json, what: string, max: number, names?: (s: string) => number | undefined): Ranges {
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= max) return [[v, v]];
  if (typeof v === 'string') {
    const n = /^\d+$/.test(v) ? Number(v) : names?.(v);
    if (n !== undefined && n >= 0 && n <= max) return [[n, n]];
  }
  if (isObject(v) && Array.isArray(v.range)) {
    const [a, b] = v.range.map((x) => numberValue(x, what, max, names)[0]?.[0]);
    if (a !== undefined && b !== undefined && a <= b) return [[a, b]];
  }
  throw new NftError(`unsupported ${what} value ${JSON.stringify(v).slice(0, 60)}`);
}

const protoNames = (s: string) => {
  const n = protocolNumber(s) ?? EXTRA_PROTOCOLS[s.toLowerCase()];
  return n !== undefined && n >= 0 ? n : undefined;
};
const icmpNames = (s: string) => {
  const t = ICMP_TYPES[s];
  return t ? t[0] : undefined;
};

/** The values a match's right side stands for: one, an anonymous set, or a named set. */
function rightValues(right: Json, ctx: Ctx): Json[] {
  if (typeof right === 'string' && right.startsWith('@')) {
    const set = ctx.sets.get(right.slice(1));
    if (!set) throw new NftError(`set ${right} is not defined in this table`);
    return [...set.elements];
  }
  if (isObject(right) && Array.isArray(right.set)) return right.set;
  if (Array.isArray(right)) return right;
  return [right];
}

type Field = { kind: 'never' } | { kind: 'src' | 'dst' } | { kind: 'proto' } | { kind: 'sport' | 'dport'; protos: Ranges } | { kind: 'icmp-type' | 'icmp-code' } | { kind: 'iif' | 'oif' } | { kind: 'ct-state' } | { kind: 'l3' } | { kind: 'tcp-flags'; mask: readonly string[] } | { kind: 'fib-daddr-type' } | { kind: 'unmodelled'; what: string; proto?: number | undefined };

const TRANSPORT: Readonly<Record<string, number>> = { tcp: 6, udp: 17, icmp: 1, sctp: 132, dccp: 33, udplite: 136, esp: 50, ah: 51, comp: 108, igmp: 2, gre: 47 };

function fieldOf(left: Json): Field {
  if (!isObject(left)) throw new NftError(`unsupported match ${JSON.stringify(left).slice(0, 60)}`);
  if (isObject(left.payload)) {
    const { protocol, field } = left.payload as { protocol?: string; field?: string };
    if (protocol === 'ip' && (field === 'saddr' || field === 'daddr')) return { kind: field === 'saddr' ? 'src' : 'dst' };
    if (protocol === 'ip' && field === 'protocol') return { kind: 'proto' };
    if ((protocol === 'tcp' || protocol === 'udp' || protocol === 'th') && (field === 'sport' || field === 'dport')) {
      return { kind: field, protos: protocol === 'tcp' ? [[6, 6]] : protocol === 'udp' ? [[17, 17]] : TCP_UDP };
    }
    if (protocol === 'icmp' && (field === 'type' || field === 'code')) return { kind: field === 'type' ? 'icmp-type' : 'icmp-code' };
    if (protocol === 'ether' && field === 'saddr') return { kind: 'unmodelled', what: 'MAC address' };
    if (protocol === 'ip6' || protocol === 'icmpv6') return { kind: 'never' };
    // A field of a transport header matches only packets of that protocol: the protocol is kept exactly.
    return { kind: 'unmodelled', what: `${protocol} ${field}`, proto: TRANSPORT[String(protocol)] };
  }
  if (isObject(left.meta)) {
    const key = String(left.meta.key);
    if (key === 'iifname' || key === 'iif') return { kind: 'iif' };
    if (key === 'oifname' || key === 'oif') return { kind: 'oif' };
    if (key === 'l4proto') return { kind: 'proto' };
    if (key === 'nfproto' || key === 'protocol') return { kind: 'l3' };
    return { kind: 'unmodelled', what: `meta ${key}` };
  }
  if (isObject(left.ct)) {
    const key = String(left.ct.key);
    if (key === 'state') return { kind: 'ct-state' };
    return { kind: 'unmodelled', what: `ct ${key}` };
  }
  if (Array.isArray(left['&']) && isObject(left['&'][0]) && isObject((left['&'][0] as Record<string, Json>).payload)) {
    const p = (left['&'][0] as Record<string, Record<string, string>>).payload as Record<string, string>;
    if (p.protocol === 'tcp' && p.field === 'flags') {
      const mask = left['&'][1];
      return { kind: 'tcp-flags', mask: Array.isArray(mask) ? mask.map(String) : [String(mask)] };
    }
  }
  if (isObject(left.fib)) {
    const fib = left.fib as { result?: string; flags?: string[] };
    if (fib.result === 'type' && Array.isArray(fib.flags) && fib.flags.length === 1 && fib.flags[0] === 'daddr') return { kind: 'fib-daddr-type' };
    return { kind: 'unmodelled', what: 'fib lookup' };
  }
  return { kind: 'unmodelled', what: Object.keys(left)[0] ?? 'expression' };
}

const STATES = new Set(['new', 'established', 'related', 'invalid', 'untracked']);

/** One `match` expression as terms (a transport field segproof cannot see still fixes the protocol). */
function matchTerms(m: Record<string, Json>, ctx: Ctx): Term[] {
  const field = fieldOf(m.left);
  if (field.kind === 'unmodelled' && field.proto !== undefined) {
    return [{ type: 'header', cubes: [cube({ proto: [[field.proto, field.proto]] })] }, { type: 'unmodelled', what: field.what }];
  }
  return [matchTerm(m, ctx)];
}

function matchTerm(m: Record<string, Json>, ctx: Ctx): Term {
  const op = String(m.op ?? '==');
  const field = fieldOf(m.left);
  const negate = op === '!=';
  if (!['==', '!=', 'in', '<', '>', '<=', '>='].includes(op)) throw new NftError(`operator ${op} is not modelled`);
  const relational = ['<', '>', '<=', '>='].includes(op);
  const values = rightValues(m.right, ctx);
  const rel = (max: number, r: Ranges): Ranges => {
    if (!relational) return r;
    const v = (r[0] as readonly [number, number])[0];
    return op === '<' ? (v === 0 ? [] : [[0, v - 1]]) : op === '<=' ? [[0, v]] : op === '>' ? (v >= max ? [] : [[v + 1, max]]) : [[v, max]];
  };
  switch (field.kind) {
    case 'src':
    case 'dst': {
      if (relational) throw new NftError('address comparisons are not modelled');
      let set = addressSetFromRanges(values.flatMap((v) => addressValue(v).ranges));
      if (negate) set = addressSetComplement(set);
      return { type: 'header', cubes: [cube(field.kind === 'src' ? { src: set } : { dst: set })] };
    }
    case 'proto': {
      let r = rel(PROTO_MAX, ranges(values.flatMap((v) => numberValue(v, 'protocol', PROTO_MAX, protoNames))));
      if (negate) r = rangesComplement(r, PROTO_MAX);
      return { type: 'header', cubes: [cube({ proto: r })] };
    }
    case 'sport':
    case 'dport': {
      let r = rel(PORT_MAX, ranges(values.flatMap((v) => numberValue(v, 'port', PORT_MAX))));
      if (negate) r = rangesComplement(r, PORT_MAX);
      return { type: 'header', cubes: [cube({ proto: field.protos, [field.kind]: r })] };
    }
    case 'icmp-type':
    case 'icmp-code': {
      const r = ranges(values.flatMap((v) => numberValue(v, 'ICMP type', 255, icmpNames)));
      let icmp: Ranges;
      if (field.kind === 'icmp-type') icmp = ranges(r.map(([lo, hi]) => [lo * 256, hi * 256 + 255] as const));
      else {
        const codes: [number, number][] = [];
        for (let t = 0; t < 256; t++) for (const [lo, hi] of r) codes.push([t * 256 + lo, t * 256 + hi]);
        icmp = ranges(codes);
      }
      if (negate) icmp = rangesComplement(icmp, ICMP_MAX);
      return { type: 'header', cubes: [cube({ proto: [[1, 1]], icmp })] };
    }
    case 'iif':
    case 'oif': {
      const patterns: IfacePattern[] = values.map((v) => {
        const s = String(v);
        return s.endsWith('*') ? { name: s.slice(0, -1), wildcard: true } : { name: s, wildcard: false };
      });
      return { type: field.kind, patterns, negate };
    }
    case 'ct-state': {
      const states = new Set<CtState>();
      for (const v of values.flatMap((x) => (Array.isArray(x) ? x : [x]))) {
        const s = String(v);
        if (!STATES.has(s)) throw new NftError(`connection state "${s}" is not modelled`);
        states.add(s as CtState);
      }
      // `ct state established,related` (a bitmask match) and `ct state { … }` both mean "any of".
      return { type: 'state', states, negate };
    }
    case 'l3': {
      const v = String(values[0]);
      const ipv4 = v === 'ipv4' || v === 'ip' || v === '2' || v === '0x0800' || v === '2048';
      return ipv4 !== negate ? { type: 'header', cubes: [cube({})] } : { type: 'never', why: 'matches IPv6 (or another family) only' };
    }
    case 'tcp-flags': {
      const value = values.map(String);
      const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));
      const flags = value.flatMap((v) => v.split(','));
      if (sameSet(field.mask, ['fin', 'syn', 'rst', 'ack']) && sameSet(flags, ['syn'])) {
        return negate ? { type: 'never', why: 'not a SYN: never the opening packet of a flow' } : { type: 'header', cubes: [cube({ proto: [[6, 6]] })] };
      }
      return { type: 'unmodelled', what: `TCP flags ${field.mask.join(',')}` };
    }
    case 'fib-daddr-type': {
      const kinds = new Set(values.map((v) => String(v)));
      if ([...kinds].every((k) => ['local', 'broadcast', 'multicast', 'unicast'].includes(k))) return { type: 'addrtype', field: 'dst', kinds: kinds as Set<'local'>, negate };
      return { type: 'unmodelled', what: `fib daddr type ${[...kinds].join(',')}` };
    }
    case 'unmodelled':
      return { type: 'unmodelled', what: field.what };
    case 'never':
      return { type: 'never', why: 'an IPv6 match: never an IPv4 packet' };
  }
}

function verdictOf(stmt: Record<string, Json>, ctx: Ctx): Verdict | undefined {
  const key = Object.keys(stmt)[0] ?? '';
  const value = stmt[key];
  switch (key) {
    case 'accept':
      return { kind: 'accept' };
    case 'drop':
      return { kind: 'drop' };
    case 'reject':
      return { kind: 'reject' };
    case 'return':
      return { kind: 'return' };
    case 'continue':
      return { kind: 'continue' };
    case 'jump':
    case 'goto': {
      const target = isObject(value) ? String(value.target) : '';
      if (!ctx.chains.has(target)) throw new NftError(`${key} to chain "${target}", which this table does not define`);
      return { kind: key, chain: target };
    }
    case 'notrack':
      return { kind: 'notrack' };
    case 'snat':
    case 'dnat': {
      const v = isObject(value) ? value : {};
      const ip = typeof v.addr === 'string' ? parseIpv4(v.addr) : undefined;
      const port = typeof v.port === 'number' ? v.port : undefined;
      if (ip === undefined || (v.port !== undefined && port === undefined) || v.family === 'ip6') return { kind: 'unsupported', what: `${key} to ${JSON.stringify(v).slice(0, 60)}: only one IPv4 address (and port) is modelled` };
      return { kind: key, to: ip, port };
    }
    case 'masquerade':
      return isObject(value) && value.port !== undefined ? { kind: 'unsupported', what: 'masquerade to ports' } : { kind: 'masquerade' };
    case 'queue':
      return { kind: 'unsupported', what: 'queue to user space' };
    default:
      return undefined;
  }
}

/** Statements that change nothing a verdict depends on. */
const HARMLESS_STATEMENTS = new Set(['counter', 'log', 'mangle', 'set', 'flow']);

/** Parses one rule's expressions into terms and a verdict. */
export function parseNftRule(exprs: readonly Json[], ctx: Ctx): { terms: Term[]; verdict: Verdict; harmless?: string | undefined; unmodelled: string[] } {
  const terms: Term[] = [];
  const unmodelled: string[] = [];
  let verdict: Verdict = { kind: 'continue' };
  let hasVerdict = false;
  for (const e of exprs) {
    if (!isObject(e)) throw new NftError('an expression that is not an object');
    const key = Object.keys(e)[0] ?? '';
    const value = e[key];
    if (key === 'match' && isObject(value)) {
      for (const t of matchTerms(value, ctx)) {
        if (t.type === 'unmodelled') unmodelled.push(t.what);
        terms.push(t);
      }
      continue;
    }
    if (key === 'limit' || key === 'quota' || key === 'meter' || key === 'ct count') {
      const what = key === 'limit' ? 'rate limit' : key;
      unmodelled.push(what);
      terms.push({ type: 'unmodelled', what });
      continue;
    }
    if (key === 'xt' && isObject(value)) {
      const name = String(value.name);
      if (value.type === 'match') {
        unmodelled.push(`xt ${name} match (its options are not in nft's JSON)`);
        terms.push({ type: 'unmodelled', what: `xt ${name}` });
        continue;
      }
      hasVerdict = true;
      if (name === 'REJECT') verdict = { kind: 'reject' };
      else if (['LOG', 'NFLOG', 'ULOG', 'MARK', 'CONNMARK', 'TCPMSS', 'TOS', 'DSCP', 'CLASSIFY'].includes(name)) verdict = { kind: 'continue' };
      else if (name === 'NOTRACK') verdict = { kind: 'notrack' };
      else verdict = { kind: 'unsupported', what: `xt target ${name} (its options are not in nft's JSON)` };
      continue;
    }
    if (key === 'vmap' && isObject(value)) {
      // A verdict map: one rule per element, as jumps under the element's key.
      throw new NftError('verdict maps are expanded by the caller');
    }
    const v = verdictOf(e, ctx);
    if (v) {
      verdict = v;
      hasVerdict = true;
      continue;
    }
    if (HARMLESS_STATEMENTS.has(key)) continue;
    throw new NftError(`statement "${key}" is not modelled`);
  }
  const harmless = !hasVerdict || verdict.kind === 'continue' ? 'counts, logs or marks only: cannot change a verdict' : undefined;
  return { terms, verdict, harmless, unmodelled };
}

/** A rule with a verdict map becomes one rule per map element (the key as a match). */
function expandVmap(exprs: readonly Json[], ctx: Ctx): Json[][] {
  const at = exprs.findIndex((e) => isObject(e) && 'vmap' in e);
  if (at < 0) return [[...exprs]];
  const vmap = (exprs[at] as Record<string, Record<string, Json>>).vmap as Record<string, Json>;
  let entries: Json[];
  if (typeof vmap.data === 'string' && vmap.data.startsWith('@')) {
    const set = ctx.sets.get(vmap.data.slice(1));
    if (!set?.map) throw new NftError(`verdict map ${vmap.data} is not defined in this table`);
    entries = [...set.map.entries()].map(([i, data]) => [set.elements[i], data]);
  } else if (isObject(vmap.data) && Array.isArray(vmap.data.set)) entries = vmap.data.set;
  else throw new NftError('unsupported verdict map');
  const before = exprs.slice(0, at);
  const after = exprs.slice(at + 1);
  return entries.map((entry) => {
    if (!Array.isArray(entry) || entry.length !== 2) throw new NftError('a verdict map element is not [key, verdict]');
    return [...before, { match: { op: '==', left: vmap.key, right: entry[0] } }, ...after, entry[1]];
  });
}

export function parseNftablesJson(file: InputFile): ParsedRuleset {
  let doc: Json;
  try {
    doc = JSON.parse(file.text);
  } catch (error) {
    const ledger = new LineLedger(file.path, file.text);
    ledger.lines.forEach((l, i) => {
      if (l.trim() !== '') ledger.unknown(i + 1, `not JSON: ${(error as Error).message}`, true);
    });
    return { ruleset: { tables: [] }, ledger, interfaceNames: new Set() };
  }
  const list = isObject(doc) && Array.isArray(doc.nftables) ? doc.nftables : undefined;
  const offsets = list ? elementOffsets(file.text) : undefined;
  if (!list || !offsets || offsets.length !== list.length) {
    const ledger = new LineLedger(file.path, file.text);
    ledger.lines.forEach((l, i) => {
      if (l.trim() !== '') ledger.unknown(i + 1, 'not `nft -j list ruleset` output: expected {"nftables": [ … ]}', true);
    });
    return { ruleset: { tables: [] }, ledger, interfaceNames: new Set() };
  }
  const ledger = new ElementLedger(file.path, list.map((e) => JSON.stringify(e)), positions(file.text, offsets));
  const tables = new Map<string, Table>();
  const setsOf = new Map<string, Map<string, NamedSet>>();
  const interfaceNames = new Set<string>();
  const tableKey = (family: string, name: string) => `${family} ${name}`;
  const modelled = (family: string) => family === 'ip' || family === 'inet';
  // Tables, chains and sets first: rules may come before the sets they use only in hand-written files.
  list.forEach((el, i) => {
    const n = i + 1;
    if (!isObject(el)) return ledger.unknown(n, 'an element that is not an object', true);
    const kind = Object.keys(el)[0] ?? '';
    const body = el[kind];
    if (!isObject(body)) return;
    const family = String(body.family ?? '');
    if (kind === 'metainfo') return ledger.ignored(n, 'nft version information');
    if (kind === 'table') {
      if (!modelled(family)) return;
      tables.set(tableKey(family, String(body.name)), { name: String(body.name), family, chains: new Map() });
      setsOf.set(tableKey(family, String(body.name)), new Map());
      return ledger.understood(n);
    }
    if (kind === 'set' || kind === 'map') {
      if (!modelled(family)) return;
      const elems = Array.isArray(body.elem) ? body.elem : [];
      const map = kind === 'map' ? new Map<number, Json>() : undefined;
      const elements = elems.map((e, k) => {
        if (map && Array.isArray(e)) {
          map.set(k, e[1]);
          return e[0];
        }
        return isObject(e) && 'elem' in e && isObject(e.elem) ? (e.elem as Record<string, Json>).val : e;
      });
      setsOf.get(tableKey(family, String(body.table)))?.set(String(body.name), { type: body.type as string, elements, map });
      return ledger.understood(n);
    }
  });
  list.forEach((el, i) => {
    const n = i + 1;
    if (!isObject(el)) return;
    const kind = Object.keys(el)[0] ?? '';
    const body = el[kind];
    if (kind === 'metainfo' || kind === 'table' || kind === 'set' || kind === 'map') {
      if (isObject(body) && !modelled(String(body.family ?? ''))) ledger.ignored(n, `family ${String(body.family)}: not IPv4 routing (segproof models IPv4 only)`);
      return;
    }
    if (!isObject(body)) return ledger.unknown(n, `element "${kind}" without a body`, true);
    const family = String(body.family ?? '');
    if (!modelled(family)) {
      if (family === 'netdev' && kind === 'chain') return ledger.unknown(n, 'netdev (ingress/egress) chains are not modelled', true);
      if (family === 'netdev' && kind === 'rule') return ledger.unknown(n, 'netdev rules are not modelled', true);
      return ledger.ignored(n, `family ${family}: not IPv4 routing (segproof models IPv4 only)`);
    }
    const table = tables.get(tableKey(family, String(body.table)));
    if (kind === 'chain') {
      if (!table) return ledger.unknown(n, `chain of an undeclared table ${String(body.table)}`, true);
      const name = String(body.name);
      const chain: Chain = { name, rules: [], source: { ledger, line: n } };
      table.chains.set(name, chain);
      if (body.hook !== undefined) {
        const hook = String(body.hook) as Hook;
        const type = String(body.type ?? 'filter') as ChainType;
        const prio = typeof body.prio === 'number' ? body.prio : PRIORITY_NAMES[String(body.prio)];
        if (!HOOKS.includes(hook) || !['filter', 'nat', 'route'].includes(type) || prio === undefined) {
          return ledger.unknown(n, `base chain on hook ${String(body.hook)} (type ${type}, priority ${String(body.prio)}) is not modelled`, true);
        }
        chain.base = { hook, type, priority: prio, policy: body.policy === 'drop' ? 'drop' : 'accept' };
      }
      return ledger.understood(n);
    }
    if (kind === 'rule') {
      if (!table) return ledger.unknown(n, `rule of an undeclared table ${String(body.table)}`, true);
      const chain = table.chains.get(String(body.chain));
      if (!chain) return ledger.unknown(n, `rule of an undeclared chain ${String(body.chain)}`, true);
      const ctx: Ctx = { sets: setsOf.get(tableKey(family, table.name)) ?? new Map(), chains: new Set(table.chains.keys()) };
      const exprs = Array.isArray(body.expr) ? body.expr : [];
      try {
        const variants = expandVmap(exprs, ctx).map((x) => parseNftRule(x, ctx));
        let fate: 'understood' | 'approximated' | 'ignored' = 'ignored';
        const whats = new Set<string>();
        for (const p of variants) {
          for (const t of p.terms) if (t.type === 'iif' || t.type === 'oif') for (const pat of t.patterns) interfaceNames.add(pat.wildcard ? `${pat.name}*` : pat.name);
          const identity = `${family} ${table.name} ${chain.name} ${JSON.stringify(exprs.filter((e) => !(isObject(e) && 'counter' in e)))}#${variants.indexOf(p)}`;
          const rule: Rule = { chain: chain.name, terms: p.terms, verdict: p.verdict, source: { ledger, line: n }, identity };
          chain.rules.push(rule);
          if (p.verdict.kind === 'unsupported') return ledger.unknown(n, `${p.verdict.what} is not modelled`, true);
          if (p.harmless) continue;
          if (p.unmodelled.length) {
            fate = 'approximated';
            for (const w of p.unmodelled) whats.add(w);
          } else if (fate === 'ignored') fate = 'understood';
        }
        if (fate === 'ignored') return ledger.ignored(n, 'counts, logs or marks only: cannot change a verdict');
        if (fate === 'approximated') {
          return ledger.approximated(n, `${[...whats].join(', ')}: not in segproof's packet model; taken as matching where that lets more through (a permit) and as not matching where it would stop traffic (a deny)`);
        }
        return ledger.understood(n);
      } catch (error) {
        if (error instanceof NftError) return ledger.unknown(n, error.message, true);
        throw error;
      }
    }
    if (['counter', 'quota', 'limit', 'ct helper', 'ct timeout', 'ct expectation', 'secmark', 'synproxy', 'flowtable'].includes(kind)) {
      return ledger.ignored(n, `${kind} objects do not decide verdicts by themselves (rules that use them are accounted for)`);
    }
    ledger.unknown(n, `element "${kind}" is not modelled`, true);
  });
  return { ruleset: { tables: [...tables.values()] }, ledger, interfaceNames };
}

export const nftablesJsonImporter: Importer = {
  format: 'nftables-json',
  description: 'nftables rule set as `nft -j list ruleset` prints it, with optional `ip addr` and `ip route` dumps',
  importDevice(files: readonly InputFile[], options: ImportOptions): DeviceImport {
    return importLinuxDevice(files, options, parseNftablesJson);
  },
};

