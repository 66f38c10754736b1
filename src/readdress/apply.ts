/**
 * `segproof readdress apply`: the topology after a plan, as new text for the main file and each include.
 * Step by step: check the step against the topology as it is then (plan-check.ts), rewrite every scalar
 * that holds an address, prefix or renamed segment in place (so comments, key order and layout stay as
 * written), then load the result again, which the next step reads and which must load cleanly.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isScalar, type YAMLMap } from 'yaml';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { hasErrors, sortDiagnostics } from '../diagnostics/diagnostic.js';
import { formatIpv4, formatPrefix, parseIpv4 } from '../net/ipv4.js';
import { displayPath } from '../topology/input-file.js';
import { loadTopology } from '../topology/load.js';
import type { Topology } from '../topology/model.js';
import { parseTopologyFile, type AddressSite, type ParsedTopologyFile, type SiteOwner } from './address-sites.js';
import { groupChanges, type Change, type ChangeList, type StepChanges } from './change-list.js';
import { formatLiteral, parseLiteral } from './literal.js';
import { checkStep, isName, stepFate, type StepFate } from './plan-check.js';
import type { ReaddressPlan } from './plan.js';
import { rangeImage } from './range-image.js';

export interface ApplyOptions {
  /** Apply steps 0..upToStep (inclusive); every step when omitted. */
  readonly upToStep?: number | undefined;
  /** Further folders the topology's includes may be read from (`--include-root`). */
  readonly includeRoots?: readonly string[] | undefined;
}

export interface ApplyResult {
  /** New text of every file of the topology, by its path as the topology lists it (main file first). */
  readonly files: Map<string, string>;
  readonly changes: ChangeList;
  readonly diagnostics: Diagnostic[];
  /** The topology after the applied steps, when every step applied and the result loaded. */
  readonly topology?: Topology | undefined;
}

