/**
 * One bad scenario file per SCEN code, each with its exact expected rendering (resolved against
 * beta-prime-city; warnings from a verification without the invariant pack, expiry judged on a fixed
 * day). Regenerate the .expected files with UPDATE_GOLDEN=1 and review the diff.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectDiagnosticsGolden } from '../support/diagnostics-golden.js';
import { CATALOGUE, type DiagnosticCode } from '../../src/diagnostics/catalogue.js';
import { renderDiagnostics, type Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { loadTopology } from '../../src/topology/load.js';
import type { Topology } from '../../src/topology/model.js';
import { KNOWN_CHECK_IDS } from '../../src/verify/packs/index.js';
import { checkScenarioTopology, readScenario, resolveScenario } from '../../src/verify/scenario/load.js';
import { verifyTopology } from '../../src/verify/verify.js';

const dir = path.join('test', 'verify', 'errors');
const topologyFile = path.join('topologies', 'beta-prime-city.yaml');
const cases = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
const today = '2026-06-01';
let topology: Topology;

beforeAll(async () => {
  const loaded = await loadTopology(topologyFile);
  if (!loaded.ok) throw new Error(renderDiagnostics(loaded.diagnostics));
  topology = loaded.topology;
});

async function diagnosticsOf(file: string): Promise<readonly Diagnostic[]> {
  const parsed = await readScenario(file);
  if (!parsed.ok) return parsed.diagnostics;
  const mismatch = checkScenarioTopology(parsed.value, topologyFile);
  if (mismatch) return [mismatch];
  const resolved = resolveScenario(parsed.value, topology, KNOWN_CHECK_IDS, { today });
  if (!resolved.ok) return resolved.diagnostics;
  return verifyTopology(topology, { topologyFile, scenario: resolved.value, noPack: true }).warnings;
}

describe('one bad scenario file per SCEN code', () => {
  it('covers every SCEN code in the catalogue', () => {
    const codes = Object.keys(CATALOGUE).filter((c) => c.startsWith('SCEN'));
    expect(cases.map((f) => f.replace('.yaml', ''))).toEqual(codes.sort());
  });

  for (const file of cases) {
    const code = file.replace('.yaml', '');
    it(`${code}: ${CATALOGUE[code as keyof typeof CATALOGUE]}`, async () => {
      const diagnostics = await diagnosticsOf(path.join(dir, file));
      expectDiagnosticsGolden(diagnostics, code as DiagnosticCode, path.join(dir, `${code}.expected`));
    });
  }

  it('an unreadable scenario is SCEN001 and bad input for the CLI', async () => {
    const d = await diagnosticsOf(path.join(dir, 'does-not-exist.yaml'));
    expect(d.map((x) => x.code)).toEqual(['SCEN001']);
  });
});
