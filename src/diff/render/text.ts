/**
 * The readable diff report: reach changes grouped by zone-class pair (pairs touching MN, MN_GC, LG or LGWAN
 * first), each with its header set and one witness traced in both versions; then the information-flow
 * chains that appeared or disappeared, the status changes, the rule changes, and what was left out.
 * Changes that differ only in their source (senders of one group forging the same headers) are listed once
 * with all their sources; `--json` has every change on its own.
 */
import { escapeBlock } from '../../diagnostics/escape.js';
import type { ChainSummary, DiffReport, ReachChange, StatusChange, WitnessSide } from '../report.js';
import { diffIsEmpty } from '../report.js';

function indent(text: string, by: string): string {
  return text.split('\n').map((l) => `${by}${l}`).join('\n');
}

function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

function classes(c: readonly string[]): string {
  return c.length ? c.join('+') : 'no class';
}

function sideLine(label: string, s: WitnessSide): string {
  if (!s.sent) return `${label}: not sent (${s.reason ?? 'no such start'})`;
  const d = s.decidingRule;
  const rule = d ? ` — ${d.description}${d.location ? ` (${d.location})` : ''}` : '';
  return `${label}: ${s.disposition ?? 'no trace'} at ${s.at ?? '?'}${rule}`;
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

function changeLines(f: Folded, all: readonly ReachChange[]): string[] {
  const c = f.first;
  // Among folded changes, show the witness that reads best, and its source first.
  let best = c;
  for (const other of all) if (other !== c && f.sources.includes(label(other)) && other.destination === c.destination && other.direction === c.direction && witnessBetter(other, best)) best = other;
  const sources = [label(best), ...f.sources.filter((x) => x !== label(best))];
  const mark = c.direction === 'new' ? '+ new    ' : '- removed';
  const shownSources = sources.length > 6 ? `${sources.slice(0, 5).join(', ')} and ${sources.length - 5} more` : sources.join(', ');
  const lines = [
    `${mark} ${shownSources} (${sources.length > 1 ? `${sources.length} sources` : c.sourceKind}) → ${c.destination} (${c.destinationKind}, ${classes(c.destinationClass)}): ${c.reach.join(', ')}`,
    `    headers: ${indent(c.headers, '             ').trimStart()}`,
  ];
  const w = best.witness;
  if (w) {
    const how = [w.spoofed ? 'a forged source address' : '', w.via ? `next hop ${w.via} chosen by the sender` : ''].filter(Boolean).join(', ');
    lines.push(`    witness: ${w.text} from ${best.sourceKind === 'segment' ? `a host on segment ${best.source}` : best.source}${how ? ` (${how})` : ''}${w.confirmed ? '' : '  [NOT confirmed by the simulator]'}`);
    lines.push(`      ${sideLine('before', w.before)}`);
    lines.push(`      ${sideLine('after ', w.after)}`);
  }
  return lines;
}

function chainLine(c: ChainSummary, mark: string): string {
  const path = [c.links[0]?.from ?? c.source, ...c.links.map((l) => `-${l.channel}${l.reply ? ' (reply)' : ''}-> ${l.to}`)].join(' ');
  return `${mark} ${c.source} (${classes(c.sourceClass)}) ⇒ ${c.target} (${classes(c.targetClass)}) by ${c.channel}: ${path}`;
}

function statusLine(s: StatusChange): string {
  const mark = s.regression ? '✗' : s.fixed ? '✓' : '~';
  const what = s.regression ? 'regression' : s.fixed ? 'fixed' : 'changed';
  return `${mark} ${s.id} ${s.before} → ${s.after} (${what}): ${s.title}`;
}

export function renderDiffText(report: DiffReport): string {
  const lines: string[] = [];
  const side = (s: DiffReport['before']) => `${s.name} (${s.file}${s.scenarioFile ? `, scenario ${s.scenarioFile}` : ''})`;
  lines.push(`Diff ${side(report.before)} → ${side(report.after)}`);
  if (report.partial?.length) {
    lines.push('', 'PARTIAL — not everything was compared:', ...report.partial.map((p) => `  ${p}`));
  }

  const added = report.changes.filter((c) => c.direction === 'new').length;
  const removed = report.changes.length - added;
  lines.push('', `Reach changes: ${report.changes.length} (${added} new, ${removed} removed)`);
  const pairs = new Map<string, ReachChange[]>();
  for (const c of report.changes) {
    const list = pairs.get(c.classPair) ?? [];
    list.push(c);
    pairs.set(c.classPair, list);
  }
  for (const [pair, list] of pairs) {
    const n = list.filter((c) => c.direction === 'new').length;
    lines.push('', `== ${pair.replace('>', ' → ')}${list[0]?.critical ? ' (MN / MN_GC / LG / LGWAN)' : ''}: ${n} new, ${list.length - n} removed ==`);
    for (const f of fold(list)) lines.push(...changeLines(f, list));
  }

  const { appeared, disappeared } = report.flowDelta;
  lines.push('', `Information-flow chains across gateways: ${appeared.length} appeared, ${disappeared.length} disappeared`);
  for (const c of appeared) lines.push(`  ${chainLine(c, '+')}`);
  for (const c of disappeared) lines.push(`  ${chainLine(c, '-')}`);

  const regressions = report.statusChanges.filter((s) => s.regression).length;
  lines.push('', `Status changes: ${report.statusChanges.length}${regressions ? ` (${plural(regressions, 'regression')})` : ''}`);
  for (const s of report.statusChanges) {
    lines.push(`  ${statusLine(s)}`);
    for (const v of s.summaries) lines.push(`      ${v}`);
  }

  lines.push('', `Rules whose effective match set changed: ${report.ruleChanges.length}`);
  for (const r of report.ruleChanges) {
    const where = [r.before ? `before ${r.before}` : '', r.after ? `after ${r.after}` : ''].filter(Boolean).join(', ');
    lines.push(`  ${r.node} ${r.acl} ${r.rule}: ${r.kind}${where ? ` (${where})` : ''}${r.detail ? ` — ${r.detail}` : ''}`);
  }

  const { onlyBefore, onlyAfter } = report.endpoints;
  if (onlyBefore.length || onlyAfter.length) {
    lines.push('', 'Endpoints in one version only:');
    if (onlyBefore.length) lines.push(`  before only: ${onlyBefore.join(', ')}`);
    if (onlyAfter.length) lines.push(`  after only: ${onlyAfter.join(', ')}`);
  }

  lines.push('');
  if (diffIsEmpty(report)) lines.push('No differences.');
  else {
    const critical = report.changes.filter((c) => c.critical).length;
    lines.push(
      `${plural(report.changes.length, 'reach change')} (${added} new, ${removed} removed; ${critical} touching MN, MN_GC, LG or LGWAN), ` +
        `${plural(appeared.length, 'chain')} appeared, ${disappeared.length} disappeared, ${plural(report.statusChanges.length, 'status change')}${regressions ? ` (${plural(regressions, 'regression')})` : ''}, ` +
        `${plural(report.ruleChanges.length, 'rule change')}${report.stats ? ` — ${report.stats.durationMs.toFixed(0)} ms` : ''}`,
    );
  }
  return escapeBlock(lines.join('\n'));
}