export async function applyPlan(topologyFile: string, plan: ReaddressPlan, options: ApplyOptions = {}): Promise<ApplyResult> {
  const loaded = await loadTopology(topologyFile, { includeRoots: options.includeRoots });
  if (!loaded.ok) return { files: new Map(), changes: { steps: [] }, diagnostics: [...loaded.diagnostics] };
  let topology = loaded.topology;
  const names = topology.files;
  let texts = new Map<string, string>();
  for (const f of names) texts.set(f, await readFile(f, 'utf8'));
  const base = commonFolder(names.map((f) => path.resolve(f)));
  const diagnostics: Diagnostic[] = [];
  const steps: StepChanges[] = [];
  const last = Math.min(options.upToStep ?? plan.steps.length - 1, plan.steps.length - 1);
  const scratch = await mkdtemp(path.join(tmpdir(), 'segproof-readdress-'));
  try {
    for (let k = 0; k <= last; k++) {
      const step = plan.steps[k] as ReaddressPlan['steps'][number];
      const parsed = names.map((f) => parseTopologyFile(f, texts.get(f) as string));
      const fate = stepFate(topology, step);
      const problems = checkStep(topology, fate, parsed);
      diagnostics.push(...problems);
      if (hasErrors(problems)) return { files: new Map(), changes: { steps }, diagnostics: sortDiagnostics(diagnostics) };
      const rewritten = rewriteStep(topology, fate, parsed);
      steps.push(groupChanges(step.name, rewritten.changes, step.order));
      texts = rewritten.texts;
      const reloaded = await loadRewritten(names, texts, base, scratch, options.includeRoots);
      if (!reloaded.ok) {
        diagnostics.push(...reloaded.diagnostics);
        return { files: new Map(), changes: { steps }, diagnostics: sortDiagnostics(diagnostics) };
      }
      topology = reloaded.topology;
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  return { files: texts, changes: { steps }, diagnostics: sortDiagnostics(diagnostics), topology };
}

/** The deepest folder holding every file: the layout below it is kept when the files are written elsewhere. */
export function commonFolder(files: readonly string[]): string {
  let folder = path.dirname(files[0] ?? '.');
  while (!files.every((f) => f.startsWith(folder.endsWith(path.sep) ? folder : folder + path.sep))) {
    const up = path.dirname(folder);
    if (up === folder) break;
    folder = up;
  }
  return folder;
}

/** Writes the texts under `folder` in their layout and loads them; diagnostics name the original files. */
async function loadRewritten(names: readonly string[], texts: ReadonlyMap<string, string>, base: string, folder: string, includeRoots: readonly string[] = []) {
  const shownToOriginal = new Map<string, string>();
  for (const name of names) {
    const target = path.join(folder, path.relative(base, path.resolve(name)));
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, texts.get(name) as string);
    shownToOriginal.set(displayPath(target), name);
  }
  const main = path.join(folder, path.relative(base, path.resolve(names[0] as string)));
  const result = await loadTopology(main, { includeRoots: [folder, ...includeRoots] });
  if (result.ok) return result;
  const rename = (d: Diagnostic): Diagnostic => (d.location ? { ...d, location: { ...d.location, file: shownToOriginal.get(d.location.file) ?? d.location.file } } : d);
  return { ok: false as const, diagnostics: result.diagnostics.map(rename) };
}

interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** The new text of every file after one step, and what changed where. */
export function rewriteStep(topology: Topology, fate: StepFate, files: readonly ParsedTopologyFile[]): { texts: Map<string, string>; changes: { owner: SiteOwner; change: Change }[] } {
  const texts = new Map<string, string>();
  const changes: { owner: SiteOwner; change: Change }[] = [];
  const gatewayFor = new Map<string, string>();
  for (const { relocation } of fate.relocations) if (relocation.gateway !== undefined) gatewayFor.set(relocation.node, formatIpv4(relocation.gateway));
  const redesignated = new Map(fate.step.redesignations.map((r) => [r.segment, r]));

  for (const file of files) {
    const edits: Edit[] = [];
    const replace = (site: AddressSite, value: string) => {
      if (value === site.value) return;
      const [start, end] = site.scalar.range as [number, number, number];
      const written = file.text.slice(start, end);
      const at = written.indexOf(site.value);
      const text = at >= 0 ? written.slice(0, at) + value + written.slice(at + site.value.length) : JSON.stringify(value);
      edits.push({ start, end, text });
      const literal = site.owner.kind === 'node' && site.iface === undefined && site.kind !== 'segment-name' && !isName(topology, site.value);
      changes.push({ owner: site.owner, change: { file: file.file, line: site.line, column: site.column, field: site.field, old: site.value, new: value, literal } });
    };
    const insert = (map: YAMLMap, key: string, value: string, owner: SiteOwner) => {
      const items = map.items;
      const first = items[0];
      const lastItem = items[items.length - 1];
      if (map.flow && lastItem && isScalar(lastItem.value) && lastItem.value.range) {
        const at = lastItem.value.range[1];
        edits.push({ start: at, end: at, text: `, ${key}: ${value}` });
        changes.push({ owner, change: { ...positionOf(file, at), file: file.file, field: key, old: '(none)', new: value, literal: false } });
      } else if (first && isScalar(first.key) && first.key.range) {
        const at = first.key.range[0];
        const { col } = file.lines.linePos(at);
        edits.push({ start: at, end: at, text: `${key}: ${value}\n${' '.repeat(col - 1)}` });
        changes.push({ owner, change: { ...positionOf(file, at), file: file.file, field: key, old: '(none)', new: value, literal: false } });
      }
    };

    const gatewaySeen = new Set<string>();
    for (const site of file.sites) {
      switch (site.kind) {
        case 'segment-key':
          replace(site, fate.renamed.get(site.value) ?? site.value);
          break;
        case 'segment-zone': {
          const zone = redesignated.get(site.owner.name)?.zone;
          if (zone !== undefined) replace(site, zone);
          break;
        }
        case 'segment-vrf': {
          const vrf = redesignated.get(site.owner.name)?.vrf;
          if (vrf !== undefined) replace(site, vrf);
          break;
        }
        case 'segment-name': {
          const moved = site.iface && fate.interfaces.get(`${site.iface.node}.${site.iface.name}`);
          replace(site, moved ? moved.after.segment : site.value);
          break;
        }
        case 'prefix': {
          if (site.owner.kind === 'segment') {
            const seg = fate.segments.get(site.owner.name);
            if (seg) replace(site, formatPrefix(seg.prefix));
          } else replace(site, literalImage(fate, site.value));
          break;
        }
        case 'address': {
          if (site.iface) {
            const address = fate.interfaces.get(`${site.iface.node}.${site.iface.name}`)?.after.address;
            if (address !== undefined) replace(site, formatIpv4(address));
          } else if (site.owner.kind === 'node' && site.field === 'gateway' && gatewayFor.has(site.owner.name)) {
            gatewaySeen.add(site.owner.name);
            replace(site, gatewayFor.get(site.owner.name) as string);
          } else {
            const ip = parseIpv4(site.value.trim());
            if (ip !== undefined) replace(site, formatIpv4(fate.map(ip)));
          }
          break;
        }
        case 'ref': {
          const name = site.value.trim();
          if (isName(topology, name)) {
            // Names resolve as address objects first: only a name no object shadows refers to the segment.
            if (!topology.addressObjects.has(name) && fate.renamed.has(name)) replace(site, fate.renamed.get(name) as string);
          } else replace(site, literalImage(fate, site.value));
          break;
        }
      }
    }
    for (const [segment, r] of redesignated) {
      const map = file.segmentMaps.get(segment);
      if (r.vrf !== undefined && map && !map.has('vrf')) insert(map, 'vrf', r.vrf, { kind: 'segment', name: fate.renamed.get(segment) ?? segment });
    }
    for (const [node, gateway] of gatewayFor) {
      const map = file.nodeMaps.get(node);
      if (map && !gatewaySeen.has(node) && !map.has('gateway')) insert(map, 'gateway', gateway, { kind: 'node', name: node });
    }
    texts.set(file.file, applyEdits(file.text, edits));
  }
  return { texts, changes };
}

function positionOf(file: ParsedTopologyFile, offset: number): { line: number; column: number } {
  const { line, col } = file.lines.linePos(offset);
  return { line, column: col };
}

/** A literal address, prefix or range after the step, in its own form; as written when the step does not move it whole. */
export function literalImage(fate: StepFate, value: string): string {
  const literal = parseLiteral(value);
  if (!literal) return value;
  if (literal.first === literal.last) return literal.form === 'address' ? formatIpv4(fate.map(literal.first)) : formatLiteral(literal.form, fate.map(literal.first), fate.map(literal.first));
  const image = rangeImage(fate.step, literal.first, literal.last);
  return image.kind === 'moved' ? formatLiteral(literal.form, image.first, image.last) : value;
}

/** Edits never overlap (one per scalar; insertions are empty ranges): applied from the end, so offsets stay valid. */
function applyEdits(text: string, edits: readonly Edit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}
