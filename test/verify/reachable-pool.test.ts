/**
 * `reachable` asks for every member of `from`: a pool of terminals reaches only when each of its addresses
 * does (a rule opening the flow for one terminal of thirty leaves the other twenty-nine cut off), through
 * source NAT too (the injected sources count, not the translated ones).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadTopologyText } from '../../src/topology/load.js';
import { parseScenarioText, resolveScenario } from '../../src/verify/scenario/load.js';
import { KNOWN_CHECK_IDS } from '../../src/verify/packs/index.js';
import { verifyTopology } from '../../src/verify/verify.js';

const BASE = readFileSync('test/adversarial/11-proxy-crossing-secure.yaml', 'utf8');
const SCENARIO = `scenario: 1
topology: pool.yaml
properties:
  - name: staff-reach-gateway
    reachable: { from: inet-terminals, to: lg-access, service: tcp/443 }
`;

async function status(text: string): Promise<string | undefined> {
  const loaded = await loadTopologyText(text, 'pool.yaml');
  if (!loaded.ok) throw new Error('topology did not load');
  const parsed = parseScenarioText(SCENARIO, 'pool.scenario.yaml');
  if (!parsed.ok) throw new Error('scenario did not parse');
  const resolved = resolveScenario(parsed.value, loaded.topology, KNOWN_CHECK_IDS);
  if (!resolved.ok) throw new Error('scenario did not resolve');
  const report = verifyTopology(loaded.topology, { topologyFile: 'pool.yaml', scenario: resolved.value, noPack: true });
  return report.results.find((r) => r.id === 'staff-reach-gateway')?.status;
}

describe('reachable from a pool', () => {
  it('holds when every terminal of the pool gets through', async () => {
    expect(await status(BASE)).toBe('pass');
  });

  it('fails when the rule lets one terminal of the pool through', async () => {
    const one = BASE.replace('src: INET_TERMINALS, dst: GW_INET, service: HTTPS', 'src: 10.30.0.10, dst: GW_INET, service: HTTPS');
    expect(one).not.toBe(BASE);
    expect(await status(one)).toBe('fail');
  });
});
