/**
 * The TUM firewall's two dumps, nine months apart, as a diff fixture: both imported standalone under one
 * device name, then `segproof diff` says what the operators changed (see the README's Linux section).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT, memoryIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { datasetFolder } from '../acl/datasets.js';

const tum = datasetFolder('tum-net-iptables');
const dir = mkdtempSync(path.join(os.tmpdir(), 'segproof-tum-diff-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(args: string[]): Promise<{ code: number; out: string }> {
  const io = memoryIo();
  const code = await main(['node', 'segproof', ...args], io);
  return { code, out: io.out.join('\n') };
}

interface Change { direction: 'new' | 'removed'; source: string; destination: string; headers: string }

describe.skipIf(!tum)('TUM 2015 → 2016 as a diff fixture', () => {
  it('shows what nine months of operator edits changed, per subnet', async () => {
    const at = (name: string) => path.join(tum as string, name);
    for (const [date, addr] of [['2015-09-03_15-56-50', '2015-09-03_15-56-50'], ['2016-06-27_16-29-01', '2016-06-27_16-29-01']] as const) {
      // No ip route dump exists for 2015; its IPv4 ip addr equals 2016's, so 2016's routes serve both.
      // --allow-partial: the dumps give 23 interfaces IPv6 addresses, so the router may forward IPv6 past the
      // IPv4 rules (unknown, verdict-changing); the diff compares the IPv4 rule sets all the same.
      const r = await cli(['import', 'iptables-save', at(`iptables-save-${date}`), at(`ip-addr-${addr}`), at('ip-route-2016-06-27_16-29-01'), '--name', 'tum', '--allow-partial', '-o', path.join(dir, `${date.slice(0, 4)}.yaml`)]);
      expect(r.code).toBe(EXIT.ok);
    }
    const diff = await cli(['diff', path.join(dir, '2015.yaml'), path.join(dir, '2016.yaml'), '--no-witness', '--json']);
    const report = JSON.parse(diff.out) as { changes: Change[]; ruleChanges: unknown[] };
    const count = (direction: string) => report.changes.filter((c) => c.direction === direction).length;
    console.log(`TUM 2015 → 2016: ${report.changes.length} reach changes (${count('new')} new, ${count('removed')} removed), ${report.ruleChanges.length} rule changes`);
    expect([report.changes.length, count('new'), count('removed'), report.ruleChanges.length]).toEqual([463, 279, 184, 903]);
    // eth1.1025 (185.86.232.0/22) opened to every TCP/UDP port from the uplink.
    const opened = report.changes.find((c) => c.direction === 'new' && c.source === 'tum_eth0' && c.destination === 'subnet-tum_eth1_1025');
    expect(opened?.headers).toMatch(/dst 185\.86\.232\.0\/32, 185\.86\.232\.3-185\.86\.235\.254 proto tcp,udp dport 1-65535/);
  });
});
