/**
 * The readable diff report: reach changes grouped by zone-class pair (pairs touching MN, MN_GC, LG or LGWAN
 * first), each with its header set and one witness traced in both versions; then the information-flow
 * chains that appeared or disappeared, the status changes, the rule changes, and what was left out.
 * Changes that differ only in their source (senders of one group forging the same headers) are listed once
 * with all their sources; `--json` has every change on its own. In Japanese (`lang` ja) the frame, zone
 * classes, node kinds and check titles take the guideline's terms; names, headers and file:line do not change.
 */
import { escapeBlock } from '../../diagnostics/escape.js';
import { DIFF_FRAME, type DiffFrame } from '../../i18n/diff-frame.js';
import type { Lang } from '../../i18n/lang.js';
import type { ChainSummary, DiffReport, ReachChange, StatusChange, WitnessSide } from '../report.js';
import { diffIsEmpty } from '../report.js';

function indent(text: string, by: string): string {
  return text.split('\n').map((l) => `${by}${l}`).join('\n');
}

function sideLine(label: string, s: WitnessSide, f: DiffFrame): string {
  if (!s.sent) return `${label}: ${f.notSent(s.reason)}`;
  const d = s.decidingRule;
  return f.side(label, s.disposition ?? f.noTrace, s.at ?? '?', d ? `${d.description}${d.location ? ` (${d.location})` : ''}` : undefined);
}

/** Changes with the same direction, destination and headers, from several sources: one entry. */
interface Folded {
  readonly first: ReachChange;
  readonly sources: string[];
}

function fold(changes: readonly ReachChange[]): Folded[] {
  const out = new Map<string, Folded>();
  for (const c of changes) {
    const key = JSON.stringify([c.direction, c.destination, c.headers, c.sourceKind === 'segment']);
    const f = out.get(key);
    if (f) f.sources.push(label(c));
    else out.set(key, { first: c, sources: [label(c)] });
  }
  return [...out.values()];
}

function witnessBetter(a: ReachChange, b: ReachChange): boolean {
  // Prefer a witness that needs no forged source and no chosen next hop.
  const score = (c: ReachChange) => (c.witness ? (c.witness.via ? 1 : 0) + (c.witness.spoofed ? 1 : 0) + (c.witness.confirmed ? 0 : 4) : 8);
  return score(a) < score(b);
}

function label(c: ReachChange): string {
  return c.sourceKind === 'segment' ? `segment ${c.source}` : c.source;
}

function changeLines(folded: Folded, all: readonly ReachChange[], f: DiffFrame): string[] {
  const c = folded.first;
  // Among folded changes, show the witness that reads best, and its source first.
  let best = c;
  for (const other of all) if (other !== c && folded.sources.includes(label(other)) && other.destination === c.destination && other.direction === c.direction && witnessBetter(other, best)) best = other;
  const sources = [label(best), ...folded.sources.filter((x) => x !== label(best))];
  const mark = c.direction === 'new' ? f.newMark : f.removedMark;
  const shownSources = sources.length > 6 ? f.andMore(sources.slice(0, 5).join(', '), sources.length - 5) : sources.join(', ');
  const lines = [
    `${mark} ${shownSources} (${sources.length > 1 ? f.sources(sources.length) : f.kind(c.sourceKind)}) → ${c.destination} (${f.kind(c.destinationKind)}, ${f.classes(c.destinationClass)}): ${c.reach.join(', ')}`,
    `    ${f.headers}: ${indent(c.headers, ' '.repeat(f.headersWidth)).trimStart()}`,
  ];
  const w = best.witness;
  if (w) {
    const how = [w.spoofed ? f.forged : '', w.via ? f.nextHopChosen(w.via) : ''].filter(Boolean).join(', ');
    lines.push(`    ${f.witness}: ${w.text}${f.from(best.sourceKind === 'segment' ? f.aHostOn(best.source) : best.source)}${how ? ` (${how})` : ''}${w.confirmed ? '' : `  ${f.notConfirmed}`}`);
    lines.push(`      ${sideLine(f.before, w.before, f)}`);
    lines.push(`      ${sideLine(f.afterPadded, w.after, f)}`);
  }
  return lines;
}

