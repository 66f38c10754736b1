/**
 * Incremental re-verification: a cache of symbolic runs (and of whole verification reports) keyed by
 * content, so that a version of a topology that differs from one seen before by a rule or a route costs
 * only the runs the change can affect.
 *
 * Every computeReachability call made while the cache is installed (withReachabilityMemo) is keyed by its
 * source (starts, injected headers, options). A finished run is stored with its topology's fingerprint
 * (fingerprint.ts) and its footprint: the nodes and segments it read, and per ACL and per routing table the
 * headers it presented to it. A stored run answers a call on another topology only when it provably
 * computes the same result there:
 *
 *   - every node it read has the same core (all of its configuration but ACL rule contents and forwarders'
 *     routes), and every segment it read the same context (settings, attached interfaces and their nodes);
 *   - every ACL it applied either has the same content, or decides no header the run presented to it
 *     differently (presented ∩ (permitted before △ permitted after) = ∅);
 *   - every routing table it looked up either has the same routes, or decides every destination the run
 *     looked up the same way (same longest-prefix group routes, or none in both).
 *
 * Given that, the run performs the same steps on the same sets in both versions (the engine is a
 * deterministic function of what it reads), so the result is the same; nothing is guessed.
 *
 * ACL permit sets are cached by content as well. A verification report is reused for another topology
 * when the whole core (fingerprint.ts) and the scenario are the same and every run it made is reusable
 * as above: verification reads ACLs and routes only through symbolic runs.
 */
import type { Acl, Topology } from '../topology/model.js';
import { aclPermitSet } from '../symbolic/acl-set.js';
import { HeaderSet } from '../symbolic/header-set.js';
import { onReset } from '../symbolic/idd.js';
import { withReachabilityMemo } from '../symbolic/reachability.js';
import { derivationOf, withoutNodes } from '../verify/packet-reach.js';
import type {
  ReachabilityMemo,
  ReachabilityObserver,
  ReachabilityOptions,
  ReachabilityResult,
  SymbolicSource,
} from '../symbolic/reachability.js';
import { aclContentKey, aclDecisionDelta, fingerprintOf, routeDecisionDelta, type TopologyFingerprint } from './fingerprint.js';

/** Sets built before resetTables must not meet sets built after: every cache empties itself on a reset. */
let generation = 0;
onReset(() => {
  generation++;
});

/** What a run read. */
class Footprint {
  readonly nodes = new Set<string>();
  readonly segments = new Set<string>();
  /** `node\0acl` → headers presented (a list, united when first needed). */
  readonly acls = new Map<string, HeaderSet[]>();
  /** `node\0vrf` → headers looked up. */
  readonly routeLookups = new Map<string, HeaderSet[]>();
  /** Whether address translation rewrote headers on the way (injected and arriving headers then differ). */
  translated = false;

  node(name: string): void {
    this.nodes.add(name);
  }
  segment(name: string): void {
    this.segments.add(name);
  }
  acl(node: string, acl: string, headers: HeaderSet): void {
    add(this.acls, `${node}\u0000${acl}`, headers);
  }
  routes(node: string, vrf: string, headers: HeaderSet): void {
    add(this.routeLookups, `${node}\u0000${vrf}`, headers);
  }
  markTranslated(): void {
    this.translated = true;
  }
}

function add(map: Map<string, HeaderSet[]>, key: string, headers: HeaderSet): void {
  if (headers.isEmpty()) return;
  const list = map.get(key);
  if (!list) {
    map.set(key, [headers]);
    return;
  }
  if (list[list.length - 1]?.equals(headers)) return;
  list.push(headers);
  // Keep lists short: fold them into one set now and then.
  if (list.length >= 64) map.set(key, [HeaderSet.unionAll(list)]);
}

function united(map: Map<string, HeaderSet[]>, key: string): HeaderSet {
  const list = map.get(key) ?? [];
  if (list.length <= 1) return list[0] ?? HeaderSet.EMPTY;
  const u = HeaderSet.unionAll(list);
  map.set(key, [u]);
  return u;
}

