/**
 * Replay benchmarks: `npx tsx bench/replay.ts` or `node dist/bench/replay.js`. Timed sections use
 * tinybench and report medians; every ratio is taken from figures measured in this same run.
 *
 * 1. ClassBench acl1/fw1/ipc1 10K, their traces replayed as flows through a one-firewall topology (a
 *    firewall between two segments whose ingress ACL is the ClassBench rule set): the concrete
 *    simulator (a sample), the compiled network with the naive linear classifier and with the compiled
 *    classifier, on the same flows. Every answer given while timed is checked against the trace's
 *    expected rule; mismatches are counted and printed.
 * 2. β′ reference city, random flows: compiled network on one thread (evaluate only; and end to end
 *    with aggregation, also per CPU second so a loaded machine does not hide the per-core figure);
 *    runReplay with 1 worker vs N workers; the ceiling of this machine: two independent processes
 *    each running the single-thread job at the same time.
 * 3. Peak RSS of a child process replaying 10M flows with the default worker count.
 * `--classbench` runs section 1 alone.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Bench, type Task } from 'tinybench';
import { classbenchAcl, parseClassbenchRules, parseClassbenchTrace, type ClassbenchTrace } from '../src/acl/classbench.js';
import { traceFlow } from '../src/engine/simulate.js';
import { buildForwarding } from '../src/engine/routing.js';
import { EMPTY_SET, ALL_ADDRESSES } from '../src/net/address-set.js';
import { PROTO } from '../src/net/ports.js';
import { loadTopology } from '../src/topology/load.js';
import type { Acl, AclRule, ExternalNode, FilteringNode, Interface, Route, Topology, TopologyNode } from '../src/topology/model.js';
import { flatClassifierFactory } from '../src/replay/acl-classifier.js';
import { defaultClassifierFactory } from '../src/replay/classifier-choice.js';
import { compileNetwork, mix32, type CompiledNetwork } from '../src/replay/compiled-network.js';
import { dispositionName } from '../src/replay/disposition.js';
import { allocateFlowSet, type FlowSet } from '../src/replay/flowset.js';
import type { FlowOutcomes, ReplayTotals } from '../src/replay/aggregate.js';
import { runReplay } from '../src/replay/replay.js';
import { openReplayPool } from '../src/replay/pool.js';
import { datasetsDir, median, repoRoot } from './support.js';

const CLASSBENCH_SETS = ['acl1_10K', 'fw1_10K', 'ipc1_10K'] as const;
/** Flows per naive-classifier call: a linear scan of 10K rules costs ~0.1 ms per flow. */
const NAIVE_BATCH = 300;
/** Flows per simulator call (it builds full traces). */
const SIMULATOR_BATCH = 100;
const CITY_FLOWS = 2_000_000;
/** Pool runs and the 2-process ceiling use more flows, so worker start-up is a small part of each run. */
const POOL_FLOWS = 10_000_000;
const RSS_FLOWS = 10_000_000;
/** Rounds of (open-pool runs, 2-process ceiling), measured alternately. */
const ROUNDS = 3;

export interface ClassbenchReplayFigures {
  readonly name: string;
  readonly rules: number;
  readonly flows: number;
  readonly simulatorFlowsPerSecMedian: number;
  readonly naiveFlowsPerSecMedian: number;
  readonly compiledFlowsPerSecMedian: number;
  /** The same per second of this process's CPU time: per core, whatever else the machine runs (target ≥ 5 M). */
  readonly compiledFlowsPerCpuSecMedian: number;
  /** compiled / naive, same flows, medians. */
  readonly compiledOverNaive: number;
  readonly compiledOverSimulator: number;
  /** Flows checked against the trace's expected rule while timed, and how many disagreed, per engine. */
  readonly checked: { readonly simulator: number; readonly naive: number; readonly compiled: number };
  readonly mismatches: { readonly simulator: number; readonly naive: number; readonly compiled: number };
}

