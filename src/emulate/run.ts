/**
 * Carrying out plans on the kernel: create the namespaces, the fabric and every node's addresses, routes,
 * sysctls and nftables; start responders; send the probes in rounds (each within a budget of the kernel's shared
 * neighbour table, paced in time: neighbours.ts); read where each was delivered; compare
 * with the simulator; collect counters for disagreements; tear everything down (unless kept).
 *
 * Several topologies can share one run (`units`): each gets its own namespaces and fabric, which is how many
 * small topologies are checked in one build.
 */
import { performance } from 'node:perf_hooks';
import type { ChildProcess } from 'node:child_process';
import { PROTO, protocolName } from '../net/ports.js';
import type { Topology } from '../topology/model.js';
import { AGENT_SOURCE } from './agent.js';
import { PERL_PROBER_SOURCE, parsePerlProberOutput, perlProberInput, type ProbeJob } from './perl-prober.js';
import { fabricBatch, nodeBatch } from './commands.js';
import { kernelAgrees, type Comparison, type KernelVerdict, type VerdictFunction } from './compare.js';
import { hasProgram, inParallel, run, runInNamespace, spawnInNamespace } from './exec.js';
import { newRunPrefix } from './names.js';
import { RunGuard, removeRunNamespaces, removeStaleRuns } from './namespaces.js';
import { forgetRun, recordRun } from './registry.js';
import { NeighbourPacer, neighbourNeeds, roundNeighbourBudget, type NeighbourNeeds } from './neighbours.js';
import { planEmulation, type EmulationPlan, type NodePlan } from './plan.js';
import type { Probe } from './probe.js';
import { RECORDER_SET_ICMP, RECORDER_SET_L4, RECORDER_TABLE } from './nft.js';

export interface EmulationUnit {
  readonly topology: Topology;
  readonly probes: readonly Probe[];
  /** Needed when a run holds several units; short (namespace names). */
  readonly tag?: string | undefined;
  readonly verdict?: VerdictFunction | undefined;
  /** Neighbour entries each probe needs (neighbours.ts); default: from the simulator's traces. */
  readonly neighbours?: NeighbourNeeds | undefined;
}

export const BUILD_STEPS = ['namespaces', 'sysctls', 'fabric', 'addresses-and-routes', 'nftables', 'responders'] as const;
export type BuildStep = (typeof BUILD_STEPS)[number];

export interface RunOptions {
  readonly prefix?: string | undefined;
  /** Leave the namespaces in place after the run. */
  readonly keep?: boolean | undefined;
  readonly probeTimeoutMs?: number | undefined;
  /** Parallel `ip`/`nft` commands while building. */
  readonly buildConcurrency?: number | undefined;
  /** Disagreements re-sent one by one with nft counters for evidence (the rest are reported without). */
  readonly explainLimit?: number | undefined;
  /** Start TCP/UDP responders (evidence of replies; the verdict does not need them). Default true. */
  readonly responders?: boolean | undefined;
  /** Test hook: fail right after this build step, to check that a failed build is cleaned up. */
  readonly failAfterStep?: BuildStep | undefined;
  /** Neighbour (ARP) entries one round may need across all namespaces; default half the kernel's gc_thresh3. */
  readonly neighbourBudget?: number | undefined;
  /**
   * Which prober sends a round's probes in each sender namespace: `perl` (perl-prober.ts, cheap to start) or
   * `node` (agent.ts, its twin). Default: SEGPROOF_PROBER, else perl where it is installed, else node.
   */
  readonly prober?: Prober | undefined;
  /** Stops the run (between steps and rounds; running agents are killed) and tears it down. */
  readonly signal?: AbortSignal | undefined;
  readonly log?: ((line: string) => void) | undefined;
}

export type Prober = 'perl' | 'node';

export function defaultProber(): Prober {
  const chosen = process.env.SEGPROOF_PROBER;
  if (chosen === 'perl' || chosen === 'node') return chosen;
  return hasProgram('perl') ? 'perl' : 'node';
}

