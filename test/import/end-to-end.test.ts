/**
 * The whole path a designer takes: a router's configuration imported into a hand-written topology as an
 * include fragment, verified with a scenario, and traced back to the vendor line that decides.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT, memoryIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'segproof-import-e2e-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HOST = `segproof: 1
name: town
include: [core.yaml]
zones:
  INET: { class: INET }
  LG: { class: LG }
  INFRA: { class: TRANSIT }
segments:
  inet_lan: { zone: INET, prefix: 10.30.0.0/24 }
  lg_lan: { zone: LG, prefix: 10.20.0.0/24 }
nodes:
  inet-pc: { kind: host, role: terminal, gateway: 10.30.0.1, interfaces: { eth0: { segment: inet_lan, address: 10.30.0.10 } } }
  lg-server: { kind: host, role: server, gateway: 10.20.0.1, interfaces: { eth0: { segment: lg_lan, address: 10.20.0.5 } } }
`;

const SCENARIO = `scenario: 1
topology: town.yaml
properties:
  - name: inet-never-reaches-lg
    isolated: { from: inet-pc, to: lg-server }
`;

function config(lastRule: string): string {
  return [
    'hostname core',
    '!',
    'interface GigabitEthernet0/0',
    ' description INET side',
    ' ip address 10.30.0.1 255.255.255.0',
    ' ip access-group FROM_INET in',
    '!',
    'interface GigabitEthernet0/1',
    ' ip address 10.20.0.1 255.255.255.0',
    '!',
    'ip access-list extended FROM_INET',
    ' 10 permit udp 10.30.0.0 0.0.0.255 host 10.20.0.53 eq domain',
    ` 20 ${lastRule}`,
    '!',
    'end',
    '',
  ].join('\n');
}

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo();
  const code = await main(['node', 'segproof', ...args], io);
  return { code, out: io.out.join('\n'), err: io.err.join('\n') };
}

describe('import into a hand-written topology, then verify', () => {
  writeFileSync(path.join(dir, 'town.yaml'), HOST);
  writeFileSync(path.join(dir, 'scenario.yaml'), SCENARIO);

  it('a closed router: the fragment loads into the topology and the isolation holds', async () => {
    writeFileSync(path.join(dir, 'core.cfg'), config('deny ip any any'));
    const imported = await cli(['import', 'cisco-ios', path.join(dir, 'core.cfg'), '--topology', path.join(dir, 'town.yaml'), '-o', path.join(dir, 'core.yaml')]);
    expect(imported.err).toContain('0 unknown (0 verdict-changing); complete');
    expect(imported.code).toBe(EXIT.ok);
    const fragment = readFileSync(path.join(dir, 'core.yaml'), 'utf8');
    expect(fragment).toContain('segment: inet_lan');
    expect(fragment).toContain('partial: false');
    const verified = await cli(['verify', path.join(dir, 'town.yaml'), '--scenario', path.join(dir, 'scenario.yaml')]);
    expect(verified.out).toContain('All checked properties hold');
    expect(verified.code).toBe(EXIT.ok);
  });

  it('an opened router: the violation is traced to the vendor line that permits it', async () => {
    writeFileSync(path.join(dir, 'core.cfg'), config('permit tcp any any eq 445'));
    expect((await cli(['import', 'cisco-ios', path.join(dir, 'core.cfg'), '--topology', path.join(dir, 'town.yaml'), '-o', path.join(dir, 'core.yaml')])).code).toBe(EXIT.ok);
    const verified = await cli(['verify', path.join(dir, 'town.yaml'), '--scenario', path.join(dir, 'scenario.yaml')]);
    expect(verified.code).toBe(EXIT.violation);
    expect(verified.out).toMatch(/acl FROM_INET\S* \[in on GigabitEthernet0_0\]: permit by rule s20 \([^)]*core\.yaml:\d+\) — [^\n]*core\.cfg:13 20 permit tcp any any eq 445/);
  });

  it('a line it cannot read refuses the import, and --allow-partial makes verify say the model is partial', async () => {
    writeFileSync(path.join(dir, 'core.cfg'), config('deny ip any any').replace('!\nend', 'ip policy route-map STEER\n!\nend'));
    const refused = await cli(['import', 'cisco-ios', path.join(dir, 'core.cfg'), '--topology', path.join(dir, 'town.yaml'), '-o', path.join(dir, 'partial.yaml')]);
    expect(refused.code).toBe(EXIT.badInput);
    expect(refused.err).toContain('IMP001');
    const partial = await cli(['import', 'cisco-ios', path.join(dir, 'core.cfg'), '--topology', path.join(dir, 'town.yaml'), '-o', path.join(dir, 'core.yaml'), '--allow-partial']);
    expect(partial.code).toBe(EXIT.ok);
    const verified = await cli(['verify', path.join(dir, 'town.yaml'), '--scenario', path.join(dir, 'scenario.yaml')]);
    expect(verified.out).toContain('PARTIAL MODEL');
    expect(verified.code).toBe(EXIT.violation);
  });
});
