/**
 * A witness packet as chain steps for the page: one step per hop of the simulator's trace, each with the
 * ACL decisions and routes that let the packet on, and the deciding rule where the trace ended.
 */
import { formatLocation } from '../../diagnostics/diagnostic.js';
import { formatHeader } from '../../engine/render.js';
import type { AclCheck, Hop, RouteUse, Trace } from '../../engine/trace.js';
import { formatIpv4, formatPrefix } from '../../net/ipv4.js';
import type { Topology } from '../../topology/model.js';
import type { Witness } from '../../verify/result.js';
import type { ChainStepData, RuleRef } from './page-data.js';
import { graphIdOf } from './topology-graph.js';

const REACHED = new Set(['delivered', 'exits-network', 'terminated-at-gateway']);

export function aclRule(node: string, a: AclCheck): RuleRef {
  const by = a.rule === undefined ? 'its default' : `rule ${a.rule}`;
  const vendor = a.ruleDescription === undefined ? '' : ` (${a.ruleDescription})`;
  return { text: `${node}: ACL ${a.acl} [${a.binding}] ${a.action}s by ${by}${vendor}`, location: a.location && formatLocation(a.location) };
}

function routeRule(node: string, r: RouteUse): RuleRef {
  return { text: `${node}: route ${formatPrefix(r.prefix)} ${r.origin} ${r.target} (VRF ${r.vrf})`, location: r.location && formatLocation(r.location) };
}

/** The trace a page draws for a witness: a branch that reaches where the engine said, else the first. */
export function chosenTrace(w: Witness): Trace | undefined {
  return w.traces.find((t) => REACHED.has(t.disposition) && t.at === w.expectedAt) ?? w.traces[0];
}

function egressSegment(topology: Topology, hop: Hop): string | undefined {
  if (hop.egress === undefined) return undefined;
  return topology.nodes.get(hop.node)?.interfaces.get(hop.egress)?.segment;
}

/** One step per hop to the next: from the hop's node to the next hop's node, with the node's own decisions. */
export function traceSteps(topology: Topology, trace: Trace): ChainStepData[] {
  const steps: ChainStepData[] = [];
  for (let i = 0; i + 1 < trace.hops.length; i++) {
    const hop = trace.hops[i] as Hop;
    const next = trace.hops[i + 1] as Hop;
    const segment = egressSegment(topology, hop);
    const out = hop.egress === undefined ? '' : ` out of ${hop.egress}${segment ? ` (${segment})` : ''}`;
    const nextHop = hop.nextHop === undefined ? '' : ` to ${formatIpv4(hop.nextHop)}`;
    steps.push({
      from: graphIdOf(topology, hop.node),
      to: graphIdOf(topology, next.node),
      text: `${hop.node} → ${next.node}${out}${nextHop}: ${formatHeader(hop.headerOut ?? hop.header)}`,
      rules: [...hop.routes.map((r) => routeRule(hop.node, r)), ...hop.acls.map((a) => aclRule(hop.node, a))],
    });
  }
  return steps;
}

/** The rule the simulator names as deciding the trace's fate, if any. */
export function decidingRule(trace: Trace): RuleRef | undefined {
  return trace.deciding && { text: trace.deciding.description, location: trace.deciding.location && formatLocation(trace.deciding.location) };
}

/** How the trace ends, and what decided it: the last node's own ACL checks and the trace's deciding rule. */
export function traceOutcome(trace: Trace): { outcome: string; deciding: RuleRef[] } {
  const last = trace.hops[trace.hops.length - 1];
  const deciding = last ? last.acls.map((a) => aclRule(last.node, a)) : [];
  const decided = decidingRule(trace);
  if (decided) deciding.push(decided);
  return { outcome: `${trace.disposition} at ${trace.at}: ${trace.reason}`, deciding };
}

/** The witness in words: header, start, chosen next hop, and whether the simulator confirms it. */
export function witnessLine(w: Witness): string {
  const start = `${w.start}${w.startInterface ? `.${w.startInterface}` : ''}`;
  const via = w.via ? ` via ${w.via} (the sender's choice of next hop)` : '';
  const confirmed = w.replayed ? `the simulator confirms it reaches ${w.expectedAt}` : `the simulator does not confirm arrival at ${w.expectedAt}`;
  return `witness: ${formatHeader(w.header)} from ${start}${via} — ${confirmed}`;
}
