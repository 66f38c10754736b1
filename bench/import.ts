/**
 * `segproof import` of the Linux formats on the TUM firewall dumps (../shared/datasets/tum-net-iptables):
 * each dump with its ip addr and ip route, iptables-save, and the same rule set as nft JSON (made here
 * from the dump by iptables-restore-translate + nft when those run, else skipped). Times are medians of
 * several runs: the import alone (parse, flatten, ACLs) and with placement and the YAML written; memory is
 * the heap grown by one import (before garbage collection) and the process's peak resident size.
 * Run directly: `npx tsx bench/import.ts`.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { iptablesSaveImporter } from '../src/import/formats/iptables-save.js';
import { summarise } from '../src/import/ledger.js';
import { placeDevice } from '../src/import/placement.js';
import { renderImport } from '../src/import/render.js';
import type { Importer, InputFile } from '../src/import/types.js';
import { datasetsDir, median } from './support.js';

const DATES = ['2015-09-03_15-56-50', '2016-06-27_16-29-01'];
const RUNS = 7;

function files(dir: string, date: string): InputFile[] {
  const read = (name: string): InputFile => ({ path: name, text: readFileSync(path.join(dir, name), 'utf8') });
  // The 2015 snapshot has no route dump; its interfaces equal 2016's, so 2016's routes serve both.
  return [read(`iptables-save-${date}`), read(`ip-addr-${date}`), read('ip-route-2016-06-27_16-29-01')];
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function measure(importer: Importer, input: readonly InputFile[]): Record<string, string> {
  const importMs: number[] = [];
  const totalMs: number[] = [];
  let heapMb = 0;
  let rules = 0;
  let yamlMb = 0;
  for (let i = 0; i < RUNS; i++) {
    gc();
    const heapBefore = process.memoryUsage().heapUsed;
    const t0 = performance.now();
    const imported = importer.importDevice(input, {});
    const t1 = performance.now();
    heapMb = Math.max(heapMb, (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20);
    const placed = placeDevice(imported, {});
    if (!placed.ok) throw new Error(`placement failed: ${placed.diagnostics.map((d) => d.message).join('; ')}`);
    const yaml = renderImport(placed.file, importer.format, summarise(imported.ledgers));
    const t2 = performance.now();
    importMs.push(t1 - t0);
    totalMs.push(t2 - t0);
    yamlMb = yaml.length / 2 ** 20;
    const node = imported.fragment.nodes?.[imported.device] as unknown as { acls: { rules: unknown[] }[] };
    rules = node.acls.reduce((n, a) => n + a.rules.length, 0);
  }
  return {
    'import ms (median)': median(importMs).toFixed(0),
    'with YAML ms': median(totalMs).toFixed(0),
    'ACL rules': String(rules),
    'YAML MB': yamlMb.toFixed(1),
    'heap grown MB': heapMb.toFixed(0),
    'peak RSS MB': (process.resourceUsage().maxRSS / 1024).toFixed(0),
  };
}

export async function runImportBench(): Promise<void> {
  const dir = path.join(datasetsDir(), 'tum-net-iptables');
  if (!existsSync(dir)) {
    console.log(`import: skipped, ${dir} is absent`);
    return;
  }
  console.log(`import iptables-save: the TUM firewall (about 5,000 rules in 100 chains, 24 VLAN interfaces), ${RUNS} runs each, medians`);
  const rows: Record<string, string>[] = [];
  for (const date of DATES) {
    const input = files(dir, date);
    const lines = input[0]?.text.split('\n').filter((l) => l.startsWith('-A ')).length ?? 0;
    rows.push({ dump: date, '-A rules': String(lines), ...measure(iptablesSaveImporter, input) });
  }
  console.table(rows);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) await runImportBench();
