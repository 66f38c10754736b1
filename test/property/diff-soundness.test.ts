/**
 * `segproof diff` against the concrete simulator (src/engine/simulate.ts, the slow, obviously correct twin),
 * on random small topologies (test/symbolic/small-topology.ts: NAT, ECMP, null routes, loops, gateways,
 * relays with MACs, an external network) with one random rule or route mutation (test/diff/mutations.ts):
 *
 * (a) every flow the diff reports as changed changes its fate in the simulator: for a new change, the flow
 *     reaches the destination in the after version from the start the engine credits (its own routes or the
 *     next hop it chose) and from no start at all in the before version; for a removed change, the reverse.
 *     Checked for the witness and for further headers drawn from each change set;
 * (b) random flows at rule and route boundaries outside the reported sets keep their fate. A flow is a source
 *     and a header, as in the diff (the attacker's reach); its fate the nodes it reaches from any start the
 *     attacker may use (its own routes, and from a host every router on its segments as next hop): the same
 *     in both versions;
 * (c) the diff computed through a cache that holds the before version's runs equals the uncached one.
 * The witness each change shows is among the flows (a) checks.
 *
 * Runs: SEGPROOF_DIFF_RUNS, default 5,000 under CI and 500 otherwise. The seed is printed on every run;
 * SEGPROOF_DIFF_SEED=<seed> replays it.
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { ReachCache } from '../../src/diff/cache.js';
import { reachDelta, type RawReachChange } from '../../src/diff/diff.js';
import { diffSources, type DiffSource } from '../../src/diff/sources.js';
import { pickWitnessFlow } from '../../src/diff/witness.js';
import { isReached } from '../../src/engine/disposition.js';
import type { Flow } from '../../src/engine/flow.js';
import { freeAddressOn } from '../../src/engine/flow.js';
import { isNextHopKind } from '../../src/engine/kinds.js';
import { buildForwarding, type Forwarding } from '../../src/engine/routing.js';
import { traceFlow } from '../../src/engine/simulate.js';
import type { PacketHeader } from '../../src/net/header.js';
import { PROTO } from '../../src/net/ports.js';
import { addressSetContains } from '../../src/net/address-set.js';
import { HeaderSet } from '../../src/symbolic/header-set.js';
import { nodeAddresses } from '../../src/verify/endpoints.js';
import { resetTables } from '../../src/symbolic/idd.js';
import { parseStartKey, withReachabilityMemo } from '../../src/symbolic/reachability.js';
import { Rng } from '../../src/topology/generate/prng.js';
import type { Topology } from '../../src/topology/model.js';
import { mutateOnce } from '../diff/mutations.js';
import { buildSmallTopology, interestingAddresses, smallTopologyShape } from '../symbolic/small-topology.js';

const RUNS = Number(process.env.SEGPROOF_DIFF_RUNS ?? (process.env.CI ? 5000 : 500));
const envSeed = process.env.SEGPROOF_DIFF_SEED;
const SEED = envSeed !== undefined && /^-?\d+$/.test(envSeed) ? Number(envSeed) : Math.floor(Math.random() * 2 ** 31);

const PORTS = [0, 22, 53, 443, 999, 1000, 2000, 2001, 3389, 8443, 49152, 65535];

function canonical(h: PacketHeader): PacketHeader {
  const ported = h.protocol === PROTO.tcp || h.protocol === PROTO.udp;
  const icmp = h.protocol === PROTO.icmp;
  return { ...h, srcPort: ported ? h.srcPort : 0, dstPort: ported ? h.dstPort : 0, icmpType: icmp ? h.icmpType : 0, icmpCode: icmp ? h.icmpCode : 0 };
}

/**
 * Nodes the flow reaches (delivered, exits-network or terminated-at-gateway) on some ECMP branch. A branch
 * that loops makes the flow `looped`: the simulator stops it where the (node, VRF, header) repeats, the
 * symbolic engine keys locations by ingress interface and carries on (ARCHITECTURE.md; as in
 * test/symbolic/cross-check.test.ts, such flows are left out of the comparison).
 */
