/**
 * The block structure shared by Cisco IOS, IOS-XE, NX-OS and ASA configurations: a line at the left
 * margin opens a block, indented lines below it are its children (nested by indentation), `!` lines
 * are comments and banners run to their delimiter. Also the pieces every Cisco importer needs: ACL
 * entries as segproof rules, with the line's fate in the ledger.
 */
import type { RawRule } from '../../topology/format.js';
import type { LineLedger } from '../ledger.js';
import { formatCiscoService, tokenize, type CiscoAclEntry } from './cisco-acl-line.js';

export interface Block {
  /** 1-based line number in the ledger's file. */
  readonly line: number;
  readonly text: string;
  readonly tokens: readonly string[];
  readonly indent: number;
  readonly children: Block[];
}

const indentOf = (text: string) => text.length - text.trimStart().length;

/**
 * Top-level blocks of a configuration. Comment lines (`!`, `:` on ASA) and banners are marked
 * ignored here; every other line ends up in exactly one block.
 */
export function parseBlocks(ledger: LineLedger): Block[] {
  const roots: Block[] = [];
  const stack: Block[] = [];
  const lines = ledger.lines;
  for (let n = 1; n <= lines.length; n++) {
    const text = lines[n - 1] as string;
    const trimmed = text.trim();
    if (trimmed === '') continue;
    if (trimmed.startsWith('!') || (trimmed.startsWith(':') && indentOf(text) === 0)) {
      ledger.ignored(n, 'comment');
      if (indentOf(text) === 0) stack.length = 0;
      continue;
    }
    const tokens = tokenize(text);
    if (tokens[0] === 'banner' && indentOf(text) === 0) {
      n = banner(ledger, n, tokens);
      stack.length = 0;
      continue;
    }
    const block: Block = { line: n, text, tokens, indent: indentOf(text), children: [] };
    while (stack.length > 0 && (stack[stack.length - 1] as Block).indent >= block.indent) stack.pop();
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(block);
    else roots.push(block);
    stack.push(block);
  }
  return roots;
}

/** Marks a banner (`banner motd ^C … ^C`, any delimiter) ignored; returns its last line. */
function banner(ledger: LineLedger, start: number, tokens: readonly string[]): number {
  const text = ledger.text(start);
  const kind = tokens[1] ?? '';
  const afterKind = text.indexOf(kind) + kind.length;
  const rest = text.slice(afterKind).trimStart();
  ledger.ignored(start, 'banner text');
  if (rest === '') return start;
  const delimiter = rest.startsWith('^C') ? '^C' : rest[0] as string;
  if (rest.slice(delimiter.length).includes(delimiter)) return start;
  for (let n = start + 1; n <= ledger.lines.length; n++) {
    ledger.ignored(n, 'banner text');
    if (ledger.text(n).includes(delimiter)) return n;
  }
  return ledger.lines.length;
}

/** Every line of a block and its descendants. */
export function allLines(block: Block): Block[] {
  return [block, ...block.children.flatMap(allLines)];
}

export function markAll(block: Block, mark: (line: number) => void): void {
  for (const b of allLines(block)) mark(b.line);
}

/** `<file>:<line> <text>`: a rule's description leads back to the vendor line. */
export function lineDescription(file: string, line: number, text: string): string {
  const t = text.trim().replace(/\s+/g, ' ');
  return `${file}:${line} ${t.length > 100 ? `${t.slice(0, 97)}...` : t}`;
}

export type EntryFate = { fate: 'understood' } | { fate: 'approximated'; reason: string };

/**
 * The segproof rule for one parsed entry (none when it can match nothing, or when it is a deny that
 * tests something segproof cannot: dropping it is the sound choice), and the line's fate.
 */
export function entryRule(entry: CiscoAclEntry, name: string, description: string): { rule: RawRule | undefined; fate: EntryFate } {
  if (entry.inactive) return { rule: undefined, fate: { fate: 'understood' } };
  if (entry.services.length === 0) return { rule: undefined, fate: { fate: 'understood' } };
  let fate: EntryFate = { fate: 'understood' };
  if (entry.widened.length > 0) {
    if (entry.action === 'deny') {
      return { rule: undefined, fate: { fate: 'approximated', reason: `deny left out: it also tests ${entry.widened.join(', ')}, which segproof cannot, so it is dropped (later rules decide; never fewer packets pass)` } };
    }
    fate = { fate: 'approximated', reason: `permit widened: ${entry.widened.join(', ')} not checked (matches more than the device)` };
  }
  const services = [...new Set(entry.services.map(formatCiscoService))];
  const one = (refs: readonly string[]) => (refs.length === 1 ? (refs[0] as string) : [...refs]);
  const rule: RawRule = {
    name,
    action: entry.action,
    ...(entry.src.refs.length === 1 && entry.src.refs[0] === 'any' ? {} : { src: one(entry.src.refs) }),
    ...(entry.dst.refs.length === 1 && entry.dst.refs[0] === 'any' ? {} : { dst: one(entry.dst.refs) }),
    ...(services.includes('any') ? {} : { service: services.length === 1 ? (services[0] as string) : services }),
    description,
  };
  return { rule, fate };
}
