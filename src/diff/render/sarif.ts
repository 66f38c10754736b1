/**
 * `segproof diff --sarif <file>`: the comparison as SARIF 2.1.0, for code scanning on pull requests.
 *
 * One result per reach change, information-flow chain, status change and rule change. A result points at
 * the line of the after version that decided it (the permitting rule of a new reach, the dropping rule of a
 * removed one, a changed rule's line), so the pull request shows it on the changed rule; where no line is
 * known it points at the after file's first line. Results a tripped gate matched are errors; other changes
 * touching MN, MN_GC, LG or LGWAN and regressions are warnings; the rest notes.
 *
 * `partialFingerprints` identify a result across runs and line moves: a hash of what changed (direction,
 * source, destination, the deciding node/ACL/rule, the header summary), never of line numbers or file names.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { describeMatch, gotWorse, type GateMatch, type GateVerdict } from '../gates.js';
import type { ChainSummary, DecidingRule, DiffReport, ReachChange, RuleChange, StatusChange } from '../report.js';

export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
/** The partialFingerprints key: versioned, so a change in what is hashed never matches old results by accident. */
export const FINGERPRINT_KEY = 'segproofChange/v1';

type Level = 'error' | 'warning' | 'note';

interface RuleDescriptor {
  readonly id: string;
  readonly name: string;
  readonly short: string;
  readonly full: string;
}

/** The kinds of result, as SARIF rules (reportingDescriptors). */
const RULES: readonly RuleDescriptor[] = [
  { id: 'SPD001', name: 'NewReach', short: 'New reach between zone classes', full: 'A source newly reaches a destination: packets that were stopped before now arrive (delivered, exit to an external network or terminate at a gateway).' },
  { id: 'SPD002', name: 'RemovedReach', short: 'Reach removed between zone classes', full: 'A source no longer reaches a destination it reached before.' },
  { id: 'SPD003', name: 'InformationFlowAppeared', short: 'Information-flow chain appeared', full: 'Data can now flow from a source to a target across gateways (information-flow graph).' },
  { id: 'SPD004', name: 'InformationFlowDisappeared', short: 'Information-flow chain disappeared', full: 'An information-flow chain across gateways no longer exists.' },
  { id: 'SPD005', name: 'CheckRegressed', short: 'Invariant or property got worse', full: 'An invariant or scenario property fails (or can no longer be checked) where it held before.' },
  { id: 'SPD006', name: 'CheckChanged', short: 'Invariant or property status changed', full: 'An invariant or scenario property changed status without getting worse (fixed, or no longer applicable).' },
  { id: 'SPD007', name: 'RuleChanged', short: 'ACL rule match set changed', full: 'A rule whose effective match set changed: added, removed, edited, or shadowed or unshadowed by another change.' },
  { id: 'SPD008', name: 'NewLintFinding', short: 'New lint finding', full: 'A lint finding of the after version that the before version does not have.' },
];

export interface SarifOptions {
  readonly toolVersion?: string | undefined;
  /** Folder result paths are made relative to (the repository root in CI); default: the working directory. */
  readonly baseDir?: string | undefined;
}

interface Located {
  readonly file: string;
  readonly line: number;
}

/** `file:line` (or a DecidingRule's file and line) as a location, when the line is known. */
function locationOf(rule: DecidingRule | undefined): Located | undefined {
  if (!rule) return undefined;
  if (rule.file !== undefined && rule.line !== undefined) return { file: rule.file, line: rule.line };
  return parseFileLine(rule.location);
}

function parseFileLine(text: string | undefined): Located | undefined {
  const m = text === undefined ? null : /^(.*):(\d+)(?::\d+)?$/.exec(text);
  return m ? { file: m[1]!, line: Number(m[2]) } : undefined;
}

function fingerprint(parts: readonly (string | undefined)[]): string {
  return createHash('sha256').update(parts.map((p) => p ?? '').join('\u0000')).digest('hex');
}

function ruleKey(r: DecidingRule | undefined): string {
  return r ? `${r.node}/${r.policy}/${r.rule ?? '(default)'}` : '';
}

interface Draft {
  readonly ruleId: string;
  readonly message: string;
  readonly where: Located | undefined;
  readonly key: readonly (string | undefined)[];
  readonly level: Level;
  readonly properties?: Record<string, unknown> | undefined;
}

