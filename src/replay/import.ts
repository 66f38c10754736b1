/**
 * Flow logs into a FlowSet, streamed line by line (a 10M-line file is never held as text).
 *
 * CSV: a header row naming the columns, in any order: src, dst, proto, sport, dport (required) and
 * start, timestamp, count (optional). Fields are separated by commas; quoting is not supported.
 * JSON Lines: one object per line with the same keys. `proto` is a name (tcp, udp, icmp, …) or a
 * number 0-255; for ICMP, sport is the ICMP type and dport the code. `start` is `node` or
 * `node.interface` (default: wherever the source address lives); `count` is how many flows the row
 * stands for (default 1); `timestamp` (epoch seconds or ISO 8601) is checked but not used.
 *
 * JSON Lines types: src, dst and start are strings; sport, dport and count are JSON numbers (not strings
 * of digits); proto is a name or a number; timestamp is a number or a string. An optional key may be null
 * (as if absent). Arrays, objects, booleans, a wrong type, or a key given twice in one object (JSON.parse
 * would silently keep the last) make the row bad.
 *
 * Every bad row becomes a diagnostic (file:line:column, code, expected, hint) and is counted; with
 * `strict` the first bad row ends the import. Blank lines and lines starting with `#` are skipped.
 *
 * Nothing is dropped silently, and partial results are never presented as complete:
 * - the file is unusable (`flows` undefined) when it cannot be read (FLOW001), its header is bad (FLOW005),
 *   it holds no flow rows (FLOW008), it changed while being read (FLOW007: size, modification time,
 *   inode or bytes read differ between before and after), or `strict` met a bad row;
 * - with bad rows, `flows` holds the good ones, `complete` is false, and `ok` is false unless
 *   `allowBadRows` accepts them.
 */
import { open, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { didYouMean, listNames } from '../diagnostics/diagnostic.js';
import type { DiagnosticCode } from '../diagnostics/catalogue.js';
import { PROTO, protocolNumber } from '../net/ports.js';
import { FlowSetBuilder, type FlowRow, type FlowSet } from './flowset.js';

export type FlowFileFormat = 'csv' | 'jsonl';

export interface ImportOptions {
  readonly format?: FlowFileFormat | undefined;
  /** Stop at the first bad row. */
  readonly strict?: boolean | undefined;
  /** Accept bad rows: `ok` stays true when some rows were bad (they are still counted and reported). */
  readonly allowBadRows?: boolean | undefined;
  /** Checks a start location; unknown ones are FLOW004. Without it, start names are not checked. */
  readonly knowsStart?: ((name: string) => boolean) | undefined;
  /** Names offered in the FLOW004 hint. */
  readonly startNames?: (() => readonly string[]) | undefined;
  /** Keep the file line of every good row (`lines`), to name rows in later messages. */
  readonly keepLines?: boolean | undefined;
  /** Diagnostics kept (all bad rows are counted). Default 100. */
  readonly maxDiagnostics?: number | undefined;
}

export interface ImportResult {
  /**
   * True only when the whole file was read unchanged and every row was good (or bad rows were allowed
   * with `allowBadRows`).
   */
  readonly ok: boolean;
  /** True when `flows` holds every row of the file: it was read unchanged and no row was bad. */
  readonly complete: boolean;
  /** The good rows; undefined when the file is unusable (unreadable, bad header, no rows, changed, `strict`). */
  readonly flows: FlowSet | undefined;
  /** Data rows read (blank and comment lines and the CSV header not counted). */
  readonly rows: number;
  readonly badRows: number;
  readonly diagnostics: readonly Diagnostic[];
  /** With `keepLines`: the file line of each flow in `flows`. */
  readonly lines?: Uint32Array | undefined;
}

export const REQUIRED_COLUMNS = ['src', 'dst', 'proto', 'sport', 'dport'] as const;
export const OPTIONAL_COLUMNS = ['start', 'timestamp', 'count'] as const;
const ALL_COLUMNS: readonly string[] = [...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS];
type Column = (typeof REQUIRED_COLUMNS)[number] | (typeof OPTIONAL_COLUMNS)[number];

export function formatOfPath(file: string): FlowFileFormat {
  return /\.(jsonl|ndjson)$/i.test(file) ? 'jsonl' : 'csv';
}

/** A bad field, before the line and file are known. */
class RowError {
  constructor(
    readonly code: DiagnosticCode,
    readonly message: string,
    readonly column: number,
    readonly expected: string,
    readonly hint?: string,
  ) {}
}

/** Strict dotted quad, as src/net/ipv4.ts parseIpv4 (no leading zeros, octets 0-255), without regex. */
export function parseIpv4Fast(text: string): number | undefined {
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || dots === 3) return undefined;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
      dots++;
    } else if (c >= 48 && c <= 57) {
      if (digits > 0 && octet === 0) return undefined; // leading zero
      octet = octet * 10 + (c - 48);
      if (++digits > 3 || octet > 255) return undefined;
    } else {
      return undefined;
    }
  }
  if (dots !== 3 || digits === 0) return undefined;
  return (value * 256 + octet) >>> 0;
}

