/**
 * Loading a scenario file: YAML with positions (topology/source.ts), structure by zod
 * (scenario/format.ts), then references resolved against the topology. Every problem is a located
 * diagnostic with a SCEN code; nothing is thrown.
 */
import path from 'node:path';
import type { z } from 'zod';
import type { Diagnostic, SourceLocation } from '../../diagnostics/diagnostic.js';
import { didYouMean, listNames, sortDiagnostics } from '../../diagnostics/diagnostic.js';
import { parseService, type ServiceMatch } from '../../net/ports.js';
import { excerpt } from '../../diagnostics/escape.js';
import { readRegularFile } from '../../topology/input-file.js';
import { defaultMaxInputMb, MB } from '../../topology/input-limits.js';
import { parseSource, type DataPath, type SourceFile } from '../../topology/source.js';
import { pathText } from '../../topology/structure.js';
import type { Topology } from '../../topology/model.js';
import { COMPROMISING, type ChannelKind } from '../../flowgraph/channels.js';
import { resolveEndpoint, type Endpoint } from '../endpoints.js';
import { calendarDay, hasExpired, isCalendarDay } from './expiry.js';
import { SCENARIO_FORMAT_DOC, scenarioFileSchema, type RawException, type RawHeaders, type RawProperty, type ScenarioFile } from './format.js';
import type { Property, Scenario, ScenarioException } from './model.js';

export interface ParsedScenario {
  readonly source: SourceFile;
  readonly data: ScenarioFile;
  /** The topology the scenario names, resolved against the scenario's folder. */
  readonly topologyPath: string;
}

export type Loaded<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

/** Reads a scenario file: a regular file only (a FIFO or device is refused before it is opened). */
export async function readScenario(file: string): Promise<Loaded<ParsedScenario>> {
  const read = await readRegularFile(file, defaultMaxInputMb() * MB); // bounded like topologies (input-limits.ts)
  if (!read.ok) {
    const notRegular = read.problem === 'not-regular';
    const message = notRegular ? `cannot read scenario "${file}": it is ${read.reason}, not a regular file` : `cannot read scenario "${file}": ${read.reason}`;
    const hint = notRegular ? 'name a regular file; segproof reads no folders, pipes or devices' : 'check the path given to --scenario';
    return fail([{ code: 'SCEN001', severity: 'error', message, location: { file, line: 1, column: 1 }, expected: 'a readable YAML scenario file', hint }]);
  }
  return parseScenarioText(read.text, file);
}

export function parseScenarioText(text: string, file: string): Loaded<ParsedScenario> {
  const parsed = parseSource(text, file);
  if (parsed.diagnostics.length) {
    return fail(parsed.diagnostics.map((d) => ({ ...d, code: 'SCEN001' as const, expected: 'valid YAML', hint: d.hint })));
  }
  const source = parsed.source;
  const result = scenarioFileSchema.safeParse(source.data);
  if (!result.success) return fail(result.error.issues.map((i) => structureDiagnostic(i, source)));
  return { ok: true, value: { source, data: result.data, topologyPath: path.resolve(path.dirname(file), result.data.topology) } };
}

function fail<T>(diagnostics: Diagnostic[]): Loaded<T> {
  return { ok: false, diagnostics: sortDiagnostics(diagnostics) };
}

function valueAt(data: unknown, p: DataPath): unknown {
  let cur = data;
  for (const step of p) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[step];
  }
  return cur;
}

