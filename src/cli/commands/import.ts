/**
 * `segproof import <format> <files…> [-o out.yaml] [--topology host.yaml]`: one device's vendor
 * configuration as a segproof topology (standalone) or as an include fragment for a host topology.
 * Every line is accounted for; verdict-changing lines that are not understood make the import exit 2
 * unless --allow-partial, which records the import as partial so that verify says so.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { renderDiagnostics, sortDiagnostics, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { ledgerDiagnostics, summarise, type ImportSummary } from '../../import/ledger.js';
import { placeDevice } from '../../import/placement.js';
import { importFormats, importerFor } from '../../import/registry.js';
import { renderImport } from '../../import/render.js';
import type { InputFile } from '../../import/types.js';
import { ZONE_CLASSES, type ZoneClass } from '../../topology/format.js';
import { readRegularFile } from '../../topology/input-file.js';
import { defaultMaxInputMb, MB } from '../../topology/input-limits.js';
import type { Topology } from '../../topology/model.js';
import { EXIT } from '../io.js';
import { loadTopologyOrReport, reportDiagnostics } from '../load-topology.js';
import { checkOutputs, writeFailure, writeTextAtomic } from '../output.js';
import type { RegisterCommand } from './index.js';

interface ImportCliOptions {
  output?: string;
  topology?: string;
  segment?: string[];
  zoneClass?: string[];
  name?: string;
  allowPartial?: boolean;
  json?: boolean;
  def?: string;
}

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

function cliError(message: string, expected: string, hint: string): Diagnostic {
  return { code: 'CLI001', severity: 'error', message, location: undefined, expected, hint };
}

/** `KEY=VALUE` pairs of a repeatable option. */
function pairs(option: string, values: readonly string[], problems: Diagnostic[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const v of values) {
    const at = v.indexOf('=');
    if (at <= 0 || at === v.length - 1) problems.push(cliError(`${option} "${v}" is not NAME=VALUE`, 'NAME=VALUE', `e.g. ${option} eth1=lg_servers`));
    else map.set(v.slice(0, at), v.slice(at + 1));
  }
  return map;
}

export const registerImportCommand: RegisterCommand = (program, io, setExitCode) => {
  program
    .command('import')
    .description('turn one device\'s configuration into a segproof topology or include fragment; exit 0 done, 2 bad input or verdict-changing lines not understood')
    .argument('<format>', `configuration format: ${importFormats().join(', ') || '(none yet)'}`)
    .argument('<files...>', 'the device\'s files: configuration first, then dumps the format takes (e.g. ip addr, ip route)')
    .option('-o, --output <file>', 'write the YAML here (default: stdout)')
    .option('--topology <file>', 'place the device in this topology: interfaces join its segments by address, the output is an include fragment')
    .option('--segment <IF=SEGMENT>', 'put interface IF on SEGMENT (repeatable)', collect)
    .option('--zone-class <ZONE=CLASS>', 'standalone output: class of a zone (default TRANSIT; repeatable)', collect)
    .option('--name <node>', 'node name of the device (default: its hostname)')
    .option('--allow-partial', 'import even when verdict-changing lines are not understood; the topology records the import as partial')
    .option('--json', 'machine-readable summary and diagnostics on stdout (the YAML then needs -o)')
    .option('--def <folder>', 'aerleon: the definitions folder (its .yaml, .yml, .net and .svc files are read after the given files)')
    .action(async (format: string, files: string[], options: ImportCliOptions) => {
      const json = options.json ?? false;
      const allowPartial = options.allowPartial ?? false;
      const problems: Diagnostic[] = [];
      const importer = importerFor(format);
      if (!importer) {
        problems.push({ code: 'IMP006', severity: 'error', message: `unknown import format "${format}"`, location: undefined, expected: `one of ${importFormats().join(', ')}`, hint: 'see segproof import --help' });
      }
      const segmentOf = pairs('--segment', options.segment ?? [], problems);
      const zoneClass = new Map<string, ZoneClass>();
      for (const [zone, cls] of pairs('--zone-class', options.zoneClass ?? [], problems)) {
        if ((ZONE_CLASSES as readonly string[]).includes(cls)) zoneClass.set(zone, cls as ZoneClass);
        else problems.push(cliError(`--zone-class ${zone}=${cls}: unknown zone class`, `one of ${ZONE_CLASSES.join(', ')}`, 'zone classes are those of the topology format'));
      }
      if (json && !options.output) problems.push(cliError('--json prints the summary, so the YAML needs --output', '--output <file> with --json', 'add -o fragment.yaml'));
      const inputs: InputFile[] = [];
      const readWarnings: Diagnostic[] = [];
      for (const file of files) {
        const read = await readRegularFile(file, defaultMaxInputMb() * MB);
        if (!read.ok) problems.push({ code: 'IMP004', severity: 'error', message: `${file} cannot be read: ${read.reason}`, location: undefined, expected: 'a readable configuration file', hint: 'check the path' });
        else {
          const shown = path.relative(process.cwd(), file) || file;
          inputs.push({ path: shown, text: read.text });
          // Device configurations are often Shift_JIS (YAMAHA RTX descriptions): read on, and say so.
          if (read.invalidUtf8) {
            readWarnings.push({
              code: 'IMP301',
              severity: 'warning',
              message: `${shown} is not valid UTF-8: ${read.invalidUtf8.count} invalid sequence(s) read as U+FFFD, the first here`,
              location: { file: shown, line: read.invalidUtf8.line, column: read.invalidUtf8.column },
              expected: 'text encoded as UTF-8',
              hint: 'harmless in descriptions and comments (which are ignored); convert with iconv -f SHIFT_JIS -t UTF-8 to keep the text',
            });
          }
        }
      }
      if (options.def && format !== 'aerleon') problems.push(cliError(`--def is for aerleon policies, not ${format}`, 'segproof import aerleon <policy.pol> --def <folder>', 'leave --def out'));
      else if (options.def) {
        const found = await definitionFiles(options.def);
        if (!found.ok) problems.push({ code: 'IMP004', severity: 'error', message: `--def ${options.def} cannot be read: ${found.reason}`, location: undefined, expected: 'a folder of Aerleon definitions (.yaml, .net, .svc)', hint: 'give the def/ folder next to the policies' });
        for (const file of found.ok ? found.files : []) {
          const read = await readRegularFile(file, defaultMaxInputMb() * MB);
          if (!read.ok) problems.push({ code: 'IMP004', severity: 'error', message: `${file} cannot be read: ${read.reason}`, location: undefined, expected: 'a readable definitions file', hint: 'check the path' });
          else inputs.push({ path: path.relative(process.cwd(), file) || file, text: read.text });
        }
      }
      if (options.output) problems.push(...(await checkOutputs([{ option: '--output', path: options.output, kind: 'file' }], [...files, options.topology])));
      if (problems.length > 0 || !importer) {
        reportDiagnostics(sortDiagnostics(problems), io, json);
        return setExitCode(EXIT.badInput);
      }
      let host: Topology | undefined;
      if (options.topology) {
        // The fragment being (re)generated may already be included by the host topology: leave it out.
        const skipIncludes = options.output ? new Set([path.resolve(options.output)]) : undefined;
        host = await loadTopologyOrReport(options.topology, io, json, { skipIncludes });
        if (!host) return setExitCode(EXIT.badInput);
      }

      const imported = importer.importDevice(inputs, { deviceName: options.name });
      const summary = summarise(imported.ledgers);
      const diagnostics = ledgerDiagnostics(imported.ledgers, allowPartial);
      const placement = placeDevice(imported, { topology: host, segmentOf, zoneClass });
      diagnostics.push(...placement.diagnostics, ...readWarnings);
      const partial = summary.unknownVerdictChanging > 0;
      const failed = !placement.ok || (partial && !allowPartial);
      const sorted = sortDiagnostics(diagnostics);

      let written = false;
      if (placement.ok && !failed) {
        const file = { ...placement.file, imports: [{ format, files: [...summary.files], partial, unknownVerdictChanging: summary.unknownVerdictChanging }] };
        const yaml = renderImport(file, format, summary);
        if (options.output) {
          try {
            await writeTextAtomic(options.output, yaml);
            written = true;
          } catch (error) {
            sorted.push(writeFailure({ option: '--output', path: options.output }, error));
          }
        } else io.stdout(yaml.trimEnd());
      }
      if (json) {
        io.stdout(JSON.stringify({ ok: !failed, format, device: imported.device, partial, summary, output: written ? options.output : undefined, diagnostics: sorted }, null, 2));
      } else {
        const shown = collapseApproximations(sorted);
        if (shown.length) io.stderr(renderDiagnostics(shown));
        io.stderr(summaryLine(imported.device, summary, failed, allowPartial));
      }
      setExitCode(failed || sorted.some((d) => d.code === 'CLI004') ? EXIT.badInput : EXIT.ok);
    });
};

