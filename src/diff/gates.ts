/**
 * CI gates for `segproof diff --fail-on <spec>` (repeatable): which changes of a DiffReport fail a
 * pull request. A gate trips when anything matches it; the command then exits 1.
 *
 * Grammar (one spec per --fail-on; keys may come in any order, each at most once):
 *   new-permit[:to=CLASS][,from=CLASS]      a source of class `from` newly reaches a destination of class `to`
 *   removed-permit[:to=CLASS][,from=CLASS]  … no longer reaches it
 *   change:touches=CLASS                    any reach change or information-flow chain with CLASS on either side
 *   regression                              an invariant or scenario property whose status got worse
 *   lint:new                                a lint finding in the after version that the before version does not have
 *   any                                     any difference at all
 * CLASS is a zone class (MN, MN_GC, LG, INET, INTERNET, LGWAN, …), case-insensitive.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { didYouMean, listNames, truncateValue } from '../diagnostics/diagnostic.js';
import { DIFF_FRAME } from '../i18n/diff-frame.js';
import type { Lang } from '../i18n/lang.js';
import { ZONE_CLASSES, type ZoneClass } from '../topology/format.js';
import type { ResultStatus } from '../verify/result.js';
import { diffIsEmpty, type ChainSummary, type DiffReport, type ReachChange, type RuleChange, type StatusChange } from './report.js';

export type GateSpec =
  | { readonly kind: 'new-permit' | 'removed-permit'; readonly text: string; readonly to?: ZoneClass | undefined; readonly from?: ZoneClass | undefined }
  | { readonly kind: 'change'; readonly text: string; readonly touches: ZoneClass }
  | { readonly kind: 'regression' | 'lint-new' | 'any'; readonly text: string };

/** The grammar, for messages and --help. */
export const GATE_GRAMMAR = 'new-permit[:to=CLASS][,from=CLASS], removed-permit[:to=CLASS][,from=CLASS], change:touches=CLASS, regression, lint:new or any';

const KINDS = ['new-permit', 'removed-permit', 'change', 'regression', 'lint', 'any'] as const;

export type GateParse = { readonly ok: true; readonly gates: readonly GateSpec[] } | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

/** Parses every --fail-on value; every bad one becomes a DIFF001 diagnostic. Repeats of the same gate are kept once. */
export function parseGates(specs: readonly string[]): GateParse {
  const gates: GateSpec[] = [];
  const diagnostics: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const raw of specs) {
    const parsed = parseGate(raw);
    if ('problem' in parsed) diagnostics.push(badSpec(raw, parsed.problem, parsed.hint));
    else if (!seen.has(canonical(parsed))) {
      seen.add(canonical(parsed));
      gates.push(parsed);
    }
  }
  return diagnostics.length > 0 ? { ok: false, diagnostics } : { ok: true, gates };
}

function canonical(g: GateSpec): string {
  if (g.kind === 'new-permit' || g.kind === 'removed-permit') return `${g.kind}:to=${g.to ?? '*'},from=${g.from ?? '*'}`;
  if (g.kind === 'change') return `change:touches=${g.touches}`;
  return g.kind;
}

function badSpec(raw: string, problem: string, hint: string | undefined): Diagnostic {
  return {
    code: 'DIFF001',
    severity: 'error',
    message: `--fail-on "${truncateValue(raw, 60)}": ${problem}`,
    location: undefined,
    expected: GATE_GRAMMAR,
    hint: hint ?? 'for example --fail-on new-permit:to=MN --fail-on regression',
  };
}

type Parsed = GateSpec | { readonly problem: string; readonly hint?: string | undefined };

