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

/** esbuild-style rendering: `file:line:col: error CODE: message` followed by indented details. */
export function renderDiagnostic(d: Diagnostic): string {
  // Every field may carry names, paths or values from user input: escaped, one line each.
  const lines = [`${formatLocation(d.location)}: ${d.severity} ${d.code}: ${escapeControl(d.message)}`];
  if (d.expected) lines.push(`  expected: ${escapeControl(d.expected)}`);
  if (d.hint) lines.push(`  hint: ${escapeControl(d.hint)}`);
  for (const note of d.notes ?? []) lines.push(`  note: ${escapeControl(note)}`);
  return lines.join('\n');
}

export function renderDiagnostics(list: readonly Diagnostic[]): string {
  return list.map(renderDiagnostic).join('\n');
}

export function hasErrors(list: readonly Diagnostic[]): boolean {
  return list.some((d) => d.severity === 'error');
}

/** Suggests the closest known name: at most one edit for short names, a third of the length for longer ones. */
export function didYouMean(name: string, known: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const d = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(1, Math.floor(name.length / 3)) ? best : undefined;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent transpositions. */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  const at = (i: number, j: number) => (d[i] as number[])[j] as number;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, at(i - 2, j - 2) + 1);
      (d[i] as number[])[j] = v;
    }
  }
  return at(a.length, b.length);
}

/** Lists names for a hint, shortened when there are many. */
export function listNames(names: Iterable<string>, max = 12): string {
  const all = [...names].sort();
  if (all.length === 0) return '(none)';
  const shown = all.slice(0, max).map((n) => `"${n}"`);
  return all.length > max ? `${shown.join(', ')} and ${all.length - max} more` : shown.join(', ');
}