export interface CityFigures {
  readonly flows: number;
  readonly poolFlows: number;
  readonly evaluateFlowsPerSecMedian: number;
  readonly endToEndOneThreadFlowsPerSecMedian: number;
  /** The same end-to-end run per second of this process's CPU time (per core, whatever the load). */
  readonly endToEndOneThreadFlowsPerCpuSecMedian: number;
  readonly oneWorkerFlowsPerSecMedian: number;
  readonly workers: number;
  readonly nWorkersFlowsPerSecMedian: number;
  /** Two independent single-thread processes at once: their rates added. */
  readonly twoProcessCeilingFlowsPerSec: number;
  readonly nWorkersOverOneWorker: number;
  readonly nWorkersOverCeiling: number;
  /** A pool opened once (start-up paid before the runs): time until every worker had compiled its network. */
  readonly poolStartupMs: number;
  /** runReplay on that open pool of N workers, median of the runs. */
  readonly warmPoolFlowsPerSecMedian: number;
  /** The target figure: warm pool / 2-process ceiling (≥ 0.85). */
  readonly warmPoolOverCeiling: number;
  /** Main-thread busy time per warm run (event-loop utilisation × wall), median: merging chunk totals. */
  readonly warmPoolMainThreadMsMedian: number;
  /** Flows per CPU second of the whole process (main + workers) on the open pool, and of the ceiling's processes (mean): overhead whatever the load. */
  readonly warmPoolFlowsPerCpuSecMedian: number;
  readonly ceilingFlowsPerCpuSec: number;
}

export interface ReplayBenchFigures {
  readonly classbench: readonly ClassbenchReplayFigures[];
  readonly classbenchSkipped?: string | undefined;
  readonly city: CityFigures | undefined;
  readonly rss10M: { readonly flows: number; readonly workers: number; readonly flowsPerSec: number; readonly peakRssMb: number } | undefined;
  readonly loadAverage: readonly number[];
}

function medianRate(task: Task | undefined, perCall: number): number {
  const r = task?.result;
  if (!r || (r.state !== 'completed' && r.state !== 'aborted-with-statistics')) throw new Error(`${task?.name}: no result (${r?.state})`);
  return (perCall * 1000) / r.latency.p50;
}

// ---- 1. ClassBench through one firewall ----------------------------------------------------------

const INSIDE = 0xfffffff8; // 255.255.255.248/30: clients .249, firewall .250
const OUTSIDE = 0xfffffffc; // 255.255.255.252/30: firewall .253, internet .254

function iface(node: string, name: string, segment: string, address: number): Interface {
  return { name, node, segment, address, vrf: 'default' };
}

function connected(segmentNetwork: number, itf: string): Route {
  return { vrf: 'default', prefix: { network: segmentNetwork, length: 30 }, target: { type: 'interface', interface: itf }, origin: 'connected', location: undefined };
}

function defaultVia(nextHop: number, itf: string): Route {
  return { vrf: 'default', prefix: { network: 0, length: 0 }, target: { type: 'via', nextHop, interface: itf }, origin: 'static', location: undefined };
}

/** clients (external, owns nothing) — inside — fw (ClassBench ACL in on inside) — outside — internet (owns 0.0.0.0/0). */
export function oneFirewallTopology(name: string, rules: readonly AclRule[]): Topology {
  const base = { tags: [], inventory: {}, leaks: [], location: undefined, site: undefined, description: undefined };
  const acl: Acl = { ...classbenchAcl(name, rules), node: 'fw', binding: { type: 'interface', interface: 'inside', direction: 'in' } };
  const clients: ExternalNode = {
    ...base, name: 'clients', kind: 'external', zone: 'inside', owns: EMPTY_SET,
    interfaces: new Map([['eth0', iface('clients', 'eth0', 'inside', INSIDE + 1)]]),
    routes: [connected(INSIDE, 'eth0'), defaultVia(INSIDE + 2, 'eth0')],
  };
  const fw: FilteringNode = {
    ...base, name: 'fw', kind: 'firewall', zone: 'inside', stateful: true, acls: [acl], nat: [],
    interfaces: new Map([['inside', iface('fw', 'inside', 'inside', INSIDE + 2)], ['outside', iface('fw', 'outside', 'outside', OUTSIDE + 1)]]),
    routes: [connected(INSIDE, 'inside'), connected(OUTSIDE, 'outside'), defaultVia(OUTSIDE + 2, 'outside')],
  };
  const internet: ExternalNode = {
    ...base, name: 'internet', kind: 'external', zone: 'outside', owns: ALL_ADDRESSES,
    interfaces: new Map([['eth0', iface('internet', 'eth0', 'outside', OUTSIDE + 2)]]),
    routes: [connected(OUTSIDE, 'eth0')],
  };
  const zone = (z: string, cls: 'LG' | 'INTERNET') => [z, { name: z, class: cls, location: undefined }] as const;
  const segment = (s: string, network: number, z: string) => [s, { name: s, zone: z, prefix: { network, length: 30 }, vrf: 'default', location: undefined }] as const;
  return {
    name: `one-firewall-${name}`,
    files: [],
    zones: new Map([zone('inside', 'LG'), zone('outside', 'INTERNET')]),
    logicalNetworks: new Map([['default', { name: 'default' }]]),
    segments: new Map([segment('inside', INSIDE, 'inside'), segment('outside', OUTSIDE, 'outside')]),
    nodes: new Map<string, TopologyNode>([['clients', clients], ['fw', fw], ['internet', internet]]),
    addressObjects: new Map(),
    serviceObjects: new Map(),
  };
}