interface Entry {
  readonly fp: TopologyFingerprint;
  readonly footprint: Footprint;
  readonly result: ReachabilityResult;
}

export interface CacheStats {
  /** Calls answered by a run stored for the same topology. */
  hits: number;
  /** Calls answered by a run of another topology, proved identical. */
  reused: number;
  /** Calls computed. */
  computed: number;
  /** Stored runs checked against another topology and found affected. */
  invalidated: number;
}

const PER_KEY = 4;

const objectIds = new WeakMap<object, number>();
let nextObjectId = 1;
function objectId(o: object): number {
  let id = objectIds.get(o);
  if (id === undefined) objectIds.set(o, (id = nextObjectId++));
  return id;
}

function splitKey(key: string): [string, string] {
  const i = key.indexOf('\u0000');
  return [key.slice(0, i), key.slice(i + 1)];
}

function runKey(source: SymbolicSource, options: ReachabilityOptions): string {
  return JSON.stringify([source.starts, source.headers.root.id, options.anyNextHop ?? false, options.replies ?? false, options.exactOrigins ?? false, options.identity ?? null, options.maxSteps ?? null, options.drops ?? true]);
}

export class ReachCache implements ReachabilityMemo {
  private readonly runs = new Map<string, Entry[]>();
  private readonly permitSets = new Map<string, HeaderSet>();
  private readonly aclDeltas = new Map<string, HeaderSet>();
  private readonly routeDeltas = new Map<string, HeaderSet>();
  private readonly verifications = new Map<string, { report: unknown; entries: readonly Entry[] }[]>();
  /** Per core and key, values derived from runs (reachability.ts derivedFromRuns), newest first, with their inputs' ids. */
  private readonly derivedValues = new Map<string, { inputs: string; value: unknown }[]>();
  private readonly tracking: Set<Entry>[] = [];
  private generation = generation;
  readonly stats: CacheStats = { hits: 0, reused: 0, computed: 0, invalidated: 0 };

  /** Empties the cache (also done on its own after resetTables). */
  clear(): void {
    this.runs.clear();
    this.lastMiss.clear();
    this.permitSets.clear();
    this.aclDeltas.clear();
    this.routeDeltas.clear();
    this.verifications.clear();
    this.derivedValues.clear();
    this.generation = generation;
  }

  private fresh(): void {
    if (this.generation !== generation) this.clear();
  }

  /** Number of stored runs. */
  get size(): number {
    let n = 0;
    for (const list of this.runs.values()) n += list.length;
    return n;
  }

  lookup(topology: Topology, source: SymbolicSource, options: ReachabilityOptions): ReachabilityResult | undefined {
    this.fresh();
    const key = runKey(source, options);
    const list = this.runs.get(key);
    if (!list) return undefined;
    const fp = fingerprintOf(topology);
    if (this.lastMiss.get(key) === fp) return undefined;
    for (const e of list) {
      if (e.fp === fp) {
        this.stats.hits++;
        this.note(e);
        return e.result;
      }
    }
    for (const e of list) {
      if (this.reusable(e, fp)) {
        this.stats.reused++;
        // The run is the same on this topology: store it for it too, so the check is made once.
        const alias: Entry = { fp, footprint: e.footprint, result: e.result };
        this.store(list, alias);
        this.note(alias);
        return e.result;
      }
      this.stats.invalidated++;
    }
    this.lastMiss.set(key, fp);
    return undefined;
  }

  /** Per run key, the topology a lookup last failed for (a second lookup of the same run need not check again). */
  private readonly lastMiss = new Map<string, TopologyFingerprint>();

  begin(topology: Topology, source: SymbolicSource, options: ReachabilityOptions): { observer: ReachabilityObserver; done(result: ReachabilityResult): void } {
    this.fresh();
    const footprint = new Footprint();
    const fp = fingerprintOf(topology);
    const key = runKey(source, options);
    return {
      observer: {
        node: (n) => footprint.node(n),
        segment: (n) => footprint.segment(n),
        acl: (n, a, h) => footprint.acl(n, a, h),
        routes: (n, v, h) => footprint.routes(n, v, h),
        translated: () => footprint.markTranslated(),
      },
      done: (result) => {
        this.stats.computed++;
        let list = this.runs.get(key);
        if (!list) this.runs.set(key, (list = []));
        const entry: Entry = { fp, footprint, result };
        this.store(list, entry);
        this.lastMiss.delete(key);
        this.note(entry);
      },
    };
  }