function chainLine(c: ChainSummary, mark: string, f: DiffFrame): string {
  const path = [c.links[0]?.from ?? c.source, ...c.links.map((l) => `-${l.channel}${l.reply ? ' (reply)' : ''}-> ${l.to}`)].join(' ');
  return `${mark} ${c.source} (${f.classes(c.sourceClass)}) ⇒ ${c.target} (${f.classes(c.targetClass)}) ${f.by} ${f.channel(c.channel)}: ${path}`;
}

function statusLine(s: StatusChange, f: DiffFrame): string {
  const mark = s.regression ? '✗' : s.fixed ? '✓' : '~';
  const what = f.what[s.regression ? 'regression' : s.fixed ? 'fixed' : 'changed'];
  return `${mark} ${s.id} ${f.status(s.before)} → ${f.status(s.after)} (${what}): ${f.checkTitle(s.id, s.kind, s.title)}`;
}

/** The report as text, in `lang` (English by default). */
export function renderDiffText(report: DiffReport, lang: Lang = 'en'): string {
  const f = DIFF_FRAME[lang];
  const lines: string[] = [];
  const side = (s: DiffReport['before']) => f.version(s.name, s.file, s.scenarioFile);
  lines.push(f.head(side(report.before), side(report.after)));
  if (report.partial?.length) {
    lines.push('', f.partial, ...report.partial.map((p) => `  ${p}`));
  }

  const added = report.changes.filter((c) => c.direction === 'new').length;
  const removed = report.changes.length - added;
  lines.push('', f.reachChanges(report.changes.length, added, removed));
  const pairs = new Map<string, ReachChange[]>();
  for (const c of report.changes) {
    const list = pairs.get(c.classPair) ?? [];
    list.push(c);
    pairs.set(c.classPair, list);
  }
  for (const [pair, list] of pairs) {
    const n = list.filter((c) => c.direction === 'new').length;
    const [from, to] = pair.split('>') as [string, string | undefined];
    lines.push('', f.pairHead(from, to ?? '', list[0]?.critical ?? false, n, list.length - n));
    for (const folded of fold(list)) lines.push(...changeLines(folded, list, f));
  }

  const { appeared, disappeared } = report.flowDelta;
  lines.push('', f.chains(appeared.length, disappeared.length));
  for (const c of appeared) lines.push(`  ${chainLine(c, '+', f)}`);
  for (const c of disappeared) lines.push(`  ${chainLine(c, '-', f)}`);

  const regressions = report.statusChanges.filter((s) => s.regression).length;
  lines.push('', f.statusChanges(report.statusChanges.length, regressions));
  for (const s of report.statusChanges) {
    lines.push(`  ${statusLine(s, f)}`);
    for (const v of s.summaries) lines.push(`      ${f.summary(v)}`);
  }

  lines.push('', f.ruleChanges(report.ruleChanges.length));
  for (const r of report.ruleChanges) {
    const where = f.ruleWhere(r.before, r.after);
    lines.push(`  ${r.node} ${r.acl} ${r.rule}: ${f.ruleChange(r.kind, where, r.detail)}`);
  }

  const { onlyBefore, onlyAfter } = report.endpoints;
  if (onlyBefore.length || onlyAfter.length) {
    lines.push('', f.endpoints);
    if (onlyBefore.length) lines.push(`  ${f.beforeOnly}: ${onlyBefore.join(', ')}`);
    if (onlyAfter.length) lines.push(`  ${f.afterOnly}: ${onlyAfter.join(', ')}`);
  }

  lines.push('');
  if (diffIsEmpty(report)) lines.push(f.noDifferences);
  else {
    const critical = report.changes.filter((c) => c.critical).length;
    lines.push(f.total({
      changes: report.changes.length, added, removed, critical, appeared: appeared.length, disappeared: disappeared.length,
      statusChanges: report.statusChanges.length, regressions, ruleChanges: report.ruleChanges.length, ms: report.stats?.durationMs,
    }));
  }
  return escapeBlock(lines.join('\n'));
}
