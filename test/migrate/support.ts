/** Loading the reference migration's steps and running migrate on them as the CLI does (scenarios found by file name). */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultScenarioFor } from '../../src/cli/commands/verify.js';
import { migrate, type MigrateOptions } from '../../src/migrate/migrate.js';
import type { MigrationReport, MigrationStep } from '../../src/migrate/model.js';
import { loadPlan } from '../../src/readdress/plan-format.js';
import type { ReaddressPlan } from '../../src/readdress/plan.js';
import { loadTopology } from '../../src/topology/load.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const REFERENCE = ['step0-alpha', 'step1-new-lg', 'step2-redesignate', 'step3-decommission'].map((s) => `topologies/beta-prime-migration/${s}.yaml`);
export const BROKEN = (name: string) => `topologies/broken/migration/${name}`;

export async function run(files: readonly string[], options: MigrateOptions = {}): Promise<MigrationReport> {
  const result = await migrate(files.map((f) => path.join(ROOT, f)), { scenarioFor: defaultScenarioFor, ...options });
  if (!result.ok) throw new Error(result.diagnostics.map((d) => `${d.code} ${d.message}`).join('\n'));
  return result.report;
}

export async function plan(file: string): Promise<ReaddressPlan> {
  const loaded = await loadPlan(path.join(ROOT, file));
  if (loaded.plan === undefined) throw new Error(loaded.diagnostics.map((d) => `${d.code} ${d.message}`).join('\n'));
  return loaded.plan;
}

export async function step(file: string): Promise<MigrationStep> {
  const loaded = await loadTopology(path.join(ROOT, file));
  if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => `${d.code} ${d.message}`).join('\n'));
  return { file, label: path.basename(file, '.yaml'), topology: loaded.topology };
}

/** IDs of failing checks per state, and of the sequence checks, for compact assertions. */
export function failures(report: MigrationReport): { states: Record<string, string[]>; sequence: string[] } {
  const states: Record<string, string[]> = {};
  for (const s of report.states) {
    const failing = [...s.verify.results, ...s.temporal].filter((r) => r.status === 'fail').map((r) => r.id);
    if (failing.length) states[s.name] = failing;
  }
  return { states, sequence: report.sequence.filter((c) => c.status === 'fail').map((c) => c.id) };
}
