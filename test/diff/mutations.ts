/**
 * Single-rule and single-route mutations of a resolved topology, for the diff's property and cache tests:
 * one ACL rule edited (action, src, dst or services), inserted, deleted or its ACL's default flipped; or one
 * route of a router or firewall added, removed, re-pointed or made a null route. Deterministic from a seed.
 */
import { addressSetFromRanges, ALL_ADDRESSES, type AddressSet } from '../../src/net/address-set.js';
import { prefixFirst, prefixLast, type Ipv4 } from '../../src/net/ipv4.js';
import { Rng } from '../../src/topology/generate/prng.js';
import type { Acl, AclRule, FilteringNode, Route, Topology, TopologyNode } from '../../src/topology/model.js';
import { SERVICES } from '../symbolic/small-topology.js';

export interface Mutation {
  readonly topology: Topology;
  /** What was changed, in words (for failure messages). */
  readonly description: string;
  readonly kind: 'rule' | 'route' | 'none';
}

function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[rng.int(0, items.length - 1)] as T;
}

/** Addresses rules may talk about: everything, segment prefixes, pools, single addresses, odd ranges. */
function addressChoices(t: Topology): AddressSet[] {
  const out: AddressSet[] = [ALL_ADDRESSES];
  for (const s of t.segments.values()) out.push(addressSetFromRanges([[prefixFirst(s.prefix), prefixLast(s.prefix)]]));
  for (const n of t.nodes.values()) {
    for (const i of n.interfaces.values()) {
      if (i.address === undefined) continue;
      const count = n.kind === 'host' ? n.count : 1;
      out.push(addressSetFromRanges([[i.address, i.address + count - 1]]));
      out.push(addressSetFromRanges([[i.address, i.address]]));
    }
  }
  out.push(addressSetFromRanges([[(10 << 24) >>> 0, ((10 << 24) | 0x1ff) >>> 0]]));
  return out;
}

/** The topology with one node replaced; the node gets interface objects of its own, as a fresh load would (engines cache per interface). */
function withNode(t: Topology, node: TopologyNode): Topology {
  const nodes = new Map(t.nodes);
  const interfaces = new Map([...node.interfaces].map(([k, i]) => [k, { ...i }]));
  nodes.set(node.name, { ...node, interfaces } as TopologyNode);
  return { ...t, nodes };
}

function randomRule(rng: Rng, t: Topology, name: string, index: number): AclRule {
  const choices = addressChoices(t);
  const services = [pick(rng, SERVICES)];
  if (rng.next() < 0.3) services.push(pick(rng, SERVICES));
  return { name, index, action: rng.next() < 0.6 ? 'permit' : 'deny', src: pick(rng, choices), dst: pick(rng, choices), services, location: undefined };
}

function reindex(rules: readonly AclRule[]): AclRule[] {
  return rules.map((r, i) => ({ ...r, index: i }));
}

function mutateRule(rng: Rng, t: Topology): Mutation | undefined {
  const filters = [...t.nodes.values()].filter((n): n is FilteringNode => (n.kind === 'router' || n.kind === 'firewall') && n.acls.length > 0);
  if (filters.length === 0) return undefined;
  const node = pick(rng, filters);
  const aclIndex = rng.int(0, node.acls.length - 1);
  const acl = node.acls[aclIndex] as Acl;
  const choices = addressChoices(t);
  let rules = [...acl.rules];
  let defaultAction = acl.defaultAction;
  let what: string;
  const op = rules.length === 0 ? rng.int(0, 1) * 5 : rng.int(0, 6);
  if (op === 0) {
    const at = rng.int(0, rules.length);
    rules.splice(at, 0, randomRule(rng, t, `m${rng.int(0, 999)}`, at));
    what = `inserted a rule at ${at}`;
  } else if (op === 5) {
    defaultAction = defaultAction === 'permit' ? 'deny' : 'permit';
    what = 'flipped the default';
  } else {
    const i = rng.int(0, rules.length - 1);
    const r = rules[i] as AclRule;
    switch (op) {
      case 1:
        rules[i] = { ...r, action: r.action === 'permit' ? 'deny' : 'permit' };
        what = `flipped the action of ${r.name}`;
        break;
      case 2:
        rules[i] = { ...r, src: pick(rng, choices) };
        what = `changed the src of ${r.name}`;
        break;
      case 3:
        rules[i] = { ...r, dst: pick(rng, choices) };
        what = `changed the dst of ${r.name}`;
        break;
      case 4:
        rules[i] = { ...r, services: [pick(rng, SERVICES)] };
        what = `changed the services of ${r.name}`;
        break;
      default:
        rules = rules.filter((_, k) => k !== i);
        what = `deleted ${r.name}`;
    }
  }
  const acls = node.acls.map((a, k) => (k === aclIndex ? { ...a, rules: reindex(rules), defaultAction } : a));
  return { topology: withNode(t, { ...node, acls }), description: `${node.name} ${acl.name}: ${what}`, kind: 'rule' };
}

function mutateRoute(rng: Rng, t: Topology): Mutation | undefined {
  const forwarders = [...t.nodes.values()].filter((n): n is FilteringNode => n.kind === 'router' || n.kind === 'firewall');
  if (forwarders.length === 0) return undefined;
  const node = pick(rng, forwarders);
  const routes = [...node.routes];
  const statics = routes.map((r, i) => [r, i] as const).filter(([r]) => r.origin === 'static');
  // Next hops: addresses of other nodes on this node's segments.
  const hops: { nextHop: Ipv4; interface: string }[] = [];
  for (const iface of node.interfaces.values()) {
    for (const other of t.nodes.values()) {
      if (other.name === node.name) continue;
      for (const oi of other.interfaces.values()) if (oi.segment === iface.segment && oi.address !== undefined) hops.push({ nextHop: oi.address, interface: iface.name });
    }
  }
  const prefixes = [...t.segments.values()].map((s) => s.prefix);
  const target = (): Route['target'] => (hops.length > 0 && rng.next() < 0.75 ? { type: 'via', ...pick(rng, hops) } : { type: 'drop' });
  let what: string;
  const op = statics.length === 0 ? 0 : rng.int(0, 2);
  if (op === 0) {
    const prefix = rng.next() < 0.2 ? { network: 0, length: 0 } : pick(rng, prefixes);
    routes.push({ vrf: 'default', prefix, target: target(), origin: 'static', location: undefined });
    what = `added a route to ${prefix.network >>> 0}/${prefix.length}`;
  } else {
    const [r, i] = pick(rng, statics);
    if (op === 1) {
      routes.splice(i, 1);
      what = `removed the route to ${r.prefix.network >>> 0}/${r.prefix.length}`;
    } else {
      routes[i] = { ...r, target: target() };
      what = `re-pointed the route to ${r.prefix.network >>> 0}/${r.prefix.length}`;
    }
  }
  return { topology: withNode(t, { ...node, routes }), description: `${node.name}: ${what}`, kind: 'route' };
}

/** One rule or route mutation (rules three times in four), or the topology unchanged when none applies. */
export function mutateOnce(t: Topology, seed: number): Mutation {
  const rng = new Rng(seed);
  const first = rng.next() < 0.75 ? mutateRule : mutateRoute;
  const second = first === mutateRule ? mutateRoute : mutateRule;
  return first(rng, t) ?? second(rng, t) ?? { topology: t, description: 'no rule or route to change', kind: 'none' };
}
