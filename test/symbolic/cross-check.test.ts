/**
 * The symbolic engine against the concrete simulator (src/engine/simulate.ts), on random small topologies:
 * (a) per flow, the engine (run on that single header) reaches exactly the nodes the simulator reaches,
 *     with exactly the arriving headers, and drops it at the same nodes with the same dispositions; and
 *     with the whole header space injected, every simulator arrival
 *     lies in the engine's set (and, without NAT, every miss lies outside it);
 * (b) every witness the engine reports reaches its destination when replayed through the simulator;
 * (c) where the engine proves a destination unreachable from a start, flows aimed at every rule boundary
 *     never get there;
 * (d) the attacker's unlisted device on a segment (any source, any next hop on the segment): the engine
 *     reaches, per forged header, exactly the nodes and headers of the simulator's segment start over all its
 *     next-hop choices, and each start key it credits replays (verify/witness.ts) to the node.
 * Runs per property: SYMBOLIC_CROSS_RUNS, default 10k under CI (up to about 2.5 min per property beside the rest of the suite) and 1k otherwise. The seed prints on failure.
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { isReached } from '../../src/engine/disposition.js';
import { isNextHopKind } from '../../src/engine/kinds.js';
import type { Flow } from '../../src/engine/flow.js';
import { buildForwarding, type Forwarding } from '../../src/engine/routing.js';
import { traceFlow } from '../../src/engine/simulate.js';
import type { PacketHeader } from '../../src/net/header.js';
import { PROTO } from '../../src/net/ports.js';
import type { Topology } from '../../src/topology/model.js';
import { HeaderSet } from '../../src/symbolic/header-set.js';
import { resetTables } from '../../src/symbolic/idd.js';
import { computeReachability, unlistedDevice, type ReachabilityResult, type StartPoint } from '../../src/symbolic/reachability.js';
import { witnessFor } from '../../src/symbolic/witness.js';
import { replay } from '../../src/verify/witness.js';
import { buildSmallTopology, interestingAddresses, smallTopologyShape } from './small-topology.js';

const RUNS = Number(process.env.SYMBOLIC_CROSS_RUNS ?? (process.env.CI ? 10_000 : 1000));
const params = { numRuns: RUNS } as const;
/** A guard against a hang, not a target: sized by the runs, generous for a loaded machine (10k under CI took 145 s beside the rest of the suite). */
const GUARD_MS = Math.max(120_000, RUNS * 100);

interface Reach {
  /** node → final headers (as arriving) */
  readonly at: Map<string, PacketHeader[]>;
}

function simulate(t: Topology, forwarding: Forwarding, flow: Flow): Reach {
  const at = new Map<string, PacketHeader[]>();
  for (const trace of traceFlow(t, flow, { forwarding })) {
    if (!isReached(trace.disposition) || !t.nodes.has(trace.at)) continue;
    const last = trace.hops[trace.hops.length - 1];
    if (!last) continue;
    const list = at.get(trace.at) ?? [];
    list.push(last.header);
    at.set(trace.at, list);
  }
  return { at };
}

function reachedNodes(r: ReachabilityResult): Map<string, HeaderSet> {
  const out = new Map<string, HeaderSet>();
  for (const m of [r.delivered, r.exits, r.terminated]) for (const [k, v] of m) out.set(k, (out.get(k) ?? HeaderSet.EMPTY).union(v.headers));
  return out;
}

function startOf(flow: Flow): StartPoint {
  return flow.start.type === 'node' ? { node: flow.start.node } : { segment: flow.start.segment };
}

const PORTS = [0, 22, 53, 443, 999, 1000, 2000, 2001, 3389, 8443, 49152, 65535];

function canonical(h: PacketHeader): PacketHeader {
  const ported = h.protocol === PROTO.tcp || h.protocol === PROTO.udp;
  const icmp = h.protocol === PROTO.icmp;
  return { ...h, srcPort: ported ? h.srcPort : 0, dstPort: ported ? h.dstPort : 0, icmpType: icmp ? h.icmpType : 0, icmpCode: icmp ? h.icmpCode : 0 };
}