  aclPermitSet(acl: Acl, compute: () => HeaderSet): HeaderSet {
    this.fresh();
    const key = aclContentKey(acl);
    let s = this.permitSets.get(key);
    if (!s) this.permitSets.set(key, (s = compute()));
    return s;
  }

  /**
   * A value derived from run results and the topology's core (reachability.ts derivedFromRuns): the one stored
   * for the same core, key and inputs, else `compute()`, stored. Inputs are compared by identity.
   */
  derived<T>(topology: Topology, key: string, inputs: readonly object[], compute: () => T): T {
    this.fresh();
    const k = `${fingerprintOf(topology).core()}\u0000${key}`;
    const ids = inputs.map(objectId).join(',');
    const list = this.derivedValues.get(k) ?? [];
    const hit = list.find((d) => d.inputs === ids);
    if (hit) return hit.value as T;
    const value = compute();
    list.unshift({ inputs: ids, value });
    if (list.length > PER_KEY) list.length = PER_KEY;
    this.derivedValues.set(k, list);
    return value;
  }

  private permitSet = (acl: Pick<Acl, 'rules' | 'defaultAction'>): HeaderSet => {
    const key = aclContentKey(acl);
    let s = this.permitSets.get(key);
    if (!s) this.permitSets.set(key, (s = aclPermitSet(acl)));
    return s;
  };

  private store(list: Entry[], entry: Entry): void {
    list.unshift(entry);
    if (list.length > PER_KEY) list.length = PER_KEY;
  }

  private note(entry: Entry): void {
    for (const t of this.tracking) t.add(entry);
  }

  /**
   * For a run that cannot be reused whole on `topology`: a stored run of another topology that reads the same
   * nodes and segments and translated no address, and the injected headers the change can affect, i.e. those
   * it presented to a changed ACL where that ACL now decides them otherwise, or looked up in a changed routing
   * table where the decision changed. Without translation a presented header is the injected one, and every
   * other injected header meets the same decisions in both versions: its fate is the stored run's. Undefined
   * when no stored run qualifies.
   */
  partialReuse(topology: Topology, source: SymbolicSource, options: ReachabilityOptions): { result: ReachabilityResult; affected: HeaderSet } | undefined {
    this.fresh();
    const list = this.runs.get(runKey(source, options));
    if (!list) return undefined;
    const fp = fingerprintOf(topology);
    for (const e of list) {
      if (e.fp === fp || e.footprint.translated) continue;
      const affected = this.affected(e, fp);
      if (affected) return { result: e.result, affected };
    }
    return undefined;
  }

  /**
   * What run `e` read that differs on `fp`: for each changed ACL or routing table it consulted, the
   * headers it presented there and the headers that table now decides differently; `undefined` when a
   * node or segment it read changed, or a table it consulted is gone or new (no exact comparison).
   */
  private changedDecisions(e: Entry, fp: TopologyFingerprint): { presented: HeaderSet; delta: HeaderSet }[] | undefined {
    const old = e.fp;
    const f = e.footprint;
    for (const n of f.nodes) if (old.nodeCore(n) !== fp.nodeCore(n)) return undefined;
    for (const s of f.segments) if (old.segmentContext(s) !== fp.segmentContext(s)) return undefined;
    const out: { presented: HeaderSet; delta: HeaderSet }[] = [];
    for (const key of f.acls.keys()) {
      const [node, name] = splitKey(key);
      const a = old.aclContent(node, name);
      const b = fp.aclContent(node, name);
      if (a === b) continue;
      const before = old.acl(node, name);
      const after = fp.acl(node, name);
      if (!before || !after) return undefined;
      out.push({ presented: united(f.acls, key), delta: this.aclDelta(a as string, b as string, before, after) });
    }
    for (const key of f.routeLookups.keys()) {
      const [node, vrf] = splitKey(key);
      const a = old.routesContent(node, vrf);
      const b = fp.routesContent(node, vrf);
      if (a === b) continue;
      if (a === undefined || b === undefined) return undefined;
      out.push({ presented: united(f.routeLookups, key), delta: this.routeDelta(a, b, old, fp, node, vrf) });
    }
    return out;
  }

