/**
 * `toReach(from, to, service)`, exactly: every header of the service that a member of `from` sends from its
 * own addresses to an address of a member of `to` arrives there (delivered, exits the network, or is
 * accepted by a gateway); a member with several interfaces counts as reached when every header to one of
 * them arrives (a gateway is reached on its near side). Stricter than the scenario's `reachable` (at least one packet per pair): the part
 * that does not arrive is computed as a set, summarised, and one packet of it traced with the simulator.
 *
 * Senders follow their own routes (a business flow, not the attacker). An external network as a target
 * stands for the addresses it owns outside the topology's segments and other nodes (the Internet owns
 * 0.0.0.0/0, but a packet to 10.10.10.11 is not one for the Internet).
 */
import { prefixFirst, prefixLast } from '../net/ipv4.js';
import { formatService, type ServiceMatch } from '../net/ports.js';
import { addressSetField, servicesSet } from '../symbolic/acl-set.js';
import { HeaderSet, WELL_FORMED } from '../symbolic/header-set.js';
import { computeReachability, originsOfNode } from '../symbolic/reachability.js';
import { addressSetFromRanges } from '../net/address-set.js';
import { interfaceRange } from '../engine/routing.js';
import type { Topology, TopologyNode } from '../topology/model.js';
import type { VerifyContext } from '../verify/context.js';
import { isEndpointNode, nodeAddresses, type Endpoint } from '../verify/endpoints.js';
import type { Violation } from '../verify/result.js';
import { pickHeader, replay } from '../verify/witness.js';

export interface EveryHeaderOutcome {
  readonly violations: Violation[];
  readonly notes: string[];
  /** Sender × target pairs checked. */
  readonly pairs: number;
}

/**
 * The destinations that count as arriving at `target`, one set per address it can be reached on: each
 * interface (a pool's members together), and for an external network what it owns outside the topology.
 */
function targetDestinations(topology: Topology, target: TopologyNode): HeaderSet[] {
  if (target.kind !== 'external') {
    const ranges = [...target.interfaces.values()].map((i) => interfaceRange(target, i)).filter((r) => r !== undefined);
    return ranges.map((r) => addressSetField('dst', addressSetFromRanges([r])));
  }
  const own = addressSetField('dst', nodeAddresses(target));
  let inside = HeaderSet.EMPTY;
  for (const s of topology.segments.values()) inside = inside.union(HeaderSet.box({ dst: [[prefixFirst(s.prefix), prefixLast(s.prefix)]] }));
  for (const n of topology.nodes.values()) if (n !== target) inside = inside.union(addressSetField('dst', nodeAddresses(n)));
  const outside = own.minus(inside);
  // An external that owns only addresses inside the topology (a subnet stand-in) keeps them.
  return [outside.isEmpty() ? own : outside];
}

export function checkEveryHeaderReaches(ctx: VerifyContext, from: Endpoint, to: Endpoint, services: readonly ServiceMatch[], maxViolations: number): EveryHeaderOutcome {
  const starts = from.members.filter(isEndpointNode);
  const targets = to.members.filter((n) => !starts.includes(n));
  const service = servicesSet(services).intersect(WELL_FORMED);
  const violations: Violation[] = [];
  let failing = 0;
  for (const start of starts) {
    const sent = addressSetField('src', nodeAddresses(start)).intersect(service);
    const result = computeReachability(ctx.topology, { starts: [{ node: start.name }], headers: sent }, { exactOrigins: true });
    for (const target of targets) {
      let arrived = HeaderSet.EMPTY;
      for (const arrivals of [result.delivered, result.exits, result.terminated]) {
        const a = arrivals.get(target.name);
        if (a) arrived = arrived.union(originsOfNode(a, start.name));
      }
      // Reached when every header to one of its addresses arrives (a gateway is used on its near side);
      // otherwise the address that misses least is shown.
      const gaps = targetDestinations(ctx.topology, target)
        .map((dst) => sent.intersect(dst))
        .filter((wanted) => !wanted.isEmpty())
        .map((wanted) => ({ wanted, missing: wanted.minus(arrived) }))
        .sort((x, y) => x.missing.size() - y.missing.size());
      const closest = gaps[0];
      if (closest === undefined || closest.missing.isEmpty()) continue;
      const { wanted, missing } = closest;
      failing++;
      if (violations.length >= maxViolations) continue;
      const header = pickHeader(missing, start, target);
      const all = missing.equals(wanted);
      violations.push({
        summary: `${all ? 'No' : 'Part of the'} ${services.map(formatService).join(', ')} traffic from ${start.name} arrives at ${target.name}${all ? '' : ': these headers do not'}.`,
        headerSummary: missing.describe(12),
        witness: header ? replay(ctx.topology, header, start.name, target.name, ctx.forwarding) : undefined,
        location: target.location,
      });
    }
  }
  const notes = [`${starts.length} sender(s) × ${targets.length} target(s) on ${services.map(formatService).join(', ')}, every header from each sender's own addresses to one address of each target`];
  if (failing > violations.length) notes.push(`${failing - violations.length} more pairs miss headers (not listed)`);
  return { violations, notes, pairs: starts.length * targets.length };
}
