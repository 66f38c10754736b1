/**
 * A segment whose prefix cannot be read is reported once: it still counts as declared, so interfaces,
 * next hops and address references that name it add no "unknown segment" or next-hop errors on top.
 */
import { describe, expect, it } from 'vitest';
import { loadTopologyText } from '../../src/topology/load.js';

const topology = (lanPrefix: string): string => `segproof: 1
name: cascade
zones:
  INET: { class: INET }
  Internet: { class: INTERNET }
segments:
  lan: { zone: INET, prefix: ${lanPrefix} }
  edge: { zone: Internet, prefix: 192.0.2.0/24 }
nodes:
  pc:
    kind: host
    role: terminal
    gateway: 10.1.0.1
    interfaces: { eth0: { segment: lan, address: 10.1.0.10 } }
  web:
    kind: host
    role: server
    gateway: 10.1.0.1
    interfaces: { eth0: { segment: lan, address: 10.1.0.5 } }
  fw:
    kind: firewall
    zone: INET
    interfaces:
      inside: { segment: lan, address: 10.1.0.1 }
      out: { segment: edge, address: 192.0.2.1 }
    routes:
      - { prefix: 10.9.0.0/16, via: 10.1.0.254 }
      - { prefix: 0.0.0.0/0, via: 192.0.2.254 }
    acls:
      - name: lan_out
        bind: { fromZone: INET, toZone: Internet }
        default: deny
        rules:
          - { name: web_out, action: permit, src: lan, service: tcp/443 }
  internet:
    kind: external
    owns: 0.0.0.0/0
    interfaces: { up: { segment: edge, address: 192.0.2.254 } }
`;

describe('a malformed segment prefix', () => {
  it('the topology with a good prefix loads (the fixture is otherwise valid)', async () => {
    const result = await loadTopologyText(topology('10.1.0.0/24'), 'cascade.yaml');
    expect(result.ok ? [] : result.diagnostics).toEqual([]);
  });

  for (const bad of ['10.1.0.0/33', '10.1.0.0/2x', '10.1.0.300/24', '10.1.0.1/24']) {
    it(`"${bad}" gives exactly one error, at the prefix`, async () => {
      const result = await loadTopologyText(topology(bad), 'cascade.yaml');
      expect(result.ok).toBe(false);
      const diagnostics = result.ok ? [] : result.diagnostics;
      expect(diagnostics.map((d) => `${d.code} ${d.location?.line}:${d.location?.column}`)).toEqual([
        `${bad === '10.1.0.1/24' ? 'TOPO041' : 'TOPO040'} 7:30`,
      ]);
    });
  }

  it('an interface on a segment that is really undeclared is reported once, without a next-hop error', async () => {
    const result = await loadTopologyText(topology('10.1.0.0/24').replace('segment: lan, address: 10.1.0.10', 'segment: lann, address: 10.1.0.10'), 'cascade.yaml');
    expect(result.ok ? [] : result.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual(['TOPO021 unknown segment "lann"']);
  });
});
