/**
 * `segproof lint <topology> [--json] [--severity warning|error]`: rule analysis (src/lint). Findings are
 * findings, not bad input: exit 1 when one at or above --severity (default warning) exists, 0 when none,
 * 2 when the topology cannot be loaded.
 */
import { readFile } from 'node:fs/promises';
import { boundDiagnostic, renderDiagnostics, type Diagnostic, type Severity } from '../../diagnostics/diagnostic.js';
import { escapeControl } from '../../diagnostics/escape.js';
import { lintTopology } from '../../lint/lint.js';
import type { Topology } from '../../topology/model.js';
import { parseSource, type SourceFile } from '../../topology/source.js';
import { EXIT } from '../io.js';
import { DIAGNOSTIC_WORDS, localiseDiagnostics } from '../../i18n/diagnostic-words.js';
import { INCLUDE_ROOT_FLAGS, INCLUDE_ROOT_HELP, LANG_FLAGS, LANG_HELP, collectIncludeRoot, langOrReport, loadTopologyOrReport, reportDiagnostics } from '../load-topology.js';
import type { RegisterCommand } from './index.js';

const SEVERITIES: readonly Severity[] = ['warning', 'error'];

/** The topology's files as parsed, for the checks that read what was written (unused objects). Already loaded once, so they parse. */
export async function readTopologySources(topology: Topology): Promise<SourceFile[] | undefined> {
  const sources: SourceFile[] = [];
  for (const file of topology.files) {
    const text = await readFile(file, 'utf8').catch(() => undefined);
    if (text === undefined) return undefined;
    const parsed = parseSource(text, file);
    if (parsed.diagnostics.length > 0) return undefined;
    sources.push(parsed.source);
  }
  return sources;
}

export function atOrAbove(d: Diagnostic, severity: Severity): boolean {
  return severity === 'warning' || d.severity === 'error';
}

export const registerLintCommand: RegisterCommand = (program, io, setExitCode) => {
  program
    .command('lint')
    .description('rule analysis: shadowed, redundant, duplicate and unreachable rules, unused objects, duplicate VLANs, broad permits into MN/MN_GC/LG/LGWAN; exit 0 none, 1 findings, 2 bad input')
    .argument('<topology>', 'topology file (YAML or JSON)')
    .option(INCLUDE_ROOT_FLAGS, INCLUDE_ROOT_HELP, collectIncludeRoot)
    .option('--json', 'machine-readable findings on stdout')
    .option('--severity <level>', 'lowest severity that makes the exit code 1: warning or error', 'warning')
    .option(LANG_FLAGS, LANG_HELP)
    .action(async (file: string, options: { json?: boolean; includeRoot?: string[]; severity: string; lang?: string }) => {
      const json = options.json ?? false;
      const lang = langOrReport(options.lang, io, json);
      if (!lang) return setExitCode(EXIT.badInput);
      const severity = options.severity as Severity;
      if (!SEVERITIES.includes(severity)) {
        reportDiagnostics([{ code: 'CLI001', severity: 'error', message: `--severity "${options.severity}" is not a severity`, location: undefined, expected: 'warning or error', hint: 'leave it out for warning' }], io, json, lang);
        return setExitCode(EXIT.badInput);
      }
      const topology = await loadTopologyOrReport(file, io, json, options, lang);
      if (!topology) return setExitCode(EXIT.badInput);
      const sources = await readTopologySources(topology);
      const findings = lintTopology(topology, { sources });
      const failing = findings.filter((d) => atOrAbove(d, severity)).length;
      const skipped = sources ? [] : ['the unused-object check was skipped: the topology\'s files could not be read again'];
      if (json) {
        io.stdout(JSON.stringify({ ok: failing === 0, topology: topology.name, files: topology.files, severity, findings: findings.map(boundDiagnostic), skipped }, null, 2));
      } else {
        const summary = lang === 'ja'
          ? `${escapeControl(file)}: 指摘 ${findings.length} 件${failing !== findings.length ? `（${DIAGNOSTIC_WORDS.ja.severity[severity]}以上 ${failing} 件）` : ''}`
          : `${escapeControl(file)}: ${findings.length} finding${findings.length === 1 ? '' : 's'}${failing !== findings.length ? ` (${failing} at or above ${severity})` : ''}`;
        io.stdout(findings.length ? `${renderDiagnostics(localiseDiagnostics(findings, lang), DIAGNOSTIC_WORDS[lang])}\n${summary}` : summary);
        for (const note of skipped) io.stderr(lang === 'ja' ? '注記: ルールの再読込ができず、未使用オブジェクトの検査を省略した' : `note: ${note}`);
      }
      setExitCode(failing > 0 ? EXIT.violation : EXIT.ok);
    });
};
