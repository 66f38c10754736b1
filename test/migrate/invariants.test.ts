/** T4 names a changed MN element at its line in both steps; business flows that stop working are reported with their trace. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkT3 } from '../../src/migrate/t3-coexistence.js';
import { checkT4 } from '../../src/migrate/t4-mn-unchanged.js';
import { importFlows } from '../../src/replay/import.js';
import type { FilteringNode, Segment, Topology } from '../../src/topology/model.js';
import { REFERENCE, run, step } from './support.js';

describe('T4', () => {
  it('holds on the reference steps and names a changed MN rule with its position in both steps', async () => {
    const [s0, s3] = await Promise.all([step(REFERENCE[0] as string), step(REFERENCE[3] as string)]);
    expect(checkT4([s0, s3]).status).toBe('pass');
    const mnFirewall = [...s3.topology.nodes.values()].find((n): n is FilteringNode => (n.kind === 'firewall' || n.kind === 'router') && s3.topology.zones.get(n.zone)?.class === 'MN' && n.acls.some((a) => a.rules.length > 0))!;
    const acl = mnFirewall.acls.find((a) => a.rules.length > 0)!;
    const rule = acl.rules[0]!;
    const changed = { ...mnFirewall, acls: mnFirewall.acls.map((a) => (a === acl ? { ...a, rules: [{ ...rule, action: rule.action === 'permit' ? 'deny' as const : 'permit' as const }, ...a.rules.slice(1)] } : a)) };
    const edited = { ...s3, topology: { ...s3.topology, nodes: new Map([...s3.topology.nodes, [mnFirewall.name, changed]]) } };
    const t4 = checkT4([s0, edited]);
    expect(t4.status).toBe('fail');
    const where = `${rule.location!.file}:${rule.location!.line}:${rule.location!.column}`;
    expect(t4.violations.map((v) => v.summary)).toEqual([`MN configuration changes between ${s0.label} and ${s3.label}: node ${mnFirewall.name} acl ${acl.name} rule ${rule.name} differs (${s0.label}: ${where}; ${s3.label}: ${where}).`]);
  });
});

describe('business flows', () => {
  it('reports a flow that works in one step and fails in the next, with its trace', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'segproof-migrate-'));
    const file = path.join(dir, 'flows.csv');
    // Step 1's terminals reach the renumbered file server over SMB; step 2's INET terminals may not (β′).
    writeFileSync(file, 'src,dst,proto,sport,dport\n10.20.0.10,10.21.10.13,tcp,49152,445\n10.20.0.10,10.20.10.14,tcp,49152,443\n');
    const imported = await importFlows(file, { keepLines: true });
    const report = await run([REFERENCE[1] as string, REFERENCE[2] as string], { flows: { file, set: imported.flows!, lines: imported.lines } });
    const flows = report.sequence.find((c) => c.id === 'flows');
    expect(flows?.status).toBe('fail');
    expect(flows?.violations.map((v) => v.summary)).toEqual([`business flow ${file}:2 (10.20.0.10 → 10.21.10.13 tcp/445) works in step1-new-lg and fails in step2-redesignate.`]);
    expect(flows?.violations[0]?.details?.join('\n')).toMatch(/denied-in|no policy|deny/);
  });
});

describe('T3', () => {
  const withSegment = (t: Topology, s: Segment, tenantVrf?: string): Topology => ({
    ...t,
    segments: new Map([...t.segments, [s.name, s]]),
    logicalNetworks: tenantVrf ? new Map([...t.logicalNetworks, [tenantVrf, { name: tenantVrf, tenant: 'another town' }]]) : t.logicalNetworks,
  });
  const prefix = (a: number, b: number, c: number, length: number) => ({ network: ((a << 24) | (b << 16) | (c << 8)) >>> 0, length });

  it('finds a shared VLAN ID and an overlap in another VRF of the same network, but not in a tenant\'s VRF', async () => {
    const { topology } = await step(REFERENCE[1] as string);
    expect(checkT3(topology, 'step1').status).toBe('pass');
    const sameVlan = withSegment(topology, { name: 'spare', zone: 'LG_NEW', prefix: prefix(10, 21, 60, 24), vlan: 210, vrf: 'default', location: undefined });
    expect(checkT3(sameVlan, 'edited').violations.map((v) => v.summary)).toEqual(['In edited, segments cur_lg_servers and spare share VLAN 210.']);
    const otherVrf = withSegment(topology, { name: 'copy', zone: 'LG_NEW', prefix: prefix(10, 21, 10, 25), vrf: 'staging', location: undefined });
    expect(checkT3(otherVrf, 'edited').violations.map((v) => v.summary)).toEqual(['In edited, segment new_lg_servers (10.21.10.0/24, VRF default) overlaps segment copy (10.21.10.0/25, VRF staging).']);
    const tenantVrf = withSegment(topology, { name: 'copy', zone: 'LG_NEW', prefix: prefix(10, 21, 10, 25), vrf: 'tenant', location: undefined }, 'tenant');
    expect(checkT3(tenantVrf, 'edited').status).toBe('pass');
  });
});
