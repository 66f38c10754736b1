/**
 * Half-applied cut-over states: between step k and step k+1, the devices change one by one in the
 * cut-over order. After j changes, the listed nodes have their step k+1 definition (interfaces, ACLs,
 * routes, NAT, gateway settings), `segment:NAME` entries have their step k+1 segment definition, and
 * everything else is as in step k. The states are built on the resolved model: every definition is taken
 * whole from a step file that loaded, so each location still points at the line it came from.
 */
import type { Diagnostic, SourceLocation } from '../diagnostics/diagnostic.js';
import { formatIpv4, formatPrefix, prefixContains } from '../net/ipv4.js';
import type { Segment, Topology, TopologyNode, Zone } from '../topology/model.js';

export const SEGMENT_ENTRY = 'segment:';

/**
 * Whether a node's zone is its first interface's segment's zone: the zone a node without `zone:` gets,
 * which follows the segment when the segment is re-designated (pattern ①: the device keeps its configuration).
 */
function zoneFollowsSegment(topology: Topology, node: TopologyNode): boolean {
  const first = [...node.interfaces.values()][0];
  return first !== undefined && topology.segments.get(first.segment)?.zone === node.zone;
}

/** A node or segment definition as plain data without positions, inventory or (`withZone` false) zone: what a cut-over changes. */
function networkDefinition(value: TopologyNode | Segment | undefined, withZone = true): string {
  if (value === undefined) return '';
  const skip = new Set(['location', 'inventory', 'description', 'tags']);
  if (!withZone) skip.add('zone');
  return JSON.stringify(value, (key, v: unknown) => (skip.has(key) ? undefined : v instanceof Map ? [...v.entries()] : v));
}

/** Order entries (node names, `segment:NAME`) whose network definition differs between two steps, sorted. */
export function changedEntries(before: Topology, after: Topology): string[] {
  const out: string[] = [];
  for (const name of new Set([...before.nodes.keys(), ...after.nodes.keys()])) {
    const a = before.nodes.get(name);
    const b = after.nodes.get(name);
    // A zone that follows its segment changes with the segment's entry, not the node's.
    const withZone = !(a !== undefined && b !== undefined && zoneFollowsSegment(before, a) && zoneFollowsSegment(after, b));
    if (networkDefinition(a, withZone) !== networkDefinition(b, withZone)) out.push(name);
  }
  for (const name of new Set([...before.segments.keys(), ...after.segments.keys()])) {
    if (networkDefinition(before.segments.get(name)) !== networkDefinition(after.segments.get(name))) out.push(`${SEGMENT_ENTRY}${name}`);
  }
  return out.sort();
}

export interface HalfAppliedState {
  /** The entries applied so far, in order. */
  readonly applied: readonly string[];
  readonly topology: Topology;
}

export interface CutoverOrder {
  readonly entries: readonly string[];
  /** Where the order was written (the plan step's `order`); undefined for the command line's --order. */
  readonly location: SourceLocation | undefined;
}

/**
 * The states after the first 1..n-1 entries of `order` (n entries; the state after all n, plus any change
 * the order does not list, is step k+1 itself). A state that cannot be built is a MIG006 diagnostic naming
 * the device and what it lacks; the states before it are still returned.
 */
export function halfAppliedStates(before: Topology, after: Topology, order: CutoverOrder): { states: HalfAppliedState[]; diagnostics: Diagnostic[] } {
  const states: HalfAppliedState[] = [];
  const diagnostics: Diagnostic[] = [];
  const nodes = new Map(before.nodes);
  const segments = new Map(before.segments);
  const zones = new Map(before.zones);
  const applied: string[] = [];
  const problem = (message: string, expected: string, hint: string) =>
    diagnostics.push({ code: 'MIG006', severity: 'error', message, location: order.location, expected, hint });
  const bringZone = (name: string) => {
    const zone: Zone | undefined = after.zones.get(name);
    if (zone && !zones.has(name)) zones.set(name, zone);
  };

  for (const [index, entry] of order.entries.entries()) {
    if (index === order.entries.length - 1) break;
    const after1 = `after ${[...applied, entry].join(', ')}`;
    if (entry.startsWith(SEGMENT_ENTRY)) {
      const name = entry.slice(SEGMENT_ENTRY.length);
      const old = segments.get(name);
      const next = after.segments.get(name);
      if (next === undefined) {
        // Decommissioned: nothing may still sit on it.
        const users = [...nodes.values()].filter((n) => [...n.interfaces.values()].some((i) => i.segment === name)).map((n) => n.name);
        if (users.length > 0) {
          problem(`half-applied state ${after1}: segment "${name}" is removed while ${users.join(', ')} still ha${users.length === 1 ? 's an interface' : 've interfaces'} on it`, 'devices leave a segment before it is removed', `put ${users.join(', ')} before ${entry} in the cut-over order`);
          break;
        }
        segments.delete(name);
      } else {
        bringZone(next.zone);
        segments.set(name, next);
        // A re-designated segment relabels the devices whose zone it gives (pattern ①: they keep their configuration).
        if (old !== undefined && old.zone !== next.zone) {
          for (const [n, node] of nodes) {
            if (node.zone === old.zone && [...node.interfaces.values()][0]?.segment === name) nodes.set(n, { ...node, zone: next.zone });
          }
        }
      }
    } else {
      const next = after.nodes.get(entry);
      if (next === undefined) nodes.delete(entry);
      else {
        const missing: string[] = [];
        for (const iface of next.interfaces.values()) {
          const here = segments.get(iface.segment) ?? after.segments.get(iface.segment);
          if (here === undefined) missing.push(`segment "${iface.segment}" of interface ${iface.name}`);
          else if (!segments.has(iface.segment)) {
            // A new segment comes along with the first device that needs it.
            bringZone(here.zone);
            segments.set(iface.segment, here);
          } else if (iface.address !== undefined && !prefixContains(here.prefix, iface.address)) {
            missing.push(`interface ${iface.name}'s address ${formatIpv4(iface.address)} outside segment "${iface.segment}" (${formatPrefix(here.prefix)} until ${SEGMENT_ENTRY}${iface.segment} changes)`);
          }
        }
        if (missing.length > 0) {
          problem(`half-applied state ${after1} cannot be built: device "${entry}" needs ${missing.join('; ')}`, 'every device changed after the segments its new definition needs', `put ${SEGMENT_ENTRY}NAME of the segment before "${entry}" in the cut-over order`);
          break;
        }
        bringZone(next.zone);
        nodes.set(entry, next);
      }
    }
    applied.push(entry);
    // Fresh node objects: engines cache per node what depends on its segments' zones (matrix/attacker.ts
    // classesOf), and a node's neighbourhood here is not the one it has in either step.
    const own = new Map([...nodes].map(([n, node]) => [n, { ...node } as TopologyNode]));
    states.push({ applied: [...applied], topology: { ...before, zones: new Map(zones), segments: new Map(segments), nodes: own } });
  }
  return { states, diagnostics };
}