/** The definition files of an Aerleon `def/` folder, sorted by name. */
async function definitionFiles(folder: string): Promise<{ ok: true; files: string[] } | { ok: false; reason: string }> {
  try {
    const entries = await readdir(folder, { withFileTypes: true });
    return { ok: true, files: entries.filter((e) => e.isFile() && /\.(ya?ml|net|svc)$/i.test(e.name)).map((e) => path.join(folder, e.name)).sort() };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

/** Text output shows the first approximations and counts the rest by reason (a firewall with 2,000 MAC rules would print 2,000 warnings); --json keeps them all. */
const APPROXIMATIONS_SHOWN = 10;

function collapseApproximations(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const approximations = diagnostics.filter((d) => d.code === 'IMP003');
  if (approximations.length <= APPROXIMATIONS_SHOWN) return [...diagnostics];
  const hidden = approximations.slice(APPROXIMATIONS_SHOWN);
  const byReason = new Map<string, number>();
  for (const d of hidden) byReason.set(d.expected ?? 'approximated', (byReason.get(d.expected ?? 'approximated') ?? 0) + 1);
  const reasons = [...byReason].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([reason, n]) => `${n} × ${reason}`);
  const kept = new Set(approximations.slice(0, APPROXIMATIONS_SHOWN));
  return [
    ...diagnostics.filter((d) => d.code !== 'IMP003' || kept.has(d)),
    {
      code: 'IMP003',
      severity: 'warning',
      message: `… and ${hidden.length} more approximated lines`,
      location: undefined,
      expected: reasons.join('; '),
      hint: 'segproof import --json lists every one with its line',
    },
  ];
}

function summaryLine(device: string, s: ImportSummary, failed: boolean, allowPartial: boolean): string {
  const verdict = s.unknownVerdictChanging === 0 ? 'complete' : allowPartial ? 'PARTIAL (recorded in the topology; verify reports it)' : 'refused: verdict-changing lines not understood (use --allow-partial to import the rest)';
  return `${device}: ${s.lines} lines — ${s.understood} understood, ${s.approximated} approximated, ${s.ignored} ignored (harmless), ${s.unknown} unknown (${s.unknownVerdictChanging} verdict-changing); ${failed && s.unknownVerdictChanging === 0 ? 'failed' : verdict}`;
}
