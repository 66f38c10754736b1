/**
 * Symbolic reachability benchmark: time to compute exactly what the Internet / INET can reach, and whether
 * any of it reaches MN, on
 * 1. every reference network in topologies/ (target: a prefecture-scale reference under 1 s);
 * 2. generated municipalities of growing size: 10, 50, 100, 200 firewalls × 100 .. 10k rules each
 *    (target: 100 firewalls × 1k rules under 10 s);
 * 3. beside the small instances, brute force: every flow of a small header space (each source host's
 *    address × every MN address × a handful of services) traced one by one through the simulator, which
 *    covers a sliver of what the symbolic run proves for all 2^120 headers.
 * Cold = first run on a freshly loaded topology (compiles route tables, ACL sets); warm = median over
 * further runs (tinybench). Run: `npx tsx bench/symbolic.ts` (SYMBOLIC_BENCH_QUICK=1 skips sizes of 100k
 * rules and more; SYMBOLIC_BENCH_HUGE=1 adds 200 firewalls × 10k rules).
 */
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { repoRoot } from './support.js';
import { fileURLToPath } from 'node:url';
import { Bench } from 'tinybench';
import { stringify } from 'yaml';
import { buildForwarding } from '../src/engine/routing.js';
import { traceFlow } from '../src/engine/simulate.js';
import { isReached } from '../src/engine/disposition.js';
import { interfaceRange } from '../src/engine/routing.js';
import { makeHeader } from '../src/engine/flow.js';
import { PROTO } from '../src/net/ports.js';
import { formatIpv4 } from '../src/net/ipv4.js';
import type { PacketHeader } from '../src/net/header.js';
import { aclPermitSet } from '../src/symbolic/acl-set.js';
import { loadTopology, loadTopologyText } from '../src/topology/load.js';
import type { Topology, ZoneClass } from '../src/topology/model.js';
import { generateMunicipality } from '../src/topology/generate/municipality.js';
import { uniqueTableSize } from '../src/symbolic/idd.js';
import { HeaderSet } from '../src/symbolic/header-set.js';
import { computeReachability, zoneSource, type ReachabilityResult, type SymbolicSource } from '../src/symbolic/reachability.js';
import { witnessFor } from '../src/symbolic/witness.js';

const root = repoRoot();

function zonesOf(t: Topology, classes: readonly ZoneClass[]): string[] {
  return [...t.zones.values()].filter((z) => classes.includes(z.class)).map((z) => z.name);
}

/** The source of the isolation question: every host and external of the Internet and INET zones. */
function untrustedSource(t: Topology): SymbolicSource {
  const sources = zonesOf(t, ['INTERNET', 'INET']).map((z) => zoneSource(t, z));
  return { starts: sources.flatMap((s) => s.starts), headers: HeaderSet.unionAll(sources.map((s) => s.headers)) };
}

function mnReached(t: Topology, r: ReachabilityResult): string[] {
  const mn = new Set(zonesOf(t, ['MN', 'MN_GC']));
  return [r.delivered, r.exits, r.terminated].flatMap((m) => [...m.keys()].filter((n) => mn.has(t.nodes.get(n)?.zone ?? '')));
}

async function timeSymbolic(label: string, t: Topology, warmRuns: number): Promise<{ coldMs: number; warmMs: number; result: ReachabilityResult }> {
  const source = untrustedSource(t);
  const t0 = performance.now();
  const result = computeReachability(t, source);
  const coldMs = performance.now() - t0;
  let warmMs = coldMs;
  if (warmRuns > 0) {
    const bench = new Bench({ iterations: warmRuns, time: 0, warmupIterations: 0, warmupTime: 0 });
    bench.add(label, () => {
      computeReachability(t, source);
    });
    await bench.run();
    const res = bench.tasks[0]?.result;
    if (res && 'latency' in res) warmMs = res.latency.p50;
  }
  return { coldMs, warmMs, result };
}

