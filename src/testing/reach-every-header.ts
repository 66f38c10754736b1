/**
 * `toReach(from, to, service)`, exactly: every header of the service that a member of `from` sends from its
 * own addresses to the addresses of a member of `to` arrives there (delivered, exits the network, or is
 * accepted by a gateway). Stricter than the scenario's `reachable` (at least one packet per pair): the part
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

/** The destinations that count as arriving at `target`. */
function targetDestinations(topology: Topology, target: TopologyNode): HeaderSet {
  const own = addressSetField('dst', nodeAddresses(target));
  if (target.kind !== 'external') return own;
  let inside = HeaderSet.EMPTY;
  for (const s of topology.segments.values()) inside = inside.union(HeaderSet.box({ dst: [[prefixFirst(s.prefix), prefixLast(s.prefix)]] }));
  for (const n of topology.nodes.values()) if (n !== target) inside = inside.union(addressSetField('dst', nodeAddresses(n)));
  const outside = own.minus(inside);
  // An external that owns only addresses inside the topology (a subnet stand-in) keeps them.
  return outside.isEmpty() ? own : outside;
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
      const wanted = sent.intersect(targetDestinations(ctx.topology, target));
      if (wanted.isEmpty()) continue;
      let arrived = HeaderSet.EMPTY;
      for (const arrivals of [result.delivered, result.exits, result.terminated]) {
        const a = arrivals.get(target.name);
        if (a) arrived = arrived.union(originsOfNode(a, start.name));
      }
      const missing = wanted.minus(arrived);
      if (missing.isEmpty()) continue;
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
  const notes = [`${starts.length} sender(s) × ${targets.length} target(s) on ${services.map(formatService).join(', ')}, every header from each sender's own addresses`];
  if (failing > violations.length) notes.push(`${failing - violations.length} more pairs miss headers (not listed)`);
  return { violations, notes, pairs: starts.length * targets.length };
}
