/**
 * segproof verify on the reference networks (their invariants and scenarios hold) and on the broken
 * variants (the right invariant fails, with a witness or chain that the simulator replays).
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderDiagnostics } from '../../src/diagnostics/diagnostic.js';
import { loadTopology } from '../../src/topology/load.js';
import { KNOWN_CHECK_IDS } from '../../src/verify/packs/index.js';
import type { CheckResult, VerifyReport, Violation } from '../../src/verify/result.js';
import { readScenario, resolveScenario } from '../../src/verify/scenario/load.js';
import { verifyTopology } from '../../src/verify/verify.js';
import { verifyReportToJunit } from '../../src/verify/report/junit.js';
import { runVerify } from './helpers.js';
import { checkWellFormedXml } from './xml.js';

async function verifyFile(file: string, scenarioFile?: string): Promise<VerifyReport> {
  const loaded = await loadTopology(file);
  if (!loaded.ok) throw new Error(renderDiagnostics(loaded.diagnostics));
  let scenario;
  if (scenarioFile) {
    const parsed = await readScenario(scenarioFile);
    if (!parsed.ok) throw new Error(renderDiagnostics(parsed.diagnostics));
    const resolved = resolveScenario(parsed.value, loaded.topology, KNOWN_CHECK_IDS);
    if (!resolved.ok) throw new Error(renderDiagnostics(resolved.diagnostics));
    scenario = resolved.value;
  }
  return verifyTopology(loaded.topology, { topologyFile: file, scenario });
}

const result = (r: VerifyReport, id: string): CheckResult => {
  const found = r.results.find((x) => x.id === id);
  if (!found) throw new Error(`no result ${id}`);
  return found;
};

/** Every packet leg of a violation replays in the simulator as reaching where the symbolic engine said. */
function expectReplayed(v: Violation): void {
  if (v.witness) expect(v.witness.replayed, `witness of "${v.summary}"`).toBe(true);
  for (const step of v.chain ?? []) expect(step.packet?.replayed, `leg ${step.from} → ${step.to} of "${v.summary}"`).toBe(true);
  expect(v.witness !== undefined || (v.chain?.length ?? 0) > 0).toBe(true);
}

const REFERENCES = ['alpha-town', 'beta-city', 'beta-prime-city', 'beta-prime-prefecture', 'shared-network-2030'].filter((n) => existsSync(`topologies/${n}.yaml`));
const SCENARIO = (n: string) => (existsSync(`scenarios/${n}.yaml`) ? `scenarios/${n}.yaml` : undefined);
/** A broken variant with its scenario (the base's exceptions), as `segproof verify` picks it up by name. */
const verifyBroken = (n: string) => verifyFile(`topologies/broken/${n}.yaml`, SCENARIO(n));

describe('reference networks', () => {
  for (const name of REFERENCES) {
    it(`${name}: the R and F invariants of its model and its scenario's properties hold`, async () => {
      const report = await verifyFile(`topologies/${name}.yaml`, SCENARIO(name));
      const failing = report.results.filter((r) => r.status === 'fail' && (r.kind === 'property' || /^[RFZ]/.test(r.id)));
      expect(failing.map((r) => `${r.id}: ${r.violations[0]?.summary ?? ''}`)).toEqual([]);
      // A pack ran: at least one invariant was actually checked.
      expect(report.results.some((r) => r.kind === 'invariant' && r.status === 'pass')).toBe(true);
    });
  }

  it('beta-prime-city: everything holds, including the inventory invariants, and the CLI exits 0', async () => {
    const { code, out } = await runVerify(['topologies/beta-prime-city.yaml']);
    expect(out).toContain('All checked properties hold');
    expect(code).toBe(0);
  });
});

