/**
 * Exceptions an auditor can follow: an exception applies through its `expires` day and not after (the
 * report says so, with the day), one that exempts nothing is a warning, and every report format carries
 * the justification and the expiry of each exception.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderDiagnostics } from '../../src/diagnostics/diagnostic.js';
import { loadTopology } from '../../src/topology/load.js';
import type { Topology } from '../../src/topology/model.js';
import { KNOWN_CHECK_IDS } from '../../src/verify/packs/index.js';
import { verifyReportToJson } from '../../src/verify/report/json.js';
import { verifyReportToJunit } from '../../src/verify/report/junit.js';
import { renderVerifyReport } from '../../src/verify/report/text.js';
import type { VerifyReport } from '../../src/verify/result.js';
import { calendarDay } from '../../src/verify/scenario/expiry.js';
import { parseScenarioText, resolveScenario, type ResolveOptions } from '../../src/verify/scenario/load.js';
import { verifyTopology } from '../../src/verify/verify.js';
import { runVerify } from './helpers.js';
import { checkWellFormedXml } from './xml.js';

const topologyFile = path.join('topologies', 'beta-prime-city.yaml');
const scenarioFile = path.join('scenarios', 'exceptions-under-test.yaml');
let topology: Topology;

beforeAll(async () => {
  const loaded = await loadTopology(topologyFile);
  if (!loaded.ok) throw new Error(renderDiagnostics(loaded.diagnostics));
  topology = loaded.topology;
});

/** HTTPS from the INET terminals to the groupware is open in beta-prime-city: the property fails unless exempted. */
const scenarioText = (exception: string) => `scenario: 1
topology: ../topologies/beta-prime-city.yaml
properties:
  - name: groupware-closed
    isolated: { from: inet-terminals, to: groupware, service: tcp/443, layer: packet }
exceptions:
${exception}`;

const trial = (expires: string) => `  - name: groupware-trial
    justification: trial approved by the CISO (memo 2026-17)
    expires: ${expires}
    applies-to: [groupware-closed]
    from: inet-terminals
    to: groupware
    service: tcp/443
`;

function resolve(text: string, options: ResolveOptions = {}) {
  const parsed = parseScenarioText(text, scenarioFile);
  if (!parsed.ok) throw new Error(renderDiagnostics(parsed.diagnostics));
  const resolved = resolveScenario(parsed.value, topology, KNOWN_CHECK_IDS, options);
  if (!resolved.ok) throw new Error(renderDiagnostics(resolved.diagnostics));
  return resolved.value;
}

function verify(text: string, today: string): VerifyReport {
  return verifyTopology(topology, { topologyFile, scenario: resolve(text, { today }), noPack: true });
}

const status = (r: VerifyReport, id: string) => r.results.find((x) => x.id === id)?.status;

describe('exception expiry', () => {
  it('applies through its expires day: the property holds and the exception is recorded as applied there', () => {
    const report = verify(scenarioText(trial('2026-03-31')), '2026-03-31');
    expect(status(report, 'groupware-closed')).toBe('pass');
    expect(report.exceptions).toEqual([expect.objectContaining({ name: 'groupware-trial', status: 'applied', expires: '2026-03-31', appliedIn: ['groupware-closed'], justification: 'trial approved by the CISO (memo 2026-17)' })]);
    expect(report.warnings).toEqual([]);
  });

  it('no longer applies the day after: the flow is a violation again and the report says the exception expired, with the day', () => {
    const report = verify(scenarioText(trial('2026-03-31')), '2026-04-01');
    expect(status(report, 'groupware-closed')).toBe('fail');
    expect(report.results.flatMap((r) => r.exceptionsUsed)).toEqual([]);
    expect(report.exceptions).toEqual([expect.objectContaining({ name: 'groupware-trial', status: 'expired', expires: '2026-03-31', appliedIn: [] })]);
    expect(report.warnings.map((w) => w.code)).toEqual(['SCEN009']);
    expect(report.warnings[0]?.message).toContain('expired on 2026-03-31 (today is 2026-04-01)');
    expect(renderVerifyReport(report)).toContain('groupware-trial — EXPIRED, not applied (expired on 2026-03-31)');
  });

  it('judges expiry against the real day when no day is given', () => {
    const before = calendarDay();
    const scenario = resolve(scenarioText(trial('2000-01-01')));
    expect([before, calendarDay()]).toContain(scenario.today);
    expect(scenario.expired.map((e) => e.name)).toEqual(['groupware-trial']);
    expect(scenario.exceptions).toEqual([]);
  });
});

