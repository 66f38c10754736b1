/** A problem found in user input, located precisely, with a stable code from the catalogue. */
import type { DiagnosticCode } from './catalogue.js';
import { escapeControl } from './escape.js';

export interface SourceLocation {
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
}

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  readonly message: string;
  readonly location: SourceLocation | undefined;
  /** What the input should have held here. */
  readonly expected?: string | undefined;
  /** How to fix it. */
  readonly hint?: string | undefined;
  /** Extra context, such as the include chain that led to the file. */
  readonly notes?: readonly string[] | undefined;
}

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  const fa = a.location?.file ?? '';
  const fb = b.location?.file ?? '';
  if (fa !== fb) return fa < fb ? -1 : 1;
  const la = a.location?.line ?? 0;
  const lb = b.location?.line ?? 0;
  if (la !== lb) return la - lb;
  const ca = a.location?.column ?? 0;
  const cb = b.location?.column ?? 0;
  if (ca !== cb) return ca - cb;
  if (a.code !== b.code) return a.code < b.code ? -1 : 1;
  return a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
}

/** Sorts and removes exact repeats (the same problem reached twice). */
export function sortDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  const sorted = [...list].sort(compareDiagnostics);
  return sorted.filter((d, i) => {
    const prev = sorted[i - 1];
    return !prev || compareDiagnostics(prev, d) !== 0;
  });
}

export function formatLocation(loc: SourceLocation | undefined): string {
  return loc ? `${escapeControl(loc.file)}:${loc.line}:${loc.column}` : '<input>';
}

/**
 * The words around a rendered diagnostic. Codes, locations and messages are the same in every language, so a
 * diagnostic is found by its code either way (src/i18n/diagnostic-words.ts has the Japanese words).
 */
export interface DiagnosticWords {
  readonly severity: Readonly<Record<Severity, string>>;
  readonly expected: string;
  readonly hint: string;
  readonly note: string;
}

export const ENGLISH_DIAGNOSTIC_WORDS: DiagnosticWords = { severity: { error: 'error', warning: 'warning' }, expected: 'expected', hint: 'hint', note: 'note' };

/** esbuild-style rendering: `file:line:col: error CODE: message` followed by indented details. */
export function renderDiagnostic(d: Diagnostic): string {
  return renderDiagnosticIn(d, ENGLISH_DIAGNOSTIC_WORDS);
}

/** renderDiagnostic with the frame's words (severity, expected, hint, note) in another language. */
export function renderDiagnosticIn(d: Diagnostic, w: DiagnosticWords): string {
  // Every field may carry names, paths or values from user input: shortened, escaped, one line each.
  const field = (text: string): string => escapeControl(boundText(text));
  const lines = [`${formatLocation(d.location)}: ${w.severity[d.severity]} ${d.code}: ${field(d.message)}`];
  if (d.expected) lines.push(`  ${w.expected}: ${field(d.expected)}`);
  if (d.hint) lines.push(`  ${w.hint}: ${field(d.hint)}`);
  for (const note of d.notes ?? []) lines.push(`  ${w.note}: ${field(note)}`);
  return lines.join('\n');
}

/** Values longer than this are shortened in messages. */
export const MAX_VALUE_CHARS = 120;
/** A whole message (or hint, note) longer than this is cut. */
export const MAX_FIELD_CHARS = 2000;

function cut(text: string, max: number): string {
  const end = /[\ud800-\udbff]/.test(text.charAt(max - 1)) ? max - 1 : max; // never half a surrogate pair
  return text.slice(0, end);
}

/** A value for a message: at most `max` characters, then "…" and the original length. */
export function truncateValue(value: string, max = MAX_VALUE_CHARS): string {
  return value.length <= max ? value : `${cut(value, max)}… (${value.length} characters)`;
}

/**
 * A message field with long values shortened: a quoted value over MAX_VALUE_CHARS characters keeps its
 * first MAX_VALUE_CHARS and says how long it was; so does any long unbroken run; a field still over
 * MAX_FIELD_CHARS is cut there. A 5 MB bad value costs one pass over it, not 5 MB of output.
 */
