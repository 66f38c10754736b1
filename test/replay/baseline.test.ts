/**
 * `replay --baseline` and flows without a sender: the same log through two versions reports exactly the
 * flows whose fate changed (per zone pair, with examples in both versions); rows whose source no node owns
 * are counted and shown, never started from the Internet, and fail the run unless allowed.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerReplayCommand } from '../../src/cli/commands/replay.js';
import { memoryIo } from '../../src/cli/io.js';
import { parseIpv4 } from '../../src/net/ipv4.js';
import { allocateFlowSet } from '../../src/replay/flowset.js';
import { runReplay } from '../../src/replay/replay.js';
import { loadTopology } from '../../src/topology/load.js';

const root = path.resolve(import.meta.dirname, '../..');
const city = path.join(root, 'test/replay/fixtures/small-city.yaml');

async function replay(args: string[]) {
  const io = memoryIo();
  let code = -1;
  const program = new Command('segproof').exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  registerReplayCommand(program, io, (c) => (code = c));
  await program.parseAsync(['node', 'segproof', 'replay', ...args, '--workers', '1']);
  return { code, out: io.out.join('\n'), err: io.err.join('\n') };
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'segproof-baseline-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const f = path.join(dir, name);
  writeFileSync(f, text);
  return f;
}

/** The small city with a vendor host (10.1.0.50) and a rule opening INET → MN tcp/443 to mnsrv. */
function changedCity(): string {
  const text = readFileSync(city, 'utf8');
  const opened = text.replace(
    '          - { name: block_all, action: deny }',
    '          - { name: temporary_vendor_access, action: permit, dst: 10.3.0.5, service: tcp/443 }\n          - { name: block_all, action: deny }',
  );
  const withVendor = opened.replace(
    '  fw:\n',
    '  vendor:\n    kind: host\n    role: terminal\n    gateway: 10.1.0.1\n    interfaces: { eth0: { segment: inet_lan, address: 10.1.0.50 } }\n  fw:\n',
  );
  expect(withVendor).not.toBe(text);
  expect(withVendor).toContain('temporary_vendor_access');
  expect(withVendor).toContain('10.1.0.50');
  return file('city-after.yaml', withVendor);
}

const HEADER = 'src,dst,proto,sport,dport\n';
/** Line 2: opened by the change; 3: unchanged; 4: a sender only the after version has; 5: no sender in either. */
const FLOWS = `${HEADER}10.1.0.10,10.3.0.5,tcp,49152,443\n10.1.0.10,10.2.0.5,tcp,49153,25\n10.1.0.50,10.2.0.5,tcp,49154,25\n10.1.0.99,10.2.0.5,tcp,49155,25\n`;

