import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT, memoryIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { LineLedger, ledgerDiagnostics, summarise } from '../../src/import/ledger.js';
import { NameSpace, safeName } from '../../src/import/names.js';
import { placeDevice } from '../../src/import/placement.js';
import { renderImport } from '../../src/import/render.js';
import type { DeviceImport } from '../../src/import/types.js';
import { loadTopologyText } from '../../src/topology/load.js';

describe('line ledger', () => {
  it('counts every line and treats a line nobody marked as verdict-changing', () => {
    const ledger = new LineLedger('fw.cfg', 'hostname fw\n\n! comment\naccess-list 1 permit any\nmystery 42\n');
    ledger.ignored(1, 'hostname');
    ledger.ignored(3, 'comment');
    ledger.understood(4);
    const summary = summarise([ledger]);
    expect(summary).toMatchObject({ lines: 5, understood: 1, ignored: 3, unknown: 1, unknownVerdictChanging: 1 });
    const diagnostics = ledgerDiagnostics([ledger], false);
    expect(diagnostics.map((d) => [d.code, d.severity, d.location?.line])).toEqual([['IMP001', 'error', 5]]);
    expect(ledgerDiagnostics([ledger], true)[0]?.severity).toBe('warning');
  });

  it('keeps an unknown or approximated mark when a later pass calls the line understood', () => {
    const ledger = new LineLedger('a', 'x\ny\n');
    ledger.approximated(1, 'mac match widened to any MAC');
    ledger.understood(1);
    ledger.unknown(2, 'odd', false);
    ledger.understood(2);
    expect(ledger.records().map((r) => r.fate)).toEqual(['approximated', 'unknown']);
    expect(summarise([ledger]).unknownVerdictChanging).toBe(0);
  });
});

describe('names', () => {
  it('turns vendor names into valid, unique segproof names', () => {
    expect(safeName('GigabitEthernet0/1.10')).toBe('GigabitEthernet0_1_10');
    expect(safeName('1.2.3.4')).toBe('_1_2_3_4');
    const ns = new NameSpace();
    expect([ns.name('a/b'), ns.name('a.b'), ns.name('a/b')]).toEqual(['a_b', 'a_b_2', 'a_b']);
  });
});

function router(): DeviceImport {
  const ledger = new LineLedger('r1.cfg', 'line\n');
  ledger.understood(1);
  return {
    device: 'r1',
    interfaces: [
      { name: 'eth0', cidr: '192.0.2.1/24' },
      { name: 'eth1.20', cidr: '10.20.0.1/16' },
    ],
    fragment: {
      nodes: {
        r1: {
          kind: 'router',
          interfaces: {},
          routes: [{ prefix: '0.0.0.0/0', via: '192.0.2.254' }],
          acls: [{ name: 'IN', bind: { interface: 'eth1_20', direction: 'in' }, default: 'deny', rules: [{ name: 'web', action: 'permit', dst: '192.0.2.10', service: 'tcp/443', description: 'r1.cfg:1' }] }],
        },
      },
    },
    ledgers: [ledger],
  };
}

describe('placement', () => {
  it('standalone: one segment and zone per interface, an external at the next hop, and the loader accepts it', async () => {
    const placed = placeDevice(router(), {});
    expect(placed.ok).toBe(true);
    if (!placed.ok) return;
    const text = renderImport(placed.file, 'test', summarise(router().ledgers));
    expect(text).toMatch(/^# Imported by `segproof import test`/);
    const loaded = await loadTopologyText(text, path.join(os.tmpdir(), 'standalone.yaml'));
    if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => d.message).join('\n'));
    const t = loaded.topology;
    expect([...t.segments.keys()].sort()).toEqual(['r1_eth0', 'r1_eth1_20']);
    expect(t.nodes.get('next-hop-192-0-2-254')?.kind).toBe('external');
    expect([...(t.nodes.get('r1')?.interfaces.keys() ?? [])].sort()).toEqual(['eth0', 'eth1_20']);
  });

  it('in a host topology: interfaces join segments by address; an unmatched one is IMP005', async () => {
    const host = await loadTopologyText(
      'segproof: 1\nname: host\nzones: { A: { class: LG }, B: { class: INET } }\nsegments:\n  lan: { zone: A, prefix: 10.20.0.0/16 }\n',
      path.join(os.tmpdir(), 'host.yaml'),
    );
    if (!host.ok) throw new Error('host topology');
    const missing = placeDevice(router(), { topology: host.topology });
    expect(missing.ok).toBe(false);
    expect(missing.diagnostics.map((d) => [d.code, d.message])).toEqual([['IMP005', expect.stringContaining('eth0 (192.0.2.1/24) matches no segment')]]);
    const placed = placeDevice(router(), { topology: host.topology, segmentOf: new Map([['eth0', 'lan']]) });
    expect(placed.ok).toBe(true);
    if (placed.ok) expect(placed.file.nodes?.r1?.interfaces).toEqual({ eth0: { segment: 'lan', address: '192.0.2.1' }, eth1_20: { segment: 'lan', address: '10.20.0.1' } });
  });
});

describe('a partial import is never reported as proven', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'segproof-partial-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('verify exits 1 with the reason in text, JSON and JUnit', async () => {
    const file = path.join(dir, 'net.yaml');
    writeFileSync(
      file,
      [
        'segproof: 1',
        'name: net',
        'zones: { A: { class: LG } }',
        'segments: { lan: { zone: A, prefix: 10.0.0.0/24 } }',
        'nodes:',
        '  h: { kind: host, role: server, interfaces: { eth0: { segment: lan, address: 10.0.0.5 } } }',
        'imports:',
        '  - { format: cisco-ios, files: [core.cfg], partial: true, unknownVerdictChanging: 2 }',
        '',
      ].join('\n'),
    );
    const junit = path.join(dir, 'report.xml');
    const io = memoryIo();
    const code = await main(['node', 'segproof', 'verify', file, '--junit', junit], io);
    expect(code).toBe(EXIT.violation);
    expect(io.out.join('\n')).toContain('PARTIAL MODEL');
    expect(io.out.join('\n')).toContain('core.cfg (cisco-ios): 2 verdict-changing lines not understood');
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(junit, 'utf8')).toContain('name="model complete"');
    const jsonIo = memoryIo();
    await main(['node', 'segproof', 'verify', file, '--json'], jsonIo);
    const report = JSON.parse(jsonIo.out.join('\n')) as { ok: boolean; partial: string[] };
    expect(report.ok).toBe(false);
    expect(report.partial).toHaveLength(1);
  });
});
