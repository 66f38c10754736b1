/**
 * Checks the separation matrix of a model on a topology, exhaustively, under the attacker of attacker.ts.
 * Packet layer: one symbolic run per source class (every attacker start at once, any source address, any
 * next hop), whose arrivals are sorted into the cells of the classes they reach; a `through` cell takes its
 * nodes out of the network and reports whatever still arrives. Information-flow layer: the leak search of
 * flowgraph/leaks.ts per cell, on the flow graph with the Internet side's unlisted devices added as senders
 * (attacker-flow-graph.ts). Findings are filed under the cell's views.
 */
import { COMPROMISING, RAW_DATA, type ChannelKind } from '../../flowgraph/channels.js';
import { gatewaySessionSource, type FlowEdge } from '../../flowgraph/graph.js';
import { findLeaks, findLeaksReference, type Leak } from '../../flowgraph/leaks.js';
import { formatIpv4 } from '../../net/ipv4.js';
import { HeaderSet, WELL_FORMED } from '../../symbolic/header-set.js';
import { parseStartKey, unlistedDevice, unlistedSegment, type Arrival } from '../../symbolic/reachability.js';
import type { Segment, SegmentationModel, Topology, TopologyNode, ZoneClass } from '../../topology/model.js';
import type { VerifyContext } from '../context.js';
import { isGateway, namedNodes } from '../endpoints.js';
import { creditedArrivals, senderExemptions, withoutNodes } from '../packet-reach.js';
import { capital, chainSteps, edgeExempt } from '../properties/isolated.js';
import type { Violation } from '../result.js';
import type { ScenarioException } from '../scenario/model.js';
import { attackerWitness, capabilities, unlistedDeviceCapability } from '../witness.js';
import { attackerEndpoints, attackerStarts, classesOf, isDevice, unlistedDeviceSegments } from './attacker.js';
import { attackerFlowGraph } from './attacker-flow-graph.js';
import { matrixCells, type Cell, type FlowRule } from './cells.js';

export interface ViewOutcome {
  readonly violations: Violation[];
  /** Violations found beyond those listed. */
  unlisted: number;
  readonly exceptionsUsed: Set<string>;
  /** Cells of the view that apply to this topology (both classes present). */
  readonly cells: Cell[];
  /** IDs of the cells with a finding filed under this view. */
  readonly violatedCells: Set<string>;
  /** Per cell ID: the findings filed under this view (all of them, listed or not) and how many of them are listed. */
  readonly cellCounts: Map<string, { violations: number; listed: number }>;
}

export interface MatrixOutcome {
  readonly views: ReadonlyMap<string, ViewOutcome>;
  /** Cells of the model whose classes are not both in the topology. */
  readonly absent: readonly Cell[];
}

const classOfZone = (t: Topology, zone: string): ZoneClass | undefined => t.zones.get(zone)?.class;

/**
 * Whether an exception counts in a cell's check on one layer: one that names the cell or one of its views on
 * that layer does. One that names no check counts everywhere on the packet layer (it exempts only what its
 * senders send); on the information-flow layer only in cells whose source class holds one of its senders:
 * an approved LG → MN push carries LG data, and must not carry the Internet's files (landed on the LG file
 * server after sanitising) into MN unnoticed in the INET → MN search. MN and MN_GC count as one area here.
 * Without a named sender it counts everywhere.
 */
function appliesTo(ctx: VerifyContext, cell: Cell, layer: Layer): (e: ScenarioException) => boolean {
  const views = viewsOf(cell, layer);
  return (e) => {
    if (e.appliesTo !== undefined) return e.appliesTo.some((id) => id === cell.id || views.includes(id));
    if (layer === 'packet' || e.from.members.length === 0) return true;
    // An MN connector's approved flow carries MN_GC data too.
    const area: readonly ZoneClass[] = cell.from === 'MN' || cell.from === 'MN_GC' ? ['MN', 'MN_GC'] : [cell.from];
    return e.from.members.some((n) => area.some((c) => classesOf(ctx.topology, n).has(c)));
  };
}

