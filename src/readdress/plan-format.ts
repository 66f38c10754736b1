/**
 * The re-addressing plan file: its zod schema (the single source of truth; `schema/plan.schema.json` is
 * generated from it) and `loadPlan`, which reads a plan with positions so every problem is reported at
 * file:line:column with a PLAN code. Checks that need the topology are in plan-check.ts.
 */
import { z } from 'zod';
import type { Diagnostic, SourceLocation } from '../diagnostics/diagnostic.js';
import { hasErrors, sortDiagnostics } from '../diagnostics/diagnostic.js';
import type { DiagnosticCode } from '../diagnostics/catalogue.js';
import { excerpt } from '../diagnostics/escape.js';
import { formatPrefix, parseIpv4, parsePrefix, type Ipv4, type Prefix } from '../net/ipv4.js';
import { NAME_PATTERN } from '../topology/format.js';
import { displayPath, readRegularFile } from '../topology/input-file.js';
import { parseSource, type DataPath, type SourceFile } from '../topology/source.js';
import { validateStructure } from '../topology/structure.js';
import type { HostMapping, PlanStep, PrefixMapping, ReaddressPlan, Redesignation, Relocation } from './plan.js';

export const PLAN_FORMAT_VERSION = 1;

const name = () => z.string().regex(NAME_PATTERN);
const text = () => z.string();

const prefixMapping = z.strictObject({
  from: text().meta({ description: 'old prefix, e.g. 10.20.10.0/24' }),
  to: text().meta({ description: 'new prefix of the same length; address from+k becomes to+k' }),
  segment: name().optional().meta({ description: 'the segment whose prefix this renumbers' }),
  'to-segment': name().optional().meta({ description: 'the segment the addresses land in, when not `segment` itself (the interfaces move there)' }),
});

const hostMapping = z.strictObject({
  from: text().meta({ description: 'old address' }),
  to: text().meta({ description: 'new address; wins over prefix mappings' }),
});

const redesignation = z.strictObject({
  segment: name(),
  zone: name().optional().meta({ description: 'the zone the segment moves to' }),
  vrf: name().optional().meta({ description: 'the logical network the segment moves to' }),
});

const relocation = z.strictObject({
  node: name(),
  interface: name().optional().meta({ description: 'the interface that moves; may be omitted when the node has one' }),
  segment: name().meta({ description: 'the segment it moves to' }),
  address: text().meta({ description: 'its new address, inside that segment' }),
  gateway: text().optional().meta({ description: "a host's new default gateway, when its old one is not on the new segment" }),
});

const step = z.strictObject({
  name: name(),
  description: text().optional(),
  map: z.array(prefixMapping).optional().meta({ description: 'prefix mappings, offset-preserving' }),
  hosts: z.array(hostMapping).optional().meta({ description: 'host-level exceptions, win over map' }),
  redesignate: z.array(redesignation).optional().meta({ description: 'segments that change zone and/or VRF and keep their addresses' }),
  relocate: z.array(relocation).optional().meta({ description: "nodes' interfaces that move to another segment with a new address" }),
  order: z.array(text()).optional().meta({ description: 'the order devices change on the cut-over day: node names, segment:NAME for a segment' }),
});

export const planFileSchema = z
  .strictObject({
    plan: z.literal(PLAN_FORMAT_VERSION).meta({ description: 'plan format version' }),
    name: name(),
    description: text().optional(),
    steps: z.array(step).min(1),
  })
  .meta({ title: 'segproof re-addressing plan', description: 'Ordered steps that renumber, re-designate and relocate parts of a topology.' });

export type PlanFile = z.infer<typeof planFileSchema>;

export function planJsonSchema(): unknown {
  return z.toJSONSchema(planFileSchema, { target: 'draft-2020-12' });
}

export function renderPlanSchema(): string {
  return `${JSON.stringify(planJsonSchema(), null, 2)}\n`;
}

/** Bytes of plan file read at most: a plan is a few hundred lines. */
const MAX_PLAN_BYTES = 4 * 1024 * 1024;

