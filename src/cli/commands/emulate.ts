/**
 * `segproof emulate`: realise the topology in network namespaces with nftables, send probes, and compare
 * every kernel verdict with the simulator's (a probe its sender could not bind is listed as not sent, with the
 * reason, never as a disagreement). Exit 0 all agree, 1 some disagree (or, with --flows, rows of
 * the flow file were bad without --allow-bad-rows, or no flow could be sent), 2 bad input (an unusable flow
 * file included), an output that cannot be written, or a machine that cannot emulate (not root, `ip`/`nft`
 * missing: the message names the apt-get command).
 */
import { renderDiagnostics, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { formatSummary, summarise, type Comparison } from '../../emulate/compare.js';
import { emitNft } from '../../emulate/emit.js';
import { flowsFromFlowSet, probesFromFlows } from '../../emulate/flows.js';
import { newRunPrefix } from '../../emulate/names.js';
import { NEIGHBOUR_LIMIT_FILE, neighbourLimit, neighbourNeeds, neighbourOverflow, roundNeighbourBudget } from '../../emulate/neighbours.js';
import { describePlan, planEmulation } from '../../emulate/plan.js';
import { checkPrerequisites } from '../../emulate/prereqs.js';
import { formatProbe, type Probe } from '../../emulate/probe.js';
import { removalCommands, runEmulation } from '../../emulate/run.js';
import { sampleProbes } from '../../emulate/sample.js';
import { simulatorVerdict } from '../../emulate/simulator.js';
import { formatIpv4 } from '../../net/ipv4.js';
import { importFlows } from '../../replay/import.js';
import { removeStaleRuns } from '../../emulate/namespaces.js';
import { EXIT, type CliIo } from '../io.js';
import { INCLUDE_ROOT_FLAGS, INCLUDE_ROOT_HELP, collectIncludeRoot, loadTopologyOrReport, reportDiagnostics } from '../load-topology.js';
import { checkOutputs, writeFailure, writeFolderAtomic, type OutputTarget } from '../output.js';
import type { RegisterCommand } from './index.js';

interface EmulateOptions {
  includeRoot?: string[];
  flows?: string;
  sample?: string;
  seed?: string;
  keep?: boolean;
  emitNft?: string;
  allowBadRows?: boolean;
  planOnly?: boolean;
  timeout?: string;
  cleanup?: boolean;
  json?: boolean;
}

/** Random probes one run sends at most (--sample): each is a real packet with a timeout, so more only takes hours. */
export const MAX_SAMPLE = 100_000;

function cliError(message: string, hint?: string): Diagnostic {
  return { code: 'CLI001', severity: 'error', message, location: undefined, hint };
}

function count(text: string | undefined, option: string, fallback: number, problems: Diagnostic[]): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text)) {
    problems.push(cliError(`${option} "${text}" is not a whole number`));
    return fallback;
  }
  return Number(text);
}

function probeJson(p: Probe): Record<string, unknown> {
  return { id: p.id, from: p.from, src: formatIpv4(p.src), dst: formatIpv4(p.dst), protocol: p.protocol, srcPort: p.srcPort, dstPort: p.dstPort, icmpType: p.icmpType };
}

function comparisonJson(c: Comparison): Record<string, unknown> {
  return { probe: probeJson(c.probe), text: formatProbe(c.probe), agree: c.agree, simulator: c.sim, kernel: c.kernel, evidence: c.evidence ?? [] };
}

const LARGE_TOPOLOGIES_HELP = `
Large topologies:
  Every node is one network namespace (plus one for the segment bridges); a host pool is one namespace
  holding its first, middle and last member (and any a probe names), not one per member.
  All namespaces share the kernel's neighbour (ARP) table, limited by ${NEIGHBOUR_LIMIT_FILE}
  (now ${neighbourLimit()}; segproof reads it and never changes it). Too many entries at once would lose
  packets, so the probes are split into rounds that each need at most ${roundNeighbourBudget()} entries (half
  the limit, taken from the simulator's trace of each probe: both ends of every hop), and a round waits
  until the entries of rounds in the last 6 s leave room. The namespace count itself is not limited; large
  runs are slower, not wrong. A run is refused (exit 2) only when one probe alone needs more entries than a
  round may use; other emulations running at the same time share the table and are not accounted for.
`;

