/**
 * `readdress apply` + `readdress check` on the β′ prefecture with generated plans that renumber the INET
 * zone's segments (each prefix moved whole into the other half of its /16), first the target case — the whole
 * zone, apply and check together under 2 s — then the growth with the number of segments renumbered.
 * Each size runs several times on a freshly loaded original (medians), with witnesses and the flow graphs
 * as the CLI computes them. Beside it, the check's slow twin (one symbolic run per source, `exhaustive`) on
 * the same input, once per size, and the ratio. Run directly: `npx tsx bench/readdress.ts`.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SourceLocation } from '../src/diagnostics/diagnostic.js';
import { applyPlan } from '../src/readdress/apply.js';
import { checkReaddress } from '../src/readdress/check.js';
import type { ReaddressPlan } from '../src/readdress/plan.js';
import { loadTopology } from '../src/topology/load.js';
import type { Topology } from '../src/topology/model.js';
import { median, repoRoot } from './support.js';

const TARGET_MS = 2000;
const ZONE = 'INET';
const here: SourceLocation = { file: 'generated-plan.yaml', line: 1, column: 1 };

/**
 * One step renumbering the first `count` segments of `zone` (by name) into the other half of their /16
 * (10.a.b.c/n → 10.a.(b xor 128).c/n), so the zone's aggregates (the prefecture's 10.80.0.0/13) still hold them.
 */
export function zonePlan(topology: Topology, zone: string, count: number): ReaddressPlan {
  const segments = [...topology.segments.values()].filter((s) => s.zone === zone).sort((a, b) => (a.name < b.name ? -1 : 1)).slice(0, count);
  const mappings = segments.map((s) => ({ from: s.prefix, to: { network: (s.prefix.network ^ (128 << 8)) >>> 0, length: s.prefix.length }, segment: s.name, location: here }));
  return { file: here.file, name: `${zone}-${count}`, steps: [{ name: `renumber-${zone}`, mappings, hosts: [], redesignations: [], relocations: [], location: here }] };
}

async function load(file: string): Promise<Topology> {
  const r = await loadTopology(file);
  if (!r.ok) throw new Error(`cannot load ${file}`);
  return r.topology;
}

export async function runReaddressBench(): Promise<void> {
  const file = path.join(repoRoot(), 'topologies/beta-prime-prefecture.yaml');
  const base = await load(file);
  const zoneSize = [...base.segments.values()].filter((s) => s.zone === ZONE).length;
  const sizes = [...new Set([zoneSize, 1, 4, 12].filter((n) => n <= zoneSize))];
  console.log(`readdress apply + check on the β′ prefecture (${base.nodes.size} nodes, ${base.segments.size} segments): plans renumbering ${ZONE} segments; medians; target: the whole zone under ${TARGET_MS / 1000} s`);
  const rows: Record<string, string>[] = [];
  for (const [i, count] of sizes.entries()) {
    const runs = i === 0 ? 3 : 2;
    const apply: number[] = [];
    const check: number[] = [];
    const reach: number[] = [];
    const flow: number[] = [];
    const slow: number[] = [];
    let differences = -1;
    for (let k = 0; k < runs; k++) {
      const original = await load(file);
      const plan = zonePlan(original, ZONE, count);
      const t0 = performance.now();
      const applied = await applyPlan(file, plan);
      const t1 = performance.now();
      if (!applied.topology) throw new Error(`the generated plan does not apply: ${applied.diagnostics.map((d) => d.message).join('; ')}`);
      const report = checkReaddress({ original, originalFile: file, renumbered: applied.topology, renumberedFile: 'renumbered', plan });
      const t2 = performance.now();
      apply.push(t1 - t0);
      check.push(t2 - t1);
      reach.push(report.stats.phasesMs.reach);
      flow.push(report.stats.phasesMs.flow);
      differences = report.unexplained + report.expected;
      if (k === 0) {
        const t3 = performance.now();
        const twin = checkReaddress({ original, originalFile: file, renumbered: applied.topology, renumberedFile: 'renumbered', plan, exhaustive: true });
        slow.push(performance.now() - t3);
        if (twin.unexplained + twin.expected !== differences) throw new Error('the exhaustive check finds other differences than the fast one');
      }
    }
    const total = median(apply.map((a, k) => a + (check[k] as number)));
    rows.push({
      'segments renumbered': `${count} of ${zoneSize}`,
      runs: String(runs),
      'apply ms': median(apply).toFixed(0),
      'check ms': median(check).toFixed(0),
      'of which reach ms': median(reach).toFixed(0),
      'of which flow graphs ms': median(flow).toFixed(0),
      'apply + check ms': total.toFixed(0),
      differences: String(differences),
      'exhaustive check ms': median(slow).toFixed(0),
      'check speed-up': `${(median(slow) / median(check)).toFixed(1)}×`,
      ...(i === 0 ? { target: `${TARGET_MS} ms: ${total <= TARGET_MS ? 'met' : `missed (${(total / TARGET_MS).toFixed(1)}×)`}` } : {}),
    });
  }
  console.table(rows);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) await runReaddressBench();