export async function loadPlan(file: string): Promise<{ plan: ReaddressPlan | undefined; diagnostics: Diagnostic[] }> {
  const shown = displayPath(file);
  const read = await readRegularFile(file, MAX_PLAN_BYTES);
  if (!read.ok) {
    const notRegular = read.problem === 'not-regular';
    return {
      plan: undefined,
      diagnostics: [{
        code: notRegular ? 'PLAN006' : 'PLAN002',
        severity: 'error',
        message: `cannot read plan "${shown}": ${read.reason}`,
        location: { file: shown, line: 1, column: 1 },
        expected: 'a readable YAML or JSON re-addressing plan',
        hint: notRegular ? 'name a regular file' : 'check the path',
      }],
    };
  }
  const result = parsePlanText(read.text, shown);
  if (read.invalidUtf8) {
    result.diagnostics.push({
      code: 'PLAN007',
      severity: 'warning',
      message: `plan file is not valid UTF-8: byte 0x${read.invalidUtf8.byte.toString(16).toUpperCase().padStart(2, '0')} here is read as U+FFFD`,
      location: { file: shown, line: read.invalidUtf8.line, column: read.invalidUtf8.column },
      expected: 'text encoded as UTF-8',
      hint: 'convert the file to UTF-8',
    });
  }
  return { plan: result.plan, diagnostics: sortDiagnostics(result.diagnostics) };
}

/** Parses plan text; `file` names it in diagnostics. */
export function parsePlanText(textIn: string, file: string): { plan: ReaddressPlan | undefined; diagnostics: Diagnostic[] } {
  const parsed = parseSource(textIn, file);
  const diagnostics = [...parsed.diagnostics, ...parsed.warnings].map(asPlanDiagnostic);
  if (parsed.diagnostics.length > 0) return { plan: undefined, diagnostics };
  const data = parsed.source.data;
  if (data !== null && typeof data === 'object' && 'segproof' in data && !('plan' in data)) {
    // The arguments swapped: one diagnostic, instead of one per topology section.
    diagnostics.push({ code: 'PLAN010', severity: 'error', message: 'this file is a segproof topology, not a re-addressing plan', location: parsed.source.locateKey(['segproof']), expected: 'a plan: a mapping with keys "plan", "name", "steps"', hint: 'the topology comes first on the command line, then the plan' });
    return { plan: undefined, diagnostics };
  }
  const structure = validateStructure(parsed.source, planFileSchema);
  diagnostics.push(...structure.diagnostics.map(asPlanDiagnostic));
  if (!structure.ok) return { plan: undefined, diagnostics };
  const built = buildPlan(parsed.source, parsed.source.data as PlanFile);
  diagnostics.push(...built.diagnostics);
  return { plan: hasErrors(diagnostics) ? undefined : built.plan, diagnostics };
}

/** The shared YAML and structure checks speak of topologies with TOPO codes; a plan's problems carry PLAN codes. */
const PLAN_CODE: Partial<Record<DiagnosticCode, DiagnosticCode>> = {
  TOPO001: 'PLAN001',
  TOPO004: 'PLAN004',
  TOPO008: 'PLAN008',
  TOPO010: 'PLAN010',
  TOPO011: 'PLAN011',
  TOPO012: 'PLAN012',
  TOPO013: 'PLAN012',
  TOPO014: 'PLAN014',
  TOPO030: 'PLAN030',
};

function asPlanDiagnostic(d: Diagnostic): Diagnostic {
  const plain = (s: string | undefined) => s?.replace('segproof topology (or include) file', 'segproof re-addressing plan').replace('segproof topology', 'segproof re-addressing plan').replace('schema/topology.schema.json', 'schema/plan.schema.json');
  const versionProblem = d.code === 'TOPO012' && /^plan is /.test(d.message);
  const badName = d.code === 'TOPO012' && d.expected === `text matching ${String(NAME_PATTERN)}`;
  return {
    ...d,
    code: versionProblem ? 'PLAN004' : badName ? 'PLAN014' : (PLAN_CODE[d.code] ?? d.code),
    message: versionProblem ? `unsupported plan format version ${d.message.slice('plan is '.length)}` : (plain(d.message) ?? d.message),
    expected: versionProblem ? `plan: ${PLAN_FORMAT_VERSION}` : plain(d.expected),
    hint: versionProblem ? `this version of segproof reads plan format version ${PLAN_FORMAT_VERSION}` : badName ? 'start with a letter or "_", then letters, digits, "_" or "-"' : plain(d.hint),
  };
}

