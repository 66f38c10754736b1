/** The pull-request comment: verdict, gates, a table per zone-class pair, top changes with rules, details; escaped and capped. */
import { describe, expect, it } from 'vitest';
import { evaluateGates, parseGates } from '../../src/diff/gates.js';
import { MARKDOWN_LIMIT, mdCode, mdText, renderMarkdown } from '../../src/diff/render/markdown.js';
import type { DiffReport, ReachChange } from '../../src/diff/report.js';
import { emptyReport, NEW_INET_TO_MN, sampleReport } from './render-report-fixture.js';

function markdown(report: DiffReport, specs: string[]): string {
  const parsed = parseGates(specs);
  if (!parsed.ok) throw new Error('bad gates');
  return renderMarkdown(report, specs.length > 0 ? evaluateGates(parsed.gates, report) : undefined);
}

describe('renderMarkdown', () => {
  it('says which gates tripped, tables the class pairs and names the rule and line of the top change', () => {
    const md = markdown(sampleReport(), ['new-permit:to=MN', 'regression', 'change:touches=JUKI']);
    expect(md).toContain('**❌ 2 of 3 gates tripped**');
    expect(md).toContain('- `new-permit:to=MN`: ❌ 1 match');
    expect(md).toContain('- `change:touches=JUKI`: ✅ passed');
    expect(md).toContain('| zone classes | new reach | removed reach |');
    expect(md).toContain('| **INET → MN** | 1 | 0 |');
    expect(md).toContain('| **LG → LGWAN** | 0 | 1 |');
    expect(md).toContain(
      '1. **INET → MN** `vendor_pc` now reaches `mn_db`: `tcp 10.30.0.10:49152 → 10.10.10.14:445` — `temporary-vendor-access` of `INET_TO_MN` (`topologies/broken/acl-opens-mn-to-inet.yaml:120`)',
    );
    expect(md).toContain('| `R1` No packet from INET reaches MN | pass | fail | ❌ regression |');
    expect(md).toContain('<details><summary>All changes with witnesses</summary>');
    expect(md).toContain('  after:  delivered at mn_db by rule temporary-vendor-access of ACL INET_TO_MN (topologies/broken/acl-opens-mn-to-inet.yaml:120)');
    expect(md.indexOf('</details>')).toBeGreaterThan(md.indexOf('<details>'));
  });

  it('an empty diff says so and that no gate tripped', () => {
    const md = markdown(emptyReport(), ['new-permit:to=MN']);
    expect(md).toContain('**✅ no gate tripped** (1 checked)');
    expect(md).toContain('No difference in reach, information flow, checks or rules.');
    expect(md).not.toContain('<details>');
  });

  it('escapes names from topology files so they cannot inject markup', () => {
    expect(mdText('a|b *c* <img src=x>')).toBe('a\\|b \\*c\\* \\<img src=x\\>');
    expect(mdCode('x`y')).toBe('``x`y``');
    expect(mdCode('a|b')).toBe('`a\\|b`');
    const evil: ReachChange = { ...NEW_INET_TO_MN, source: 'pc`</details><script>', classPair: 'INET>MN' };
    const md = markdown(sampleReport({ changes: [evil] }), []);
    expect(md).toContain('``pc`</details><script>``');
    // Three: the one closing the section, the name in the top change's code span and in the fenced details block.
    expect(md.split('</details>').length - 1).toBe(3);
    expect(md).toContain('```text\nINET>MN: pc`</details><script> now reaches mn_db');
  });

  it('stays under the comment size limit, saying where it was cut', () => {
    const many = Array.from({ length: 3000 }, (_, i) => ({ ...NEW_INET_TO_MN, destination: `mn_host_${i}` }));
    const md = markdown(sampleReport({ changes: many }), ['new-permit:to=MN']);
    expect(md.length).toBeLessThanOrEqual(MARKDOWN_LIMIT);
    expect(md).toContain('Comment cut at 60000 characters');
    expect(md).toContain('</details>');
  });
});