export interface RunTimings {
  readonly namespaces: number;
  readonly buildMs: number;
  readonly probeMs: number;
  readonly teardownMs: number;
  readonly probes: number;
  readonly rounds: number;
  readonly probesPerSecond: number;
}

export interface EmulationResult {
  readonly prefix: string;
  readonly plans: readonly EmulationPlan[];
  readonly comparisons: readonly Comparison[];
  /** Kernel verdicts, per unit, in probe order. */
  readonly kernel: readonly (readonly KernelVerdict[])[];
  readonly timings: RunTimings;
  readonly kept: boolean;
  /** Namespaces of this run still present after teardown (should be empty unless kept). */
  readonly leftover: readonly string[];
  /** Namespaces of earlier runs whose process had died without removing them, removed before this run. */
  readonly debrisRemoved: readonly string[];
}

interface Sent {
  readonly unit: number;
  readonly probe: Probe;
  /** ICMP echo id used in its round. */
  readonly echoId: number;
}

export interface RoundLimits {
  /** Neighbour entries each unit's probes need (keys distinct per unit are made so here). */
  readonly needs: readonly (NeighbourNeeds | undefined)[];
  /** Most distinct neighbour entries one round may need. */
  readonly budget: number;
}

/**
 * Splits probes into rounds in which (protocol, source port) identify a probe at its destination, per unit,
 * and (with limits) no round needs more neighbour entries than the budget: a probe needing more than the
 * budget on its own gets a round to itself.
 */
export function assignRounds(units: readonly { readonly probes: readonly Probe[] }[], limits?: RoundLimits): Sent[][] {
  const rounds: { sent: Sent[]; sports: Set<string>; dports: Set<string>; echo: Map<number, number>; neighbours: Set<string> }[] = [];
  units.forEach((unit, u) => {
    const needs = limits?.needs[u];
    for (const probe of unit.probes) {
      const isIcmp = probe.protocol === PROTO.icmp;
      const sport = `${u}|${probe.protocol}|${probe.srcPort}`;
      const dport = `${u}|${probe.protocol}|${probe.dstPort}`;
      const wanted = needs ? needs(probe).map((k) => `${u}|${k}`) : [];
      const fits = (r: (typeof rounds)[number]) => {
        if (!limits || r.sent.length === 0) return true;
        let added = 0;
        for (const k of wanted) if (!r.neighbours.has(k)) added++;
        return r.neighbours.size + added <= limits.budget;
      };
      let round = rounds.find((r) =>
        (isIcmp ? (r.echo.get(u) ?? 0) < 65535 : !r.sports.has(sport) && !r.dports.has(sport) && !r.sports.has(dport)) && fits(r),
      );
      if (!round) {
        round = { sent: [], sports: new Set(), dports: new Set(), echo: new Map(), neighbours: new Set() };
        rounds.push(round);
      }
      for (const k of wanted) round.neighbours.add(k);
      let echoId = 0;
      if (isIcmp) {
        echoId = (round.echo.get(u) ?? 0) + 1;
        round.echo.set(u, echoId);
      } else {
        round.sports.add(sport);
        round.dports.add(dport);
      }
      round.sent.push({ unit: u, probe, echoId });
    }
  });
  return rounds.map((r) => r.sent);
}

interface Recorded {
  readonly protocol: number;
  readonly src: string;
  readonly sportOrId: number;
  readonly dst: string;
  readonly dport: number;
}

const PROTO_BY_NAME: Readonly<Record<string, number>> = { tcp: PROTO.tcp, udp: PROTO.udp, icmp: PROTO.icmp };

