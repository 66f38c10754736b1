/**
 * `only-via: {from, to, through}` — everything from `from` that arrives at `to` passes `through`. On the
 * packet layer the `through` nodes are taken out of the network: whatever the attacker behind `from`
 * (packet-reach.ts) still gets there bypasses them.
 * On the information-flow layer, the same question on the flow graph: a chain from `from` to `to` that
 * avoids every `through` node is a bypass.
 */
import type { VerifyContext } from '../context.js';
import { packetArrivals, senderExemptions } from '../packet-reach.js';
import type { Violation } from '../result.js';
import type { OnlyViaProperty, ScenarioException } from '../scenario/model.js';
import { attackerWitness } from '../witness.js';
import { findLeaks } from '../../flowgraph/leaks.js';
import { COMPROMISING } from '../../flowgraph/channels.js';
import { isEndpointNode } from '../endpoints.js';
import { HeaderSet } from '../../symbolic/header-set.js';
import { capital, chainSteps, edgeExempt, flowSendersOf, type LayerOutcome } from './isolated.js';
import { attackerFlowGraph } from '../matrix/attacker-flow-graph.js';

export function checkOnlyVia(ctx: VerifyContext, p: Pick<OnlyViaProperty, 'from' | 'to' | 'through' | 'services'>, applies: (e: ScenarioException) => boolean, flowLayer = true): LayerOutcome {
  const without = new Set(p.through);
  const { arrivals, exceptionsUsed } = packetArrivals(ctx.topology, p.from, p.to, { services: p.services, without, exempt: senderExemptions(ctx.topology, ctx.exceptions, applies) });
  const violations: Violation[] = [];
  for (const a of arrivals.slice(0, ctx.maxViolations)) {
    // Replayed on the real network: the witness shows the path that avoids `through`.
    const witness = attackerWitness(ctx.topology, a.origins, a.node.name, ctx.forwarding);
    violations.push({
      summary: `Packets from ${p.from.text} reach ${a.node.name} without passing ${p.through.join(', ')}: a path avoids every node they must go through.`,
      headerSummary: HeaderSet.unionAll([...a.origins.values()]).describe(12),
      witness,
      location: a.node.location,
    });
  }
  const notes: string[] = [];
  // The flow graph knows gateways and endpoints, not the routers a packet passes: only then is the question meaningful there.
  const graphNodes = flowLayer && p.through.every((n) => ctx.flowGraph.node(n) !== undefined);
  if (flowLayer && !graphNodes) notes.push('information-flow layer not checked: `through` names a router or firewall, which the flow graph does not contain');
  if (flowLayer && graphNodes) {
    const sources = flowSendersOf(ctx, p.from);
    const targets = new Set(p.to.members.filter(isEndpointNode).map((n) => n.name));
    const graph = attackerFlowGraph(ctx);
    const exempt = edgeExempt(ctx, applies, graph);
    const leaks = findLeaks(graph, {
      sources,
      targets,
      allow: ['pixels'],
      propagate: COMPROMISING,
      exempt: (e) => without.has(e.to) || without.has(e.from) || exempt.test(e),
    });
    exceptionsUsed.push(...[...exempt.used].filter((name) => !exceptionsUsed.includes(name)));
    for (const l of leaks.slice(0, Math.max(0, ctx.maxViolations - violations.length))) {
      // A one-step packet chain is the packet layer's finding; a reply is not an attacker's packet, so not shown there.
      if (l.chain.length === 1 && l.chain[0]?.channel === 'packet' && !l.chain[0].reply) continue;
      violations.push({
        summary: `${capital(l.channel)} from ${l.source} reaches ${l.target} avoiding ${p.through.join(', ')}: ${[l.chain[0]?.from, ...l.chain.map((e) => e.to)].join(' → ')}.`,
        chain: chainSteps(ctx, l.chain),
      });
    }
  }
  return { violations, exceptionsUsed, notes: arrivals.length > ctx.maxViolations ? [...notes, `${arrivals.length - ctx.maxViolations} more bypassing arrivals (not listed)`] : notes };
}
