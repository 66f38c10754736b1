/**
 * LINT007 / LINT008: address and service objects nothing refers to. Read from the files as written (the
 * resolved model keeps only flattened sets): a name counts as used when it appears as a value anywhere
 * outside the `objects` sections (rules, NAT, gateways, routes, leaks, groups, defaults …), or inside an
 * object that is itself used. Any value equal to the name counts, whatever its field, so a finding is never
 * a name some field does refer to.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { SourceFile } from '../topology/source.js';

type Kind = 'addresses' | 'services';

function collectStrings(value: unknown, into: Set<string>): void {
  if (typeof value === 'string') into.add(value.trim());
  else if (Array.isArray(value)) for (const v of value) collectStrings(v, into);
  else if (value !== null && typeof value === 'object') for (const v of Object.values(value)) collectStrings(v, into);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function unusedObjectFindings(sources: readonly SourceFile[]): Diagnostic[] {
  const used = new Set<string>();
  const definitions: { kind: Kind; name: string; refs: Set<string>; source: SourceFile }[] = [];
  for (const source of sources) {
    if (!isRecord(source.data)) continue;
    for (const [key, value] of Object.entries(source.data)) {
      if (key !== 'objects') {
        collectStrings(value, used);
        continue;
      }
      if (!isRecord(value)) continue;
      for (const kind of ['addresses', 'services'] as const) {
        const section = value[kind];
        if (!isRecord(section)) continue;
        for (const [name, body] of Object.entries(section)) {
          const refs = new Set<string>();
          collectStrings(body, refs);
          definitions.push({ kind, name, refs, source });
        }
      }
    }
  }
  // Objects used by used objects are used: propagate until nothing changes (object graphs are small).
  let grew = true;
  while (grew) {
    grew = false;
    for (const def of definitions) {
      if (!used.has(def.name)) continue;
      for (const r of def.refs) {
        if (!used.has(r)) {
          used.add(r);
          grew = true;
        }
      }
    }
  }
  return definitions
    .filter((def) => !used.has(def.name))
    .map((def): Diagnostic => {
      const address = def.kind === 'addresses';
      return {
        code: address ? 'LINT007' : 'LINT008',
        severity: 'warning',
        location: def.source.locateKey(['objects', def.kind, def.name]),
        message: `${address ? 'address' : 'service'} object "${def.name}" is never used`,
        expected: `every ${address ? 'address' : 'service'} object referred to by a rule, NAT rule, gateway or another object`,
        hint: 'remove it, or refer to it where it was meant to be used (a misspelt reference elsewhere would have been reported by validate)',
      };
    });
}
