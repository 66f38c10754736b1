/**
 * Aerleon/Capirca policy files (`.pol`, `.inc`) as tokens and blocks.
 *
 * The grammar is Aerleon's (aerleon/lib/policy.py): a policy is a sequence of `header { … }` and
 * `term NAME { … }` blocks; inside a block each statement is `KEYWORD:: value value …`, values running
 * on until the next `KEYWORD::` or the closing brace, across lines. `"…"` strings may span lines, `#`
 * starts a comment, and a line whose first word is `#include` is replaced by the named `.inc` file
 * (Aerleon's preprocessor, at most 5 levels deep). Includes are found among the files given to the
 * importer by path suffix: `#include 'includes/x.inc'` is the input file whose path ends with
 * `includes/x.inc`.
 */
import type { LineLedger } from '../ledger.js';

export type Fate = 'understood' | 'approximated' | 'ignored' | 'unknown';

interface PendingFate {
  fate: Fate;
  reason?: string | undefined;
  verdictChanging: boolean;
  column: number;
}

const RANK: Record<Fate, number> = { ignored: 0, understood: 1, approximated: 2, unknown: 3 };

/**
 * Collects each line's fate from every statement on it and writes the strongest one to the ledger at the
 * end (unknown over approximated over understood over ignored), so the order the importer looks at
 * statements does not matter.
 */
export class LineFates {
  private readonly pending = new Map<LineLedger, Map<number, PendingFate>>();

  mark(ledger: LineLedger, line: number, fate: Fate, reason?: string, verdictChanging = fate !== 'ignored' && fate !== 'understood', column = 1): void {
    let lines = this.pending.get(ledger);
    if (!lines) {
      lines = new Map();
      this.pending.set(ledger, lines);
    }
    const previous = lines.get(line);
    if (previous) {
      if (RANK[previous.fate] > RANK[fate]) return;
      if (RANK[previous.fate] === RANK[fate] && (previous.verdictChanging || !verdictChanging)) return;
    }
    lines.set(line, { fate, reason, verdictChanging, column });
  }

  markSpan(span: Span, fate: Fate, reason?: string, verdictChanging?: boolean): void {
    for (let line = span.line; line <= span.endLine; line++) this.mark(span.ledger, line, fate, reason, verdictChanging, line === span.line ? span.column : 1);
  }

  /** Marks the lines of `span` that nothing has marked yet. */
  markDefault(span: Span, fate: Fate, reason?: string): void {
    const lines = this.pending.get(span.ledger);
    for (let line = span.line; line <= span.endLine; line++) {
      if (!lines?.has(line)) this.mark(span.ledger, line, fate, reason);
    }
  }

  flush(): void {
    for (const [ledger, lines] of this.pending) {
      for (const [line, f] of lines) {
        if (f.fate === 'understood') ledger.understood(line);
        else if (f.fate === 'approximated') ledger.approximated(line, f.reason ?? 'approximated', f.column);
        else if (f.fate === 'ignored') ledger.ignored(line, f.reason ?? 'cannot change a verdict');
        else ledger.unknown(line, f.reason ?? 'not understood', f.verdictChanging, f.column);
      }
    }
    this.pending.clear();
  }
}

/** Where a piece of text lies: its first line and column, and its last line. */
export interface Span {
  readonly ledger: LineLedger;
  readonly line: number;
  readonly endLine: number;
  readonly column: number;
}

export interface Token extends Span {
  readonly kind: 'word' | 'string' | 'punct' | 'include';
  /** For strings: without the quotes. For includes: the file named. */
  readonly text: string;
}

export interface Statement {
  readonly key: Token;
  readonly values: readonly Token[];
}

export interface Block {
  readonly kind: 'header' | 'term';
  /** The `header` or `term` keyword. */
  readonly keyword: Token;
  /** Term name (terms only). */
  readonly name?: Token | undefined;
  readonly statements: readonly Statement[];
  readonly close?: Token | undefined;
}

export interface ParsedPolicy {
  readonly blocks: readonly Block[];
}

export interface PolicySource {
  readonly ledger: LineLedger;
}

