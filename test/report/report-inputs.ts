/** Topologies, scenarios and verification reports for the HTML report tests, made as the CLI makes them. */
import { defaultScenarioFor } from '../../src/cli/commands/verify.js';
import { diffTopologies } from '../../src/diff/diff.js';
import type { HtmlReportInput } from '../../src/report/html/render.js';
import { loadTopology } from '../../src/topology/load.js';
import type { Topology } from '../../src/topology/model.js';
import { KNOWN_CHECK_IDS } from '../../src/verify/packs/index.js';
import { readScenario, resolveScenario } from '../../src/verify/scenario/load.js';
import type { Scenario } from '../../src/verify/scenario/model.js';
import { verifyTopology } from '../../src/verify/verify.js';
import type { Lang } from '../../src/i18n/lang.js';
import { localiseMigrationReport } from '../../src/i18n/localise-migration.js';
import { BROKEN, REFERENCE, plan, run } from '../migrate/support.js';

export const BROKEN_ACL = 'topologies/broken/acl-opens-mn-to-inet.yaml';
export const BETA_PRIME_CITY = 'topologies/beta-prime-city.yaml';
export const HOSTILE = 'test/report/fixtures/hostile-text.yaml';
export const HOSTILE_SCENARIO = 'test/report/fixtures/hostile-text.scenario.yaml';
/** The reference networks: every topologies/*.yaml. */
export const REFERENCE_TOPOLOGIES = ['alpha-town', 'beta-city', 'beta-prime-city', 'beta-prime-prefecture', 'shared-network-2030'].map((n) => `topologies/${n}.yaml`);

export async function load(file: string): Promise<Topology> {
  const loaded = await loadTopology(file);
  if (!loaded.ok) throw new Error(`${file} does not load: ${loaded.diagnostics.map((d) => d.message).join('; ')}`);
  return loaded.topology;
}

/** The scenario verify would use: the one named, or scenarios/<file name>.yaml. */
export async function scenarioOf(topology: Topology, file: string, scenarioFile = defaultScenarioFor(file)): Promise<Scenario | undefined> {
  if (scenarioFile === undefined) return undefined;
  const parsed = await readScenario(scenarioFile);
  if (!parsed.ok) throw new Error(`${scenarioFile} does not read`);
  const resolved = resolveScenario(parsed.value, topology, KNOWN_CHECK_IDS, { today: '2026-06-01' });
  if (!resolved.ok) throw new Error(`${scenarioFile} does not resolve: ${resolved.diagnostics.map((d) => d.message).join('; ')}`);
  return resolved.value;
}

export async function verifyInput(file: string, scenarioFile?: string): Promise<Extract<HtmlReportInput, { kind: 'verify' }>> {
  const topology = await load(file);
  const scenario = await scenarioOf(topology, file, scenarioFile ?? defaultScenarioFor(file));
  const report = verifyTopology(topology, { topologyFile: file, scenario });
  return { kind: 'verify', topology, report, scenario };
}

/** β′ city → its broken variant: reach changes and witnesses only (statuses and flow chains cost a verification each). */
export async function brokenDiffInput(): Promise<Extract<HtmlReportInput, { kind: 'diff' }>> {
  const before = await load(BETA_PRIME_CITY);
  const after = await load(BROKEN_ACL);
  const report = diffTopologies({ topology: before, file: BETA_PRIME_CITY }, { topology: after, file: BROKEN_ACL }, { statuses: false, flow: false, witnesses: true });
  return { kind: 'diff', before, after, report };
}

/** The β′ migration's step-1 → step-2 cut-over in the broken plan's order: the ホームページ管理 server moves before its segment is re-designated, so one half-applied state opens INET → LG (test/migrate/broken.test.ts). */
export async function brokenMigrationInput(lang: Lang = 'en'): Promise<Extract<HtmlReportInput, { kind: 'migrate' }>> {
  const broken = await plan(BROKEN('order-opens-inet-to-lg.plan.yaml'));
  const report = await run([REFERENCE[1] as string, REFERENCE[2] as string], { plan: { ...broken, steps: [broken.steps[1]!] } });
  return { kind: 'migrate', report: localiseMigrationReport(report, lang), lang };
}

/** The 1-based line of the first line of `file` containing `text`. */
export async function lineOf(file: string, text: string): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  const lines = (await readFile(file, 'utf8')).split('\n');
  const index = lines.findIndex((l) => l.includes(text));
  if (index < 0) throw new Error(`${text} not in ${file}`);
  return index + 1;
}
