/**
 * Content fingerprints of a topology, for caches that reuse work across versions (cache.ts).
 *
 * A topology is split into parts that a symbolic run reads separately:
 * - the **core** of each node: everything about it except, on routers, firewalls, dedicated lines and
 *   external networks, the contents of its routing tables and of its ACLs' rules and defaults (which ACLs
 *   exist and how they are bound stays in the core). Hosts' and gateways' routes are core (they decide
 *   sender groups and implicit gateways). A forwarder's strict-uRPF source sets (computed from its routes)
 *   are core as well, so a route change that changes what uRPF accepts changes the core;
 * - per ACL, its **content** (rules and default); per (forwarding node, VRF), its **routes**;
 * - per segment, its **context**: its own settings and every interface attached to it with its node's core
 *   (owners of addresses, implicit gateways and zones are read from there);
 * - the **whole core**: zones, logical networks, segments, address and service objects, model, import
 *   records and every node's core, i.e. all of the topology except ACL rule contents and forwarders' routes.
 *
 * Source locations (file:line) and file names are left out everywhere: a rule moving down by one line
 * changes no fingerprint. Parts are hashed (SHA-1 of a canonical JSON form) and computed on first use.
 */
import { createHash } from 'node:crypto';
import { urpfSources } from '../engine/urpf.js';
import { aclPermitSet } from '../symbolic/acl-set.js';
import { HeaderSet } from '../symbolic/header-set.js';
import { addressSetField } from '../symbolic/acl-set.js';
import { prefixLast } from '../net/ipv4.js';
import type { Acl, Route, Topology, TopologyNode } from '../topology/model.js';

/** JSON with Maps as [key, value] lists (in their order), `location` keys and undefined values left out. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, function replacer(this: unknown, key: string, v: unknown) {
    if (key === 'location') return undefined;
    if (v instanceof Map) return [...v.entries()];
    if (v instanceof Set) return [...v.values()];
    return v;
  });
}

function hash(text: string): string {
  return createHash('sha1').update(text).digest('base64');
}

/** Nodes whose routes and ACL contents are kept out of the core (they forward packets by their tables). */
export function hasFineGrainedTables(node: TopologyNode): boolean {
  return node.kind === 'router' || node.kind === 'firewall' || node.kind === 'dedicated-line' || node.kind === 'external';
}

let nextId = 1;

export class TopologyFingerprint {
  readonly id = nextId++;
  private readonly cores = new Map<string, string | undefined>();
  private readonly segmentContexts = new Map<string, string | undefined>();
  private readonly aclContents = new Map<string, string | undefined>();
  private readonly routeContents = new Map<string, string | undefined>();
  private attachedValue: Map<string, [string, string][]> | undefined;
  private wholeCore: string | undefined;

  constructor(readonly topology: Topology) {}

  /** Hash of a node's core; undefined when the topology has no such node. */
  nodeCore(name: string): string | undefined {
    if (this.cores.has(name)) return this.cores.get(name);
    const node = this.topology.nodes.get(name);
    const value = node ? coreOf(node) : undefined;
    this.cores.set(name, value);
    return value;
  }

  /** Interfaces attached to each segment, in node-name order (as routing.ts attached()): [node, interface]. */
  private attached(): Map<string, [string, string][]> {
    if (this.attachedValue) return this.attachedValue;
    const out = new Map<string, [string, string][]>();
    const names = [...this.topology.nodes.keys()].sort();
    for (const name of names) {
      const node = this.topology.nodes.get(name) as TopologyNode;
      for (const iface of node.interfaces.values()) {
        const list = out.get(iface.segment) ?? [];
        list.push([name, iface.name]);
        out.set(iface.segment, list);
      }
    }
    return (this.attachedValue = out);
  }

  /** Hash of a segment's settings and of every interface on it with its node's core; undefined when absent. */
  segmentContext(name: string): string | undefined {
    if (this.segmentContexts.has(name)) return this.segmentContexts.get(name);
    const segment = this.topology.segments.get(name);
    const value = segment
      ? hash(canonicalJson({ segment, attached: (this.attached().get(name) ?? []).map(([n, i]) => [n, i, this.nodeCore(n)]) }))
      : undefined;
    this.segmentContexts.set(name, value);
    return value;
  }

  acl(node: string, name: string): Acl | undefined {
    const n = this.topology.nodes.get(node);
    return n && 'acls' in n ? n.acls.find((a) => a.name === name) : undefined;
  }

  /** Hash of an ACL's rules and default; undefined when absent. */
  aclContent(node: string, name: string): string | undefined {
    const key = `${node}\u0000${name}`;
    if (this.aclContents.has(key)) return this.aclContents.get(key);
    const acl = this.acl(node, name);
    const value = acl ? aclContentKey(acl) : undefined;
    this.aclContents.set(key, value);
    return value;
  }

  /** The routes of a node in one VRF, in order; empty when the node is absent. */
  routes(node: string, vrf: string): Route[] {
    return (this.topology.nodes.get(node)?.routes ?? []).filter((r) => r.vrf === vrf);
  }

  /** Hash of a node's routes in one VRF (prefix, target, origin, in order); undefined when the node is absent. */
  routesContent(node: string, vrf: string): string | undefined {
    const key = `${node}\u0000${vrf}`;
    if (this.routeContents.has(key)) return this.routeContents.get(key);
    const n = this.topology.nodes.get(node);
    const value = n ? routesOf(n, vrf) : undefined;
    this.routeContents.set(key, value);
    return value;
  }

