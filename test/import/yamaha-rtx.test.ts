import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT, memoryIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { stringify } from 'yaml';
import { flowsFor } from '../../src/engine/flow.js';
import { traceFlow } from '../../src/engine/simulate.js';
import { yamahaRtxImporter } from '../../src/import/formats/yamaha-rtx.js';
import { summarise } from '../../src/import/ledger.js';
import type { DeviceImport } from '../../src/import/types.js';
import { host, standalone, verdict } from './support/standalone.js';
import type { RawNode } from '../../src/topology/format.js';
import { loadTopologyText } from '../../src/topology/load.js';

const FIXTURES = 'test/import/fixtures/yamaha';
/** As the CLI reads it: UTF-8, so the Shift_JIS descriptions arrive as replacement characters. */
const read = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');
const importFile = (name: string): DeviceImport => yamahaRtxImporter.importDevice([{ path: `${FIXTURES}/${name}`, text: read(name) }], {});
const importText = (text: string): DeviceImport => yamahaRtxImporter.importDevice([{ path: 'r.conf', text }], {});
const node = (r: DeviceImport) => Object.values(r.fragment.nodes ?? {})[0] as Extract<RawNode, { kind: 'firewall' }>;
const fates = (r: DeviceImport) => r.ledgers[0]!.records().map((x) => x.fate);


describe('yamaha-rtx: a small municipality\'s INET boundary (jouhoku.conf, Shift_JIS)', () => {
  it('imports the fragment checked in as jouhoku.expected.yaml; the Shift_JIS descriptions are ignored, not failures', () => {
    const r = importFile('jouhoku.conf');
    expect(read('jouhoku.conf')).toContain('\uFFFD');
    expect(stringify(r.fragment)).toBe(read('jouhoku.expected.yaml'));
    expect(summarise(r.ledgers)).toMatchObject({ lines: 74, understood: 34, approximated: 4, ignored: 36, unknown: 0 });
    const records = r.ledgers[0]!.records();
    for (const rec of records.filter((x) => /^\s*description/.test(x.text))) expect([rec.fate, rec.reason]).toEqual(['ignored', 'description']);
    expect(r.device).toBe('jouhoku-rtx');
    expect(r.interfaces.map((i) => [i.name, i.cidr])).toEqual([['lan1', '10.20.0.1/24'], ['lan2', '203.0.113.2/29'], ['lan3', '10.30.0.1/24'], ['pp1', '198.51.100.2/30']]);
  });

  it('behaves like the RTX: first match and implicit reject, filters of the NAT interface on outer addresses, masquerade and port forwarding', async () => {
    const t = await standalone(importFile('jouhoku.conf'), {
      pc: host('jouhoku-rtx_lan1', '10.20.0.50', '10.20.0.1'),
      web: host('jouhoku-rtx_lan3', '10.30.0.10', '10.30.0.1'),
    });
    expect(verdict(t, 'pc', '8.8.8.8', 6, 443)).toBe('exits-network');
    expect(verdict(t, 'pc', '8.8.8.8', 6, 22)).toBe('denied-in'); // filter 199
    expect(verdict(t, 'pc', '10.20.0.1', 1)).toBe('delivered'); // filter 101
    expect(verdict(t, 'next-hop-203-0-113-1', '203.0.113.2', 6, 443)).toBe('delivered'); // static masquerade to web, filter 200070 on the outer address
    expect(verdict(t, 'next-hop-203-0-113-1', '203.0.113.2', 6, 22)).toBe('denied-in'); // to the RTX itself: 200099
    expect(verdict(t, 'next-hop-203-0-113-1', '203.0.113.2', 1)).toBe('delivered'); // 200080: ping to the RTX
    expect(verdict(t, 'next-hop-203-0-113-1', '10.20.0.50', 6, 443)).toBe('denied-in');
    expect(verdict(t, 'web', '8.8.8.8', 17, 53)).toBe('exits-network');
    expect(verdict(t, 'web', '8.8.8.8', 17, 137)).toBe('denied-in'); // lan3 in admits only DNS from web
    expect(verdict(t, 'web', '10.20.0.50', 6, 445)).toBe('delivered'); // "established" widened to all of TCP (approximated)
    const out = traceFlow(t, (flowsFor(t, { from: 'pc', to: '8.8.8.8', protocol: 6, dstPort: 443 }) as { ok: true; value: import('../../src/engine/flow.js').Flow[] }).value[0]!);
    expect(out[0]?.hops.find((h) => h.node === 'jouhoku-rtx')?.nat.map((n) => n.rule)).toEqual(['nat1-masquerade']);
  });
});

