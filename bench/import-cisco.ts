/**
 * `npm run bench -- import-cisco`: the Stanford backbone's 16 IOS configurations, each with its
 * forwarding table where the data set has one (12 of 16), through `segproof import cisco-ios`: import
 * alone, and import + standalone placement + YAML rendering + a load through the real loader.
 * Medians of several rounds; peak heap and RSS sampled after each router.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ciscoIosImporter } from '../src/import/formats/cisco-ios.js';
import { summarise } from '../src/import/ledger.js';
import { placeDevice } from '../src/import/placement.js';
import { renderImport } from '../src/import/render.js';
import type { InputFile } from '../src/import/types.js';
import { loadTopologyText } from '../src/topology/load.js';
import { datasetsDir, median } from './support.js';

const MB = 1024 * 1024;

export async function runImportCiscoBench(): Promise<void> {
  const root = path.join(datasetsDir(), 'stanford-backbone');
  if (!existsSync(root)) {
    console.log(`skipped: ${root} is absent`);
    return;
  }
  const routers: InputFile[][] = readdirSync(path.join(root, 'config'))
    .sort()
    .map((f) => {
      const table = path.join('route', f.replace('config', 'route'));
      return [path.join('config', f), ...(existsSync(path.join(root, table)) ? [table] : [])].map((p) => ({ path: p, text: readFileSync(path.join(root, p), 'utf8') }));
    });
  const lines = routers.reduce((n, files) => n + files.reduce((m, f) => m + f.text.split('\n').length, 0), 0);
  console.log(`${routers.length} routers, ${routers.filter((r) => r.length > 1).length} with a forwarding table, ${lines} lines`);
  let peakHeap = 0;
  let peakRss = 0;
  const sample = () => {
    const m = process.memoryUsage();
    peakHeap = Math.max(peakHeap, m.heapUsed);
    peakRss = Math.max(peakRss, m.rss);
  };
  const importOnly: number[] = [];
  const endToEnd: number[] = [];
  const rounds = 5;
  for (let round = 0; round < rounds; round++) {
    let t = performance.now();
    for (const files of routers) {
      ciscoIosImporter.importDevice(files, {});
      sample();
    }
    importOnly.push(performance.now() - t);
    t = performance.now();
    for (const files of routers) {
      const imported = ciscoIosImporter.importDevice(files, {});
      const placed = placeDevice(imported, {});
      if (!placed.ok) throw new Error(`${files[0]?.path ?? ''} cannot be placed`);
      const loaded = await loadTopologyText(renderImport(placed.file, 'cisco-ios', summarise(imported.ledgers)), 'imported.yaml');
      if (!loaded.ok) throw new Error(`${files[0]?.path ?? ''} does not load`);
      sample();
    }
    endToEnd.push(performance.now() - t);
  }
  console.log(`import only (16 routers): median ${(median(importOnly) / 1000).toFixed(2)} s over ${rounds} rounds (${importOnly.map((x) => (x / 1000).toFixed(2)).join(', ')})`);
  console.log(`import + place + render + load (16 routers): median ${(median(endToEnd) / 1000).toFixed(2)} s (${endToEnd.map((x) => (x / 1000).toFixed(2)).join(', ')})`);
  console.log(`ratio end-to-end / import: ${(median(endToEnd) / median(importOnly)).toFixed(1)}×`);
  console.log(`peak heap ${(peakHeap / MB).toFixed(0)} MiB, peak RSS ${(peakRss / MB).toFixed(0)} MiB`);
}