  /** Headers of run `e` that a change to `fp` meets; undefined when a node or segment it read changed. */
  private affected(e: Entry, fp: TopologyFingerprint): HeaderSet | undefined {
    const changed = this.changedDecisions(e, fp);
    return changed && HeaderSet.unionAll(changed.map((c) => c.presented.intersect(c.delta)));
  }

  private aclDelta(a: string, b: string, before: Acl, after: Acl): HeaderSet {
    const dk = `${a}\u0000${b}`;
    let delta = this.aclDeltas.get(dk);
    if (!delta) this.aclDeltas.set(dk, (delta = aclDecisionDelta(before, after, this.permitSet)));
    return delta;
  }

  private routeDelta(a: string, b: string, old: TopologyFingerprint, fp: TopologyFingerprint, node: string, vrf: string): HeaderSet {
    const dk = `${a}\u0000${b}`;
    let delta = this.routeDeltas.get(dk);
    if (!delta) this.routeDeltas.set(dk, (delta = routeDecisionDelta(old.routes(node, vrf), fp.routes(node, vrf))));
    return delta;
  }

  /** Whether a run stored for another topology computes the same result on `fp` (see the module note). */
  private reusable(e: Entry, fp: TopologyFingerprint): boolean {
    const changed = this.changedDecisions(e, fp);
    return changed !== undefined && changed.every((c) => c.delta.isEmpty() || !c.presented.overlaps(c.delta));
  }

  /**
   * Whether a run made while verifying one version is reusable when verifying `topology`: checked against
   * `topology` itself, or, for a run on a topology verification derived with withoutNodes, against the same
   * derivation of `topology`.
   */
  private reusableIn(e: Entry, topology: Topology): boolean {
    const derivation = derivationOf(e.fp.topology);
    const target = derivation ? this.derivedTopology(topology, derivation.without) : topology;
    const fp = fingerprintOf(target);
    return e.fp === fp || this.reusable(e, fp);
  }

  private readonly derivedTopologies = new WeakMap<Topology, Map<string, Topology>>();

  private derivedTopology(topology: Topology, without: ReadonlySet<string>): Topology {
    let byNames = this.derivedTopologies.get(topology);
    if (!byNames) this.derivedTopologies.set(topology, (byNames = new Map()));
    const key = JSON.stringify([...without].sort());
    let t = byNames.get(key);
    if (!t) byNames.set(key, (t = withoutNodes(topology, without)));
    return t;
  }

  /** Runs `fn` and returns, with its value, every stored run it used (looked up or computed). */
  track<T>(fn: () => T): { value: T; entries: Entry[] } {
    const set = new Set<Entry>();
    this.tracking.push(set);
    try {
      const value = fn();
      return { value, entries: [...set] };
    } finally {
      this.tracking.splice(this.tracking.indexOf(set), 1);
    }
  }

  /**
   * A verification report for `topology` (with the scenario identified by `scenarioKey`): one stored for
   * the same core and scenario whose every run is reusable on this topology, else `compute()` (run under
   * this cache, so its runs are reused where they can be). `reused` says which happened.
   */
  verification<R>(topology: Topology, scenarioKey: string, compute: () => R): { report: R; reused: boolean } {
    this.fresh();
    const fp = fingerprintOf(topology);
    const key = `${fp.core()}\u0000${scenarioKey}`;
    const list = this.verifications.get(key) ?? [];
    for (const v of list) {
      if (v.entries.every((e) => this.reusableIn(e, topology))) return { report: v.report as R, reused: true };
    }
    const { value, entries } = this.track(() => withReachabilityMemo(this, compute));
    list.unshift({ report: value, entries });
    if (list.length > PER_KEY) list.length = PER_KEY;
    this.verifications.set(key, list);
    return { report: value, reused: false };
  }
}
