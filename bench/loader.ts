/**
 * The topology loader against JSON.parse of the same data, on generated municipalities of 10 firewalls ×
 * 8,000 and × 10,000 rules written to a temporary folder. Each figure comes from a child process of its
 * own: time as the median of RUNS parses after one warm-up, peak RSS (process.resourceUsage().maxRSS) of
 * a child that reads and parses the file once. JSON.parse and the loader alternate over ROUNDS rounds and
 * the ratio is the median of the rounds' ratios: one child each, one after the other, met different loads. Times are CPU time (process.cpuUsage, all threads, so
 * the garbage collector's helpers count) and wall time; the target is judged on CPU time, which a
 * machine shared with other work disturbs far less. Targets: the loader (text to data and positions)
 * within 5× JSON.parse, its peak RSS within 30× the file size. For context, once per case: the whole load
 * (structure and resolution too), and on the first case the Document-based twin the loader replaced.
 * Run directly: `npx tsx bench/loader.ts`.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { generateMunicipality } from '../src/topology/generate/municipality.js';
import { serialiseTopology } from '../src/topology/generate/serialise.js';
import { loadTopology } from '../src/topology/load.js';
import { parseSource } from '../src/topology/source.js';
import { parseSourceDocument } from '../src/topology/source-document.js';
import { parseYamlSubset } from '../src/topology/yaml-subset.js';
import { median } from './support.js';

const RUNS = 5;
/** Rounds of a JSON.parse child then a loader child: the target is the median of the rounds' ratios, so both sides of each ratio meet the same load. */
const ROUNDS = 3;
const TIME_RATIO_TARGET = 5;
const RSS_PER_FILE_BYTE_TARGET = 30;
const CHILD_FLAG = '--loader-bench-child';

const CASES = [
  { label: '10 fw × 8,000 rules', rules: 8000, twin: true },
  { label: '10 fw × 10,000 rules', rules: 10_000, twin: false },
];

type Mode = 'json' | 'loader' | 'load' | 'document';

interface ChildReport {
  readonly wall: number[];
  readonly cpu: number[];
  readonly maxRssKb: number;
}

/** In the child: parses `file` `runs` times (plus a warm-up when runs > 1) and reports times and peak RSS. */
async function child(mode: Mode, file: string, runs: number): Promise<void> {
  const text = readFileSync(file, 'utf8');
  const parse = async (): Promise<void> => {
    if (mode === 'json') JSON.parse(text);
    else if (mode === 'loader') {
      const parsed = parseSource(text, file, [], { maxValues: Infinity });
      if (parsed.diagnostics.length > 0) throw new Error('a generated municipality did not parse');
      parsed.source.locateKey(['nodes']); // positions are part of the loader's work
    } else if (mode === 'document') parseSourceDocument(text, file, [], { maxValues: Infinity });
    else if (!(await loadTopology(file, { maxInputBytes: Infinity })).ok) throw new Error('a generated municipality did not load');
  };
  if (runs > 1) await parse();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const startedCpu = process.cpuUsage();
    await parse();
    const used = process.cpuUsage(startedCpu);
    wall.push(performance.now() - started);
    cpu.push((used.user + used.system) / 1000);
  }
  process.stdout.write(JSON.stringify({ wall, cpu, maxRssKb: process.resourceUsage().maxRSS } satisfies ChildReport));
}

async function inChild(mode: Mode, file: string, runs: number): Promise<ChildReport> {
  const script = fileURLToPath(import.meta.url);
  const { stdout } = await promisify(execFile)(process.execPath, [...process.execArgv, script, CHILD_FLAG, mode, file, String(runs)], { maxBuffer: 1 << 20 });
  return JSON.parse(stdout) as ChildReport;
}

/** Median time of RUNS parses, and the peak RSS of a single parse, each in a child of its own. */
async function measure(mode: Mode, file: string, runs = RUNS): Promise<{ cpu: number; wall: number; rssMb: number }> {
  const timed = await inChild(mode, file, runs);
  const peak = runs > 1 ? await inChild(mode, file, 1) : timed;
  return { cpu: median(timed.cpu), wall: median(timed.wall), rssMb: peak.maxRssKb / 1024 };
}

