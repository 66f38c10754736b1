/**
 * Reading input files safely: the topology and scenario named on the command line and the files they
 * include. Includes are confined to allowed folders (the folder of the file named on the command line,
 * the working directory, and any `--include-root`), judged after resolving symbolic links; only regular
 * files are read, so a FIFO or a device (/dev/zero) can neither hang a run nor fill its memory. Bytes that
 * are not UTF-8 are reported, not silently replaced.
 */
import { isUtf8 } from 'node:buffer';
import { constants, type Stats } from 'node:fs';
import { open, realpath, stat } from 'node:fs/promises';
import path from 'node:path';

/** Folders from which includes may be read, absolute as given and as resolved by realpath. */
export interface AllowedRoots {
  readonly given: readonly string[];
  readonly real: readonly string[];
  /** For messages: each folder relative to the working directory when inside it, else absolute. */
  readonly shown: readonly string[];
}

export async function allowedRoots(folders: readonly string[]): Promise<AllowedRoots> {
  const given = [...new Set(folders.map((f) => path.resolve(f)))];
  const real = await Promise.all(given.map((f) => realpath(f).catch(() => f)));
  return { given, real: [...new Set(real)], shown: given.map(displayPath) };
}

/** `path` relative to the working directory when inside it ("." for the directory itself), else absolute. */
export function displayPath(file: string): string {
  const absolute = path.resolve(file);
  const relative = path.relative(process.cwd(), absolute);
  if (relative === '') return '.';
  return isInside(absolute, process.cwd()) ? relative : absolute;
}

function isInside(child: string, folder: string): boolean {
  const relative = path.relative(folder, child);
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}

export type Confinement =
  | { readonly inside: true }
  /** `resolved` is set when the path itself lies inside but a symbolic link leads out. */
  | { readonly inside: false; readonly resolved?: string | undefined };

/**
 * Whether `target` lies inside one of the roots. The path as written is judged first (a path outside is
 * refused without touching the file system), then the path after resolving symbolic links. A path that
 * does not exist counts as inside: reading it reports that it is missing.
 */
export async function confine(target: string, roots: AllowedRoots): Promise<Confinement> {
  const absolute = path.resolve(target);
  if (![...roots.given, ...roots.real].some((root) => isInside(absolute, root))) return { inside: false };
  let real: string;
  try {
    real = await realpath(absolute);
  } catch {
    return { inside: true };
  }
  return roots.real.some((root) => isInside(real, root)) ? { inside: true } : { inside: false, resolved: real };
}

export interface InvalidUtf8 {
  /** Of the first byte that is not UTF-8; line and column 1-based, as in diagnostics. */
  readonly line: number;
  readonly column: number;
  readonly byte: number;
  /** Invalid sequences in the whole file. */
  readonly count: number;
}

export type ReadResult =
  | { readonly ok: true; readonly text: string; readonly invalidUtf8?: InvalidUtf8 | undefined }
  | { readonly ok: false; readonly problem: 'missing' | 'not-regular' | 'unreadable'; readonly reason: string }
  /** Over `maxBytes` (see input-limits.ts): refused by its size before it is read. */
  | { readonly ok: false; readonly problem: 'too-large'; readonly reason: string; readonly size: number };

/**
 * Reads a regular file as UTF-8 text. Anything else (a folder, a FIFO, a device, a socket) is refused
 * after `stat`, before it is opened; the file is opened non-blocking and checked again with `fstat`, so a
 * file swapped for a FIFO in between cannot block the read either.
 */
export async function readRegularFile(file: string, maxBytes = Infinity): Promise<ReadResult> {
  let before: Stats;
  try {
    before = await stat(file);
  } catch (error) {
    return failure(error);
  }
  if (!before.isFile()) return notRegular(before);
  if (before.size > maxBytes) return tooLarge(before.size, maxBytes);
  let handle;
  try {
    handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK | (constants.O_NOCTTY ?? 0));
  } catch (error) {
    return failure(error);
  }
  try {
    const opened = await handle.stat();
    if (!opened.isFile()) return notRegular(opened);
    if (opened.size > maxBytes) return tooLarge(opened.size, maxBytes);
    const bytes = await handle.readFile();
    if (bytes.length > maxBytes) return tooLarge(bytes.length, maxBytes); // grew while being read
    return decode(bytes);
  } catch (error) {
    return failure(error);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

function tooLarge(size: number, maxBytes: number): ReadResult {
  return { ok: false, problem: 'too-large', reason: `it is ${size} bytes, over the input limit of ${maxBytes} bytes`, size };
}

function notRegular(s: Stats): ReadResult {
  const kind = s.isDirectory()
    ? 'a folder'
    : s.isFIFO()
      ? 'a named pipe (FIFO)'
      : s.isCharacterDevice()
        ? 'a character device'
        : s.isBlockDevice()
          ? 'a block device'
          : s.isSocket()
            ? 'a socket'
            : 'not a regular file';
  return { ok: false, problem: 'not-regular', reason: kind };
}

function failure(error: unknown): ReadResult {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return { ok: false, problem: 'missing', reason: 'no such file' };
  const reasons: Record<string, string> = { EACCES: 'permission denied', EISDIR: 'it is a folder', ENOTDIR: 'a part of the path is not a folder', ELOOP: 'too many symbolic links' };
  return { ok: false, problem: 'unreadable', reason: (code && reasons[code]) ?? (code ? `error ${code}` : 'it cannot be read') };
}

/** UTF-8 text; invalid bytes become U+FFFD, as before, but are reported with the position of the first. */
export function decode(bytes: Buffer): ReadResult {
  const text = bytes.toString('utf8');
  if (isUtf8(bytes)) return { ok: true, text };
  let first = -1;
  let count = 0;
  for (let i = 0; i < bytes.length; ) {
    const length = validSequenceLength(bytes, i);
    if (length > 0) {
      i += length;
      continue;
    }
    if (first < 0) first = i;
    count++;
    i++;
    while (i < bytes.length && ((bytes[i] as number) & 0xc0) === 0x80) i++; // one report per broken sequence
  }
  const prefix = bytes.subarray(0, Math.max(first, 0)).toString('utf8');
  const lineStart = prefix.lastIndexOf('\n') + 1;
  const line = prefix.length === 0 ? 1 : (prefix.match(/\n/g)?.length ?? 0) + 1;
  return { ok: true, text, invalidUtf8: { line, column: prefix.length - lineStart + 1, byte: bytes[first] as number, count } };
}

/** Length of the well-formed UTF-8 sequence at `i` (RFC 3629: no overlongs, surrogates or code points above U+10FFFF), or 0. */
function validSequenceLength(bytes: Buffer, i: number): number {
  const b = bytes[i] as number;
  if (b < 0x80) return 1;
  const need = b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
  if (need < 0 || i + need >= bytes.length) return 0;
  const b1 = bytes[i + 1] as number;
  if ((b === 0xe0 && b1 < 0xa0) || (b === 0xed && b1 > 0x9f) || (b === 0xf0 && b1 < 0x90) || (b === 0xf4 && b1 > 0x8f)) return 0;
  for (let k = 1; k <= need; k++) if (((bytes[i + k] as number) & 0xc0) !== 0x80) return 0;
  return need + 1;
}