const PROTOCOL_HINT = `a protocol name (${Object.keys(PROTO).join(', ')}) or a number 0-255`;

interface FieldSource {
  /** Raw text of a field, or undefined when absent. */
  text(c: Column): string | undefined;
  /** 1-based column where the field's value starts (or the row starts). */
  column(c: Column): number;
}

function parseInteger(text: string): number | undefined {
  return /^\d{1,10}$/.test(text) ? Number(text) : undefined;
}

function rowFrom(f: FieldSource, opts: ImportOptions): FlowRow | RowError {
  const address = (c: 'src' | 'dst'): number | RowError => {
    const t = f.text(c) ?? '';
    const ip = parseIpv4Fast(t);
    if (ip !== undefined) return ip;
    return new RowError('FLOW002', `${c} "${t}" is not an IPv4 address`, f.column(c), 'a dotted quad such as 10.1.2.3', 'each of the four numbers is 0-255, written without leading zeros');
  };
  const src = address('src');
  if (src instanceof RowError) return src;
  const dst = address('dst');
  if (dst instanceof RowError) return dst;
  const protoText = (f.text('proto') ?? '').trim();
  const proto = protocolNumber(protoText);
  if (proto === undefined) {
    const guess = /^\d+$/.test(protoText) ? undefined : didYouMean(protoText, Object.keys(PROTO));
    return /^\d+$/.test(protoText)
      ? new RowError('FLOW003', `protocol ${protoText} is out of range 0-255`, f.column('proto'), PROTOCOL_HINT)
      : new RowError('FLOW002', `unknown protocol "${protoText}"`, f.column('proto'), PROTOCOL_HINT, guess ? `did you mean "${guess}"?` : undefined);
  }
  const icmp = proto === PROTO.icmp;
  const port = (c: 'sport' | 'dport'): number | RowError => {
    const t = (f.text(c) ?? '').trim();
    const what = icmp ? (c === 'sport' ? 'ICMP type' : 'ICMP code') : c === 'sport' ? 'source port' : 'destination port';
    const max = icmp ? 255 : 65535;
    const n = parseInteger(t);
    if (n === undefined) return new RowError('FLOW002', `${what} "${t}" is not a whole number`, f.column(c), `a number 0-${max}`, icmp ? 'for ICMP flows sport is the type and dport the code' : undefined);
    if (n > max) return new RowError('FLOW003', `${what} ${n} is out of range 0-${max}`, f.column(c), `a number 0-${max}`, icmp ? 'for ICMP flows sport is the type and dport the code' : undefined);
    return n;
  };
  const srcPort = port('sport');
  if (srcPort instanceof RowError) return srcPort;
  const dstPort = port('dport');
  if (dstPort instanceof RowError) return dstPort;
  const row: FlowRow = { src, dst, proto, srcPort, dstPort };
  const start = f.text('start')?.trim();
  if (start !== undefined && start !== '') {
    if (opts.knowsStart && !opts.knowsStart(start)) {
      const guess = opts.startNames ? didYouMean(start, opts.startNames()) : undefined;
      return new RowError('FLOW004', `unknown start location "${start}"`, f.column('start'), 'a node or node.interface of the topology', guess ? `did you mean "${guess}"?` : 'leave start empty to start where the source address lives');
    }
    row.start = start;
  }
  const countText = f.text('count')?.trim();
  if (countText !== undefined && countText !== '') {
    const n = parseInteger(countText);
    if (n === undefined) return new RowError('FLOW002', `count "${countText}" is not a whole number`, f.column('count'), 'a number of flows, 1 or more');
    if (n < 1 || n > 0xffffffff) return new RowError('FLOW003', `count ${n} is out of range 1-4294967295`, f.column('count'), 'a number of flows, 1 or more');
    row.count = n;
  }
  const ts = f.text('timestamp')?.trim();
  if (ts !== undefined && ts !== '' && !/^\d+(\.\d+)?$/.test(ts) && Number.isNaN(Date.parse(ts))) {
    return new RowError('FLOW002', `timestamp "${ts}" is neither epoch seconds nor an ISO 8601 date`, f.column('timestamp'), 'e.g. 1700000000 or 2026-04-01T09:00:00Z');
  }
  return row;
}

