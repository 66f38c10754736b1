/**
 * Aerleon/Capirca definitions: network and service names, from YAML (`def/*.yaml`: `networks:` with
 * `values:` entries `address:`, `name:` (a nested name), `fqdn:`, each with an optional `comment:`;
 * `services:` with entries `port:` + `protocol:` or `name:`) or from the older `.net` / `.svc` files
 * (`NAME = value value  # comment`, continuation lines indented).
 *
 * Lines of a definition the policy uses are understood (IPv6 addresses ignored: segproof models IPv4
 * only; `fqdn:` ignored: the IP-ACL targets do not render it); lines of definitions the policy does not
 * use cannot change a verdict and are ignored.
 */
import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Node as YamlNode, type Pair } from 'yaml';
import { parseIpv4 } from '../../net/ipv4.js';
import type { LineLedger } from '../ledger.js';
import type { LineFates, Span } from './aerleon-policy.js';

export const IPV6_REASON = 'IPv6 (segproof models IPv4 only)';

type Range = readonly [number, number];

interface NetworkEntry {
  readonly kind: 'address' | 'name' | 'fqdn' | 'bad';
  readonly value: string;
  readonly span: Span;
  readonly v4?: Range | undefined;
  readonly reason?: string | undefined;
}

interface ServiceEntry {
  readonly kind: 'port' | 'name' | 'bad';
  readonly value: string;
  readonly protocol?: string | undefined;
  readonly ports?: Range | undefined;
  readonly span: Span;
  readonly reason?: string | undefined;
}

interface Definition<E> {
  readonly name: string;
  /** Lines that belong to the definition as a whole (its name, `values:`). */
  readonly spans: Span[];
  readonly entries: E[];
  /** Comment lines inside the definition. */
  readonly comments: Span[];
}

export interface NetworkValue {
  /** IPv4 ranges (unnormalised). */
  readonly v4: Range[];
  readonly hasV6: boolean;
  readonly hasFqdn: boolean;
}

export interface ServicePort {
  readonly protocol: string;
  readonly ports: Range;
}

export class Definitions {
  readonly networks = new Map<string, Definition<NetworkEntry>>();
  readonly services = new Map<string, Definition<ServiceEntry>>();
  private readonly usedNetworks = new Set<string>();
  private readonly usedServices = new Set<string>();
  /** Structural lines (`networks:`, `services:`) and stray lines, per ledger. */
  private readonly structure: { span: Span; fate: 'understood' | 'ignored' | 'unknown'; reason?: string }[] = [];

  /** A network's value, or the reason it has none (undefined name, cycle). Marks it used. */
  network(name: string, chain: readonly string[] = []): NetworkValue | { error: string } {
    const def = this.networks.get(name);
    if (!def) return { error: `network "${name}" is not defined in the definitions given (--def)` };
    if (chain.includes(name)) return { error: `network "${name}" refers to itself (${[...chain, name].join(' → ')})` };
    this.usedNetworks.add(name);
    const v4: Range[] = [];
    let hasV6 = false;
    let hasFqdn = false;
    for (const e of def.entries) {
      if (e.kind === 'address') {
        if (e.v4) v4.push(e.v4);
        else hasV6 = true;
      } else if (e.kind === 'fqdn') hasFqdn = true;
      else if (e.kind === 'name') {
        const sub = this.network(e.value, [...chain, name]);
        if ('error' in sub) return sub;
        v4.push(...sub.v4);
        hasV6 ||= sub.hasV6;
        hasFqdn ||= sub.hasFqdn;
      } else return { error: `network "${name}": ${e.reason ?? 'bad entry'}` };
    }
    return { v4, hasV6, hasFqdn };
  }

  /** Ports of a service for one protocol (Aerleon's GetServiceByProto), or the reason there are none. Marks it used. */
  servicePorts(name: string, protocol: string, chain: readonly string[] = []): Range[] | { error: string } {
    const all = this.service(name, chain);
    if ('error' in all) return all;
    return all.filter((p) => p.protocol === protocol).map((p) => p.ports);
  }