/** `--cleanup`: the namespaces of dead runs (registry.ts), kept ones included, are removed. */
async function cleanup(io: CliIo, json: boolean): Promise<number> {
  const prereqs = checkPrerequisites();
  if (!prereqs.ok) {
    reportDiagnostics(prereqs.problems.map((p) => cliError(p)), io, json);
    return EXIT.badInput;
  }
  const { removed, failed } = await removeStaleRuns(true);
  if (json) io.stdout(JSON.stringify({ removed: removed.map((r) => ({ prefix: r.prefix, namespaces: r.namespaces, startedAt: r.record?.startedAt, command: r.record?.command })), failed }, null, 2));
  else {
    for (const r of removed) io.stdout(`removed ${r.namespaces.length} namespaces of run ${r.prefix}${r.record ? ` (started ${r.record.startedAt}: ${r.record.command})` : ' (no record of its process)'}`);
    io.stdout(removed.length === 0 ? 'no namespaces of dead emulation runs found' : `${removed.length} dead run(s) cleaned up`);
    if (failed.length > 0) io.stderr(`could not remove: ${failed.join(', ')}`);
  }
  return failed.length > 0 ? EXIT.badInput : EXIT.ok;
}

export const registerEmulateCommand: RegisterCommand = (program, io, setExitCode) => {
  program
    .command('emulate')
    .description('realise the topology in Linux network namespaces + nftables, probe it and compare with the simulator; exit 0 agree, 1 disagreement, 2 bad input or no root/ip/nft')
    .argument('[topology]', 'topology file (YAML or JSON); not needed with --cleanup')
    .option('--flows <file>', 'flow file (CSV or JSON Lines, as for replay) to send as probes')
    .option('--sample <n>', `random probes in addition to the boundary values of every rule (default 200, at most ${MAX_SAMPLE})`)
    .option('--seed <n>', 'seed for sampled probes (default 1)')
    .option('--keep', 'leave the namespaces in place after the run (prints how to remove them)')
    .option('--emit-nft <dir>', 'write every node\'s nftables rule set to <dir>/<node>.nft (the folder is replaced as a whole)')
    .option('--allow-bad-rows', 'with --flows: bad rows are reported and skipped without failing the run')
    .option('--plan-only', 'build the plan (and --emit-nft files) without touching the kernel; needs no root')
    .option('--timeout <ms>', 'probe timeout in milliseconds (default 500)')
    .option(INCLUDE_ROOT_FLAGS, INCLUDE_ROOT_HELP, collectIncludeRoot)
    .option('--cleanup', 'remove the namespaces of emulation runs whose process is gone (including --keep runs) and exit; needs root')
    .option('--json', 'machine-readable output')
    .addHelpText('after', () => LARGE_TOPOLOGIES_HELP)
    .action(async (file: string | undefined, options: EmulateOptions) => {
      const json = options.json ?? false;
      if (options.cleanup) return setExitCode(await cleanup(io, json));
      if (file === undefined) {
        reportDiagnostics([cliError('missing the topology file', 'segproof emulate <topology> [options], or segproof emulate --cleanup')], io, json);
        return setExitCode(EXIT.badInput);
      }
      const problems: Diagnostic[] = [];
      if (options.flows !== undefined && options.sample !== undefined) problems.push(cliError('--flows and --sample cannot be used together', 'give flows, or let segproof sample probes'));
      const random = count(options.sample, '--sample', 200, problems);
      if (random > MAX_SAMPLE) problems.push(cliError(`--sample ${options.sample ?? ''} is over ${MAX_SAMPLE}, the most random probes one run sends`, `use at most ${MAX_SAMPLE}; for more, give the probes as a flow file with --flows`));
      const seed = count(options.seed, '--seed', 1, problems);
      const timeoutMs = count(options.timeout, '--timeout', 500, problems);
      if (problems.length > 0) {
        reportDiagnostics(problems, io, json);
        return setExitCode(EXIT.badInput);
      }
      const topology = await loadTopologyOrReport(file, io, json, options);
      if (!topology) return setExitCode(EXIT.badInput);

      const nftTarget: OutputTarget | undefined = options.emitNft !== undefined
        ? { option: '--emit-nft', path: options.emitNft, kind: 'folder', replaceable: (name) => name.endsWith('.nft') }
        : undefined;
      if (nftTarget) {
        const outputProblems = await checkOutputs([nftTarget], [...topology.files, options.flows]);
        if (outputProblems.length > 0) {
          reportDiagnostics(outputProblems, io, json);
          return setExitCode(EXIT.badInput);
        }
      }

      let probes: Probe[];
      const notes: string[] = [];
      // With --flows: what the file held and what could not be sent, all counted and reported.
      let flowInput: { rows: number; badRows: number; unsent: number; diagnostics: readonly Diagnostic[] } | undefined;
      if (options.flows !== undefined) {
        const flowFile = options.flows;
        const imported = await importFlows(flowFile, {
          allowBadRows: options.allowBadRows, keepLines: true,
          knowsStart: (n) => topology.nodes.has(n.split('.')[0] ?? n), startNames: () => [...topology.nodes.keys()],
        });
        if (!imported.flows) {
          // Unusable: unreadable, bad header, no rows, or changed while read.
          reportDiagnostics(imported.diagnostics, io, json);
          return setExitCode(EXIT.badInput);
        }
        const { flows, origin, skipped } = flowsFromFlowSet(topology, imported.flows);
        const converted = probesFromFlows(topology, flows);
        probes = converted.probes;
        const row = (setIndex: number): string => `${flowFile}:${imported.lines?.[setIndex] ?? setIndex + 1}`;
        for (const x of skipped) notes.push(`${row(x.index)}: not sent: ${x.reason}`);
        for (const x of converted.skipped) notes.push(`${row(origin[x.index]!)}: not sent: ${x.reason}`);
        for (const x of converted.notes) notes.push(`${row(origin[x.index]!)}: ${x.reason}`);
        flowInput = { rows: imported.rows, badRows: imported.badRows, unsent: skipped.length + converted.skipped.length, diagnostics: imported.diagnostics };
        if (imported.badRows > 0 && !json) {
          const shown = imported.diagnostics.length;
          const more = imported.badRows > shown ? `\n(${imported.badRows - shown} more bad rows not shown)` : '';
          const policy = options.allowBadRows ? 'allowed by --allow-bad-rows' : 'the run fails (exit 1); --allow-bad-rows accepts them';
          io.stderr(`${renderDiagnostics(imported.diagnostics)}${more}\n${imported.badRows} of ${imported.rows} flow row${imported.rows === 1 ? '' : 's'} bad and skipped: ${policy}.`);
        }
        if (probes.length === 0) {
          const why = `none of the ${imported.rows} flow row${imported.rows === 1 ? '' : 's'} of ${flowFile} can be sent as a probe (${imported.badRows} bad, ${flowInput.unsent} not sendable)`;
          if (json) io.stdout(JSON.stringify({ ok: false, topology: topology.name, total: 0, flowRows: imported.rows, badRows: imported.badRows, unsent: flowInput.unsent, diagnostics: imported.diagnostics, notes }, null, 2));
          else {
            for (const n of notes.slice(0, 20)) io.stderr(`note: ${n}`);
            io.stderr(`error: ${why}; nothing was emulated.`);
          }
          return setExitCode(EXIT.violation);
        }
      } else {
        probes = sampleProbes(topology, { random, seed });
      }
      // Bad rows fail the run (exit 1) unless allowed; the emulation still runs on the good rows.
      const inputFails = flowInput !== undefined && flowInput.badRows > 0 && !options.allowBadRows;
      const flowJson = flowInput ? { flowRows: flowInput.rows, badRows: flowInput.badRows, unsent: flowInput.unsent, diagnostics: flowInput.diagnostics } : {};

      const prefix = newRunPrefix();
      let writeProblem: Diagnostic | undefined;
      if (options.emitNft !== undefined || options.planOnly) {
        const plan = planEmulation(topology, { prefix, probes });
        if (nftTarget) {
          // One temporary folder renamed into place: a reader never sees a mix of two runs' rule sets.
          let written = 0;
          try {
            await writeFolderAtomic(nftTarget.path, async (folder) => {
              written = (await emitNft(plan, folder)).length;
            }, nftTarget.replaceable!);
            if (!json) io.stderr(`wrote ${written} nftables files to ${nftTarget.path}`);
          } catch (error) {
            writeProblem = writeFailure(nftTarget, error);
            reportDiagnostics([writeProblem], io, json);
          }
        }
        if (options.planOnly) {
          const code = writeProblem ? EXIT.badInput : inputFails ? EXIT.violation : EXIT.ok;
          if (json) io.stdout(JSON.stringify({ ok: code === EXIT.ok, topology: topology.name, ...flowJson, plan, probes: probes.map(probeJson) }, null, 2));
          else io.stdout(`${describePlan(plan)}\n${probes.length} probes planned${flowInput ? ` from ${flowInput.rows} flow rows (${flowInput.badRows} bad, ${flowInput.unsent} not sendable)` : ''}`);
          return setExitCode(code);
        }
      }

      const prereqs = checkPrerequisites();
      if (!prereqs.ok) {
        reportDiagnostics(prereqs.problems.map((p) => cliError(p)), io, json);
        return setExitCode(EXIT.badInput);
      }

      const namespaces = topology.nodes.size + 1;
      const needs = neighbourNeeds(topology);
      const overflow = neighbourOverflow(probes, needs, namespaces);
      if (overflow !== undefined) {
        reportDiagnostics([cliError(`refusing to emulate: ${overflow}`, 'segproof does not change root-namespace sysctls; see `segproof emulate --help` (Large topologies)')], io, json);
        return setExitCode(EXIT.badInput);
      }

      let result;
      try {
        result = await runEmulation([{ topology, probes, verdict: simulatorVerdict(topology), neighbours: needs }], { prefix, keep: options.keep, probeTimeoutMs: timeoutMs });
      } catch (error) {
        reportDiagnostics([cliError(`emulation failed: ${error instanceof Error ? error.message : String(error)}`, `its namespaces (${prefix}-*) were removed${options.keep ? ' unless --keep was given' : ''}`)], io, json);
        return setExitCode(EXIT.badInput);
      }
      const summary = summarise(result.comparisons);
      const t = result.timings;
      const code = writeProblem ? EXIT.badInput : summary.disagreements.length > 0 || inputFails ? EXIT.violation : EXIT.ok;
      if (json) {
        io.stdout(JSON.stringify({
          ok: code === EXIT.ok,
          topology: topology.name,
          ...flowJson,
          prefix: result.prefix,
          kept: result.kept,
          timings: t,
          total: summary.total,
          agreements: summary.agreements,
          deliveredByKernel: summary.delivered,
          disagreements: summary.disagreements.map(comparisonJson),
          notSent: summary.notSent.map((c) => ({ probe: probeJson(c.probe), text: formatProbe(c.probe), reason: c.kernel.notSent })),
          notes,
          removal: result.kept ? removalCommands(result) : [],
        }, null, 2));
      } else {
        io.stdout(formatSummary(summary));
        if (flowInput) io.stdout(`${probes.length} probes from ${flowInput.rows} flow rows of ${options.flows}: ${flowInput.badRows} bad${inputFails ? ' (the run fails: --allow-bad-rows accepts them)' : ''}, ${flowInput.unsent} not sendable (see the notes)`);
        io.stdout(`build ${(t.buildMs / 1000).toFixed(1)} s for ${t.namespaces} namespaces; ${t.probes} probes in ${(t.probeMs / 1000).toFixed(1)} s (${t.probesPerSecond.toFixed(0)} probes/s, ${t.rounds} round${t.rounds === 1 ? '' : 's'}); teardown ${(t.teardownMs / 1000).toFixed(1)} s`);
        for (const n of notes.slice(0, 20)) io.stderr(`note: ${n}`);
        if (notes.length > 20) io.stderr(`note: … and ${notes.length - 20} more`);
        if (result.kept) io.stdout(`namespaces kept (prefix ${result.prefix}); remove them with:\n  ${removalCommands(result).join('\n  ')}`);
        if (result.leftover.length > 0) io.stderr(`warning: namespaces left behind: ${result.leftover.join(', ')}`);
        if (result.debrisRemoved.length > 0) io.stderr(`note: removed ${result.debrisRemoved.length} namespaces left by earlier runs whose process had died`);
      }
      setExitCode(code);
    });
};