/** Reads and parses a flow file; never throws for bad content or an unreadable file. */
export async function importFlows(file: string, options: ImportOptions = {}): Promise<ImportResult> {
  const format = options.format ?? formatOfPath(file);
  const maxDiagnostics = options.maxDiagnostics ?? 100;
  const builder = new FlowSetBuilder();
  const diagnostics: Diagnostic[] = [];
  const lines: number[] | undefined = options.keepLines ? [] : undefined;
  let badRows = 0;
  let rows = 0;
  let fatal = false;
  const report = (line: number, e: RowError): void => {
    badRows++;
    if (diagnostics.length < maxDiagnostics) {
      diagnostics.push({ code: e.code, severity: 'error', message: e.message, location: { file, line, column: e.column }, expected: e.expected, hint: e.hint });
    }
  };
  const unreadable = (error: unknown, line: number): ImportResult => {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      ok: false, complete: false, flows: undefined, rows, badRows,
      diagnostics: [{ code: 'FLOW001', severity: 'error', message: `cannot read flow file: ${reason}`, location: { file, line: Math.max(1, line), column: 1 }, hint: 'check the path and that the file is readable' }],
    };
  };

  let handle;
  let before: Stats;
  try {
    handle = await open(file, 'r');
    before = await handle.stat();
  } catch (error) {
    await handle?.close().catch(() => undefined);
    return unreadable(error, 1);
  }
  let header: Map<string, number> | undefined;
  let headerColumns: number[] = [];
  // Raw bytes (readline decodes them), so bytesRead can be compared with the size seen at the start.
  const stream = handle.createReadStream({ autoClose: false });
  const reader = createInterface({ input: stream, crlfDelay: Infinity });
  let lineNo = 0;
  let changed: string | undefined;
  try {
    for await (const raw of reader) {
      lineNo++;
      const line = lineNo === 1 && raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
      if (line.trim() === '' || line.startsWith('#')) continue;
      if (format === 'csv' && header === undefined) {
        const parsed = parseHeader(line, file, lineNo);
        if ('diagnostics' in parsed) {
          diagnostics.push(...parsed.diagnostics);
          fatal = true;
          break;
        }
        header = parsed.index;
        headerColumns = parsed.columns;
        continue;
      }
      rows++;
      const result = format === 'csv' ? csvRow(line, header!, headerColumns, options) : jsonRow(line, options);
      if (result instanceof RowError) {
        report(lineNo, result);
        if (options.strict) {
          fatal = true;
          break;
        }
        continue;
      }
      builder.add(result);
      lines?.push(lineNo);
    }
    if (!fatal && before.isFile()) changed = await changeWhileReading(file, before, await handle.stat(), stream.bytesRead);
  } catch (error) {
    return unreadable(error, lineNo);
  } finally {
    reader.close();
    stream.destroy();
    await handle.close().catch(() => undefined);
  }
  if (changed !== undefined) {
    // Whatever was parsed belongs to no single state of the file: none of it is returned.
    return {
      ok: false, complete: false, flows: undefined, rows, badRows,
      diagnostics: [{
        code: 'FLOW007', severity: 'error', message: `the flow file changed while it was being read (${changed}); its rows are not used`,
        location: { file, line: Math.max(1, lineNo), column: 1 }, expected: 'a flow file that nothing writes to while segproof reads it',
        hint: 'copy the log first (or wait until it is rotated) and import the copy',
      }],
    };
  }
  if (format === 'csv' && header === undefined && !fatal) {
    diagnostics.push({ code: 'FLOW005', severity: 'error', message: 'flow file is empty: no header row', location: { file, line: 1, column: 1 }, expected: `a header row: ${REQUIRED_COLUMNS.join(',')}` });
    fatal = true;
  }
  if (!fatal && rows === 0) {
    diagnostics.push({
      code: 'FLOW008', severity: 'error', message: 'flow file holds no flow rows', location: { file, line: Math.max(1, lineNo), column: 1 },
      expected: format === 'csv' ? 'one flow per line after the header row' : 'one JSON object per line', hint: 'blank lines and lines starting with # are skipped; check that the right file was given',
    });
    fatal = true;
  }
  if (fatal) return { ok: false, complete: false, flows: undefined, rows, badRows, diagnostics };
  return {
    ok: badRows === 0 || (options.allowBadRows ?? false), complete: badRows === 0, flows: builder.build(), rows, badRows, diagnostics,
    lines: lines ? Uint32Array.from(lines) : undefined,
  };
}

