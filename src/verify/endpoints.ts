/**
 * Property endpoints: what `from`, `to` and `through` in a scenario stand for. A reference is
 * `zone:NAME`, `class:MN` (every zone of a class), `segment:NAME`, `node:NAME`, a bare name (looked up
 * as zone, then segment, then node, then address object), a literal address, prefix or range, or `any`.
 * A list is the union of its entries.
 */
import {
  ALL_ADDRESSES, addressSetFromRanges, addressSetIntersect, addressSetIsAll, addressSetIsEmpty, addressSetMinus, addressSetSize, addressSetUnion,
  type AddressSet,
} from '../net/address-set.js';
import { parseIpv4, parsePrefix, prefixFirst, prefixLast, type Ipv4 } from '../net/ipv4.js';
import { isGatewayKind } from '../engine/kinds.js';
import { interfaceRange } from '../engine/routing.js';
import { zoneAddresses } from '../symbolic/reachability.js';
import { ZONE_CLASSES, type ZoneClass } from '../topology/format.js';
import type { ExternalNode, Topology, TopologyNode } from '../topology/model.js';

export interface Endpoint {
  /** As written, for reports. */
  readonly text: string;
  /** Addresses the endpoint stands for (sources it may use, destinations that count as arriving). */
  readonly addresses: AddressSet;
  /** Hosts, external networks and gateways that belong to it. */
  readonly members: readonly TopologyNode[];
  /**
   * The segments it is made of, where it names them (zones, classes, segments, tenants): its unlisted
   * devices sit there. Undefined for nodes and addresses, whose segments are those inside `addresses`.
   */
  readonly segments?: ReadonlySet<string> | undefined;
}

export type EndpointResult = { readonly ok: true; readonly endpoint: Endpoint } | { readonly ok: false; readonly message: string; readonly hint: string };

/** Gateways terminate sessions (engine/kinds.ts). */
export const isGateway = isGatewayKind;

/** Hosts and external networks: the nodes that originate and receive data in their own right. */
export function isEndpointNode(node: TopologyNode): boolean {
  return node.kind === 'host' || node.kind === 'external';
}

/** Addresses a node answers for: its interfaces (a pool's members), and what an external network owns. */
export function nodeAddresses(node: TopologyNode): AddressSet {
  const ranges: (readonly [Ipv4, Ipv4])[] = [];
  for (const iface of node.interfaces.values()) {
    const r = interfaceRange(node, iface);
    if (r) ranges.push(r);
  }
  const own = addressSetFromRanges(ranges);
  return node.kind === 'external' ? addressSetUnion(own, node.owns) : own;
}

function inZones(topology: Topology, node: TopologyNode, zones: ReadonlySet<string>): boolean {
  if (zones.has(node.zone)) return true;
  for (const iface of node.interfaces.values()) {
    const seg = topology.segments.get(iface.segment);
    if (seg && zones.has(seg.zone)) return true;
  }
  return false;
}

const carriers = (topology: Topology) => [...topology.nodes.values()].filter((n) => isEndpointNode(n) || isGateway(n));

function zonesEndpoint(topology: Topology, text: string, zones: ReadonlySet<string>): Endpoint {
  const addresses = addressSetUnion(...[...zones].map((z) => zoneAddresses(topology, z)));
  const segments = new Set([...topology.segments.values()].filter((s) => zones.has(s.zone)).map((s) => s.name));
  return { text, addresses, members: carriers(topology).filter((n) => inZones(topology, n, zones)), segments };
}

function literal(text: string): AddressSet | undefined {
  const dash = text.indexOf('-');
  if (dash > 0) {
    const a = parseIpv4(text.slice(0, dash));
    const b = parseIpv4(text.slice(dash + 1));
    return a !== undefined && b !== undefined && a <= b ? addressSetFromRanges([[a, b]]) : undefined;
  }
  const p = parsePrefix(text);
  return p.ok ? addressSetFromRanges([[prefixFirst(p.prefix), prefixLast(p.prefix)]]) : undefined;
}

function addressEndpoint(topology: Topology, text: string, addresses: AddressSet): Endpoint {
  // An external network counts only when it stands for no more than the set (the Internet owning
  // 0.0.0.0/0 is not "in" 10.10.10.14 just because it could route there).
  const members = carriers(topology).filter((n) => {
    if (n.kind === 'external') {
      const own = nodeAddresses(n);
      return !addressSetIsEmpty(own) && sameSet(addressSetIntersect(own, addresses), own);
    }
    return !addressSetIsEmpty(addressSetIntersect(nodeAddresses(n), addresses));
  });
  return { text, addresses, members };
}

function sameSet(a: AddressSet, b: AddressSet): boolean {
  return a.ranges.length === b.ranges.length && a.ranges.every((r, i) => r[0] === b.ranges[i]?.[0] && r[1] === b.ranges[i]?.[1]);
}