/** A topology with flows drawn from its own addresses (starts at hosts, filters, the external, or a segment). */
const caseArb = smallTopologyShape.chain((shape) => {
  const t = buildSmallTopology(shape);
  const addresses = interestingAddresses(t);
  const starters = [...t.nodes.values()].filter((n) => n.kind === 'host' || n.kind === 'external' || n.kind === 'router' || n.kind === 'firewall');
  const startArb = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...starters.map((n) => n.name)).map((node) => ({ type: 'node' as const, node })) },
    { weight: 1, arbitrary: fc.constantFrom(...t.segments.keys()).map((segment) => ({ type: 'segment' as const, segment })) },
  );
  const headerArb = fc
    .record({
      src: fc.constantFrom(...addresses),
      dst: fc.constantFrom(...addresses),
      protocol: fc.constantFrom(PROTO.tcp, PROTO.tcp, PROTO.udp, PROTO.icmp, PROTO.gre),
      srcPort: fc.constantFrom(...PORTS),
      dstPort: fc.constantFrom(...PORTS),
      icmpType: fc.constantFrom(0, 8),
      icmpCode: fc.constant(0),
    })
    .map(canonical);
  const flowArb = fc.tuple(startArb, headerArb).map(([start, header]): Flow => {
    if (start.type === 'node') {
      const node = t.nodes.get(start.node);
      // Usually the node's own address as source; sometimes spoofed.
      const own = node ? [...node.interfaces.values()][0]?.address : undefined;
      return { start, header: own !== undefined && header.src % 3 !== 0 ? { ...header, src: own } : header };
    }
    // An unnamed sender uses an address nothing owns, and never sends to itself.
    const prefix = t.segments.get(start.segment)?.prefix;
    const src = (prefix?.network ?? 0) + 12;
    return { start, header: { ...header, src, dst: header.dst === src ? src + 1 : header.dst } };
  });
  return fc.record({ shape: fc.constant(shape), flows: fc.array(flowArb, { minLength: 1, maxLength: 4 }) });
});