function parseGate(raw: string): Parsed {
  const spec = raw.trim();
  const colon = spec.indexOf(':');
  const head = (colon < 0 ? spec : spec.slice(0, colon)).toLowerCase();
  const rest = colon < 0 ? undefined : spec.slice(colon + 1);
  if (head === '') return { problem: 'empty gate' };
  if (!(KINDS as readonly string[]).includes(head)) {
    const near = didYouMean(head, KINDS);
    return { problem: `unknown gate "${truncateValue(head, 40)}"`, hint: near ? `did you mean "${near}"?` : `known gates: ${listNames(KINDS)}` };
  }
  if (head === 'lint') {
    return rest?.trim().toLowerCase() === 'new' ? { kind: 'lint-new', text: 'lint:new' } : { problem: 'the lint gate is "lint:new"', hint: 'write --fail-on lint:new' };
  }
  if (head === 'regression' || head === 'any') {
    return rest === undefined ? { kind: head, text: head } : { problem: `"${head}" takes no arguments`, hint: `write --fail-on ${head}` };
  }
  const args = rest === undefined ? new Map<string, string>() : parseArgs(rest);
  if ('problem' in args) return args;
  if (head === 'change') {
    const allowed = ['touches'];
    const unknown = [...args.keys()].find((k) => !allowed.includes(k));
    if (unknown !== undefined) return unknownKey(unknown, allowed);
    const touches = args.get('touches');
    if (touches === undefined) return { problem: 'change needs touches=CLASS', hint: 'for example --fail-on change:touches=MN' };
    const c = zoneClass(touches);
    return 'problem' in c ? c : { kind: 'change', text: `change:touches=${c.value}`, touches: c.value };
  }
  const allowed = ['to', 'from'];
  const unknown = [...args.keys()].find((k) => !allowed.includes(k));
  if (unknown !== undefined) return unknownKey(unknown, allowed);
  let to: ZoneClass | undefined;
  let from: ZoneClass | undefined;
  for (const [key, value] of args) {
    const c = zoneClass(value);
    if ('problem' in c) return c;
    if (key === 'to') to = c.value;
    else from = c.value;
  }
  const kind = head as 'new-permit' | 'removed-permit';
  const parts = [to ? `to=${to}` : undefined, from ? `from=${from}` : undefined].filter((p) => p !== undefined);
  return { kind, text: parts.length > 0 ? `${kind}:${parts.join(',')}` : kind, to, from };
}

function parseArgs(text: string): Map<string, string> | { problem: string; hint?: string } {
  const args = new Map<string, string>();
  if (text.trim() === '') return { problem: 'nothing after ":"', hint: 'leave the ":" out, or give key=value pairs such as to=MN' };
  for (const part of text.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) return { problem: `"${truncateValue(part.trim(), 40)}" is not key=value`, hint: 'for example to=MN or from=INET' };
    const key = part.slice(0, eq).trim().toLowerCase();
    const value = part.slice(eq + 1).trim();
    if (args.has(key)) return { problem: `"${key}" is given twice`, hint: 'give each key once; repeat --fail-on for another gate' };
    if (value === '') return { problem: `"${key}" has no value`, hint: `for example ${key}=MN` };
    args.set(key, value);
  }
  return args;
}

function unknownKey(key: string, allowed: readonly string[]): { problem: string; hint: string } {
  const near = didYouMean(key, allowed);
  return { problem: `unknown key "${truncateValue(key, 40)}"`, hint: near ? `did you mean "${near}"?` : `keys here: ${listNames(allowed)}` };
}

function zoneClass(text: string): { value: ZoneClass } | { problem: string; hint: string } {
  const upper = text.toUpperCase();
  if ((ZONE_CLASSES as readonly string[]).includes(upper)) return { value: upper as ZoneClass };
  const near = didYouMean(upper, ZONE_CLASSES);
  return { problem: `"${truncateValue(text, 40)}" is not a zone class`, hint: near ? `did you mean "${near}"?` : `zone classes: ${listNames(ZONE_CLASSES, 20)}` };
}

/** Lint findings of both versions, when the lint gate is wanted. */
export interface LintFindings {
  readonly before: readonly Diagnostic[];
  readonly after: readonly Diagnostic[];
}

/** One thing that made a gate trip. */
export type GateMatch =
  | { readonly kind: 'reach'; readonly change: ReachChange }
  | { readonly kind: 'chain'; readonly direction: 'appeared' | 'disappeared'; readonly chain: ChainSummary }
  | { readonly kind: 'status'; readonly change: StatusChange }
  | { readonly kind: 'rule'; readonly change: RuleChange }
  | { readonly kind: 'endpoint'; readonly name: string; readonly only: 'before' | 'after' }
  | { readonly kind: 'lint'; readonly finding: Diagnostic };

export interface GateResult {
  readonly gate: GateSpec;
  readonly tripped: boolean;
  /** Set when the gate could not be judged (e.g. lint findings unavailable); never counts as passing. */
  readonly unavailable?: string | undefined;
  readonly matches: readonly GateMatch[];
}

export interface GateVerdict {
  readonly results: readonly GateResult[];
  readonly tripped: boolean;
  /** Gates that could not be judged: the run cannot give a verdict (exit 2). */
  readonly unavailable: boolean;
}