function single(topology: Topology, ref: string): EndpointResult {
  const text = ref.trim();
  const fail = (message: string): EndpointResult => ({
    ok: false,
    message,
    hint: 'use zone:NAME, class:CLASS, segment:NAME, node:NAME, an address object, a bare zone/segment/node name, an address or prefix, or "any"',
  });
  const colon = text.indexOf(':');
  if (colon > 0) {
    const kind = text.slice(0, colon);
    const name = text.slice(colon + 1);
    switch (kind) {
      case 'zone':
        return topology.zones.has(name) ? { ok: true, endpoint: zonesEndpoint(topology, text, new Set([name])) } : fail(`zone "${name}" is not in topology ${topology.name}`);
      case 'class': {
        if (!(ZONE_CLASSES as readonly string[]).includes(name)) return fail(`"${name}" is not a zone class (${ZONE_CLASSES.join(', ')})`);
        const zones = new Set([...topology.zones.values()].filter((z) => z.class === (name as ZoneClass)).map((z) => z.name));
        return { ok: true, endpoint: zonesEndpoint(topology, text, zones) };
      }
      case 'segment': {
        const seg = topology.segments.get(name);
        if (!seg) return fail(`segment "${name}" is not in topology ${topology.name}`);
        const addresses = addressSetFromRanges([[prefixFirst(seg.prefix), prefixLast(seg.prefix)]]);
        const members = carriers(topology).filter((n) => [...n.interfaces.values()].some((i) => i.segment === name));
        return { ok: true, endpoint: { text, addresses, members, segments: new Set([name]) } };
      }
      case 'node': {
        const node = topology.nodes.get(name);
        if (!node) return fail(`node "${name}" is not in topology ${topology.name}`);
        return { ok: true, endpoint: { text, addresses: nodeAddresses(node), members: [node] } };
      }
      default:
        return fail(`"${text}" has an unknown prefix "${kind}:"`);
    }
  }
  if (text === 'any') return { ok: true, endpoint: { text, addresses: ALL_ADDRESSES, members: carriers(topology) } };
  if (topology.zones.has(text)) return { ok: true, endpoint: zonesEndpoint(topology, text, new Set([text])) };
  if (topology.segments.has(text)) {
    const r = single(topology, `segment:${text}`);
    return r.ok ? { ok: true, endpoint: { ...r.endpoint, text } } : r;
  }
  if (topology.nodes.has(text)) {
    const r = single(topology, `node:${text}`);
    return r.ok ? { ok: true, endpoint: { ...r.endpoint, text } } : r;
  }
  const object = topology.addressObjects.get(text);
  if (object) return { ok: true, endpoint: addressEndpoint(topology, text, object) };
  const lit = literal(text);
  if (lit) return { ok: true, endpoint: addressEndpoint(topology, text, lit) };
  return fail(`"${text}" is not a zone, segment, node or address object of topology ${topology.name}, nor an address`);
}

/** Resolves one reference or a list (their union). */
export function resolveEndpoint(topology: Topology, ref: string | readonly string[]): EndpointResult {
  const list = typeof ref === 'string' ? [ref] : ref;
  const parts: Endpoint[] = [];
  for (const r of list) {
    const one = single(topology, r);
    if (!one.ok) return one;
    parts.push(one.endpoint);
  }
  const members = new Map<string, TopologyNode>();
  for (const p of parts) for (const n of p.members) members.set(n.name, n);
  return {
    ok: true,
    endpoint: {
      text: list.join(', '),
      addresses: addressSetUnion(...parts.map((p) => p.addresses)),
      members: [...members.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
      segments: parts.every((p) => p.segments !== undefined) ? new Set(parts.flatMap((p) => [...(p.segments as ReadonlySet<string>)])) : undefined,
    },
  };
}

/** The endpoint of every zone of the given classes (used by the invariant packs). */
export function classEndpoint(topology: Topology, classes: readonly ZoneClass[]): Endpoint {
  const zones = new Set([...topology.zones.values()].filter((z) => classes.includes(z.class)).map((z) => z.name));
  return zonesEndpoint(topology, classes.map((c) => `class:${c}`).join(', '), zones);
}

interface ExternalOwners {
  readonly externals: readonly ExternalNode[];
  /** Addresses a listed node holds: its own, whatever an external's `owns` covers. */
  readonly held: AddressSet;
}

const ownersByTopology = new WeakMap<Topology, ExternalOwners>();

function externalOwners(topology: Topology): ExternalOwners {
  let owners = ownersByTopology.get(topology);
  if (!owners) {
    const nodes = [...topology.nodes.values()];
    owners = {
      externals: nodes.filter((n): n is ExternalNode => n.kind === 'external'),
      held: addressSetUnion(...nodes.filter((n) => n.kind !== 'external').map(nodeAddresses)),
    };
    ownersByTopology.set(topology, owners);
  }
  return owners;
}

/**
 * The nodes a scenario exception's `from` or `to` names: its members, and for an address it names that no
 * listed node holds, the external network that owns it most specifically (the LGWAN external for an
 * LGWAN-ASP's or the 中間サーバー's address; never the Internet's 0.0.0.0/0 when a narrower owner exists).
 * `any` names no node of its own.
 */
export function namedNodes(topology: Topology, endpoint: Endpoint): Set<string> {
  const names = new Set(endpoint.members.map((n) => n.name));
  if (addressSetIsAll(endpoint.addresses)) return names;
  const owners = externalOwners(topology);
  for (const [lo, hi] of addressSetMinus(endpoint.addresses, owners.held).ranges) {
    const range = addressSetFromRanges([[lo, hi]]);
    const overlapping = owners.externals.filter((n) => !addressSetIsEmpty(addressSetIntersect(n.owns, range)));
    const narrowest = Math.min(...overlapping.map((n) => addressSetSize(n.owns)));
    for (const n of overlapping) if (addressSetSize(n.owns) === narrowest) names.add(n.name);
  }
  return names;
}