/** Brute force over a small header space; returns flows traced, flows reaching MN, and time. */
function bruteForce(t: Topology, maxFlows: number): { flows: number; reachingMn: number; ms: number; missedBySymbolic: number; symbolic: ReachabilityResult } {
  const symbolic = computeReachability(t, untrustedSource(t));
  const forwarding = buildForwarding(t);
  const untrusted = new Set(zonesOf(t, ['INTERNET', 'INET']));
  const mn = new Set(zonesOf(t, ['MN', 'MN_GC']));
  const starts = [...t.nodes.values()].filter((n) => untrusted.has(n.zone) && (n.kind === 'host' || n.kind === 'external'));
  const targets: number[] = [];
  for (const n of t.nodes.values()) {
    if (!mn.has(n.zone)) continue;
    for (const i of n.interfaces.values()) {
      const r = interfaceRange(n, i);
      if (r) for (let a = r[0]; a <= Math.min(r[1], r[0] + 3); a++) targets.push(a);
    }
  }
  const services = [
    { protocol: PROTO.tcp, dstPort: 22 }, { protocol: PROTO.tcp, dstPort: 80 }, { protocol: PROTO.tcp, dstPort: 443 },
    { protocol: PROTO.tcp, dstPort: 445 }, { protocol: PROTO.tcp, dstPort: 3389 }, { protocol: PROTO.udp, dstPort: 53 }, { protocol: PROTO.icmp },
  ];
  let flows = 0;
  let reachingMn = 0;
  let missedBySymbolic = 0;
  const t0 = performance.now();
  // An equal share of the cap per service; sources innermost, so every source meets the first targets.
  const perService = Math.ceil(maxFlows / services.length);
  for (const s of services) {
    let flowsOfService = 0;
    service: for (const dst of targets) {
      for (const start of starts) {
        const src = [...start.interfaces.values()].find((i) => i.address !== undefined)?.address;
        if (src === undefined) continue;
        if (flowsOfService >= perService) break service;
        flowsOfService++;
        flows++;
        const header = makeHeader(src, dst, s);
        const reached = traceFlow(t, { header, start: { type: 'node', node: start.name } }, { forwarding }).filter((tr) => isReached(tr.disposition) && mn.has(t.nodes.get(tr.at)?.zone ?? ''));
        if (reached.length === 0) continue;
        reachingMn++;
        for (const tr of reached) {
          const arrival = symbolic.delivered.get(tr.at) ?? symbolic.terminated.get(tr.at) ?? symbolic.exits.get(tr.at);
          const last = tr.hops[tr.hops.length - 1];
          if (!arrival || !last || !arrival.headers.contains(last.header)) missedBySymbolic++;
        }
      }
    }
  }
  return { flows, reachingMn, ms: performance.now() - t0, missedBySymbolic, symbolic };
}

async function referenceFiles(): Promise<string[]> {
  const dir = path.join(root, 'topologies');
  const out: string[] = [];
  const walk = async (d: string) => {
    for (const e of await readdir(d, { withFileTypes: true }).catch(() => [])) {
      if (e.isDirectory() && e.name !== 'broken' && e.name !== 'parts') await walk(path.join(d, e.name));
      else if (e.isFile() && e.name.endsWith('.yaml')) out.push(path.join(d, e.name));
    }
  };
  await walk(dir);
  // Re-addressing plans (a top-level `plan:` version key) live beside the topologies they renumber.
  const texts = await Promise.all(out.map((f) => readFile(f, 'utf8')));
  return out.filter((_, i) => !/^plan:/m.test(texts[i] as string)).sort();
}

function formatHeader(h: PacketHeader): string {
  const proto = h.protocol === PROTO.tcp ? 'tcp' : h.protocol === PROTO.udp ? 'udp' : h.protocol === PROTO.icmp ? 'icmp' : String(h.protocol);
  return `${formatIpv4(h.src)} -> ${formatIpv4(h.dst)} ${proto}${h.protocol === PROTO.tcp || h.protocol === PROTO.udp ? `/${h.dstPort}` : ''}`;
}

const fmt = (ms: number) => (ms < 10 ? ms.toFixed(2) : ms < 1000 ? ms.toFixed(1) : ms.toFixed(0));

