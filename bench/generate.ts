/**
 * Generator and loader throughput: synthetic municipalities generated, written as YAML and loaded
 * back, from the default 700-staff city to 200 firewalls × 10k rules. Run directly: `npx tsx bench/generate.ts`.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Bench } from 'tinybench';
import { loadTopologyText } from '../src/topology/load.js';
import { generateMunicipality } from '../src/topology/generate/municipality.js';
import type { MunicipalityOptions } from '../src/topology/generate/options.js';
import { serialiseTopology } from '../src/topology/generate/serialise.js';

const CASES: { label: string; options: MunicipalityOptions; load: boolean }[] = [
  { label: 'city 700 staff (defaults)', options: { staff: 700, model: 'beta-prime', seed: 1 }, load: true },
  { label: '10 fw × 1k rules', options: { staff: 3000, model: 'beta-prime', seed: 1, firewalls: 10, rulesPerFirewall: 1000 }, load: true },
  { label: '200 fw × 10k rules', options: { staff: 20_000, model: 'beta-prime', seed: 7, firewalls: 200, rulesPerFirewall: 10_000, sites: 1 }, load: false },
];

export async function runGenerateBench(): Promise<void> {
  console.log('generator: generate → YAML → load (tinybench, medians)');
  const rows: Record<string, string>[] = [];
  for (const c of CASES) {
    const bench = new Bench({ iterations: c.load ? 5 : 1, warmupIterations: c.load ? 1 : 0, time: 0 });
    const file = generateMunicipality(c.options);
    const text = serialiseTopology(file);
    bench.add('generate', () => void generateMunicipality(c.options));
    bench.add('write YAML', () => void serialiseTopology(file));
    if (c.load) {
      bench.add('load', async () => {
        const r = await loadTopologyText(text, 'generated.yaml');
        if (!r.ok) throw new Error('a generated municipality did not load');
      });
    }
    await bench.run();
    const ms = (name: string): string => {
      const r = bench.getTask(name)?.result;
      if (!r || (r.state !== 'completed' && r.state !== 'aborted-with-statistics')) throw new Error(`${name}: no result (${r?.state})`);
      return r.latency.p50.toFixed(0);
    };
    rows.push({ case: c.label, 'YAML MB': (text.length / 1e6).toFixed(1), 'generate ms': ms('generate'), 'write ms': ms('write YAML'), 'load ms': c.load ? ms('load') : 'not run' });
  }
  console.table(rows);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) await runGenerateBench();
