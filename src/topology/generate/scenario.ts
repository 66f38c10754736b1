/**
 * The scenario a generated municipality relies on: the one approved crossing its design makes, MN →
 * 中間サーバー over LGWAN through `relay-chukan` (docs/guideline-basis.md#b-mn-external). Written beside the
 * topology (`NAME.scenario.yaml`, which `segproof verify` finds by name), so a generated network holds under
 * its model's pack unless a leak was injected; without it the relay is reported as an MN → LGWAN crossing.
 */
import path from 'node:path';
import { stringify } from 'yaml';

/** The scenario file beside a topology file: `town.yaml` → `town.scenario.yaml`. */
export function scenarioFileFor(topologyFile: string): string {
  const parsed = path.parse(topologyFile);
  return path.join(parsed.dir, `${parsed.name}.scenario.yaml`);
}

/** The scenario document (format: docs/scenario-format.md) for a municipality written to `topologyFile`. */
export function municipalityScenario(topologyFile: string): Record<string, unknown> {
  return {
    scenario: 1,
    topology: path.basename(topologyFile),
    description: 'The approved crossings of a generated municipality (segproof generate).',
    exceptions: [
      {
        name: 'chukan-server-relay',
        justification:
          'MN → 中間サーバー・プラットフォーム over LGWAN is an approved MN-initiated flow (対策基準 3.(1)①: 通信経路の限定 + ポート限定): ' +
          '宛名 and the connector hand their data to relay-chukan on HTTPS only, over a VLAN the three share with nobody else; the relay pins them by address and MAC and forwards to the platform alone.',
        'applies-to': ['R2', 'F4'],
        from: 'chukan-senders',
        to: 'relay-chukan',
        service: 'svc-https',
      },
    ],
  };
}

export function serialiseScenario(topologyFile: string): string {
  return `# Approved crossings of the generated municipality in ${path.basename(topologyFile)}; segproof verify reads this file by name.\n${stringify(municipalityScenario(topologyFile), { lineWidth: 0 })}`;
}