  service(name: string, chain: readonly string[] = []): ServicePort[] | { error: string } {
    const def = this.services.get(name);
    if (!def) return { error: `service "${name}" is not defined in the definitions given (--def)` };
    if (chain.includes(name)) return { error: `service "${name}" refers to itself (${[...chain, name].join(' → ')})` };
    this.usedServices.add(name);
    const out: ServicePort[] = [];
    for (const e of def.entries) {
      if (e.kind === 'port' && e.ports && e.protocol) out.push({ protocol: e.protocol, ports: e.ports });
      else if (e.kind === 'name') {
        const sub = this.service(e.value, [...chain, name]);
        if ('error' in sub) return sub;
        out.push(...sub);
      } else return { error: `service "${name}": ${e.reason ?? 'bad entry'}` };
    }
    return out;
  }

  /** A second definition of a name: Aerleon refuses it; the first one stays, the second is reported. */
  private readonly duplicates: Definition<NetworkEntry | ServiceEntry>[] = [];

  private define(kind: 'networks' | 'services', def: Definition<NetworkEntry | ServiceEntry>): void {
    const map = (kind === 'networks' ? this.networks : this.services) as Map<string, Definition<NetworkEntry | ServiceEntry>>;
    if (map.has(def.name)) this.duplicates.push(def);
    else map.set(def.name, def);
  }

  /** Marks every definition line: used definitions understood, the rest ignored. */
  finish(fates: LineFates): void {
    for (const d of this.duplicates) {
      for (const span of [...d.spans, ...d.entries.map((e) => e.span), ...d.comments]) fates.markSpan(span, 'unknown', `${d.name} is defined twice (Aerleon refuses the definitions); the first definition is used`, true);
    }
    for (const s of this.structure) fates.markSpan(s.span, s.fate, s.reason, s.fate === 'unknown' ? false : undefined);
    const unused = 'definition not used by the imported policy';
    for (const [name, def] of this.networks) {
      const used = this.usedNetworks.has(name);
      for (const c of def.comments) fates.markSpan(c, 'ignored', 'comment');
      for (const s of def.spans) fates.markSpan(s, used ? 'understood' : 'ignored', used ? undefined : unused);
      for (const e of def.entries) {
        if (!used) fates.markSpan(e.span, 'ignored', unused);
        else if (e.kind === 'bad') fates.markSpan(e.span, 'unknown', e.reason, true);
        else if (e.kind === 'fqdn') fates.markSpan(e.span, 'ignored', 'FQDN: the IP-ACL targets Aerleon renders ignore fqdn entries');
        else if (e.kind === 'address' && !e.v4) fates.markSpan(e.span, 'ignored', IPV6_REASON);
        else fates.markSpan(e.span, 'understood');
      }
    }
    for (const [name, def] of this.services) {
      const used = this.usedServices.has(name);
      for (const c of def.comments) fates.markSpan(c, 'ignored', 'comment');
      for (const s of def.spans) fates.markSpan(s, used ? 'understood' : 'ignored', used ? undefined : unused);
      for (const e of def.entries) {
        if (!used) fates.markSpan(e.span, 'ignored', unused);
        else if (e.kind === 'bad') fates.markSpan(e.span, 'unknown', e.reason, true);
        else fates.markSpan(e.span, 'understood');
      }
    }
  }

  /** Reads one definitions file: `.yaml`/`.yml`, `.net` or `.svc`. */
  read(ledger: LineLedger, text: string, fates: LineFates): void {
    if (/\.ya?ml$/i.test(ledger.file)) this.readYaml(ledger, text, fates);
    else this.readLegacy(ledger, /\.svc$/i.test(ledger.file) ? 'services' : 'networks');
  }