export function evaluateGates(gates: readonly GateSpec[], report: DiffReport, lint?: LintFindings): GateVerdict {
  const results = gates.map((gate) => evaluateGate(gate, report, lint));
  return { results, tripped: results.some((r) => r.tripped), unavailable: results.some((r) => r.unavailable !== undefined) };
}

function evaluateGate(gate: GateSpec, report: DiffReport, lint: LintFindings | undefined): GateResult {
  const result = (matches: GateMatch[]): GateResult => ({ gate, tripped: matches.length > 0, matches });
  switch (gate.kind) {
    case 'new-permit':
    case 'removed-permit': {
      const direction = gate.kind === 'new-permit' ? 'new' : 'removed';
      return result(
        report.changes
          .filter((c) => c.direction === direction && (gate.to === undefined || c.destinationClass.includes(gate.to)) && (gate.from === undefined || c.sourceClass.includes(gate.from)))
          .map((change) => ({ kind: 'reach', change })),
      );
    }
    case 'change': {
      const touches = (classes: readonly ZoneClass[]): boolean => classes.includes(gate.touches);
      return result([
        ...report.changes.filter((c) => touches(c.sourceClass) || touches(c.destinationClass)).map((change): GateMatch => ({ kind: 'reach', change })),
        ...chains(report).filter(({ chain }) => touches(chain.sourceClass) || touches(chain.targetClass)),
      ]);
    }
    case 'regression':
      return result(report.statusChanges.filter(gotWorse).map((change) => ({ kind: 'status', change })));
    case 'lint-new':
      if (!lint) return { gate, tripped: false, unavailable: 'lint findings were not computed for this comparison', matches: [] };
      return result(newFindings(lint).map((finding) => ({ kind: 'lint', finding })));
    case 'any':
      return result(diffIsEmpty(report) && (!lint || newFindings(lint).length === 0) ? [] : everything(report, lint));
  }
}

function chains(report: DiffReport): (GateMatch & { kind: 'chain' })[] {
  return [
    ...report.flowDelta.appeared.map((chain) => ({ kind: 'chain' as const, direction: 'appeared' as const, chain })),
    ...report.flowDelta.disappeared.map((chain) => ({ kind: 'chain' as const, direction: 'disappeared' as const, chain })),
  ];
}

function everything(report: DiffReport, lint: LintFindings | undefined): GateMatch[] {
  return [
    ...report.changes.map((change): GateMatch => ({ kind: 'reach', change })),
    ...chains(report),
    ...report.statusChanges.map((change): GateMatch => ({ kind: 'status', change })),
    ...report.ruleChanges.map((change): GateMatch => ({ kind: 'rule', change })),
    ...report.endpoints.onlyBefore.map((name): GateMatch => ({ kind: 'endpoint', name, only: 'before' })),
    ...report.endpoints.onlyAfter.map((name): GateMatch => ({ kind: 'endpoint', name, only: 'after' })),
    ...(lint ? newFindings(lint).map((finding): GateMatch => ({ kind: 'lint', finding })) : []),
  ];
}

/** How bad a status is: a check that fails is worse than one that cannot be checked, which is worse than one that holds. */
const STATUS_RANK: Record<ResultStatus | 'absent', number> = { pass: 0, 'not-applicable': 0, absent: 0, 'not-checkable': 1, fail: 2 };

/** The check fails after and did not before, or can no longer be checked where it held. */
export function gotWorse(c: StatusChange): boolean {
  return c.regression || STATUS_RANK[c.after] > STATUS_RANK[c.before];
}

/**
 * Lint findings of the after version that the before version does not have. Findings are matched by code
 * and message (which name the node, ACL and rule) without file names and lines, so a finding whose rule merely
 * moved is not new; repeats are matched one for one.
 */
export function newFindings(lint: LintFindings): Diagnostic[] {
  const before = new Map<string, number>();
  for (const d of lint.before) before.set(findingKey(d), (before.get(findingKey(d)) ?? 0) + 1);
  const fresh: Diagnostic[] = [];
  for (const d of lint.after) {
    const k = findingKey(d);
    const n = before.get(k) ?? 0;
    if (n > 0) before.set(k, n - 1);
    else fresh.push(d);
  }
  return fresh;
}

function findingKey(d: Diagnostic): string {
  // Lint names rules with their `(file:line)`: left out, so a moved rule, or a file read from a git revision, matches.
  return `${d.code}\u0000${d.severity}\u0000${d.message.replace(/\([^()]*?:\d+(?::\d+)?\)/g, '()')}`;
}