function buildPlan(source: SourceFile, data: PlanFile): { plan: ReaddressPlan; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const at = (path: DataPath): SourceLocation => source.locateValue(path);
  const report = (code: DiagnosticCode, path: DataPath, message: string, expected: string, hint: string) =>
    diagnostics.push({ code, severity: 'error', message, location: at(path), expected, hint });

  const address = (path: DataPath, value: string): Ipv4 | undefined => {
    const ip = parseIpv4(value.trim());
    if (ip === undefined) report('PLAN040', path, `malformed address "${excerpt(value)}"`, 'an IPv4 address such as 10.21.10.12', 'each octet is 0-255 without leading zeros');
    return ip;
  };
  const prefix = (path: DataPath, value: string): Prefix | undefined => {
    const p = parsePrefix(value.trim());
    if (p.ok) return p.prefix;
    if (p.reason === 'non-canonical') report('PLAN041', path, `non-canonical prefix "${excerpt(value)}": host bits are set`, 'a prefix whose address has no bits set beyond its length', `write ${formatPrefix(p.canonical)}`);
    else report('PLAN040', path, `malformed prefix "${excerpt(value)}"`, 'an IPv4 prefix such as 10.20.10.0/24', 'each octet is 0-255 without leading zeros; the length is 0-32');
    return undefined;
  };

  const stepNames = new Map<string, number>();
  const steps: PlanStep[] = [];
  for (const [i, raw] of data.steps.entries()) {
    const base: DataPath = ['steps', i];
    const first = stepNames.get(raw.name);
    if (first !== undefined) {
      const loc = at(['steps', first, 'name']);
      report('PLAN030', [...base, 'name'], `duplicate step name "${raw.name}"`, 'each step named once', `rename one; the first is at line ${loc.line}`);
    } else stepNames.set(raw.name, i);

    const mappings: PrefixMapping[] = [];
    for (const [k, m] of (raw.map ?? []).entries()) {
      const path: DataPath = [...base, 'map', k];
      const from = prefix([...path, 'from'], m.from);
      const to = prefix([...path, 'to'], m.to);
      if (from === undefined || to === undefined) continue;
      if (from.length !== to.length) {
        report('PLAN042', [...path, 'to'], `mapping ${formatPrefix(from)} → ${formatPrefix(to)} changes the prefix length`, `a /${from.length} (mappings keep each address's offset in its prefix)`, 'map a prefix onto one of the same length; split the mapping, or renumber single addresses under hosts');
        continue;
      }
      mappings.push({ from, to, segment: m.segment, toSegment: m['to-segment'], location: source.locateKey(path) });
    }
    const hosts: HostMapping[] = [];
    for (const [k, h] of (raw.hosts ?? []).entries()) {
      const path: DataPath = [...base, 'hosts', k];
      const from = address([...path, 'from'], h.from);
      const to = address([...path, 'to'], h.to);
      if (from !== undefined && to !== undefined) hosts.push({ from, to, location: source.locateKey(path) });
    }
    const redesignations: Redesignation[] = [];
    for (const [k, r] of (raw.redesignate ?? []).entries()) {
      const path: DataPath = [...base, 'redesignate', k];
      if (r.zone === undefined && r.vrf === undefined) {
        report('PLAN011', path, `re-designation of "${r.segment}" names neither a zone nor a VRF`, 'zone: NAME and/or vrf: NAME', 'add the zone or logical network the segment moves to');
        continue;
      }
      redesignations.push({ segment: r.segment, zone: r.zone, vrf: r.vrf, location: source.locateKey(path) });
    }
    const relocations: Relocation[] = [];
    for (const [k, r] of (raw.relocate ?? []).entries()) {
      const path: DataPath = [...base, 'relocate', k];
      const addr = address([...path, 'address'], r.address);
      const gateway = r.gateway === undefined ? undefined : address([...path, 'gateway'], r.gateway);
      if (addr !== undefined && (r.gateway === undefined || gateway !== undefined)) relocations.push({ node: r.node, interface: r.interface, segment: r.segment, address: addr, gateway, location: source.locateKey(path) });
    }
    if (mappings.length + hosts.length + redesignations.length + relocations.length === 0 && !hasErrors(diagnostics)) {
      diagnostics.push({ code: 'PLAN043', severity: 'warning', message: `step "${raw.name}" changes nothing`, location: source.locateKey(base), expected: 'at least one of map, hosts, redesignate, relocate', hint: 'add what the step changes, or remove it' });
    }
    steps.push({ name: raw.name, description: raw.description, mappings, hosts, redesignations, relocations, order: raw.order, orderLocations: raw.order?.map((_, k) => at([...base, 'order', k])), location: source.locateKey(base) });
  }
  return { plan: { file: source.file, name: data.name, description: data.description, steps }, diagnostics };
}
