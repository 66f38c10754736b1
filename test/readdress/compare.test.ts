import { describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { rank, type PlanEvaluation } from '../../src/readdress/compare.js';

const CITY = 'topologies/beta-prime-city.yaml';

function evaluation(name: string, over: Partial<PlanEvaluation> = {}): PlanEvaluation {
  return {
    name,
    file: `${name}.yaml`,
    applied: true,
    diagnostics: [],
    devices: 10,
    lines: 40,
    byCategory: { rules: 0, objects: 0, routes: 0, nat: 0, interfaces: 0, segments: 0, other: 0 },
    literals: 5,
    aggregation: [{ zone: 'LG', exact: 6, summary: 1 }],
    headroom: [],
    failing: [],
    checks: 20,
    ...over,
  };
}

describe('compare ranking', () => {
  it('orders by the stated criteria, each deciding only where the ones before tie', () => {
    const ranked = rank([
      evaluation('more-lines', { lines: 90 }),
      evaluation('broken', { devices: 1, failing: ['R1'] }),
      evaluation('changes-fates', { devices: 2, fates: { unexplained: 3, expected: 0 } }),
      evaluation('changes-fates-by-intent', { devices: 2, fates: { unexplained: 0, expected: 9 } }),
      evaluation('does-not-apply', { applied: false, devices: 0 }),
      evaluation('fewer-devices', { devices: 3, literals: 50 }),
      evaluation('better-aggregation', { aggregation: [{ zone: 'LG', exact: 4, summary: 1 }], lines: 99 }),
      evaluation('fewer-literals', { literals: 1, aggregation: [{ zone: 'LG', exact: 9, summary: 3 }] }),
    ]);
    expect(ranked.map((e) => e.name)).toEqual(['changes-fates-by-intent', 'fewer-devices', 'fewer-literals', 'better-aggregation', 'more-lines', 'changes-fates', 'broken', 'does-not-apply']);
  });
});

describe('segproof readdress compare on the β′ city', () => {
  it('ranks the per-segment plan first: same devices and literals, LG named by 4 prefixes instead of 6; every check holds', async () => {
    const io = memoryIo();
    const code = await main(['node', 'segproof', 'readdress', 'compare', CITY, 'topologies/plans/city-lg-one-block.yaml', 'topologies/plans/city-lg-per-segment.yaml', '--json'], io);
    expect(code, io.err.join('\n')).toBe(0);
    const report = JSON.parse(io.out.join('\n')) as { baseline: PlanEvaluation; ranked: PlanEvaluation[]; criteria: string[] };
    expect(report.ranked.map((e) => e.name)).toEqual(['city-lg-per-segment', 'city-lg-one-block']);
    const lg = (e: PlanEvaluation) => e.aggregation.find((z) => z.zone === 'LG');
    expect([report.baseline, ...report.ranked].map((e) => lg(e)?.exact)).toEqual([6, 4, 6]);
    for (const e of report.ranked) {
      expect(e.failing).toEqual([]);
      expect(e.devices).toBe(15);
      expect(e.literals).toBe(17);
      expect(e.fates).toEqual({ unexplained: 0, expected: 0 });
      // Entries, not values: eight routes (six gateways' LG routes, tokutei-relay's second, mn-core's), LG_SERVERS once for its two prefixes.
      expect(e.byCategory).toEqual({ rules: 0, objects: 12, routes: 8, nat: 0, interfaces: 19, segments: 6, other: 5 });
    }
    expect(report.baseline.failing).toEqual([]);
    expect(report.criteria[3]).toBe('fewer devices touched');
  });

  it('prints the table as Markdown with the criteria and fate changes; a plan that does not apply is ranked last and the exit code is 2', async () => {
    const io = memoryIo();
    const code = await main(['node', 'segproof', 'readdress', 'compare', 'test/readdress/fixtures/town.yaml', 'test/readdress/fixtures/bad-overlap.yaml', 'test/readdress/fixtures/warn-aggregate.yaml', 'test/readdress/fixtures/town-two-steps.yaml', '--markdown'], io);
    expect(code).toBe(2);
    const out = io.out.join('\n');
    expect(out).toMatch(/^\| rank \| plan \| devices \|/m);
    expect(out).toMatch(/^\| 1 \| warn-aggregate \| 3 \|/m);
    expect(out).toMatch(/^\| 1 \| warn-aggregate \|.*\| none \|/m);
    // Re-designating lg_users to LG_NEW changes what reaches it, by intent (not held against the plan); second by devices touched.
    expect(out).toMatch(/^\| 2 \| town-two-steps \|.*\| 0 unexplained, 9 by intent \|/m);
    expect(out).toMatch(/^\| 3 \| bad-overlap \|.*does not apply \(1 error\) \|$/m);
    expect(out).toContain('- 4. fewer devices touched');
    expect(io.err.join('\n')).toContain('bad-overlap.yaml:8:9: error PLAN060');
  });
});
