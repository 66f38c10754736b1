/**
 * The plan, its commands and nftables text, round assignment and parsers: pure, no root needed; and the prober's
 * report of a probe it cannot bind (run here, in no namespace: nothing is sent).
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createSocket } from 'node:dgram';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AGENT_SOURCE } from '../../src/emulate/agent.js';
import { hasProgram } from '../../src/emulate/exec.js';
import { PERL_PROBER_SOURCE, parsePerlProberOutput, perlProberInput } from '../../src/emulate/perl-prober.js';
import { fabricBatch, nodeBatch } from '../../src/emulate/commands.js';
import { formatNotSent, formatSummary, kernelAgrees, summarise } from '../../src/emulate/compare.js';
import { routedVia } from '../../src/emulate/intercept.js';
import { IFNAME_MAX, kernelIfname, newRunPrefix, isRunPrefix } from '../../src/emulate/names.js';
import { belongsToRun, parseNamespaceList } from '../../src/emulate/namespaces.js';
import { DEFAULT_NEIGHBOUR_LIMIT, NEIGHBOUR_FRESH_MS, NeighbourPacer, neighbourLimit, neighbourNeeds, neighbourOverflow, roundNeighbourBudget } from '../../src/emulate/neighbours.js';
import { MAIN_TABLE, planEmulation, sampledMembers } from '../../src/emulate/plan.js';
import { checkPrerequisites, INSTALL_COMMAND } from '../../src/emulate/prereqs.js';
import type { Probe } from '../../src/emulate/probe.js';
import { assignRounds, parseCounters, parseRecorder } from '../../src/emulate/run.js';
import { ProbeSampler, sampleProbes } from '../../src/emulate/sample.js';
import { addressSetContains, addressSetFromRanges, addressSetMinus } from '../../src/net/address-set.js';
import { loadTopology, loadTopologyText } from '../../src/topology/load.js';
import { formatIpv4 } from '../../src/net/ipv4.js';

const here = path.dirname(fileURLToPath(import.meta.url));

async function fixture(name: string) {
  const loaded = await loadTopology(path.join(here, 'fixtures', name));
  if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => d.message).join('; '));
  return loaded.topology;
}

describe('names', () => {
  it('run prefixes are sp + 6 hex and only their namespaces belong to the run', () => {
    const p = newRunPrefix();
    expect(isRunPrefix(p)).toBe(true);
    expect(belongsToRun(`${p}-host`, p)).toBe(true);
    expect(belongsToRun(`${p}.fabric`, p)).toBe(true);
    expect(belongsToRun(`${p}x-host`, p)).toBe(false);
    expect(belongsToRun('sp12345-host', 'sp12345')).toBe(false);
    expect(parseNamespaceList('a (id: 3)\nb\n\n')).toEqual(['a', 'b']);
  });

  it('kernel interface names are short, valid and distinct', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_-]{0,40}$/), { maxLength: 30 }), (names) => {
        const taken = new Set<string>();
        for (const n of names) {
          const k = kernelIfname(n, taken);
          expect(k.length).toBeLessThanOrEqual(IFNAME_MAX);
          expect(k).toMatch(/^[A-Za-z0-9_-]+$/);
          expect(taken.has(k)).toBe(false);
          taken.add(k);
        }
      }),
    );
  });
});

describe('pool sampling', () => {
  it('keeps first and last, stays in range, includes what probes need', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 5 }), fc.array(fc.nat(6000), { maxLength: 5 }), (count, sample, needed) => {
        const m = sampledMembers(count, sample, needed);
        expect(m[0]).toBe(0);
        if (sample >= 2) expect(m[m.length - 1]).toBe(count - 1);
        expect(new Set(m).size).toBe(m.length);
        for (const i of m) expect(i >= 0 && i < count).toBe(true);
        for (const n of needed) if (n < count) expect(m).toContain(n);
        expect(m.length).toBeLessThanOrEqual(Math.min(count, sample) + needed.length);
      }),
    );
  });
});

describe('plan', () => {
  it('gives every node a namespace, forwarding only where the node routes', async () => {
    const t = await fixture('firewall-gateway.yaml');
    const plan = planEmulation(t, { prefix: 'sp00aa11' });
    expect(plan.nodes.map((n) => n.namespace).every((ns) => ns.startsWith('sp00aa11-'))).toBe(true);
    const fwd = Object.fromEntries(plan.nodes.map((n) => [n.node, n.sysctls.find(([k]) => k === 'net.ipv4.ip_forward')?.[1]]));
    expect(fwd).toEqual({ fw: '1', term: '0', web: '0', payroll: '0', 'vdi-gw': '0', internet: '1' });
    const term = plan.nodes.find((n) => n.node === 'term')!;
    expect(term.interfaces[0]!.addresses.length).toBe(3); // a pool of 10 sampled to first, middle, last
    const fabric = fabricBatch(plan);
    expect(fabric.filter((l) => l.includes('type bridge')).length).toBe(t.segments.size);
    expect(fabric.filter((l) => l.includes('type veth')).length).toBe([...t.nodes.values()].reduce((n, x) => n + x.interfaces.size, 0));
  });

  it('compiles the firewall in the documented order, and a router without policy drop', async () => {
    const t = await fixture('firewall-gateway.yaml');
    const fw = planEmulation(t, { prefix: 'sp00aa11' }).nodes.find((n) => n.node === 'fw')!.policyNft!;
    const order = ['hook prerouting', 'dnat ip to 10.30.0.20', 'hook postrouting', 'snat ip to 203.0.113.1', 'hook forward', 'policy drop', 'ct state established,related accept', 'jump acl_2', 'jump acl_0', 'every applicable ACL permitted'];
    let at = -1;
    for (const needle of order) {
      const i = fw.indexOf(needle, at + 1);
      expect(i, needle).toBeGreaterThan(at);
      at = i;
    }
    expect(fw).toContain('counter drop comment "inet-to-lg: default deny"');
    expect(fw).toContain('counter return comment "inet-to-internet: default permit"');
    const r1 = planEmulation(await fixture('vrf-router.yaml'), { prefix: 'sp00aa11' }).nodes.find((n) => n.node === 'r1')!.policyNft!;
    expect(r1).toContain('policy accept;');
    expect(r1).not.toContain('ct state');
  });

  it('realises VRFs as policy routing with a closed table per VRF', async () => {
    const plan = planEmulation(await fixture('vrf-router.yaml'), { prefix: 'sp00aa11' });
    const r1 = plan.nodes.find((n) => n.node === 'r1')!;
    const tableOf = Object.fromEntries(r1.interfaces.map((i) => [i.name, i.table]));
    expect(tableOf.red).toBe(tableOf.redsrv);
    expect(tableOf.blue).toBe(tableOf.shared);
    expect(tableOf.red).not.toBe(tableOf.blue);
    expect(tableOf.red).not.toBe(MAIN_TABLE);
    const lines = nodeBatch(r1);
    expect(lines).toContain(`rule add pref 1000 iif red lookup ${tableOf.red}`);
    expect(lines).toContain(`route add blackhole 10.2.0.128/25 table ${tableOf.red}`);
    expect(lines).toContain(`route add 10.9.0.0/24 dev shared table ${tableOf.red}`); // the leak
    expect(lines.filter((l) => l.startsWith('route add unreachable 0.0.0.0/0')).length).toBe(2);
  });

  it('installs leaked routes as longest-prefix match decides, not as clipped to the leak', async () => {
    // mn holds a connected /24 under its own null /16; inet leaks the /24 from mn and has a null /16 too.
    const file = path.resolve(here, '../adversarial/26-vrf-null-route-leak.yaml');
    const text = readFileSync(file, 'utf8');
    const lines = async (t: string) => {
      const loaded = await loadTopologyText(t, file);
      if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => d.message).join('\n'));
      const pe = planEmulation(loaded.topology, { prefix: 'sp00aa11' }).nodes.find((n) => n.node === 'pe')!;
      const table = pe.interfaces.find((i) => i.name === 'inet')!.table;
      return nodeBatch(pe).filter((l) => l.endsWith(`table ${table}`));
    };
    const inet = await lines(text);
    expect(inet).toContain(`route add 10.10.10.0/24 dev mn_srv table ${inet[0]!.split(' ').pop()}`);
    expect(inet.filter((l) => l.includes('blackhole 10.10.10.'))).toEqual([]);
    // A route of the leaking-into VRF more specific than the leak keeps its part of it.
    const narrowed = await lines(text.replace('      - { prefix: 10.10.0.0/16, drop: true, vrf: inet }', '      - { prefix: 10.10.10.0/25, drop: true, vrf: inet }'));
    expect(narrowed.some((l) => l.startsWith('route add blackhole 10.10.10.0/25 '))).toBe(true);
    expect(narrowed.some((l) => l.startsWith('route add 10.10.10.128/25 dev mn_srv '))).toBe(true);
    expect(narrowed.some((l) => l.startsWith('route add 10.10.10.0/24 '))).toBe(false);
  });

  it('gateways filter input to their served side and ports', async () => {
    const plan = planEmulation(await fixture('firewall-gateway.yaml'), { prefix: 'sp00aa11' });
    const gw = plan.nodes.find((n) => n.node === 'vdi-gw')!.policyNft!;
    expect(gw).toContain('policy drop;');
    expect(gw).toMatch(/iifname "client" ip daddr .* tcp dport 3389 counter accept/);
  });

  it('puts the addresses a firewall answers for by NAT on its interface, and drops them untranslated', async () => {
    const t = await fixture('nat-published.yaml');
    const plan = planEmulation(t, { prefix: 'sp00aa11' });
    const fw = plan.nodes.find((n) => n.node === 'fw')!;
    const nat = Object.fromEntries(fw.interfaces.map((i) => [i.name, i.natAddresses.map(formatIpv4)]));
    expect(nat).toEqual({ outside: ['192.0.2.80', '192.0.2.90'], dmz: [] });
    const lines = nodeBatch(fw);
    const own = lines.indexOf('address add 192.0.2.1/24 dev outside noprefixroute');
    expect(own).toBeGreaterThanOrEqual(0);
    // After the interface's own address, which stays first for source selection.
    expect(lines.indexOf('address add 192.0.2.80/32 dev outside noprefixroute')).toBeGreaterThan(own);
    expect(lines.indexOf('address add 192.0.2.90/32 dev outside noprefixroute')).toBeGreaterThan(own);
    const input = fw.policyNft!.slice(fw.policyNft!.indexOf('chain input {'));
    expect(input.indexOf('ip daddr { 192.0.2.80, 192.0.2.90 } counter drop')).toBeGreaterThan(0);
    expect(input.indexOf('ip daddr { 192.0.2.80, 192.0.2.90 } counter drop')).toBeLessThan(input.indexOf('iifname "lo" accept'));
    // NAT to the firewall's own interface address adds nothing.
    const other = planEmulation(await fixture('firewall-gateway.yaml'), { prefix: 'sp00aa11' }).nodes.find((n) => n.node === 'fw')!;
    expect(other.interfaces.flatMap((i) => i.natAddresses)).toEqual([]);
    expect(other.policyNft).not.toMatch(/ip daddr .* counter drop comment "answered for by NAT/);
  });

  it('realises a large NAT claim only where probes and routes need it, and keeps an external on the segment from answering for it', async () => {
    const text = [
      'segproof: 1',
      'name: nat-wide',
      'zones: { CORE: { class: TRANSIT }, OUTSIDE: { class: INTERNET }, DMZ: { class: INET } }',
      'segments: { outside: { zone: OUTSIDE, prefix: 192.0.2.0/24 }, dmz: { zone: DMZ, prefix: 10.60.0.0/24 } }',
      'nodes:',
      '  fw:',
      '    zone: CORE',
      '    kind: router',
      '    interfaces: { outside: { segment: outside, address: 192.0.2.1 }, dmz: { segment: dmz, address: 10.60.0.1 } }',
      '    nat: [{ name: all-web, type: destination, interface: outside, service: tcp/443, translateTo: 10.60.0.10 }]',
      '  server: { kind: host, role: server, gateway: 10.60.0.1, interfaces: { eth0: { segment: dmz, address: 10.60.0.10 } } }',
      '  net: { kind: external, owns: 0.0.0.0/0, interfaces: { eth0: { segment: outside, address: 192.0.2.2 } }, routes: [{ prefix: 10.60.0.0/24, via: 192.0.2.1 }] }',
    ].join('\n');
    const loaded = await loadTopologyText(text, 'nat-wide.yaml');
    if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => d.message).join('; '));
    const probe: Probe = { id: 0, from: 'net', src: 0x08080808, dst: 0xc0000277, protocol: 6, srcPort: 40000, dstPort: 443, icmpType: 0, icmpCode: 0 };
    const plan = planEmulation(loaded.topology, { prefix: 'sp00aa11', probes: [probe] });
    const fw = plan.nodes.find((n) => n.node === 'fw')!;
    // 192.0.2.3-254 (neither the network, the broadcast, nor what fw and net hold): the first, the probed, the last.
    expect(fw.interfaces.find((i) => i.name === 'outside')!.natAddresses.map(formatIpv4)).toEqual(['192.0.2.3', '192.0.2.119', '192.0.2.254']);
    expect(plan.warnings.join('\n')).toMatch(/fw: answers by NAT on outside for .* \(252 addresses\); only the 3/);
    // The external owns everything but answers on the segment only for what nobody else does.
    const throws = plan.nodes.find((n) => n.node === 'net')!.routes.filter((r) => r.type === 'throw');
    const thrown = addressSetFromRanges(throws.map((r) => [r.prefix.network, r.prefix.network + 2 ** (32 - r.prefix.length) - 1] as const));
    for (const ip of [0xc0000201, 0xc0000203, 0xc0000277, 0xc00002fe]) expect(addressSetContains(thrown, ip)).toBe(true);
    expect(addressSetContains(thrown, 0xc0000202)).toBe(false);
  });

  it('routedVia is longest-prefix match over the node routes', async () => {
    const t = await fixture('vrf-router.yaml');
    const r1 = t.nodes.get('r1')!;
    const viaShared = routedVia(r1, 'blue', 'shared');
    expect(addressSetContains(viaShared, 0x0a09000a)).toBe(true);
    expect(addressSetContains(viaShared, 0x0a01000a)).toBe(false);
    const diff = addressSetMinus(addressSetFromRanges([[0, 100]]), addressSetFromRanges([[10, 20]]));
    expect(diff.ranges).toEqual([[0, 9], [21, 100]]);
  });
});

describe('rounds', () => {
  const probe = fc.record({ protocol: fc.constantFrom(1, 6, 17), srcPort: fc.integer({ min: 1, max: 40 }), dstPort: fc.integer({ min: 1, max: 40 }) });
  it('identify every probe at its destination by (protocol, source port) or echo id', () => {
    fc.assert(
      fc.property(fc.array(fc.array(probe, { maxLength: 40 }), { minLength: 1, maxLength: 3 }), (units) => {
        const probes: Probe[][] = units.map((u) => u.map((p, id) => ({ ...p, id, from: 'h', src: 1, dst: 2, icmpType: 8, icmpCode: 0 })));
        const rounds = assignRounds(probes.map((p) => ({ probes: p })));
        expect(rounds.flat().length).toBe(probes.flat().length);
        for (const round of rounds) {
          const byUnit = new Map<number, typeof round>();
          for (const s of round) byUnit.set(s.unit, [...(byUnit.get(s.unit) ?? []), s]);
          for (const sent of byUnit.values()) {
            const l4 = sent.filter((s) => s.probe.protocol !== 1);
            const sports = l4.map((s) => `${s.probe.protocol}/${s.probe.srcPort}`);
            expect(new Set(sports).size).toBe(sports.length);
            for (const s of l4) {
              // A reply (source port = the probe's destination port) is never another probe's key.
              const others = l4.filter((o) => o !== s).map((o) => `${o.probe.protocol}/${o.probe.srcPort}`);
              expect(others).not.toContain(`${s.probe.protocol}/${s.probe.dstPort}`);
            }
            const echo = sent.filter((s) => s.probe.protocol === 1).map((s) => s.echoId);
            expect(new Set(echo).size).toBe(echo.length);
          }
        }
      }),
    );
  });
});

describe('rounds under a neighbour budget', () => {
  // Each probe needs a few of a small pool of neighbour entries, so rounds share some and not others.
  const probe = fc.record({ protocol: fc.constantFrom(1, 6, 17), srcPort: fc.integer({ min: 1, max: 60 }), dstPort: fc.integer({ min: 1, max: 60 }), needs: fc.uniqueArray(fc.integer({ min: 0, max: 30 }), { maxLength: 8 }) });
  it('keep every probe, and no round with two or more probes needs more entries than the budget', () => {
    fc.assert(
      fc.property(fc.array(fc.array(probe, { maxLength: 30 }), { minLength: 1, maxLength: 3 }), fc.integer({ min: 1, max: 20 }), (units, budget) => {
        const probes: Probe[][] = units.map((u) => u.map((p, id) => ({ protocol: p.protocol, srcPort: p.srcPort, dstPort: p.dstPort, id, from: 'h', src: 1, dst: 2, icmpType: 8, icmpCode: 0 })));
        const needs = units.map((u) => (p: Probe) => (u[p.id]?.needs ?? []).map(String));
        const rounds = assignRounds(probes.map((p) => ({ probes: p })), { needs, budget });
        expect(rounds.flat().length).toBe(probes.flat().length);
        for (const round of rounds) {
          // Keys are per unit: the same entry name in two units is two namespaces' entries.
          const keys = new Set(round.flatMap((s) => needs[s.unit]!(s.probe).map((k) => `${s.unit}|${k}`)));
          if (round.length > 1) expect(keys.size).toBeLessThanOrEqual(budget);
        }
        // Without a budget the same probes never need more rounds.
        expect(assignRounds(probes.map((p) => ({ probes: p }))).length).toBeLessThanOrEqual(rounds.length);
      }),
    );
  });

  it('pace rounds so that entries used in the last few seconds stay within the budget', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ entries: fc.integer({ min: 0, max: 100 }), gapMs: fc.integer({ min: 0, max: 8000 }) }), { maxLength: 30 }), (rounds) => {
        const budget = 100;
        const pacer = new NeighbourPacer(budget);
        const ended: { endMs: number; entries: number }[] = [];
        let now = 0;
        for (const r of rounds) {
          now += pacer.delayMs(r.entries, now);
          // Slow, obvious twin: sum what ended within the window, at the moment the round starts.
          const live = ended.filter((e) => now - e.endMs < NEIGHBOUR_FRESH_MS).reduce((n, e) => n + e.entries, 0);
          expect(live + r.entries).toBeLessThanOrEqual(budget);
          now += r.gapMs;
          pacer.record(r.entries, now);
          ended.push({ endMs: now, entries: r.entries });
        }
      }),
    );
  });

  it('refuse a run only when one probe alone needs more entries than a round may use, naming the numbers', async () => {
    const t = await fixture('firewall-gateway.yaml');
    const probes = sampleProbes(t, { random: 20, seed: 3 });
    const needs = neighbourNeeds(t);
    const most = Math.max(...probes.map((p) => needs(p).length));
    expect(most).toBeGreaterThan(2);
    expect(neighbourOverflow(probes, needs, 7, 1024)).toBeUndefined();
    expect(neighbourOverflow(probes, needs, 7, 2 * most)).toBeUndefined();
    // A round may use half the limit (at least 16): a limit that leaves less than the worst probe is refused.
    const message = neighbourOverflow(probes, (p) => [...needs(p), ...Array.from({ length: 20 }, (_, i) => `pad${i}`)], 7, 2 * most);
    expect(message).toMatch(new RegExp(`needs ${most + 20} neighbour \\(ARP\\) entries, more than the ${Math.max(16, most)} a round may use: .*gc_thresh3 = ${2 * most}\\) is shared by all 7 namespaces`));
  });

  it('reads the kernel limit and budgets half of it', () => {
    expect(neighbourLimit('/nonexistent/gc_thresh3')).toBe(DEFAULT_NEIGHBOUR_LIMIT);
    expect(roundNeighbourBudget(1024)).toBe(512);
  });

  it('derives the entries a probe needs from the simulator trace: both ends of every hop', async () => {
    const t = await fixture('firewall-gateway.yaml');
    const needs = neighbourNeeds(t);
    // term → payroll crosses fw: term learns fw, fw learns term's member; fw learns payroll, payroll learns fw.
    const keys = needs({ id: 0, from: 'term', src: 0x0a1e0064, dst: 0x0a14000a, protocol: 6, srcPort: 40000, dstPort: 443, icmpType: 0, icmpCode: 0 });
    expect([...keys].sort()).toEqual(['fw|inet|10.30.0.100', 'fw|lg|10.20.0.10', 'payroll|eth0|10.20.0.1', 'term|eth0|10.30.0.1']);
    // Denied at the firewall: only the first hop's entries.
    const denied = needs({ id: 1, from: 'term', src: 0x0a1e0064, dst: 0x0a14000a, protocol: 6, srcPort: 40001, dstPort: 22, icmpType: 0, icmpCode: 0 });
    expect([...denied].sort()).toEqual(['fw|inet|10.30.0.100', 'term|eth0|10.30.0.1']);
  });
});

describe('parsers', () => {
  it('reads recorder sets and counters', () => {
    const json = JSON.stringify({ nftables: [{ set: { name: 'seen_l4', elem: [{ concat: ['10.0.0.1', 'tcp', 40001, '10.0.0.2', 80] }] } }, { set: { name: 'seen_icmp', elem: [{ elem: { val: { concat: ['10.0.0.1', '10.0.0.2', 7] } } }] } }] });
    expect(parseRecorder(json)).toEqual([
      { protocol: 6, src: '10.0.0.1', sportOrId: 40001, dst: '10.0.0.2', dport: 80 },
      { protocol: 1, src: '10.0.0.1', dst: '10.0.0.2', sportOrId: 7, dport: 0 },
    ]);
    const counters = parseCounters('table ip segproof {\n chain acl_0 {\n  tcp dport 22 counter packets 3 bytes 180 drop comment "x" # handle 4\n }\n}');
    expect([...counters.values()]).toEqual([{ packets: 3, text: 'acl_0: tcp dport 22 drop comment "x"' }]);
  });
});

describe('sampling', () => {
  it('is deterministic for a seed and probes the boundary ports of rules', async () => {
    const t = await fixture('firewall-gateway.yaml');
    const a = sampleProbes(t, { random: 20, seed: 5 });
    expect(sampleProbes(t, { random: 20, seed: 5 })).toEqual(a);
    const ports = new Set(a.filter((p) => p.protocol === 6).map((p) => p.dstPort));
    for (const p of [442, 443, 444, 3388, 3389, 3390]) expect(ports).toContain(p);
  });
});

describe('responders and probe source ports', () => {
  it('no responder listens on a (protocol, port) a probe from the same node uses as its source port', async () => {
    const t = await fixture('nat-published.yaml');
    const ends = [
      { node: 'client', ip: 0xc0000232 },
      { node: 'server', ip: 0x0a3c000a },
      { node: 'fw', ip: 0xc0000201 },
    ];
    const arbitraryProbe = fc.record({ from: fc.nat(2), to: fc.nat(2), protocol: fc.constantFrom(1, 6, 17), srcPort: fc.integer({ min: 1, max: 4 }), dstPort: fc.integer({ min: 1, max: 4 }) });
    fc.assert(
      fc.property(fc.array(arbitraryProbe, { maxLength: 30 }), (list) => {
        const probes: Probe[] = list.map((p, id) => ({ id, from: ends[p.from]!.node, src: ends[p.from]!.ip, dst: ends[p.to]!.ip, protocol: p.protocol, srcPort: p.protocol === 1 ? 0 : p.srcPort, dstPort: p.protocol === 1 ? 0 : p.dstPort, icmpType: p.protocol === 1 ? 8 : 0, icmpCode: 0 }));
        const plan = planEmulation(t, { prefix: 'sp00aa11', probes });
        for (const n of plan.nodes) {
          const sources = new Set(probes.filter((p) => p.from === n.node && p.protocol !== 1).map((p) => `${p.protocol}/${p.srcPort}`));
          const wanted = new Set(probes.filter((p) => p.protocol !== 1 && ends.find((e) => e.ip === p.dst)?.node === n.node).map((p) => `${p.protocol}/${p.dstPort}`));
          const listening = n.listeners.map((l) => `${l.protocol}/${l.port}`);
          for (const l of listening) expect(sources.has(l), `${n.node} listens on ${l}`).toBe(false);
          // Every other destination port still has its responder.
          expect(new Set(listening)).toEqual(new Set([...wanted].filter((w) => !sources.has(w))));
        }
      }),
    );
  });

  it('a probe that could not be sent is reported as such, never as a disagreement', () => {
    const probe: Probe = { id: 3, from: 'client', src: 0xc0000232, dst: 0xc0000201, protocol: 6, srcPort: 8080, dstPort: 22, icmpType: 0, icmpCode: 0 };
    const sim = [{ reached: true, at: 'fw', disposition: 'delivered', summary: '' }];
    const kernel = { arrivedAt: [], agent: 'not-sent:bind 192.0.2.50:8080 failed: EADDRINUSE', seen: [], notSent: 'bind 192.0.2.50:8080 failed: EADDRINUSE' };
    expect(kernelAgrees(sim, kernel)).toBe(false);
    const sent = { probe: { ...probe, id: 4 }, unit: 'u', sim, kernel: { arrivedAt: ['fw'], agent: 'connected', seen: [] }, agree: true };
    const summary = summarise([{ probe, unit: 'u', sim, kernel, agree: kernelAgrees(sim, kernel) }, sent]);
    expect(summary.disagreements).toEqual([]);
    expect(summary.agreements).toBe(1);
    expect(summary.notSent.map(formatNotSent)).toEqual(['[u] #3 client: 192.0.2.50 → 192.0.2.1 tcp 8080 → 22: not sent (bind 192.0.2.50:8080 failed: EADDRINUSE)']);
    expect(formatSummary(summary)).toMatch(/^2 probes: 1 agree, 0 disagree, 1 not sent \(1 delivered by the kernel\)\n.*not sent \(bind/);
  });
});

describe('probers', () => {
  type Job = { timeoutMs: number; concurrency: number; probes: { id: number; src: number; dst: number; protocol: number; srcPort: number; dstPort: number; echoId: number }[] };
  /** Runs a prober here (no namespace, no root), on loopback only: nothing leaves the machine. */
  function probeHere(prober: 'node' | 'perl', job: Job): Promise<Record<number, string>> {
    const [file, args, input, parse] =
      prober === 'node'
        ? [process.execPath, ['-e', AGENT_SOURCE, 'probe'], JSON.stringify(job), (out: string) => JSON.parse(out) as { id: number; outcome: string }[]]
        : ['perl', ['-e', PERL_PROBER_SOURCE], perlProberInput(job), parsePerlProberOutput];
    return new Promise((resolve, reject) => {
      const child = execFile(file, args, (error, stdout) => (error ? reject(error) : resolve(Object.fromEntries(parse(stdout).map((r) => [r.id, r.outcome])))));
      child.stdin?.end(input);
    });
  }
  const probers = hasProgram('perl') ? (['node', 'perl'] as const) : (['node'] as const);
  const loopback = 0x7f000001;

  it.each(probers)('%s: a probe whose source address and port cannot be bound is not sent, with the reason', async (prober) => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const port = (holder.address() as AddressInfo).port;
    try {
      const outcome = await probeHere(prober, {
        timeoutMs: 300,
        concurrency: 4,
        probes: [
          { id: 0, src: loopback, dst: loopback, protocol: 6, srcPort: port, dstPort: 9, echoId: 0 },
          { id: 1, src: 0xc0000263, dst: loopback, protocol: 6, srcPort: 40000, dstPort: 9, echoId: 0 },
          { id: 2, src: 0xc0000263, dst: loopback, protocol: 17, srcPort: 40000, dstPort: 9, echoId: 0 },
        ],
      });
      expect(outcome).toEqual({
        0: `not-sent:bind 127.0.0.1:${port} failed: EADDRINUSE`,
        1: 'not-sent:bind 192.0.2.99:40000 failed: EADDRNOTAVAIL',
        2: 'not-sent:bind 192.0.2.99:40000 failed: EADDRNOTAVAIL',
      });
    } finally {
      holder.close();
    }
  });

  it.skipIf(probers.length < 2)('perl and node probers give the same outcomes on loopback: connected, refused, reply, no-reply, echo reply', async () => {
    const tcp = createServer((s) => s.destroy());
    await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
    const udp = createSocket('udp4');
    udp.on('message', (msg, from) => udp.send(msg, from.port, from.address));
    await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
    // A port nobody holds: bound and closed again.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    try {
      const outcomes = [];
      for (const [k, prober] of probers.entries()) {
        // Each prober its own source ports (a reset connection leaves no TIME_WAIT, but keep them apart anyway).
        const base = 47000 + k * 10;
        outcomes.push(
          await probeHere(prober, {
            timeoutMs: 400,
            concurrency: 8,
            probes: [
              { id: 0, src: loopback, dst: loopback, protocol: 6, srcPort: base, dstPort: (tcp.address() as AddressInfo).port, echoId: 0 },
              { id: 1, src: loopback, dst: loopback, protocol: 6, srcPort: base + 1, dstPort: closedPort, echoId: 0 },
              { id: 2, src: loopback, dst: loopback, protocol: 17, srcPort: base + 2, dstPort: udp.address().port, echoId: 0 },
              { id: 3, src: loopback, dst: loopback, protocol: 17, srcPort: base + 3, dstPort: closedPort, echoId: 0 },
              ...(hasProgram('ping') ? [{ id: 4, src: loopback, dst: loopback, protocol: 1, srcPort: 0, dstPort: 0, echoId: base + 4 }] : []),
            ],
          }),
        );
      }
      expect(outcomes[0]).toEqual({ 0: 'connected', 1: 'refused', 2: 'reply', 3: 'no-reply', ...(hasProgram('ping') ? { 4: 'reply' } : {}) });
      expect(outcomes[1]).toEqual(outcomes[0]);
    } finally {
      tcp.close();
      udp.close();
    }
  });
});

describe('sampling around NAT addresses', () => {
  it('never sends from an address a firewall answers for by NAT (the kernel holds it there)', async () => {
    const t = await fixture('nat-published.yaml');
    const sampler = new ProbeSampler(t);
    for (const ip of [0xc0000250, 0xc000025a]) expect(sampler.spoofable('client', ip)).toBe(false); // .80, .90
    expect(sampler.spoofable('client', 0xc0000251)).toBe(true);
    const probes = sampleProbes(t, { random: 200, seed: 7 });
    expect(probes.some((p) => p.dst === 0xc0000250)).toBe(true);
    expect(probes.filter((p) => p.src === 0xc0000250 || p.src === 0xc000025a)).toEqual([]);
  });
});

describe('prerequisites', () => {
  it('name the apt-get command when a program is missing', () => {
    const saved = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      const r = checkPrerequisites();
      expect(r.ok).toBe(false);
      expect(r.problems.join('\n')).toContain(INSTALL_COMMAND);
    } finally {
      process.env.PATH = saved;
    }
  });
});
