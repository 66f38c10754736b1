/**
 * The kernel's neighbour (ARP) table is one table for every namespace: its limit `gc_thresh3` (1024 by default,
 * settable only in the root namespace, which segproof never touches) counts the entries of all of them. When
 * more entries are created within a few seconds than the limit allows, the kernel refuses new ones ("neighbour
 * table overflow") and the packets waiting for them are lost: the kernel would seem to deny what it delivers.
 *
 * What fills the table is not the number of namespaces but the number of distinct (namespace, neighbour)
 * pairs that exchange packets at about the same time: every hop of a probe makes the sender learn its next hop
 * and the receiver learn the sender (from the ARP request). So the run bounds that: the simulator's trace of
 * each probe says which neighbour entries it needs, and probes are spread over rounds so that no round needs
 * more than a budget well under the limit (see run.ts `assignRounds`).
 */
import { readFileSync } from 'node:fs';
import { formatIpv4 } from '../net/ipv4.js';
import type { Forwarding } from '../engine/routing.js';
import { buildForwarding } from '../engine/routing.js';
import { traceFlow } from '../engine/simulate.js';
import type { Topology } from '../topology/model.js';
import { probeFlow } from './simulator.js';
import type { Probe } from './probe.js';

export const NEIGHBOUR_LIMIT_FILE = '/proc/sys/net/ipv4/neigh/default/gc_thresh3';
export const DEFAULT_NEIGHBOUR_LIMIT = 1024;

/** The kernel's neighbour-table limit, read (never written); the kernel default when it cannot be read. */
export function neighbourLimit(file = NEIGHBOUR_LIMIT_FILE): number {
  try {
    const value = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(value) && value > 0 ? value : DEFAULT_NEIGHBOUR_LIMIT;
  } catch {
    return DEFAULT_NEIGHBOUR_LIMIT;
  }
}

/**
 * Entries one round may need: half the limit, so a round plus the entries still fresh from the previous one
 * (the kernel cannot reclaim entries used in the last ~5 s) plus the root namespace's own stay under it.
 */
export function roundNeighbourBudget(limit = neighbourLimit()): number {
  return Math.max(16, Math.floor(limit / 2));
}

/** Neighbour entries a probe needs: `namespace-node|interface|address` for both ends of every hop. */
export type NeighbourNeeds = (probe: Probe) => readonly string[];

function interfaceAddress(topology: Topology, node: string, iface: string | undefined): number | undefined {
  return iface === undefined ? undefined : topology.nodes.get(node)?.interfaces.get(iface)?.address;
}

/**
 * From the simulator's trace (every ECMP branch). The kernel takes the same path as long as it agrees with the
 * simulator, which is what the run checks; replies reuse the same entries.
 */
export function neighbourNeeds(topology: Topology, forwarding: Forwarding = buildForwarding(topology)): NeighbourNeeds {
  return (probe) => {
    const keys = new Set<string>();
    for (const trace of traceFlow(topology, probeFlow(probe), { forwarding })) {
      trace.hops.forEach((hop, i) => {
        // Only hops the packet left by: a hop denied on its way out names an egress it never used.
        const next = trace.hops[i + 1];
        if (next === undefined || hop.egress === undefined || hop.nextHop === undefined) return;
        keys.add(`${hop.node}|${hop.egress}|${formatIpv4(hop.nextHop)}`);
        // The ARP request carries the sender's address: the probe's source where it starts, else the interface's.
        const sender = i === 0 ? hop.header.src : interfaceAddress(topology, hop.node, hop.egress);
        if (sender !== undefined) keys.add(`${next.node}|${next.ingress ?? '?'}|${formatIpv4(sender)}`);
      });
    }
    return [...keys];
  };
}

/** The kernel reclaims only entries unused for ~5 s (forced GC); a little more for safety. */
export const NEIGHBOUR_FRESH_MS = 6000;

/**
 * Spaces rounds in time so that the entries of the rounds that ended within NEIGHBOUR_FRESH_MS, plus the next
 * round's, stay within the budget. Entries shared between rounds are counted twice: the bound errs safe.
 */
export class NeighbourPacer {
  private readonly recent: { readonly endMs: number; readonly entries: number }[] = [];

  constructor(readonly budget: number) {}

  /** Milliseconds to wait at `nowMs` before a round needing `entries` starts (0: at once). */
  delayMs(entries: number, nowMs: number): number {
    const live = this.recent.filter((r) => nowMs - r.endMs < NEIGHBOUR_FRESH_MS).sort((a, b) => a.endMs - b.endMs);
    let total = live.reduce((n, r) => n + r.entries, entries);
    for (const r of live) {
      if (total <= this.budget) break;
      total -= r.entries;
      if (total <= this.budget) return r.endMs + NEIGHBOUR_FRESH_MS - nowMs;
    }
    return 0;
  }

  /** A round needing `entries` ended at `endMs`. */
  record(entries: number, endMs: number): void {
    this.recent.push({ endMs, entries });
    while (this.recent.length > 0 && endMs - (this.recent[0] as { endMs: number }).endMs >= NEIGHBOUR_FRESH_MS) this.recent.shift();
  }
}

/** Why a run cannot keep within the neighbour table, or undefined when it can (rounds split the rest). */
export function neighbourOverflow(probes: readonly Probe[], needs: NeighbourNeeds, namespaces: number, limit = neighbourLimit()): string | undefined {
  const budget = roundNeighbourBudget(limit);
  let worst: { probe: Probe; entries: number } | undefined;
  for (const probe of probes) {
    const entries = needs(probe).length;
    if (!worst || entries > worst.entries) worst = { probe, entries };
  }
  if (!worst || worst.entries <= budget) return undefined;
  return `probe #${worst.probe.id} alone needs ${worst.entries} neighbour (ARP) entries, more than the ${budget} a round may use: the kernel's neighbour table (gc_thresh3 = ${limit}) is shared by all ${namespaces} namespaces of the run`;
}
