/**
 * Per-source reach for `readdress check` with one full symbolic run per group of hosts that send alike
 * (symbolic/reachability.ts senderKey: same segments, VRFs, MACs, routes and identity), as the flow graph
 * groups its senders; the slow twin is one run per source (diff/sources.ts sourceReach).
 *
 * Why a member's reach follows from its representative's. A host start injects I (every well-formed header)
 * and delivers I ∩ D_self to itself (D_x: headers to x's own addresses); it propagates the rest from its
 * interfaces, its routes and (attacker) any forwarder on its segments. Members of a group do all of that
 * alike, so a header both propagate has the same fate from either, and the engine lifts per-header
 * semantics to sets (with exact origins every injected header that reaches a destination is credited), so
 * fates of disjoint injections add up. Representative A propagates I − D_A, member B propagates
 * (I − D_A − D_B) ∪ (I ∩ D_A − D_B); hence, for every destination X other than B,
 *     reach_B[X] = (reach_A[X] − D_A − D_B) ∪ small_B[X]
 * where reach_A[X] is what A's run credits to A at X (at A itself too) and small_B is B's own run on
 * I ∩ D_A − D_B only (its packets to A's addresses: a handful of steps). A property test holds this to
 * one run per source on random topologies.
 */
import { isGatewayKind } from '../engine/kinds.js';
import { addressSetField } from '../symbolic/acl-set.js';
import { HeaderSet, WELL_FORMED } from '../symbolic/header-set.js';
import { computeReachability, originsOfNode, senderKey, type ReachabilityResult } from '../symbolic/reachability.js';
import type { Topology } from '../topology/model.js';
import { nodeAddresses } from '../verify/endpoints.js';
import { sourceReach, type DiffSource } from '../diff/sources.js';

/** Destination → the injected headers of one source that reach it (the source itself left out, as diff does). */
export type ReachHeaders = ReadonlyMap<string, HeaderSet>;

const ALL = HeaderSet.ALL.intersect(WELL_FORMED);

/** Headers credited to start node `name` at every destination of a run (itself included). */
function credited(result: ReachabilityResult, name: string): Map<string, HeaderSet> {
  const out = new Map<string, HeaderSet>();
  for (const map of [result.delivered, result.exits, result.terminated]) {
    for (const [dest, arrival] of map) {
      const mine = originsOfNode(arrival, name);
      if (!mine.isEmpty()) out.set(dest, (out.get(dest) ?? HeaderSet.EMPTY).union(mine));
    }
  }
  return out;
}

function run(topology: Topology, source: DiffSource, headers: HeaderSet): ReachabilityResult {
  return computeReachability(topology, { starts: [source.start], headers }, { anyNextHop: source.anyNextHop, exactOrigins: true });
}

/** The slow twin's answer for one source, as header sets. */
export function reachHeadersOne(topology: Topology, source: DiffSource): ReachHeaders {
  return new Map([...sourceReach(topology, source).arrivals].map(([dest, a]) => [dest, a.headers]));
}

/** A host source that sends as the attacker (any source address, any next hop), so it may share a group run. */
function groupable(topology: Topology, source: DiffSource): boolean {
  const node = topology.nodes.get(source.name);
  return source.kind !== 'segment' && node?.kind === 'host' && !isGatewayKind(node) && source.anyNextHop && source.from === undefined && 'node' in source.start && source.start.interface === undefined;
}

/**
 * Reach of every source, one full run per group of alike hosts (plus a small run per other member) and one
 * per other source. `onError` hears of a source whose run failed (it is then absent from the answer).
 */
export function groupedReach(topology: Topology, sources: readonly DiffSource[], onError: (source: DiffSource, error: unknown) => void): Map<string, ReachHeaders> {
  const out = new Map<string, ReachHeaders>();
  const groups = new Map<string, DiffSource[]>();
  for (const s of sources) {
    if (!groupable(topology, s)) {
      try {
        out.set(s.key, reachHeadersOne(topology, s));
      } catch (error) {
        onError(s, error);
      }
      continue;
    }
    const node = topology.nodes.get(s.name);
    const key = `${s.kind}\u0000${senderKey(node as NonNullable<typeof node>)}`;
    const list = groups.get(key);
    if (list) list.push(s);
    else groups.set(key, [s]);
  }
  for (const members of groups.values()) {
    const rep = members[0] as DiffSource;
    let repReach: Map<string, HeaderSet>;
    try {
      repReach = credited(run(topology, rep, ALL), rep.name);
    } catch (error) {
      for (const m of members) onError(m, error);
      continue;
    }
    const dstOf = (s: DiffSource) => addressSetField('dst', nodeAddresses(topology.nodes.get(s.name) as NonNullable<ReturnType<Topology['nodes']['get']>>));
    const dRep = dstOf(rep);
    for (const m of members) {
      if (m === rep) {
        const own = new Map(repReach);
        own.delete(rep.name);
        out.set(m.key, own);
        continue;
      }
      try {
        const dMember = dstOf(m);
        const gone = dRep.union(dMember);
        const small = credited(run(topology, m, ALL.intersect(dRep).minus(dMember)), m.name);
        const reach = new Map<string, HeaderSet>();
        for (const dest of new Set([...repReach.keys(), ...small.keys()])) {
          if (dest === m.name) continue;
          const fromRep = repReach.get(dest);
          const shared = fromRep === undefined || !fromRep.overlaps(gone) ? fromRep : fromRep.minus(gone);
          const mine = small.get(dest);
          const headers = shared === undefined ? mine : mine === undefined ? shared : shared.union(mine);
          if (headers !== undefined && !headers.isEmpty()) reach.set(dest, headers);
        }
        out.set(m.key, reach);
      } catch (error) {
        onError(m, error);
      }
    }
  }
  return out;
}
