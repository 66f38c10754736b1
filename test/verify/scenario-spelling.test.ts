/**
 * One spelling for the services of a property: `service:` on isolated, reachable and only-via alike.
 * The older `headers: {service | protocol, ports}` still means the same, with a SCEN010 warning.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderDiagnostics } from '../../src/diagnostics/diagnostic.js';
import { loadTopology } from '../../src/topology/load.js';
import type { Topology } from '../../src/topology/model.js';
import { KNOWN_CHECK_IDS } from '../../src/verify/packs/index.js';
import { parseScenarioText, resolveScenario } from '../../src/verify/scenario/load.js';
import { verifyTopology } from '../../src/verify/verify.js';

const topologyFile = path.join('topologies', 'beta-prime-city.yaml');
let topology: Topology;

beforeAll(async () => {
  const loaded = await loadTopology(topologyFile);
  if (!loaded.ok) throw new Error(renderDiagnostics(loaded.diagnostics));
  topology = loaded.topology;
});

const scenario = (isolated: string, onlyVia: string) => `scenario: 1
topology: ../topologies/beta-prime-city.yaml
properties:
  - name: groupware-closed
    isolated: { from: inet-terminals, to: groupware, ${isolated}, layer: packet }
  - name: web-through-seccloud
    only-via: { from: INET, to: internet, through: [seccloud-fw], ${onlyVia} }
`;

function resolve(text: string) {
  const parsed = parseScenarioText(text, path.join('scenarios', 'spelling-under-test.yaml'));
  if (!parsed.ok) throw new Error(renderDiagnostics(parsed.diagnostics));
  return resolveScenario(parsed.value, topology, KNOWN_CHECK_IDS, { today: '2026-06-01' });
}

function outcome(text: string) {
  const resolved = resolve(text);
  if (!resolved.ok) throw new Error(renderDiagnostics(resolved.diagnostics));
  const report = verifyTopology(topology, { topologyFile, scenario: resolved.value, noPack: true });
  return { warnings: report.warnings.map((w) => w.code), results: report.results.map((r) => [r.id, r.status, r.violations.map((v) => v.headerSummary)]) };
}

describe('service spelling on isolated and only-via', () => {
  it('`service:` is read without warnings, as reachable reads it', () => {
    const now = outcome(scenario('service: tcp/443', 'service: tcp/443'));
    expect(now.warnings).toEqual([]);
    // The header constraint is applied: HTTPS to the groupware is open, so the property is violated.
    expect(now.results[0]?.[1]).toBe('fail');
  });

  it('the deprecated `headers:` gives the same verdicts and violations, with one SCEN010 per use', () => {
    const now = outcome(scenario('service: tcp/443', 'service: tcp/443'));
    const old = outcome(scenario('headers: { service: tcp/443 }', 'headers: { protocol: tcp, ports: 443 }'));
    expect(old.results).toEqual(now.results);
    expect(old.warnings).toEqual(['SCEN010', 'SCEN010']);
  });

  it('both spellings on one property are SCEN002', () => {
    const resolved = resolve(scenario('service: tcp/443, headers: { service: tcp/80 }', 'service: tcp/443'));
    expect(resolved.ok).toBe(false);
    if (!resolved.ok) expect(resolved.diagnostics.map((d) => [d.code, d.location?.line])).toEqual([['SCEN002', 5]]);
  });
});