describe('replay: flows without a sender', () => {
  it('a source on a segment that no interface holds is reported, not started from the Internet, and fails the run', async () => {
    const flows = file('flows.csv', `${HEADER}10.1.0.10,10.2.0.5,tcp,49152,25\n10.1.0.99,10.2.0.5,tcp,49153,25\n10.1.0.98,10.3.0.5,tcp,49154,443\n`);
    const text = await replay([city, flows]);
    expect(text.code).toBe(1);
    expect(text.out).toContain('UNOWNED SOURCES: 2 flow rows (2 flows) have no sender in this topology and were not replayed');
    expect(text.out).toContain('10.1.0.99:49153 -> 10.2.0.5:25 tcp: no node owns the source address 10.1.0.99 and the row names no start');
    expect(text.out).toContain('replayed 1 flow rows (1 flows)');
    expect(text.out).toContain('the run fails (exit 1); --allow-unowned-sources accepts them');
    // Nothing of theirs reached any count: the Internet zone sent nothing.
    expect(text.out).not.toContain('Internet ->');

    const json = await replay([city, flows, '--json']);
    const report = JSON.parse(json.out) as { ok: boolean; complete: boolean; flows: number; unownedSources: { rows: number; weight: number; examples: { src: string; reason: string }[] }; matrix: { from: string }[] };
    expect(json.code).toBe(1);
    expect(report.ok).toBe(false);
    expect(report.complete).toBe(false);
    expect(report.flows).toBe(1);
    expect(report.unownedSources.rows).toBe(2);
    expect(report.unownedSources.examples.map((e) => e.src)).toEqual(['10.1.0.99', '10.1.0.98']);
    expect(report.matrix.map((m) => m.from)).toEqual(['INET']);

    const allowed = await replay([city, flows, '--allow-unowned-sources']);
    expect(allowed.code).toBe(0);
    expect(allowed.out).toContain('skipped: allowed by --allow-unowned-sources');
  });

  it('a source outside every segment that an external owns still starts there', async () => {
    const flows = file('flows.csv', `${HEADER}198.51.100.7,192.0.2.1,tcp,49152,443\n`);
    const json = JSON.parse((await replay([city, flows, '--json'])).out) as { unownedSources: { rows: number }; matrix: { from: string }[]; flows: number };
    expect(json.unownedSources.rows).toBe(0);
    expect(json.flows).toBe(1);
    expect(json.matrix.map((m) => m.from)).toEqual(['Internet']);
  });

  it('--out marks a flow without a sender as not replayed, with the reason', async () => {
    const flows = file('flows.csv', `${HEADER}10.1.0.99,10.2.0.5,tcp,49153,25\n10.1.0.10,10.2.0.5,tcp,49152,25\n`);
    const out = path.join(dir, 'fates.jsonl');
    await replay([city, flows, '--out', out, '--allow-unowned-sources']);
    const fates = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { disposition: string; reason?: string; line: number });
    expect(fates.map((f) => [f.line, f.disposition])).toEqual([[2, 'not-replayed'], [3, 'delivered']]);
    expect(fates[0]!.reason).toContain('no node owns the source address 10.1.0.99');
  });

  it('workers count them exactly as this thread does', async () => {
    const loaded = await loadTopology(city);
    if (!loaded.ok) throw new Error('small city does not load');
    const flows = allocateFlowSet(5000);
    for (let i = 0; i < flows.size; i++) {
      flows.src[i] = parseIpv4(i % 3 === 0 ? '10.1.0.99' : '10.1.0.10')!;
      flows.dst[i] = parseIpv4('10.2.0.5')!;
      flows.proto[i] = 6;
      flows.srcPort[i] = 49152;
      flows.dstPort[i] = 25;
      flows.start[i] = -1;
      flows.count[i] = 1 + (i % 2);
    }
    const single = await runReplay({ topology: loaded.topology, flows, workers: 1, chunkFlows: 700 });
    const pooled = await runReplay({ topology: loaded.topology, flows, workers: 2, chunkFlows: 700 });
    expect(single.totals.unowned).toBe(1667);
    expect(single.totals.flows).toBe(5000 - 1667);
    expect(pooled.totals.unowned).toBe(single.totals.unowned);
    expect(pooled.totals.unownedWeight).toBe(single.totals.unownedWeight);
    expect(pooled.totals.unownedSamples).toEqual(single.totals.unownedSamples);
    expect(pooled.totals.unownedSamples.slice(0, 3)).toEqual([0, 3, 6]);
  }, 30_000);
});

interface BaselineJson {
  ok: boolean;
  before: { unownedSources: { rows: number } };
  after: { unownedSources: { rows: number } };
  comparison: {
    rows: number;
    changedRows: number;
    newlyReached: number;
    noLongerReached: number;
    pairs: {
      from: string;
      to: string;
      rows: number;
      newlyReached: number;
      transitions: { before: string; after: string; rows: number }[];
      examples: { line: number; src: string; before: { sent: boolean; disposition: string; rule?: string; location?: string }; after: { sent: boolean; disposition: string; at?: string; rule?: string; location?: string } }[];
    }[];
  };
}

