/** The simulator side of the comparison: the concrete engine's traces as a verdict function. */
import { isReached } from '../engine/disposition.js';
import type { Flow } from '../engine/flow.js';
import { buildForwarding } from '../engine/routing.js';
import { traceFlow } from '../engine/simulate.js';
import type { Trace } from '../engine/trace.js';
import type { Topology } from '../topology/model.js';
import type { SimOutcome, VerdictFunction } from './compare.js';
import type { Probe } from './probe.js';

export function probeFlow(probe: Probe): Flow {
  const { src, dst, protocol, srcPort, dstPort, icmpType, icmpCode } = probe;
  return { header: { src, dst, protocol, srcPort, dstPort, icmpType, icmpCode }, start: { type: 'node', node: probe.from } };
}

export function traceSummary(t: Trace): string {
  const path = t.hops.map((h) => h.node).join(' > ');
  const deciding = t.deciding ? `${t.deciding.policy}${t.deciding.rule ? `/${t.deciding.rule}` : ' default'}` : '';
  return [path, deciding, t.reason].filter((p) => p !== '').join('; ');
}

export function outcomeOf(t: Trace): SimOutcome {
  return { reached: isReached(t.disposition), at: t.at, disposition: t.disposition, summary: traceSummary(t) };
}

/** Verdicts from `traceFlow`, with the forwarding tables built once. */
export function simulatorVerdict(topology: Topology): VerdictFunction {
  const forwarding = buildForwarding(topology);
  return (probe) => traceFlow(topology, probeFlow(probe), { forwarding }).map(outcomeOf);
}
