/**
 * `reachable: {from, to, service}` — a business flow that must stay open: every host (or external
 * network) of `from` gets at least one packet of the service, sourced from each of its own addresses (every
 * terminal of a pool), to every host, gateway or external network of `to`. Each pair that cannot is a violation, shown with the
 * concrete trace of the packet a user would send and where it is dropped.
 */
import { formatIpv4 } from '../../net/ipv4.js';
import { formatService } from '../../net/ports.js';
import { addressSetField, servicesSet } from '../../symbolic/acl-set.js';
import { FIELDS, HeaderSet } from '../../symbolic/header-set.js';
import { computeReachability, type Arrival } from '../../symbolic/reachability.js';
import type { VerifyContext } from '../context.js';
import { isEndpointNode, nodeAddresses } from '../endpoints.js';
import type { Violation } from '../result.js';
import type { ReachableProperty } from '../scenario/model.js';
import { pickHeader, replay } from '../witness.js';
import type { LayerOutcome } from './isolated.js';

export function checkReachable(ctx: VerifyContext, p: Pick<ReachableProperty, 'from' | 'to' | 'services' | 'serviceText'>): LayerOutcome {
  const starts = p.from.members.filter(isEndpointNode);
  const targets = p.to.members.filter((n) => !starts.includes(n));
  const violations: Violation[] = [];
  let failing = 0;
  const notes = [`${starts.length} source node(s) × ${targets.length} target node(s) on ${p.services.map(formatService).join(', ')}`];
  for (const start of starts) {
    const headers = addressSetField('src', nodeAddresses(start)).intersect(servicesSet(p.services));
    const result = computeReachability(ctx.topology, { starts: [{ node: start.name }], headers });
    for (const target of targets) {
      const dst = addressSetField('dst', nodeAddresses(target));
      const arrival = result.delivered.get(target.name) ?? result.exits.get(target.name) ?? result.terminated.get(target.name);
      // Every address of the start gets through (a pool's terminals each need the flow, not one of them).
      if (arrival && !arrival.headers.intersect(dst).isEmpty() && everySourceArrives(arrival, headers)) continue;
      failing++;
      if (violations.length >= ctx.maxViolations) continue;
      // Show what happens to the packet a user would send: own address to the target's address.
      const header = pickHeader(headers.intersect(dst), start, target);
      const witness = header ? replay(ctx.topology, header, start.name, target.name, ctx.forwarding) : undefined;
      violations.push({
        summary: `${start.name} cannot reach ${target.name} on ${p.serviceText}${header ? ` (e.g. ${formatIpv4(header.src)} → ${formatIpv4(header.dst)})` : ''}, although the property requires it.`,
        witness,
        location: target.location,
      });
    }
  }
  if (failing > violations.length) notes.push(`${failing - violations.length} more unreachable pairs (not listed)`);
  if (starts.length === 0) notes.push('no host or external network in `from`: nothing to check');
  return { violations, exceptionsUsed: [], notes };
}

/** Whether every source address of `sent` has a header that arrives (as injected: before any NAT on the way). */
function everySourceArrives(arrival: Arrival, sent: HeaderSet): boolean {
  const sources = (h: HeaderSet) => FIELDS.filter((f) => f !== 'src').reduce((x, f) => x.forget(f), h);
  return sources(sent).isSubsetOf(sources(HeaderSet.unionAll([...arrival.origins.values()])));
}