/** The trace as flows from `clients`; ICMP carries type/code 0/0, as the trace's reference answers assume. */
function traceFlows(trace: ClassbenchTrace): FlowSet {
  const f = allocateFlowSet(trace.length, ['clients']);
  for (let i = 0; i < trace.length; i++) {
    const icmp = trace.protocol[i] === PROTO.icmp;
    f.src[i] = trace.src[i]!;
    f.dst[i] = trace.dst[i]!;
    f.proto[i] = trace.protocol[i]!;
    f.srcPort[i] = icmp ? 0 : trace.srcPort[i]!;
    f.dstPort[i] = icmp ? 0 : trace.dstPort[i]!;
    f.start[i] = 0;
    f.count[i] = 1;
  }
  return f;
}

async function classbenchSet(dir: string, name: string): Promise<ClassbenchReplayFigures> {
  const rulesFile = path.join(dir, 'rules', name);
  const traceFile = path.join(dir, 'traces', `${name}_trace`);
  const parsed = parseClassbenchRules(readFileSync(rulesFile, 'utf8'), rulesFile);
  const traced = parseClassbenchTrace(readFileSync(traceFile, 'utf8'), traceFile);
  const topology = oneFirewallTopology(name, parsed.rules);
  const trace = traced.trace;
  const flows = traceFlows(trace);
  const n = flows.size;
  const compiled = compileNetwork(topology, defaultClassifierFactory());
  const naive = compileNetwork(topology, flatClassifierFactory);
  const forwarding = buildForwarding(topology);
  const table = compiled.startTable(flows);
  const aclName = name;
  // Rule ids are the same in both networks (same topology); the expected id per flow:
  const ruleBase = compiled.rules.findIndex((r) => r.acl === aclName);
  const defaultId = ruleBase + parsed.rules.length;
  const expectedId = (i: number): number => (trace.expectedRule[i]! < 0 ? defaultId : ruleBase + trace.expectedRule[i]!);
  const checked = { simulator: 0, naive: 0, compiled: 0 };
  const mismatches = { simulator: 0, naive: 0, compiled: 0 };
  const check = (net: CompiledNetwork, engine: 'naive', i: number): void => {
    net.evaluateFlow(flows, i, table);
    checked[engine]++;
    if (net.decidingRule !== expectedId(i)) mismatches[engine]++;
  };
  let naiveCursor = 0;
  let simCursor = 0;
  const bench = new Bench({ name, time: 1000, warmupTime: 100, iterations: 5 });
  const compiledCpuRates: number[] = [];
  // The expected rule id of every flow, so the timed loop checks each answer with one comparison.
  const expectedIds = Int32Array.from({ length: n }, (_, i) => expectedId(i));
  bench.add(`${name} compiled network (whole trace per call)`, () => {
    const cpu = process.cpuUsage();
    let wrong = 0;
    for (let i = 0; i < n; i++) {
      compiled.evaluateFlow(flows, i, table);
      if (compiled.decidingRule !== expectedIds[i]) wrong++;
    }
    const used = process.cpuUsage(cpu);
    checked.compiled += n;
    mismatches.compiled += wrong;
    compiledCpuRates.push(n / ((used.user + used.system) / 1e6));
  });
  bench.add(`${name} naive classifier (${NAIVE_BATCH} flows per call)`, () => {
    for (let k = 0; k < NAIVE_BATCH; k++) {
      check(naive, 'naive', naiveCursor);
      naiveCursor = (naiveCursor + 1) % n;
    }
  });
  bench.add(`${name} simulator (${SIMULATOR_BATCH} flows per call)`, () => {
    for (let k = 0; k < SIMULATOR_BATCH; k++) {
      const i = simCursor;
      simCursor = (simCursor + 1) % n;
      const [t] = traceFlow(topology, {
        header: { src: flows.src[i]!, dst: flows.dst[i]!, protocol: flows.proto[i]!, srcPort: flows.srcPort[i]!, dstPort: flows.dstPort[i]!, icmpType: 0, icmpCode: 0 },
        start: { type: 'node', node: 'clients', interface: 'eth0' },
      }, { forwarding });
      // The deciding rule of a permitted flow is the last ACL check at the firewall.
      const fwHop = t?.hops.find((h) => h.node === 'fw');
      const last = fwHop?.acls[fwHop.acls.length - 1];
      checked.simulator++;
      if (last?.acl !== aclName || (last.rule ?? '(default)') !== compiled.rules[expectedId(i)]!.rule) mismatches.simulator++;
    }
  });
  const [compiledTask, naiveTask, simTask] = await bench.run();
  const compiledRate = medianRate(compiledTask, n);
  const naiveRate = medianRate(naiveTask, NAIVE_BATCH);
  const simRate = medianRate(simTask, SIMULATOR_BATCH);
  // One untimed pass for the disposition mix (for the reader: how many flows reach the far side).
  const mix = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const d = dispositionName(compiled.evaluateFlow(flows, i, table));
    mix.set(d, (mix.get(d) ?? 0) + 1);
  }
  console.log(`  ${name}: dispositions ${[...mix].map(([d, c]) => `${d} ${c}`).join(', ')}`);
  return {
    name,
    rules: parsed.rules.length,
    flows: n,
    simulatorFlowsPerSecMedian: simRate,
    naiveFlowsPerSecMedian: naiveRate,
    compiledFlowsPerSecMedian: compiledRate,
    compiledFlowsPerCpuSecMedian: median(compiledCpuRates),
    compiledOverNaive: compiledRate / naiveRate,
    compiledOverSimulator: compiledRate / simRate,
    checked,
    mismatches,
  };
}

