/**
 * Inheritance: defaults.all → defaults.<kind> → group → node. Mappings (inventory, identity) merge
 * key by key; other values are replaced by the more specific level.
 */
import type { RawInheritedSettings, RawNode } from './format.js';

const MERGED_MAPPINGS = new Set(['inventory', 'identity']);

export function mergeInherited(levels: readonly (RawInheritedSettings | undefined)[], node: RawNode): RawNode {
  const out: Record<string, unknown> = {};
  for (const level of [...levels, node]) {
    if (!level) continue;
    for (const [key, value] of Object.entries(level)) {
      if (!appliesTo(key, node.kind)) continue;
      const previous = out[key];
      out[key] = MERGED_MAPPINGS.has(key) && isRecord(previous) && isRecord(value) ? { ...previous, ...value } : value;
    }
  }
  return out as RawNode;
}

/** Kind-specific settings (role, gateway, identity: hosts; stateful: firewalls) are ignored for other kinds. */
function appliesTo(key: string, kind: RawNode['kind']): boolean {
  switch (key) {
    case 'role':
    case 'gateway':
    case 'identity':
      return kind === 'host';
    case 'stateful':
      return kind === 'firewall';
    default:
      return true;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
