/**
 * The format references say what the loaders accept: every key of the topology and scenario formats is
 * documented, and no diagnostic of the scenario loader points readers into source code.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { topologyJsonSchema } from '../../src/topology/format.js';
import { scenarioJsonSchema } from '../../src/verify/scenario/format.js';
import { parseScenarioText, resolveScenario } from '../../src/verify/scenario/load.js';
import { renderDiagnostics } from '../../src/diagnostics/diagnostic.js';
import { loadTopology } from '../../src/topology/load.js';
import { KNOWN_CHECK_IDS } from '../../src/verify/packs/index.js';
import type { JsonSchema } from '../../scripts/docs/schema-tables.js';

/** Every key name used anywhere in a JSON Schema. */
function keyNames(s: JsonSchema, out = new Set<string>()): Set<string> {
  for (const [k, v] of Object.entries(s.properties ?? {})) {
    out.add(k);
    keyNames(v, out);
  }
  for (const v of [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.items ? [s.items] : []), ...(typeof s.additionalProperties === 'object' ? [s.additionalProperties] : [])]) keyNames(v, out);
  return out;
}

/** The last segment of each key path in a reference's tables. */
function documentedKeys(file: string): Set<string> {
  const keys = new Set<string>();
  for (const m of readFileSync(file, 'utf8').matchAll(/^\| `([^`]+)` \|/gm)) keys.add((m[1] as string).split('.').pop()!.replace(/\[\]$/, ''));
  return keys;
}

describe('format references', () => {
  it('docs/topology-format.md documents every key of the topology format', () => {
    const documented = documentedKeys('docs/topology-format.md');
    expect([...keyNames(topologyJsonSchema() as JsonSchema)].filter((k) => !documented.has(k))).toEqual([]);
  });

  it('docs/scenario-format.md documents every key of the scenario format', () => {
    const documented = documentedKeys('docs/scenario-format.md');
    expect([...keyNames(scenarioJsonSchema() as JsonSchema)].filter((k) => !documented.has(k))).toEqual([]);
  });

  it('scenario diagnostics point at docs/scenario-format.md, never into source code', () => {
    const dir = path.join('test', 'verify', 'errors');
    const rendered = readdirSync(dir).filter((f) => f.startsWith('SCEN') && f.endsWith('.expected')).map((f) => readFileSync(path.join(dir, f), 'utf8'));
    const source = readFileSync(path.join('src', 'verify', 'scenario', 'load.ts'), 'utf8');
    expect(rendered.filter((t) => /src\/|\.ts\b/.test(t))).toEqual([]);
    expect(source.match(/(see|in) src\/[\w/.-]+/g) ?? []).toEqual([]);
    expect(source).toContain('SCENARIO_FORMAT_DOC');
  });

  it('an unknown or malformed scenario key names docs/scenario-format.md in what was expected or the hint', () => {
    for (const text of ['scenario: 1\ntopology: t.yaml\npropertes: []\n', 'scenario: 1\ntopology: t.yaml\nexceptions:\n  - { name: e, justification: ok, from: a, to: b, expires: 31.3.2026 }\n', 'scenario: 1\ntopology: t.yaml\nproperties: 3\n']) {
      const parsed = parseScenarioText(text, 'scenarios/x.yaml');
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) for (const d of parsed.diagnostics) expect(`${d.expected ?? ''} ${d.hint ?? ''}`, d.message).toMatch(/docs\/scenario-format\.md/);
    }
  });
});

describe('docs/scenario-format.md examples', () => {
  it('the example scenario resolves against the topology it names', async () => {
    const doc = readFileSync('docs/scenario-format.md', 'utf8');
    const example = /## Example\n\n```yaml\n([^]*?)```/.exec(doc)?.[1];
    expect(example).toBeDefined();
    const parsed = parseScenarioText(example ?? '', path.join('scenarios', 'doc-example.yaml'));
    if (!parsed.ok) throw new Error(renderDiagnostics(parsed.diagnostics));
    const loaded = await loadTopology(parsed.value.topologyPath);
    if (!loaded.ok) throw new Error(renderDiagnostics(loaded.diagnostics));
    const resolved = resolveScenario(parsed.value, loaded.topology, KNOWN_CHECK_IDS, { today: '2026-06-01' });
    if (!resolved.ok) throw new Error(renderDiagnostics(resolved.diagnostics));
    expect(resolved.value.warnings).toEqual([]);
    expect(resolved.value.properties.length).toBe(4);
  });
});