/** Elements of the recorder sets from `nft -j list table inet segproof_probe`. */
export function parseRecorder(json: string): Recorded[] {
  const out: Recorded[] = [];
  const doc = JSON.parse(json) as { nftables?: { set?: { name: string; elem?: unknown[] } }[] };
  for (const item of doc.nftables ?? []) {
    const set = item.set;
    if (!set?.elem) continue;
    for (const raw of set.elem) {
      const e = raw as { concat?: unknown[]; elem?: { val?: { concat?: unknown[] } } };
      const c = e.concat ?? e.elem?.val?.concat;
      if (!c) continue;
      if (set.name === RECORDER_SET_L4) {
        const proto = typeof c[1] === 'number' ? c[1] : (PROTO_BY_NAME[String(c[1])] ?? -1);
        out.push({ protocol: proto, src: String(c[0]), sportOrId: Number(c[2]), dst: String(c[3]), dport: Number(c[4]) });
      } else if (set.name === RECORDER_SET_ICMP) {
        out.push({ protocol: PROTO.icmp, src: String(c[0]), dst: String(c[1]), sportOrId: Number(c[2]), dport: 0 });
      }
    }
  }
  return out;
}

interface CounterLine {
  readonly packets: number;
  readonly text: string;
}

/** Rules with counters from `nft -a list table`, keyed by chain and handle. */
export function parseCounters(listing: string): Map<string, CounterLine> {
  const out = new Map<string, CounterLine>();
  let chain = '';
  for (const raw of listing.split('\n')) {
    const line = raw.trim();
    const c = /^chain (\S+)/.exec(line);
    if (c) chain = c[1] as string;
    const m = /counter packets (\d+) bytes \d+/.exec(line);
    const h = /# handle (\d+)$/.exec(line);
    if (m && h) out.set(`${chain}#${h[1]}`, { packets: Number(m[1]), text: `${chain}: ${line.replace(/\s*# handle \d+$/, '').replace(/counter packets \d+ bytes \d+ /, '')}` });
  }
  return out;
}

class Emulation {
  readonly prefix: string;
  readonly guard: RunGuard;
  readonly plans: EmulationPlan[];
  private readonly responders: ChildProcess[] = [];
  readonly log: (line: string) => void;

  constructor(
    readonly units: readonly EmulationUnit[],
    readonly options: RunOptions,
  ) {
    this.prefix = options.prefix ?? newRunPrefix();
    this.guard = new RunGuard(this.prefix);
    this.log = options.log ?? (() => undefined);
    this.plans = units.map((u) => planEmulation(u.topology, { prefix: this.prefix, probes: u.probes, tag: u.tag }));
  }

  private get concurrency(): number {
    return this.options.buildConcurrency ?? 16;
  }

  private step(done: BuildStep): void {
    this.log(`built: ${done}`);
    if (this.options.failAfterStep === done) throw new Error(`injected failure after build step "${done}"`);
    this.options.signal?.throwIfAborted();
  }

  private allNodes(): NodePlan[] {
    return this.plans.flatMap((p) => p.nodes);
  }

  async build(): Promise<void> {
    const nodes = this.allNodes();
    const namespaces = [...this.plans.map((p) => p.fabricNamespace), ...nodes.map((n) => n.namespace)];
    await run('ip', ['-batch', '-'], namespaces.map((ns) => `netns add ${ns}\n`).join(''));
    this.step('namespaces');
    // Sysctls first: interfaces created into a namespace take its `default` settings (rp_filter off, no IPv6).
    await inParallel(namespaces, this.concurrency, (ns) => {
      const node = nodes.find((n) => n.namespace === ns);
      const settings = node ? node.sysctls.map(([k, v]) => `${k}=${v}`) : ['net.ipv4.ip_forward=0', 'net.ipv6.conf.all.disable_ipv6=1', 'net.ipv6.conf.default.disable_ipv6=1'];
      return runInNamespace(ns, 'sysctl', ['-q', '-w', ...settings]);
    });
    this.step('sysctls');
    await inParallel(this.plans, this.concurrency, (plan) => run('ip', ['-n', plan.fabricNamespace, '-batch', '-'], `${fabricBatch(plan).join('\n')}\n`));
    this.step('fabric');
    await inParallel(nodes, this.concurrency, async (n) => {
      await run('ip', ['-n', n.namespace, '-batch', '-'], `${nodeBatch(n).join('\n')}\n`);
    });
    this.step('addresses-and-routes');
    await inParallel(nodes, this.concurrency, (n) => runInNamespace(n.namespace, 'nft', ['-f', '-'], n.nft));
    this.step('nftables');
    await inParallel(
      nodes.filter((n) => n.listeners.length > 0 && this.options.responders !== false),
      this.concurrency,
      (n) => this.startResponder(n),
    );
    this.step('responders');
  }

