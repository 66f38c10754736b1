/**
 * Leak search on the information-flow graph: breadth-first from the source nodes, which an attacker
 * is assumed to control. A host that receives a propagating channel (by default raw data or control)
 * is controlled in turn and acts with all of its own edges; a gateway passes on what it is driven
 * with, on the side it was driven towards (sanitised data it passes on stays sanitised data, whatever its
 * edges are named: a relay fed by a sanitiser forwards the sanitiser's output); external networks receive
 * but never relay (what they do with data is outside the model unless they are sources themselves). A leak is a target receiving a
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

/**
 * How a node in the search acts: controlled (a host, all of its edges); a gateway driven towards one side
 * (its edges on that side); driven only with pixels (pixels on that side); or driven with sanitised data
 * the search does not propagate (its data edges on that side, carrying sanitised data: a relay or proxy fed
 * a sanitiser's output forwards that output, still sanitised).
 */
type Mode = 'controlled' | 'upstream' | 'client' | 'upstream-pixels' | 'client-pixels' | 'upstream-sanitised' | 'client-sanitised';

/** Channels a gateway driven with sanitised data passes that data on over. */
const DATA_CHANNELS: ReadonlySet<ChannelKind> = new Set(['relayed-data', 'sanitised-data']);

/** The channel an edge fired in `mode` delivers: in a sanitised mode, sanitised data whatever the edge's own channel. */
function carried(mode: Mode, edge: FlowEdge): ChannelKind {
  return mode === 'upstream-sanitised' || mode === 'client-sanitised' ? 'sanitised-data' : edge.channel;
}

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

const MODE_BIT: Readonly<Record<Mode, number>> = { controlled: 1, upstream: 2, client: 4, 'upstream-pixels': 8, 'client-pixels': 16, 'upstream-sanitised': 32, 'client-sanitised': 64 };

/** The graph in numbers, built once per graph: node indexes, and per edge what the search tests. */
interface GraphIndex {
  readonly index: ReadonlyMap<string, number>;
  /** Per node index, its out-edges as edge numbers, in outEdges order. */
  readonly out: readonly (readonly number[])[];
  readonly edges: readonly FlowEdge[];
  readonly to: Int32Array;
  /** 1: the edge goes towards the upstream side. */
  readonly upstream: Uint8Array;
  /** 1: the channel is pixels. */
  readonly pixels: Uint8Array;
  /** 1: the channel carries data a gateway passes on (DATA_CHANNELS). */
  readonly data: Uint8Array;
  /** The receiving node: 0 not in the graph, 1 gateway, 2 host, 3 anything else. */
  readonly toType: Uint8Array;
}

const indexes = new WeakMap<FlowGraph, GraphIndex>();

function indexOf(flow: FlowGraph): GraphIndex {
  let x = indexes.get(flow);
  if (x) return x;
  const index = new Map<string, number>();
  const names: string[] = [];
  const idOf = (name: string) => {
    let i = index.get(name);
    if (i === undefined) {
      index.set(name, (i = names.length));
      names.push(name);
    }
    return i;
  };
  for (const e of flow.edges) {
    idOf(e.from);
    idOf(e.to);
  }
  const edges: FlowEdge[] = [];
  const out: number[][] = [];
  for (const name of names) {
    const list: number[] = [];
    for (const e of flow.outEdges(name)) {
      idOf(e.to);
      list.push(edges.length);
      edges.push(e);
    }
    out[index.get(name) as number] = list;
  }
  for (let i = out.length; i < names.length; i++) out.push([]);
  const to = new Int32Array(edges.length);
  const upstream = new Uint8Array(edges.length);
  const pixels = new Uint8Array(edges.length);
  const data = new Uint8Array(edges.length);
  const toType = new Uint8Array(edges.length);
  edges.forEach((e, k) => {
    to[k] = index.get(e.to) as number;
    upstream[k] = e.toward === 'upstream' ? 1 : 0;
    pixels[k] = e.channel === 'pixels' ? 1 : 0;
    data[k] = DATA_CHANNELS.has(e.channel) ? 1 : 0;
    const info = flow.node(e.to);
    toType[k] = info === undefined ? 0 : info.type === 'gateway' ? 1 : info.kind === 'host' ? 2 : 3;
  });
  x = { index, out, edges, to, upstream, pixels, data, toType };
  indexes.set(flow, x);
  return x;
}

/**
 * The leak search. The same breadth-first search as findLeaksReference (its slow twin, which a property test
 * holds it to the same leaks and chains), on the graph in numbers (indexOf, built once per graph): the states
 * seen are a bit set of modes per node, sources and targets are flags per node, out-edges are tested in
 * place, and `exempt` is asked once per edge (it is a function of the edge; what it records, the exceptions
 * used, is a set, so asking again adds nothing).
 */