async function classbench(): Promise<{ sets: ClassbenchReplayFigures[]; skipped?: string }> {
  const dir = path.join(datasetsDir(), 'classbench-hypersplit');
  if (!existsSync(dir)) return { sets: [], skipped: `ClassBench skipped: ${dir} is absent` };
  const sets: ClassbenchReplayFigures[] = [];
  console.log('ClassBench 10K traces through one firewall (tinybench medians; flows/s):');
  for (const name of CLASSBENCH_SETS) sets.push(await classbenchSet(dir, name));
  const fmt = (v: number) => Math.round(v).toLocaleString('en-US');
  console.table(
    sets.map((s) => ({
      set: s.name,
      rules: s.rules,
      flows: s.flows,
      simulator: fmt(s.simulatorFlowsPerSecMedian),
      'naive classifier': fmt(s.naiveFlowsPerSecMedian),
      'compiled network': fmt(s.compiledFlowsPerSecMedian),
      'compiled per CPU s': fmt(s.compiledFlowsPerCpuSecMedian),
      'compiled/naive': `${s.compiledOverNaive.toFixed(0)}×`,
      'compiled/simulator': `${s.compiledOverSimulator.toFixed(0)}×`,
      'mismatches sim/naive/compiled': `${s.mismatches.simulator}/${s.mismatches.naive}/${s.mismatches.compiled} of ${s.checked.simulator}/${s.checked.naive}/${s.checked.compiled}`,
    })),
  );
  const low = Math.min(...sets.map((s) => s.compiledFlowsPerCpuSecMedian));
  console.log(
    `  target: compiled network end to end, every answer checked against the trace ≥ 5,000,000 flows/s per core: lowest set ${fmt(low)} per CPU second ` +
      `(${low >= 5e6 ? 'met' : 'NOT met'}); load average now ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`,
  );
  return { sets };
}

// ---- 2. β′ city ----------------------------------------------------------------------------------

