/**
 * A fast parser for the YAML that topology files are written in: block mappings and lists, flow
 * collections (JSON included), single-line plain and quoted scalars, comments. It builds the plain data
 * and a compact position table (yaml-positions.ts) in one pass over the text, with no node objects.
 *
 * It declines — returns undefined — anything outside that subset or anything it is unsure of: anchors,
 * aliases, tags, directives, document markers, block scalars, scalars spanning lines, explicit keys,
 * empty flow entries, tabs outside quotes, control characters, duplicate keys, nesting past MAX_NESTING.
 * The caller then parses with the `yaml` package's Document (source-document.ts), which reports every
 * problem and warning. What it accepts it reads as that twin does under the YAML 1.2 core schema, to the
 * same data and the same positions: test/topology/loader-twins.test.ts checks both on random documents.
 */
import { MAX_NESTING } from './yaml-bounds.js';
import { PositionTable } from './yaml-positions.js';

export interface SubsetParse {
  readonly data: unknown;
  readonly positions: PositionTable;
}

/** The data and positions of `text`, or undefined when the document lies outside the subset. */
export function parseYamlSubset(text: string): SubsetParse | undefined {
  try {
    return new SubsetParser(text).document();
  } catch (error) {
    if (error === DECLINE) return undefined;
    throw error;
  }
}

/** Thrown to leave the parse from any depth; caught only by parseYamlSubset. */
const DECLINE = Symbol('outside the YAML subset');
function decline(): never {
  throw DECLINE;
}

const LF = 10;
const SPACE = 32;
const HASH = 35;
const QUOTE = 34;
const APOSTROPHE = 39;
const COMMA = 44;
const DASH = 45;
const COLON = 58;
const OPEN_SQUARE = 91;
const BACKSLASH = 92;
const CLOSE_SQUARE = 93;
const OPEN_CURLY = 123;
const CLOSE_CURLY = 125;

/**
 * ASCII characters a plain scalar simply continues with (1 in block context, 2 in flow context, 3 in
 * both): everything printable but spaces, `:`, `#` and, in flow, the flow indicators, which need a look.
 */
const PLAIN_CONTINUES = (() => {
  const table = new Uint8Array(128);
  for (let c = 33; c < 127; c++) table[c] = c === COLON || c === HASH ? 0 : isFlowIndicator(c) ? 1 : 3;
  return table;
})();

/** Slots, and the longest plain scalar looked up there, of the table of short plain scalars read before (see plainText). */
const SEEN_SLOTS = 4096;
const SEEN_MAX_LENGTH = 32;

/** Longer keys the `yaml` package refuses as implicit keys (1024 characters); declined a little earlier. */
const MAX_KEY_LENGTH = 1000;

/** Characters the subset declines anywhere: controls (tab only inside quotes), DEL, C1, BOM and Unicode line breaks. */
function isOddCharacter(c: number): boolean {
  return c < SPACE || c === 0x7f || (c >= 0x80 && c <= 0x9f) || c === 0xfeff || c === 0x2028 || c === 0x2029;
}

function isFlowIndicator(c: number): boolean {
  return c === COMMA || c === OPEN_SQUARE || c === CLOSE_SQUARE || c === OPEN_CURLY || c === CLOSE_CURLY;
}

/** Characters no plain scalar starts with (YAML's c-indicator); `-`, `?` and `:` are handled by the caller. */
function isIndicator(c: number): boolean {
  switch (c) {
    case COMMA: case OPEN_SQUARE: case CLOSE_SQUARE: case OPEN_CURLY: case CLOSE_CURLY:
    case HASH: case 38 /* & */: case 42 /* * */: case 33 /* ! */: case 124 /* | */: case 62 /* > */:
    case APOSTROPHE: case QUOTE: case 37 /* % */: case 64 /* @ */: case 96 /* ` */: case 63 /* ? */: case COLON:
      return true;
    default:
      return false;
  }
}

