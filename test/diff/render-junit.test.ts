/** JUnit output of `segproof diff`: one testcase per gate and per changed check; failures agree with the gates and carry the witness. */
import { describe, expect, it } from 'vitest';
import { evaluateGates, parseGates } from '../../src/diff/gates.js';
import { renderJunit } from '../../src/diff/render/junit.js';
import type { DiffReport } from '../../src/diff/report.js';
import { emptyReport, sampleReport } from './render-report-fixture.js';

function junit(report: DiffReport, specs: string[]): string {
  const parsed = parseGates(specs);
  if (!parsed.ok) throw new Error('bad gates');
  return renderJunit(report, specs.length > 0 ? evaluateGates(parsed.gates, report) : undefined);
}

/** Attributes of every element named `tag`, in order. */
function elements(xml: string, tag: string): Record<string, string>[] {
  return [...xml.matchAll(new RegExp(`<${tag}\\s([^>]*?)/?>`, 'g'))].map((m) => Object.fromEntries([...m[1]!.matchAll(/(\w+)="([^"]*)"/g)].map((a) => [a[1]!, a[2]!])));
}

describe('renderJunit', () => {
  it('one testcase per gate and per changed check; failures only where a gate tripped', () => {
    const xml = junit(sampleReport(), ['new-permit:to=MN', 'new-permit:to=JUKI', 'regression']);
    const cases = elements(xml, 'testcase').map((c) => c.name);
    expect(cases).toEqual(['gate new-permit:to=MN', 'gate new-permit:to=JUKI', 'gate regression', 'R1: No packet from INET reaches MN', 'P3: LG mail leaves through the relay']);
    expect(elements(xml, 'testsuite')[0]).toMatchObject({ tests: '5', failures: '3', errors: '0' });
    // new-permit:to=MN, regression, and R1 (matched by regression); JUKI passed and P3 was a fix.
    expect(elements(xml, 'failure').map((f) => f.type)).toEqual(['new-permit:to=MN', 'regression', 'R1']);
  });

  it('a failure carries the witness in both versions with the deciding rules and their lines', () => {
    const xml = junit(sampleReport(), ['new-permit:to=MN']);
    const body = /<failure [^>]*>([\s\S]*?)<\/failure>/.exec(xml)![1]!;
    expect(body).toContain('INET&gt;MN: vendor_pc now reaches mn_db');
    expect(body).toContain('witness: tcp 10.30.0.10:49152 → 10.10.10.14:445 from vendor_pc');
    expect(body).toContain('before: denied-in at mn-fw by rule deny-all of ACL INET_TO_MN (topologies/beta-prime-city.yaml:118)');
    expect(body).toContain('after: delivered at mn_db by rule temporary-vendor-access of ACL INET_TO_MN (topologies/broken/acl-opens-mn-to-inet.yaml:120); path vendor_pc -&gt; inet-core -&gt; mn-fw -&gt; mn_db');
  });

  it('without gates the whole diff is one testcase "no differences"', () => {
    const changed = elements(junit(sampleReport(), []), 'testsuite')[0]!;
    // The implicit any gate, and R1 (which it matched).
    expect(changed).toMatchObject({ tests: '3', failures: '2' });
    const same = junit(emptyReport(), []);
    expect(elements(same, 'testcase').map((c) => c.name)).toEqual(['gate no differences']);
    expect(elements(same, 'testsuite')[0]).toMatchObject({ tests: '1', failures: '0', errors: '0' });
    expect(same).not.toContain('<failure');
  });

  it('a gate that could not be judged is an error, never a pass', () => {
    const xml = junit(emptyReport(), ['lint:new']);
    expect(elements(xml, 'error')).toEqual([{ message: 'not judged: lint findings were not computed for this comparison', type: 'unavailable' }]);
    expect(elements(xml, 'testsuite')[0]).toMatchObject({ errors: '1' });
  });

  it('escapes what XML forbids in names and messages', () => {
    const report = sampleReport({ statusChanges: [{ ...sampleReport().statusChanges[0]!, title: 'a < b & "c"\u0001' }] });
    const xml = junit(report, ['regression']);
    expect(xml).toContain('name="R1: a &lt; b &amp; &quot;c&quot;"');
    expect(xml).not.toContain('\u0001');
  });
});
