/**
 * `segproof readdress compare`: re-addressing plans side by side on one topology — what each costs on the
 * cut-over day (devices, lines, rules, objects, routes, NAT entries, hard-coded literals), what it leaves
 * (aggregation per zone, headroom per segment) and whether the final state keeps the model's invariants
 * and the scenario's properties, and which flows change fate (readdress check). Plans are ranked by criteria
 * stated with the table.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { hasErrors } from '../diagnostics/diagnostic.js';
import { displayWidth, padEndDisplay } from '../diagnostics/display-width.js';
import { escapeControl } from '../diagnostics/escape.js';
import type { Lang } from '../i18n/lang.js';
import { compareLine, localiseComparisonRows } from '../i18n/readdress-ja.js';
import { formatPrefix, prefixFirst, prefixLast, prefixSize } from '../net/ipv4.js';
import type { Topology } from '../topology/model.js';
import type { Scenario } from '../verify/scenario/model.js';
import { reportHolds } from '../verify/result.js';
import { verifyTopology } from '../verify/verify.js';
import { exactCoverSize, summaryCoverSize } from './aggregation.js';
import { checkReaddress } from './check.js';
import { applyPlan, type ApplyOptions } from './apply.js';
import { countChanges, type Change, type ChangeList } from './change-list.js';
import type { ReaddressPlan } from './plan.js';

export type ChangeCategory = 'rules' | 'objects' | 'routes' | 'nat' | 'interfaces' | 'segments' | 'other';

/** Which kind of configuration line a change is, from where it was written. */
export function changeCategory(kind: 'node' | 'segment' | 'object' | 'settings', change: Change): ChangeCategory {
  if (kind === 'object') return 'objects';
  if (kind === 'segment') return 'segments';
  if (change.field.startsWith('acl ') || change.field.startsWith('rules[')) return 'rules';
  if (change.field.startsWith('routes[')) return 'routes';
  if (change.field.startsWith('nat ')) return 'nat';
  if (change.field.startsWith('interfaces.')) return 'interfaces';
  return 'other';
}

/** The entry a changed value belongs to: `routes[2]` for `routes[2].via`, `acl A rule r` for its `src`, the object itself. */
export function entryOf(category: ChangeCategory, field: string): string {
  if (category === 'objects' || category === 'segments') return '';
  if (category === 'routes') return field.replace(/\.[a-z]+$/, '');
  if (category === 'rules' || category === 'nat') return field.replace(/( (src|dst|translateTo)|\.resources)$/, '');
  if (category === 'interfaces') return field.replace(/\.(address|segment)$/, '');
  return field;
}

export interface ZoneAggregation {
  readonly zone: string;
  /** Prefixes that name the zone's segments exactly (ACL entries). */
  readonly exact: number;
  /** Prefixes that cover them over unused space, never another zone's (summary routes). */
  readonly summary: number | undefined;
}

export interface SegmentHeadroom {
  readonly segment: string;
  readonly prefix: string;
  readonly size: number;
  readonly used: number;
  readonly free: number;
}

export interface PlanEvaluation {
  /** The plan's name, or "(current)" for the topology as it is. */
  readonly name: string;
  readonly file: string | undefined;
  readonly applied: boolean;
  readonly diagnostics: readonly Diagnostic[];
  readonly devices: number;
  readonly lines: number;
  readonly byCategory: Readonly<Record<ChangeCategory, number>>;
  readonly literals: number;
  readonly aggregation: readonly ZoneAggregation[];
  readonly headroom: readonly SegmentHeadroom[];
  /**
   * What `readdress check` finds between the original renamed through the plan and the final state: reach and
   * information-flow differences the plan does not explain, and those it does (re-designations, relocations).
   * Undefined for the baseline, or when the check could not run (`fatesNotComputed` says why).
   */
  readonly fates?: { readonly unexplained: number; readonly expected: number } | undefined;
  readonly fatesNotComputed?: string | undefined;
  /** Checks that fail in the final state (invariants of the model's pack and the scenario's properties). */
  readonly failing: readonly string[];
  /** Checks that hold in the final state (not applicable ones left out). */
  readonly checks: number;
}

export interface Comparison {
  readonly topology: string;
  readonly baseline: PlanEvaluation;
  /** In ranking order, best first. */
  readonly ranked: readonly PlanEvaluation[];
  readonly criteria: readonly string[];
}

