/** --fail-on gates: the grammar with its diagnostics, and what each gate matches in a DiffReport. */
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { describeMatch, evaluateGates, newFindings, parseGates, renderGates, type GateSpec } from '../../src/diff/gates.js';
import { emptyReport, NEW_INET_TO_MN, REMOVED_LG_TO_LGWAN, sampleReport } from './render-report-fixture.js';

function gates(...specs: string[]): readonly GateSpec[] {
  const parsed = parseGates(specs);
  if (!parsed.ok) throw new Error(parsed.diagnostics.map((d) => d.message).join('; '));
  return parsed.gates;
}

function problems(...specs: string[]): readonly Diagnostic[] {
  const parsed = parseGates(specs);
  if (parsed.ok) throw new Error(`expected ${specs.join(' ')} to be rejected`);
  return parsed.diagnostics;
}

describe('parseGates', () => {
  it('reads every gate of the grammar, classes case-insensitive, keys in any order', () => {
    expect(gates('new-permit:to=MN', 'NEW-PERMIT:from=inet,to=mn', 'removed-permit', 'change:touches=lgwan', 'regression', 'lint:new', 'any').map((g) => g.text)).toEqual([
      'new-permit:to=MN',
      'new-permit:to=MN,from=INET',
      'removed-permit',
      'change:touches=LGWAN',
      'regression',
      'lint:new',
      'any',
    ]);
    expect(gates('new-permit:to=MN,from=INET')[0]).toEqual({ kind: 'new-permit', text: 'new-permit:to=MN,from=INET', to: 'MN', from: 'INET' });
  });

  it('keeps a gate given twice once', () => {
    expect(gates('regression', 'regression', 'new-permit:to=MN', 'new-permit:to=mn')).toHaveLength(2);
  });

  it('says what is wrong with each bad spec, with the grammar and a suggestion', () => {
    const [unknownKind, badClass, badKey, twice, noValue, noArgs, extra, lint, empty, change] = problems(
      'new-permits:to=MN',
      'new-permit:to=MM',
      'new-permit:dest=MN',
      'new-permit:to=MN,to=LG',
      'new-permit:to=',
      'new-permit:',
      'regression:MN',
      'lint:old',
      '',
      'change',
    );
    expect(unknownKind).toMatchObject({ code: 'DIFF001', severity: 'error', message: '--fail-on "new-permits:to=MN": unknown gate "new-permits"', hint: 'did you mean "new-permit"?' });
    expect(unknownKind!.expected).toContain('new-permit[:to=CLASS][,from=CLASS]');
    expect(badClass).toMatchObject({ message: '--fail-on "new-permit:to=MM": "MM" is not a zone class', hint: 'did you mean "MN"?' });
    expect(badKey!.message).toContain('unknown key "dest"');
    expect(twice!.message).toContain('"to" is given twice');
    expect(noValue!.message).toContain('"to" has no value');
    expect(noArgs!.message).toContain('nothing after ":"');
    expect(extra!.message).toContain('"regression" takes no arguments');
    expect(lint!.message).toContain('the lint gate is "lint:new"');
    expect(empty!.message).toContain('empty gate');
    expect(change!.message).toContain('change needs touches=CLASS');
  });

  it('reports every bad spec, not just the first', () => {
    expect(problems('nope', 'regression', 'new-permit:to=XX')).toHaveLength(2);
  });
});

