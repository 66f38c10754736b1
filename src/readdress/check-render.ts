/**
 * `readdress check` in text: the verdict first, then unexplained differences (each with its witness in
 * both versions and the deciding rule with file:line), then those the plan explains, then the flow log.
 */
import { escapeControl } from '../diagnostics/escape.js';
import type { WitnessSide } from '../diff/report.js';
import { decidingText } from '../diff/witness.js';
import { renderComparison } from '../replay/baseline.js';
import type { FlowEdgeDifference, MissingSource, ReachDifference, ReaddressCheckReport } from './check.js';
import type { FlowLogCheck } from './check-flows.js';
import type { ReaddressWitness } from './check-witness.js';

function sideText(label: string, text: string, side: WitnessSide): string[] {
  if (!side.sent) return [`      ${label} ${text}: not sent (${side.reason ?? 'no sender'})`];
  const fate = `${side.disposition ?? '?'}${side.at ? ` at ${side.at}` : ''}`;
  return [
    `      ${label} ${text}: ${fate}${side.path.length ? ` via ${side.path.join(' > ')}` : ''}`,
    `        ${decidingText(side.decidingRule)}${side.decidingRule ? '' : side.reason ? ` (${side.reason})` : ''}`,
  ];
}

function witnessText(w: ReaddressWitness | undefined): string[] {
  if (!w) return ['      (no witness could be picked)'];
  return [
    ...sideText('original:  ', w.original.text, w.original.side),
    ...sideText('renumbered:', w.renumbered.text, w.renumbered.side),
    ...(w.confirmed ? [] : ['      (the simulator does not confirm this difference: an engine disagreement; please report it)']),
  ];
}

function reachText(d: ReachDifference): string[] {
  const verb = d.reachedIn === 'original' ? 'no longer reaches' : 'newly reaches';
  return [
    `  ${d.source} ${verb} ${d.destination}${d.expected ? ` (expected: ${d.expected})` : ''}`,
    ...d.headers.split('\n').map((l) => `      ${l}`),
    ...witnessText(d.witness),
  ];
}

function edgeText(d: FlowEdgeDifference): string[] {
  const verb = d.in === 'original' ? 'lost' : 'new';
  return [
    `  ${verb} flow edge ${d.from} -> ${d.to} (${d.channel}, toward ${d.toward}${d.reply ? ', reply' : ''})${d.expected ? ` (expected: ${d.expected})` : ''}`,
    `      ${d.because}`,
    ...witnessText(d.witness),
  ];
}

function missingText(d: MissingSource): string {
  return `  source ${d.source} exists only in the ${d.in} version${d.expected ? ` (expected: ${d.expected})` : ''}`;
}

function section(title: string, reach: readonly ReachDifference[], edges: readonly FlowEdgeDifference[], missing: readonly MissingSource[]): string[] {
  if (reach.length + edges.length + missing.length === 0) return [];
  return ['', title, ...missing.map(missingText), ...reach.flatMap(reachText), ...edges.flatMap(edgeText)];
}

export function renderCheckText(report: ReaddressCheckReport, flows: FlowLogCheck | undefined, strict: boolean): string {
  const out: string[] = [];
  const steps = report.plan.steps.join(', ');
  out.push(`readdress check: ${escapeControl(report.renumbered.file)} against ${escapeControl(report.original.file)} renamed through plan ${report.plan.name} (steps: ${steps})`);
  const fails = report.unexplained > 0 || (strict && report.expected > 0) || (flows !== undefined && (flows.failing || (strict && flows.expected.changedRows > 0)));
  if (report.unexplained + report.expected === 0) out.push(`equal: ${report.sourcesCompared} sources, every destination and every information-flow edge behave as the original renamed`);
  else out.push(`${report.unexplained} unexplained difference${report.unexplained === 1 ? '' : 's'}, ${report.expected} expected by the plan (re-designations and relocations)${strict && report.expected > 0 ? '; --strict fails on these too' : ''}`);
  if (report.notCompared.original.length || report.notCompared.renumbered.length) {
    out.push(`not compared (addresses the plan does not map one-to-one): original ${report.notCompared.original.join(', ') || '(none)'}; renumbered ${report.notCompared.renumbered.join(', ') || '(none)'}`);
  }
  const unexplained = <T extends { expected?: string | undefined }>(l: readonly T[]) => l.filter((d) => d.expected === undefined);
  const expected = <T extends { expected?: string | undefined }>(l: readonly T[]) => l.filter((d) => d.expected !== undefined);
  out.push(...section('Unexplained differences:', unexplained(report.reach), unexplained(report.flowEdges), unexplained(report.missingSources)));
  out.push(...section('Expected by the plan:', expected(report.reach), expected(report.flowEdges), expected(report.missingSources)));
  if (flows) out.push('', ...renderFlowLogText(flows));
  for (const p of report.partial ?? []) out.push(`note: ${p}`);
  out.push('', fails ? 'FAIL' : 'OK');
  return out.join('\n');
}

function renderFlowLogText(f: FlowLogCheck): string[] {
  const out = [`Flow log ${escapeControl(f.file)}: ${f.rows} rows replayed through the original and, renamed, through the renumbered network`];
  for (const [label, side] of [['original', f.unowned.original], ['renumbered', f.unowned.renumbered]] as const) {
    if (side.rows === 0) continue;
    out.push(`  ${side.rows} row${side.rows === 1 ? '' : 's'} without a sender in the ${label} version (not replayed): ${side.examples.map((e) => `${e.line !== undefined ? `line ${e.line}` : `#${e.index}`} ${e.src} -> ${e.dst}`).join('; ')}`);
  }
  out.push(...renderComparison(f.comparison).map((l) => `  ${l}`));
  if (f.expected.rows > 0) {
    out.push(`  rows from or to re-designated segments or relocated nodes (expected by the plan): ${f.expected.rows}`);
    out.push(...renderComparison(f.expected).map((l) => `    ${l}`));
  }
  return out;
}