export const RANKING_CRITERIA = [
  'the plan applies and the final state loads',
  'every invariant and scenario property holds in the final state (fewer failing checks first)',
  'fewer flows whose fate changes without the plan explaining it (readdress check: reach and information-flow differences outside re-designations and relocations)',
  'fewer devices touched',
  'fewer hard-coded literals rewritten (addresses written in rules, routes and NAT instead of objects or names)',
  'better aggregation: fewer prefixes naming the zones exactly (ACL entries), then fewer summary routes',
  'fewer changed lines',
] as const;

export interface CompareOptions extends ApplyOptions {
  /** The scenario whose properties are checked on each final state (verify's), besides the model's pack. */
  readonly scenario?: Scenario | undefined;
  readonly resolveScenario?: ((topology: Topology) => Scenario | undefined) | undefined;
}

export async function comparePlans(topologyFile: string, original: Topology, plans: readonly ReaddressPlan[], options: CompareOptions = {}): Promise<Comparison> {
  const baseline = evaluate('(current)', undefined, original, { steps: [] }, [], topologyFile, options);
  const evaluations: PlanEvaluation[] = [];
  for (const plan of plans) {
    const result = await applyPlan(topologyFile, plan, options);
    const applied = result.topology !== undefined && !hasErrors(result.diagnostics);
    if (!applied) {
      evaluations.push(failed(plan, result.diagnostics));
      continue;
    }
    const renumbered = result.topology as Topology;
    evaluations.push({ ...evaluate(plan.name, plan.file, renumbered, result.changes, result.diagnostics, topologyFile, options), ...fateChanges(original, topologyFile, renumbered, plan) });
  }
  return { topology: original.name, baseline, ranked: rank(evaluations), criteria: RANKING_CRITERIA };
}

/** `readdress check` without witnesses: how many differences the plan does and does not explain. */
function fateChanges(original: Topology, originalFile: string, renumbered: Topology, plan: ReaddressPlan): Pick<PlanEvaluation, 'fates' | 'fatesNotComputed'> {
  try {
    const report = checkReaddress({ original, originalFile, renumbered, renumberedFile: `${originalFile} renumbered by ${plan.file}`, plan, witnesses: false });
    if (report.partial && report.partial.length > 0) return { fatesNotComputed: report.partial.join('; ') };
    return { fates: { unexplained: report.unexplained, expected: report.expected } };
  } catch (error) {
    return { fatesNotComputed: error instanceof Error ? error.message : String(error) };
  }
}

function failed(plan: ReaddressPlan, diagnostics: readonly Diagnostic[]): PlanEvaluation {
  return { name: plan.name, file: plan.file, applied: false, diagnostics, devices: 0, lines: 0, byCategory: emptyCategories(), literals: 0, aggregation: [], headroom: [], failing: [], checks: 0 };
}

function emptyCategories(): Record<ChangeCategory, number> {
  return { rules: 0, objects: 0, routes: 0, nat: 0, interfaces: 0, segments: 0, other: 0 };
}

function evaluate(name: string, file: string | undefined, topology: Topology, changes: ChangeList, diagnostics: readonly Diagnostic[], topologyFile: string, options: CompareOptions): PlanEvaluation {
  const counts = countChanges(changes);
  const byCategory = emptyCategories();
  // Entries, not values: a route whose prefix and next hop both change is one route changed.
  const entries = new Set<string>();
  for (const s of changes.steps) {
    for (const g of s.groups) {
      for (const c of g.changes) {
        const category = changeCategory(g.owner.kind, c);
        const key = `${category}\0${g.owner.kind}:${g.owner.name}\0${entryOf(category, c.field)}`;
        if (entries.has(key)) continue;
        entries.add(key);
        byCategory[category]++;
      }
    }
  }
  const scenario = options.resolveScenario ? options.resolveScenario(topology) : options.scenario;
  const report = verifyTopology(topology, { topologyFile, scenario });
  const failing = report.results.filter((r) => r.status === 'fail').map((r) => r.id);
  if (!reportHolds(report) && failing.length === 0) failing.push('(partial model)');
  return { name, file, applied: true, diagnostics, devices: counts.devices, lines: counts.lines, byCategory, literals: counts.literals, aggregation: zoneAggregation(topology), headroom: segmentHeadroom(topology), failing, checks: report.results.filter((r) => r.status === 'pass').length };
}

