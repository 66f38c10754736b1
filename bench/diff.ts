/**
 * `segproof diff` with one rule changed against two cold `verify` runs, in one run (medians), on the β′
 * prefecture and on generated municipalities of growing size.
 *
 * The change: one permitting rule turned into a deny (another rule each time, so the changed version is never
 * in the cache). Measured side by side:
 *   - cold verify ×2: the before and the changed topology verified, each freshly loaded, with the symbolic
 *     engine's tables and memos emptied first (resetTables);
 *   - diff: `diffTopologies(before, changed)` with the cache holding the before version (as in CI, where the
 *     base branch was diffed before): everything the change cannot affect is reused, the rest recomputed
 *     (per-source runs patched; verification re-run with its unaffected runs reused, or reused whole);
 *   - diff, no status: the same without statuses and flow chains (`--no-status --no-flow`);
 *   - diff, nothing cached: the before version computed too (its cache then serves the two diffs above).
 * The ratios are cold verify ×2 over each diff. Run directly: `npx tsx bench/diff.ts`.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ReachCache } from '../src/diff/cache.js';
import { diffTopologies } from '../src/diff/diff.js';
import { resetTables } from '../src/symbolic/idd.js';
import { generateMunicipality } from '../src/topology/generate/municipality.js';
import { serialiseTopology } from '../src/topology/generate/serialise.js';
import { loadTopology, loadTopologyText } from '../src/topology/load.js';
import type { Acl, AclRule, Topology, TopologyNode } from '../src/topology/model.js';
import { verifyTopology } from '../src/verify/verify.js';
import { median, repoRoot } from './support.js';

/** The topology with rule `rule` of ACL `acl` on `node` turned from permit to deny (the node gets interface objects of its own, as a fresh load would). */
export function withRuleFlipped(t: Topology, target: RuleRef): Topology {
  const n = t.nodes.get(target.node) as TopologyNode;
  if (!('acls' in n)) throw new Error(`${target.node} has no ACLs`);
  const acls: Acl[] = n.acls.map((a) =>
    a.name !== target.acl ? a : { ...a, rules: a.rules.map((r) => (r.name !== target.rule ? r : { ...r, action: r.action === 'permit' ? 'deny' : 'permit' })) },
  );
  const nodes = new Map(t.nodes);
  nodes.set(target.node, { ...n, acls, interfaces: new Map([...n.interfaces].map(([k, i]) => [k, { ...i }])) } as TopologyNode);
  return { ...t, nodes };
}

interface RuleRef {
  readonly node: string;
  readonly acl: string;
  readonly rule: string;
}

/** Permitting rules of `node` (optionally only those whose name starts with `prefix`), in order. */
function permitRules(t: Topology, node: string, prefix = ''): RuleRef[] {
  const n = t.nodes.get(node);
  if (!n || !('acls' in n)) throw new Error(`${node} has no ACLs`);
  return n.acls.flatMap((a) => a.rules.filter((r: AclRule) => r.action === 'permit' && r.name.startsWith(prefix)).map((r) => ({ node, acl: a.name, rule: r.name })));
}

interface Case {
  readonly label: string;
  readonly load: () => Promise<Topology>;
  /** The rules to flip, one per measured diff (each diff sees a version no cache holds). */
  readonly rules: (t: Topology) => RuleRef[];
  readonly runs: number;
}

async function fromFile(file: string): Promise<Topology> {
  const r = await loadTopology(file);
  if (!r.ok) throw new Error(`cannot load ${file}`);
  return r.topology;
}

async function generated(staff: number, systems: number): Promise<Topology> {
  const text = serialiseTopology(generateMunicipality({ staff, systems, model: 'beta-prime', seed: 1, firewalls: 8, rulesPerFirewall: 100 }));
  const r = await loadTopologyText(text, 'generated.yaml');
  if (!r.ok) throw new Error('a generated municipality did not load');
  return r.topology;
}

function timed<T>(fn: () => T): [T, number] {
  const t0 = performance.now();
  const v = fn();
  return [v, performance.now() - t0];
}