export function boundText(text: string): string {
  if (text.length <= MAX_VALUE_CHARS) return text;
  let out = text
    .replace(/"([^"]{121,})"/g, (_, value: string) => `"${cut(value, MAX_VALUE_CHARS)}…" (${value.length} characters)`)
    .replace(/\S{161,}/g, (run) => truncateValue(run));
  if (out.length > MAX_FIELD_CHARS) out = `${cut(out, MAX_FIELD_CHARS)}… (${out.length} characters)`;
  return out;
}

/** The diagnostic with every text field bounded (for JSON output). */
export function boundDiagnostic(d: Diagnostic): Diagnostic {
  return {
    ...d,
    message: boundText(d.message),
    ...(d.expected !== undefined ? { expected: boundText(d.expected) } : {}),
    ...(d.hint !== undefined ? { hint: boundText(d.hint) } : {}),
    ...(d.notes !== undefined ? { notes: d.notes.map(boundText) } : {}),
  };
}

export function renderDiagnostics(list: readonly Diagnostic[], words: DiagnosticWords = ENGLISH_DIAGNOSTIC_WORDS): string {
  return list.map((d) => renderDiagnosticIn(d, words)).join('\n');
}

export function hasErrors(list: readonly Diagnostic[]): boolean {
  return list.some((d) => d.severity === 'error');
}

/** Names longer than this get no suggestion: no identifier is that long, and the search stays cheap. */
export const SUGGEST_MAX_CHARS = 128;

/**
 * Suggests the closest known name: at most one edit for short names, a third of the length for longer ones.
 * Bounded: values over SUGGEST_MAX_CHARS characters get none, candidates whose length differs by more than
 * the best distance so far are skipped, and the distance itself is computed in a band that stops early.
 */
export function didYouMean(name: string, known: Iterable<string>): string | undefined {
  if (name.length > SUGGEST_MAX_CHARS) return undefined;
  const wanted = name.toLowerCase();
  let best: string | undefined;
  // Only distances below this count: the allowed maximum + 1 at first, then the best so far.
  let bound = Math.max(1, Math.floor(name.length / 3)) + 1;
  for (const candidate of known) {
    if (candidate.length > 2 * SUGGEST_MAX_CHARS) continue; // far too long to be within the bound
    const other = candidate.toLowerCase();
    if (Math.abs(other.length - wanted.length) >= bound) continue;
    const d = boundedEditDistance(wanted, other, bound - 1);
    if (d < bound) {
      best = candidate;
      bound = d;
      if (d === 0) break;
    }
  }
  return best;
}

/**
 * Optimal string alignment distance (insertions, deletions, substitutions, adjacent transpositions) when it
 * is at most `max`, else `max + 1`: only cells within `max` of the diagonal are computed, and the search
 * stops at the first row whose every cell exceeds `max` (no later row can come back below it).
 */
export function boundedEditDistance(a: string, b: string, max: number): number {
  const n = a.length;
  const m = b.length;
  const over = max + 1;
  if (Math.abs(n - m) > max) return over;
  let before = new Int32Array(m + 1).fill(over); // row i - 2
  let previous = new Int32Array(m + 1).fill(over); // row i - 1
  let current = new Int32Array(m + 1);
  for (let j = 0; j <= Math.min(m, max); j++) previous[j] = j;
  for (let i = 1; i <= n; i++) {
    current.fill(over);
    current[0] = i <= max ? i : over;
    let rowMin = current[0] as number;
    const lo = Math.max(1, i - max);
    const hi = Math.min(m, i + max);
    for (let j = lo; j <= hi; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let v = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) {
        v = Math.min(v, (before[j - 2] as number) + 1);
      }
      if (v > over) v = over;
      current[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return over;
    [before, previous, current] = [previous, current, before];
  }
  return Math.min(previous[m] as number, over);
}

/** Lists names for a hint, shortened when there are many. */
export function listNames(names: Iterable<string>, max = 12): string {
  const all = [...names].sort();
  if (all.length === 0) return '(none)';
  const shown = all.slice(0, max).map((n) => `"${n}"`);
  return all.length > max ? `${shown.join(', ')} and ${all.length - max} more` : shown.join(', ');
}
