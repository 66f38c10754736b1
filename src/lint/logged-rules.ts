/**
 * Rules written with `log: true`, by where they are written (the resolved model does not keep the flag):
 * every mapping under `nodes` and `groups` with a `name`, an `action` and `log: true`, keyed by its
 * file:line:column, which is the location the resolver gives the rule.
 */
import type { SourceLocation } from '../diagnostics/diagnostic.js';
import type { DataPath, SourceFile } from '../topology/source.js';

export function locationKey(l: SourceLocation): string {
  return `${l.file}:${l.line}:${l.column}`;
}

export function loggedRules(sources: readonly SourceFile[]): Set<string> {
  const out = new Set<string>();
  const walk = (source: SourceFile, value: unknown, path: DataPath): void => {
    if (Array.isArray(value)) value.forEach((v, i) => walk(source, v, [...path, i]));
    else if (value !== null && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      if (record.log === true && typeof record.name === 'string' && typeof record.action === 'string') out.add(locationKey(source.locateKey(path)));
      for (const [k, v] of Object.entries(record)) walk(source, v, [...path, k]);
    }
  };
  for (const source of sources) {
    const data = source.data as Record<string, unknown> | undefined;
    if (data === null || typeof data !== 'object') continue;
    for (const section of ['nodes', 'groups', 'defaults']) if (section in data) walk(source, data[section], [section]);
  }
  return out;
}
