/**
 * `renderHtmlReport`: one self-contained HTML file for a verification, a diff or a migration. The page carries its
 * data as JSON in a `<script type="application/json">` block and its code inline (cytoscape.js and the
 * page script); a Content-Security-Policy allows exactly those inline scripts and style (by hash) and no
 * fetch of any kind, so the file opens offline and text from the topology can never run as code.
 */
import type { DiffReport } from '../../diff/report.js';
import { DIFF_FRAME } from '../../i18n/diff-frame.js';
import { MIGRATE_FRAME } from '../../i18n/migrate-frame.js';
import type { MigrationReport } from '../../migrate/model.js';
import { migratePageParts } from './migrate-findings.js';
import type { Topology } from '../../topology/model.js';
import { reportHolds, type VerifyReport } from '../../verify/result.js';
import type { Scenario } from '../../verify/scenario/model.js';
import { pageAssets } from './assets.js';
import { diffChecks, diffFindings, diffNotes } from './diff-findings.js';
import { cspHash, jsonForScript, scriptSafe } from './embed.js';
import { exceptionRows } from './exception-rows.js';
import type { PageData } from './page-data.js';
import { diffMatrix, verifyMatrix } from './separation-matrix.js';
import { withPositions } from './nested-layout.js';
import { topologyGraph } from './topology-graph.js';
import { PAGE_LABELS } from './labels.js';
import type { Lang } from '../../i18n/lang.js';
import { verifyChecks, verifyFindings } from './verify-findings.js';

export type HtmlReportInput =
  | {
      readonly kind: 'verify';
      readonly topology: Topology;
      /** The report, localised for `lang` (localiseVerifyReport) when that is not English. */
      readonly report: VerifyReport;
      readonly lang?: Lang | undefined;
      /** The scenario the report was made with (its exceptions are listed). */
      readonly scenario?: Scenario | undefined;
    }
  | {
      readonly kind: 'diff';
      readonly before: Topology;
      readonly after: Topology;
      readonly report: DiffReport;
      /** The scenario of the later version, for its exceptions. */
      readonly scenario?: Scenario | undefined;
      readonly lang?: Lang | undefined;
    }
  | {
      readonly kind: 'migrate';
      /** The report, localised for `lang` (localiseMigrationReport); each state carries the network it verified. */
      readonly report: MigrationReport;
      readonly lang?: Lang | undefined;
    };

function verifyPage(input: Extract<HtmlReportInput, { kind: 'verify' }>): PageData {
  const { topology, report, scenario } = input;
  const failed = report.results.filter((r) => r.status === 'fail').length;
  const holds = reportHolds(report);
  const lang = input.lang ?? 'en';
  // Nothing checked also when every check is not applicable: no pass, nothing that could not be checked.
  const nothing = report.results.every((r) => r.status === 'not-applicable');
  const verdict =
    lang === 'ja'
      ? failed > 0 ? `${failed} 件の検査で違反` : report.partial.length ? '証明できない：モデルが部分的' : nothing ? '検査なし' : '検査したすべての性質が成立'
      : failed > 0 ? `${failed} check${failed === 1 ? '' : 's'} violated` : report.partial.length ? 'not proven: the model is partial' : nothing ? 'nothing checked' : 'every checked property holds';
  const model = topology.model;
  return {
    kind: 'verify',
    lang,
    labels: PAGE_LABELS[lang],
    title: `segproof verify — ${report.topology}`,
    facts: [
      `${lang === 'ja' ? 'トポロジ' : 'topology'} ${report.topologyFile}`,
      model ? `${lang === 'ja' ? 'モデル' : 'model'} ${model}` : lang === 'ja' ? 'モデル未宣言（不変条件の一式なし）' : 'no model declared (no invariant pack)',
      ...(report.guidelineVersion ? [`${lang === 'ja' ? 'ガイドライン' : 'guideline'} ${report.guidelineVersion}`] : []),
      ...(report.scenarioFile ? [`${lang === 'ja' ? 'シナリオ' : 'scenario'} ${report.scenarioFile}`] : []),
      ...(topology.description ? [topology.description] : []),
    ],
    verdict: { ok: holds, text: verdict },
    graph: withPositions(topologyGraph(topology)),
    findings: verifyFindings(topology, report, lang),
    checks: verifyChecks(report, lang),
    matrix: model ? verifyMatrix(model, topology, report, scenario?.exceptions ?? [], lang) : undefined,
    exceptions: exceptionRows(scenario, report.results),
    notes: report.partial.map((p) => `${lang === 'ja' ? '部分的なモデル' : 'partial model'}: ${p}`),
  };
}

