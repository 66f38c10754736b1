/** Counting helpers shared by the generator tests: the same quantities read from a file and from a loaded model (the relays' own VLANs are not among the segments asked for). */
import type { RawNode, TopologyFile } from '../../src/topology/format.js';
import type { Topology } from '../../src/topology/model.js';
import { RELAY_SEGMENT_NAMES } from '../../src/topology/generate.js';

export interface GeneratedCounts {
  readonly segments: number;
  readonly firewalls: number;
  readonly rulesPerFirewall: readonly number[];
  readonly systems: number;
  readonly sites: number;
  readonly terminals: number;
  readonly seats: number;
}

const INTERNAL = new Set(['MN', 'MN_GC', 'LG', 'INET']);

export function countsOfFile(file: TopologyFile): GeneratedCounts {
  const zones = file.zones ?? {};
  const segments = Object.values(file.segments ?? {});
  const nodes = Object.values(file.nodes ?? {}) as RawNode[];
  const hosts = nodes.filter((n) => n.kind === 'host');
  const firewalls = nodes.filter((n) => n.kind === 'firewall');
  return {
    segments: Object.entries(file.segments ?? {}).filter(([name, s]) => INTERNAL.has(zones[s.zone]?.class ?? '') && !RELAY_SEGMENT_NAMES.has(name)).length,
    firewalls: firewalls.length,
    rulesPerFirewall: firewalls.map((f) => (f.kind === 'firewall' ? (f.acls ?? []).reduce((n, a) => n + a.rules.length, 0) : 0)),
    systems: hosts.filter((h) => h.role === 'server' && (h.tags ?? []).includes('business-system')).length,
    sites: new Set(segments.flatMap((s) => (s.site === undefined ? [] : [s.site]))).size,
    terminals: hosts.filter((h) => h.role === 'terminal').reduce((n, h) => n + (h.count ?? 1), 0),
    seats: hosts.filter((h) => (h.tags ?? []).includes('screen-transfer-seats')).reduce((n, h) => n + (h.count ?? 1), 0),
  };
}

export function countsOfModel(t: Topology): GeneratedCounts {
  const segments = [...t.segments.values()];
  const nodes = [...t.nodes.values()];
  const firewalls = nodes.filter((n) => n.kind === 'firewall');
  const hosts = nodes.flatMap((n) => (n.kind === 'host' ? [n] : []));
  return {
    segments: segments.filter((s) => INTERNAL.has(t.zones.get(s.zone)?.class ?? '') && !RELAY_SEGMENT_NAMES.has(s.name)).length,
    firewalls: firewalls.length,
    rulesPerFirewall: firewalls.map((f) => (f.kind === 'firewall' ? f.acls.reduce((n, a) => n + a.rules.length, 0) : 0)),
    systems: hosts.filter((h) => h.role === 'server' && h.tags.includes('business-system')).length,
    sites: new Set(segments.flatMap((s) => (s.site === undefined ? [] : [s.site]))).size,
    terminals: hosts.filter((h) => h.role === 'terminal').reduce((n, h) => n + h.count, 0),
    seats: hosts.filter((h) => h.tags.includes('screen-transfer-seats')).reduce((n, h) => n + h.count, 0),
  };
}