/**
 * JSON.parse and the loader in ROUNDS alternating pairs of children: each side's medians over the rounds,
 * and the median of the rounds' CPU ratios (loader / JSON.parse). Peak RSS from a child of its own each.
 */
async function measurePair(jsonFile: string, yamlFile: string): Promise<{ json: Measured; loader: Measured; ratio: number; ratios: number[] }> {
  const json: ChildReport[] = [];
  const loader: ChildReport[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    json.push(await inChild('json', jsonFile, RUNS));
    loader.push(await inChild('loader', yamlFile, RUNS));
  }
  const side = async (reports: ChildReport[], mode: Mode, file: string): Promise<Measured> => ({
    cpu: median(reports.map((r) => median(r.cpu))),
    wall: median(reports.map((r) => median(r.wall))),
    rssMb: (await inChild(mode, file, 1)).maxRssKb / 1024,
  });
  const ratios = json.map((j, round) => median((loader[round] as ChildReport).cpu) / median(j.cpu));
  return { json: await side(json, 'json', jsonFile), loader: await side(loader, 'loader', yamlFile), ratio: median(ratios), ratios };
}

interface Measured {
  readonly cpu: number;
  readonly wall: number;
  readonly rssMb: number;
}

/** "CPU ms / wall ms" */
const both = (m: { cpu: number; wall: number }): string => `${m.cpu.toFixed(0)} / ${m.wall.toFixed(0)}`;

export async function runLoaderBench(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'segproof-loader-bench-'));
  try {
    console.log(`loader (text → data + positions) vs JSON.parse of the same data: ${ROUNDS} alternating rounds of a child each, medians of ${RUNS} parses per child and of the rounds (ms CPU / ms wall), the ratio the median of the rounds'; peak RSS of one parse in a child of its own`);
    const rows: Record<string, string>[] = [];
    for (const c of CASES) {
      const text = serialiseTopology(generateMunicipality({ staff: 3000, model: 'beta-prime', seed: 1, firewalls: 10, rulesPerFirewall: c.rules }));
      const subset = parseYamlSubset(text);
      if (!subset) throw new Error(`${c.label}: the subset parser declined a generated municipality`);
      const yamlFile = path.join(dir, `municipality-${c.rules}.yaml`);
      const jsonFile = path.join(dir, `municipality-${c.rules}.json`);
      writeFileSync(yamlFile, text);
      writeFileSync(jsonFile, JSON.stringify(subset.data));
      const fileMb = statSync(yamlFile).size / 1024 / 1024;
      const { json, loader, ratio, ratios } = await measurePair(jsonFile, yamlFile);
      const load = await measure('load', yamlFile, 1);
      const twin = c.twin ? await measure('document', yamlFile, 1) : undefined;
      const rssRatio = loader.rssMb / fileMb;
      rows.push({
        case: c.label,
        'YAML MB': fileMb.toFixed(1),
        'JSON.parse ms cpu/wall': both(json),
        'loader ms cpu/wall': both(loader),
        '× JSON.parse (cpu)': `${ratio.toFixed(1)} (target ≤ ${TIME_RATIO_TARGET}) ${ratio <= TIME_RATIO_TARGET ? 'met' : 'MISSED'}`,
        'JSON.parse RSS MB': json.rssMb.toFixed(0),
        'loader RSS MB': loader.rssMb.toFixed(0),
        '× file size': `${rssRatio.toFixed(1)} (target ≤ ${RSS_PER_FILE_BYTE_TARGET}) ${rssRatio <= RSS_PER_FILE_BYTE_TARGET ? 'met' : 'MISSED'}`,
        'whole load ms cpu/wall, RSS MB': `${both(load)}, ${load.rssMb.toFixed(0)}`,
        'Document twin ms cpu/wall, RSS MB': twin ? `${both(twin)}, ${twin.rssMb.toFixed(0)}` : 'not run',
      });
      console.log(`  ${c.label} measured (rounds' ratios ${ratios.map((r) => r.toFixed(1)).join(', ')}; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')})`);
    }
    console.table(rows);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === CHILD_FLAG) {
  await child(process.argv[3] as Mode, process.argv[4] as string, Number(process.argv[5]));
} else if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  await runLoaderBench();
}