describe('evaluateGates', () => {
  it('new-permit:to=MN trips on exactly the new reach into MN, naming the rule and its line', () => {
    const v = evaluateGates(gates('new-permit:to=MN'), sampleReport());
    expect(v.tripped).toBe(true);
    expect(v.unavailable).toBe(false);
    expect(v.results[0]!.matches).toEqual([{ kind: 'reach', change: NEW_INET_TO_MN }]);
    expect(describeMatch(v.results[0]!.matches[0]!)).toBe(
      'INET>MN: vendor_pc now reaches mn_db (tcp 10.30.0.10:49152 → 10.10.10.14:445): rule temporary-vendor-access of ACL INET_TO_MN at topologies/broken/acl-opens-mn-to-inet.yaml:120',
    );
  });

  it('from= narrows by source class; a class nothing new reaches does not trip', () => {
    expect(evaluateGates(gates('new-permit:to=MN,from=INET'), sampleReport()).tripped).toBe(true);
    expect(evaluateGates(gates('new-permit:to=MN,from=LG'), sampleReport()).tripped).toBe(false);
    expect(evaluateGates(gates('new-permit:to=LGWAN'), sampleReport()).tripped).toBe(false);
  });

  it('removed-permit matches only removed reach', () => {
    const v = evaluateGates(gates('removed-permit:to=LGWAN', 'removed-permit:to=MN'), sampleReport());
    expect(v.results.map((r) => r.matches.length)).toEqual([1, 0]);
    expect(v.results[0]!.matches[0]).toEqual({ kind: 'reach', change: REMOVED_LG_TO_LGWAN });
  });

  it('change:touches matches reach changes and chains with the class on either side', () => {
    const mn = evaluateGates(gates('change:touches=MN'), sampleReport()).results[0]!;
    expect(mn.matches.map((m) => m.kind)).toEqual(['reach', 'chain']);
    const lg = evaluateGates(gates('change:touches=LG'), sampleReport()).results[0]!;
    expect(lg.matches).toEqual([{ kind: 'reach', change: REMOVED_LG_TO_LGWAN }]);
    expect(evaluateGates(gates('change:touches=JUKI'), sampleReport()).tripped).toBe(false);
  });

  it('regression trips on checks that got worse, not on fixes', () => {
    const r = evaluateGates(gates('regression'), sampleReport()).results[0]!;
    expect(r.matches.map((m) => (m.kind === 'status' ? m.change.id : '?'))).toEqual(['R1']);
    const onlyFix = sampleReport({ statusChanges: sampleReport().statusChanges.filter((s) => s.fixed) });
    expect(evaluateGates(gates('regression'), onlyFix).tripped).toBe(false);
    // A check that held and can no longer be checked got worse too.
    const unchecked = sampleReport({
      statusChanges: [{ id: 'F2', kind: 'invariant', title: 't', before: 'pass', after: 'not-checkable', violationsBefore: 0, violationsAfter: 0, regression: false, fixed: false, summaries: [] }],
    });
    expect(evaluateGates(gates('regression'), unchecked).tripped).toBe(true);
  });

  it('any trips on any difference and not on none', () => {
    const v = evaluateGates(gates('any'), sampleReport());
    expect(v.results[0]!.matches.map((m) => m.kind)).toEqual(['reach', 'reach', 'chain', 'status', 'status', 'rule', 'endpoint']);
    expect(evaluateGates(gates('any'), emptyReport()).tripped).toBe(false);
  });

  it('nothing trips on an empty diff', () => {
    const v = evaluateGates(gates('new-permit', 'removed-permit', 'change:touches=MN', 'regression', 'any'), emptyReport());
    expect(v.tripped).toBe(false);
    expect(v.results.every((r) => !r.tripped && r.matches.length === 0)).toBe(true);
  });

  it('lint:new without lint findings is not judged (never a pass)', () => {
    const v = evaluateGates(gates('lint:new'), emptyReport());
    expect(v.tripped).toBe(false);
    expect(v.unavailable).toBe(true);
    expect(renderGates(v)[0]).toContain('NOT JUDGED');
  });

  it('lint:new matches findings by code and message, not by line, one for one', () => {
    const finding = (line: number, message: string): Diagnostic => ({ code: 'LINT001', severity: 'warning', message, location: { file: 'a.yaml', line, column: 5 } });
    const before = [finding(10, 'rule x of ACL A is shadowed by rule w')];
    const after = [finding(14, 'rule x of ACL A is shadowed by rule w'), finding(20, 'rule x of ACL A is shadowed by rule w'), finding(30, 'rule y of ACL A is shadowed by rule w')];
    expect(newFindings({ before, after }).map((d) => d.location!.line)).toEqual([20, 30]);
    const v = evaluateGates(gates('lint:new'), emptyReport(), { before, after });
    expect(v.tripped).toBe(true);
    expect(describeMatch(v.results[0]!.matches[0]!)).toBe('a.yaml:20: LINT001: rule x of ACL A is shadowed by rule w');
    expect(evaluateGates(gates('lint:new'), emptyReport(), { before: after, after: before }).tripped).toBe(false);
    // Rule references carry file:line; a rule that moved (or a before file read from a git revision) is the same finding.
    const moved = { code: 'LINT001' as const, severity: 'warning' as const, message: 'rule "x" (a.yaml:12) is shadowed by rule "w" (a.yaml:3)', location: undefined };
    const movedAfter = { ...moved, message: 'rule "x" (b/a.yaml:15) is shadowed by rule "w" (b/a.yaml:4)' };
    expect(newFindings({ before: [moved], after: [movedAfter] })).toEqual([]);
    expect(newFindings({ before: [moved], after: [{ ...movedAfter, message: 'rule "y" (b/a.yaml:15) is shadowed by rule "w" (b/a.yaml:4)' }] })).toHaveLength(1);
  });

  it('renders each gate with its state and matches', () => {
    const text = renderGates(evaluateGates(gates('new-permit:to=MN', 'regression', 'change:touches=JUKI'), sampleReport()));
    expect(text[0]).toBe('gate new-permit:to=MN: TRIPPED (1)');
    expect(text).toContain('gate change:touches=JUKI: passed');
    expect(text).toContain('  invariant R1 (No packet from INET reaches MN): pass -> fail: vendor_pc reaches mn_db tcp/445');
  });
});