function propagateOf(rule: FlowRule): ChannelKind[] {
  // Into MN even a sanitised object is data from outside: it carries on like raw data (F3, docs/guideline-basis.md#b-mn-isolation).
  return rule.propagate === 'raw-data' ? [...RAW_DATA] : [...COMPROMISING, 'sanitised-data'];
}

/**
 * Relays and mail relays whose onward data the rule lets through (relayed whole or text-ized) into the
 * Internet segment: declared `carries` within the rule's content, and nobody of the source class able to
 * feed them with a forged source (a host impersonating an allowed source on the relay's allow list makes
 * the relay carry whatever that host holds; a forger of another class holds none of this class's data).
 */
function relayMayCarry(ctx: VerifyContext, rule: FlowRule, cls: ZoneClass): (edge: FlowEdge) => boolean {
  const topology = ctx.topology;
  return (edge) => {
    // A mail relay that text-izes what it carries sends it on as sanitised data: no worse than relaying it whole.
    if (rule.relayContent === undefined || (edge.channel !== 'relayed-data' && edge.channel !== 'sanitised-data')) return false;
    const gw = topology.nodes.get(edge.from);
    if (!gw || (gw.kind !== 'relay' && gw.kind !== 'mail-relay')) return false;
    // The relays of the LG → INET cell hand data to the Internet segment; one that delivers straight to the
    // Internet, the security cloud or LGWAN skips it (the other cells allow only what goes that way).
    const receiver = topology.nodes.get(edge.to);
    if (!receiver || !classesOf(topology, receiver).has('INET')) return false;
    if (impersonators(ctx, gw.name, cls).length > 0) return false;
    if (rule.relayContent === 'any') return true;
    const listed = rule.relayContent;
    return gw.carries !== undefined && gw.carries.every((c) => listed.includes(c));
  };
}

/** Nodes of a class that reach a gateway only with a forged source address (flow-graph edges marked forged). */
function impersonators(ctx: VerifyContext, gateway: string, cls: ZoneClass): string[] {
  const ofClass = (name: string) => {
    const node = ctx.topology.nodes.get(name);
    const segment = node ? undefined : ctx.topology.segments.get(unlistedSegment(name) ?? '');
    return node ? classesOf(ctx.topology, node).has(cls) : segment !== undefined && ctx.topology.zones.get(segment.zone)?.class === cls;
  };
  return ctx.once(`impersonators:${gateway}:${cls}`, () => attackerFlowGraph(ctx).edges.filter((e) => e.to === gateway && e.forged && !e.reply && ofClass(e.from)).map((e) => e.from));
}

/** The senders of the information-flow layer for a class: its hosts and external networks, and its unlisted devices with an edge. */
function flowSources(ctx: VerifyContext, cls: ZoneClass): Set<string> {
  const graph = attackerFlowGraph(ctx);
  const devices = unlistedDeviceSegments(ctx.topology, cls).map((s) => unlistedDevice(s.name)).filter((n) => graph.outEdges(n).length > 0);
  return new Set([...attackerEndpoints(ctx.topology, cls), ...devices]);
}

/** What a target is, in words, for a violation. */
function describeTarget(topology: Topology, node: TopologyNode, dst: number | undefined): string {
  const zone = `zone ${node.zone}`;
  if (isDevice(node)) return `${node.name} (${node.kind}, a network device of ${[...classesOf(topology, node)].join('/')}${dst === undefined ? '' : `, on its own address ${formatIpv4(dst)}`})`;
  return `${node.name} (${node.kind}, ${zone})`;
}

class Findings {
  readonly views = new Map<string, ViewOutcome>();
  constructor(
    readonly ctx: VerifyContext,
    cells: readonly Cell[],
  ) {
    for (const c of cells) {
      for (const v of c.views) {
        const o = this.views.get(v) ?? { violations: [], unlisted: 0, exceptionsUsed: new Set<string>(), cells: [], violatedCells: new Set<string>(), cellCounts: new Map<string, { violations: number; listed: number }>() };
        o.cells.push(c);
        this.views.set(v, o);
      }
    }
  }

