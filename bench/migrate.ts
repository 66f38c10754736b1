/**
 * `segproof migrate` in-process: the reference β′ migration (four steps, the plan's cut-over orders, so
 * every half-applied state, and its flow log) against its target of 5 s; then growth with the number of
 * devices changed in one step: steps 2 → 3 of the reference with N extra INET hosts that each move to a
 * new address on the cut-over day (N half-applied states more, one per host), medians of 3 runs.
 * Run directly: `npx tsx bench/migrate.ts`.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { defaultScenarioFor } from '../src/cli/commands/verify.js';
import { loadMigrationSteps, migrate, migrateSteps, type LoadedStep } from '../src/migrate/migrate.js';
import { migrationHolds } from '../src/migrate/verdict.js';
import { loadPlan } from '../src/readdress/plan-format.js';
import { importFlows } from '../src/replay/import.js';
import type { HostNode, Route, Segment, Topology } from '../src/topology/model.js';
import { median, repoRoot } from './support.js';

const RUNS = 3;
const TARGET_MS = 5000;
const ip = (a: number, b: number, c: number, d: number) => ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;

/** `step` with a segment 10.60.0.0/16 in INET_NEW on core-fw and `n` hosts on it at 10.60.(base + i / 200).(i % 200 + 10). */
function withExtraHosts(step: LoadedStep, n: number, base: number): LoadedStep {
  const t = step.topology;
  const template = t.nodes.get('hp-cms') as HostNode;
  const firewall = t.nodes.get('core-fw');
  if (template === undefined || firewall === undefined) throw new Error('the reference step lacks hp-cms or core-fw');
  const prefix = { network: ip(10, 60, 0, 0), length: 16 };
  const segment: Segment = { name: 'bench_inet', zone: 'INET_NEW', prefix, vlan: 600, vrf: 'default', location: undefined };
  const gateway = ip(10, 60, 0, 1);
  const nodes = new Map(t.nodes);
  const interfaces = new Map(firewall.interfaces);
  interfaces.set('bench', { name: 'bench', node: 'core-fw', segment: 'bench_inet', address: gateway, vrf: 'default' });
  const connected: Route = { vrf: 'default', prefix, target: { type: 'interface', interface: 'bench' }, origin: 'connected', location: undefined };
  nodes.set('core-fw', { ...firewall, interfaces, routes: [connected, ...firewall.routes] });
  for (let i = 0; i < n; i++) {
    const name = `bench-host-${i}`;
    const address = ip(10, 60, base + Math.floor(i / 200), (i % 200) + 10);
    const routes: Route[] = [
      { vrf: 'default', prefix, target: { type: 'interface', interface: 'lan' }, origin: 'connected', location: undefined },
      { vrf: 'default', prefix: { network: 0, length: 0 }, target: { type: 'via', nextHop: gateway, interface: 'lan' }, origin: 'gateway', location: undefined },
    ];
    nodes.set(name, { ...template, name, interfaces: new Map([['lan', { name: 'lan', node: name, segment: 'bench_inet', address, vrf: 'default' }]]), routes });
  }
  const topology: Topology = { ...t, segments: new Map([...t.segments, ['bench_inet', segment]]), nodes };
  return { ...step, topology };
}

export async function runMigrateBench(): Promise<void> {
  const dir = path.join(repoRoot(), 'topologies/beta-prime-migration');
  const files = ['step0-alpha', 'step1-new-lg', 'step2-redesignate', 'step3-decommission'].map((s) => path.join(dir, `${s}.yaml`));
  const plan = (await loadPlan(path.join(dir, 'plan.yaml'))).plan;
  const flowsFile = path.join(dir, 'flows.csv');
  const flows = await importFlows(flowsFile, { keepLines: true });
  if (plan === undefined || flows.flows === undefined) throw new Error('the reference plan or flow log does not load');

  const times: number[] = [];
  let states = 0;
  let holds = false;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const result = await migrate(files, { plan, flows: { file: flowsFile, set: flows.flows, lines: flows.lines }, scenarioFor: defaultScenarioFor });
    times.push(performance.now() - t0);
    if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join('\n'));
    states = result.report.states.length;
    holds = migrationHolds(result.report);
  }
  const m = median(times);
  console.log(`reference migration (4 steps, ${states - 4} half-applied states, plan and flows): median ${m.toFixed(0)} ms of ${RUNS} (target < ${TARGET_MS} ms: ${m < TARGET_MS ? 'met' : 'NOT met'}); ${holds ? 'holds' : 'does NOT hold'}`);

  const loaded = await loadMigrationSteps(files.slice(2), { scenarioFor: defaultScenarioFor });
  const [s2, s3] = loaded.steps as [LoadedStep, LoadedStep];
  console.log('\nstep 2 → 3 with N extra hosts moving on the cut-over day:');
  console.log('  hosts  states   median ms   ms per state   verdict');
  for (const n of [0, 4, 8, 16, 32]) {
    const before = withExtraHosts(s2, n, 0);
    const after = withExtraHosts(s3, n, 128);
    const order = [...Array.from({ length: n }, (_, i) => `bench-host-${i}`), 'virtual-browsers', 'core-fw', 'segment:cur_inet_servers', 'segment:cur_inet_vb', 'segment:cur_inet_gateways'];
    const runs: number[] = [];
    let count = 0;
    let verdict = '';
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      const result = migrateSteps([before, after], { orders: new Map([[1, { entries: order, location: undefined }]]) });
      runs.push(performance.now() - t0);
      if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join('\n'));
      count = result.report.states.length;
      verdict = migrationHolds(result.report) ? 'holds' : 'does NOT hold';
    }
    const mm = median(runs);
    console.log(`  ${String(n).padStart(5)}${String(count).padStart(8)}${mm.toFixed(0).padStart(12)}${(mm / count).toFixed(0).padStart(15)}   ${verdict}`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runMigrateBench();
