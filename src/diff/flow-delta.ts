/**
 * The information-flow delta: chains across gateways that appear or disappear between two versions.
 *
 * A chain is what the flow graph (flowgraph/graph.ts) lets one endpoint (a host or external network) cause
 * to arrive at another through at least one gateway: from the source every edge fires; a gateway passes on
 * what it is driven with on the side it was driven towards, as in the leak search (flowgraph/leaks.ts:
 * pixels only to where pixels go on); the chain ends at the first endpoint, which does not act on it (a
 * chain through a host taken over is two chains). The relation compared between versions is the set of
 * (source, target, arriving channel); each is shown with one shortest chain of its version.
 */
import type { ChannelKind } from '../flowgraph/channels.js';
import type { FlowEdge, FlowGraph } from '../flowgraph/graph.js';
import type { Topology } from '../topology/model.js';
import { CRITICAL_CLASSES, type ChainSummary } from './report.js';
import { nodeClasses } from './sources.js';

type Mode = 'controlled' | 'upstream' | 'client' | 'upstream-pixels' | 'client-pixels';

interface State {
  readonly node: string;
  readonly mode: Mode;
  readonly via: FlowEdge | undefined;
  readonly parent: State | undefined;
}

function fires(mode: Mode, e: FlowEdge): boolean {
  switch (mode) {
    case 'controlled':
      return true;
    case 'upstream':
      return e.toward === 'upstream';
    case 'client':
      return e.toward === 'client';
    case 'upstream-pixels':
      return e.toward === 'upstream' && e.channel === 'pixels';
    case 'client-pixels':
      return e.toward === 'client' && e.channel === 'pixels';
  }
}

/** A chain with its edges, keyed by `source ⇒ target (channel)`. */
export interface Chain {
  readonly source: string;
  readonly target: string;
  readonly channel: ChannelKind;
  readonly edges: readonly FlowEdge[];
}

export function chainKey(source: string, target: string, channel: string): string {
  return `${source} => ${target} (${channel})`;
}

/** Every (source, target, channel) that crosses at least one gateway, with a shortest chain each. */
export function gatewayChains(flow: FlowGraph): Map<string, Chain> {
  const out = new Map<string, Chain>();
  const sources = [...new Set(flow.edges.map((e) => e.from))].filter((n) => flow.node(n)?.type !== 'gateway' && flow.node(n) !== undefined).sort();
  for (const source of sources) {
    const seen = new Set<string>();
    const queue: State[] = [{ node: source, mode: 'controlled', via: undefined, parent: undefined }];
    seen.add(`${source}\u0000controlled`);
    for (let i = 0; i < queue.length; i++) {
      const state = queue[i] as State;
      const atGateway = state.mode !== 'controlled';
      for (const edge of flow.outEdges(state.node)) {
        if (!fires(state.mode, edge) || edge.to === source) continue;
        const info = flow.node(edge.to);
        if (!info) continue;
        if (info.type === 'gateway') {
          const mode: Mode = edge.channel === 'pixels' ? `${edge.toward}-pixels` : edge.toward;
          const key = `${edge.to}\u0000${mode}`;
          if (seen.has(key)) continue;
          seen.add(key);
          queue.push({ node: edge.to, mode, via: edge, parent: state });
        } else if (atGateway) {
          const key = chainKey(source, edge.to, edge.channel);
          if (out.has(key)) continue;
          const edges: FlowEdge[] = [edge];
          for (let s: State | undefined = state; s?.via; s = s.parent) edges.push(s.via);
          edges.reverse();
          out.set(key, { source, target: edge.to, channel: edge.channel, edges });
        }
      }
    }
  }
  return out;
}

export function summariseChain(topology: Topology, chain: Chain): ChainSummary {
  const cls = (name: string) => {
    const node = topology.nodes.get(name);
    return node ? nodeClasses(topology, node) : [];
  };
  const sourceClass = cls(chain.source);
  const targetClass = cls(chain.target);
  const gateways = chain.edges.slice(1).map((e) => e.from);
  return {
    key: chainKey(chain.source, chain.target, chain.channel),
    source: chain.source,
    target: chain.target,
    sourceClass,
    targetClass,
    channel: chain.channel,
    gateways,
    links: chain.edges.map((e) => ({ from: e.from, to: e.to, channel: e.channel, reply: e.reply, because: e.because })),
    critical: [...sourceClass, ...targetClass].some((c) => CRITICAL_CLASSES.includes(c)),
  };
}

function order(a: ChainSummary, b: ChainSummary): number {
  return Number(b.critical) - Number(a.critical) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

/** Chains of `after` that `before` lacks (appeared) and the reverse (disappeared). */
export function flowDelta(
  before: { topology: Topology; flow: FlowGraph } | undefined,
  after: { topology: Topology; flow: FlowGraph } | undefined,
): { appeared: ChainSummary[]; disappeared: ChainSummary[] } {
  const b = before ? gatewayChains(before.flow) : new Map<string, Chain>();
  const a = after ? gatewayChains(after.flow) : new Map<string, Chain>();
  const appeared = after ? [...a].filter(([k]) => !b.has(k)).map(([, c]) => summariseChain(after.topology, c)) : [];
  const disappeared = before ? [...b].filter(([k]) => !a.has(k)).map(([, c]) => summariseChain(before.topology, c)) : [];
  return { appeared: appeared.sort(order), disappeared: disappeared.sort(order) };
}
