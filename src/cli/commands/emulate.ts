/**
 * `segproof emulate`: realise the topology in network namespaces with nftables, send probes, and compare
 * every kernel verdict with the simulator's. Exit 0 all agree, 1 some disagree, 2 bad input or a machine
 * that cannot emulate (not root, `ip`/`nft` missing: the message names the apt-get command).
 */
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
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
import { EXIT } from '../io.js';
import { loadTopologyOrReport, reportDiagnostics } from '../load-topology.js';
import type { RegisterCommand } from './index.js';

interface EmulateOptions {
  flows?: string;
  sample?: string;
  seed?: string;
  keep?: boolean;
  emitNft?: string;
  planOnly?: boolean;
  timeout?: string;
  json?: boolean;
}

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

export const registerEmulateCommand: RegisterCommand = (program, io, setExitCode) => {
  program
    .command('emulate')
    .description('realise the topology in Linux network namespaces + nftables, probe it and compare with the simulator; exit 0 agree, 1 disagreement, 2 bad input or no root/ip/nft')
    .argument('<topology>', 'topology file (YAML or JSON)')
    .option('--flows <file>', 'flow file (CSV or JSON Lines, as for replay) to send as probes')
    .option('--sample <n>', 'random probes in addition to the boundary values of every rule (default 200)')
    .option('--seed <n>', 'seed for sampled probes (default 1)')
    .option('--keep', 'leave the namespaces in place after the run (prints how to remove them)')
    .option('--emit-nft <dir>', 'write every node\'s nftables rule set to <dir>/<node>.nft')
    .option('--plan-only', 'build the plan (and --emit-nft files) without touching the kernel; needs no root')
    .option('--timeout <ms>', 'probe timeout in milliseconds (default 500)')
    .option('--json', 'machine-readable output')
    .addHelpText('after', () => LARGE_TOPOLOGIES_HELP)
    .action(async (file: string, options: EmulateOptions) => {
      const json = options.json ?? false;
      const problems: Diagnostic[] = [];
      if (options.flows !== undefined && options.sample !== undefined) problems.push(cliError('--flows and --sample cannot be used together', 'give flows, or let segproof sample probes'));
      const random = count(options.sample, '--sample', 200, problems);
      const seed = count(options.seed, '--seed', 1, problems);
      const timeoutMs = count(options.timeout, '--timeout', 500, problems);
      if (problems.length > 0) {
        reportDiagnostics(problems, io, json);
        return setExitCode(EXIT.badInput);
      }
      const topology = await loadTopologyOrReport(file, io, json);
      if (!topology) return setExitCode(EXIT.badInput);

      let probes: Probe[];
      const notes: string[] = [];
      if (options.flows !== undefined) {
        const imported = await importFlows(options.flows, { knowsStart: (n) => topology.nodes.has(n.split('.')[0] ?? n), startNames: () => [...topology.nodes.keys()] });
        if (!imported.ok || !imported.flows) {
          reportDiagnostics(imported.diagnostics, io, json);
          return setExitCode(EXIT.badInput);
        }
        const { flows, skipped } = flowsFromFlowSet(topology, imported.flows);
        const converted = probesFromFlows(topology, flows);
        probes = converted.probes;
        for (const s of [...skipped, ...converted.skipped]) notes.push(`flow ${s.index + 1}: ${s.reason}`);
      } else {
        probes = sampleProbes(topology, { random, seed });
      }

      const prefix = newRunPrefix();
      if (options.emitNft !== undefined || options.planOnly) {
        const plan = planEmulation(topology, { prefix, probes });
        if (options.emitNft !== undefined) {
          const written = await emitNft(plan, options.emitNft);
          if (!json) io.stderr(`wrote ${written.length} nftables files to ${options.emitNft}`);
        }
        if (options.planOnly) {
          if (json) io.stdout(JSON.stringify({ topology: topology.name, plan, probes: probes.map(probeJson) }, null, 2));
          else io.stdout(`${describePlan(plan)}\n${probes.length} probes planned`);
          return setExitCode(EXIT.ok);
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
      if (json) {
        io.stdout(JSON.stringify({
          topology: topology.name,
          prefix: result.prefix,
          kept: result.kept,
          timings: t,
          total: summary.total,
          agreements: summary.agreements,
          deliveredByKernel: summary.delivered,
          disagreements: summary.disagreements.map(comparisonJson),
          notes,
          removal: result.kept ? removalCommands(result) : [],
        }, null, 2));
      } else {
        io.stdout(formatSummary(summary));
        io.stdout(`build ${(t.buildMs / 1000).toFixed(1)} s for ${t.namespaces} namespaces; ${t.probes} probes in ${(t.probeMs / 1000).toFixed(1)} s (${t.probesPerSecond.toFixed(0)} probes/s, ${t.rounds} round${t.rounds === 1 ? '' : 's'}); teardown ${(t.teardownMs / 1000).toFixed(1)} s`);
        for (const n of notes.slice(0, 20)) io.stderr(`note: ${n}`);
        if (notes.length > 20) io.stderr(`note: … and ${notes.length - 20} more`);
        if (result.kept) io.stdout(`namespaces kept (prefix ${result.prefix}); remove them with:\n  ${removalCommands(result).join('\n  ')}`);
        if (result.leftover.length > 0) io.stderr(`warning: namespaces left behind: ${result.leftover.join(', ')}`);
      }
      setExitCode(summary.disagreements.length > 0 ? EXIT.violation : EXIT.ok);
    });
};