describe('symbolic reachability agrees with the concrete simulator', { timeout: GUARD_MS }, () => {
  it('(a) single flows: same nodes reached with the same arriving headers; whole space: arrivals inside the sets', () => {
    fc.assert(
      fc.property(caseArb, ({ shape, flows }) => {
        resetTables(); // cases are independent: keep the node table from growing over thousands of them
        const t = buildSmallTopology(shape);
        const forwarding = buildForwarding(t);
        const hasNat = [...t.nodes.values()].some((n) => (n.kind === 'router' || n.kind === 'firewall') && n.nat.length > 0);
        const full = new Map<string, ReachabilityResult>();
        for (const flow of flows) {
          const sim = simulate(t, forwarding, flow);
          const single = computeReachability(t, { starts: [startOf(flow)], headers: HeaderSet.header(flow.header) });
          const one = reachedNodes(single);
          // Where the flow is dropped, and how: the same (node, disposition) pairs (loops aside: the engine
          // stops re-propagating what a location has seen instead of reporting it).
          const simDrops = traceFlow(t, flow, { forwarding }).filter((tr) => !isReached(tr.disposition) && t.nodes.has(tr.at));
          if (!simDrops.some((tr) => tr.disposition === 'loop' || tr.disposition === 'hop-limit')) {
            const a = [...new Set(simDrops.map((tr) => `${tr.at} ${tr.disposition}`))].sort();
            const b = [...new Set(single.dropped.filter((d) => t.nodes.has(d.node)).map((d) => `${d.node} ${d.disposition}`))].sort();
            if (a.join('; ') !== b.join('; ')) throw new Error(`flow ${JSON.stringify(flow)} dropped: simulator ${a.join('; ')} / engine ${b.join('; ')}`);
          }
          const nodes = new Set([...sim.at.keys(), ...one.keys()]);
          for (const node of nodes) {
            const expected = HeaderSet.unionAll((sim.at.get(node) ?? []).map((h) => HeaderSet.header(h)));
            const got = one.get(node) ?? HeaderSet.EMPTY;
            if (!got.equals(expected)) {
              throw new Error(`flow ${JSON.stringify(flow)} at ${node}: simulator ${expected.describe()} / engine ${got.describe()}`);
            }
          }
          const key = JSON.stringify(startOf(flow));
          let all = full.get(key);
          if (!all) full.set(key, (all = computeReachability(t, { starts: [startOf(flow)], headers: HeaderSet.ALL })));
          const startName = flow.start.type === 'node' ? flow.start.node : flow.start.segment;
          for (const m of [all.delivered, all.exits, all.terminated]) {
            for (const [node, arrival] of m) {
              for (const h of sim.at.get(node) ?? []) if (!arrival.headers.contains(h)) throw new Error(`whole space misses ${JSON.stringify(h)} at ${node}`);
              const origin = arrival.origins.get(startName) ?? HeaderSet.EMPTY;
              const simReaches = sim.at.has(node);
              if (origin.contains(flow.header) && !simReaches) throw new Error(`engine says ${JSON.stringify(flow)} reaches ${node}; simulator disagrees`);
              if (!hasNat && simReaches && !origin.contains(flow.header)) throw new Error(`engine misses ${JSON.stringify(flow)} reaching ${node}`);
            }
          }
          for (const node of sim.at.keys()) {
            if (![all.delivered, all.exits, all.terminated].some((m) => m.has(node))) throw new Error(`whole space never reaches ${node}; simulator does`);
          }
        }
      }),
      params,
    );
  });

  it('(b) every witness reaches its destination when replayed', () => {
    fc.assert(
      fc.property(caseArb, ({ shape, flows }) => {
        resetTables(); // cases are independent: keep the node table from growing over thousands of them
        const t = buildSmallTopology(shape);
        const forwarding = buildForwarding(t);
        const starts = [...new Map(flows.map((f) => [JSON.stringify(startOf(f)), startOf(f)])).values()];
        const source = { starts, headers: HeaderSet.ALL };
        const r = computeReachability(t, source);
        for (const m of [r.delivered, r.exits, r.terminated]) {
          for (const [node, arrival] of m) {
            const w = witnessFor(t, node, arrival, { source, maxReruns: 3 });
            if (!w) throw new Error(`no witness for a non-empty arrival at ${node}`);
            if (!simulate(t, forwarding, w.flow).at.has(node)) throw new Error(`witness ${JSON.stringify(w.flow)} does not reach ${node}:\n${w.summary}`);
          }
        }
      }),
      params,
    );
  });

  it('(d) the unlisted device (any source, any next hop on its segment): the same nodes with the same headers as every choice the simulator has, and its start keys replay', () => {
    fc.assert(
      fc.property(caseArb, ({ shape, flows }) => {
        resetTables(); // cases are independent: keep the node table from growing over thousands of them
        const t = buildSmallTopology(shape);
        const forwarding = buildForwarding(t);
        const segments = [...t.segments.keys()];
        for (const flow of flows) {
          // A forged source (any of the case's addresses), on a segment the case picks.
          const segment = segments[(flow.header.dst + flow.header.dstPort) % segments.length] as string;
          const header = flow.header;
          if (header.dst === header.src) continue;
          // Every choice the device has: its implicit routes, or any router, firewall, dedicated line or external network on the segment;
          // on its own frame (its implicit routes' first hop) any source MAC, of which only the MACs relays pin can matter.
          const vias = [undefined, ...forwarding.attached(segment).filter((a) => isNextHopKind(a.node)).map((a) => a.node.name)];
          const macs = [undefined, ...new Set([...t.nodes.values()].flatMap((n) => (n.kind === 'relay' ? n.allow.flatMap((a) => (a.mac === undefined ? [] : [a.mac])) : [])))];
          const expected = new Map<string, HeaderSet>();
          for (const via of vias) {
            for (const mac of via === undefined ? macs : [undefined]) {
              for (const [node, hs] of simulate(t, forwarding, { start: { type: 'segment', segment, via, mac }, header }).at) {
                expected.set(node, HeaderSet.unionAll([expected.get(node) ?? HeaderSet.EMPTY, ...hs.map((h) => HeaderSet.header(h))]));
              }
            }
          }
          const r = computeReachability(t, { starts: [{ segment, unlisted: true }], headers: HeaderSet.header(header) }, { anyNextHop: true });
          const got = reachedNodes(r);
          for (const node of new Set([...expected.keys(), ...got.keys()])) {
            const e = expected.get(node) ?? HeaderSet.EMPTY;
            const g = got.get(node) ?? HeaderSet.EMPTY;
            if (!g.equals(e)) throw new Error(`unlisted device on ${segment}, ${JSON.stringify(header)} at ${node}: simulator ${e.describe()} / engine ${g.describe()}`);
          }
          for (const m of [r.delivered, r.exits, r.terminated]) {
            for (const [node, arrival] of m) {
              for (const [key, set] of arrival.origins) {
                if (!set.contains(header)) continue;
                if (!key.startsWith(unlistedDevice(segment))) throw new Error(`origin key ${key} is not the unlisted device's`);
                const w = replay(t, header, key, node, forwarding);
                if (!w.replayed) throw new Error(`start key ${key} with ${JSON.stringify(header)} does not replay to ${node}`);
              }
            }
          }
        }
      }),
      params,
    );
  });

  it('(c) destinations proved unreachable stay unreachable for flows at every rule boundary', () => {
    fc.assert(
      fc.property(caseArb, ({ shape, flows }) => {
        resetTables(); // cases are independent: keep the node table from growing over thousands of them
        const t = buildSmallTopology(shape);
        const forwarding = buildForwarding(t);
        const flow = flows[0] as Flow;
        const r = computeReachability(t, { starts: [startOf(flow)], headers: HeaderSet.ALL });
        // One unreachable destination per case (chosen by the case), so a case stays cheap and many run.
        const allUnreachable = [...t.nodes.values()].filter((n) => ![r.delivered, r.exits, r.terminated].some((m) => m.has(n.name)));
        const chosen = allUnreachable[(flows[flows.length - 1] as Flow).header.dst % Math.max(1, allUnreachable.length)];
        const unreachable = chosen ? [chosen] : [];
        // Boundaries of every ACL and NAT rule: each address range end and its neighbours, each port range end.
        const addrs = new Set<number>();
        const ports = new Set<number>([443, 3389]);
        for (const n of t.nodes.values()) {
          if (n.kind !== 'router' && n.kind !== 'firewall') continue;
          for (const rule of [...n.acls.flatMap((a) => a.rules), ...n.nat]) {
            for (const [lo, hi] of [...rule.src.ranges, ...rule.dst.ranges]) for (const v of [lo - 1, lo, hi, hi + 1]) if (v >= 0 && v <= 0xffffffff) addrs.add(v);
            for (const s of rule.services) for (const v of [s.dstPorts.first - 1, s.dstPorts.first, s.dstPorts.last, s.dstPorts.last + 1]) if (v >= 0 && v <= 65535) ports.add(v);
          }
        }
        // One boundary dimension at a time (sources at every address boundary, then ports at every port
        // boundary): linear in the boundaries, and each boundary is still met on both sides.
        const probes: { src: number; dstPort: number }[] = [
          ...[...addrs].map((src) => ({ src, dstPort: 443 })),
          ...[...ports].map((dstPort) => ({ src: flow.header.src, dstPort })),
        ];
        for (const target of unreachable) {
          const dsts = [...target.interfaces.values()].flatMap((i) => (i.address === undefined ? [] : [i.address]));
          if (target.kind === 'external') dsts.push(...target.owns.ranges.map(([lo]) => lo));
          for (const dst of dsts)
            for (const { src, dstPort } of probes) {
              const header = canonical({ src: flow.start.type === 'segment' ? flow.header.src : src, dst, protocol: PROTO.tcp, srcPort: 49152, dstPort, icmpType: 0, icmpCode: 0 });
              if (header.dst === header.src) continue;
              const f: Flow = { start: flow.start, header };
              if (simulate(t, forwarding, f).at.has(target.name)) throw new Error(`engine proved ${target.name} unreachable, but ${JSON.stringify(f)} gets there`);
            }
        }
      }),
      params,
    );
  });
});
