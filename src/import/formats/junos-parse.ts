/**
 * Junos configuration text → flat statements, the same for both display formats: the hierarchical
 * `{ }` form (`show configuration`) and the `set` form (`show configuration | display set`). A leaf
 * `firewall { family inet { filter F { term T { from { protocol tcp; } } } } }` and the line
 * `set firewall family inet filter F term T from protocol tcp` both become the words
 * `firewall family inet filter F term T from protocol tcp`. A bracket list `[ 25 465 ]` becomes one
 * statement per element. `inactive:` subtrees and `deactivate`d paths are returned apart: they are
 * not in effect on the device.
 */
import type { LineLedger } from '../ledger.js';

export interface JunosStatement {
  readonly words: readonly string[];
  /** Line of the statement's first word. */
  readonly line: number;
  /** Every line the statement's words stand on (a list may span lines). */
  readonly lines: readonly number[];
}

interface Token {
  readonly text: string;
  readonly line: number;
  readonly kind: 'word' | '{' | '}' | ';' | '[' | ']';
}

/** Tokens of a text; comment lines and lines with braces are marked in the ledger as it goes. */
function tokenize(text: string, firstLine: number, ledger: LineLedger, structureReason: string): Token[] {
  const out: Token[] = [];
  let line = firstLine;
  let i = 0;
  const n = text.length;
  // A comment or string left open at the end of the file counts a line past the last.
  const last = ledger.lines.length;
  const markComment = (from: number, to: number) => {
    for (let l = from; l <= Math.min(to, last); l++) ledger.ignored(l, 'comment');
  };
  while (i < n) {
    const c = text[i] as string;
    if (c === '\n') {
      line++;
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r') i++;
    else if (c === '/' && text[i + 1] === '*') {
      const start = line;
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? n : end + 2;
      for (let j = i; j < stop; j++) if (text[j] === '\n') line++;
      markComment(start, line);
      i = stop;
    } else if (c === '#') {
      markComment(line, line);
      while (i < n && text[i] !== '\n') i++;
    } else if (c === '"') {
      const start = line;
      let j = i + 1;
      let value = '';
      while (j < n && text[j] !== '"') {
        if (text[j] === '\\' && j + 1 < n) j++;
        if (text[j] === '\n') line++;
        value += text[j];
        j++;
      }
      out.push({ text: value, line: start, kind: 'word' });
      i = j + 1;
    } else if (c === '{' || c === '}' || c === ';' || c === '[' || c === ']') {
      if ((c === '{' || c === '}') && line <= last) ledger.ignored(line, structureReason);
      out.push({ text: c, line, kind: c });
      i++;
    } else {
      let j = i;
      while (j < n && !/[\s{};[\]"]/.test(text[j] as string)) j++;
      out.push({ text: text.slice(i, j), line, kind: 'word' });
      i = j;
    }
  }
  return out;
}

/** Words with `[ a b ]` lists expanded: one word list per element (the cross product, if several). */
function expand(tokens: readonly Token[]): { words: string[]; lines: number[] }[] {
  let variants: string[][] = [[]];
  const lines = [...new Set(tokens.map((t) => t.line))];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (t.kind === '[') {
      const items: string[] = [];
      for (i++; i < tokens.length && (tokens[i] as Token).kind !== ']'; i++) items.push((tokens[i] as Token).text);
      variants = variants.flatMap((v) => items.map((item) => [...v, item]));
    } else if (t.kind === 'word') variants = variants.map((v) => [...v, t.text]);
  }
  return variants.map((words) => ({ words, lines }));
}

const PREFIX_MARKERS = new Set(['replace:', 'protect:']);

export interface ParsedJunos {
  readonly statements: JunosStatement[];
  readonly inactive: JunosStatement[];
  /** `set` form only: lines that are neither `set` nor `deactivate` (`delete`, garbage). */
  readonly stray: { line: number; reason: string }[];
}

export function isSetFormat(text: string): boolean {
  for (const raw of text.split(/\r?\n/)) {
    const l = raw.trim();
    if (l === '' || l.startsWith('#') || l.startsWith('/*')) continue;
    return /^(set|deactivate|delete|activate)\s/.test(l);
  }
  return false;
}

export function parseJunos(text: string, ledger: LineLedger): ParsedJunos {
  return isSetFormat(text) ? parseSet(text, ledger) : parseHierarchical(text, ledger);
}

function parseHierarchical(text: string, ledger: LineLedger): ParsedJunos {
  const tokens = tokenize(text, 1, ledger, 'block structure (its statements are accounted for on their own lines)');
  const statements: JunosStatement[] = [];
  const inactive: JunosStatement[] = [];
  const stray: { line: number; reason: string }[] = [];
  const stack: { words: string[]; inactive: boolean }[] = [];
  let current: Token[] = [];
  const path = () => stack.flatMap((f) => f.words);
  const pathInactive = () => stack.some((f) => f.inactive);
  /** Strips `replace:`/`inactive:` markers; says whether `inactive:` was among them. */
  const strip = (toks: Token[]): { toks: Token[]; inactive: boolean } => {
    let off = false;
    const kept = toks.filter((t) => {
      if (t.kind !== 'word') return true;
      if (t.text === 'inactive:') return !(off = true);
      return !PREFIX_MARKERS.has(t.text);
    });
    return { toks: kept, inactive: off };
  };
  for (const t of tokens) {
    if (t.kind === '{') {
      const { toks, inactive: off } = strip(current);
      stack.push({ words: toks.filter((x) => x.kind === 'word').map((x) => x.text), inactive: off });
      if (off || pathInactive()) for (const x of current) ledger.ignored(x.line, 'inactive: (not in effect on the device)');
      current = [];
    } else if (t.kind === '}') {
      if (current.length > 0) stray.push({ line: current[0]?.line ?? t.line, reason: 'statement without a closing ";"' });
      current = [];
      if (stack.length === 0) stray.push({ line: t.line, reason: 'unbalanced "}"' });
      stack.pop();
    } else if (t.kind === ';') {
      const { toks, inactive: off } = strip(current);
      current = [];
      for (const e of expand(toks)) {
        const s = { words: [...path(), ...e.words], line: e.lines[0] ?? t.line, lines: e.lines };
        (off || pathInactive() ? inactive : statements).push(s);
      }
    } else current.push(t);
  }
  if (current.length > 0) stray.push({ line: current[0]?.line ?? 1, reason: 'statement without a closing ";"' });
  return { statements, inactive, stray };
}

function parseSet(text: string, ledger: LineLedger): ParsedJunos {
  const statements: JunosStatement[] = [];
  const deactivated: string[][] = [];
  const stray: { line: number; reason: string }[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = i + 1;
    const l = raw.trim();
    if (l === '') return;
    if (l.startsWith('#') || l.startsWith('/*')) {
      ledger.ignored(line, 'comment');
      return;
    }
    const tokens = tokenize(raw, line, ledger, 'structure');
    const first = tokens[0]?.text;
    const rest = tokens.slice(1);
    if (first === 'set') for (const e of expand(rest)) statements.push({ words: e.words, line, lines: [line] });
    else if (first === 'deactivate') {
      deactivated.push(rest.map((t) => t.text));
      ledger.ignored(line, 'deactivate: the statements below this path are not in effect');
    } else if (first === 'activate') ledger.ignored(line, 'activate: the default state');
    else stray.push({ line, reason: first === 'delete' ? '"delete" in a configuration listing (the result depends on what preceded it)' : 'not a set, deactivate or comment line' });
  });
  const isOff = (s: JunosStatement) => deactivated.some((d) => d.length <= s.words.length && d.every((w, k) => s.words[k] === w));
  return { statements: statements.filter((s) => !isOff(s)), inactive: statements.filter(isOff), stray };
}