function reached(t: Topology, forwarding: Forwarding, flow: Flow): Set<string> & { looped?: boolean } {
  const out: Set<string> & { looped?: boolean } = new Set<string>();
  for (const tr of traceFlow(t, flow, { forwarding })) {
    if (isReached(tr.disposition)) out.add(tr.at);
    if (tr.disposition === 'loop' || tr.disposition === 'hop-limit') out.looped = true;
  }
  return out;
}

/** The source MACs a relay of `t` pins: the ones a host may write on its own frame and that can matter. */
function pinnedMacs(t: Topology): string[] {
  return [...new Set([...t.nodes.values()].flatMap((n) => (n.kind === 'relay' ? n.allow.flatMap((a) => (a.mac === undefined ? [] : [a.mac])) : [])))];
}

/**
 * Every start of a source: its own routes, and for a host each router, firewall, dedicated line or external
 * network on its segments, and its own routes with each MAC a relay pins written on its frame.
 */
function startsOf(t: Topology, source: DiffSource): Flow['start'][] {
  if (source.kind === 'segment') return [{ type: 'segment', segment: source.name }];
  const node = t.nodes.get(source.name);
  if (!node) return [];
  const starts: Flow['start'][] = [{ type: 'node', node: node.name }];
  if (node.kind === 'host') {
    for (const mac of pinnedMacs(t)) starts.push({ type: 'node', node: node.name, mac });
    const seen = new Set<string>();
    for (const iface of node.interfaces.values()) {
      for (const other of t.nodes.values()) {
        if (other.name === node.name || !isNextHopKind(other) || seen.has(other.name)) continue;
        if ([...other.interfaces.values()].some((o) => o.segment === iface.segment)) {
          seen.add(other.name);
          starts.push({ type: 'node', node: node.name, via: other.name });
        }
      }
    }
  }
  return starts;
}

function exists(t: Topology, source: DiffSource): boolean {
  return source.kind === 'segment' ? t.segments.has(source.name) : t.nodes.has(source.name);
}

function describeCase(shape: unknown, mutation: string): string {
  return `shape ${JSON.stringify(shape)}; mutation: ${mutation}`;
}

/** Headers to check from a change set: the witness pick, then picks preferring random interesting values. */
function samples(t: Topology, change: RawReachChange, rng: Rng, addresses: readonly number[]): { header: PacketHeader; startKey: string }[] {
  const out: { header: PacketHeader; startKey: string }[] = [];
  const w = pickWitnessFlow(t, change.source, change.destination, change.headers, change.arrival.origins);
  if (w) out.push({ header: w.flow.header, startKey: w.startKey });
  for (const [key, credited] of change.arrival.origins) {
    if (parseStartKey(key).node !== change.source.name) continue;
    const set = credited.intersect(change.headers);
    if (set.isEmpty()) continue;
    for (let k = 0; k < 2; k++) {
      const a = addresses[rng.int(0, addresses.length - 1)] as number;
      const b = addresses[rng.int(0, addresses.length - 1)] as number;
      const port = PORTS[rng.int(0, PORTS.length - 1)] as number;
      const h = set.pick({ src: [[a, a]], dst: [[b, b]], dstPort: [[port, port]], protocol: rng.next() < 0.5 ? [[PROTO.udp, PROTO.udp]] : [[PROTO.gre, PROTO.gre]] });
      if (h) out.push({ header: h, startKey: key });
    }
  }
  return out;
}

function flowFor(source: DiffSource, startKey: string, header: PacketHeader): Flow {
  if (source.kind === 'segment') return { header, start: { type: 'segment', segment: source.name } };
  return { header, start: { type: 'node', node: source.name, via: parseStartKey(startKey).via } };
}

const caseArb = fc.record({ shape: smallTopologyShape, mutationSeed: fc.integer({ min: 0, max: 0x7fffffff }), probeSeed: fc.integer({ min: 0, max: 0x7fffffff }) });