describe('broken variants', () => {
  it('acl-opens-mn-to-inet: R1 and F3 fail; the witness replays through the rule that opened it', async () => {
    const report = await verifyBroken('acl-opens-mn-to-inet');
    const r1 = result(report, 'R1');
    expect(r1.status).toBe('fail');
    r1.violations.forEach(expectReplayed);
    const acls = r1.violations[0]?.witness?.traces.flatMap((t) => t.hops.flatMap((h) => h.acls.map((a) => a.rule))) ?? [];
    expect(acls).toContain('temporary-vendor-access');
    expect(result(report, 'F3').status).toBe('fail');
    expect(result(report, 'R1').violations.every((v) => v.headerSummary?.includes('src 10.30.'))).toBe(true);
  });

  it('relay-forwards-into-mn: R1 finds INET packets ending at a gateway with an MN leg, F3 the relay chain into MN', async () => {
    const report = await verifyBroken('relay-forwards-into-mn');
    const r1 = result(report, 'R1');
    expect(r1.status).toBe('fail');
    expect(r1.violations.some((v) => v.summary.startsWith('Packets from INET reach application-bridge '))).toBe(true);
    const f3 = result(report, 'F3');
    expect(f3.status).toBe('fail');
    f3.violations.forEach(expectReplayed);
    const viaBridge = f3.violations.find((v) => v.chain?.some((s) => s.from === 'application-bridge' && s.to === 'mn-file' && s.channel === 'relayed-data'));
    expect(viaBridge, 'a chain through application-bridge into mn-file').toBeDefined();
  });

  it('screen-transfer-clipboard-on: packet invariants hold, F2 finds redirected data LG → INET through st-gateway', async () => {
    const report = await verifyBroken('screen-transfer-clipboard-on');
    for (const id of ['R1', 'R2', 'R3', 'R4', 'R5', 'R6', 'R7']) expect(result(report, id).status, id).toBe('pass');
    const f2 = result(report, 'F2');
    expect(f2.status).toBe('fail');
    f2.violations.forEach(expectReplayed);
    const steps = f2.violations.flatMap((v) => v.chain ?? []);
    expect(steps.some((s) => s.from === 'st-gateway' && s.to === 'inet-terminals' && /clipboard|file/.test(s.channel))).toBe(true);
    expect(steps.some((s) => /redirection\.(clipboard|file)\.hostToClient: true/.test(s.because))).toBe(true);
  });

  it.runIf(existsSync('topologies/broken/tenant-route-leak.yaml'))('tenant-route-leak: the scenario\'s tenant isolation fails with a replayed witness through the leak', async () => {
    const loaded = await loadTopology('topologies/broken/tenant-route-leak.yaml');
    if (!loaded.ok) throw new Error(renderDiagnostics(loaded.diagnostics));
    const parsed = await readScenario('scenarios/shared-network-2030.yaml');
    if (!parsed.ok) throw new Error('scenario');
    const scenario = resolveScenario(parsed.value, loaded.topology, []);
    if (!scenario.ok) throw new Error(renderDiagnostics(scenario.diagnostics));
    const report = verifyTopology(loaded.topology, { topologyFile: 'topologies/broken/tenant-route-leak.yaml', scenario: scenario.value });
    const ab = result(report, 'tenant-a-isolated-from-tenant-b');
    expect(ab.status).toBe('fail');
    ab.violations.forEach(expectReplayed);
    expect(ab.violations.map((v) => v.witness?.expectedAt)).toContain('b-staff-pcs');
    expect(result(report, 'tenant-b-isolated-from-tenant-a').status).toBe('pass');
  });

  it('tenant-route-leak: the zero-trust pack alone (Z3) finds the leak from tenant 甲市 into 乙町, and only that direction', async () => {
    const report = await verifyFile('topologies/broken/tenant-route-leak.yaml');
    const z3 = result(report, 'Z3');
    expect(z3.status).toBe('fail');
    z3.violations.forEach(expectReplayed);
    const summaries = z3.violations.map((v) => v.summary);
    expect(summaries).toContainEqual(expect.stringMatching(/^Packets from tenant 甲市 .* reach b-staff-pcs /));
    expect(summaries.every((s) => s.startsWith('Packets from tenant 甲市'))).toBe(true);
    expect(result(await verifyFile('topologies/shared-network-2030.yaml'), 'Z3').status).toBe('pass');
  });

  it('the CLI exits 1 on a violation and writes well-formed JUnit with one testcase per check', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'segproof-junit-'));
    const junit = path.join(dir, 'report.xml');
    const { code, out } = await runVerify(['topologies/broken/acl-opens-mn-to-inet.yaml', '--junit', junit]);
    expect(code).toBe(1);
    expect(out).toMatch(/✗ R1 /);
    const xml = readFileSync(junit, 'utf8');
    expect(checkWellFormedXml(xml)).toEqual([]);
    const report = await verifyBroken('acl-opens-mn-to-inet');
    expect(xml.match(/<testcase /g)?.length).toBe(report.results.length);
    expect(xml.match(/<failure /g)?.length).toBe(report.results.filter((r) => r.status === 'fail').length);
    expect(checkWellFormedXml(verifyReportToJunit(report))).toEqual([]);
  });

  it('--json reports ok:false with the witness packet; bad input exits 2', async () => {
    const { code, out } = await runVerify(['topologies/broken/acl-opens-mn-to-inet.yaml', '--json']);
    expect(code).toBe(1);
    const json = JSON.parse(out) as { ok: boolean; results: { id: string; violations: { witness?: { replayed: boolean } }[] }[] };
    expect(json.ok).toBe(false);
    expect(json.results.find((r) => r.id === 'R1')?.violations[0]?.witness?.replayed).toBe(true);
    expect((await runVerify(['topologies/beta-prime-city.yaml', '--scenario', 'test/verify/errors/SCEN003.yaml'])).code).toBe(2);
    expect((await runVerify(['topologies/does-not-exist.yaml'])).code).toBe(2);
  });
});
