/**
 * Comparing the kernel's verdict on each probe with the simulator's. The simulator is reached through a
 * verdict function, so any engine (or a hand-written expectation) can be checked against the kernel.
 *
 * The kernel verdict is where the probe was delivered locally (recorded by nftables in the destination
 * namespace, so return traffic plays no part, exactly like a one-way simulator trace); the agent's own outcome
 * (connected, refused, reply, timeout) is kept as evidence. A probe the kernel never got (its sender could not
 * bind its source address and port) has no kernel verdict: it is reported as not sent, with the reason, and is
 * neither an agreement nor a disagreement.
 */
import { formatProbe, type Probe } from './probe.js';

/** One simulator outcome; several when ECMP branches differ. */
export interface SimOutcome {
  /** delivered, exits-network or terminated-at-gateway. */
  readonly reached: boolean;
  /** Node where the trace ended. */
  readonly at: string;
  readonly disposition: string;
  /** One line: the deciding rule or reason. */
  readonly summary: string;
}

export type VerdictFunction = (probe: Probe) => readonly SimOutcome[];

export interface KernelVerdict {
  /** Nodes whose namespace received the probe (normally none or one). */
  readonly arrivedAt: readonly string[];
  /** What the sending agent saw: connected, refused, timeout, reply, no-reply, error:… */
  readonly agent: string;
  /** The recorded tuples, e.g. `10.0.0.5 tcp 40001 → 10.1.0.9 443 at lg-srv`. */
  readonly seen: readonly string[];
  /** Set when no packet left the sender, with the reason: then there is no kernel verdict. */
  readonly notSent?: string | undefined;
}

export interface Comparison {
  readonly probe: Probe;
  readonly unit: string;
  readonly sim: readonly SimOutcome[];
  readonly kernel: KernelVerdict;
  /** False for a probe not sent too (`kernel.notSent`), which is no disagreement either. */
  readonly agree: boolean;
  /** Kernel evidence for a disagreement: the nft rules whose counters the probe moved, per node. */
  readonly evidence?: readonly string[] | undefined;
}

export function kernelAgrees(sim: readonly SimOutcome[], kernel: KernelVerdict): boolean {
  if (kernel.notSent !== undefined || kernel.arrivedAt.length > 1) return false;
  const at = kernel.arrivedAt[0];
  if (at === undefined) return sim.some((o) => !o.reached);
  return sim.some((o) => o.reached && o.at === at);
}

export interface ComparisonSummary {
  readonly total: number;
  readonly agreements: number;
  readonly delivered: number;
  readonly disagreements: readonly Comparison[];
  /** Probes that could not be sent (no kernel verdict), with the reason in `kernel.notSent`. */
  readonly notSent: readonly Comparison[];
}

export function summarise(comparisons: readonly Comparison[]): ComparisonSummary {
  const notSent = comparisons.filter((c) => c.kernel.notSent !== undefined);
  const disagreements = comparisons.filter((c) => !c.agree && c.kernel.notSent === undefined);
  return {
    total: comparisons.length,
    agreements: comparisons.filter((c) => c.agree).length,
    delivered: comparisons.filter((c) => c.kernel.arrivedAt.length > 0).length,
    disagreements,
    notSent,
  };
}

function describeSim(sim: readonly SimOutcome[]): string {
  return sim.map((o) => `${o.disposition} at ${o.at}${o.summary ? ` (${o.summary})` : ''}`).join(' | ');
}

function describeKernel(k: KernelVerdict): string {
  if (k.notSent !== undefined) return `not sent (${k.notSent})`;
  const where = k.arrivedAt.length === 0 ? 'not delivered anywhere' : `delivered at ${k.arrivedAt.join(', ')}`;
  return `${where}; sender saw ${k.agent}`;
}

export function formatComparison(c: Comparison): string {
  const lines = [
    `${c.unit ? `[${c.unit}] ` : ''}${formatProbe(c.probe)}`,
    `  simulator: ${describeSim(c.sim)}`,
    `  kernel:    ${describeKernel(c.kernel)}`,
  ];
  for (const s of c.kernel.seen) lines.push(`    recorded ${s}`);
  for (const e of c.evidence ?? []) lines.push(`    ${e}`);
  return lines.join('\n');
}

/** One line for a probe that was not sent. */
export function formatNotSent(c: Comparison): string {
  return `${c.unit ? `[${c.unit}] ` : ''}${formatProbe(c.probe)}: not sent (${c.kernel.notSent ?? '?'})`;
}

export function formatSummary(s: ComparisonSummary): string {
  const unsent = s.notSent.length > 0 ? `, ${s.notSent.length} not sent` : '';
  const head = `${s.total} probes: ${s.agreements} agree, ${s.disagreements.length} disagree${unsent} (${s.delivered} delivered by the kernel)`;
  return [head, ...s.disagreements.map(formatComparison), ...s.notSent.map(formatNotSent)].join('\n');
}
