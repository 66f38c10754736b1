/**
 * The harness of the fuzz suites (test/property/fuzz-*.test.ts): seeded fast-check runs of the CLI,
 * in-process through main() with memoryIo, over byte-level and structure-level mutations of the files in
 * topologies/, scenarios/ and the test fixtures.
 *
 * The invariant for every case: exit code 0, 1 or 2; no stack trace in the output; no error thrown out of
 * main() and no unhandled rejection; bounded time and memory (only gross excess fails: the machine may be
 * a loaded 2-core VM).
 *
 * Reproduce or extend: SEGPROOF_FUZZ_SEED=<seed printed by the suite> SEGPROOF_FUZZ_RUNS=<runs per property>.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { memoryIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';

export const ROOT = path.resolve(import.meta.dirname, '../..');

/** Per case: fail above these (gross excess only). */
export const MAX_CASE_MS = 20_000;
export const MAX_CASE_HEAP_BYTES = 500 * 1024 * 1024;

const envSeed = process.env.SEGPROOF_FUZZ_SEED;
const envRuns = process.env.SEGPROOF_FUZZ_RUNS;

/** The seed of this run: SEGPROOF_FUZZ_SEED, or a fresh one (printed, so a failure can be replayed). */
export const FUZZ_SEED = envSeed !== undefined && /^-?\d+$/.test(envSeed) ? Number(envSeed) : Math.floor(Math.random() * 2 ** 31);

/** Runs for one property: SEGPROOF_FUZZ_RUNS when set, else the suite's default (sized for about a minute in all). */
export function fuzzRuns(defaultRuns: number): number {
  return envRuns !== undefined && /^\d+$/.test(envRuns) ? Number(envRuns) : defaultRuns;
}

/** fast-check parameters for one property, seeded from FUZZ_SEED (offset per property, so properties differ). */
export function fuzzParameters(name: string, defaultRuns: number): fc.Parameters<unknown> {
  const seed = (FUZZ_SEED + hash(name)) | 0;
  const numRuns = fuzzRuns(defaultRuns);
  console.log(`[fuzz] ${name}: seed ${seed} (SEGPROOF_FUZZ_SEED=${FUZZ_SEED}), ${numRuns} runs`);
  return { seed, numRuns, endOnFailure: false, interruptAfterTimeLimit: undefined };
}

function hash(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  return h;
}

export interface CaseResult {
  readonly code: number;
  readonly out: string;
  readonly err: string;
  readonly ms: number;
  readonly heapDelta: number;
}

/** With SEGPROOF_FUZZ_STATS=1: how often each command ended with each exit code and first diagnostic codes (printStats). */
const STATS = new Map<string, number>();