  private startResponder(n: NodePlan): Promise<void> {
    return new Promise((resolve, reject) => {
      const child = spawnInNamespace(n.namespace, process.execPath, ['-e', AGENT_SOURCE, 'listen']);
      this.guard.track(child);
      this.responders.push(child);
      let out = '';
      let err = '';
      child.stdout?.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('ready')) resolve();
      });
      child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
      child.on('exit', (code) => reject(new Error(`responder in ${n.namespace} exited (${code}): ${err.trim()}`)));
      child.stdin?.write(`${JSON.stringify(n.listeners)}\n`);
    });
  }

  private runAgent(namespace: string, job: ProbeJob): Promise<{ id: number; outcome: string }[]> {
    const perl = (this.options.prober ?? defaultProber()) === 'perl';
    return new Promise((resolve, reject) => {
      const child = perl ? spawnInNamespace(namespace, 'perl', ['-e', PERL_PROBER_SOURCE]) : spawnInNamespace(namespace, process.execPath, ['-e', AGENT_SOURCE, 'probe']);
      this.guard.track(child);
      let out = '';
      let err = '';
      child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
      child.on('error', reject);
      // 'close', not 'exit': only then has all of stdout been read.
      child.on('close', (code) => {
        if (code !== 0) return reject(new Error(`prober in ${namespace} exited (${code}): ${err.trim()}`));
        try {
          resolve(perl ? parsePerlProberOutput(out) : (JSON.parse(out) as { id: number; outcome: string }[]));
        } catch {
          reject(new Error(`prober in ${namespace} printed no result: ${out.slice(0, 200)} ${err.trim()}`));
        }
      });
      child.stdin?.end(perl ? perlProberInput(job) : JSON.stringify(job));
    });
  }

  private namespaceOf(unit: number, node: string): string | undefined {
    return this.plans[unit]?.nodes.find((n) => n.node === node)?.namespace;
  }

  /** Sends one round; returns the kernel verdict per sent probe. */
  async sendRound(round: readonly Sent[], flush = true): Promise<KernelVerdict[]> {
    const timeoutMs = this.options.probeTimeoutMs ?? 500;
    const bySource = new Map<string, Sent[]>();
    for (const s of round) {
      const ns = this.namespaceOf(s.unit, s.probe.from);
      if (ns === undefined) throw new Error(`probe #${s.probe.id} starts at unknown node "${s.probe.from}"`);
      const list = bySource.get(ns);
      if (list) list.push(s);
      else bySource.set(ns, [s]);
    }
    const agentOutcome = new Map<Sent, string>();
    // Agents mostly wait for timeouts, so every source sends at once.
    await inParallel([...bySource.entries()], 64, async ([ns, sent]) => {
      const job = {
        timeoutMs,
        concurrency: 64,
        probes: sent.map((s, i) => ({ id: i, src: s.probe.src, dst: s.probe.dst, protocol: s.probe.protocol, srcPort: s.probe.srcPort, dstPort: s.probe.dstPort, echoId: s.echoId })),
      };
      for (const r of await this.runAgent(ns, job)) {
        const s = sent[r.id];
        if (s) agentOutcome.set(s, r.outcome);
      }
    });
    this.log(`round: ${round.length} probes sent from ${bySource.size} namespaces`);
    // Where did each probe arrive? Read (and empty) the recorders of every namespace in the units involved.
    const unitsInRound = new Set(round.map((s) => s.unit));
    const targets = [...unitsInRound].flatMap((u) => (this.plans[u]?.nodes ?? []).map((n) => ({ unit: u, node: n })));
    const recorded = await inParallel(targets, this.concurrency, async (t) => {
      const json = await runInNamespace(t.node.namespace, 'nft', ['-j', 'list', 'table', 'inet', RECORDER_TABLE]);
      if (flush) await runInNamespace(t.node.namespace, 'nft', ['-f', '-'], `flush set inet ${RECORDER_TABLE} ${RECORDER_SET_L4}\nflush set inet ${RECORDER_TABLE} ${RECORDER_SET_ICMP}\n`);
      return { ...t, records: parseRecorder(json) };
    });
    this.log('round: recorders read');
    return round.map((s) => {
      const key = s.probe.protocol === PROTO.icmp ? s.echoId : s.probe.srcPort;
      const arrivedAt: string[] = [];
      const seen: string[] = [];
      for (const r of recorded) {
        if (r.unit !== s.unit) continue;
        // Round assignment keeps replies apart from probes, except the reply of a probe whose ports are equal.
        const mayBeReply = s.probe.protocol !== PROTO.icmp && s.probe.srcPort === s.probe.dstPort && r.node.node === s.probe.from;
        const hit = r.records.find((x) => x.protocol === s.probe.protocol && x.sportOrId === key && !mayBeReply);
        if (!hit) continue;
        arrivedAt.push(r.node.node);
        const what = s.probe.protocol === PROTO.icmp ? `icmp echo id ${hit.sportOrId}` : `${protocolName(hit.protocol)} ${hit.sportOrId} → ${hit.dport}`;
        seen.push(`${hit.src} → ${hit.dst} ${what} at ${r.node.node}`);
      }
      const agent = agentOutcome.get(s);
      // No packet left the sender: no kernel verdict (never a disagreement), with the reason.
      const notSent = agent === undefined ? 'the prober reported no outcome for it' : agent.startsWith('not-sent:') ? agent.slice('not-sent:'.length) : undefined;
      return { arrivedAt, agent: agent ?? 'not sent', seen, ...(notSent === undefined ? {} : { notSent }) };
    });
  }

  /** Re-sends one probe alone and lists the nft rules whose counters it moved in its unit's nodes. */
  async explain(unit: number, probe: Probe): Promise<string[]> {
    const nodes = (this.plans[unit]?.nodes ?? []).filter((n) => n.policyNft !== undefined);
    const snapshot = () =>
      inParallel(nodes, this.concurrency, async (n) => {
        const [family, table] = n.role === 'gateway' ? ['inet', 'segproof_gateway'] : ['ip', 'segproof'];
        return parseCounters(await runInNamespace(n.namespace, 'nft', ['-a', 'list', 'table', family, table]).catch(() => ''));
      });
    const before = await snapshot();
    await this.sendRound([{ unit, probe, echoId: 1 }], false);
    const after = await snapshot();
    const out: string[] = [];
    nodes.forEach((n, i) => {
      for (const [handle, rule] of after[i] ?? new Map<string, CounterLine>()) {
        const moved = rule.packets - (before[i]?.get(handle)?.packets ?? 0);
        if (moved > 0) out.push(`nft ${n.node}: +${moved} packet(s): ${rule.text}`);
      }
    });
    return out;
  }

  stopResponders(): void {
    this.guard.killChildren();
  }
}

