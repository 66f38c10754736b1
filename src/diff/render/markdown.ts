/**
 * `segproof diff --markdown <file>`: a compact pull-request comment. Verdict line, the gates, a table of
 * reach changes per zone-class pair, the top changes with their witnesses and deciding rules, the checks
 * whose status changed, then every change in a collapsible section. Names come from topology files, so
 * everything is escaped; the comment stays under GitHub's 65,536-character limit.
 */
import { describeMatch, type GateVerdict } from '../gates.js';
import type { DiffReport, ReachChange, WitnessSide } from '../report.js';
import { matchWithWitness } from './junit.js';

/** GitHub refuses comments over 65,536 characters; leave room for what a workflow adds around it. */
export const MARKDOWN_LIMIT = 60_000;
/** Changes listed before the collapsible section. */
const TOP_CHANGES = 5;

/** Text with Markdown's special characters escaped (inline, table cells included), on one line. */
export function mdText(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/[\\`*_{}[\]()<>#+!|~&]/g, (c) => `\\${c}`);
}

/** An inline code span that no backtick in `text` can close early. */
export function mdCode(text: string): string {
  const oneLine = text.replace(/[\r\n]+/g, ' ');
  const longest = Math.max(0, ...[...oneLine.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = oneLine.startsWith('`') || oneLine.endsWith('`') ? ' ' : '';
  // A `|` ends a table cell even inside code; GitHub reads `\|` there as the character.
  return `${fence}${pad}${oneLine.replace(/\|/g, '\\|')}${pad}${fence}`;
}

/** A fenced block no line of `text` can close. */
function mdBlock(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}text\n${text}\n${fence}`;
}

function arrow(classPair: string): string {
  return classPair.split('>').join(' → ');
}

function sideLine(s: WitnessSide): string {
  if (!s.sent) return 'not sent (the start does not exist in this version)';
  const rule = s.decidingRule ? ` by ${s.decidingRule.description}${s.decidingRule.location ? ` (${s.decidingRule.location})` : ''}` : '';
  return `${s.disposition ?? '?'}${s.at ? ` at ${s.at}` : ''}${rule}`;
}

function changeLine(c: ReachChange): string {
  const verb = c.direction === 'new' ? 'now reaches' : 'no longer reaches';
  const rule = c.witness?.after.decidingRule ?? c.witness?.before.decidingRule;
  const ruleText = rule ? ` — ${mdCode(rule.rule ?? '(default)')} of ${mdCode(rule.policy)}${rule.location ? ` (${mdCode(rule.location)})` : ''}` : '';
  return `**${mdText(arrow(c.classPair))}** ${mdCode(c.source)} ${verb} ${mdCode(c.destination)}${c.witness ? `: ${mdCode(c.witness.text)}` : ''}${ruleText}`;
}

export function renderMarkdown(report: DiffReport, verdict?: GateVerdict): string {
  const out: string[] = [];
  out.push(`### segproof diff: ${mdCode(report.after.file)} against ${mdCode(report.before.file)}`, '');
  const tripped = verdict?.results.filter((r) => r.tripped) ?? [];
  const unjudged = verdict?.results.filter((r) => r.unavailable !== undefined) ?? [];
  const total = report.changes.length + report.flowDelta.appeared.length + report.flowDelta.disappeared.length + report.statusChanges.length + report.ruleChanges.length;
  if (unjudged.length > 0) out.push(`**⚠️ ${unjudged.length} gate${unjudged.length === 1 ? '' : 's'} could not be judged**`, '');
  if (verdict && verdict.results.length > 0) {
    out.push(tripped.length > 0 ? `**❌ ${tripped.length} of ${verdict.results.length} gate${verdict.results.length === 1 ? '' : 's'} tripped**` : `**✅ no gate tripped** (${verdict.results.length} checked)`, '');
    for (const r of verdict.results) {
      const state = r.unavailable !== undefined ? `⚠️ not judged: ${mdText(r.unavailable)}` : r.tripped ? `❌ ${r.matches.length} match${r.matches.length === 1 ? '' : 'es'}` : '✅ passed';
      out.push(`- ${mdCode(r.gate.text)}: ${state}`);
    }
    out.push('');
  }
  if (total === 0 && report.endpoints.onlyBefore.length === 0 && report.endpoints.onlyAfter.length === 0) {
    out.push('No difference in reach, information flow, checks or rules.');
    return finish(out, report);
  }
  if (report.changes.length > 0) {
    const pairs = new Map<string, { added: number; removed: number; critical: boolean }>();
    for (const c of report.changes) {
      const p = pairs.get(c.classPair) ?? { added: 0, removed: 0, critical: c.critical };
      if (c.direction === 'new') p.added++;
      else p.removed++;
      pairs.set(c.classPair, p);
    }
    out.push('| zone classes | new reach | removed reach |', '|---|---:|---:|');
    for (const [pair, p] of pairs) out.push(`| ${p.critical ? '**' : ''}${mdText(arrow(pair))}${p.critical ? '**' : ''} | ${p.added} | ${p.removed} |`);
    out.push('');
    out.push(`**Top changes** (${Math.min(TOP_CHANGES, report.changes.length)} of ${report.changes.length}, critical classes first)`, '');
    report.changes.slice(0, TOP_CHANGES).forEach((c, i) => out.push(`${i + 1}. ${changeLine(c)}`));
    out.push('');
  }
  const flow = [...report.flowDelta.appeared.map((c) => ({ c, d: 'appeared' as const })), ...report.flowDelta.disappeared.map((c) => ({ c, d: 'disappeared' as const }))];
  if (flow.length > 0) {
    out.push(`**Information flow**: ${report.flowDelta.appeared.length} chain${report.flowDelta.appeared.length === 1 ? '' : 's'} appeared, ${report.flowDelta.disappeared.length} disappeared`, '');
    for (const { c, d } of flow.slice(0, TOP_CHANGES)) out.push(`- ${d}: ${mdText(describeMatch({ kind: 'chain', direction: d, chain: c }))}`);
    out.push('');
  }
  if (report.statusChanges.length > 0) {
    out.push('**Checks whose status changed**', '', '| check | before | after | |', '|---|---|---|---|');
    for (const s of report.statusChanges) out.push(`| ${mdCode(s.id)} ${mdText(s.title)} | ${s.before} | ${s.after} | ${s.regression ? '❌ regression' : s.fixed ? '✅ fixed' : ''} |`);
    out.push('');
  }
  if (report.ruleChanges.length > 0) out.push(`**Rules whose match set changed**: ${report.ruleChanges.length}`, '');
  if (report.endpoints.onlyBefore.length + report.endpoints.onlyAfter.length > 0) {
    out.push(`**Endpoints**: ${report.endpoints.onlyAfter.length} only after (${report.endpoints.onlyAfter.slice(0, 10).map(mdCode).join(', ')}), ${report.endpoints.onlyBefore.length} only before`, '');
  }
  // Every change in full, collapsed: witnesses traced in both versions and the header sets.
  const details: string[] = [];
  for (const r of tripped) {
    details.push(`#### gate ${mdCode(r.gate.text)}`, '', mdBlock(r.matches.map(matchWithWitness).join('\n\n')), '');
  }
  for (const c of report.changes) {
    const lines = [describeMatch({ kind: 'reach', change: c })];
    if (c.witness) lines.push(`witness: ${c.witness.text} from ${c.witness.start}`, `  before: ${sideLine(c.witness.before)}`, `  after:  ${sideLine(c.witness.after)}`);
    lines.push(`headers (${c.size} in all):`, ...c.headers.split('\n').map((h) => `  ${h}`));
    details.push(mdBlock(lines.join('\n')));
  }
  for (const rc of report.ruleChanges) details.push(`- ${mdText(describeMatch({ kind: 'rule', change: rc }))}${rc.detail ? `: ${mdText(rc.detail)}` : ''}`);
  if (details.length > 0) out.push('<details><summary>All changes with witnesses</summary>', '', ...details, '', '</details>', '');
  return finish(out, report);
}

/** Partial-comparison notes, then the size cap (cut at a line, the cut said, an open details section closed). */
function finish(out: string[], report: DiffReport): string {
  if (report.partial && report.partial.length > 0) out.push(`_Not compared: ${report.partial.map(mdText).join('; ')}_`, '');
  const text = out.join('\n');
  if (text.length <= MARKDOWN_LIMIT) return text;
  const cut = text.lastIndexOf('\n', MARKDOWN_LIMIT - 400);
  let head = text.slice(0, cut);
  // Close an unterminated code fence and details section so the rest of the page renders.
  const fences = (head.match(/^`{3,}/gm) ?? []).length;
  if (fences % 2 === 1) head += '\n```````````';
  if (head.includes('<details>') && !head.includes('</details>')) head += '\n\n</details>';
  return `${head}\n\n_Comment cut at ${MARKDOWN_LIMIT} characters: the full report is in the JSON or SARIF output._\n`;
}