  /** Files a finding under the cell's views of one layer (R/Z: packet, F: information flow). */
  add(cell: Cell, layer: Layer, make: () => Violation): void {
    let made: Violation | undefined;
    for (const v of viewsOf(cell, layer)) {
      const o = this.views.get(v) as ViewOutcome;
      o.violatedCells.add(cell.id);
      const count = o.cellCounts.get(cell.id) ?? { violations: 0, listed: 0 };
      count.violations++;
      o.cellCounts.set(cell.id, count);
      if (o.violations.length >= this.ctx.maxViolations) o.unlisted++;
      else {
        o.violations.push((made ??= make()));
        count.listed++;
      }
    }
  }

  used(cell: Cell, layer: Layer, names: Iterable<string>): void {
    for (const v of viewsOf(cell, layer)) for (const n of names) this.views.get(v)?.exceptionsUsed.add(n);
  }
}

type Layer = 'packet' | 'flow';

function viewsOf(cell: Cell, layer: Layer): string[] {
  return cell.views.filter((v) => (layer === 'flow') === v.startsWith('F'));
}

export function checkMatrix(ctx: VerifyContext, model: SegmentationModel): MatrixOutcome {
  return ctx.once(`matrix:${model}`, () => computeMatrix(ctx, model));
}

function computeMatrix(ctx: VerifyContext, model: SegmentationModel): MatrixOutcome {
  const topology = ctx.topology;
  const present = new Set([...topology.zones.values()].map((z) => z.class));
  const all = matrixCells(model);
  const cells = all.filter((c) => present.has(c.from) && present.has(c.to));
  const findings = new Findings(ctx, cells);
  const injected = HeaderSet.ALL.intersect(WELL_FORMED);

  for (const from of new Set(cells.map((c) => c.from))) {
    const senders = exceptionSenders(ctx);
    const starts = attackerStarts(topology, from, senders);
    if (starts.length === 0) continue;
    // Exception senders and nodes of another class too (whose packets to themselves do not count) are credited exactly.
    const alone = new Set([...senders, ...starts.flatMap((s) => ('node' in s && [...classesOf(topology, topology.nodes.get(s.node) as TopologyNode)].some((c) => c !== from) ? [s.node] : []))]);
    const mine = cells.filter((c) => c.from === from);
    const guarded = mine.filter((c) => c.packet.kind === 'none' || c.packet.kind === 'gateways');
    if (guarded.length > 0) {
      const result = creditedArrivals(topology, starts, alone, injected, { anyNextHop: true, drops: ctx.reference });
      const arrivals: [string, Arrival, boolean][] = [
        ...[...result.delivered, ...result.exits].map(([n, a]) => [n, a, false] as [string, Arrival, boolean]),
        ...[...result.terminated].map(([n, a]) => [n, a, true] as [string, Arrival, boolean]),
      ];
      for (const [name, arrival, terminated] of arrivals) {
        const node = topology.nodes.get(name);
        if (!node) continue;
        const targetClasses = classesOf(topology, node);
        for (const cell of guarded) {
          if (!targetClasses.has(cell.to)) continue;
          if (cell.packet.kind === 'gateways' && terminated && (cell.packet.gateways as readonly string[]).includes(node.kind)) continue;
          reportArrival(ctx, findings, cell, node, arrival);
        }
      }
    }
    for (const cell of mine.filter((c) => c.packet.kind === 'through')) checkThrough(ctx, findings, cell, starts, alone);
  }

  checkFlowCells(ctx, findings, cells.filter((c) => c.flow !== undefined));
  return { views: findings.views, absent: all.filter((c) => !cells.includes(c)) };
}

/**
 * The senders scenario exceptions name (members, and the externals owning addresses they name: endpoints.ts
 * namedNodes): always among the attacker's starts and run on their own, so their own packets are told apart.
 */
function exceptionSenders(ctx: VerifyContext): Set<string> {
  return new Set(ctx.exceptions.flatMap((e) => [...namedNodes(ctx.topology, e.from)]));
}

