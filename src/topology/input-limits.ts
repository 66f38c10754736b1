/**
 * How much topology input segproof reads. Loading YAML holds the file's token tree and document (with
 * every position) at once, so memory grows with the number of values (scalars, lists, mappings), not the
 * bytes: measured at up to about 1,000 bytes of JavaScript heap per value (a flow list of one-letter
 * scalars), and about 75 bytes of heap per byte of YAML for generated municipalities (a 24 MB file peaks at
 * 2.3 GB resident). A file past what the heap holds would end in "JavaScript heap out of memory", so the
 * loader refuses it first (TOPO009): by its size on disk, before reading it, and by its values, counted by
 * their separators (countValues) before parsing it. `--max-input-mb M` allows M MB and M × VALUES_PER_MB
 * values, main file and includes together. The default follows the heap: 1/100 of Node.js's heap limit
 * (41 MB with the usual 4 GB heap), so `NODE_OPTIONS=--max-old-space-size=…` raises it too.
 * `segproof generate` refuses to write a file over the same limits.
 */
import { getHeapStatistics } from 'node:v8';

export const MB = 1024 * 1024;
/** Bytes of heap to allow per byte of topology input (measured near 75 for generated files, plus room for resolving). */
export const HEAP_BYTES_PER_INPUT_BYTE = 100;
/** Never less than this by default, however small the heap. */
const MIN_DEFAULT_MB = 8;

/** The default limit on a topology's files (main file and includes together), in MB. */
export function defaultMaxInputMb(): number {
  return Math.max(MIN_DEFAULT_MB, Math.floor(getHeapStatistics().heap_size_limit / HEAP_BYTES_PER_INPUT_BYTE / MB));
}

/** Heap (MB) to give Node.js for `mb` of topology input: the value for --max-old-space-size. */
export function heapMbFor(mb: number): number {
  return Math.ceil((mb * HEAP_BYTES_PER_INPUT_BYTE) / 1024) * 1024;
}

/**
 * Values allowed per MB of the input limit: with the default (1/100 of the heap per byte) this leaves about
 * a kilobyte of heap per value, the most measured (a flow list of one-letter scalars). Generated
 * municipalities count about 124,000 values per MB, so their limit is about 80% of the byte limit.
 */
export const VALUES_PER_MB = 100_000;

/** Values allowed for an input limit of `bytes`. */
export function maxValuesFor(bytes: number): number {
  return Math.floor((bytes / MB) * VALUES_PER_MB);
}

/**
 * An upper estimate of the values in YAML or JSON text, by their separators: each `,`, `:`, line end and
 * block-sequence dash (`- `) counts one, each `[` and `{` two (collections cost about twice a scalar).
 * Linear and allocation-free. `stopAbove`: return as soon as the count exceeds it, with the offset there.
 */
export function countValues(text: string, stopAbove = Infinity): { count: number; exceededAt?: number } {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 44 || c === 58 || c === 10) count++;
    else if (c === 91 || c === 123) count += 2;
    else if (c === 45) {
      const next = text.charCodeAt(i + 1);
      if (next === 32 || next === 10 || Number.isNaN(next)) count++;
    } else continue;
    if (count > stopAbove) return { count, exceededAt: i };
  }
  return { count };
}

/** `--max-input-mb` as given: a positive number of MB (fractions allowed), or a problem. */
export function parseMaxInputMb(text: string | undefined): { ok: true; mb: number } | { ok: false; message: string } {
  if (text === undefined) return { ok: true, mb: defaultMaxInputMb() };
  if (!/^\d+(\.\d+)?$/.test(text.trim()) || Number(text) <= 0) return { ok: false, message: `--max-input-mb "${text.slice(0, 40)}" is not a positive number of megabytes` };
  return { ok: true, mb: Number(text) };
}

/** "43 MB", "1.5 MB", "12.5 KB", "260 bytes": sizes in messages. */
export function formatMb(bytes: number): string {
  const round = (x: number): number => (x >= 10 ? Math.round(x) : Math.round(x * 10) / 10);
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < MB) return `${round(bytes / 1024)} KB`;
  return `${round(bytes / MB)} MB`;
}

/**
 * How to load `neededBytes` of topology: the --max-input-mb to give (`where`, if set, follows it), and the
 * heap when the current one is too small for it.
 */
export function raiseLimitHint(neededBytes: number, where = ''): string {
  const mb = Math.max(1, Math.ceil(neededBytes / MB));
  const heapMb = heapMbFor(mb);
  const heapNow = getHeapStatistics().heap_size_limit / MB;
  const flag = `raise the limit with --max-input-mb ${mb}${where ? ` ${where}` : ''}`;
  return heapMb > heapNow ? `${flag} and give Node.js the memory: NODE_OPTIONS=--max-old-space-size=${heapMb}` : flag;
}

export const MAX_INPUT_FLAGS = '--max-input-mb <n>';
export function maxInputHelp(): string {
  return `refuse topology files over <n> MB, includes counted (default ${defaultMaxInputMb()}: 1/${HEAP_BYTES_PER_INPUT_BYTE} of the Node.js heap limit)`;
}
