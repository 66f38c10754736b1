/**
 * "Unreachable given routing" is a proof claim: on random small topologies (test/symbolic/small-topology.ts,
 * some filter interfaces given strict uRPF), no simulated flow, from any host, external or filter, through
 * any first hop, with own or forged sources, is ever decided by a rule the arrival analysis calls
 * unreachable, nor meets an ACL it says nothing arrives at.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildForwarding } from '../../src/engine/routing.js';
import { traceFlow } from '../../src/engine/simulate.js';
import type { Flow } from '../../src/engine/flow.js';
import { aclDecisions } from '../../src/lint/acl-decisions.js';
import { arrivalAt } from '../../src/lint/arrival.js';
import { PROTO } from '../../src/net/ports.js';
import { WELL_FORMED } from '../../src/symbolic/header-set.js';
import type { HeaderSet } from '../../src/symbolic/header-set.js';
import type { FilteringNode, Interface, Topology, TopologyNode } from '../../src/topology/model.js';
import { buildSmallTopology, interestingAddresses, smallTopologyShape } from '../symbolic/small-topology.js';
import { propertySeed } from './random-acls.js';

/** The topology with strict uRPF on the filter interfaces whose bit is set in `mask`. */
function withUrpf(t: Topology, mask: number): Topology {
  let bit = 0;
  const nodes = new Map<string, TopologyNode>();
  for (const [name, node] of t.nodes) {
    if (node.kind !== 'router' && node.kind !== 'firewall') {
      nodes.set(name, node);
      continue;
    }
    const interfaces = new Map<string, Interface>();
    for (const [iname, i] of node.interfaces) interfaces.set(iname, (mask >> bit++) & 1 ? { ...i, urpf: 'strict' } : i);
    nodes.set(name, { ...node, interfaces });
  }
  return { ...t, nodes };
}

/** ACL name → rule names (undefined: the default) that nothing arriving reaches; `whole`: ACLs nothing arrives at. */
function claims(t: Topology): { rules: Map<string, Set<string | undefined>>; whole: Set<string> } {
  const rules = new Map<string, Set<string | undefined>>();
  const whole = new Set<string>();
  for (const node of t.nodes.values()) {
    if (node.kind !== 'router' && node.kind !== 'firewall') continue;
    for (const acl of (node as FilteringNode).acls) {
      const d = aclDecisions(acl);
      const arriving = arrivalAt(t, node as FilteringNode, acl).headers;
      if (!arriving.overlaps(WELL_FORMED)) whole.add(acl.name);
      const dead = new Set<string | undefined>();
      acl.rules.forEach((r, j) => {
        if (!(d.decides[j] as HeaderSet).overlaps(arriving)) dead.add(r.name);
      });
      if (!d.byDefault.overlaps(arriving)) dead.add(undefined);
      rules.set(acl.name, dead);
    }
  }
  return { rules, whole };
}

describe('routing-aware unreachability is sound against the simulator (fast-check)', () => {
  it('no flow is decided by a rule claimed unreachable, or meets an ACL claimed to see nothing', () => {
    const seed = propertySeed('lint unreachable soundness');
    let claimed = 0;
    fc.assert(
      fc.property(smallTopologyShape, fc.nat(0xffff), fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat(), fc.constantFrom(PROTO.tcp, PROTO.udp, PROTO.icmp, PROTO.gre), fc.constantFrom(22, 53, 443, 1500, 3389)), { minLength: 10, maxLength: 30 }), (shape, mask, draws) => {
        const t = withUrpf(buildSmallTopology(shape), mask);
        const forwarding = buildForwarding(t);
        const { rules, whole } = claims(t);
        claimed += [...rules.values()].reduce((n, s) => n + s.size, 0);
        const addresses = interestingAddresses(t);
        const starters = [...t.nodes.values()].filter((n) => n.kind === 'host' || n.kind === 'external' || n.kind === 'router' || n.kind === 'firewall');
        for (const [a, b, c, protocol, port] of draws) {
          const from = starters[a % starters.length] as TopologyNode;
          const src = addresses[b % addresses.length] as number;
          const dst = addresses[c % addresses.length] as number;
          // The attacker may hand its packet to any forwarding node on its segment.
          const vias = [undefined, ...[...t.nodes.values()].filter((n) => (n.kind === 'router' || n.kind === 'firewall') && n !== from && [...n.interfaces.values()].some((i) => [...from.interfaces.values()].some((f) => f.segment === i.segment))).map((n) => n.name)];
          for (const via of vias) {
            const ported = protocol === PROTO.tcp || protocol === PROTO.udp;
            const flow: Flow = { start: { type: 'node', node: from.name, via }, header: { src, dst, protocol, srcPort: ported ? 49152 : 0, dstPort: ported ? port : 0, icmpType: protocol === PROTO.icmp ? 8 : 0, icmpCode: 0 } };
            for (const trace of traceFlow(t, flow, { forwarding })) {
              for (const hop of trace.hops) {
                for (const check of hop.acls) {
                  expect(whole.has(check.acl), `ACL ${check.acl} was claimed to see nothing`).toBe(false);
                  expect(rules.get(check.acl)?.has(check.rule) ?? false, `rule ${check.rule ?? '(default)'} of ${check.acl} was claimed unreachable`).toBe(false);
                }
              }
            }
          }
        }
      }),
      { seed, numRuns: 150 },
    );
    // The property must have something to check: some rules are claimed unreachable across the runs.
    expect(claimed).toBeGreaterThan(0);
  }, 60_000);
});