export function renderSarif(report: DiffReport, verdict?: GateVerdict, options: SarifOptions = {}): object {
  const baseDir = path.resolve(options.baseDir ?? process.cwd());
  const matched = new Set<unknown>();
  const trippedBy = new Map<unknown, string[]>();
  for (const r of verdict?.results ?? []) {
    if (!r.tripped) continue;
    for (const m of r.matches) {
      const target = matchTarget(m);
      matched.add(target);
      trippedBy.set(target, [...(trippedBy.get(target) ?? []), r.gate.text]);
    }
  }
  const level = (target: unknown, fallback: Level): Level => (matched.has(target) ? 'error' : fallback);
  const gatesOf = (target: unknown): Record<string, unknown> => (trippedBy.has(target) ? { gates: trippedBy.get(target) } : {});
  const drafts: Draft[] = [
    ...report.changes.map((c) => reachDraft(c, level(c, c.critical ? 'warning' : 'note'), gatesOf(c))),
    ...report.flowDelta.appeared.map((c) => chainDraft(c, 'appeared', level(c, c.critical ? 'warning' : 'note'), gatesOf(c))),
    ...report.flowDelta.disappeared.map((c) => chainDraft(c, 'disappeared', level(c, 'note'), gatesOf(c))),
    ...report.statusChanges.map((c) => statusDraft(c, level(c, gotWorse(c) ? 'warning' : 'note'), gatesOf(c))),
    ...report.ruleChanges.map((c) => ruleDraft(c, level(c, 'note'), gatesOf(c))),
    ...lintMatches(verdict).map((m) => lintDraft(m, gatesOf(m.finding))),
  ];
  const afterFile = report.after.file;
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'segproof',
            ...(options.toolVersion ? { version: options.toolVersion } : {}),
            rules: RULES.map((r) => ({ id: r.id, name: r.name, shortDescription: { text: r.short }, fullDescription: { text: r.full }, defaultConfiguration: { level: 'warning' } })),
          },
        },
        automationDetails: { id: `segproof/diff/${report.after.name}/` },
        results: drafts.map((d) => ({
          ruleId: d.ruleId,
          ruleIndex: RULES.findIndex((r) => r.id === d.ruleId),
          level: d.level,
          message: { text: d.message },
          locations: [physical(d.where ?? { file: afterFile, line: 1 }, baseDir)],
          partialFingerprints: { [FINGERPRINT_KEY]: fingerprint([d.ruleId, ...d.key]) },
          ...(d.properties && Object.keys(d.properties).length > 0 ? { properties: d.properties } : {}),
        })),
        properties: {
          before: report.before.file,
          after: report.after.file,
          ...(report.partial && report.partial.length > 0 ? { partial: report.partial } : {}),
          ...(verdict ? { gates: verdict.results.map((r) => ({ gate: r.gate.text, tripped: r.tripped, matches: r.matches.length, ...(r.unavailable ? { unavailable: r.unavailable } : {}) })) } : {}),
        },
      },
    ],
  };
}

/** New lint findings the gates found, each once (lint:new and any may both list one). */
function lintMatches(verdict: GateVerdict | undefined): (GateMatch & { kind: 'lint' })[] {
  const seen = new Set<unknown>();
  const out: (GateMatch & { kind: 'lint' })[] = [];
  for (const r of verdict?.results ?? []) {
    for (const m of r.matches) {
      if (m.kind !== 'lint' || seen.has(m.finding)) continue;
      seen.add(m.finding);
      out.push(m);
    }
  }
  return out;
}

/** The report object a gate match stands for (identity: the same object as in the report). */
function matchTarget(m: GateMatch): unknown {
  switch (m.kind) {
    case 'reach':
    case 'status':
    case 'rule':
      return m.change;
    case 'chain':
      return m.chain;
    case 'lint':
      return m.finding;
    case 'endpoint':
      return `endpoint:${m.only}:${m.name}`;
  }
}

/** A location relative to `baseDir` with forward slashes (what code scanning matches against the repository). */
function physical(where: Located, baseDir: string): object {
  const absolute = path.resolve(where.file);
  const relative = path.relative(baseDir, absolute);
  const inside = relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
  const uri = inside ? relative.split(path.sep).map(encodeURIComponent).join('/') : `file://${absolute.split(path.sep).map(encodeURIComponent).join('/')}`;
  return { physicalLocation: { artifactLocation: { uri }, region: { startLine: Math.max(1, where.line) } } };
}

function reachDraft(c: ReachChange, level: Level, extra: Record<string, unknown>): Draft {
  const decided = c.witness?.after.decidingRule;
  const message = describeMatch({ kind: 'reach', change: c });
  return {
    ruleId: c.direction === 'new' ? 'SPD001' : 'SPD002',
    message: c.truncated || c.headers === '' ? message : `${message}\nheaders: ${c.headers}`,
    where: locationOf(decided),
    key: [c.direction, c.source, c.destination, c.classPair, ruleKey(decided), c.headers],
    level,
    properties: { classPair: c.classPair, source: c.source, destination: c.destination, ...extra },
  };
}

function chainDraft(c: ChainSummary, direction: 'appeared' | 'disappeared', level: Level, extra: Record<string, unknown>): Draft {
  return {
    ruleId: direction === 'appeared' ? 'SPD003' : 'SPD004',
    message: describeMatch({ kind: 'chain', direction, chain: c }),
    where: undefined,
    key: [direction, c.key],
    level,
    properties: { source: c.source, target: c.target, ...extra },
  };
}

function statusDraft(c: StatusChange, level: Level, extra: Record<string, unknown>): Draft {
  return {
    ruleId: gotWorse(c) ? 'SPD005' : 'SPD006',
    message: describeMatch({ kind: 'status', change: c }),
    where: undefined,
    key: [c.kind, c.id, c.before, c.after],
    level,
    properties: { check: c.id, ...extra },
  };
}

function ruleDraft(c: RuleChange, level: Level, extra: Record<string, unknown>): Draft {
  return {
    ruleId: 'SPD007',
    message: `${describeMatch({ kind: 'rule', change: c })}${c.detail ? `: ${c.detail}` : ''}`,
    // A removed rule has no line in the after version; the file is shown instead.
    where: parseFileLine(c.after),
    key: [c.node, c.acl, c.rule, c.kind],
    level,
    properties: { ...extra },
  };
}

function lintDraft(m: GateMatch & { kind: 'lint' }, extra: Record<string, unknown>): Draft {
  const d = m.finding;
  return {
    ruleId: 'SPD008',
    message: describeMatch(m),
    where: d.location ? { file: d.location.file, line: d.location.line } : undefined,
    key: [d.code, d.message],
    level: 'error',
    properties: { code: d.code, ...extra },
  };
}