/**
 * Per zone: its segments' space, named exactly and summarised. Forbidden for a summary: every other
 * zone's segments and the space externals own, except an owned default route (the Internet's 0.0.0.0/0).
 */
export function zoneAggregation(topology: Topology): ZoneAggregation[] {
  const byZone = new Map<string, [number, number][]>();
  for (const s of topology.segments.values()) {
    const list = byZone.get(s.zone) ?? [];
    list.push([prefixFirst(s.prefix), prefixLast(s.prefix)]);
    byZone.set(s.zone, list);
  }
  const owned: [number, number][] = [];
  for (const n of topology.nodes.values()) {
    if (n.kind === 'external') for (const [a, b] of n.owns.ranges) if (!(a === 0 && b === 0xffffffff)) owned.push([a, b]);
  }
  return [...byZone.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([zone, ranges]) => {
      const others = [...byZone.entries()].filter(([z]) => z !== zone).flatMap(([, r]) => r);
      // Owned space the zone itself lies in (a segment inside LGWAN's block) cannot forbid the zone's own summary.
      const foreign = owned.filter(([a, b]) => !ranges.some(([x, y]) => a <= y && x <= b));
      return { zone, exact: exactCoverSize(ranges), summary: summaryCoverSize(ranges, [...others, ...foreign]) };
    });
}

/** Usable addresses (network and broadcast left out below /31), interface addresses on the segment (pools by member). */
export function segmentHeadroom(topology: Topology): SegmentHeadroom[] {
  const used = new Map<string, number>();
  for (const n of topology.nodes.values()) {
    for (const i of n.interfaces.values()) if (i.address !== undefined) used.set(i.segment, (used.get(i.segment) ?? 0) + (n.kind === 'host' ? n.count : 1));
  }
  return [...topology.segments.values()].map((s) => {
    const size = s.prefix.length >= 31 ? prefixSize(s.prefix) : prefixSize(s.prefix) - 2;
    const u = used.get(s.name) ?? 0;
    return { segment: s.name, prefix: formatPrefix(s.prefix), size, used: u, free: size - u };
  });
}

const totalExact = (e: PlanEvaluation) => e.aggregation.reduce((n, z) => n + z.exact, 0);
const totalSummary = (e: PlanEvaluation) => e.aggregation.reduce((n, z) => n + (z.summary ?? z.exact), 0);

/** The ranking: RANKING_CRITERIA in order, each deciding only where the ones before tie; then by name. */
export function rank(plans: readonly PlanEvaluation[]): PlanEvaluation[] {
  const keys = (e: PlanEvaluation): number[] => [e.applied ? 0 : 1, e.failing.length, e.fates?.unexplained ?? (e.fatesNotComputed ? 1 : 0), e.devices, e.literals, totalExact(e), totalSummary(e), e.lines];
  return [...plans].sort((a, b) => {
    const ka = keys(a);
    const kb = keys(b);
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return (ka[i] as number) - (kb[i] as number);
    return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
  });
}

/** Zones whose aggregation differs between the baseline and any plan: the ones worth a column. */
function zonesOfInterest(c: Comparison): string[] {
  const base = new Map(c.baseline.aggregation.map((z) => [z.zone, z]));
  const zones = new Set<string>();
  for (const e of c.ranked) for (const z of e.aggregation) {
    const b = base.get(z.zone);
    if (!b || b.exact !== z.exact || b.summary !== z.summary) zones.add(z.zone);
  }
  return [...zones].sort();
}

/** The least headroom among the segments a plan renumbered (or all segments for the baseline). */
function tightest(e: PlanEvaluation, baseline: PlanEvaluation): string {
  const before = new Map(baseline.headroom.map((h) => [h.segment, h]));
  const list = e === baseline ? e.headroom : e.headroom.filter((h) => { const b = before.get(h.segment); return !b || b.prefix !== h.prefix || b.used !== h.used; });
  const pool = list.length > 0 ? list : e.headroom;
  const t = [...pool].sort((a, b) => a.free / a.size - b.free / b.size || (a.segment < b.segment ? -1 : 1))[0];
  return t ? `${t.segment} ${t.free}/${t.size}` : '-';
}