function diffPage(input: Extract<HtmlReportInput, { kind: 'diff' }>): PageData {
  const { before, after, report, scenario } = input;
  const lang = input.lang ?? 'en';
  const f = DIFF_FRAME[lang];
  const regressions = report.statusChanges.filter((s) => s.regression).length;
  const added = report.changes.filter((c) => c.direction === 'new').length;
  const removed = report.changes.length - added;
  return {
    kind: 'diff',
    lang,
    labels: PAGE_LABELS[lang],
    title: `segproof diff — ${report.before.name} → ${report.after.name}`,
    facts: [
      `${f.before} ${report.before.file}`,
      `${f.after} ${report.after.file}`,
      ...(report.after.model ? [`${lang === 'ja' ? 'モデル' : 'model'} ${report.after.model}`] : []),
      ...(report.after.scenarioFile ? [`${lang === 'ja' ? 'シナリオ' : 'scenario'} ${report.after.scenarioFile}`] : []),
    ],
    verdict: { ok: regressions === 0, text: f.pageVerdict(added, removed, report.flowDelta.appeared.length, report.flowDelta.disappeared.length, regressions) },
    graph: withPositions(topologyGraph(after, before)),
    findings: diffFindings(report, before, after, lang),
    checks: diffChecks(report, lang),
    matrix: diffMatrix(report, before, after),
    exceptions: exceptionRows(scenario, []),
    notes: diffNotes(report),
  };
}

function migratePage(input: Extract<HtmlReportInput, { kind: 'migrate' }>): PageData {
  const { report } = input;
  const lang = input.lang ?? 'en';
  const f = MIGRATE_FRAME[lang];
  const parts = migratePageParts(report, lang);
  const label = (file: string) => file.replace(/^.*[\\/]/, '').replace(/\.(ya?ml|json)$/, '');
  return {
    kind: 'migrate',
    lang,
    labels: PAGE_LABELS[lang],
    title: `segproof migrate — ${report.steps.map(label).join(' → ')}`,
    facts: [f.head(report.steps.join(' → '), report.plan, report.states.filter((s) => s.kind === 'step').length, report.states.filter((s) => s.kind === 'half-applied').length)],
    verdict: parts.verdict,
    graph: [],
    findings: parts.findings,
    checks: parts.checks,
    matrix: undefined,
    exceptions: parts.exceptions,
    notes: parts.notes,
    views: parts.views,
    elements: parts.elements,
    graphs: parts.graphs,
    matrices: parts.matrices,
    initialView: parts.initialView,
  };
}

/** The page's data, as embedded (exported for tests and for other commands' reports). */
export function htmlReportData(input: HtmlReportInput): PageData {
  return input.kind === 'verify' ? verifyPage(input) : input.kind === 'diff' ? diffPage(input) : migratePage(input);
}

function escapeText(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The whole page as one HTML string. */
export function renderHtmlReport(input: HtmlReportInput): string {
  const data = htmlReportData(input);
  const assets = pageAssets();
  const library = scriptSafe(assets.cytoscape);
  const script = scriptSafe(assets.script);
  const csp = [
    "default-src 'none'",
    `script-src ${cspHash(library)} ${cspHash(script)}`,
    // cytoscape sets style attributes on the elements it creates; styles cannot run code.
    "style-src 'unsafe-inline'",
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return [
    '<!DOCTYPE html>',
    `<html lang="${data.lang}">`,
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeText(csp)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeText(data.title)}</title>`,
    `<style>${assets.style}</style>`,
    '</head>',
    '<body>',
    `<noscript>This report draws its content with JavaScript; the same findings are in \`segproof ${data.kind} --json\`.</noscript>`,
    `<script type="application/json" id="report-data">${jsonForScript(data)}</script>`,
    `<script>${library}</script>`,
    `<script>${script}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