function randomFlows(t: Topology, size: number): FlowSet {
  const addrs: number[] = [];
  for (const n of t.nodes.values()) for (const i of n.interfaces.values()) if (i.address !== undefined && n.kind === 'host') addrs.push(i.address);
  const f = allocateFlowSet(size);
  const ports = [443, 80, 25, 3389, 53, 22, 445, 8080];
  for (let i = 0; i < size; i++) {
    const h = mix32(i + 1);
    f.src[i] = addrs[h % addrs.length]!;
    f.dst[i] = h % 11 === 0 ? mix32(h) : addrs[mix32(h ^ 0x5151) % addrs.length]!;
    f.proto[i] = h % 9 === 0 ? 17 : 6;
    f.srcPort[i] = 49152 + (h & 0x3fff);
    f.dstPort[i] = ports[mix32(h) % ports.length]!;
    f.start[i] = -1;
    f.count[i] = 1;
  }
  return f;
}

async function betaPrime(flowCount: number): Promise<{ topology: Topology; flows: FlowSet } | undefined> {
  const r = await loadTopology(path.join(repoRoot(), 'topologies/beta-prime-city.yaml'));
  if (!r.ok) {
    console.log('β′ city: skipped (topologies/beta-prime-city.yaml does not load)');
    return undefined;
  }
  return { topology: r.topology, flows: randomFlows(r.topology, flowCount) };
}

/** The single-thread job: median flows/s of evaluate over the flows (tinybench). The ceiling children run it too. */
export async function singleThreadJob(flowCount: number): Promise<number> {
  const city = await betaPrime(flowCount);
  if (!city) return 0;
  const net = compileNetwork(city.topology, defaultClassifierFactory());
  const table = net.startTable(city.flows);
  const bench = new Bench({ time: 0, warmupTime: 0, warmupIterations: 1, iterations: 5 });
  bench.add('evaluate', () => {
    for (let i = 0; i < city.flows.size; i++) net.evaluateFlow(city.flows, i, table);
  });
  const [task] = await bench.run();
  return medianRate(task, city.flows.size);
}

/** A child process of this bench: `ready` once it has printed `ready` (set-up done), `go` lets it start timing. */
interface Child {
  readonly ready: Promise<void>;
  go(): void;
  readonly done: Promise<string>;
}

function startChild(args: string[]): Child {
  const self = fileURLToPath(import.meta.url);
  const runner = self.endsWith('.ts') ? ['--import', 'tsx', self] : [self];
  const child = spawn(process.execPath, [...runner, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  child.stdin.on('error', () => undefined); // a child that never reads its input
  let out = '';
  let isReady = (): void => undefined;
  const ready = new Promise<void>((resolve) => (isReady = resolve));
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    if (out.includes('ready\n')) isReady();
  });
  const done = new Promise<string>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', () => {
      isReady();
      resolve(out);
    });
  });
  return { ready, go: () => child.stdin.end('go\n'), done };
}

function runChild(args: string[]): Promise<string> {
  const child = startChild(args);
  child.go();
  return child.done;
}

/**
 * The ceiling: two independent processes each running the single-thread end-to-end job. Both load,
 * compile and make their flows first and start timing together, so their timed runs overlap.
 */
async function ceilingPair(): Promise<{ rates: number[]; cpuRates: number[] }> {
  const children = [0, 1].map(() => startChild(['--end-to-end-job', String(POOL_FLOWS)]));
  await Promise.all(children.map((c) => c.ready));
  for (const c of children) c.go();
  const found = (await Promise.all(children.map((c) => c.done))).map((out) => /rate=(\d+) cpuRate=(\d+)/.exec(out));
  return { rates: found.map((m) => Number(m?.[1] ?? 0)), cpuRates: found.map((m) => Number(m?.[2] ?? 0)) };
}

/** Set-up done: say so and wait for the parent's `go` (or the end of input). */
async function readyAndWait(): Promise<void> {
  console.log('ready');
  await new Promise<void>((resolve) => {
    process.stdin.once('data', () => resolve());
    process.stdin.once('end', () => resolve());
  });
  process.stdin.destroy();
}

