/**
 * Leak search on the information-flow graph: breadth-first from the source nodes, which an attacker
 * is assumed to control. A host that receives a propagating channel (by default raw data or control)
 * is controlled in turn and acts with all of its own edges; a gateway passes on what it is driven
 * with, on the side it was driven towards; external networks receive but never relay (what they do
 * with data is outside the model unless they are sources themselves). A leak is a target receiving a
 * channel that is not allowed from a controlled node. Breadth-first order makes each reported chain a
 * shortest one.
 */
import type { ChannelKind } from './channels.js';
import type { FlowEdge, FlowGraph } from './graph.js';

export interface LeakQuery {
  readonly sources: ReadonlySet<string>;
  readonly targets: ReadonlySet<string>;
  /** Channels that may arrive at a target: one list for all, or per target (several questions in one search). */
  readonly allow: readonly ChannelKind[] | ((target: string, channel: ChannelKind) => boolean);
  /** Channels that make a receiving host (or gateway) act onward. */
  readonly propagate: readonly ChannelKind[];
  /** Edges taken out by declared exceptions. */
  readonly exempt?: ((edge: FlowEdge) => boolean) | undefined;
  /** Stop after this many leaking targets. */
  readonly maxLeaks?: number | undefined;
}

export interface Leak {
  readonly source: string;
  readonly target: string;
  readonly channel: ChannelKind;
  /** Edges from a source to the target, in order. */
  readonly chain: readonly FlowEdge[];
}

type Mode = 'controlled' | 'upstream' | 'client' | 'upstream-pixels' | 'client-pixels';

interface State {
  readonly node: string;
  readonly mode: Mode;
  readonly via: FlowEdge | undefined;
  readonly parent: State | undefined;
}

function chainOf(state: State): FlowEdge[] {
  const out: FlowEdge[] = [];
  for (let s: State | undefined = state; s?.via; s = s.parent) out.push(s.via);
  return out.reverse();
}

function rootOf(state: State): string {
  let s = state;
  while (s.parent) s = s.parent;
  return s.node;
}

export function findLeaks(flow: FlowGraph, query: LeakQuery): Leak[] {
  const allowed = query.allow;
  const allowSet = typeof allowed === 'function' ? undefined : new Set(allowed);
  const allows = (target: string, channel: ChannelKind) => (allowSet ? allowSet.has(channel) : (allowed as (t: string, c: ChannelKind) => boolean)(target, channel));
  const propagate = new Set(query.propagate);
  const seen = new Set<string>();
  const leaks = new Map<string, Leak>();
  const queue: State[] = [];
  const push = (s: State) => {
    const key = `${s.node}\u0000${s.mode}`;
    if (seen.has(key)) return;
    seen.add(key);
    queue.push(s);
  };
  for (const s of [...query.sources].sort()) push({ node: s, mode: 'controlled', via: undefined, parent: undefined });
  const kindOf = (name: string) => flow.node(name);

  for (let i = 0; i < queue.length; i++) {
    const state = queue[i] as State;
    const fired = flow.outEdges(state.node).filter((e) => {
      switch (state.mode) {
        case 'controlled': return true;
        case 'upstream': return e.toward === 'upstream';
        case 'client': return e.toward === 'client';
        case 'upstream-pixels': return e.toward === 'upstream' && e.channel === 'pixels';
        case 'client-pixels': return e.toward === 'client' && e.channel === 'pixels';
      }
      return false;
    });
    for (const edge of fired) {
      if (query.exempt?.(edge)) continue;
      if (query.sources.has(edge.to)) continue;
      if (query.targets.has(edge.to) && !leaks.has(edge.to) && !allows(edge.to, edge.channel)) {
        leaks.set(edge.to, { source: rootOf(state), target: edge.to, channel: edge.channel, chain: [...chainOf(state), edge] });
        if (query.maxLeaks !== undefined && leaks.size >= query.maxLeaks) return [...leaks.values()];
      }
      const info = kindOf(edge.to);
      if (!info) continue;
      const next = (mode: Mode) => push({ node: edge.to, mode, via: edge, parent: state });
      if (info.type === 'gateway') {
        if (propagate.has(edge.channel)) next(edge.toward);
        else if (edge.channel === 'pixels') next(`${edge.toward}-pixels`);
      } else if (info.kind === 'host' && propagate.has(edge.channel)) {
        next('controlled');
      }
    }
  }
  return [...leaks.values()];
}