describe('yamaha-rtx: constructs one by one', () => {
  it('address, port and protocol forms', () => {
    const r = importText(`ip lan1 address 192.168.1.1/24
ip lan1 secure filter in 1 2 3 4 5
ip filter 1 pass 192.168.1.* 10.0.0.1-10.0.0.3,10.9.0.0/16 tcp 1024- ftp,8080
ip filter 2 pass-log * * udp,tcp 20,21 -1023
ip filter 3 reject-nolog * * icmp-error
ip filter 4 pass * * 47,esp
ip filter 5 pass * 192.168.1.1 icmp 8 0`);
    expect(node(r).acls).toEqual([
      {
        name: 'secure-filter-lan1-in',
        bind: { interface: 'lan1', direction: 'in' },
        default: 'deny',
        rules: [
          { name: 'filter-1', action: 'permit', src: '192.168.1.0/24', dst: ['10.0.0.1', '10.0.0.2/31', '10.9.0.0/16'], service: ['tcp/1024-65535:20', 'tcp/1024-65535:21', 'tcp/1024-65535:8080'], description: 'r.conf:3 ip filter 1 pass 192.168.1.* 10.0.0.1-10.0.0.3,10.9.0.0/16 tcp 1024- ftp,8080' },
          { name: 'filter-2', action: 'permit', service: ['udp/20:0-1023', 'udp/21:0-1023', 'tcp/20:0-1023', 'tcp/21:0-1023'], description: 'r.conf:4 ip filter 2 pass-log * * udp,tcp 20,21 -1023' },
          { name: 'filter-3', action: 'deny', service: ['icmp/3', 'icmp/4', 'icmp/5', 'icmp/11', 'icmp/12'], description: 'r.conf:5 ip filter 3 reject-nolog * * icmp-error' },
          { name: 'filter-4', action: 'permit', service: ['47', '50'], description: 'r.conf:6 ip filter 4 pass * * 47,esp' },
          { name: 'filter-5', action: 'permit', dst: '192.168.1.1', service: 'icmp/8/0', description: 'r.conf:7 ip filter 5 pass * 192.168.1.1 icmp 8 0' },
        ],
        description: 'r.conf:2 ip lan1 secure filter in (first match; the implicit reject after the last)',
      },
    ]);
    expect(node(r).kind).toBe('router');
    expect(summarise(r.ledgers)).toMatchObject({ unknown: 0, approximated: 0 });
  });

  it('an ICMP code without a type: a reject leaves ICMP out, a pass admits all ICMP (both approximated)', () => {
    const r = importText(`ip lan1 address 192.168.1.1/24
ip lan1 secure filter in 1 2
ip filter 1 reject * * tcp,icmp * 23
ip filter 2 pass * * icmp * 0`);
    expect(node(r).acls?.[0]?.rules.map((x) => [x.name, x.action, x.service])).toEqual([['filter-1', 'deny', 'tcp/23'], ['filter-2', 'permit', 'icmp']]);
    expect(summarise(r.ledgers)).toMatchObject({ approximated: 2, unknown: 0 });
  });

  it('restrict passes (approximated); a reject on TCP flags is left out (approximated); an undefined filter is unknown', () => {
    const r = importText(`ip lan1 address 192.168.1.1/24
ip lan1 secure filter in 1 2
ip filter 1 restrict * * tcp * www
ip filter 2 reject * * established
ip lan1 secure filter out 9`);
    expect(node(r).acls?.[0]?.rules.map((x) => [x.name, x.action])).toEqual([['filter-1', 'permit']]);
    expect(fates(r)).toEqual(['understood', 'understood', 'approximated', 'approximated', 'unknown']);
    expect(node(r).acls?.length).toBe(1); // the list naming an undefined filter is left out (the line is unknown)
  });

  it('dynamic filters: an application name, the filter form with in/out lists; the RTX becomes stateful and unfiltered interfaces pass', () => {
    const r = importText(`ip lan1 address 192.168.1.1/24
ip lan2 address 192.0.2.2/24
ip lan2 secure filter out 10 dynamic 100 101 102
ip lan2 secure filter in 30
ip filter 10 reject * * tcp * telnet
ip filter 20 pass * * udp * snmp
ip filter 21 pass * * tcp * 20
ip filter 22 pass * * tcp * 21
ip filter 30 reject * * tcp * telnet
ip filter dynamic 100 * * domain
ip filter dynamic 101 192.168.1.0/24 * filter 20
ip filter dynamic 102 192.168.1.0/24 * filter 22 in 21`);
    expect(node(r)).toEqual({
      kind: 'firewall',
      stateful: true,
      interfaces: {},
      acls: [
        {
          name: 'secure-filter-lan2-in',
          bind: { interface: 'lan2', direction: 'in' },
          default: 'deny',
          rules: [
            { name: 'filter-30', action: 'deny', service: 'tcp/23', description: 'r.conf:9 ip filter 30 reject * * tcp * telnet' },
            { name: 'dynamic-102-in', action: 'permit', dst: '192.168.1.0/24', service: 'tcp/20', description: 'r.conf:12 ip filter dynamic 102 192.168.1.0/24 * filter 22 in 21 (its "in" list, the other way)' },
          ],
          description: 'r.conf:4 ip lan2 secure filter in (first match; the implicit reject after the last)',
        },
        {
          name: 'secure-filter-lan2-out',
          bind: { interface: 'lan2', direction: 'out' },
          default: 'deny',
          rules: [
            { name: 'filter-10', action: 'deny', service: 'tcp/23', description: 'r.conf:5 ip filter 10 reject * * tcp * telnet' },
            { name: 'dynamic-100', action: 'permit', service: ['udp/53', 'tcp/53'], description: 'r.conf:10 ip filter dynamic 100 * * domain' },
            { name: 'dynamic-101', action: 'permit', src: '192.168.1.0/24', service: 'udp/161', description: 'r.conf:11 ip filter dynamic 101 192.168.1.0/24 * filter 20' },
            { name: 'dynamic-102', action: 'permit', src: '192.168.1.0/24', service: 'tcp/21', description: 'r.conf:12 ip filter dynamic 102 192.168.1.0/24 * filter 22 in 21' },
          ],
          description: 'r.conf:3 ip lan2 secure filter out (first match; the implicit reject after the last)',
        },
        { name: 'no-filter-lan1-in', bind: { interface: 'lan1', direction: 'in' }, default: 'permit', rules: [], description: 'no secure filter in on lan1: the RTX passes everything' },
      ],
    });
    expect(fates(r)[11]).toBe('approximated');
    expect(summarise(r.ledgers).unknown).toBe(0);
  });

  it('routes: gateway, null, pp and tunnel without an address are unknown (cannot be placed), several gateways approximated', () => {
    const r = importText(`ip lan1 address 192.0.2.2/24
ip route default gateway 192.0.2.1
ip route 10.9.0.0/16 gateway null
ip route 10.8.0.0/16 gateway tunnel 1
ip route 10.7.0.0/16 gateway 192.0.2.5 gateway 192.0.2.6
pp select 1
 ip pp secure filter in 1
pp select none
ip route 10.6.0.0/16 gateway pp 1
ip filter 1 pass * * * * *`);
    expect(node(r).routes).toEqual([{ prefix: '0.0.0.0/0', via: '192.0.2.1' }, { prefix: '10.9.0.0/16', drop: true }, { prefix: '10.7.0.0/16', via: '192.0.2.5' }]);
    expect(fates(r)).toEqual(['understood', 'understood', 'understood', 'unknown', 'approximated', 'ignored', 'understood', 'ignored', 'unknown', 'understood']);
    expect(r.interfaces.map((i) => i.name)).toEqual(['lan1']);
  });

  it('NAT: static NAT gives destination NAT and its reverse; an outer address from the provider (ipcp) is unknown', () => {
    const r = importText(`ip lan2 address 192.0.2.2/24
ip lan2 nat descriptor 5
nat descriptor type 5 nat
nat descriptor address outer 5 192.0.2.10
nat descriptor static 5 1 192.0.2.20=10.0.0.20 1
pp select 1
 ip pp nat descriptor 6
pp select none
nat descriptor type 6 masquerade`);
    expect(node(r).nat).toEqual([
      { name: 'nat5-static-5', type: 'destination', interface: 'lan2', dst: '192.0.2.20', translateTo: '10.0.0.20' },
      { name: 'nat5-static-5-reverse', type: 'source', interface: 'lan2', src: '10.0.0.20', translateTo: '192.0.2.20' },
      { name: 'nat5-nat', type: 'source', interface: 'lan2', translateTo: '192.0.2.10' },
    ]);
    expect(summarise(r.ledgers).unknownVerdictChanging).toBe(1);
    expect(fates(r)[6]).toBe('unknown');
  });

  it('IPv6 routed between two interfaces (ipv6 routing is on by default) is unknown and verdict-changing; one IPv6 interface or routing off is ignored; a DHCP relay is unknown and verdict-changing', () => {
    const vc = (lines: string[]) => importText(lines.join('\n')).ledgers[0]!.records().map((x) => `${x.fate}${x.verdictChanging ? '!' : ''}`);
    const ipoe = [
      'ip lan1 address 192.168.0.1/24', // 1
      'ip lan1 secure filter in 100', // 2
      'ip filter 100 reject * * * * *', // 3
      'ipv6 prefix 1 ra-prefix@lan2::/64', // 4: lan2 receives the prefix by RA (no address line of its own)
      'ipv6 lan1 address ra-prefix@lan2::1/64', // 5
      'ipv6 lan1 rtadv send 1', // 6
      'ipv6 lan2 dhcp service client', // 7
    ];
    expect(vc(ipoe).slice(3)).toEqual(['unknown!', 'unknown!', 'ignored', 'ignored']);
    expect(importText(ipoe.join('\n')).ledgers[0]!.records()[3]!.reason).toMatch(/IPv6 is routed between lan2, lan1 \(ipv6 routing is on by default\)/);
    expect(vc(['ipv6 routing on', ...ipoe])[0]).toBe('unknown!');
    expect(vc(['ipv6 routing on', ...ipoe]).slice(4)).toEqual(['ignored', 'ignored', 'ignored', 'ignored']);
    expect(vc(['ipv6 routing off', ...ipoe]).every((f) => f !== 'unknown!')).toBe(true);
    expect(vc(['ip lan1 address 192.168.0.1/24', 'ipv6 lan1 address 2001:db8::1/64', 'ipv6 lan1 rtadv send 1'])).toEqual(['understood', 'ignored', 'ignored']);
    expect(vc(['ip lan1 address 192.168.0.1/24', 'dhcp service relay', 'dhcp relay server 10.9.9.9', 'dhcp service server'])).toEqual(['understood', 'unknown!', 'unknown!', 'ignored']);
  });

  it('unknown commands and schedules are unknown and verdict-changing; management lines are ignored', () => {
    const r = importText(`schedule at 1 */* 12:00 * lan1 disable
ip filter set web in 1
ip lan1 intrusion detection in on reject=on
sshd host lan1
snmp host 192.0.2.9
frobnicate everything`);
    expect(fates(r)).toEqual(['unknown', 'unknown', 'approximated', 'ignored', 'ignored', 'unknown']);
    expect(summarise(r.ledgers).unknownVerdictChanging).toBe(3);
  });
});

