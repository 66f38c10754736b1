/**
 * The topology as a compound graph: zones contain their segments, segments contain their nodes. A node
 * with interfaces on several segments sits in one (its home: the first on a segment of its own zone) and
 * has a link to each of the others, so a multi-homed firewall shows every segment it joins.
 */
import { formatLocation } from '../../diagnostics/diagnostic.js';
import { GATEWAY_KINDS, FORWARDING_KINDS } from '../../engine/kinds.js';
import { formatIpv4, formatPrefix } from '../../net/ipv4.js';
import { unlistedSegment } from '../../symbolic/reachability.js';
import type { Segment, Topology, TopologyNode, Zone, ZoneClass } from '../../topology/model.js';
import type { GraphElement } from './page-data.js';

export const zoneId = (name: string): string => `z:${name}`;
export const segmentId = (name: string): string => `s:${name}`;
export const nodeId = (name: string): string => `n:${name}`;
export const linkId = (node: string, segment: string): string => `m:${node}:${segment}`;

/**
 * The segment a node is drawn inside: its first segment in its own zone. A node with no segment in its
 * own zone (a central firewall in a transit zone) is drawn in its zone, linked to each of its segments.
 */
export function homeSegment(topology: Topology, node: TopologyNode): string | undefined {
  return [...node.interfaces.values()].map((i) => i.segment).find((s) => topology.segments.get(s)?.zone === node.zone);
}

/**
 * The graph id of a name as traces and reports use it: a node, a segment, or the unnamed host of a
 * segment (`(host on SEGMENT)`, or the attacker's `unlisted device on SEGMENT`, drawn as the segment itself). Undefined when the topology has
 * no such name.
 */
export function graphIdOf(topology: Topology, name: string): string | undefined {
  if (topology.nodes.has(name)) return nodeId(name);
  const unnamed = /^\(host on (.+)\)$/.exec(name)?.[1] ?? unlistedSegment(name);
  const segment = unnamed ?? (name.startsWith('segment:') ? name.slice('segment:'.length) : name);
  return topology.segments.has(segment) ? segmentId(segment) : undefined;
}

function zoneElement(zone: Zone): GraphElement {
  const info = [`zone ${zone.name}, class ${zone.class}`];
  if (zone.description) info.push(zone.description);
  if (zone.location) info.push(`declared at ${formatLocation(zone.location)}`);
  return { group: 'nodes', data: { id: zoneId(zone.name), label: `${zone.name} (${zone.class})`, info }, classes: `zone cls-${zone.class}` };
}

function segmentElement(segment: Segment): GraphElement {
  const info = [`segment ${segment.name} in zone ${segment.zone}`, `prefix ${formatPrefix(segment.prefix)}, VRF ${segment.vrf}${segment.vlan === undefined ? '' : `, VLAN ${segment.vlan}`}`];
  if (segment.site) info.push(`site ${segment.site}`);
  if (segment.location) info.push(`declared at ${formatLocation(segment.location)}`);
  return { group: 'nodes', data: { id: segmentId(segment.name), parent: zoneId(segment.zone), label: `${segment.name}\n${formatPrefix(segment.prefix)}`, info }, classes: 'segment' };
}

function nodeClasses(node: TopologyNode): string {
  const classes = ['node', `kind-${node.kind}`];
  if (GATEWAY_KINDS.has(node.kind)) classes.push('gateway');
  if (FORWARDING_KINDS.has(node.kind)) classes.push('device');
  if (node.kind === 'host' && node.count > 1) classes.push('pool');
  return classes.join(' ');
}

function nodeElement(topology: Topology, node: TopologyNode): GraphElement {
  const home = homeSegment(topology, node);
  const pool = node.kind === 'host' && node.count > 1 ? ` ×${node.count}` : '';
  const info = [`${node.kind} ${node.name}${pool} in zone ${node.zone}`];
  if (node.description) info.push(node.description);
  for (const i of node.interfaces.values()) info.push(`${i.name}: ${i.address === undefined ? 'unnumbered' : formatIpv4(i.address)} on ${i.segment}${i.urpf ? ' (strict uRPF)' : ''}`);
  if (node.location) info.push(`declared at ${formatLocation(node.location)}`);
  return { group: 'nodes', data: { id: nodeId(node.name), parent: home === undefined ? zoneId(node.zone) : segmentId(home), label: `${node.name}${pool}`, info }, classes: nodeClasses(node) };
}

function linkElements(topology: Topology, node: TopologyNode): GraphElement[] {
  const home = homeSegment(topology, node);
  const others = new Set([...node.interfaces.values()].map((i) => i.segment).filter((s) => s !== home && topology.segments.has(s)));
  return [...others].map((segment) => ({
    group: 'edges' as const,
    data: { id: linkId(node.name, segment), source: nodeId(node.name), target: segmentId(segment), info: [`${node.name} has an interface on ${segment}`] },
    classes: 'link',
  }));
}

/** Zones are drawn from the Internet side to the MN side, the order the guideline's tiers read in. */
const ZONE_ORDER: readonly ZoneClass[] = ['INTERNET', 'SECCLOUD', 'SAAS', 'INET', 'GSS', 'GOVNW', 'GOVCLOUD', 'LG', 'LGWAN', 'TRANSIT', 'MN', 'MN_GC', 'JUKI'];

function zoneRank(zone: Zone): number {
  const rank = ZONE_ORDER.indexOf(zone.class);
  return rank < 0 ? ZONE_ORDER.length : rank;
}

/** Every element of one topology, parents before children (cytoscape adds them in order). */
function elementsOf(topology: Topology): GraphElement[] {
  return [
    ...[...topology.zones.values()].sort((a, b) => zoneRank(a) - zoneRank(b)).map(zoneElement),
    ...[...topology.segments.values()].map(segmentElement),
    ...[...topology.nodes.values()].map((n) => nodeElement(topology, n)),
    ...[...topology.nodes.values()].flatMap((n) => linkElements(topology, n)),
  ];
}

/**
 * The graph of one topology; with `before`, the union of two versions (diff): elements of `before` alone
 * are added with the class `only-before`, those of the main topology alone get `only-after`.
 */
export function topologyGraph(topology: Topology, before?: Topology): GraphElement[] {
  const main = elementsOf(topology);
  if (!before) return main;
  const ids = new Set(main.map((e) => e.data.id));
  const old = elementsOf(before);
  const oldIds = new Set(old.map((e) => e.data.id));
  const marked = main.map((e) => (oldIds.has(e.data.id) ? e : { ...e, classes: `${e.classes} only-after` }));
  const gone = old.filter((e) => !ids.has(e.data.id)).map((e) => ({ ...e, classes: `${e.classes} only-before` }));
  // A parent only in `before` comes before its children: zones, segments, nodes, links keep their order.
  const rank = (e: GraphElement): number => 'zsnm'.indexOf(e.data.id[0] ?? 'm');
  return [...marked, ...gone].sort((a, b) => rank(a) - rank(b));
}
