import { escapeControl } from '../../diagnostics/escape.js';
import { EXIT } from '../io.js';
import { INCLUDE_ROOT_FLAGS, INCLUDE_ROOT_HELP, LANG_FLAGS, LANG_HELP, collectIncludeRoot, langOrReport, loadTopologyOrReport } from '../load-topology.js';
import type { RegisterCommand } from './index.js';

export const registerValidateCommand: RegisterCommand = (program, io, setExitCode) => {
  program
    .command('validate')
    .description('check a topology file (and its includes); exit 0 valid, 2 bad input')
    .argument('<topology>', 'topology file (YAML or JSON)')
    .option(INCLUDE_ROOT_FLAGS, INCLUDE_ROOT_HELP, collectIncludeRoot)
    .option('--json', 'machine-readable output')
    .option(LANG_FLAGS, LANG_HELP)
    .action(async (file: string, options: { json?: boolean; includeRoot?: string[]; lang?: string }) => {
      const json = options.json ?? false;
      const lang = langOrReport(options.lang, io, json);
      if (!lang) return setExitCode(EXIT.badInput);
      const topology = await loadTopologyOrReport(file, io, json, options, lang);
      if (!topology) return setExitCode(EXIT.badInput);
      const summary = { ok: true, name: topology.name, files: topology.files, zones: topology.zones.size, segments: topology.segments.size, nodes: topology.nodes.size };
      const counts = lang === 'ja'
        ? `有効 — ゾーン ${summary.zones}、セグメント ${summary.segments}、ノード ${summary.nodes}（ファイル ${summary.files.length}）`
        : `valid — ${summary.zones} zones, ${summary.segments} segments, ${summary.nodes} nodes (${summary.files.length} file${summary.files.length === 1 ? '' : 's'})`;
      io.stdout(json ? JSON.stringify(summary, null, 2) : `${escapeControl(file)}: ${counts}`);
      setExitCode(EXIT.ok);
    });
};