  /** Hash of everything but ACL rule contents and forwarders' routes (see the module note). */
  core(): string {
    if (this.wholeCore !== undefined) return this.wholeCore;
    const t = this.topology;
    const nodes = [...t.nodes.keys()].map((n) => [n, this.nodeCore(n)]);
    const imports = (t.imports ?? []).map((i) => ({ format: i.format, partial: i.partial, unknownVerdictChanging: i.unknownVerdictChanging }));
    return (this.wholeCore = hash(
      canonicalJson({
        name: t.name,
        model: t.model,
        guidelineVersion: t.guidelineVersion,
        zones: t.zones,
        logicalNetworks: t.logicalNetworks,
        segments: t.segments,
        addressObjects: t.addressObjects,
        serviceObjects: t.serviceObjects,
        imports,
        nodes,
      }),
    ));
  }
}

/*
 * The parts' hashes are memoised per object: a topology is immutable (freeze.ts), and versions made from
 * one another (a diff's changed copy, a migration's half-applied states, readdress's steps) share every
 * node and ACL they did not change, which then is hashed once.
 */
const coreHashes = new WeakMap<TopologyNode, string>();
const routeHashes = new WeakMap<TopologyNode, Map<string, string>>();
const aclHashes = new WeakMap<object, string>();

function coreOf(node: TopologyNode): string {
  let value = coreHashes.get(node);
  if (value !== undefined) return value;
  if (hasFineGrainedTables(node)) {
    const { routes: _routes, ...rest } = node as TopologyNode & { acls?: readonly Acl[] };
    const acls = 'acls' in node ? node.acls.map((a) => ({ name: a.name, node: a.node, binding: a.binding })) : undefined;
    const urpf = [...node.interfaces.values()].filter((i) => i.urpf === 'strict').map((i) => [i.name, urpfSources(node, i).ranges]);
    value = hash(canonicalJson({ ...rest, acls, urpf }));
  } else {
    value = hash(canonicalJson(node));
  }
  coreHashes.set(node, value);
  return value;
}

function routesOf(node: TopologyNode, vrf: string): string {
  let byVrf = routeHashes.get(node);
  if (!byVrf) routeHashes.set(node, (byVrf = new Map()));
  let value = byVrf.get(vrf);
  if (value === undefined) byVrf.set(vrf, (value = hash(canonicalJson(node.routes.filter((r) => r.vrf === vrf)))));
  return value;
}

/** Content key of an ACL: its rules (names, order, actions, match sets) and default; not its binding or lines. */
export function aclContentKey(acl: Pick<Acl, 'rules' | 'defaultAction'>): string {
  let value = aclHashes.get(acl);
  if (value === undefined) aclHashes.set(acl, (value = hash(canonicalJson({ defaultAction: acl.defaultAction, rules: acl.rules }))));
  return value;
}

const fingerprints = new WeakMap<Topology, TopologyFingerprint>();

export function fingerprintOf(topology: Topology): TopologyFingerprint {
  let fp = fingerprints.get(topology);
  if (!fp) fingerprints.set(topology, (fp = new TopologyFingerprint(topology)));
  return fp;
}

/**
 * Destinations whose routing decision differs between two route lists of one VRF: per longest-prefix group
 * (symbolic/reachability.ts routeGroupsOf), the routes' prefixes and targets in order, or no route at all.
 * Only the dst field is constrained.
 */
export function routeDecisionDelta(a: readonly Route[], b: readonly Route[]): HeaderSet {
  const decisions = (routes: readonly Route[]) => {
    const byPrefix = new Map<string, { network: number; length: number; routes: Route[] }>();
    for (const r of routes) {
      const k = `${r.prefix.network}/${r.prefix.length}`;
      const g = byPrefix.get(k);
      if (g) g.routes.push(r);
      else byPrefix.set(k, { network: r.prefix.network, length: r.prefix.length, routes: [r] });
    }
    const out = new Map<string, HeaderSet>();
    let claimed = HeaderSet.EMPTY;
    for (const g of [...byPrefix.values()].sort((x, y) => y.length - x.length)) {
      const prefixSet = addressSetField('dst', { ranges: [[g.network, prefixLast({ network: g.network, length: g.length })]] });
      const decided = prefixSet.minus(claimed);
      claimed = claimed.union(prefixSet);
      if (decided.isEmpty()) continue;
      const key = canonicalJson(g.routes.map((r) => ({ prefix: r.prefix, target: r.target })));
      out.set(key, (out.get(key) ?? HeaderSet.EMPTY).union(decided));
    }
    return out;
  };
  const da = decisions(a);
  const db = decisions(b);
  const parts: HeaderSet[] = [];
  for (const [k, set] of da) parts.push(set.minus(db.get(k) ?? HeaderSet.EMPTY));
  for (const [k, set] of db) parts.push(set.minus(da.get(k) ?? HeaderSet.EMPTY));
  return HeaderSet.unionAll(parts);
}

/** Headers two ACLs decide differently (permit in one, deny in the other). */
export function aclDecisionDelta(a: Pick<Acl, 'rules' | 'defaultAction'>, b: Pick<Acl, 'rules' | 'defaultAction'>, permitSet: (acl: Pick<Acl, 'rules' | 'defaultAction'>) => HeaderSet = aclPermitSet): HeaderSet {
  const pa = permitSet(a);
  const pb = permitSet(b);
  return pa.minus(pb).union(pb.minus(pa));
}