function reportArrival(ctx: VerifyContext, findings: Findings, cell: Cell, node: TopologyNode, arrival: Arrival, bypass?: string): void {
  const exempt = ctx.once(`exemptions:${cell.id}`, () => senderExemptions(ctx.topology, ctx.exceptions, appliesTo(ctx, cell, 'packet')));
  const origins = new Map<string, HeaderSet>();
  const matched = new Set<string>();
  for (const [key, set] of arrival.origins) {
    const start = parseStartKey(key).node;
    if (start === node.name) continue; // a node sending to itself
    // An exception exempts what it names only from the senders it names: a forger stays reported.
    const mine = exempt.forSender(start, node.name);
    const s = mine ? set.minus(mine) : set;
    if (mine && !s.equals(set)) for (const name of exempt.matching(start, node.name, set.intersect(mine))) matched.add(name);
    if (!s.isEmpty()) origins.set(key, s);
  }
  if (matched.size) findings.used(cell, 'packet', [...matched]);
  if (origins.size === 0) return;
  findings.add(cell, 'packet', () => {
    const witness = attackerWitness(ctx.topology, origins, node.name, ctx.forwarding);
    const needs = capabilities(ctx.topology, witness, node);
    const how = bypass === undefined ? '' : ` without passing ${bypass}`;
    const dst = witness?.header.dst;
    return {
      summary: `Packets from ${cell.from} reach ${describeTarget(ctx.topology, node, isDevice(node) ? dst : undefined)} in ${cell.to}${how}. The separation matrix says: ${cell.says}`,
      headerSummary: HeaderSet.unionAll([...origins.values()]).describe(12),
      witness,
      location: node.location,
      details: [
        `cell ${cell.id}; attacker capability relied on: ${needs.length ? needs.join('; ') : 'none (the network\'s own routes and rules carry it)'}`,
      ],
    };
  });
}

function checkThrough(ctx: VerifyContext, findings: Findings, cell: Cell, starts: ReturnType<typeof attackerStarts>, alone: ReadonlySet<string>): void {
  if (cell.packet.kind !== 'through') return;
  const topology = ctx.topology;
  const wanted = cell.packet.node;
  const through = [...topology.nodes.values()].filter((n) => (wanted === 'dedicated-line' ? n.kind === 'dedicated-line' : classOfZone(topology, n.zone) === wanted));
  const names = new Set(through.map((n) => n.name));
  const net = withoutNodes(topology, names);
  // Proxies and PEPs of the class carry its requests on: one whose upstream breaks out on its own avoids the
  // zone as well.
  const sessions = [...topology.nodes.values()]
    .filter((n) => !names.has(n.name))
    .flatMap((n) => gatewaySessionSource(n) ?? [])
    .filter((s) => classOfZone(topology, topology.segments.get(s.clientSide.segment)?.zone ?? '') === cell.from);
  const result = creditedArrivals(net, starts.filter((s) => !('node' in s) || !names.has(s.node)), alone, HeaderSet.ALL.intersect(WELL_FORMED), { anyNextHop: true, drops: ctx.reference }, sessions);
  for (const [name, arrival] of [...result.delivered, ...result.exits, ...result.terminated]) {
    const node = topology.nodes.get(name);
    if (!node || names.has(name)) continue;
    if (!classesOf(topology, node).has(cell.to)) continue;
    reportArrival(ctx, findings, cell, node, arrival, through.length ? `${wanted === 'dedicated-line' ? 'a dedicated line' : `the ${wanted} zone`} (${[...names].join(', ')})` : `a ${wanted === 'dedicated-line' ? 'dedicated line' : `${wanted} node`} (the topology has none)`);
  }
}

/**
 * The information-flow cells of one source class that propagate alike, with the same relay rule and the
 * same exceptions, share one leak search: the search does not depend on the targets, only the verdict does.
 */