/** Canonical array indices: JavaScript lists them before every other key, whatever the insertion order. */
function isArrayIndex(key: string): boolean {
  const c = key.charCodeAt(0);
  if (c < 48 || c > 57) return false;
  return /^(?:0|[1-9][0-9]*)$/.test(key) && Number(key) < 4294967295;
}

/**
 * A plain scalar under the YAML 1.2 core schema: the `yaml` package's tests in its order (null, bool,
 * octal, decimal and hex integers, .inf/.nan, exponent and plain floats), dispatched on the first
 * character, which each of them fixes, so most scalars (names) are told apart without a regular expression.
 */
export function resolvePlain(source: string): unknown {
  if (source === '') return null;
  const c = source.charCodeAt(0);
  if (c >= 48 && c <= 57) {
    if (!mayBeNumber(source)) return source; // addresses and prefixes, before any regular expression
    if (c === 48 && /^0o[0-7]+$/.test(source)) return parseInt(source.substring(2), 8);
    if (/^[0-9]+$/.test(source)) return parseInt(source, 10);
    if (c === 48 && /^0x[0-9a-fA-F]+$/.test(source)) return parseInt(source.substring(2), 16);
    return resolveFloat(source);
  }
  switch (c) {
    case 110: case 78: // n N; the length first, so names such as `nodes` meet no regular expression
      return source.length === 4 && /^(?:[Nn]ull|NULL)$/.test(source) ? null : source;
    case 116: case 84: case 102: case 70: // t T f F
      return (source.length === 4 || source.length === 5) && /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/.test(source) ? c === 116 || c === 84 : source;
    case 126: // ~
      return source.length === 1 ? null : source;
    case 43: case 45: // + -
      if (/^[-+][0-9]+$/.test(source)) return parseInt(source, 10);
      return resolveFloat(source);
    case 46: // .
      return resolveFloat(source);
    default:
      return source;
  }
}

/**
 * Whether `source` (starting with a digit) could be one of the numbers above: each of them is written
 * with digits, hex letters, `x`, `o`, `.`, `+` and `-` only, and has at most one `.`.
 */
function mayBeNumber(source: string): boolean {
  let dots = 0;
  for (let k = 0; k < source.length; k++) {
    const c = source.charCodeAt(k);
    if (c === 46) {
      if (++dots > 1) return false;
    } else if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70) || c === 120 || c === 111 || c === 43 || c === 45)) {
      return false;
    }
  }
  return true;
}