describe('yamaha-rtx: through the CLI', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'segproof-rtx-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a Shift_JIS configuration imports completely, with one IMP301 warning for its bytes, and the result verifies as loadable', async () => {
    const out = path.join(dir, 'rtx.yaml');
    const io = memoryIo();
    const code = await main(['node', 'segproof', 'import', 'yamaha-rtx', path.join(FIXTURES, 'jouhoku.conf'), '-o', out, '--json'], io);
    expect(code).toBe(EXIT.ok);
    const report = JSON.parse(io.out.join('\n')) as { ok: boolean; partial: boolean; diagnostics: { code: string; location?: { line: number } }[] };
    expect([report.ok, report.partial]).toEqual([true, false]);
    expect(report.diagnostics.filter((d) => d.code === 'IMP301').map((d) => d.location?.line)).toEqual([19]);
    const loaded = await loadTopologyText(readFileSync(out, 'utf8'), out);
    expect(loaded.ok).toBe(true);
  });
});

describe('yamaha-rtx: malformed input never throws', () => {
  it('every truncation and every single deleted line still imports, with every line accounted for', () => {
    for (const name of 'jouhoku.conf'.split(',')) {
      const lines = read(name).split('\n');
      const variants = [...lines.keys()].flatMap((k) => [lines.slice(0, k), [...lines.slice(0, k), ...lines.slice(k + 1)], [...lines.slice(0, k), `${lines[k] ?? ''} "`, ...lines.slice(k + 1)]]);
      for (const v of variants) {
        const r = yamahaRtxImporter.importDevice([{ path: name, text: v.join('\n') }], {});
        const records = r.ledgers[0]!.records();
        expect(records.length).toBe(r.ledgers[0]!.lines.length);
        expect(summarise(r.ledgers).lines).toBe(records.length);
      }
    }
  });
});
