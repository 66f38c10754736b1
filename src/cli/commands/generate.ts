/**
 * `segproof generate`: write a synthetic municipality topology (YAML) for benchmarks and tests.
 * Imports the generator pieces directly, not src/topology/generate.ts, so fast-check is not loaded.
 */
import { renderDiagnostics, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { generateMunicipality } from '../../topology/generate/municipality.js';
import { countValues, formatMb, MAX_INPUT_FLAGS, MB, maxValuesFor, parseMaxInputMb, raiseLimitHint, VALUES_PER_MB } from '../../topology/input-limits.js';
import {
  checkMunicipalityOptions, minimumSerialisedSize, resolveMunicipalityOptions, GENERATED_MODELS, INSECURE_KINDS, type GeneratedModel, type InsecureKind, type MunicipalityOptions,
} from '../../topology/generate/options.js';
import { scenarioFileFor, serialiseScenario } from '../../topology/generate/scenario.js';
import { serialiseTopologyChunks } from '../../topology/generate/serialise.js';
import { EXIT } from '../io.js';
import { checkOutputs, writeFailure, writeFileAtomic, type OutputSink } from '../output.js';
import type { RegisterCommand } from './index.js';

interface GenerateFlags {
  staff?: string;
  model: string;
  seed: string;
  systems?: string;
  segments?: string;
  firewalls?: string;
  rulesPerFirewall?: string;
  sites?: string;
  insecure?: string;
  output?: string;
  maxInputMb?: string;
}

function cliError(message: string, hint: string): Diagnostic {
  return { code: 'CLI001', severity: 'error', message, location: undefined, hint };
}

/** Parses the flags into generator options, or the problems with them. */
export function generateOptionsFromFlags(flags: GenerateFlags): { ok: true; options: MunicipalityOptions } | { ok: false; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const integer = (flag: string, text: string | undefined): number | undefined => {
    if (text === undefined) return undefined;
    if (!/^-?\d+$/.test(text.trim())) {
      diagnostics.push(cliError(`--${flag} must be an integer, got "${text}"`, `write --${flag} 100`));
      return undefined;
    }
    return Number(text);
  };
  if (flags.staff === undefined) diagnostics.push(cliError('--staff is required', 'for example --staff 700'));
  if (!(GENERATED_MODELS as readonly string[]).includes(flags.model)) {
    diagnostics.push(cliError(`--model must be one of ${GENERATED_MODELS.join(', ')}, got "${flags.model}"`, 'alpha: terminals in LG; beta: terminals in INET; beta-prime: terminals and most systems in INET'));
  }
  if (flags.insecure !== undefined && !(INSECURE_KINDS as readonly string[]).includes(flags.insecure)) {
    diagnostics.push(cliError(`--insecure must be one of ${INSECURE_KINDS.join(', ')}, got "${flags.insecure}"`, 'leave it out for the secure baseline'));
  }
  const options: MunicipalityOptions = {
    staff: integer('staff', flags.staff) ?? 0,
    model: flags.model as GeneratedModel,
    seed: integer('seed', flags.seed) ?? 0,
    systems: integer('systems', flags.systems),
    segments: integer('segments', flags.segments),
    firewalls: integer('firewalls', flags.firewalls),
    rulesPerFirewall: integer('rules-per-firewall', flags.rulesPerFirewall),
    sites: integer('sites', flags.sites),
    insecure: flags.insecure as InsecureKind | undefined,
  };
  if (diagnostics.length) return { ok: false, diagnostics };
  const problems = checkMunicipalityOptions(options);
  if (problems.length) return { ok: false, diagnostics: problems.map((p) => cliError(p, 'change the option or leave it out to use the default for the body size')) };
  return { ok: true, options };
}

/** The command line that reproduces a generated file, for its header comment. */
function reproduceLine(o: MunicipalityOptions): string {
  const parts = [`segproof generate --staff ${o.staff} --model ${o.model} --seed ${o.seed}`];
  const add = (flag: string, v: number | string | undefined): void => {
    if (v !== undefined) parts.push(`--${flag} ${v}`);
  };
  add('systems', o.systems);
  add('segments', o.segments);
  add('firewalls', o.firewalls);
  add('rules-per-firewall', o.rulesPerFirewall);
  add('sites', o.sites);
  add('insecure', o.insecure);
  return parts.join(' ');
}

export const registerGenerateCommand: RegisterCommand = (program, io, setExitCode) => {
  program
    .command('generate')
    .description('write a synthetic municipality topology (YAML) for benchmarks and tests; exit 2 on bad options')
    .option('--staff <n>', 'staff of the body (drives terminals, seats and size-class defaults)')
    .option('--model <model>', `segmentation model: ${GENERATED_MODELS.join(', ')}`, 'beta-prime')
    .option('--seed <n>', 'seed; the same options and seed give the same file', '1')
    .option('--systems <n>', 'business-system servers (default by body size)')
    .option('--segments <n>', 'segments in the MN, MN_GC, LG and INET zones (default by body size)')
    .option('--firewalls <n>', 'firewalls: the core zone firewall plus in-zone ones (default by body size)')
    .option('--rules-per-firewall <n>', 'rules on every firewall (default by body size)')
    .option('--sites <n>', 'physical sites, headquarters included (default by body size)')
    .option('--insecure <kind>', `inject one known leak for tests: ${INSECURE_KINDS.join(', ')}`)
    .option('-o, --output <file>', 'write to this file instead of stdout')
    .option(MAX_INPUT_FLAGS, 'refuse to write a file over <n> MB: the input limit of the commands that load it (default: theirs)')
    .action(async (flags: GenerateFlags) => {
      const parsed = generateOptionsFromFlags(flags);
      if (!parsed.ok) {
        io.stderr(renderDiagnostics(parsed.diagnostics));
        return setExitCode(EXIT.badInput);
      }
      // Never a file the other commands refuse or cannot hold in memory (see input-limits.ts).
      const maxInput = parseMaxInputMb(flags.maxInputMb);
      if (!maxInput.ok) {
        io.stderr(renderDiagnostics([cliError(maxInput.message, 'leave it out for the limit the loading commands use')]));
        return setExitCode(EXIT.badInput);
      }
      const limit = maxInput.mb * MB;
      const maxValues = maxValuesFor(limit);
      const tooLarge = (size: { bytes: number; values: number }, atLeast: boolean): Diagnostic | undefined => {
        if (size.bytes <= limit && size.values <= maxValues) return undefined;
        const about = atLeast ? 'at least' : 'about';
        return cliError(
          `the topology would be ${atLeast ? 'at least ' : ''}${formatMb(size.bytes)} with ${about} ${size.values} values, over the input limit of ${formatMb(limit)} (and ${maxValues} values) that the commands loading it apply (TOPO009)`,
          `ask for fewer rules (--rules-per-firewall, --firewalls), or ${raiseLimitHint(Math.max(size.bytes, (size.values / VALUES_PER_MB) * MB), '(here and on every command that loads it)')}`,
        );
      };
      const early = tooLarge(minimumSerialisedSize(resolveMunicipalityOptions(parsed.options)), true);
      if (early) {
        io.stderr(renderDiagnostics([early]));
        return setExitCode(EXIT.badInput);
      }
      const target = flags.output !== undefined ? { option: '-o', path: flags.output, kind: 'file' as const } : undefined;
      // The scenario declaring the design's approved crossing goes beside the topology, where verify finds it.
      const scenarioTarget = target ? { option: '-o', path: scenarioFileFor(target.path), kind: 'file' as const } : undefined;
      if (target && scenarioTarget) {
        // Checked before generating: a large municipality takes a while.
        const outputProblems = await checkOutputs([target, scenarioTarget], []);
        if (outputProblems.length > 0) {
          io.stderr(renderDiagnostics(outputProblems));
          return setExitCode(EXIT.badInput);
        }
      }
      const file = generateMunicipality(parsed.options);
      const header = `Synthetic municipality generated by segproof; reproduce with:\n  ${reproduceLine(parsed.options)}`;
      const size = { bytes: 0, values: 0 };
      for (const chunk of serialiseTopologyChunks(file, header)) {
        size.bytes += Buffer.byteLength(chunk);
        size.values += countValues(chunk).count; // chunks end at line ends: no separator is split
      }
      const over = tooLarge(size, false);
      if (over) {
        io.stderr(renderDiagnostics([over]));
        return setExitCode(EXIT.badInput);
      }
      // Streamed in pieces: 200 firewalls × 10,000 rules is about 300 MB of YAML.
      const chunks = serialiseTopologyChunks(file, header);
      if (target === undefined || scenarioTarget === undefined) {
        for (const chunk of chunks) io.stdout(chunk);
        io.stderr('note: the network relies on one approved crossing (MN → 中間サーバー through relay-chukan), declared in a scenario; with -o FILE.yaml it is written as FILE.scenario.yaml, which verify reads');
        return setExitCode(EXIT.ok);
      }
      const writes: [typeof target, (sink: OutputSink) => Promise<void>][] = [
        // Written to a temporary file renamed into place: never a truncated topology that looks whole.
        [target, async (sink) => {
          for (const chunk of chunks) await sink.write(chunk);
        }],
        [scenarioTarget, (sink) => sink.write(serialiseScenario(target.path))],
      ];
      for (const [t, write] of writes) {
        try {
          await writeFileAtomic(t.path, write);
        } catch (error) {
          io.stderr(renderDiagnostics([writeFailure(t, error)]));
          return setExitCode(EXIT.badInput);
        }
      }
      io.stdout(`${target.path}: ${Object.keys(file.segments ?? {}).length} segments, ${Object.keys(file.nodes ?? {}).length} nodes; approved crossings in ${scenarioTarget.path}`);
      setExitCode(EXIT.ok);
    });
};