export async function runDiffBench(): Promise<void> {
  const cases: Case[] = [
    // The DC firewall's per-department rules: INET terminals to each department's servers on HTTPS.
    { label: 'β′ prefecture, broad rule', load: () => fromFile(path.join(repoRoot(), 'topologies/beta-prime-prefecture.yaml')), rules: (t) => permitRules(t, 'dc-inet-fw', 'terminals-to-'), runs: 3 },
    // The DC firewall's per-department server rules: one department's servers to a shared service.
    { label: 'β′ prefecture, narrow rule', load: () => fromFile(path.join(repoRoot(), 'topologies/beta-prime-prefecture.yaml')), rules: (t) => permitRules(t, 'dc-inet-fw', 'to-'), runs: 3 },
    // A generated municipality's per-system rules on an INET firewall (each opens a system to some senders).
    { label: 'generated, 700 staff, 40 systems', load: () => generated(700, 40), rules: (t) => permitRules(t, 'fw-inet-01', 'p'), runs: 3 },
    { label: 'generated, 2000 staff, 100 systems', load: () => generated(2000, 100), rules: (t) => permitRules(t, 'fw-inet-01', 'p'), runs: 3 },
    { label: 'generated, 5000 staff, 200 systems', load: () => generated(5000, 200), rules: (t) => permitRules(t, 'fw-inet-01', 'p'), runs: 2 },
  ];
  console.log('diff with one rule changed (permit → deny) vs two cold verify runs; medians; ratio = cold verify ×2 / diff');
  const rows: Record<string, string>[] = [];
  for (const c of cases) {
    const base = await c.load();
    const rules = c.rules(base);
    if (rules.length < 3 * (c.runs + (rows.length === 0 ? 1 : 0))) throw new Error(`${c.label}: ${rules.length} rules to flip, more needed`);
    const file = 'before.yaml';
    const cold: number[] = [];
    const warm: number[] = [];
    const warmReach: number[] = [];
    const coldDiff: number[] = [];
    const changes: number[] = [];
    const statuses: number[] = [];
    let phases = '';
    // The first repetition of the first case only warms the JIT up (for both sides alike); it is not recorded.
    const warmup = rows.length === 0 ? 1 : 0;
    for (let i = -warmup; i < c.runs; i++) {
      const k = i + warmup;
      const [r0, r1, r2] = [rules[3 * k], rules[3 * k + 1], rules[3 * k + 2]] as [RuleRef, RuleRef, RuleRef];
      // Two cold verifications: fresh loads, empty tables.
      const before = await c.load();
      const after = withRuleFlipped(await c.load(), r0);
      resetTables();
      const [, v1] = timed(() => verifyTopology(before, { topologyFile: file }));
      resetTables();
      const [, v2] = timed(() => verifyTopology(after, { topologyFile: file }));
      if (i >= 0) cold.push(v1 + v2);
      // A diff with nothing cached; its cache then holds the before version, as a CI cache of the base branch would.
      resetTables();
      const cache = new ReachCache();
      const [, d0] = timed(() => diffTopologies({ topology: before, file }, { topology: after, file: 'after.yaml' }, { cache }));
      if (i >= 0) coldDiff.push(d0);
      // Diffs of versions no cache holds (another rule flipped each), with the before version cached.
      const [, dr] = timed(() => diffTopologies({ topology: before, file }, { topology: withRuleFlipped(before, r1), file: 'after.yaml' }, { cache, statuses: false, flow: false }));
      if (i >= 0) warmReach.push(dr);
      const [report, d1] = timed(() => diffTopologies({ topology: before, file }, { topology: withRuleFlipped(before, r2), file: 'after.yaml' }, { cache }));
      if (i < 0) continue;
      warm.push(d1);
      changes.push(report.changes.length);
      statuses.push(report.statusChanges.length);
      const p = report.stats?.phasesMs;
      phases = p ? `reach ${p.reach.toFixed(0)}, witnesses ${p.witnesses.toFixed(0)}, statuses ${p.statuses.toFixed(0)}, flow ${p.flow.toFixed(0)}, rules ${p.rules.toFixed(0)}` : '';
    }
    const m = { cold: median(cold), warm: median(warm), reach: median(warmReach), coldDiff: median(coldDiff) };
    rows.push({
      topology: c.label,
      nodes: String(base.nodes.size),
      'rule flipped (first of each run)': `${rules[0]?.node}: ${rules
        .filter((_, k) => k % 3 === 2)
        .map((r) => r.rule)
        .join(', ')}`.slice(0, 60),
      'reach changes': changes.join('/'),
      'status changes': statuses.join('/'),
      'cold verify ×2 ms': m.cold.toFixed(0),
      'diff ms': m.warm.toFixed(0),
      ratio: `${(m.cold / m.warm).toFixed(1)}×`,
      'diff, no status ms': m.reach.toFixed(0),
      'ratio, no status': `${(m.cold / m.reach).toFixed(1)}×`,
      'diff, nothing cached ms': m.coldDiff.toFixed(0),
      'ratio, nothing cached': `${(m.cold / m.coldDiff).toFixed(1)}×`,
      'diff phases, last run (ms)': phases,
    });
  }
  console.table(rows);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) await runDiffBench();
