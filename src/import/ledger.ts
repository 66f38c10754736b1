/**
 * Every line of an imported configuration is accounted for: understood (modelled exactly),
 * approximated (modelled by an over-approximation that lets at least as much traffic pass, so an
 * isolation verdict stays sound), ignored (cannot change a verdict: comments, banners, logging) or
 * unknown (not understood). An unknown line that could change a verdict (a filter, route or NAT
 * statement) makes the import partial.
 */
import type { Diagnostic, SourceLocation } from '../diagnostics/diagnostic.js';

export type LineFate = 'understood' | 'approximated' | 'ignored' | 'unknown';

export interface LineRecord {
  readonly location: SourceLocation;
  readonly text: string;
  readonly fate: LineFate;
  /** For `unknown` and `approximated`: whether the line can change a verdict (filter, route, NAT). */
  readonly verdictChanging: boolean;
  readonly reason?: string | undefined;
}

export interface ImportSummary {
  readonly files: readonly string[];
  readonly lines: number;
  readonly understood: number;
  readonly approximated: number;
  readonly ignored: number;
  readonly unknown: number;
  /** Unknown lines that could change a verdict: the import is partial when this is not 0. */
  readonly unknownVerdictChanging: number;
}

export class LineLedger {
  readonly file: string;
  readonly lines: readonly string[];
  private readonly marks: (LineRecord | undefined)[];

  /** `file` is the name diagnostics show; `text` the file's content (CRLF tolerated). */
  constructor(file: string, text: string) {
    this.file = file;
    const lines = text.split(/\r?\n/);
    if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
    this.lines = lines;
    this.marks = new Array<LineRecord | undefined>(lines.length).fill(undefined);
  }

  /** 1-based line number → text. */
  text(line: number): string {
    return this.lines[line - 1] ?? '';
  }

  location(line: number, column = 1): SourceLocation {
    return { file: this.file, line, column };
  }

  understood(line: number): void {
    this.mark(line, 'understood', false, undefined, 1);
  }

  /** Modelled, but more permissively than the device (never less): say what was widened. */
  approximated(line: number, reason: string, column = 1): void {
    this.mark(line, 'approximated', true, reason, column);
  }

  /** Cannot change a verdict (comment, banner, logging, description, …). */
  ignored(line: number, reason: string): void {
    this.mark(line, 'ignored', false, reason, 1);
  }

  unknown(line: number, reason: string, verdictChanging: boolean, column = 1): void {
    this.mark(line, 'unknown', verdictChanging, reason, column);
  }

  /** A later, more specific verdict replaces an earlier one, except that unknown and approximated stick. */
  private mark(line: number, fate: LineFate, verdictChanging: boolean, reason: string | undefined, column: number): void {
    if (line < 1 || line > this.lines.length) throw new RangeError(`line ${line} outside ${this.file} (1..${this.lines.length})`);
    const previous = this.marks[line - 1];
    if (previous && (previous.fate === 'unknown' || previous.fate === 'approximated') && fate !== 'unknown') return;
    this.marks[line - 1] = { location: this.location(line, column), text: this.lines[line - 1] ?? '', fate, verdictChanging, reason };
  }

  /**
   * Every record, in line order. A line no parser marked is reported as unknown and verdict-changing:
   * silence must never pass for understanding. Blank lines are ignored.
   */
  records(): LineRecord[] {
    return this.lines.map((text, i) => {
      const r = this.marks[i];
      if (r) return r;
      if (text.trim() === '') return { location: this.location(i + 1), text, fate: 'ignored', verdictChanging: false, reason: 'blank line' };
      return { location: this.location(i + 1), text, fate: 'unknown', verdictChanging: true, reason: 'no parser rule accounted for this line' };
    });
  }
}

export function summarise(ledgers: readonly LineLedger[]): ImportSummary {
  let understood = 0;
  let approximated = 0;
  let ignored = 0;
  let unknown = 0;
  let unknownVerdictChanging = 0;
  let lines = 0;
  for (const ledger of ledgers) {
    for (const r of ledger.records()) {
      lines++;
      if (r.fate === 'understood') understood++;
      else if (r.fate === 'approximated') approximated++;
      else if (r.fate === 'ignored') ignored++;
      else {
        unknown++;
        if (r.verdictChanging) unknownVerdictChanging++;
      }
    }
  }
  return { files: ledgers.map((l) => l.file), lines, understood, approximated, ignored, unknown, unknownVerdictChanging };
}

/** IMP001 for verdict-changing unknown lines (errors unless the import is allowed to be partial), IMP002 for harmless ones, IMP003 for approximations. */
export function ledgerDiagnostics(ledgers: readonly LineLedger[], allowPartial: boolean): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const ledger of ledgers) {
    for (const r of ledger.records()) {
      const excerpt = r.text.trim().slice(0, 160);
      if (r.fate === 'unknown') {
        out.push({
          code: r.verdictChanging ? 'IMP001' : 'IMP002',
          severity: r.verdictChanging && !allowPartial ? 'error' : 'warning',
          message: `${r.verdictChanging ? 'not understood, and it can change a verdict' : 'not understood (cannot change a verdict)'}: ${excerpt}`,
          location: r.location,
          expected: r.reason,
          hint: r.verdictChanging
            ? 'model this statement by hand in the topology, or pass --allow-partial to import the rest (verify then reports the result as partial)'
            : 'nothing to do unless the line matters to you',
        });
      } else if (r.fate === 'approximated') {
        out.push({
          code: 'IMP003',
          severity: 'warning',
          message: `approximated (modelled as letting at least as much pass as the device): ${excerpt}`,
          location: r.location,
          expected: r.reason,
          hint: 'an isolation verdict stays sound; a reachability verdict may be optimistic for this line',
        });
      }
    }
  }
  return out;
}
