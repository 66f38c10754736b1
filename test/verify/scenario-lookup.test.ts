/**
 * The one rule for finding a scenario: by the topology file's name, as <name>.scenario.yaml beside the
 * topology, in ../scenarios/ beside the topology's folder, then in the working directory's scenarios/.
 * The report says which file was used, or that none was found and where segproof looked.
 */
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runVerify } from './helpers.js';

const secure = path.join('test', 'adversarial', '01-mn-lg-secure.yaml');

function scratch(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'segproof-lookup-'));
  mkdirSync(path.join(dir, 'topologies'));
  copyFileSync(secure, path.join(dir, 'topologies', 'town.yaml'));
  return dir;
}

describe('scenario lookup', () => {
  it('without a scenario, the report says none was found and names the files it looked for', async () => {
    const dir = scratch();
    const { code, out } = await runVerify([path.join(dir, 'topologies', 'town.yaml'), '--no-pack']);
    expect(code).toBe(0);
    const beside = path.relative(process.cwd(), path.join(dir, 'topologies', 'town.scenario.yaml'));
    const above = path.relative(process.cwd(), path.join(dir, 'scenarios', 'town.yaml'));
    expect(out).toContain(`No scenario: none given with --scenario, and none found by the topology file's name at ${beside} or ${above} or scenarios/town.yaml`);
  });

  it('finds ../scenarios/<topology file name>.yaml (not the topology\'s name: key) and says so', async () => {
    const dir = scratch();
    mkdirSync(path.join(dir, 'scenarios'));
    const scenario = path.join(dir, 'scenarios', 'town.yaml');
    writeFileSync(scenario, 'scenario: 1\ntopology: ../topologies/town.yaml\nproperties:\n  - name: town-mn-apart\n    isolated: { from: class:LG, to: class:MN }\n');
    const { code, out } = await runVerify([path.join(dir, 'topologies', 'town.yaml'), '--no-pack']);
    expect(code).toBe(0);
    expect(out).toContain(`Scenario ${path.relative(process.cwd(), scenario)} (found by the topology file's name)`);
    expect(out).toContain('town-mn-apart');
  });

  it('--scenario is used as given, and the report says it came from the option', async () => {
    const { out } = await runVerify(['topologies/beta-prime-city.yaml', '--scenario', 'scenarios/beta-prime-city.yaml', '--no-pack']);
    expect(out).toContain('Scenario scenarios/beta-prime-city.yaml (--scenario)');
  });
});