/** The ceiling child's job: median flows/s of runReplay on this thread over `flowCount` flows (3 runs), and per CPU second. */
async function endToEndJob(flowCount: number): Promise<{ rate: number; cpuRate: number }> {
  const loaded = await betaPrime(flowCount);
  if (!loaded) return { rate: 0, cpuRate: 0 };
  const network = compileNetwork(loaded.topology, defaultClassifierFactory());
  const cpuRates: number[] = [];
  await readyAndWait();
  const bench = new Bench({ time: 0, warmupTime: 0, warmupIterations: 0, iterations: 3 });
  bench.add('runReplay, this thread', async () => {
    const cpu = process.cpuUsage();
    await runReplay({ topology: loaded.topology, flows: loaded.flows, workers: 1, network });
    const used = process.cpuUsage(cpu);
    cpuRates.push(flowCount / ((used.user + used.system) / 1e6));
  });
  const [task] = await bench.run();
  return { rate: medianRate(task, flowCount), cpuRate: median(cpuRates) };
}

async function city(): Promise<CityFigures | undefined> {
  const loaded = await betaPrime(CITY_FLOWS);
  if (!loaded) return undefined;
  const { topology, flows } = loaded;
  const network = compileNetwork(topology, defaultClassifierFactory());
  const table = network.startTable(flows);
  const workers = os.availableParallelism();
  const cpuRates: number[] = [];
  const bench = new Bench({ time: 0, warmupTime: 0, warmupIterations: 1, iterations: 5 });
  bench.add('evaluate, one thread', () => {
    for (let i = 0; i < flows.size; i++) network.evaluateFlow(flows, i, table);
  });
  bench.add('runReplay, this thread (aggregation included)', async () => {
    const cpu = process.cpuUsage();
    await runReplay({ topology, flows, workers: 1, network });
    const used = process.cpuUsage(cpu);
    cpuRates.push(flows.size / ((used.user + used.system) / 1e6));
  });
  const [evalTask, e2eTask] = await bench.run();

  const big = randomFlows(topology, POOL_FLOWS);
  const pool = new Bench({ time: 0, warmupTime: 0, warmupIterations: 0, iterations: 3 });
  pool.add('runReplay, a pool of 1 worker (start-up included)', async () => {
    await runReplay({ topology, flows: big, workers: 1, forcePool: true, network });
  });
  pool.add(`runReplay, ${workers} workers (start-up included)`, async () => {
    await runReplay({ topology, flows: big, workers, network });
  });
  const [oneTask, nTask] = await pool.run();
  // The same runs on a pool opened once: start-up is paid before, as the ceiling's processes pay theirs
  // (loading, compiling, making flows) before they time anything.
  const opened = performance.now();
  const warm = openReplayPool(topology, workers);
  await warm.ready();
  const poolStartupMs = performance.now() - opened;
  const mainMs: number[] = [];
  const warmCpuRates: number[] = [];
  const childCpuRates: number[] = [];
  // Rounds of (3 runs on the open pool, then the 2-process ceiling), so both see the same load; the
  // target figure is the median of the rounds' ratios.
  const rounds: { pool: number; rates: number[]; ceiling: number }[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const runRates: number[] = [];
    for (let k = 0; k < 3; k++) {
      const elu = performance.eventLoopUtilization();
      const t0 = performance.now();
      const cpu = process.cpuUsage();
      await runReplay({ topology, flows: big, pool: warm, network });
      const wall = performance.now() - t0;
      const used = process.cpuUsage(cpu);
      runRates.push((POOL_FLOWS * 1000) / wall);
      warmCpuRates.push(POOL_FLOWS / ((used.user + used.system) / 1e6));
      mainMs.push(performance.eventLoopUtilization(elu).utilization * wall);
    }
    const pair = await ceilingPair();
    childCpuRates.push(...pair.cpuRates);
    rounds.push({ pool: median(runRates), rates: pair.rates, ceiling: pair.rates[0]! + pair.rates[1]! });
  }
  await warm.close();
  // Parallel results must equal the single-thread ones, on the same 10M flows, outcome for outcome.
  const single = await runReplay({ topology, flows: big, workers: 1, keepOutcomes: true });
  const parallel = await runReplay({ topology, flows: big, workers, keepOutcomes: true });
  const identical = sameTotals(single.totals, parallel.totals) && sameOutcomes(single.outcomes, parallel.outcomes) && parallel.complete;
  console.log(`  ${big.size.toLocaleString('en-US')} flows, 1 thread vs ${workers} workers: ${identical ? 'identical totals and per-flow outcomes' : 'RESULTS DIFFER'}`);
  if (!identical) process.exitCode = 1;
  const ceiling = median(rounds.map((r) => r.ceiling));
  const one = medianRate(oneTask, POOL_FLOWS);
  const many = medianRate(nTask, POOL_FLOWS);
  const figures: CityFigures = {
    flows: flows.size,
    poolFlows: POOL_FLOWS,
    evaluateFlowsPerSecMedian: medianRate(evalTask, flows.size),
    endToEndOneThreadFlowsPerSecMedian: medianRate(e2eTask, flows.size),
    endToEndOneThreadFlowsPerCpuSecMedian: median(cpuRates),
    oneWorkerFlowsPerSecMedian: one,
    workers,
    nWorkersFlowsPerSecMedian: many,
    twoProcessCeilingFlowsPerSec: ceiling,
    nWorkersOverOneWorker: many / one,
    nWorkersOverCeiling: many / ceiling,
    poolStartupMs,
    warmPoolFlowsPerSecMedian: median(rounds.map((r) => r.pool)),
    warmPoolOverCeiling: median(rounds.map((r) => r.pool / r.ceiling)),
    warmPoolMainThreadMsMedian: median(mainMs),
    warmPoolFlowsPerCpuSecMedian: median(warmCpuRates),
    ceilingFlowsPerCpuSec: median(childCpuRates),
  };
  const fmt = (v: number) => Math.round(v).toLocaleString('en-US');
  console.log(`β′ city, random flows (tinybench medians; flows/s):`);
  console.table([
    { measure: `evaluate only, one thread (${fmt(flows.size)} flows, 5 runs)`, 'flows/s': fmt(figures.evaluateFlowsPerSecMedian) },
    { measure: `end to end (runReplay, aggregation), this thread (${fmt(flows.size)} flows, 5 runs)`, 'flows/s': fmt(figures.endToEndOneThreadFlowsPerSecMedian) },
    { measure: '  the same per CPU second of this process', 'flows/s': fmt(figures.endToEndOneThreadFlowsPerCpuSecMedian) },
    { measure: `runReplay, a pool of 1 worker (${fmt(POOL_FLOWS)} flows, 3 runs, start-up included)`, 'flows/s': fmt(one) },
    { measure: `runReplay, ${workers} workers (${fmt(POOL_FLOWS)} flows, 3 runs, start-up included)`, 'flows/s': fmt(many) },
    { measure: `runReplay on an open pool of ${workers} workers (${fmt(POOL_FLOWS)} flows, median of ${ROUNDS} rounds of 3 runs; opened once in ${fmt(poolStartupMs)} ms)`, 'flows/s': fmt(figures.warmPoolFlowsPerSecMedian) },
    { measure: `ceiling: 2 independent processes timed together, end to end on one thread each (median of ${ROUNDS} rounds)`, 'flows/s': fmt(ceiling) },
  ]);
  rounds.forEach((r, i) =>
    console.log(`  round ${i + 1}: open pool ${fmt(r.pool)}, ceiling ${r.rates.map(fmt).join(' + ')} = ${fmt(r.ceiling)}, ratio ${(r.pool / r.ceiling).toFixed(2)}`),
  );
  console.log(`  ratios: ${workers} workers / 1 worker = ${figures.nWorkersOverOneWorker.toFixed(2)}; ${workers} workers / 2-process ceiling = ${figures.nWorkersOverCeiling.toFixed(2)} (start-up included)`);
  const met = figures.warmPoolOverCeiling >= 0.85 ? 'met' : 'NOT met';
  console.log(
    `  target: open pool of ${workers} workers / 2-process ceiling = ${figures.warmPoolOverCeiling.toFixed(2)}, median of the rounds' ratios (target ≥ 0.85: ${met}); ` +
      `load average now ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`,
  );
  console.log(
    `  per CPU second (all threads of the process): open pool ${fmt(figures.warmPoolFlowsPerCpuSecMedian)}, ceiling's processes ${fmt(figures.ceilingFlowsPerCpuSec)} ` +
      `(${(figures.warmPoolFlowsPerCpuSecMedian / figures.ceilingFlowsPerCpuSec).toFixed(2)}); main thread's event loop busy ${fmt(figures.warmPoolMainThreadMsMedian)} ms per run ` +
      `(median; includes time spent waiting for a CPU when the machine is loaded)`,
  );
  return figures;
}

