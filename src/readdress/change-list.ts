/**
 * The change list a network engineer executes: per step, per device (segments, address objects and shared
 * settings under their own headings), every line that changes with its file:line and old → new. Devices come
 * in the step's cut-over order when the plan gives one, then by name. A later step's lines are those of the
 * files as the steps before left them (the same lines, unless a step added a `gateway:` line to a node).
 */
import { escapeControl } from '../diagnostics/escape.js';
import type { SiteOwner } from './address-sites.js';

export interface Change {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** What the value is, inside its owner: `interfaces.lan.address`, `acl LG_INTERNAL rule x src`. */
  readonly field: string;
  readonly old: string;
  readonly new: string;
  /** Whether the old value was written as a literal address (not through an object, segment or node name). */
  readonly literal: boolean;
}

export interface ChangeGroup {
  readonly owner: SiteOwner;
  readonly changes: readonly Change[];
}

export interface StepChanges {
  readonly step: string;
  readonly groups: readonly ChangeGroup[];
}

export interface ChangeList {
  readonly steps: readonly StepChanges[];
}

const KIND_ORDER: Record<SiteOwner['kind'], number> = { node: 0, segment: 1, object: 2, settings: 3 };
const HEADING: Record<SiteOwner['kind'], string> = { node: 'device', segment: 'segment', object: 'address object', settings: 'settings' };

/** Groups one step's changes by owner, devices first in cut-over `order` (`segment:NAME` orders segments). */
export function groupChanges(step: string, changes: readonly { owner: SiteOwner; change: Change }[], order: readonly string[] = []): StepChanges {
  const groups = new Map<string, { owner: SiteOwner; changes: Change[] }>();
  for (const { owner, change } of changes) {
    const key = `${owner.kind}:${owner.name}`;
    const g = groups.get(key) ?? { owner, changes: [] };
    g.changes.push(change);
    groups.set(key, g);
  }
  const rank = (o: SiteOwner) => {
    const i = order.indexOf(o.kind === 'segment' ? `segment:${o.name}` : o.name);
    return i < 0 ? order.length : i;
  };
  const sorted = [...groups.values()].sort((a, b) => rank(a.owner) - rank(b.owner) || KIND_ORDER[a.owner.kind] - KIND_ORDER[b.owner.kind] || (a.owner.name < b.owner.name ? -1 : a.owner.name > b.owner.name ? 1 : 0));
  for (const g of sorted) g.changes.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
  return { step, groups: sorted };
}

export interface ChangeCounts {
  readonly devices: number;
  readonly lines: number;
  readonly changes: number;
  readonly literals: number;
}

export function countChanges(list: ChangeList): ChangeCounts {
  const devices = new Set<string>();
  const lines = new Set<string>();
  let changes = 0;
  let literals = 0;
  for (const s of list.steps) {
    for (const g of s.groups) {
      if (g.owner.kind === 'node') devices.add(g.owner.name);
      for (const c of g.changes) {
        changes++;
        if (c.literal) literals++;
        lines.add(`${s.step}\0${c.file}:${c.line}`);
      }
    }
  }
  return { devices: devices.size, lines: lines.size, changes, literals };
}

export function renderChangeListText(list: ChangeList): string {
  const out: string[] = [];
  for (const s of list.steps) {
    const counts = countChanges({ steps: [s] });
    out.push(`step ${escapeControl(s.step)}: ${counts.changes} change${counts.changes === 1 ? '' : 's'} on ${counts.lines} line${counts.lines === 1 ? '' : 's'}, ${counts.devices} device${counts.devices === 1 ? '' : 's'}`);
    for (const g of s.groups) {
      out.push(`  ${HEADING[g.owner.kind]} ${escapeControl(g.owner.name)}`);
      for (const c of g.changes) out.push(`    ${escapeControl(c.file)}:${c.line}  ${escapeControl(c.field)}: ${escapeControl(c.old)} → ${escapeControl(c.new)}`);
    }
  }
  return out.join('\n');
}

export function changeListJson(list: ChangeList): unknown {
  return {
    steps: list.steps.map((s) => ({
      step: s.step,
      groups: s.groups.map((g) => ({ kind: g.owner.kind, name: g.owner.name, changes: g.changes })),
    })),
    totals: countChanges(list),
  };
}