/** A gate match in one line, for text, JUnit and Markdown. */
export function describeMatch(m: GateMatch): string {
  switch (m.kind) {
    case 'reach': {
      const c = m.change;
      const verb = c.direction === 'new' ? 'now reaches' : 'no longer reaches';
      const rule = c.witness?.after.decidingRule ?? c.witness?.before.decidingRule;
      return `${c.classPair}: ${c.source} ${verb} ${c.destination}${c.witness ? ` (${c.witness.text})` : ''}${rule ? `: ${rule.description}${rule.location ? ` at ${rule.location}` : ''}` : ''}`;
    }
    case 'chain':
      return `information flow ${m.direction}: ${m.chain.source} -> ${m.chain.target} over ${m.chain.channel}${m.chain.gateways.length > 0 ? ` via ${m.chain.gateways.join(', ')}` : ''}`;
    case 'status':
      return `${m.change.kind} ${m.change.id} (${m.change.title}): ${m.change.before} -> ${m.change.after}${m.change.summaries[0] ? `: ${m.change.summaries[0]}` : ''}`;
    case 'rule':
      return `rule ${m.change.node}/${m.change.acl}/${m.change.rule} ${m.change.kind}${m.change.after ?? m.change.before ? ` at ${m.change.after ?? m.change.before}` : ''}`;
    case 'endpoint':
      return `${m.name} exists ${m.only === 'before' ? 'before only' : 'after only'}`;
    case 'lint': {
      const at = m.finding.location ? `${m.finding.location.file}:${m.finding.location.line}: ` : '';
      return `${at}${m.finding.code}: ${m.finding.message}`;
    }
  }
}

/** A match in Japanese (diff --lang ja): the guideline's terms for classes and checks; names, headers, rules and file:line as they are. */
export function describeMatchJa(m: GateMatch): string {
  const f = DIFF_FRAME.ja;
  switch (m.kind) {
    case 'reach': {
      const c = m.change;
      const [from, to] = c.classPair.split('>') as [string, string | undefined];
      const rule = c.witness?.after.decidingRule ?? c.witness?.before.decidingRule;
      return `${f.classes([from])} → ${f.classes(to === undefined ? [] : [to])}：${f.changeLine(c.source, c.destination, c.reach.join(', '), c.direction === 'new')}${c.witness ? `（${c.witness.text}）` : ''}${rule ? `：${rule.description}${rule.location ? `（${rule.location}）` : ''}` : ''}`;
    }
    case 'chain':
      return `情報の流れの${m.direction === 'appeared' ? '出現' : '消滅'}：${m.chain.source} → ${m.chain.target}、${f.channel(m.chain.channel)}${m.chain.gateways.length > 0 ? `（経由 ${m.chain.gateways.join(', ')}）` : ''}`;
    case 'status':
      return `${m.change.id}（${f.checkTitle(m.change.id, m.change.kind, m.change.title)}）：${f.status(m.change.before)} → ${f.status(m.change.after)}${m.change.summaries[0] ? `：${f.summary(m.change.summaries[0])}` : ''}`;
    case 'endpoint':
      return `${m.name} は${m.only === 'before' ? '変更前' : '変更後'}にのみある`;
    case 'rule':
    case 'lint':
      return describeMatch(m);
  }
}

/** The gates in text: one line per gate, then its matches indented; in Japanese for `lang` ja (the gate specs as written). */
export function renderGates(verdict: GateVerdict, maxMatches = 20, lang: Lang = 'en'): string[] {
  const ja = lang === 'ja';
  const out: string[] = [];
  for (const r of verdict.results) {
    const state = r.unavailable !== undefined
      ? ja ? `判定できない（${r.unavailable}）` : `NOT JUDGED (${r.unavailable})`
      : r.tripped ? ja ? `発動（${r.matches.length} 件）` : `TRIPPED (${r.matches.length})` : ja ? '通過' : 'passed';
    out.push(`${ja ? 'ゲート' : 'gate'} ${r.gate.text}: ${state}`);
    for (const m of r.matches.slice(0, maxMatches)) out.push(`  ${ja ? describeMatchJa(m) : describeMatch(m)}`);
    if (r.matches.length > maxMatches) out.push(ja ? `  （ほか ${r.matches.length - maxMatches} 件。--json にはすべてある）` : `  (${r.matches.length - maxMatches} more; --json lists them all)`);
  }
  return out;
}