function checkFlowCells(ctx: VerifyContext, findings: Findings, cells: readonly Cell[]): void {
  const topology = ctx.topology;
  const groups = new Map<string, Cell[]>();
  for (const cell of cells) {
    const rule = cell.flow as FlowRule;
    const exceptions = ctx.exceptions.filter(appliesTo(ctx, cell, 'flow')).map((e) => e.name).sort();
    const key = JSON.stringify([cell.from, rule.propagate, rule.relayContent ?? null, rule.through ?? null, exceptions]);
    const group = groups.get(key);
    if (group) group.push(cell);
    else groups.set(key, [cell]);
  }
  for (const group of groups.values()) {
    const first = group[0] as Cell;
    const rule = first.flow as FlowRule;
    const sources = flowSources(ctx, first.from);
    const targetsOf = new Map(group.map((c) => [c, new Set([...attackerEndpoints(topology, c.to)].filter((n) => !sources.has(n)))]));
    const targets = new Set([...targetsOf.values()].flatMap((t) => [...t]));
    if (sources.size === 0 || targets.size === 0) continue;
    const exceptions = edgeExempt(ctx, appliesTo(ctx, first, 'flow'), attackerFlowGraph(ctx));
    const carries = relayMayCarry(ctx, rule, first.from);
    const sanctioned = (e: FlowEdge) => rule.through !== undefined && rule.through.some((k) => topology.nodes.get(e.from)?.kind === k);
    const leaks = (ctx.reference ? findLeaksReference : findLeaks)(attackerFlowGraph(ctx), {
      sources,
      targets,
      allow: (target, channel) => group.every((c) => !targetsOf.get(c)?.has(target) || (c.flow as FlowRule).allow.includes(channel)),
      propagate: propagateOf(rule),
      exempt: (e) => carries(e) || sanctioned(e) || exceptions.test(e),
    });
    for (const c of group) findings.used(c, 'flow', exceptions.used);
    for (const l of leaks) {
      for (const cell of group) {
        if (targetsOf.get(cell)?.has(l.target) && !(cell.flow as FlowRule).allow.includes(l.channel)) reportLeak(ctx, findings, cell, l);
      }
    }
  }
}

function reportLeak(ctx: VerifyContext, findings: Findings, cell: Cell, l: Leak): void {
  const topology = ctx.topology;
  const rule = cell.flow as FlowRule;
  findings.add(cell, 'flow', () => {
    const path = [l.chain[0]?.from, ...l.chain.map((e) => e.to)].join(' → ');
    const gateways = l.chain.filter((e) => { const n = topology.nodes.get(e.from); return n !== undefined && isGateway(n); }).map((e) => e.from);
    const relays = l.chain.filter((e) => e.channel === 'relayed-data').map((e) => topology.nodes.get(e.from)).filter((n): n is TopologyNode => n !== undefined && (n.kind === 'relay' || n.kind === 'mail-relay'));
    const device = unlistedSegment(l.source);
    const needs = [...(device === undefined ? [] : [unlistedDeviceCapability(topology, topology.segments.get(device) as Segment)]), ...(gateways.length ? [`a chain through the gateways ${[...new Set(gateways)].join(', ')}`] : [])];
    const details = [`cell ${cell.id}; attacker capability relied on: ${needs.length ? needs.join('; ') : 'none beyond control of the source'}`];
    for (const r of relays) {
      if (r.kind !== 'relay' && r.kind !== 'mail-relay') continue;
      details.push(`${r.name} declares carries: ${r.carries ? `[${r.carries.join(', ')}]` : 'nothing (undeclared)'}${rule.relayContent && rule.relayContent !== 'any' ? `; this cell allows relays carrying only ${rule.relayContent.join(', ')}` : ''}`);
      const forgers = impersonators(ctx, r.name, cell.from);
      if (forgers.length > 0) details.push(`${r.name} can be fed with a forged source address by ${forgers.slice(0, 5).join(', ')}${forgers.length > 5 ? ' …' : ''}: pin its allowed sources (a segment of their own behind strict uRPF, or the allow entry's mac where no other host shares the sender's segment)`);
    }
    return {
      summary: `${capital(l.channel)} from ${l.source} (${cell.from}) reaches ${l.target} (${cell.to}) in ${l.chain.length} step${l.chain.length === 1 ? '' : 's'}: ${path}. The separation matrix says: ${cell.says}`,
      chain: chainSteps(ctx, l.chain),
      location: topology.nodes.get(l.chain[l.chain.length - 1]?.from ?? '')?.location,
      details,
    };
  });
}
