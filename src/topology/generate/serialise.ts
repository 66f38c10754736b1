/**
 * Writes a topology file as YAML that the loader reads back unchanged.
 *
 * The `yaml` package needs about 4 minutes for 200 firewalls × 10,000 rules (23 µs a scalar), so
 * `serialiseTopology` uses a small writer for this one data shape (plain JSON data: maps, lists,
 * strings, numbers, booleans): block mappings, flow lists of scalars, and one line per rule-like flat
 * object. It quotes every string that is not obviously a plain identifier or dotted address, using
 * JSON double-quoted strings (valid YAML). `serialiseTopologyWithYamlPackage` is its slow twin; tests
 * check that both parse back to the same data.
 */
import { stringify } from 'yaml';
import type { TopologyFile } from '../format.js';

type Json = string | number | boolean | null | undefined | Json[] | { [key: string]: Json };

/** Strings that every YAML 1.1/1.2 reader takes as strings when unquoted. */
const PLAIN_NAME = /^[A-Za-z_][A-Za-z0-9_./-]*$/;
const PLAIN_ADDRESS = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}(\/\d{1,2})?$/;
const RESERVED = /^(true|false|null|yes|no|on|off|y|n|nan|inf)$/i;

function scalar(value: string | number | boolean | null): string {
  if (typeof value === 'string') {
    return (PLAIN_NAME.test(value) && !RESERVED.test(value)) || PLAIN_ADDRESS.test(value) ? value : JSON.stringify(value);
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`cannot write ${value} in a topology file`);
    return String(value);
  }
  return String(value);
}

function isScalar(v: Json): v is string | number | boolean | null {
  return v === null || typeof v !== 'object';
}

/** A map whose values are scalars or lists of scalars: written on one line. */
function isFlat(v: Json): v is { [key: string]: Json } {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  for (const x of Object.values(v)) {
    if (x === undefined || isScalar(x)) continue;
    if (!Array.isArray(x) || !x.every(isScalar)) return false;
  }
  return true;
}

function flowList(list: Json[]): string {
  return `[${list.map((x) => scalar(x as string | number | boolean | null)).join(', ')}]`;
}

function flowMap(map: { [key: string]: Json }): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(map)) {
    if (v === undefined) continue;
    parts.push(`${scalar(k)}: ${Array.isArray(v) ? flowList(v) : scalar(v as string | number | boolean | null)}`);
  }
  return `{${parts.join(', ')}}`;
}

/** Lines of a block mapping at `indent`, each ending in a newline, pushed onto `out`. */
function writeMap(map: { [key: string]: Json }, indent: string, out: string[]): void {
  for (const [k, v] of Object.entries(map)) {
    if (v === undefined) continue;
    const key = `${indent}${scalar(k)}:`;
    if (isScalar(v)) out.push(`${key} ${scalar(v)}\n`);
    else if (Array.isArray(v)) {
      if (v.every(isScalar)) out.push(`${key} ${flowList(v)}\n`);
      else {
        out.push(`${key}\n`);
        writeList(v, `${indent}  `, out);
      }
    } else if (Object.keys(v).length === 0) out.push(`${key} {}\n`);
    else {
      out.push(`${key}\n`);
      writeMap(v, `${indent}  `, out);
    }
  }
}

function writeList(list: Json[], indent: string, out: string[]): void {
  for (const item of list) {
    if (item === undefined) throw new RangeError('undefined in a list cannot be written');
    if (isScalar(item)) out.push(`${indent}- ${scalar(item)}\n`);
    else if (Array.isArray(item)) {
      if (!item.every(isScalar)) throw new RangeError('nested lists of objects are not part of the topology format');
      out.push(`${indent}- ${flowList(item)}\n`);
    } else if (isFlat(item)) out.push(`${indent}- ${flowMap(item)}\n`);
    else {
      // Block mapping as a list item: its first line takes the dash.
      const start = out.length;
      writeMap(item, `${indent}  `, out);
      if (out.length === start) out.push(`${indent}- {}\n`);
      else out[start] = `${indent}- ${(out[start] as string).slice(indent.length + 2)}`;
    }
  }
}

/** The YAML text in pieces (a few lines each), so a very large network can be streamed to a file. */
export function* serialiseTopologyChunks(file: TopologyFile, header?: string): Generator<string> {
  if (header) yield `${header.split('\n').map((line) => (line ? `# ${line}` : '#')).join('\n')}\n`;
  const data = file as unknown as { [key: string]: Json };
  // Top-level sections one at a time keeps each piece small.
  for (const [k, v] of Object.entries(data)) {
    if (v === undefined) continue;
    if (k === 'nodes' && v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length > 0) {
      yield 'nodes:\n';
      for (const [name, node] of Object.entries(v)) {
        const out: string[] = [];
        writeMap({ [name]: node }, '  ', out);
        yield out.join('');
      }
      continue;
    }
    const out: string[] = [];
    writeMap({ [k]: v }, '', out);
    yield out.join('');
  }
}

/**
 * YAML text of a topology file. Shared objects (a standby firewall reuses its primary's ACLs) are
 * written out in full, never as YAML aliases. `header` becomes a leading comment.
 */
export function serialiseTopology(file: TopologyFile, header?: string): string {
  return [...serialiseTopologyChunks(file, header)].join('');
}

/** The slow, obviously correct twin: the `yaml` package. */
export function serialiseTopologyWithYamlPackage(file: TopologyFile, header?: string): string {
  const body = stringify(file, { aliasDuplicateObjects: false, lineWidth: 0, indent: 2 });
  if (!header) return body;
  return `${header.split('\n').map((line) => (line ? `# ${line}` : '#')).join('\n')}\n${body}`;
}