describe('replay --baseline', () => {
  it('reports exactly the flows whose fate changed, per zone pair, with the deciding rules in both versions', async () => {
    const after = changedCity();
    const flows = file('flows.csv', FLOWS);
    const r = await replay([after, flows, '--baseline', city, '--json']);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.out) as BaselineJson;
    expect(json.ok).toBe(false);
    expect(json.comparison.rows).toBe(4);
    expect(json.comparison.changedRows).toBe(2);
    expect(json.comparison.newlyReached).toBe(2);
    expect(json.comparison.noLongerReached).toBe(0);
    expect(json.before.unownedSources.rows).toBe(2);
    expect(json.after.unownedSources.rows).toBe(1);
    const pairs = Object.fromEntries(json.comparison.pairs.map((p) => [`${p.from}>${p.to}`, p]));
    expect(Object.keys(pairs).sort()).toEqual(['INET>LG', 'INET>MN']);
    const mn = pairs['INET>MN']!;
    expect(mn.transitions).toEqual([{ before: 'denied-in', after: 'delivered', rows: 1, weight: 1 }]);
    const e = mn.examples[0]!;
    expect(e.line).toBe(2);
    expect(e.before.rule).toBe('fw/inet_to_mn/block_all');
    expect(e.after).toMatchObject({ sent: true, disposition: 'delivered', at: 'mnsrv', rule: 'fw/inet_to_mn/temporary_vendor_access' });
    expect(e.after.location).toMatch(/city-after\.yaml:\d+$/);
    const lg = pairs['INET>LG']!;
    expect(lg.transitions).toEqual([{ before: 'not-sent', after: 'delivered', rows: 1, weight: 1 }]);
    expect(lg.examples[0]).toMatchObject({ line: 4, src: '10.1.0.50', before: { sent: false } });

    const text = await replay([after, flows, '--baseline', city]);
    expect(text.code).toBe(1);
    expect(text.out).toContain('2 of 4 flow rows (2 flows) changed fate: 2 newly reached, 0 no longer reached, 0 otherwise');
    expect(text.out).toContain('INET -> MN: 1 row (1 flows); 1 newly reached');
    expect(text.out).toMatch(/after: {2}delivered at mnsrv by fw\/inet_to_mn\/temporary_vendor_access \(.*city-after\.yaml:\d+\)/);
    expect(text.out).toContain('UNOWNED SOURCES (baseline');
  });

  it('the same version as its own baseline changes nothing and exits 0', async () => {
    const flows = file('flows.csv', FLOWS);
    const r = await replay([city, flows, '--baseline', city, '--allow-unowned-sources']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('no flow changed fate (4 flow rows compared)');
    // Rows without a sender still fail the run unless allowed.
    expect((await replay([city, flows, '--baseline', city])).code).toBe(1);
  });

  it('a start only one version has is a good row; the other version does not send it', async () => {
    const after = changedCity();
    const flows = file('flows.csv', 'src,dst,proto,sport,dport,start\n10.1.0.50,10.2.0.5,tcp,49154,25,vendor\n');
    const json = JSON.parse((await replay([after, flows, '--baseline', city, '--json'])).out) as BaselineJson;
    expect(json.comparison.changedRows).toBe(1);
    expect(json.comparison.pairs[0]!.transitions[0]).toMatchObject({ before: 'not-sent', after: 'delivered' });
    // Without the baseline that has it, the start is unknown: a bad row (the only one, so nothing is replayed).
    const alone = await replay([city, flows]);
    expect(alone.code).toBe(1);
    expect(alone.err).toContain('FLOW004');
  });

  it('--out writes both fates of every flow', async () => {
    const flows = file('flows.csv', FLOWS);
    const out = path.join(dir, 'fates.jsonl');
    await replay([changedCity(), flows, '--baseline', city, '--out', out]);
    const rows = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { line: number; changed: boolean; before: { disposition: string }; after: { disposition: string } });
    expect(rows.map((x) => [x.line, x.changed, x.before.disposition, x.after.disposition])).toEqual([
      [2, true, 'denied-in', 'delivered'],
      [3, false, 'delivered', 'delivered'],
      [4, true, 'not-sent', 'delivered'],
      [5, false, 'not-sent', 'not-sent'],
    ]);
  });

  it('a baseline that does not load is bad input', async () => {
    const flows = file('flows.csv', FLOWS);
    const r = await replay([city, flows, '--baseline', path.join(dir, 'missing.yaml')]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('missing.yaml');
  });
});