/** Tokens of one file; comment lines are marked ignored, `#include` lines become include tokens. */
export function tokenize(ledger: LineLedger, fates: LineFates): Token[] {
  const tokens: Token[] = [];
  const lines = ledger.lines;
  let i = 0;
  let col = 0;
  while (i < lines.length) {
    const text = lines[i] ?? '';
    const lineNo = i + 1;
    if (col === 0) {
      const words = text.trim().split(/\s+/);
      if (words[0] === '#include' && words.length > 1) {
        tokens.push({ kind: 'include', text: (words[1] ?? '').replace(/^['"]|['"]$/g, ''), ledger, line: lineNo, endLine: lineNo, column: text.indexOf('#') + 1 });
        i++;
        continue;
      }
    }
    if (col >= text.length) {
      i++;
      col = 0;
      continue;
    }
    const ch = text[col] as string;
    if (/\s/.test(ch)) {
      col++;
      continue;
    }
    if (ch === '#') {
      fates.mark(ledger, lineNo, 'ignored', 'comment');
      i++;
      col = 0;
      continue;
    }
    if (ch === '"') {
      // A string may run over several lines; an escaped quote (\") does not end it.
      let endLine = i;
      let at = col + 1;
      let value = '';
      for (;;) {
        const current = lines[endLine] ?? '';
        const close = findClosingQuote(current, at);
        if (close >= 0) {
          value += current.slice(at, close);
          at = close + 1;
          break;
        }
        value += `${current.slice(at)}\n`;
        endLine++;
        at = 0;
        if (endLine >= lines.length) break;
      }
      if (endLine >= lines.length) {
        tokens.push({ kind: 'string', text: value, ledger, line: lineNo, endLine: lines.length, column: col + 1 });
        fates.mark(ledger, lineNo, 'unknown', 'string not closed: a `"` is missing', true, col + 1);
        return tokens;
      }
      tokens.push({ kind: 'string', text: value.replace(/\\"/g, '"'), ledger, line: lineNo, endLine: endLine + 1, column: col + 1 });
      i = endLine;
      col = at;
      continue;
    }
    if (ch === '{' || ch === '}' || ch === ':') {
      tokens.push({ kind: 'punct', text: ch, ledger, line: lineNo, endLine: lineNo, column: col + 1 });
      col++;
      continue;
    }
    const m = /^[^\s{}:"#]+/.exec(text.slice(col));
    const word = m?.[0] ?? ch;
    tokens.push({ kind: 'word', text: word, ledger, line: lineNo, endLine: lineNo, column: col + 1 });
    col += word.length;
  }
  return tokens;
}

function findClosingQuote(text: string, from: number): number {
  for (let k = from; k < text.length; k++) {
    if (text[k] === '\\' && text[k + 1] === '"') {
      k++;
      continue;
    }
    if (text[k] === '"') return k;
  }
  return -1;
}

const MAX_INCLUDE_DEPTH = 5;

/**
 * Expands `#include` tokens with the tokens of the included file (found among `files` by path
 * suffix). An include that cannot be found, is not `.inc`, or nests too deep is marked unknown
 * (verdict-changing: its terms are missing).
 */
export function expandIncludes(tokens: readonly Token[], files: readonly LineLedger[], fates: LineFates, used: Set<LineLedger>, depth = 0, chain: readonly LineLedger[] = []): Token[] {
  const out: Token[] = [];
  for (const t of tokens) {
    if (t.kind !== 'include') {
      out.push(t);
      continue;
    }
    const wanted = t.text.replace(/\\/g, '/').replace(/^\.\//, '');
    const target = files.find((f) => {
      const p = f.file.replace(/\\/g, '/');
      return p === wanted || p.endsWith(`/${wanted}`);
    });
    if (!wanted.endsWith('.inc')) {
      fates.mark(t.ledger, t.line, 'unknown', `Aerleon includes only .inc files: "${t.text}" is rejected`, true, t.column);
    } else if (!target) {
      fates.mark(t.ledger, t.line, 'unknown', `include file "${t.text}" was not given: pass it as a further file (its terms are missing)`, true, t.column);
    } else if (depth >= MAX_INCLUDE_DEPTH || chain.includes(target)) {
      fates.mark(t.ledger, t.line, 'unknown', `includes nest deeper than ${MAX_INCLUDE_DEPTH} levels or form a cycle (Aerleon refuses the policy)`, true, t.column);
    } else {
      fates.mark(t.ledger, t.line, 'understood');
      used.add(target);
      out.push(...expandIncludes(tokenize(target, fates), files, fates, used, depth + 1, [...chain, target]));
    }
  }
  return out;
}

/** Blocks of a token stream; what does not fit the grammar is marked unknown (verdict-changing) and skipped. */
export function parseBlocks(tokens: readonly Token[], fates: LineFates): ParsedPolicy {
  const blocks: Block[] = [];
  let i = 0;
  const peek = (k = 0): Token | undefined => tokens[i + k];
  const isKey = (k: number): boolean => peek(k)?.kind === 'word' && peek(k + 1)?.text === ':' && peek(k + 2)?.text === ':' && peek(k + 1)?.kind === 'punct';
  const bad = (t: Token, reason: string): void => fates.mark(t.ledger, t.line, 'unknown', reason, true, t.column);
  while (i < tokens.length) {
    const t = peek() as Token;
    if (t.kind === 'word' && (t.text === 'header' || t.text === 'term')) {
      const kind = t.text;
      let name: Token | undefined;
      i++;
      if (kind === 'term') {
        const n = peek();
        if (n?.kind === 'word' && n.text !== '{') {
          name = n;
          i++;
        } else {
          bad(t, 'a term needs a name: term NAME { … }');
        }
      }
      const open = peek();
      if (open?.text !== '{' || open.kind !== 'punct') {
        bad(open ?? t, `expected "{" after ${kind}`);
        continue;
      }
      i++;
      const statements: Statement[] = [];
      let close: Token | undefined;
      while (i < tokens.length) {
        const s = peek() as Token;
        if (s.kind === 'punct' && s.text === '}') {
          close = s;
          i++;
          break;
        }
        if (isKey(0)) {
          const key = s;
          i += 3;
          const values: Token[] = [];
          while (i < tokens.length && !isKey(0) && !(peek()?.kind === 'punct' && peek()?.text === '}')) {
            const v = peek() as Token;
            if (v.kind === 'punct') {
              bad(v, `unexpected "${v.text}" in the values of ${key.text}::`);
            } else values.push(v);
            i++;
          }
          statements.push({ key, values });
          continue;
        }
        if (s.kind === 'word' && (s.text === 'term' || s.text === 'header')) break;
        bad(s, `expected KEYWORD:: values or "}", found "${s.text.slice(0, 40)}"`);
        i++;
      }
      if (!close) bad(t, `${kind} block is not closed with "}"`);
      blocks.push({ kind, keyword: t, name, statements, close });
      continue;
    }
    bad(t, `expected "header {" or "term NAME {", found "${t.text.slice(0, 40)}"`);
    i++;
  }
  return { blocks };
}

/** Every line a statement covers, from its keyword to its last value. */
export function statementSpan(s: Statement): Span {
  const last = s.values[s.values.length - 1] ?? s.key;
  return { ledger: s.key.ledger, line: s.key.line, endLine: last.ledger === s.key.ledger ? Math.max(last.endLine, s.key.line) : s.key.line, column: s.key.column };
}
