/**
 * SARIF output of `segproof diff`: valid against the OASIS SARIF 2.1.0 schema (vendored in
 * test/fixtures/sarif, draft-04), results on the changed rule lines, and fingerprints that stay the same
 * across runs and line moves but differ between different changes.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { evaluateGates, parseGates } from '../../src/diff/gates.js';
import { FINGERPRINT_KEY, renderSarif } from '../../src/diff/render/sarif.js';
import type { DecidingRule, DiffReport, ReachChange } from '../../src/diff/report.js';
import { AFTER_FILE, emptyReport, NEW_INET_TO_MN, sampleReport } from './render-report-fixture.js';

const root = path.resolve(import.meta.dirname, '../..');
const schema = JSON.parse(readFileSync(path.join(root, 'test/fixtures/sarif/sarif-schema-2.1.0.json'), 'utf8')) as object;
// Both are CommonJS modules whose module.exports is the default export itself.
const Ajv = AjvDraft04 as unknown as typeof AjvDraft04.default;
const addFormats = ajvFormats as unknown as typeof ajvFormats.default;
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);

interface SarifResult {
  ruleId: string;
  level: string;
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
  partialFingerprints: Record<string, string>;
  properties?: { gates?: string[] };
}
interface SarifLog {
  version: string;
  runs: { tool: { driver: { name: string; rules: { id: string }[] } }; results: SarifResult[] }[];
}

function gatesFor(...specs: string[]) {
  const parsed = parseGates(specs);
  if (!parsed.ok) throw new Error('bad gates');
  return parsed.gates;
}

function sarif(report: DiffReport, specs: string[] = []): SarifLog {
  const verdict = specs.length > 0 ? evaluateGates(gatesFor(...specs), report) : undefined;
  return JSON.parse(JSON.stringify(renderSarif(report, verdict, { toolVersion: '0.1.0', baseDir: root }))) as SarifLog;
}

/** The same change with its deciding rule moved to another line. */
function moved(change: ReachChange, line: number): ReachChange {
  const w = change.witness!;
  const rule: DecidingRule = { ...w.after.decidingRule!, line, location: `${AFTER_FILE}:${line}` };
  return { ...change, witness: { ...w, after: { ...w.after, decidingRule: rule } } };
}

describe('renderSarif', () => {
  it('is valid SARIF 2.1.0 (with gates, without, and for an empty diff)', () => {
    for (const log of [sarif(sampleReport(), ['new-permit:to=MN', 'regression', 'any']), sarif(sampleReport()), sarif(emptyReport())]) {
      const ok = validate(log);
      expect(validate.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
    }
  });

  it('the validator rejects what the schema forbids (so the test above can fail)', () => {
    const log = sarif(sampleReport()) as unknown as { runs: { results: { level: string }[] }[] };
    log.runs[0]!.results[0]!.level = 'fatal';
    expect(validate(log)).toBe(false);
    expect(validate({ version: '2.0.0', runs: [] })).toBe(false);
  });

  it('puts the new INET → MN reach on the permitting rule line, as an error when a gate matched it', () => {
    const log = sarif(sampleReport(), ['new-permit:to=MN']);
    const results = log.runs[0]!.results;
    const reach = results.find((r) => r.ruleId === 'SPD001')!;
    expect(reach.level).toBe('error');
    expect(reach.locations[0]!.physicalLocation).toEqual({ artifactLocation: { uri: AFTER_FILE }, region: { startLine: 120 } });
    expect(reach.message.text).toContain('rule temporary-vendor-access of ACL INET_TO_MN');
    expect(reach.properties?.gates).toEqual(['new-permit:to=MN']);
    // Without the gate it is a warning (MN is critical); a fix is a note.
    const plain = sarif(sampleReport()).runs[0]!.results;
    expect(plain.find((r) => r.ruleId === 'SPD001')!.level).toBe('warning');
    expect(plain.find((r) => r.ruleId === 'SPD006')!.level).toBe('note');
    expect(plain.find((r) => r.ruleId === 'SPD005')!.level).toBe('warning');
    expect(log.runs[0]!.tool.driver.rules.map((r) => r.id)).toContain('SPD001');
  });

  it('gives every result a fingerprint that is stable across runs and line moves, and distinct per change', () => {
    const first = sarif(sampleReport()).runs[0]!.results.map((r) => r.partialFingerprints[FINGERPRINT_KEY]);
    const again = sarif(sampleReport()).runs[0]!.results.map((r) => r.partialFingerprints[FINGERPRINT_KEY]);
    expect(again).toEqual(first);
    expect(new Set(first).size).toBe(first.length);
    expect(first.every((f) => /^[0-9a-f]{64}$/.test(f!))).toBe(true);

    const shifted = sampleReport({ changes: [moved(NEW_INET_TO_MN, 131)] }).changes;
    const log = sarif(sampleReport({ changes: shifted }));
    const r = log.runs[0]!.results.find((x) => x.ruleId === 'SPD001')!;
    expect(r.locations[0]!.physicalLocation.region.startLine).toBe(131);
    expect(r.partialFingerprints[FINGERPRINT_KEY]).toBe(first[0]);

    // Another destination is another finding.
    const other = sarif(sampleReport({ changes: [{ ...NEW_INET_TO_MN, destination: 'mn_app' }] })).runs[0]!.results[0]!;
    expect(other.partialFingerprints[FINGERPRINT_KEY]).not.toBe(first[0]);
  });

  it('falls back to the after file\'s first line where no line is known', () => {
    const log = sarif(sampleReport());
    const status = log.runs[0]!.results.find((r) => r.ruleId === 'SPD005')!;
    expect(status.locations[0]!.physicalLocation).toEqual({ artifactLocation: { uri: AFTER_FILE }, region: { startLine: 1 } });
  });

  it('an empty diff has no results', () => {
    expect(sarif(emptyReport()).runs[0]!.results).toEqual([]);
  });
});