function structureDiagnostic(issue: z.core.$ZodIssue, source: SourceFile): Diagnostic {
  const p = issue.path as (string | number)[];
  const where = pathText(p) || 'the top level';
  const value = valueAt(source.data, p);
  const last = p[p.length - 1];
  const base = { severity: 'error' as const };
  if (p[0] === 'exceptions' && last === 'justification' && (value === undefined || value === null)) {
    return { ...base, code: 'SCEN004', message: `exception ${where.replace(/\.justification$/, '')} has no justification`, location: source.locateKey(p.slice(0, -1)), expected: 'justification: why this flow is approved (who approved it, on which guideline basis)', hint: 'every exception must say why it is allowed' };
  }
  switch (issue.code) {
    case 'unrecognized_keys':
      return { ...base, code: 'SCEN002', message: `unknown key "${excerpt(issue.keys[0] ?? '')}" in ${where}`, location: source.locateKey([...p, issue.keys[0] ?? '']), expected: `the keys of the scenario format (${SCENARIO_FORMAT_DOC})`, hint: 'remove the key or check its spelling' };
    case 'invalid_type':
      if (value === undefined) {
        return { ...base, code: 'SCEN002', message: `missing required key "${String(last)}" in ${pathText(p.slice(0, -1)) || 'the top level'}`, location: source.locateKey(p.slice(0, -1)), expected: `${String(last)}: ${issue.expected}`, hint: `add "${String(last)}"` };
      }
      return { ...base, code: 'SCEN002', message: `${where} has the wrong type`, location: source.locateValue(p), expected: issue.expected, hint: `see ${SCENARIO_FORMAT_DOC}` };
    case 'invalid_value':
      if (p.length === 1 && p[0] === 'scenario') {
        return { ...base, code: 'SCEN002', message: value === undefined ? 'missing required key "scenario" (the format version)' : `unsupported scenario format version ${excerpt(JSON.stringify(value) ?? String(value))}`, location: value === undefined ? source.locateKey([]) : source.locateValue(p), expected: 'scenario: 1', hint: 'this version of segproof reads scenario format version 1' };
      }
      return { ...base, code: 'SCEN002', message: `${where} is ${excerpt(JSON.stringify(value) ?? String(value))}`, location: source.locateValue(p), expected: `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`, hint: typeof value === 'string' && didYouMean(value, issue.values.map(String)) ? `did you mean "${didYouMean(value, issue.values.map(String))}"?` : 'use one of the allowed values' };
    default:
      return { ...base, code: 'SCEN002', message: `${where}: ${issue.message}`, location: source.locateValue(p), expected: `a value allowed by the scenario format (${SCENARIO_FORMAT_DOC})`, hint: last === 'expires' ? 'write the day as YYYY-MM-DD, e.g. 2026-03-31' : `see ${SCENARIO_FORMAT_DOC}` };
  }
}

/**
 * What makes a receiving host act onward when a property does not say: raw data and control, and sanitised
 * data too unless the property lets it arrive: a host holding a sanitised file from `from` passes it on, and
 * isolation forbids even that (as the separation matrix does into MN).
 */
function defaultPropagate(allow: readonly ChannelKind[]): readonly ChannelKind[] {
  return allow.includes('sanitised-data') ? COMPROMISING : [...COMPROMISING, 'sanitised-data'];
}

export interface ResolveOptions {
  /** The day exception expiry is judged against, YYYY-MM-DD (default: today, local time). */
  readonly today?: string | undefined;
}