/** Why the file read is not one consistent state of the file, or undefined when it is. */
async function changeWhileReading(file: string, before: Stats, after: Stats, bytesRead: number): Promise<string | undefined> {
  if (after.size !== before.size) return `its size went from ${before.size} to ${after.size} bytes`;
  if (bytesRead !== before.size) return `${bytesRead} of its ${before.size} bytes could be read`;
  if (after.mtimeMs !== before.mtimeMs) return 'it was modified';
  let now: Stats;
  try {
    now = await stat(file);
  } catch {
    return 'it was removed or renamed';
  }
  if (now.ino !== before.ino || now.dev !== before.dev) return 'it was replaced by another file';
  return undefined;
}

function parseHeader(line: string, file: string, lineNo: number): { index: Map<string, number>; columns: number[] } | { diagnostics: Diagnostic[] } {
  const names = line.split(',');
  const index = new Map<string, number>();
  const columns: number[] = [];
  const diagnostics: Diagnostic[] = [];
  let at = 1;
  names.forEach((raw, i) => {
    const name = raw.trim().toLowerCase();
    columns.push(at);
    if (!ALL_COLUMNS.includes(name)) {
      const guess = didYouMean(name, ALL_COLUMNS);
      diagnostics.push({
        code: 'FLOW005', severity: 'error', message: `unknown column "${raw.trim()}"`, location: { file, line: lineNo, column: at },
        expected: `columns ${listNames(ALL_COLUMNS)}`, hint: guess ? `did you mean "${guess}"?` : 'remove the column',
      });
    } else if (index.has(name)) {
      diagnostics.push({ code: 'FLOW005', severity: 'error', message: `column "${name}" appears twice`, location: { file, line: lineNo, column: at }, expected: 'each column once' });
    } else {
      index.set(name, i);
    }
    at += raw.length + 1;
  });
  for (const c of REQUIRED_COLUMNS) {
    if (!index.has(c)) {
      diagnostics.push({
        code: 'FLOW005', severity: 'error', message: `missing required column "${c}"`, location: { file, line: lineNo, column: 1 },
        expected: `a header row with ${REQUIRED_COLUMNS.join(',')}`, hint: `optional columns: ${OPTIONAL_COLUMNS.join(', ')}`,
      });
    }
  }
  return diagnostics.length > 0 ? { diagnostics } : { index, columns };
}

function csvRow(line: string, header: Map<string, number>, headerColumns: readonly number[], options: ImportOptions): FlowRow | RowError {
  const fields = line.split(',');
  if (fields.length !== headerColumns.length) {
    const names = [...header.entries()].sort((a, b) => a[1] - b[1]).map(([n]) => n);
    return new RowError('FLOW002', `row has ${fields.length} fields, the header has ${headerColumns.length}`, 1, `${headerColumns.length} comma-separated fields: ${names.join(',')}`, 'quoted fields are not supported; check for a missing or extra comma');
  }
  const starts: number[] = [];
  let at = 1;
  for (const f of fields) {
    starts.push(at);
    at += f.length + 1;
  }
  return rowFrom(
    {
      text: (c) => {
        const i = header.get(c);
        return i === undefined ? undefined : fields[i]!.trim();
      },
      column: (c) => {
        const i = header.get(c);
        if (i === undefined) return 1;
        const f = fields[i]!;
        return starts[i]! + (f.length - f.trimStart().length);
      },
    },
    options,
  );
}

/** JSON types each key may have (null means absent, allowed for optional keys only). */
const JSON_TYPES: Record<Column, readonly ('string' | 'number')[]> = {
  src: ['string'], dst: ['string'], proto: ['string', 'number'], sport: ['number'], dport: ['number'],
  start: ['string'], timestamp: ['number', 'string'], count: ['number'],
};
const OPTIONAL: ReadonlySet<string> = new Set(OPTIONAL_COLUMNS);

function jsonTypeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 20 ? `${v.slice(0, 20)}…` : v)}`;
  if (typeof v === 'number') return `the number ${v}`;
  return `${typeof v === 'boolean' ? 'the boolean' : typeof v} ${String(v)}`;
}

const JSON_EXAMPLE: Record<Column, string> = {
  src: '"10.0.0.1"', dst: '"10.0.1.1"', proto: '"tcp" or 6', sport: '49152', dport: '443', start: '"pc" or "pc.nic"', timestamp: '1700000000 or "2026-04-01T09:00:00Z"', count: '1',
};

/**
 * The keys of a JSON object's top level, with their 1-based columns, in order (repeats included).
 * `line` must already be valid JSON holding an object.
 */
export function topLevelKeys(line: string): { key: string; column: number }[] {
  const keys: { key: string; column: number }[] = [];
  let depth = 0;
  let expectKey = false;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 0x22) {
      const from = i;
      let escaped = false;
      for (i++; i < line.length; i++) {
        const d = line.charCodeAt(i);
        if (d === 0x5c) {
          escaped = true;
          i++;
        } else if (d === 0x22) {
          break;
        }
      }
      if (depth === 1 && expectKey) {
        const raw = line.slice(from, i + 1);
        keys.push({ key: escaped ? (JSON.parse(raw) as string) : raw.slice(1, -1), column: from + 1 });
        expectKey = false;
      }
    } else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth === 1 && c === 0x7b) expectKey = true;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    } else if (c === 0x2c && depth === 1) {
      expectKey = true;
    }
  }
  return keys;
}

function jsonRow(line: string, options: ImportOptions): FlowRow | RowError {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const pos = /position (\d+)/.exec(message);
    const column = pos ? Number(pos[1]) + 1 : 1;
    return new RowError('FLOW002', `invalid JSON: ${message.replace(/ in JSON at position \d+.*$/, '').replace(/\s*\(line \d+ column \d+\)$/, '')}`, column, 'one JSON object per line, e.g. {"src":"10.0.0.1","dst":"10.0.1.1","proto":"tcp","sport":49152,"dport":443}');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return new RowError('FLOW002', 'row is not a JSON object', 1, 'one JSON object per line');
  }
  const obj = value as Record<string, unknown>;
  const columns = new Map<string, number>();
  for (const { key, column } of topLevelKeys(line)) {
    if (columns.has(key)) {
      return new RowError('FLOW002', `key "${key}" appears twice in one object`, column, 'each key once per object', `JSON keeps only the last "${key}"; remove one of them`);
    }
    columns.set(key, column);
  }
  const keyColumn = (c: string): number => columns.get(c) ?? 1;
  for (const key of Object.keys(obj)) {
    if (!ALL_COLUMNS.includes(key)) {
      const guess = didYouMean(key, ALL_COLUMNS);
      return new RowError('FLOW002', `unknown key "${key}"`, keyColumn(key), `keys ${listNames(ALL_COLUMNS)}`, guess ? `did you mean "${guess}"?` : undefined);
    }
  }
  for (const c of REQUIRED_COLUMNS) {
    if (!(c in obj)) return new RowError('FLOW002', `missing "${c}"`, 1, `an object with ${REQUIRED_COLUMNS.join(', ')}`);
  }
  const text = new Map<Column, string>();
  for (const c of ALL_COLUMNS as readonly Column[]) {
    const v = obj[c];
    if (v === undefined || (v === null && OPTIONAL.has(c))) continue;
    const allowed = JSON_TYPES[c];
    if (!(allowed as readonly string[]).includes(typeof v) || v === null) {
      const numberAsString = typeof v === 'string' && allowed.includes('number') && !allowed.includes('string');
      return new RowError(
        'FLOW002', `"${c}" is ${jsonTypeName(v)}, not ${allowed.map((t) => `a ${t}`).join(' or ')}`, keyColumn(c),
        `"${c}": ${JSON_EXAMPLE[c]}`, numberAsString ? `write the number without quotes: "${c}": ${String(v)}` : `see the flow file columns: ${listNames(ALL_COLUMNS)}`,
      );
    }
    text.set(c, String(v));
  }
  return rowFrom({ text: (c) => text.get(c), column: keyColumn }, options);
}