export function printStats(): void {
  if (!process.env.SEGPROOF_FUZZ_STATS) return;
  console.log([...STATS.entries()].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${String(n).padStart(6)} ${k}`).join('\n'));
}

const unhandled: unknown[] = [];
let listening = false;
function listen(): void {
  if (listening) return;
  listening = true;
  process.on('unhandledRejection', (reason) => unhandled.push(reason));
}

/** A stack frame as Node prints it: "    at fn (file:1:2)" or "    at file:1:2". */
const STACK_FRAME = /^\s+at (?:.+ \()?(?:node:|file:|\/|[A-Za-z]:\\|<anonymous>).*\)?$/m;

/** Runs the CLI in-process and checks the invariant; throws (failing the property) with the case's details. */
export async function runCase(args: readonly string[]): Promise<CaseResult> {
  listen();
  const io = memoryIo();
  const heapBefore = process.memoryUsage().heapUsed;
  const started = performance.now();
  let code: number;
  try {
    code = await main(['node', 'segproof', ...args], io);
  } catch (error) {
    throw new Error(`segproof ${args.join(' ')} threw: ${error instanceof Error ? error.stack : String(error)}`);
  }
  // Let stray promise rejections surface before judging.
  await new Promise((resolve) => setImmediate(resolve));
  const result: CaseResult = {
    code,
    out: io.out.join('\n'),
    err: io.err.join('\n'),
    ms: performance.now() - started,
    heapDelta: process.memoryUsage().heapUsed - heapBefore,
  };
  const problems: string[] = [];
  if (![0, 1, 2].includes(code)) problems.push(`exit code ${code}`);
  const output = `${result.out}\n${result.err}`;
  if (STACK_FRAME.test(output)) problems.push('a stack trace in the output');
  if (unhandled.length > 0) problems.push(`unhandled rejection: ${String(unhandled.splice(0).map((e) => (e instanceof Error ? e.stack : e)).join('; '))}`);
  if (result.ms > MAX_CASE_MS) problems.push(`took ${Math.round(result.ms)} ms`);
  if (result.heapDelta > MAX_CASE_HEAP_BYTES) problems.push(`heap grew by ${Math.round(result.heapDelta / 1024 / 1024)} MB`);
  if (process.env.SEGPROOF_FUZZ_STATS) {
    const codes = new Set(output.match(/\b(?:TOPO|FLOW|SCEN|CLI)\d{3}\b/g) ?? []);
    const key = `${args[0]} exit ${code}${codes.size ? ` ${[...codes].sort().slice(0, 3).join(',')}` : ''}`;
    STATS.set(key, (STATS.get(key) ?? 0) + 1);
  }
  if (problems.length > 0) {
    throw new Error(`segproof ${args.join(' ')}: ${problems.join(', ')}\n--- output (first 2,000 characters) ---\n${output.slice(0, 2000)}`);
  }
  return result;
}

/** Folders copied into the scratch tree, at the same relative paths: includes and scenario → topology paths still resolve. */
const SCRATCH_FOLDERS = ['topologies', 'scenarios', 'test/topology/errors', 'test/replay/fixtures', 'test/adversarial'];

/** A scratch copy of the input folders; mutated files are written next to their originals there. */
export function scratchTree(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'segproof-fuzz-'));
  for (const folder of SCRATCH_FOLDERS) cpSync(path.join(ROOT, folder), path.join(dir, folder), { recursive: true });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export function write(file: string, content: string | Uint8Array): string {
  writeFileSync(file, content);
  return file;
}

export function read(file: string): string {
  return readFileSync(path.join(ROOT, file), 'utf8');
}

// ---- byte-level mutations -----------------------------------------------------------------------

/** Tokens that upset parsers: YAML indicators, anchors and tags, control characters, odd numbers, long runs. */
export const NASTY_TOKENS: readonly string[] = [
  '{', '}', '[', ']', ':', ': ', '- ', ',', '"', "'", '|', '>', '#', '?', '!', '%', '@', '`', '\t', '\r', '\n', '\u0000',
  '\ufeff', '\u202e', '\u2028', '\x1b[2J', '\\', '\\u0000', '&a ', '*a', '&a [*a]', '<<: *a', '!!binary ', '!!set ', '!!timestamp 2001-12-14',
  '!custom ', '%YAML 1.1\n---\n', '---\n', '...\n', '0x1F', '1e999', '-0', '.inf', '.nan', '~', 'null', 'true', 'no', '-1',
  '99999999999999999999', '4294967296', '65536', '10.0.0.0/33', '999.1.1.1', '::1', '0.0.0.0/0', 'tcp/0', 'tcp/65536',
  'tcp/10-1', 'any', '../../../etc/passwd', '/dev/zero', 'é', '日本語', '\ud83d', 'x'.repeat(10_000), '['.repeat(200),
  '{a: '.repeat(200), `a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n${Array.from({ length: 8 }, (_, i) => `a${i + 1}: &a${i + 1} [${Array(10).fill(`*a${i}`).join(', ')}]`).join('\n')}\n`,
];

export type ByteMutation =
  | { readonly kind: 'flip'; readonly at: number; readonly byte: number }
  | { readonly kind: 'insert'; readonly at: number; readonly text: string }
  | { readonly kind: 'delete'; readonly at: number; readonly length: number }
  | { readonly kind: 'duplicate'; readonly at: number; readonly length: number }
  | { readonly kind: 'truncate'; readonly at: number };

const position = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });

export const byteMutation: fc.Arbitrary<ByteMutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: position, byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: position, text: fc.oneof(fc.constantFrom(...NASTY_TOKENS), fc.string({ maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 8 })) }),
  fc.record({ kind: fc.constant('delete' as const), at: position, length: fc.integer({ min: 1, max: 64 }) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: position, length: fc.integer({ min: 1, max: 400 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: position }),
);

export function applyByteMutations(base: Buffer, mutations: readonly ByteMutation[]): Buffer {
  let bytes = base;
  for (const m of mutations) {
    const at = Math.floor(m.at * (bytes.length + 1));
    switch (m.kind) {
      case 'flip': {
        if (bytes.length === 0) break;
        const copy = Buffer.from(bytes);
        copy[Math.min(at, copy.length - 1)] = m.byte;
        bytes = copy;
        break;
      }
      case 'insert':
        bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(m.text, 'utf8'), bytes.subarray(at)]);
        break;
      case 'delete':
        bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + m.length)]);
        break;
      case 'duplicate':
        bytes = Buffer.concat([bytes.subarray(0, at + m.length), bytes.subarray(at)]);
        break;
      case 'truncate':
        bytes = bytes.subarray(0, at);
        break;
    }
  }
  return bytes;
}

// ---- structure-level mutations ------------------------------------------------------------------

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Values that are wrong in interesting ways: types, ranges, names, sizes. */
export const nastyValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(
    null, true, false, 0, -1, 1.5, 65536, 4294967296, 900_000_000, Number.MAX_SAFE_INTEGER, 1e308, '', ' ', 'any', 'none', '0.0.0.0/0', '10.0.0.0/8',
    '10.0.0.0/33', '10.0.0.256', '300.1.1.1', '2001:db8::1', 'tcp/0', 'tcp/65536', 'tcp/443', 'udp/1-65535', 'icmp', 'icmp/8/0', 'tcp/5-1',
    'x'.repeat(300), 'y'.repeat(100_000), '\u0000\u001b[31m\r\n', 'INET', 'MN', 'LG', 'INTERNET', 'default', 'permit', 'deny', 'host',
    'firewall', 'router', [], {}, [[]], [{}], { a: { b: { c: [1, 2, 3] } } },
  ),
  fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>,
);

export type TreeMutation =
  | { readonly kind: 'replace'; readonly path: readonly number[]; readonly value: Json }
  | { readonly kind: 'delete'; readonly path: readonly number[] }
  | { readonly kind: 'copy'; readonly from: readonly number[]; readonly to: readonly number[] }
  | { readonly kind: 'rename'; readonly path: readonly number[]; readonly name: string }
  | { readonly kind: 'swap'; readonly a: readonly number[]; readonly b: readonly number[] }
  /** A scalar replaced by another scalar of the same type from elsewhere in the file: passes the structure check more often. */
  | { readonly kind: 'borrow'; readonly path: readonly number[]; readonly from: readonly number[] };

const walk = fc.array(position, { minLength: 1, maxLength: 7 });

export const treeMutation: fc.Arbitrary<TreeMutation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('replace' as const), path: walk, value: nastyValue }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), path: walk }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('copy' as const), from: walk, to: walk }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('rename' as const), path: walk, name: fc.oneof(fc.constantFrom('', 'x', 'kind', 'zone', 'segment', 'include', 'nodes', '__proto__', 'constructor', 'toString', '-', '1'), fc.string({ maxLength: 10 })) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('swap' as const), a: walk, b: walk }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('borrow' as const), path: fc.array(position, { minLength: 3, maxLength: 8 }), from: fc.array(position, { minLength: 3, maxLength: 8 }) }) },
);

interface Slot {
  readonly parent: Json[] | { [key: string]: Json };
  readonly key: string | number;
}

