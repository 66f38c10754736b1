/**
 * Matcher arguments, read as a scenario reads them: endpoints through the scenario's endpoint resolution
 * (src/verify/endpoints.ts: node names, `zone:NAME`, `class:MN`, `segment:NAME`, address objects,
 * addresses, `any`, or a list of them), services as a service object of the topology or a literal
 * (`tcp/445`, `udp/53`, `icmp/8`). Anything the network does not have is a TEST002 error, with a suggestion.
 */
import { didYouMean, listNames } from '../diagnostics/diagnostic.js';
import { parseService, type ServiceMatch } from '../net/ports.js';
import { ZONE_CLASSES, type ZoneClass } from '../topology/format.js';
import type { Topology } from '../topology/model.js';
import { resolveEndpoint, type Endpoint } from '../verify/endpoints.js';
import { failArgument } from './errors.js';

/** What `from`, `to` and `through` accept: one reference or a list (their union). */
export type EndpointRef = string | readonly string[];
/** Services: a service object's name or a literal such as `tcp/445`; a list is their union. */
export type ServiceRef = string | readonly string[];

export function endpointArgument(topology: Topology, ref: EndpointRef, role: string): Endpoint {
  if (typeof ref !== 'string' && (!Array.isArray(ref) || ref.length === 0 || ref.some((r) => typeof r !== 'string'))) {
    failArgument('TEST002', `${role} is ${JSON.stringify(ref) ?? String(ref)}`, 'a reference or a non-empty list of references', 'write e.g. "class:INET", "zone:mn", a node or segment name, or a list of them');
  }
  const resolved = resolveEndpoint(topology, ref);
  if (resolved.ok) return resolved.endpoint;
  const text = typeof ref === 'string' ? ref : ref.join(', ');
  const bare = (typeof ref === 'string' ? ref : (ref[0] ?? '')).replace(/^[a-z]+:/, '');
  const guess = didYouMean(bare, [...topology.zones.keys(), ...topology.segments.keys(), ...topology.nodes.keys(), ...topology.addressObjects.keys()]);
  return failArgument('TEST002', `${role} "${text}": ${resolved.message}`, 'a zone, segment, node, address object or address of the topology', guess ? `did you mean "${guess}"?` : resolved.hint);
}

export function serviceArgument(topology: Topology, ref: ServiceRef, role: string): ServiceMatch[] {
  const list: readonly unknown[] = typeof ref === 'string' ? [ref] : Array.isArray(ref) ? ref : [ref];
  if (list.length === 0) failArgument('TEST002', `${role} is an empty list`, 'a service such as tcp/443, a service object, or a non-empty list of them', 'leave the argument out to mean every header');
  return list.flatMap((s) => {
    if (typeof s !== 'string') return failArgument('TEST002', `${role} holds ${JSON.stringify(s) ?? String(s)}`, 'a service such as tcp/443 or the name of a service object', 'write services as strings');
    const object = topology.serviceObjects.get(s);
    if (object) return [...object];
    const parsed = parseService(s);
    if (parsed.ok) return [parsed.service];
    const guess = didYouMean(s, topology.serviceObjects.keys());
    return failArgument('TEST002', `${role} "${s}" is not a service object of topology ${topology.name} nor a service (${parsed.reason})`, 'a service such as tcp/443 or the name of a service object', guess ? `did you mean "${guess}"?` : `known service objects: ${listNames(topology.serviceObjects.keys())}`);
  });
}

/** `through`: nodes of the topology (routers, firewalls, gateways …). */
export function nodesArgument(topology: Topology, ref: EndpointRef, role: string): string[] {
  const list = (typeof ref === 'string' ? [ref] : [...ref]).map((n) => n.replace(/^node:/, ''));
  if (list.length === 0) failArgument('TEST002', `${role} is an empty list`, 'the name of a node, or a non-empty list of them', 'name the firewall or gateway every path must pass');
  for (const n of list) {
    if (topology.nodes.has(n)) continue;
    const guess = didYouMean(n, topology.nodes.keys());
    failArgument('TEST002', `${role} "${n}" is not a node of topology ${topology.name}`, 'the name of a node (router, firewall, gateway …)', guess ? `did you mean "${guess}"?` : `known nodes: ${listNames(topology.nodes.keys())}`);
  }
  return list;
}

export function zoneClassArgument(text: string, role: string): ZoneClass {
  const upper = typeof text === 'string' ? text.replace(/^class:/i, '').toUpperCase() : '';
  if ((ZONE_CLASSES as readonly string[]).includes(upper)) return upper as ZoneClass;
  const guess = didYouMean(upper, ZONE_CLASSES);
  return failArgument('TEST002', `${role} "${String(text)}" is not a zone class`, `one of ${ZONE_CLASSES.join(', ')}`, guess ? `did you mean "${guess}"?` : 'zone classes are the `class:` of zones (MN, LG, INET …)');
}
