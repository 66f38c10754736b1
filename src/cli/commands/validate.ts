import { escapeControl } from '../../diagnostics/escape.js';
import { EXIT } from '../io.js';
import { INCLUDE_ROOT_FLAGS, INCLUDE_ROOT_HELP, collectIncludeRoot, loadTopologyOrReport } from '../load-topology.js';
import type { RegisterCommand } from './index.js';

export const registerValidateCommand: RegisterCommand = (program, io, setExitCode) => {
  program
    .command('validate')
    .description('check a topology file (and its includes); exit 0 valid, 2 bad input')
    .argument('<topology>', 'topology file (YAML or JSON)')
    .option(INCLUDE_ROOT_FLAGS, INCLUDE_ROOT_HELP, collectIncludeRoot)
    .option('--json', 'machine-readable output')
    .action(async (file: string, options: { json?: boolean; includeRoot?: string[] }) => {
      const json = options.json ?? false;
      const topology = await loadTopologyOrReport(file, io, json, options);
      if (!topology) return setExitCode(EXIT.badInput);
      const summary = { ok: true, name: topology.name, files: topology.files, zones: topology.zones.size, segments: topology.segments.size, nodes: topology.nodes.size };
      io.stdout(json ? JSON.stringify(summary, null, 2) : `${escapeControl(file)}: valid — ${summary.zones} zones, ${summary.segments} segments, ${summary.nodes} nodes (${summary.files.length} file${summary.files.length === 1 ? '' : 's'})`);
      setExitCode(EXIT.ok);
    });
};