export function findLeaks(flow: FlowGraph, query: LeakQuery): Leak[] {
  const g = indexOf(flow);
  const n = g.out.length;
  const allowed = query.allow;
  const allowSet = typeof allowed === 'function' ? undefined : new Set(allowed);
  const allows = (target: string, channel: ChannelKind) => (allowSet ? allowSet.has(channel) : (allowed as (t: string, c: ChannelKind) => boolean)(target, channel));
  const propagate = new Set(query.propagate);
  const exempt = query.exempt;
  // Per edge: 0 not asked yet, 1 not exempt, 2 exempt.
  const exemptMemo = exempt ? new Uint8Array(g.edges.length) : undefined;
  const isSource = new Uint8Array(n);
  const isTarget = new Uint8Array(n);
  for (const s of query.sources) {
    const i = g.index.get(s);
    if (i !== undefined) isSource[i] = 1;
  }
  for (const t of query.targets) {
    const i = g.index.get(t);
    if (i !== undefined) isTarget[i] = 1;
  }
  const seenBits = new Uint8Array(n);
  // Sources outside the graph have no edges: their states are seen by name.
  const seenOutside = new Set<string>();
  const leaks = new Map<string, Leak>();
  const queue: State[] = [];
  const nodeOf: number[] = [];
  const push = (node: string, i: number | undefined, mode: Mode, via: FlowEdge | undefined, parent: State | undefined) => {
    const bit = MODE_BIT[mode];
    if (i === undefined) {
      const key = `${node}\u0000${mode}`;
      if (seenOutside.has(key)) return;
      seenOutside.add(key);
    } else {
      if ((seenBits[i] as number) & bit) return;
      seenBits[i] = (seenBits[i] as number) | bit;
    }
    queue.push({ node, mode, via, parent });
    nodeOf.push(i ?? -1);
  };
  for (const s of [...query.sources].sort()) push(s, g.index.get(s), 'controlled', undefined, undefined);

  for (let q = 0; q < queue.length; q++) {
    const state = queue[q] as State;
    const from = nodeOf[q] as number;
    if (from < 0) continue;
    const mode = state.mode;
    for (const k of g.out[from] as readonly number[]) {
      switch (mode) {
        case 'controlled': break;
        case 'upstream': if (!g.upstream[k]) continue; break;
        case 'client': if (g.upstream[k]) continue; break;
        case 'upstream-pixels': if (!g.upstream[k] || !g.pixels[k]) continue; break;
        case 'client-pixels': if (g.upstream[k] || !g.pixels[k]) continue; break;
        case 'upstream-sanitised': if (!g.upstream[k] || !g.data[k]) continue; break;
        case 'client-sanitised': if (g.upstream[k] || !g.data[k]) continue; break;
      }
      const edge = g.edges[k] as FlowEdge;
      if (exemptMemo) {
        let x = exemptMemo[k] as number;
        if (x === 0) exemptMemo[k] = x = (exempt as (e: FlowEdge) => boolean)(edge) ? 2 : 1;
        if (x === 2) continue;
      }
      const to = g.to[k] as number;
      if (isSource[to]) continue;
      const channel = carried(mode, edge);
      if (isTarget[to] && !leaks.has(edge.to) && !allows(edge.to, channel)) {
        leaks.set(edge.to, { source: rootOf(state), target: edge.to, channel, chain: [...chainOf(state), edge] });
        if (query.maxLeaks !== undefined && leaks.size >= query.maxLeaks) return [...leaks.values()];
      }
      const type = g.toType[k] as number;
      if (type === 1) {
        if (propagate.has(channel)) push(edge.to, to, edge.toward, edge, state);
        else if (g.pixels[k]) push(edge.to, to, edge.toward === 'upstream' ? 'upstream-pixels' : 'client-pixels', edge, state);
        else if (channel === 'sanitised-data') push(edge.to, to, edge.toward === 'upstream' ? 'upstream-sanitised' : 'client-sanitised', edge, state);
      } else if (type === 2 && propagate.has(channel)) {
        push(edge.to, to, 'controlled', edge, state);
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
        case 'upstream-sanitised': return e.toward === 'upstream' && DATA_CHANNELS.has(e.channel);
        case 'client-sanitised': return e.toward === 'client' && DATA_CHANNELS.has(e.channel);
      }
      return false;
    });
    for (const edge of fired) {
      if (query.exempt?.(edge)) continue;
      if (query.sources.has(edge.to)) continue;
      const channel = carried(state.mode, edge);
      if (query.targets.has(edge.to) && !leaks.has(edge.to) && !allows(edge.to, channel)) {
        leaks.set(edge.to, { source: rootOf(state), target: edge.to, channel, chain: [...chainOf(state), edge] });
        if (query.maxLeaks !== undefined && leaks.size >= query.maxLeaks) return [...leaks.values()];
      }
      const info = kindOf(edge.to);
      if (!info) continue;
      const next = (mode: Mode) => push({ node: edge.to, mode, via: edge, parent: state });
      if (info.type === 'gateway') {
        if (propagate.has(channel)) next(edge.toward);
        else if (channel === 'pixels') next(`${edge.toward}-pixels`);
        else if (channel === 'sanitised-data') next(`${edge.toward}-sanitised`);
      } else if (info.kind === 'host' && propagate.has(channel)) {
        next('controlled');
      }
    }
  }
  return [...leaks.values()];
}