// ---- 3. Peak RSS for 10M flows ---------------------------------------------------------------------

async function rss10M(): Promise<ReplayBenchFigures['rss10M']> {
  const out = await runChild(['--rss-job', String(RSS_FLOWS)]);
  const m = /flows=(\d+) workers=(\d+) rate=(\d+) rssMb=(\d+)/.exec(out);
  if (!m) {
    console.log(`10M flows: no result from the child (${out.trim()})`);
    return undefined;
  }
  const figures = { flows: Number(m[1]), workers: Number(m[2]), flowsPerSec: Number(m[3]), peakRssMb: Number(m[4]) };
  console.log(`10M flows in a child process: ${figures.workers} workers, ${Math.round(figures.flowsPerSec).toLocaleString('en-US')} flows/s, peak RSS ${figures.peakRssMb} MB (target < 1536 MB)`);
  return figures;
}

async function rssJob(flowCount: number): Promise<void> {
  const loaded = await betaPrime(flowCount);
  if (!loaded) return;
  const start = performance.now();
  const r = await runReplay({ topology: loaded.topology, flows: loaded.flows });
  const seconds = (performance.now() - start) / 1000;
  const rssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  console.log(`flows=${r.totals.flows} workers=${r.workers} rate=${Math.round(r.totals.flows / seconds)} rssMb=${rssMb}`);
}