export function comparisonRows(c: Comparison): { header: string[]; rows: string[][] } {
  const zones = zonesOfInterest(c);
  const header = ['rank', 'plan', 'devices', 'lines', 'rules', 'objects', 'routes', 'NAT', 'literals', ...zones.map((z) => `${z} ACL/route prefixes`), 'all zones ACL/route', 'least headroom', 'fate changes', 'checks'];
  const row = (e: PlanEvaluation, rankText: string): string[] => {
    const errors = e.diagnostics.filter((d) => d.severity === 'error').length;
    if (!e.applied) return [rankText, e.name, ...header.slice(2, -1).map(() => '-'), `does not apply (${errors} error${errors === 1 ? '' : 's'})`];
    const agg = new Map(e.aggregation.map((z) => [z.zone, z]));
    return [
      rankText,
      e.name,
      String(e.devices),
      String(e.lines),
      String(e.byCategory.rules),
      String(e.byCategory.objects),
      String(e.byCategory.routes),
      String(e.byCategory.nat),
      String(e.literals),
      ...zones.map((z) => `${agg.get(z)?.exact ?? '-'}/${agg.get(z)?.summary ?? '-'}`),
      `${totalExact(e)}/${totalSummary(e)}`,
      tightest(e, c.baseline),
      e === c.baseline ? '-' : e.fates ? (e.fates.unexplained + e.fates.expected === 0 ? 'none' : `${e.fates.unexplained} unexplained, ${e.fates.expected} by intent`) : 'not computed',
      e.failing.length === 0 ? `all ${e.checks} hold` : `${e.failing.length} fail: ${e.failing.join(', ')}`,
    ];
  };
  return { header, rows: [row(c.baseline, '-'), ...c.ranked.map((e, i) => row(e, String(i + 1)))] };
}

/** The table in text, its columns measured in terminal columns; headers, word cells and legend in `lang`. */
export function renderComparisonText(c: Comparison, lang: Lang = 'en'): string {
  const { header, rows } = localiseComparisonRows(comparisonRows(c), lang);
  const widths = header.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ''))));
  const line = (cells: string[]) => cells.map((cell, i) => padEndDisplay(cell, widths[i] as number)).join('  ').trimEnd();
  return [
    compareLine(`re-addressing plans for ${escapeControl(c.topology)} (first row: the topology as it is)`, lang),
    '',
    line(header),
    ...rows.map((r) => escapeControl(line(r))),
    '',
    ...legend(c).map((l) => compareLine(l, lang)),
  ].join('\n');
}

/** Markdown, like every Markdown output, stays in English (for machines and pull-request bots). */
export function renderComparisonMarkdown(c: Comparison): string {
  const { header, rows } = comparisonRows(c);
  const cell = (s: string) => escapeControl(s).replace(/\|/g, '\\|');
  return [
    `Re-addressing plans for ${cell(c.topology)} (first row: the topology as it is)`,
    '',
    `| ${header.map(cell).join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
    '',
    ...legend(c).map((l) => (l.startsWith('  ') ? `- ${l.trim()}` : l)),
  ].join('\n');
}

function legend(c: Comparison): string[] {
  return [
    'columns: devices touched; configuration lines changed; ACL/PEP rules, address objects, routes and NAT rules changed; literals = addresses written in rules, routes, NAT and gateway settings rather than through objects or names; ZONE ACL/route prefixes = prefixes naming the zone exactly / summary routes over unused space; least headroom = free/usable addresses of the fullest renumbered segment; fate changes: below; checks = the model\'s invariants and the scenario\'s properties on the final state.',
    'ranking, each criterion deciding only where the ones before tie:',
    ...c.criteria.map((k, i) => `  ${i + 1}. ${k}`),
    'fate changes: what `segproof readdress check` finds between the topology renamed through the plan and the final state (reach per source and destination, information-flow edges); by intent = in re-designated segments or at relocated nodes.',
  ];
}

export function comparisonJson(c: Comparison): unknown {
  const plain = (e: PlanEvaluation) => ({ ...e, diagnostics: e.diagnostics.map((d) => ({ code: d.code, severity: d.severity, message: d.message, location: d.location })) });
  return { topology: c.topology, criteria: c.criteria, baseline: plain(c.baseline), ranked: c.ranked.map(plain) };
}
