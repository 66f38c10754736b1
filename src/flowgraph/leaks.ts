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

const MODE_BIT: Readonly<Record<Mode, number>> = { controlled: 1, upstream: 2, client: 4, 'upstream-pixels': 8, 'client-pixels': 16 };

function fires(mode: Mode, e: FlowEdge): boolean {
  switch (mode) {
    case 'controlled': return true;
    case 'upstream': return e.toward === 'upstream';
    case 'client': return e.toward === 'client';
    case 'upstream-pixels': return e.toward === 'upstream' && e.channel === 'pixels';
    case 'client-pixels': return e.toward === 'client' && e.channel === 'pixels';
  }
}

/**
 * The leak search. The same breadth-first search as findLeaksReference (its slow twin, which a property test
 * holds it to the same leaks and chains), without allocating per state or per edge: the states seen are a
 * bit set of modes per node, out-edges are tested in place, and `exempt` is asked once per edge (it is a
 * function of the edge; what it records, the exceptions used, is a set, so asking again adds nothing).
 */
export function findLeaks(flow: FlowGraph, query: LeakQuery): Leak[] {
  const allowed = query.allow;
  const allowSet = typeof allowed === 'function' ? undefined : new Set(allowed);
  const allows = (target: string, channel: ChannelKind) => (allowSet ? allowSet.has(channel) : (allowed as (t: string, c: ChannelKind) => boolean)(target, channel));
  const propagate = new Set(query.propagate);
  const exempt = query.exempt;
  const exemptMemo = exempt ? new Map<FlowEdge, boolean>() : undefined;
  const seen = new Map<string, number>();
  const leaks = new Map<string, Leak>();
  const queue: State[] = [];
  const push = (node: string, mode: Mode, via: FlowEdge | undefined, parent: State | undefined) => {
    const bits = seen.get(node) ?? 0;
    const bit = MODE_BIT[mode];
    if (bits & bit) return;
    seen.set(node, bits | bit);
    queue.push({ node, mode, via, parent });
  };
  for (const s of [...query.sources].sort()) push(s, 'controlled', undefined, undefined);

  for (let i = 0; i < queue.length; i++) {
    const state = queue[i] as State;
    const mode = state.mode;
    for (const edge of flow.outEdges(state.node)) {
      if (!fires(mode, edge)) continue;
      if (exempt) {
        let x = (exemptMemo as Map<FlowEdge, boolean>).get(edge);
        if (x === undefined) (exemptMemo as Map<FlowEdge, boolean>).set(edge, (x = exempt(edge)));
        if (x) continue;
      }
      const to = edge.to;
      if (query.sources.has(to)) continue;
      if (query.targets.has(to) && !leaks.has(to) && !allows(to, edge.channel)) {
        leaks.set(to, { source: rootOf(state), target: to, channel: edge.channel, chain: [...chainOf(state), edge] });
        if (query.maxLeaks !== undefined && leaks.size >= query.maxLeaks) return [...leaks.values()];
      }
      const info = flow.node(to);
      if (!info) continue;
      if (info.type === 'gateway') {
        if (propagate.has(edge.channel)) push(to, edge.toward, edge, state);
        else if (edge.channel === 'pixels') push(to, edge.toward === 'upstream' ? 'upstream-pixels' : 'client-pixels', edge, state);
      } else if (info.kind === 'host' && propagate.has(edge.channel)) {
        push(to, 'controlled', edge, state);
      }
    }
  }
  return [...leaks.values()];
}

/** The leak search as first written: a state object and a key string per push, a filtered edge list per state. */
export function findLeaksReference(flow: FlowGraph, query: LeakQuery): Leak[] {
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