export async function runSymbolicBench(): Promise<void> {
  const quick = process.env.SYMBOLIC_BENCH_QUICK === '1';
  console.log('symbolic reachability: INTERNET+INET → everything; MN reached?');
  console.log('\n1. reference networks');
  console.log('network | nodes | rules | cold ms | warm p50 ms | steps | MN nodes reached');
  for (const file of await referenceFiles()) {
    const loaded = await loadTopology(file);
    if (!loaded.ok) {
      console.log(`${path.relative(root, file)} | does not load (${loaded.diagnostics.length} diagnostics)`);
      continue;
    }
    const t = loaded.topology;
    const rules = [...t.nodes.values()].reduce((n, x) => n + ('acls' in x ? x.acls.reduce((m, a) => m + a.rules.length, 0) : 0), 0);
    const { coldMs, warmMs, result } = await timeSymbolic(file, t, 10);
    const reached = mnReached(t, result);
    const firstReached = reached[0];
    const firstArrival = firstReached === undefined ? undefined : (result.delivered.get(firstReached) ?? result.terminated.get(firstReached) ?? result.exits.get(firstReached));
    const w = firstReached !== undefined && firstArrival ? witnessFor(t, firstReached, firstArrival, { source: untrustedSource(t) }) : undefined;
    console.log(`${path.relative(root, file)} | ${t.nodes.size} | ${rules} | ${fmt(coldMs)} | ${fmt(warmMs)} | ${result.steps} | ${reached.length === 0 ? 'none' : `${reached.join(', ')} (e.g. ${w ? JSON.stringify(w.flow) : '?'})`}`);
  }

  console.log('\n2. generated municipalities (beta-prime, 3000 staff)');
  console.log('instance | firewalls | rules in model | generate+load ms | all ACL sets ms | reach cold ms | reach warm p50 ms | steps | IDD nodes (cumulative) | MN reached');
  const grid: { label: string; options: Parameters<typeof generateMunicipality>[0] }[] = [
    ...(
      [
        [10, 100], [10, 1000], [10, 10_000],
        [50, 100], [50, 1000],
        [100, 100], [100, 1000],
        [200, 100], [200, 1000], [200, 10_000],
      ] as const
    ).map(([firewalls, rules]) => ({ label: `${firewalls}fw x ${rules}`, options: { staff: 3000, model: 'beta-prime' as const, seed: 7, firewalls, rulesPerFirewall: rules } })),
    { label: 'prefecture-scale (23000 staff, defaults)', options: { staff: 23_000, model: 'beta-prime', seed: 7 } },
    { label: 'leaky: acl-opens-mn', options: { staff: 3000, model: 'beta-prime', seed: 7, firewalls: 10, rulesPerFirewall: 100, insecure: 'acl-opens-mn' } },
  ];
  const small: { label: string; t: Topology }[] = [];
  for (const { label, options } of grid) {
    const nominal = (options.firewalls ?? 0) * (options.rulesPerFirewall ?? 0);
    if (quick && (nominal >= 100_000 || (options.firewalls ?? 0) >= 200)) continue;
    // 2M rules take far longer to generate and load (YAML) than to analyse: opt in.
    if (nominal > 200_000 && process.env.SYMBOLIC_BENCH_HUGE !== '1') {
      console.log(`${label} | skipped (set SYMBOLIC_BENCH_HUGE=1)`);
      continue;
    }
    const g0 = performance.now();
    const file = generateMunicipality(options);
    const loaded = await loadTopologyText(stringify(file), `generated.yaml`);
    const loadMs = performance.now() - g0;
    if (!loaded.ok) {
      console.log(`${label} | does not load: ${loaded.diagnostics[0]?.message ?? '?'}`);
      continue;
    }
    const t = loaded.topology;
    const filters = [...t.nodes.values()].filter((n) => n.kind === 'firewall' || n.kind === 'router');
    const acls = filters.flatMap((n) => ('acls' in n ? n.acls : []));
    const rules = acls.reduce((m, a) => m + a.rules.length, 0);
    const a0 = performance.now();
    for (const acl of acls) aclPermitSet(acl);
    const aclMs = performance.now() - a0;
    const { coldMs, warmMs, result } = await timeSymbolic(label, t, rules <= 100_000 ? 5 : 1);
    const reached = mnReached(t, result);
    const first = reached[0];
    const arrival = first === undefined ? undefined : (result.delivered.get(first) ?? result.terminated.get(first) ?? result.exits.get(first));
    const w = first !== undefined && arrival ? witnessFor(t, first, arrival, { source: untrustedSource(t) }) : undefined;
    const what = reached.length === 0 ? '0' : `${reached.length}: e.g. ${first} by ${w ? `${w.flow.start.type === 'node' ? w.flow.start.node : w.flow.start.segment} ${formatHeader(w.flow.header)}` : '?'}`;
    console.log(`${label} | ${filters.filter((n) => n.kind === 'firewall').length} | ${rules} | ${fmt(loadMs)} | ${fmt(aclMs)} | ${fmt(coldMs)} | ${fmt(warmMs)} | ${result.steps} | ${uniqueTableSize()} | ${what}`);
    if (rules <= 10_000) small.push({ label, t });
  }

  console.log('\n3. brute force over a small header space vs symbolic (all 2^120 headers)');
  console.log('instance | flows traced | brute-force ms | ms per flow | flows reaching MN | of them outside the symbolic set | symbolic ms (tables warm)');
  for (const { label, t } of small) {
    const bf = bruteForce(t, 50_000);
    const t0 = performance.now();
    computeReachability(t, untrustedSource(t));
    console.log(`${label} | ${bf.flows} | ${fmt(bf.ms)} | ${(bf.ms / Math.max(1, bf.flows)).toFixed(3)} | ${bf.reachingMn} | ${bf.missedBySymbolic} | ${fmt(performance.now() - t0)}`);
  }
}

const invokedDirectly = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) await runSymbolicBench();
