/**
 * A rule written with `log: true` keeps the flag in the model, says so in traces, and emits an nftables
 * `log prefix "…"` before its verdict. Only the emitted text is checked here: no namespace is created.
 */
import { describe, expect, it } from 'vitest';
import { compileFilteringNode, logStatement } from '../../src/emulate/nft.js';
import { flowsFor } from '../../src/engine/flow.js';
import { renderTraces, tracesToJson } from '../../src/engine/render.js';
import { traceFlow } from '../../src/engine/simulate.js';
import { loadTopologyText } from '../../src/topology/load.js';
import type { FilteringNode, Topology } from '../../src/topology/model.js';

const TOPOLOGY = `segproof: 1
name: logged
zones:
  INET: { class: INET }
  MN: { class: MN }
  CORE: { class: TRANSIT }
segments:
  inet-lan: { zone: INET, prefix: 10.30.0.0/24 }
  mn-lan: { zone: MN, prefix: 10.10.0.0/24 }
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
  pc:
    kind: host
    role: terminal
    gateway: 10.30.0.1
    interfaces: { eth0: { segment: inet-lan, address: 10.30.0.10 } }
  mnsrv:
    kind: host
    role: server
    gateway: 10.10.0.1
    interfaces: { eth0: { segment: mn-lan, address: 10.10.0.5 } }
`;

async function load(): Promise<Topology> {
  const r = await loadTopologyText(TOPOLOGY, 'logged.yaml');
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  return r.topology;
}

describe('log: true', () => {
  it('is carried into the model rule; rules without it have none', async () => {
    const fw = (await load()).nodes.get('fw') as FilteringNode;
    const [web, denyAndLog] = fw.acls[0]!.rules;
    expect(web!.log).toBeUndefined();
    expect(denyAndLog!.log).toBe(true);
  });

  it('traces say the deciding rule logs, in text and JSON', async () => {
    const topology = await load();
    const flow = (dport: number) => {
      const flows = flowsFor(topology, { from: 'pc', to: '10.10.0.5', protocol: 6, dstPort: dport });
      if (!flows.ok) throw new Error(flows.diagnostic.message);
      return traceFlow(topology, flows.value[0]!);
    };
    const denied = flow(22);
    expect(renderTraces(denied)).toContain('acl INET_TO_MN [zone-pair INET -> MN]: deny by rule deny-and-log (logged) (logged.yaml:');
    expect(JSON.stringify(tracesToJson(denied))).toContain('"rule":"deny-and-log","location":"logged.yaml:23:13","logged":true');
    const permitted = flow(443);
    expect(renderTraces(permitted)).toContain('permit by rule web (logged.yaml:');
    expect(renderTraces(permitted)).not.toContain('(logged)');
  });

  it('emits `log prefix` before the verdict of the logged rule only', async () => {
    const topology = await load();
    const nft = compileFilteringNode(topology, topology.nodes.get('fw') as FilteringNode, (name) => `e-${name}`);
    const lines = nft.split('\n');
    const logged = lines.filter((l) => l.includes(' log '));
    expect(logged).toEqual([
      '    counter log prefix "INET_TO_MN/deny-and-log deny: " drop comment "INET_TO_MN: deny rule deny-and-log (logged.yaml:23)"',
    ]);
    expect(lines.find((l) => l.includes('rule web'))).toBe(
      '    ip daddr 10.10.0.5 meta l4proto tcp tcp dport 443 counter return comment "INET_TO_MN: permit rule web (logged.yaml:22)"',
    );
  });

  it('keeps the prefix within the kernel limit and free of quotes and control characters', () => {
    const statement = logStatement('A"CL\u001b', 'r'.repeat(200), 'permit');
    const prefix = /^log prefix "(.*)"$/.exec(statement)![1]!;
    expect(Buffer.byteLength(prefix)).toBeLessThanOrEqual(64);
    expect(prefix).toMatch(/^A'CL\\x1b\/r+\.\.\.: $/);
  });
});