/**
 * Builds, probes, compares and tears down. Namespaces are removed on success, on error, on an abort, on a
 * signal and on `process.exit`; what a killed process leaves behind is removed by the next run (registry.ts).
 */
export async function runEmulation(units: readonly EmulationUnit[], options: RunOptions = {}): Promise<EmulationResult> {
  options.signal?.throwIfAborted();
  const em = new Emulation(units, options);
  const namespaces = em.plans.reduce((n, p) => n + p.nodes.length + 1, 0);
  const debris = await removeStaleRuns();
  const debrisRemoved = debris.removed.flatMap((r) => r.namespaces);
  if (debrisRemoved.length > 0) em.log(`removed ${debrisRemoved.length} namespaces left by ${debris.removed.length} earlier run(s) that died: ${debris.removed.map((r) => r.prefix).join(', ')}`);
  recordRun(em.prefix, options.keep === true);
  em.guard.arm();
  // Killing the agents ends the awaits of a round at once; the abort itself is thrown between steps and rounds.
  const onAbort = () => em.stopResponders();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  let kept = false;
  const t0 = performance.now();
  try {
    await em.build();
    const t1 = performance.now();
    // Each probe's neighbour entries, computed once (a simulator trace each): for the rounds and the pacing.
    const needs = units.map((u) => {
      const of = u.neighbours ?? neighbourNeeds(u.topology);
      const cache = new Map<Probe, readonly string[]>();
      return (p: Probe): readonly string[] => {
        let keys = cache.get(p);
        if (keys === undefined) cache.set(p, (keys = of(p)));
        return keys;
      };
    });
    const budget = options.neighbourBudget ?? roundNeighbourBudget();
    const rounds = assignRounds(units, { needs, budget });
    em.log(`probes: ${rounds.length} round(s), at most ${budget} neighbour entries each`);
    const pacer = new NeighbourPacer(budget);
    const kernel: KernelVerdict[][] = units.map((u) => new Array<KernelVerdict>(u.probes.length));
    const indexOf = units.map((u) => new Map(u.probes.map((p, i) => [p, i])));
    for (const [r, round] of rounds.entries()) {
      options.signal?.throwIfAborted();
      const entries = new Set(round.flatMap((s) => needs[s.unit]!(s.probe).map((k) => `${s.unit}|${k}`))).size;
      const waitMs = pacer.delayMs(entries, performance.now());
      if (waitMs > 0) {
        em.log(`pacing: waiting ${Math.ceil(waitMs)} ms for the kernel to reclaim neighbour entries`);
        await new Promise((resolve) => setTimeout(resolve, waitMs));
      }
      // The last round's recorders are not emptied: nothing reads them again (explain reads counters).
      const verdicts = await em.sendRound(round, r < rounds.length - 1);
      pacer.record(entries, performance.now());
      round.forEach((s, i) => {
        kernel[s.unit]![indexOf[s.unit]!.get(s.probe)!] = verdicts[i]!;
      });
    }
    const t2 = performance.now();
    const comparisons: Comparison[] = [];
    units.forEach((u, ui) => {
      if (!u.verdict) return;
      u.probes.forEach((probe, i) => {
        const sim = u.verdict!(probe);
        const k = kernel[ui]![i]!;
        comparisons.push({ probe, unit: u.tag ?? u.topology.name, sim, kernel: k, agree: kernelAgrees(sim, k) });
      });
    });
    let explained = 0;
    for (const [i, c] of comparisons.entries()) {
      if (c.agree || c.kernel.notSent !== undefined || explained >= (options.explainLimit ?? 20)) continue;
      const unit = units.findIndex((u) => (u.tag ?? u.topology.name) === c.unit);
      comparisons[i] = { ...c, evidence: await em.explain(unit, c.probe) };
      explained++;
    }
    const probes = units.reduce((n, u) => n + u.probes.length, 0);
    em.stopResponders();
    const t3 = performance.now();
    kept = options.keep === true;
    const leftover = kept ? [] : await removeRunNamespaces(em.prefix);
    if (!kept && leftover.length === 0) forgetRun(em.prefix);
    const t4 = performance.now();
    return {
      prefix: em.prefix,
      plans: em.plans,
      comparisons,
      kernel,
      kept,
      leftover,
      debrisRemoved,
      timings: {
        namespaces,
        buildMs: t1 - t0,
        probeMs: t2 - t1,
        teardownMs: t4 - t3,
        probes,
        rounds: rounds.length,
        probesPerSecond: probes / Math.max(0.001, (t2 - t1) / 1000),
      },
    };
  } catch (error) {
    em.stopResponders();
    if (options.keep !== true) {
      const left = await removeRunNamespaces(em.prefix).catch(() => ['?']);
      if (left.length === 0) forgetRun(em.prefix);
    }
    throw options.signal?.aborted ? (options.signal.reason ?? error) : error;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    em.stopResponders();
    em.guard.disarm();
  }
}

/** Shell commands that remove a kept run's namespaces (printed for the user; never executed from here). */
export function removalCommands(result: Pick<EmulationResult, 'plans'>): string[] {
  return result.plans.flatMap((p) => [p.fabricNamespace, ...p.nodes.map((n) => n.namespace)]).map((ns) => `ip netns del ${ns}`);
}

