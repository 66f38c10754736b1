/** `segproof describe` lists the policy of every firewall and router: ACLs, bindings, rule counts, defaults. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerDescribeCommand } from '../../src/cli/commands/describe.js';
import { memoryIo } from '../../src/cli/io.js';
import { loadTopologyText } from '../../src/topology/load.js';
import { summarisePolicies } from '../../src/topology/policy-summary.js';

const TOPOLOGY = `segproof: 1
name: policies
zones:
  INET: { class: INET }
  MN: { class: MN }
  CORE: { class: TRANSIT }
segments:
  inet-lan: { zone: INET, prefix: 10.30.0.0/24 }
  mn-lan: { zone: MN, prefix: 10.10.0.0/24 }
  mn-core: { zone: MN, prefix: 10.10.1.0/24 }
nodes:
  fw:
    kind: firewall
    zone: CORE
    interfaces:
      inet: { segment: inet-lan, address: 10.30.0.1 }
      mn: { segment: mn-lan, address: 10.10.0.1 }
    acls:
      - name: INET_TO_MN
        bind: { fromZone: INET, toZone: MN }
        default: deny
        rules:
          - { name: web, action: permit, dst: 10.10.0.5, service: tcp/443 }
          - { name: deny-and-log, action: deny, log: true }
      - name: MN_IN
        bind: { interface: mn, direction: in }
        default: permit
        rules:
          - { name: no-telnet, action: deny, service: tcp/23 }
  rt:
    kind: router
    interfaces:
      a: { segment: mn-lan, address: 10.10.0.2 }
      b: { segment: mn-core, address: 10.10.1.1 }
  bare-fw:
    kind: firewall
    zone: MN
    interfaces:
      a: { segment: mn-core, address: 10.10.1.2 }
`;

async function topology() {
  const r = await loadTopologyText(TOPOLOGY, 'policies.yaml');
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  return r.topology;
}

describe('policy summary', () => {
  it('counts each ACL\'s rules by action and logging, with its binding, default and place', async () => {
    expect(summarisePolicies(await topology())).toEqual([
      {
        node: 'fw', kind: 'firewall', zone: 'CORE', stateful: true, withoutAcl: 'deny',
        acls: [
          { name: 'INET_TO_MN', binding: 'zone-pair INET -> MN', rules: 2, permits: 1, denies: 1, logged: 1, defaultAction: 'deny', location: 'policies.yaml:19' },
          { name: 'MN_IN', binding: 'in on mn', rules: 1, permits: 0, denies: 1, logged: 0, defaultAction: 'permit', location: 'policies.yaml:25' },
        ],
      },
      { node: 'rt', kind: 'router', zone: 'MN', stateful: false, withoutAcl: 'permit', acls: [] },
      { node: 'bare-fw', kind: 'firewall', zone: 'MN', stateful: true, withoutAcl: 'deny', acls: [] },
    ]);
  });

  it('describe prints them, and names the nodes without an ACL with what that means', async () => {
    const io = memoryIo();
    let code = -1;
    const program = new Command('segproof').exitOverride();
    registerDescribeCommand(program, io, (c) => (code = c));
    const dir = mkdtempSync(path.join(tmpdir(), 'segproof-describe-'));
    try {
      const file = path.join(dir, 'policies.yaml');
      writeFileSync(file, TOPOLOGY);
      await program.parseAsync(['node', 'segproof', 'describe', file]);
      const text = io.out.join('\n');
      expect(code).toBe(0);
      const lines = text.split('\n');
      const start = lines.indexOf('Policies (ACLs of firewalls and routers; every applicable ACL must permit)');
      expect(start).toBeGreaterThan(0);
      expect(lines[start + 1]!.split(/\s{2,}/)).toEqual(['node', 'acl', 'binding', 'rules', 'permit/deny', 'logged', 'default', 'at']);
      expect(lines[start + 3]!.split(/\s{2,}/)).toEqual(['fw (firewall, stateful; no ACL: deny)', 'INET_TO_MN', 'zone-pair INET -> MN', '2', '1/1', '1', 'deny', `${file}:19`]);
      expect(lines[start + 4]!.trim().split(/\s{2,}/)).toEqual(['MN_IN', 'in on mn', '1', '0/1', '0', 'permit', `${file}:25`]);
      expect(lines).toContain('  firewalls without an ACL (1), which deny everything they would forward (no policy, no passage): bare-fw');
      expect(lines).toContain('  routers without an ACL (1), which permit everything they route: rt');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