  private readYaml(ledger: LineLedger, text: string, fates: LineFates): void {
    const counter = new LineCounter();
    const doc = parseDocument(text, { lineCounter: counter, keepSourceTokens: false });
    const lineOf = (offset: number): number => counter.linePos(offset).line;
    const spanOf = (node: { range?: [number, number, number] | null | undefined } | null | undefined, endNode?: { range?: [number, number, number] | null | undefined } | null): Span => {
      const start = node?.range?.[0] ?? 0;
      const end = Math.max(start, ((endNode ?? node)?.range?.[1] ?? start + 1) - 1);
      return { ledger, line: lineOf(start), endLine: lineOf(end), column: counter.linePos(start).col };
    };
    // Comment lines are harmless wherever they are.
    ledger.lines.forEach((l, i) => {
      if (/^\s*#/.test(l)) fates.mark(ledger, i + 1, 'ignored', 'comment');
    });
    if (doc.errors.length > 0) {
      for (const e of doc.errors) {
        const line = lineOf(e.pos[0]);
        fates.mark(ledger, Math.min(Math.max(line, 1), Math.max(ledger.lines.length, 1)), 'unknown', `not valid YAML: ${e.message.split('\n')[0] ?? ''}`, true, 1);
      }
      return;
    }
    const root = doc.contents;
    if (!isMap(root)) {
      if (ledger.lines.length > 0) fates.mark(ledger, 1, 'unknown', 'expected a mapping with networks: and services:', true);
      return;
    }
    for (const pair of root.items as Pair<YamlNode, YamlNode>[]) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (key !== 'networks' && key !== 'services') {
        this.structure.push({ span: spanOf(pair.key as YamlNode, pair.value as YamlNode), fate: 'unknown', reason: `unknown section "${key}" (expected networks: or services:)` });
        continue;
      }
      this.structure.push({ span: spanOf(pair.key as YamlNode), fate: 'understood' });
      if (!isMap(pair.value)) continue;
      for (const defPair of pair.value.items as Pair<YamlNode, YamlNode>[]) {
        const name = isScalar(defPair.key) ? String(defPair.key.value) : '';
        const def = { name, spans: [spanOf(defPair.key as YamlNode)], entries: [], comments: [] };
        let items: YamlNode | null | undefined = defPair.value;
        if (key === 'networks') {
          if (isMap(items)) {
            for (const p of items.items as Pair<YamlNode, YamlNode>[]) {
              const k = isScalar(p.key) ? String(p.key.value) : '';
              if (k === 'values') {
                def.spans.push(spanOf(p.key as YamlNode));
                items = p.value;
              } else (def.comments as Span[]).push(spanOf(p.key as YamlNode, p.value as YamlNode));
            }
          }
          this.define('networks', def as Definition<NetworkEntry>);
        } else this.define('services', def as Definition<ServiceEntry>);
        if (!isSeq(items)) {
          (def.entries as (NetworkEntry | ServiceEntry)[]).push({ kind: 'bad', value: '', span: spanOf(defPair.key as YamlNode, defPair.value as YamlNode), reason: key === 'networks' ? 'expected values: with a list of entries' : 'expected a list of entries' });
          continue;
        }
        for (const item of items.items as YamlNode[]) {
          if (!isMap(item)) {
            (def.entries as (NetworkEntry | ServiceEntry)[]).push({ kind: 'bad', value: '', span: spanOf(item), reason: 'expected an entry with address:/name: (networks) or port:/protocol:/name: (services)' });
            continue;
          }
          const fields = new Map<string, { value: string; span: Span }>();
          for (const p of item.items as Pair<YamlNode, YamlNode>[]) {
            const k = isScalar(p.key) ? String(p.key.value) : '';
            const v = isScalar(p.value) ? String(p.value.value) : '';
            const span = spanOf(p.key as YamlNode, p.value as YamlNode);
            if (k === 'comment') (def.comments as Span[]).push(span);
            else fields.set(k, { value: v, span });
          }
          const spanAll = (fs: { span: Span }[]): Span =>
            fs.reduce<Span>((a, b) => ({ ledger, line: Math.min(a.line, b.span.line), endLine: Math.max(a.endLine, b.span.endLine), column: a.line <= b.span.line ? a.column : b.span.column }), fs[0]?.span ?? spanOf(item));
          if (key === 'networks') (def.entries as NetworkEntry[]).push(networkEntry(fields, spanAll([...fields.values()])));
          else (def.entries as ServiceEntry[]).push(serviceEntry(fields, spanAll([...fields.values()])));
        }
      }
    }
  }