function resolveFloat(source: string): unknown {
  if (/^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/.test(source)) {
    return source.slice(-3).toLowerCase() === 'nan' ? NaN : source[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/.test(source)) return parseFloat(source);
  if (/^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/.test(source)) return parseFloat(source);
  return source;
}

const ESCAPES: Readonly<Record<string, string>> = {
  '0': '\0', a: '\x07', b: '\b', e: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
  N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029', ' ': ' ', '"': '"', '/': '/', '\\': '\\', '\t': '\t',
};

class SubsetParser {
  private readonly text: string;
  private readonly length: number;
  /** The current offset. */
  private i = 0;
  /** Offset of the start of the current line. */
  private lineStart = 0;
  /** Finished records (see yaml-positions.ts), `used` of them filled. */
  private records = new Int32Array(1024);
  private used = 0;
  /**
   * Entries of the collections being parsed, innermost last: key offset, value offset, value record; `top`
   * of it filled: a typed stack, which grows without boxing and is copied into `records` as plain integers.
   */
  private open = new Int32Array(1024);
  private top = 0;
  /** The record of the value parsed last, -1 for a scalar. */
  private lastRecord = -1;
  private readonly keyOrders = new Map<number, readonly string[]>();
  /**
   * Items of the lists being parsed, innermost last, `itemsUsed` of them current: a list is made once its
   * items are known, at its size, instead of grown item by item (fewer discarded arrays to collect).
   */
  private readonly items: unknown[] = [];
  private itemsUsed = 0;
  /** Short plain scalars read last, by slot (see plainText). */
  private readonly seen = new Array<string | undefined>(SEEN_SLOTS).fill(undefined);

  constructor(text: string) {
    this.text = text;
    this.length = text.length;
  }

  private at(offset: number): number {
    return offset < this.length ? this.text.charCodeAt(offset) : -1;
  }

  /** Whether `offset` holds a space, a line end or the end of the text. */
  private isBlankOrEnd(offset: number): boolean {
    const c = this.at(offset);
    return c === SPACE || c === LF || c === -1;
  }

  document(): SubsetParse | undefined {
    this.toContentLine();
    if (this.i >= this.length) return decline(); // an empty document
    const col = this.i - this.lineStart;
    if (this.startsDocumentMarker()) return decline();
    const rootOffset = this.i;
    this.lastRecord = -1;
    const root = this.blockNode(col, -1, 0);
    const rootRecord = this.lastRecord;
    if (this.i < this.length) return decline(); // content left over: less indented than the root, or a second document
    const records = this.records.slice(0, this.used); // a copy, so the grown buffer's spare half is freed
    return { data: root, positions: new PositionTable({ root, rootOffset, rootRecord, records, keyOrders: this.keyOrders }) };
  }

  private startsDocumentMarker(): boolean {
    const t = this.text;
    const i = this.i;
    return this.i === this.lineStart && ((t.startsWith('---', i) || t.startsWith('...', i)) && this.isBlankOrEnd(i + 3));
  }

  /**
   * From the start of a line or the end of a value's line: skips blank and comment-only lines and leaves
   * `i` at the first content character (or the end). Tabs in indentation and `%` directives are declined.
   */
  private toContentLine(): void {
    const t = this.text;
    for (;;) {
      let j = this.i;
      while (j < this.length && t.charCodeAt(j) === SPACE) j++;
      const c = this.at(j);
      if (c === -1) {
        this.i = j;
        return;
      }
      if (c === LF) {
        this.i = j + 1;
        this.lineStart = j + 1;
        continue;
      }
      if (c === HASH) {
        const end = t.indexOf('\n', j);
        this.checkComment(j, end < 0 ? this.length : end);
        if (end < 0) {
          this.i = this.length;
          return;
        }
        this.i = end + 1;
        this.lineStart = end + 1;
        continue;
      }
      if (c === 37 /* % */ && j === this.lineStart) decline();
      if (isOddCharacter(c)) decline();
      this.i = j;
      if (this.startsDocumentMarker()) decline();
      return;
    }
  }

  /** Comments may hold anything but the characters declined everywhere. */
  private checkComment(from: number, to: number): void {
    const t = this.text;
    for (let k = from; k < to; k++) {
      const c = t.charCodeAt(k);
      if (c < 0x80 ? c < SPACE && c !== 9 : isOddCharacter(c)) decline();
    }
  }

  /** After a scalar or flow collection: spaces, an optional comment, then the line end; moves to the next content line. */
  private endLine(): void {
    const t = this.text;
    while (this.i < this.length && t.charCodeAt(this.i) === SPACE) this.i++;
    const c = this.at(this.i);
    if (c === HASH) {
      if (t.charCodeAt(this.i - 1) !== SPACE) decline(); // a comment must follow a space
      const end = t.indexOf('\n', this.i);
      this.checkComment(this.i, end < 0 ? this.length : end);
      this.i = end < 0 ? this.length : end;
    } else if (c !== LF && c !== -1) {
      decline();
    }
    if (this.i < this.length) {
      this.i++;
      this.lineStart = this.i;
    }
    this.toContentLine();
  }

  /** The column of the current content line, or -1 at the end of the text. */
  private column(): number {
    return this.i < this.length ? this.i - this.lineStart : -1;
  }

  /**
   * A node starting at the current character, at column `col` (the indentation of a block collection it
   * starts), inside a block collection indented `parent`. Ends at the next content line.
   */
  private blockNode(col: number, parent: number, depth: number): unknown {
    const c = this.at(this.i);
    if (c === DASH && this.isBlankOrEnd(this.i + 1)) return this.blockSequence(col, depth + 1);
    if (c === OPEN_SQUARE || c === OPEN_CURLY) {
      const value = this.flowCollection(parent, depth + 1);
      let j = this.i;
      while (this.at(j) === SPACE) j++;
      if (this.at(j) === COLON) decline(); // a flow collection as a key
      this.endLine();
      return value;
    }
    const start = this.i;
    const scalar = this.blockScalar();
    if (scalar.isKey) {
      this.i = start;
      return this.blockMapping(col, depth + 1);
    }
    this.endLine();
    return scalar.value;
  }

  /** A scalar in block context, and whether a `: ` after it makes it a key. */
  private blockScalar(): { value: unknown; isKey: boolean } {
    const c = this.at(this.i);
    let value: unknown;
    if (c === QUOTE || c === APOSTROPHE) value = c === QUOTE ? this.doubleQuoted() : this.singleQuoted();
    else value = resolvePlain(this.plainBlock());
    // Spaces may stand between a key and its colon; otherwise they are left for endLine, before a comment.
    let j = this.i;
    while (this.at(j) === SPACE) j++;
    const isKey = this.at(j) === COLON && this.isBlankOrEnd(j + 1);
    if (isKey) this.i = j;
    return { value, isKey };
  }

  private skipSpaces(): void {
    while (this.i < this.length && this.text.charCodeAt(this.i) === SPACE) this.i++;
  }

  /** A one-line plain scalar in block context: up to `: `, ` #` or the line end, trailing spaces trimmed. */
  private plainBlock(): string {
    const t = this.text;
    const start = this.i;
    this.checkPlainStart(false);
    let j = start;
    let end = start;
    for (; j < this.length; j++) {
      const c = t.charCodeAt(j);
      if (c < 128 && (PLAIN_CONTINUES[c] as number) & 1) {
        end = j + 1;
        continue;
      }
      if (c === LF) break;
      if (c === SPACE) continue;
      if (c === COLON && this.isBlankOrEnd(j + 1)) break;
      if (c === HASH && t.charCodeAt(j - 1) === SPACE) break;
      if (c < 0x80 ? c < SPACE || c === 0x7f : isOddCharacter(c)) decline();
      end = j + 1;
    }
    this.i = end;
    return this.plainText(start, end);
  }

  /** A plain scalar in a flow collection: up to a flow indicator, `: `, ` #` or the line end. */
  private plainFlow(): string {
    const t = this.text;
    const start = this.i;
    this.checkPlainStart(true);
    let j = start;
    let end = start;
    for (; j < this.length; j++) {
      const c = t.charCodeAt(j);
      if (c < 128 && (PLAIN_CONTINUES[c] as number) & 2) {
        end = j + 1;
        continue;
      }
      if (c === LF || isFlowIndicator(c)) break;
      if (c === SPACE) continue;
      if (c === COLON) {
        const next = this.at(j + 1);
        if (next === SPACE || next === LF || next === -1 || isFlowIndicator(next)) break;
      }
      if (c === HASH && t.charCodeAt(j - 1) === SPACE) break;
      if (c < 0x80 ? c < SPACE || c === 0x7f : isOddCharacter(c)) decline();
      end = j + 1;
    }
    this.i = end;
    return this.plainText(start, end);
  }

  /**
   * The text of a plain scalar. Short ones are looked up among those read before (by length and three
   * characters) and compared in place, so the keys and names a file repeats on every line are not copied
   * again: fewer short-lived strings for the garbage collector, and keys that are already internalised.
   */
  private plainText(start: number, end: number): string {
    const t = this.text;
    const length = end - start;
    if (length > SEEN_MAX_LENGTH) return t.slice(start, end);
    const slot = ((length * 31 + t.charCodeAt(start)) * 31 + t.charCodeAt(end - 1)) * 31 + t.charCodeAt(start + (length >> 1));
    const index = slot & (SEEN_SLOTS - 1);
    const known = this.seen[index];
    if (known !== undefined && known.length === length && t.startsWith(known, start)) return known;
    const fresh = t.slice(start, end);
    this.seen[index] = fresh;
    return fresh;
  }

  private checkPlainStart(flow: boolean): void {
    const c = this.at(this.i);
    if (c === -1 || c === LF || c === SPACE) decline(); // an empty value where the subset wants one
    if (c === DASH) {
      const next = this.at(this.i + 1);
      if (next === SPACE || next === LF || next === -1 || (flow && isFlowIndicator(next))) decline();
      return;
    }
    if (isIndicator(c)) decline();
  }

  private singleQuoted(): string {
    const t = this.text;
    const start = this.i + 1;
    let value = '';
    let from = start;
    for (let j = start; j < this.length; j++) {
      const c = t.charCodeAt(j);
      if (c === APOSTROPHE) {
        if (this.at(j + 1) === APOSTROPHE) {
          value += t.slice(from, j + 1);
          from = j + 2;
          j++;
          continue;
        }
        this.i = j + 1;
        return value + t.slice(from, j);
      }
      if (c < 0x80 ? c < SPACE && c !== 9 : isOddCharacter(c)) decline(); // line ends included: quoted scalars stay on one line
    }
    return decline();
  }

  private doubleQuoted(): string {
    const t = this.text;
    const start = this.i + 1;
    let value = '';
    let from = start;
    for (let j = start; j < this.length; j++) {
      const c = t.charCodeAt(j);
      if (c === QUOTE) {
        this.i = j + 1;
        return value + t.slice(from, j);
      }
      if (c === BACKSLASH) {
        value += t.slice(from, j);
        const next = t[j + 1] ?? '';
        const simple = ESCAPES[next];
        if (simple !== undefined) {
          value += simple;
          j++;
        } else if (next === 'x' || next === 'u' || next === 'U') {
          const digits = next === 'x' ? 2 : next === 'u' ? 4 : 8;
          const hex = t.slice(j + 2, j + 2 + digits);
          if (hex.length !== digits || !/^[0-9a-fA-F]+$/.test(hex)) decline();
          const code = parseInt(hex, 16);
          if (code > 0x10ffff) decline();
          value += String.fromCodePoint(code);
          j += 1 + digits;
        } else {
          decline(); // an escaped line break or an invalid escape
        }
        from = j + 1;
        continue;
      }
      if (c < 0x80 ? c < SPACE && c !== 9 : isOddCharacter(c)) decline();
    }
    return decline();
  }

  /** Adds an item of the innermost open list. */
  private item(value: unknown): void {
    this.items[this.itemsUsed++] = value;
  }

  /** The items of the innermost open list, which start at `first` in `items`, as a list of their exact size. */
  private takeItems(first: number): unknown[] {
    const list = this.items.slice(first, this.itemsUsed);
    this.itemsUsed = first;
    return list;
  }

  /** Adds an entry of the innermost open collection; call right after parsing its value. */
  private entry(keyOffset: number, valueOffset: number): void {
    if (this.top + 3 > this.open.length) {
      const grown = new Int32Array(2 * this.open.length);
      grown.set(this.open);
      this.open = grown;
    }
    this.open[this.top++] = keyOffset;
    this.open[this.top++] = valueOffset;
    this.open[this.top++] = this.lastRecord;
    this.lastRecord = -1;
  }

  /** Closes the innermost open collection, whose entries start at `base` in `open`: writes its record. */
  private close(base: number, order: readonly string[] | undefined): void {
    const size = this.top - base;
    if (this.used + size + 1 > this.records.length) {
      const grown = new Int32Array(Math.max(2 * this.records.length, this.used + size + 1));
      grown.set(this.records.subarray(0, this.used));
      this.records = grown;
    }
    const record = this.used;
    this.records[record] = size / 3;
    for (let k = 0; k < size; k++) this.records[record + 1 + k] = this.open[base + k] as number;
    this.used += size + 1;
    this.top = base;
    if (order) this.keyOrders.set(record, order);
    this.lastRecord = record;
  }

  /** Stores a key: duplicates, and keys that are null, too long or not read as text, are declined. */
  private setEntry(map: Record<string, unknown>, key: string, value: unknown, order: string[] | undefined): string[] | undefined {
    if (map[key] !== undefined && Object.hasOwn(map, key)) decline();
    if (key === '__proto__') Object.defineProperty(map, key, { value, writable: true, enumerable: true, configurable: true });
    else map[key] = value;
    if (order) order.push(key);
    else if (isArrayIndex(key)) return [...Object.keys(map).filter((k) => k !== key), key];
    return order;
  }

  private keyText(value: unknown, start: number): string {
    if (value === null || this.i - start > MAX_KEY_LENGTH) decline();
    return String(value);
  }

  /** A block mapping whose keys sit at column `indent`; `i` is at its first key. */
  private blockMapping(indent: number, depth: number): Record<string, unknown> {
    if (depth > MAX_NESTING) decline();
    const map: Record<string, unknown> = {};
    const base = this.top;
    let order: string[] | undefined;
    for (;;) {
      const keyStart = this.i;
      const c = this.at(this.i);
      if (c === DASH && this.isBlankOrEnd(this.i + 1)) decline(); // a list item among keys
      const scalar = this.blockScalar();
      if (!scalar.isKey) decline();
      const key = this.keyText(scalar.value, keyStart);
      this.i++; // the colon
      const afterColon = this.i;
      this.skipSpaces();
      let value: unknown;
      let valueStart: number;
      this.lastRecord = -1;
      const v = this.at(this.i);
      if (v === HASH || v === LF || v === -1) {
        if (v === HASH && this.i === afterColon) decline();
        valueStart = this.i;
        this.endLine();
        const col = this.column();
        if (col > indent) {
          valueStart = this.i;
          value = this.blockNode(col, indent, depth);
        } else if (col === indent && this.at(this.i) === DASH && this.isBlankOrEnd(this.i + 1)) {
          valueStart = this.i;
          value = this.blockSequence(indent, depth + 1); // a list at its key's indentation
        } else {
          value = null;
        }
      } else {
        valueStart = this.i;
        value = this.inlineValue(indent, depth);
      }
      order = this.setEntry(map, key, value, order);
      this.entry(keyStart, valueStart);
      const col = this.column();
      if (col < indent) break;
      if (col > indent) decline(); // more indented than the keys: a scalar continued, or bad indentation
    }
    this.close(base, order);
    return map;
  }

  /** A mapping's value on its key's line: a scalar or a flow collection. */
  private inlineValue(indent: number, depth: number): unknown {
    const c = this.at(this.i);
    if (c === OPEN_SQUARE || c === OPEN_CURLY) {
      const value = this.flowCollection(indent, depth + 1);
      this.endLine();
      return value;
    }
    const scalar = this.blockScalar();
    if (scalar.isKey) decline(); // `a: b: c`
    this.endLine();
    return scalar.value;
  }

  /** A block list whose dashes sit at column `indent`; `i` is at its first dash. */
  private blockSequence(indent: number, depth: number): unknown[] {
    if (depth > MAX_NESTING) decline();
    const base = this.top;
    const firstItem = this.itemsUsed;
    for (;;) {
      this.i++; // the dash
      this.skipSpaces();
      let value: unknown;
      let valueStart = this.i;
      this.lastRecord = -1;
      const c = this.at(this.i);
      if (c === HASH || c === LF || c === -1) {
        if (c === HASH && this.text.charCodeAt(this.i - 1) !== SPACE) decline();
        this.endLine();
        const col = this.column();
        if (col > indent) {
          valueStart = this.i;
          value = this.blockNode(col, indent, depth);
        } else {
          value = null;
        }
      } else {
        value = this.blockNode(this.i - this.lineStart, indent, depth);
      }
      this.item(value);
      this.entry(valueStart, valueStart);
      const col = this.column();
      if (col < indent) break;
      if (col > indent) decline();
      if (!(this.at(this.i) === DASH && this.isBlankOrEnd(this.i + 1))) break; // a key after a list at its indentation
    }
    this.close(base, undefined);
    return this.takeItems(firstItem);
  }

  /**
   * Spaces, line ends and comments inside a flow collection. Lines inside it must be indented deeper
   * than the block collection around it (`parent`).
   */
  private flowSpace(parent: number): void {
    const t = this.text;
    for (;;) {
      const c = this.at(this.i);
      if (c === SPACE) {
        this.i++;
      } else if (c === LF) {
        this.i++;
        this.lineStart = this.i;
        let j = this.i;
        while (j < this.length && t.charCodeAt(j) === SPACE) j++;
        const next = this.at(j);
        if (next !== LF && j - this.lineStart <= parent) decline();
        this.i = j;
      } else if (c === HASH) {
        const before = t.charCodeAt(this.i - 1);
        if (before !== SPACE && before !== LF) decline();
        const end = t.indexOf('\n', this.i);
        this.checkComment(this.i, end < 0 ? this.length : end);
        this.i = end < 0 ? this.length : end;
      } else {
        return;
      }
    }
  }

  private flowValue(parent: number, depth: number): unknown {
    const c = this.at(this.i);
    if (c === OPEN_SQUARE || c === OPEN_CURLY) return this.flowCollection(parent, depth + 1);
    if (c === QUOTE) return this.doubleQuoted();
    if (c === APOSTROPHE) return this.singleQuoted();
    return resolvePlain(this.plainFlow());
  }

  /** `[…]` or `{…}`, possibly over several lines; `i` is at the opening bracket. */
  private flowCollection(parent: number, depth: number): unknown {
    if (depth > MAX_NESTING) decline();
    const isMap = this.at(this.i) === OPEN_CURLY;
    const end = isMap ? CLOSE_CURLY : CLOSE_SQUARE;
    this.i++;
    this.flowSpace(parent);
    const base = this.top;
    const map: Record<string, unknown> | undefined = isMap ? {} : undefined;
    const firstItem = this.itemsUsed;
    let order: string[] | undefined;
    if (this.at(this.i) === end) {
      this.i++;
    } else {
      for (;;) {
        const start = this.i;
        if (map) {
          const c = this.at(this.i);
          const quoted = c === QUOTE || c === APOSTROPHE;
          const keyValue = quoted ? (c === QUOTE ? this.doubleQuoted() : this.singleQuoted()) : resolvePlain(this.plainFlow());
          const key = this.keyText(keyValue, start);
          this.skipSpaces();
          if (this.at(this.i) !== COLON) decline(); // a key without a value, or a key over several lines
          this.i++;
          const after = this.at(this.i);
          if (!quoted && after !== SPACE && after !== LF) decline();
          this.flowSpace(parent);
          const v = this.at(this.i);
          if (v === COMMA || v === end || v === -1) decline(); // an empty value
          const valueStart = this.i;
          this.lastRecord = -1;
          const value = this.flowValue(parent, depth);
          order = this.setEntry(map, key, value, order);
          this.entry(start, valueStart);
        } else {
          const c = this.at(this.i);
          if (c === COMMA || c === -1) decline();
          this.lastRecord = -1;
          this.item(this.flowValue(parent, depth));
          this.entry(start, start);
        }
        this.flowSpace(parent);
        const next = this.at(this.i);
        if (next === end) {
          this.i++;
          break;
        }
        if (next !== COMMA) decline(); // `[a: b]`, a scalar over several lines, a missing bracket
        this.i++;
        this.flowSpace(parent);
        if (this.at(this.i) === end) decline(); // a trailing comma
      }
    }
    this.close(base, order);
    return map ?? this.takeItems(firstItem);
  }
}