/** Resolves names against the topology. `checkIds` are the invariant IDs exceptions may name. */
export function resolveScenario(parsed: ParsedScenario, topology: Topology, checkIds: readonly string[], options: ResolveOptions = {}): Loaded<Scenario> {
  const { source, data } = parsed;
  const today = options.today ?? calendarDay();
  const diagnostics: Diagnostic[] = [];
  const warnings: Diagnostic[] = [];
  const scen003 = (at: SourceLocation, message: string, expected: string, hint: string) => diagnostics.push({ code: 'SCEN003', severity: 'error', message, location: at, expected, hint });

  const endpoint = (ref: string | string[], p: DataPath): Endpoint | undefined => {
    const r = resolveEndpoint(topology, ref);
    if (r.ok) return r.endpoint;
    scen003(source.locateValue(p), r.message, 'a zone, segment, node, address object or address of the topology', suggestion(typeof ref === 'string' ? ref : ref.join(' '), topology) ?? r.hint);
    return undefined;
  };
  const services = (ref: string | string[] | undefined, p: DataPath): ServiceMatch[] | undefined => {
    if (ref === undefined) return undefined;
    const list = typeof ref === 'string' ? [ref] : ref;
    const out: ServiceMatch[] = [];
    list.forEach((s, i) => {
      const object = topology.serviceObjects.get(s);
      if (object) return void out.push(...object);
      const parsedService = parseService(s);
      if (parsedService.ok) return void out.push(parsedService.service);
      const guess = didYouMean(s, topology.serviceObjects.keys());
      scen003(source.locateValue(typeof ref === 'string' ? p : [...p, i]), `"${s}" is not a service object of topology ${topology.name} nor a service (${parsedService.reason})`, 'a service such as tcp/443 or the name of a service object', guess ? `did you mean "${guess}"?` : `known service objects: ${listNames(topology.serviceObjects.keys())}`);
    });
    return out;
  };
  const headerServices = (h: RawHeaders | undefined, p: DataPath): ServiceMatch[] | undefined => {
    if (!h) return undefined;
    const parts: ServiceMatch[] = [];
    const s = services(h.service, [...p, 'service']);
    if (s) parts.push(...s);
    if (h.protocol !== undefined) {
      const text = h.ports === undefined ? h.protocol : `${h.protocol}/${String(h.ports)}`;
      const one = services(text, [...p, 'protocol']);
      if (one) parts.push(...one);
    }
    return h.service === undefined && h.protocol === undefined ? undefined : parts;
  };
  /** `service:` on isolated/only-via; the older `headers: {service | protocol, ports}` still works, with SCEN010. */
  const propertyServices = (o: { service?: string | string[] | undefined; headers?: RawHeaders | undefined }, p: DataPath): ServiceMatch[] | undefined => {
    if (o.headers === undefined) return services(o.service, [...p, 'service']);
    const kind = String(p[p.length - 1]);
    if (o.service !== undefined) {
      diagnostics.push({ code: 'SCEN002', severity: 'error', message: `${kind} states its services twice, as \`service\` and as \`headers\``, location: source.locateKey([...p, 'headers']), expected: 'service: the services, on the property itself', hint: 'remove `headers`' });
      return undefined;
    }
    const h = o.headers;
    const replacement = h.protocol !== undefined ? `${h.protocol}${h.ports === undefined ? '' : `/${String(h.ports)}`}` : h.service;
    warnings.push({ code: 'SCEN010', severity: 'warning', message: `\`headers:\` on ${kind} is deprecated: it reads as \`service:\`, the spelling reachable and exceptions use`, location: source.locateKey([...p, 'headers']), expected: `service: ${replacement === undefined ? '<services>' : [replacement].flat().join(', ')}`, hint: `write \`service:\` on the ${kind} property itself (${SCENARIO_FORMAT_DOC})` });
    return headerServices(h, [...p, 'headers']);
  };
  const nodes = (ref: string | string[], p: DataPath): string[] => {
    const list = typeof ref === 'string' ? [ref] : ref;
    return list.filter((n, i) => {
      if (topology.nodes.has(n)) return true;
      const guess = didYouMean(n, topology.nodes.keys());
      scen003(source.locateValue(typeof ref === 'string' ? p : [...p, i]), `"${n}" is not a node of topology ${topology.name}`, 'the name of a node (gateway, firewall …)', guess ? `did you mean "${guess}"?` : `known nodes: ${listNames(topology.nodes.keys())}`);
      return false;
    });
  };

  const seen = new Map<string, SourceLocation>();
  const unique = (name: string, p: DataPath) => {
    const at = source.locateValue(p);
    const first = seen.get(name);
    if (first) diagnostics.push({ code: 'SCEN006', severity: 'error', message: `duplicate name "${name}": first used at ${first.file}:${first.line}:${first.column}`, location: at, expected: 'a name used once among properties and exceptions', hint: 'rename one of them' });
    else seen.set(name, at);
  };

  const properties: Property[] = [];
  (data.properties ?? []).forEach((raw: RawProperty, i) => {
    const p: DataPath = ['properties', i];
    unique(raw.name, [...p, 'name']);
    const kinds = (['isolated', 'reachable', 'only-via'] as const).filter((k) => raw[k] !== undefined);
    const location = source.locateKey(p);
    if (kinds.length !== 1) {
      diagnostics.push({ code: 'SCEN002', severity: 'error', message: kinds.length === 0 ? `property "${raw.name}" states nothing` : `property "${raw.name}" states ${kinds.join(' and ')} at once`, location, expected: 'exactly one of isolated, reachable, only-via', hint: 'split it into one property per statement' });
      return;
    }
    if (raw.isolated) {
      const q = [...p, 'isolated'];
      const from = endpoint(raw.isolated.from, [...q, 'from']);
      const to = endpoint(raw.isolated.to, [...q, 'to']);
      const svc = propertyServices(raw.isolated, q);
      const layer = raw.isolated.layer ?? 'both';
      const allow = (raw.isolated.allow ?? ['pixels']) as ChannelKind[];
      if (from && to) {
        properties.push({
          type: 'isolated', name: raw.name, description: raw.description, location, from, to, services: svc,
          packetLayer: layer !== 'information-flow', flowLayer: layer !== 'packet',
          allow,
          propagate: (raw.isolated.propagate ?? defaultPropagate(allow)) as ChannelKind[],
        });
      }
    } else if (raw.reachable) {
      const q = [...p, 'reachable'];
      const from = endpoint(raw.reachable.from, [...q, 'from']);
      const to = endpoint(raw.reachable.to, [...q, 'to']);
      const svc = services(raw.reachable.service, [...q, 'service']);
      if (from && to && svc) properties.push({ type: 'reachable', name: raw.name, description: raw.description, location, from, to, services: svc, serviceText: [raw.reachable.service].flat().join(', ') });
    } else if (raw['only-via']) {
      const q = [...p, 'only-via'];
      const o = raw['only-via'];
      const from = endpoint(o.from, [...q, 'from']);
      const to = endpoint(o.to, [...q, 'to']);
      const through = nodes(o.through, [...q, 'through']);
      const svc = propertyServices(o, q);
      if (from && to && through.length === [o.through].flat().length) properties.push({ type: 'only-via', name: raw.name, description: raw.description, location, from, to, through, services: svc });
    }
  });

  const known = new Set([...checkIds, ...(data.properties ?? []).map((p) => p.name)]);
  const exceptions: ScenarioException[] = [];
  const expired: ScenarioException[] = [];
  (data.exceptions ?? []).forEach((raw: RawException, i) => {
    const p: DataPath = ['exceptions', i];
    unique(raw.name, [...p, 'name']);
    if (raw.justification.trim() === '') {
      diagnostics.push({ code: 'SCEN004', severity: 'error', message: `exception "${raw.name}" has an empty justification`, location: source.locateValue([...p, 'justification']), expected: 'justification: why this flow is approved (who approved it, on which guideline basis)', hint: 'every exception must say why it is allowed' });
    }
    (raw['applies-to'] ?? []).forEach((id, j) => {
      if (known.has(id)) return;
      const guess = didYouMean(id, known);
      diagnostics.push({ code: 'SCEN005', severity: 'error', message: `exception "${raw.name}" applies to "${id}", which is neither a property of this scenario nor an invariant ID or separation-matrix cell (FROM>TO)`, location: source.locateValue([...p, 'applies-to', j]), expected: `one of ${listNames(known, 30)}`, hint: guess ? `did you mean "${guess}"?` : 'name a property of this file or an invariant ID such as R1 or F3' });
    });
    const validDay = raw.expires === undefined || isCalendarDay(raw.expires);
    if (!validDay) {
      diagnostics.push({ code: 'SCEN008', severity: 'error', message: `exception "${raw.name}" expires on ${raw.expires ?? ''}, a day the calendar does not have`, location: source.locateValue([...p, 'expires']), expected: 'expires: an existing day as YYYY-MM-DD, e.g. 2026-03-31', hint: 'check the month and the day of the month' });
    }
    const from = endpoint(raw.from, [...p, 'from']);
    const to = endpoint(raw.to, [...p, 'to']);
    const through = raw.through === undefined ? undefined : nodes(raw.through, [...p, 'through']);
    const svc = services(raw.service, [...p, 'service']);
    if (from && to && validDay) {
      const exception: ScenarioException = { name: raw.name, justification: raw.justification, expires: raw.expires, appliesTo: raw['applies-to'], from, to, through, services: svc, channels: raw.channels as ChannelKind[] | undefined, replies: raw.replies, location: source.locateKey(p) };
      if (!hasExpired(raw.expires, today)) return void exceptions.push(exception);
      expired.push(exception);
      warnings.push({ code: 'SCEN009', severity: 'warning', message: `exception "${raw.name}" expired on ${raw.expires ?? ''} (today is ${today}): it no longer applies`, location: source.locateValue([...p, 'expires']), expected: 'an exception in force: an expires day not before today', hint: 'renew the approval and move the day on, or remove the exception; until then its flows count as violations' });
    }
  });

  if (diagnostics.length) return fail(diagnostics);
  return { ok: true, value: { file: source.file, topologyFile: parsed.topologyPath, description: data.description, properties, exceptions, expired, today, warnings: sortDiagnostics(warnings) } };
}

function suggestion(ref: string, topology: Topology): string | undefined {
  const bare = ref.includes(':') ? ref.slice(ref.indexOf(':') + 1) : ref;
  const guess = didYouMean(bare, [...topology.zones.keys(), ...topology.segments.keys(), ...topology.nodes.keys(), ...topology.addressObjects.keys()]);
  return guess ? `did you mean "${guess}"?` : undefined;
}

/** SCEN007 when a scenario names another topology than the one being verified. */
export function checkScenarioTopology(parsed: ParsedScenario, topologyFile: string): Diagnostic | undefined {
  if (path.resolve(topologyFile) === parsed.topologyPath) return undefined;
  return {
    code: 'SCEN007',
    severity: 'error',
    message: `scenario is written for "${parsed.data.topology}" (${path.relative(process.cwd(), parsed.topologyPath) || parsed.topologyPath}), not for "${topologyFile}"`,
    location: parsed.source.locateValue(['topology']),
    expected: 'the scenario of the topology being verified',
    hint: 'pass the matching --scenario, or fix the `topology:` path (relative to the scenario file)',
  };
}
