import { readdirSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateAclLinear, ruleMatches } from '../../src/acl/linear.js';
import { readTopologySources } from '../../src/cli/commands/lint.js';
import { memoryIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { CATALOGUE } from '../../src/diagnostics/catalogue.js';
import { aclDecisions } from '../../src/lint/acl-decisions.js';
import { lintTopology } from '../../src/lint/lint.js';
import { ruleCoverageFindings } from '../../src/lint/rule-coverage.js';
import type { PacketHeader } from '../../src/net/header.js';
import type { Acl, AclRule } from '../../src/topology/model.js';
import { loadTopology } from '../../src/topology/load.js';
import { aclOf, cellHeaders, named, propertySeed, ruleBodyArb } from './random-acls.js';

const dir = path.join('test', 'lint', 'cases');

async function lintFile(file: string): Promise<[string, number][]> {
  const loaded = await loadTopology(file);
  if (!loaded.ok) throw new Error(`${file} does not load: ${loaded.diagnostics.map((d) => d.message).join('; ')}`);
  const sources = await readTopologySources(loaded.topology);
  expect(sources).toBeDefined();
  return lintTopology(loaded.topology, { sources }).map((d) => [d.code, d.location?.line ?? 0]);
}

/** Exactly the findings each case file is written to produce: code and line. */
const EXPECTED: Record<string, [string, number][]> = {
  LINT001: [['LINT001', 24]],
  LINT002: [['LINT002', 28], ['LINT002', 29]],
  LINT003: [['LINT003', 26]],
  LINT004: [['LINT004', 27]],
  LINT005: [['LINT005', 28], ['LINT005', 30], ['LINT005', 35]],
  LINT006: [['LINT006', 23]],
  LINT007: [['LINT007', 18], ['LINT008', 20]],
  LINT009: [['LINT009', 11]],
  LINT010: [['LINT010', 27]],
};

describe('one small topology per finding kind', () => {
  it('every LINT code has a case (LINT008 shares LINT007\'s file)', () => {
    const codes = Object.keys(CATALOGUE).filter((c) => c.startsWith('LINT'));
    const covered = new Set(Object.values(EXPECTED).flatMap((list) => list.map(([code]) => code)));
    expect(codes.filter((c) => !covered.has(c))).toEqual([]);
    expect(readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()).toEqual(Object.keys(EXPECTED).map((c) => `${c}.yaml`).sort());
  });

  for (const [code, expected] of Object.entries(EXPECTED)) {
    it(`${code}: ${CATALOGUE[code as keyof typeof CATALOGUE]}`, async () => {
      expect(await lintFile(path.join(dir, `${code}.yaml`))).toEqual(expected);
    });
  }
});

describe('reachability given routing', () => {
  it('follows route leaks: a destination leaked into the ingress VRF is reachable, one left in the other VRF is not', async () => {
    expect(await lintFile(path.join('test', 'lint', 'routing', 'leak.yaml'))).toEqual([['LINT005', 33]]);
  });
});

describe('segproof lint on the command line', () => {
  const run = async (...args: string[]) => {
    const io = memoryIo();
    const code = await main(['node', 'segproof', 'lint', ...args], io);
    return { code, out: io.out.join('\n'), err: io.err.join('\n') };
  };

  it('exits 1 with findings rendered as file:line:col diagnostics, 0 at --severity error (all findings are warnings)', async () => {
    const file = path.join(dir, 'LINT001.yaml');
    const text = await run(file);
    expect(text.code).toBe(1);
    expect(text.out).toContain(`${file}:24:13: warning LINT001: rule "admin-ssh" (permit) is shadowed`);
    expect(text.out).toContain('hint: the permit never takes effect');
    expect((await run(file, '--severity', 'error')).code).toBe(0);
  });

  it('--json lists the findings with code and location', async () => {
    const r = await run(path.join(dir, 'LINT009.yaml'), '--json');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out) as { ok: boolean; findings: { code: string; location: { line: number } }[] };
    expect(report.ok).toBe(false);
    expect(report.findings.map((f) => [f.code, f.location.line])).toEqual([['LINT009', 11]]);
  });

  it('exits 0 on a clean topology and 2 on bad input or a bad --severity', async () => {
    expect((await run('topologies/beta-prime-city.yaml')).code).toBe(0);
    expect((await run(path.join(dir, 'missing.yaml'))).code).toBe(2);
    const bad = await run(path.join(dir, 'LINT001.yaml'), '--severity', 'info');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('CLI001');
  });
});

// ---- property: the ACL findings against brute force over every elementary cell ----

function decisions(rules: readonly AclRule[], def: 'permit' | 'deny', cells: readonly PacketHeader[]): string {
  const acl = aclOf(rules, def);
  return cells.map((h) => evaluateAclLinear(acl, h).action[0]).join('');
}

describe('shadowed / redundant / duplicate / empty claims agree with brute force (fast-check)', () => {
  it('each claim holds on every cell, removing all flagged rules changes no decision, and every rule left is needed', () => {
    const seed = propertySeed('lint coverage');
    const acls = fc.tuple(fc.array(ruleBodyArb, { minLength: 1, maxLength: 6 }), fc.constantFrom('permit' as const, 'deny' as const));
    fc.assert(
      fc.property(acls, ([bodies, def]) => {
        const rules = named(bodies);
        const acl: Acl = aclOf(rules, def);
        const cells = cellHeaders(rules);
        const found = ruleCoverageFindings(aclDecisions(acl));
        const byIndex = new Map(found.diagnostics.map((d) => [(d.location?.line ?? 0) - 10, d.code]));
        const firstMatch = (h: PacketHeader) => rules.findIndex((r) => ruleMatches(r, h));
        const decides = rules.map((_, j) => cells.some((h) => firstMatch(h) === j));
        for (const [j, code] of byIndex) {
          const rule = rules[j] as AclRule;
          if (code === 'LINT003') expect(cells.some((h) => ruleMatches(rule, h))).toBe(false);
          if (code === 'LINT001' || code === 'LINT004') expect(decides[j]).toBe(false);
          if (code === 'LINT001') expect(cells.some((h) => ruleMatches(rule, h) && rules[firstMatch(h)]?.action !== rule.action)).toBe(true);
          if (code === 'LINT002' && !decides[j]) expect(cells.every((h) => !ruleMatches(rule, h) || rules[firstMatch(h)]?.action === rule.action)).toBe(true);
          if (code === 'LINT004') expect(rules.some((r, i) => i < j && r.action === rule.action && cells.every((h) => ruleMatches(r, h) === ruleMatches(rule, h)))).toBe(true);
        }
        // Every rule that never decides is reported.
        rules.forEach((_, j) => {
          if (!decides[j]) expect(byIndex.has(j)).toBe(true);
        });
        // Together: removing every reported rule changes no decision on any cell.
        const kept = rules.filter((_, j) => !byIndex.has(j));
        expect(decisions(kept, def, cells)).toBe(decisions(rules, def, cells));
        // And none is reported needlessly: each kept rule, removed from what is left after the reported
        // later rules go, changes some decision.
        rules.forEach((_, j) => {
          if (byIndex.has(j)) return;
          const context = rules.filter((_, i) => i < j || !byIndex.has(i));
          const without = context.filter((r) => r !== rules[j]);
          expect(decisions(without, def, cells)).not.toBe(decisions(context, def, cells));
        });
      }),
      { seed, numRuns: 200 },
    );
  }, 30_000);
});