  /** `.net`: `NAME = 10.0.0.0/8 OTHER  # comment`; `.svc`: `NAME = 53/udp 53/tcp OTHER`; continuation lines are indented. */
  private readLegacy(ledger: LineLedger, kind: 'networks' | 'services'): void {
    let current: Definition<NetworkEntry | ServiceEntry> | undefined;
    ledger.lines.forEach((raw, i) => {
      const line = i + 1;
      const hash = raw.indexOf('#');
      const body = hash >= 0 ? raw.slice(0, hash) : raw;
      const span: Span = { ledger, line, endLine: line, column: 1 };
      if (body.trim() === '') {
        if (hash >= 0) this.structure.push({ span, fate: 'ignored', reason: 'comment' });
        return;
      }
      let values = body.trim();
      const m = /^([A-Za-z0-9_.-]+)\s*=\s*(.*)$/.exec(values);
      if (m && !/^\s/.test(body)) {
        current = { name: m[1] as string, spans: [], entries: [], comments: [] };
        this.define(kind, current);
        values = m[2] ?? '';
        if (values.trim() === '') current.spans.push(span);
      }
      if (!current) {
        this.structure.push({ span, fate: 'unknown', reason: 'expected NAME = values' });
        return;
      }
      for (const v of values.split(/\s+/).filter((x) => x !== '')) {
        if (kind === 'networks') {
          const fields = new Map([[/^[\d.]+(\/\d+)?$|:/.test(v) ? 'address' : 'name', { value: v, span }]]);
          (current.entries as NetworkEntry[]).push(networkEntry(fields, span));
        } else {
          const pm = /^(\d+(?:-\d+)?)\/(\w+)$/.exec(v);
          const fields = pm
            ? new Map([['port', { value: pm[1] as string, span }], ['protocol', { value: pm[2] as string, span }]])
            : new Map([['name', { value: v, span }]]);
          (current.entries as ServiceEntry[]).push(serviceEntry(fields, span));
        }
      }
    });
  }
}

function networkEntry(fields: Map<string, { value: string }>, span: Span): NetworkEntry {
  const address = fields.get('address')?.value;
  const name = fields.get('name')?.value;
  const fqdn = fields.get('fqdn')?.value;
  const others = [...fields.keys()].filter((k) => k !== 'address' && k !== 'name' && k !== 'fqdn');
  if (others.length > 0 || [address, name, fqdn].filter((x) => x !== undefined).length !== 1) {
    return { kind: 'bad', value: '', span, reason: `expected exactly one of address:, name:, fqdn: (found ${[...fields.keys()].join(', ') || 'none'})` };
  }
  if (name !== undefined) return { kind: 'name', value: name, span };
  if (fqdn !== undefined) return { kind: 'fqdn', value: fqdn, span };
  const text = address as string;
  if (text.includes(':')) return { kind: 'address', value: text, span };
  const [ip, len] = text.split('/');
  const base = parseIpv4(ip ?? '');
  const length = len === undefined ? 32 : Number(len);
  if (base === undefined || !Number.isInteger(length) || length < 0 || length > 32 || (len !== undefined && !/^\d+$/.test(len))) {
    return { kind: 'bad', value: text, span, reason: `"${text}" is not an IPv4 or IPv6 address or prefix` };
  }
  // Host bits are dropped, as Aerleon's nacaddr (strict=False) does.
  const size = 2 ** (32 - length);
  const first = base - (base % size);
  return { kind: 'address', value: text, span, v4: [first, first + size - 1] };
}

function serviceEntry(fields: Map<string, { value: string }>, span: Span): ServiceEntry {
  const name = fields.get('name')?.value;
  if (name !== undefined && fields.size === 1) return { kind: 'name', value: name, span };
  const port = fields.get('port')?.value;
  const protocol = fields.get('protocol')?.value?.toLowerCase();
  const m = port === undefined ? null : /^(\d+)(?:-(\d+))?$/.exec(port.trim());
  if (!m || !protocol || fields.size !== 2) return { kind: 'bad', value: '', span, reason: 'expected port: N or N-M with protocol:, or name:' };
  const lo = Number(m[1]);
  const hi = m[2] === undefined ? lo : Number(m[2]);
  if (hi > 65535 || lo > hi) return { kind: 'bad', value: port ?? '', span, reason: `port "${port}" is out of range or reversed` };
  return { kind: 'port', value: port ?? '', protocol, ports: [lo, hi], span };
}