describe('an exception that exempts nothing', () => {
  it('is a SCEN011 warning at the exception, recorded as unused, while a matching one is not', () => {
    const unused = `  - name: wrong-receiver
    justification: names a receiver the property does not check
    applies-to: [groupware-closed]
    from: inet-terminals
    to: lg-file
    service: tcp/443
`;
    const report = verify(scenarioText(trial('2030-01-01') + unused), '2026-01-01');
    expect(report.exceptions.map((e) => [e.name, e.status])).toEqual([['groupware-trial', 'applied'], ['wrong-receiver', 'unused']]);
    expect(report.warnings.map((w) => [w.code, w.location?.line])).toEqual([['SCEN011', 14]]);
    expect(report.results[0]?.exceptionsUsed).toEqual(['groupware-trial']);
  });
});

describe('the justification and expiry in every report format', () => {
  const report = () => verify(scenarioText(trial('2026-12-31')), '2026-06-01');

  it('text: an Exceptions section with the day judged on, the checks, the expiry and the justification', () => {
    const text = renderVerifyReport(report());
    expect(text).toContain('Exceptions (expiry judged on 2026-06-01):');
    expect(text).toContain('groupware-trial — applied in groupware-closed (expires 2026-12-31)');
    expect(text).toContain('justification: trial approved by the CISO (memo 2026-17)');
  });

  it('JSON: every exception with status, expiry, justification and where it applied; the warnings', () => {
    const json = JSON.parse(JSON.stringify(verifyReportToJson(report()))) as Record<string, unknown>;
    expect(json.today).toBe('2026-06-01');
    expect(json.exceptions).toEqual([expect.objectContaining({ name: 'groupware-trial', status: 'applied', expires: '2026-12-31', justification: 'trial approved by the CISO (memo 2026-17)', appliedIn: ['groupware-closed'] })]);
    expect(json.warnings).toEqual([]);
  });

  it('JUnit: a suite property per exception and the exception under the testcase it exempted', () => {
    const xml = verifyReportToJunit(report());
    expect(checkWellFormedXml(xml)).toEqual([]);
    const line = 'exception groupware-trial (applied, expires 2026-12-31): trial approved by the CISO (memo 2026-17)';
    expect(xml).toContain(`<property name="exception.groupware-trial" value="${line}"/>`);
    expect(xml).toMatch(new RegExp(`name="groupware-closed: [^"]*"[^]*?<system-out>[^<]*${line.replace(/[()]/g, '\\$&')}`));
  });
});

describe('segproof verify with an expired exception', () => {
  it('applies it no more: exit 1, the report says it expired, SCEN009 on stderr (text) or in warnings (JSON)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'segproof-expired-'));
    const scenario = path.join(dir, 'expired.yaml');
    writeFileSync(scenario, scenarioText(trial('2000-01-01')).replace('../topologies/beta-prime-city.yaml', path.resolve(topologyFile)));
    const text = await runVerify([topologyFile, '--scenario', scenario, '--no-pack']);
    expect(text.code).toBe(1);
    expect(text.out).toContain('groupware-trial — EXPIRED, not applied (expired on 2000-01-01)');
    expect(text.err).toContain('warning SCEN009: exception "groupware-trial" expired on 2000-01-01');
    const json = await runVerify([topologyFile, '--scenario', scenario, '--no-pack', '--json']);
    const report = JSON.parse(json.out) as { ok: boolean; exceptions: { name: string; status: string }[]; warnings: { code: string }[] };
    expect(report.ok).toBe(false);
    expect(report.exceptions.map((e) => [e.name, e.status])).toEqual([['groupware-trial', 'expired']]);
    expect(report.warnings.map((w) => w.code)).toEqual(['SCEN009']);
  });
});

describe('exceptions under the attacker', () => {
  // The unlisted device of the terminals' segment may forge inet-terminals' addresses: the exception names
  // inet-terminals as the sender, so only its own packets are exempt.
  const zoneText = `scenario: 1
topology: ../topologies/beta-prime-city.yaml
properties:
  - name: groupware-closed
    isolated: { from: segment:inet_terminals, to: groupware, service: tcp/443, layer: packet }
exceptions:
  - name: terminals-groupware
    justification: the terminals' groupware use
    applies-to: [groupware-closed]
    from: inet-terminals
    to: groupware
    service: tcp/443
`;

  it('exempts what it names only from the senders it names: a forger of their addresses is still reported', () => {
    const report = verify(zoneText, '2026-03-31');
    const result = report.results.find((x) => x.id === 'groupware-closed');
    expect(result?.status).toBe('fail');
    const witness = result?.violations[0]?.witness;
    expect(witness?.start).not.toBe('inet-terminals');
    expect(witness?.replayed).toBe(true);
  });

  it('holds when the property asks only about the named sender', () => {
    const report = verify(zoneText.replace('from: segment:inet_terminals, to: groupware', 'from: inet-terminals, to: groupware'), '2026-03-31');
    expect(report.results.find((x) => x.id === 'groupware-closed')?.status).toBe('pass');
  });
});