describe(`segproof diff agrees with the simulator (seed ${SEED}, ${RUNS} runs; SEGPROOF_DIFF_SEED to replay)`, () => {
  it('(a) reported changes change fate, (b) flows at boundaries outside them keep theirs, (c) witnesses confirm and the cache changes nothing', () => {
    console.log(`[diff property] seed ${SEED} (SEGPROOF_DIFF_SEED=${SEED}), ${RUNS} runs`);
    let changesChecked = 0;
    let flowsChecked = 0;
    let looped = 0;
    fc.assert(
      fc.property(caseArb, ({ shape, mutationSeed, probeSeed }) => {
        resetTables();
        const before = buildSmallTopology(shape);
        const mutation = mutateOnce(before, mutationSeed);
        const after = mutation.topology;
        const fb = buildForwarding(before);
        const fa = buildForwarding(after);
        const where = `${describeCase(shape, mutation.description)}; mutationSeed ${mutationSeed}`;
        const rng = new Rng(probeSeed);

        const changes = reachDelta(before, after);
        // (c) the same diff through a cache warmed by the before version (reusing what it can) is identical.
        const cache = new ReachCache();
        withReachabilityMemo(cache, () => reachDelta(before, before));
        const cached = withReachabilityMemo(cache, () => reachDelta(before, after, { cache }));
        const text = (list: readonly RawReachChange[]) => list.map((c) => `${c.direction} ${c.source.key} ${c.destination} ${c.headers.root.id}`).join('\n');
        if (text(cached) !== text(changes)) throw new Error(`cached diff differs from the uncached one (${where}):\n${text(cached)}\n---\n${text(changes)}`);

        const addresses = interestingAddresses(after);
        // (a)
        for (const change of changes.slice(0, 12)) {
          const [now, then, fNow, fThen] = change.direction === 'new' ? [after, before, fa, fb] : [before, after, fb, fa];
          for (const { header, startKey } of samples(now, change, rng, addresses)) {
            changesChecked++;
            const flow = flowFor(change.source, startKey, header);
            // A host writes any MAC on its own frame: the flow's fate is that of its choices.
            const macs = flow.start.type === 'node' && flow.start.via === undefined && now.nodes.get(flow.start.node)?.kind === 'host' ? pinnedMacs(now) : [];
            const got = reached(now, fNow, flow);
            for (const mac of macs) for (const n of reached(now, fNow, { ...flow, start: { ...flow.start, mac } as Flow['start'] })) got.add(n);
            if (got.looped) {
              looped++;
              continue;
            }
            if (!got.has(change.destination)) {
              throw new Error(`${change.direction} change ${change.source.key} → ${change.destination}: ${JSON.stringify(flow)} does not reach it in the ${change.direction === 'new' ? 'after' : 'before'} version (${where})\n${change.headers.describe()}`);
            }
            if (!exists(then, change.source)) continue;
            for (const start of startsOf(then, change.source)) {
              const other: Flow = { header, start };
              if (start.type === 'node' && start.via !== undefined && !then.nodes.has(start.via)) continue;
              const was = reached(then, fThen, other);
              if (was.has(change.destination) && !was.looped) {
                throw new Error(`${change.direction} change ${change.source.key} → ${change.destination}: ${JSON.stringify(other)} reaches it in the ${change.direction === 'new' ? 'before' : 'after'} version too (${where})\n${change.headers.describe()}`);
              }
            }
          }
        }
        // (b)
        const changed = new Map<string, HeaderSet>();
        for (const c of changes) changed.set(c.source.key, (changed.get(c.source.key) ?? HeaderSet.EMPTY).union(c.headers));
        const boundaries = boundaryValues(before, after);
        const sources = diffSources(before).filter((s) => exists(after, s));
        for (let k = 0; k < 24 && sources.length > 0; k++) {
          const source = sources[rng.int(0, sources.length - 1)] as DiffSource;
          const dst = boundaries.addresses[rng.int(0, boundaries.addresses.length - 1)] as number;
          const segmentSrc = source.kind === 'segment' ? freeAddressOn(fb, source.name) : undefined;
          const node = before.nodes.get(source.name);
          const own = node ? [...node.interfaces.values()][0]?.address : undefined;
          // A gateway sends from its own addresses only (sources.ts); hosts, externals and segments forge.
          const forges = source.from === undefined;
          const src = segmentSrc ?? ((!forges || rng.next() < 0.6) && own !== undefined ? own : (boundaries.addresses[rng.int(0, boundaries.addresses.length - 1)] as number));
          if (source.kind === 'segment' && (segmentSrc === undefined || dst === segmentSrc)) continue;
          const header = canonical({
            src,
            dst,
            protocol: [PROTO.tcp, PROTO.tcp, PROTO.udp, PROTO.icmp, PROTO.gre][rng.int(0, 4)] as number,
            srcPort: boundaries.ports[rng.int(0, boundaries.ports.length - 1)] as number,
            dstPort: boundaries.ports[rng.int(0, boundaries.ports.length - 1)] as number,
            icmpType: rng.next() < 0.5 ? 8 : 0,
            icmpCode: 0,
          });
          if (changed.get(source.key)?.contains(header)) continue;
          // A host's packets to its own addresses stay home in the symbolic engine (ARCHITECTURE.md "Hosts"); the
          // simulator hands them to a chosen next hop all the same. The diff leaves a source's traffic to itself out.
          if (node && addressSetContains(nodeAddresses(node), header.dst)) continue;
          flowsChecked++;
          // The fate of (source, header): the nodes it reaches from any start the attacker may use.
          let loops = false;
          const fate = (t: Topology, f: Forwarding) => {
            const out = new Set<string>();
            for (const start of startsOf(t, source)) {
              const r = reached(t, f, { header, start });
              if (r.looped) loops = true;
              for (const n of r) if (n !== source.name) out.add(n);
            }
            return [...out].sort().join(',');
          };
          const rb = fate(before, fb);
          const ra = fate(after, fa);
          if (loops) {
            looped++;
            continue;
          }
          if (rb !== ra) throw new Error(`${source.key} sending ${JSON.stringify(header)} is outside every reported set, yet reaches [${rb}] before and [${ra}] after (${where})`);
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
    console.log(`[diff property] ${changesChecked} changed flows and ${flowsChecked} unchanged flows checked (${looped} left out: a simulator branch looped)`);
  }, 900_000);
});

/** Every address-range end (and its neighbours) and port-range end of ACL, NAT and route entries in either version. */
function boundaryValues(...ts: Topology[]): { addresses: number[]; ports: number[] } {
  const addrs = new Set<number>();
  const ports = new Set<number>([443, 3389, 53]);
  const addRange = (lo: number, hi: number) => {
    for (const v of [lo - 1, lo, hi, hi + 1]) if (v >= 0 && v <= 0xffffffff) addrs.add(v);
  };
  for (const t of ts) {
    for (const a of interestingAddresses(t)) addrs.add(a);
    for (const n of t.nodes.values()) {
      for (const r of n.routes) addRange(r.prefix.network, (r.prefix.network + 2 ** (32 - r.prefix.length) - 1) >>> 0);
      if (n.kind !== 'router' && n.kind !== 'firewall') continue;
      for (const rule of [...n.acls.flatMap((a) => a.rules), ...n.nat]) {
        for (const [lo, hi] of [...rule.src.ranges, ...rule.dst.ranges]) addRange(lo, hi);
        for (const s of rule.services) for (const v of [s.dstPorts.first - 1, s.dstPorts.first, s.dstPorts.last, s.dstPorts.last + 1]) if (v >= 0 && v <= 65535) ports.add(v);
      }
    }
  }
  return { addresses: [...addrs].sort((x, y) => x - y), ports: [...ports].sort((x, y) => x - y) };
}
