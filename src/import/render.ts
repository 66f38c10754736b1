/** The imported topology or fragment as YAML, with a header that says where it came from and how much was understood. */
import { stringify } from 'yaml';
import type { IncludeFile, TopologyFile } from '../topology/format.js';
import type { ImportSummary } from './ledger.js';

export function renderImport(file: TopologyFile | IncludeFile, format: string, summary: ImportSummary): string {
  const header = [
    `# Imported by \`segproof import ${format}\` from ${summary.files.join(', ')}.`,
    `# Lines: ${summary.lines} — understood ${summary.understood}, approximated ${summary.approximated}, ignored (harmless) ${summary.ignored}, unknown ${summary.unknown} (${summary.unknownVerdictChanging} of them could change a verdict).`,
    '# Each rule\'s description names the vendor line it came from. Regenerate rather than edit by hand.',
  ];
  return `${header.join('\n')}\n${stringify(file, { lineWidth: 0, aliasDuplicateObjects: false })}`;
}