export async function runReplayBench(): Promise<ReplayBenchFigures> {
  const loadBefore = os.loadavg();
  console.log(`load average ${loadBefore.map((x) => x.toFixed(2)).join(' ')} on ${os.availableParallelism()} CPUs: wall-clock figures are medians and shrink under load`);
  const cb = await classbench();
  if (cb.skipped) console.log(cb.skipped);
  const cityFigures = await city();
  const rss = await rss10M();
  return { classbench: cb.sets, classbenchSkipped: cb.skipped, city: cityFigures, rss10M: rss, loadAverage: loadBefore };
}

const invokedDirectly = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  const job = process.argv.indexOf('--single-job');
  const rss = process.argv.indexOf('--rss-job');
  const endToEnd = process.argv.indexOf('--end-to-end-job');
  if (process.argv.includes('--classbench')) {
    // Section 1 alone (`node --expose-gc dist/bench/replay.js --classbench`): the city and 10M-flow
    // sections take minutes of both cores, too much to repeat while tuning the one-firewall path.
    console.log(`load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')} on ${os.availableParallelism()} CPUs`);
    const cb = await classbench();
    if (cb.skipped) console.log(cb.skipped);
    if (cb.sets.some((s) => s.mismatches.simulator + s.mismatches.naive + s.mismatches.compiled > 0)) {
      console.error('MISMATCHES against the expected ClassBench rule');
      process.exitCode = 1;
    }
  } else if (endToEnd >= 0) {
    const r = await endToEndJob(Number(process.argv[endToEnd + 1]));
    console.log(`rate=${Math.round(r.rate)} cpuRate=${Math.round(r.cpuRate)}`);
  }
  else if (job >= 0) console.log(`rate=${Math.round(await singleThreadJob(Number(process.argv[job + 1])))}`);
  else if (rss >= 0) await rssJob(Number(process.argv[rss + 1]));
  else {
    const figures = await runReplayBench();
    if (figures.classbench.some((s) => s.mismatches.simulator + s.mismatches.naive + s.mismatches.compiled > 0)) {
      console.error('MISMATCHES against the expected ClassBench rule');
      process.exitCode = 1;
    }
  }
}

function sameTotals(a: ReplayTotals, b: ReplayTotals): boolean {
  const same = (x: Float64Array, y: Float64Array) => x.length === y.length && x.every((v, i) => v === y[i]);
  return a.flows === b.flows && a.weight === b.weight && same(a.dispositions, b.dispositions) && same(a.matrix, b.matrix) && same(a.ruleHits, b.ruleHits);
}

function sameOutcomes(a: FlowOutcomes | undefined, b: FlowOutcomes | undefined): boolean {
  if (!a || !b) return false;
  const same = (x: ArrayLike<number>, y: ArrayLike<number>) => {
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
    return true;
  };
  return same(a.disposition, b.disposition) && same(a.rule, b.rule) && same(a.finalNode, b.finalNode);
}