/** Follows a random walk (fractions choose among children) down the tree; the last slot reached. */
function slotAt(root: Json, walkTo: readonly number[]): Slot | undefined {
  let node = root;
  let slot: Slot | undefined;
  for (const r of walkTo) {
    if (Array.isArray(node)) {
      if (node.length === 0) break;
      const i = Math.floor(r * node.length);
      slot = { parent: node, key: i };
      node = node[i] as Json;
    } else if (node !== null && typeof node === 'object') {
      const keys = Object.keys(node);
      if (keys.length === 0) break;
      const k = keys[Math.floor(r * keys.length)] as string;
      slot = { parent: node, key: k };
      node = node[k] as Json;
    } else break;
  }
  return slot;
}

function getSlot(s: Slot): Json {
  return (s.parent as Record<string | number, Json>)[s.key] as Json;
}

function setSlot(s: Slot, value: Json): void {
  (s.parent as Record<string | number, Json>)[s.key] = value;
}

export function applyTreeMutations(data: unknown, mutations: readonly TreeMutation[]): unknown {
  const root = structuredClone(data) as Json;
  for (const m of mutations) {
    switch (m.kind) {
      case 'replace': {
        const s = slotAt(root, m.path);
        if (s) setSlot(s, structuredClone(m.value));
        break;
      }
      case 'delete': {
        const s = slotAt(root, m.path);
        if (!s) break;
        if (Array.isArray(s.parent)) s.parent.splice(s.key as number, 1);
        else delete (s.parent as Record<string, Json>)[s.key];
        break;
      }
      case 'copy': {
        const from = slotAt(root, m.from);
        const to = slotAt(root, m.to);
        // Shared, not cloned: YAML output then writes an anchor and aliases (never a cycle: JSON cannot hold one).
        if (from && to && !containsValue(getSlot(from), to.parent as Json) && getSlot(from) !== to.parent) setSlot(to, getSlot(from));
        break;
      }
      case 'rename': {
        const s = slotAt(root, m.path);
        if (!s || Array.isArray(s.parent) || m.name === '__proto__') break;
        const value = getSlot(s);
        delete (s.parent as Record<string, Json>)[s.key];
        (s.parent as Record<string, Json>)[m.name] = value;
        break;
      }
      case 'borrow': {
        const to = slotAt(root, m.path);
        const from = slotAt(root, m.from);
        if (!to || !from) break;
        const value = getSlot(from);
        const old = getSlot(to);
        if (value !== null && typeof value === 'object') break;
        if (old !== null && typeof old === 'object') {
          if (Array.isArray(old) && old.length > 0) old[0] = value; // a list of names: its first one
          break;
        }
        if (typeof value === typeof old) setSlot(to, value);
        break;
      }
      case 'swap': {
        const a = slotAt(root, m.a);
        const b = slotAt(root, m.b);
        if (!a || !b) break;
        const va = getSlot(a);
        const vb = getSlot(b);
        // One slot inside the other's value (a primitive there too) would put a value inside itself: a cycle.
        if (containsValue(va, b.parent as Json) || containsValue(vb, a.parent as Json)) break;
        setSlot(a, vb);
        setSlot(b, va);
        break;
      }
    }
  }
  return root;
}

function containsValue(haystack: Json, needle: Json): boolean {
  if (haystack === needle && typeof needle === 'object' && needle !== null) return true;
  const stack: Json[] = [haystack];
  const seen = new Set<Json>();
  while (stack.length > 0) {
    const n = stack.pop() as Json;
    if (n === null || typeof n !== 'object' || seen.has(n)) continue;
    seen.add(n);
    for (const child of Array.isArray(n) ? n : Object.values(n)) {
      if (child === needle && typeof needle === 'object' && needle !== null) return true;
      stack.push(child);
    }
  }
  return false;
}

/** The mutated data as YAML (shared subtrees become anchors and aliases) or JSON. */
export function render(data: unknown, format: 'yaml' | 'json'): string {
  if (format === 'json') return JSON.stringify(data, null, 1);
  return stringify(data, { aliasDuplicateObjects: true, lineWidth: 0 });
}

export function parseYaml(text: string): unknown {
  return parse(text, { maxAliasCount: -1, logLevel: 'error' });
}
