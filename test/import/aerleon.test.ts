import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { EXIT, memoryIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { aerleonImporter } from '../../src/import/formats/aerleon.js';
import { ledgerDiagnostics, summarise, type LineLedger } from '../../src/import/ledger.js';
import { importerFor } from '../../src/import/registry.js';
import type { InputFile } from '../../src/import/types.js';
import { parseIpv4 } from '../../src/net/ipv4.js';
import { aclPermitSet } from '../../src/symbolic/acl-set.js';
import { loadTopology } from '../../src/topology/load.js';
import { aclsOf, loadImported } from './fixtures/aerleon/load-fragment.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/aerleon');

function read(...names: string[]): InputFile[] {
  return names.map((n) => ({ path: n, text: readFileSync(path.join(FIXTURES, n), 'utf8') }));
}

function text(name: string, content: string): InputFile {
  return { path: name, text: content };
}

const CONSTRUCTS = ['policies/constructs.pol', 'policies/includes/deny-bogons.inc', 'def/networks.yaml'];

function fates(ledger: LineLedger): Record<string, string> {
  const out: Record<string, string> = {};
  for (const r of ledger.records()) out[r.location.line] = r.fate;
  return out;
}

const ip = (a: string): number => parseIpv4(a) as number;
function header(src: string, dst: string, protocol: number, dstPort = 0, srcPort = 0, icmpType = 0) {
  return { src: ip(src), dst: ip(dst), protocol, dstPort, srcPort, icmpType, icmpCode: 0 };
}

describe('segproof import aerleon', () => {
  it('is registered', () => {
    expect(importerFor('aerleon')).toBe(aerleonImporter);
  });

  it('makes one ACL per filter and platform variant: exactly the checked-in fragment', () => {
    const imported = aerleonImporter.importDevice(read(...CONSTRUCTS), {});
    const expected = parse(readFileSync(path.join(FIXTURES, 'constructs.expected.yaml'), 'utf8')) as unknown;
    expect(imported.device).toBe('constructs');
    expect(imported.fragment).toEqual(expected);
    // One synthetic interface per ACL, named after it.
    expect(imported.interfaces.map((i) => i.name)).toEqual(['edge_cisco', 'edge_juniper', 'OUTPUT']);
  });

  it('accounts for every line: IPv6 ignored, established and fragments approximated, unused definitions ignored', () => {
    const imported = aerleonImporter.importDevice(read(...CONSTRUCTS), {});
    const [pol, inc, def] = imported.ledgers as [LineLedger, LineLedger, LineLedger];
    const s = (l: LineLedger) => summarise([l]);
    expect(s(pol)).toMatchObject({ lines: 91, understood: 64, approximated: 2, ignored: 25, unknown: 0 });
    expect(s(inc)).toMatchObject({ lines: 6, understood: 4, ignored: 2, unknown: 0 });
    expect(s(def)).toMatchObject({ lines: 40, understood: 33, ignored: 7, unknown: 0 });
    const p = fates(pol);
    expect(p[7]).toBe('ignored'); // target:: juniperevo edge inet6 ingress
    expect([p[37], p[38], p[39], p[40]]).toEqual(['ignored', 'ignored', 'ignored', 'ignored']); // term v6-only
    expect(p[45]).toBe('approximated'); // option:: tcp-established
    expect(p[50]).toBe('approximated'); // option:: is-fragment (deny left out)
    expect([p[26], p[27]]).toEqual(['ignored', 'ignored']); // counter, logging
    expect(p[10]).toBe('understood'); // #include
    const d = fates(def);
    expect(d[15]).toBe('ignored'); // 2001:db8::10/128
    expect([d[23], d[24], d[25]]).toEqual(['ignored', 'ignored', 'ignored']); // UNUSED
    const reasons = pol.records().filter((r) => r.fate === 'approximated').map((r) => r.reason);
    expect(reasons.every((r) => /lets more pass|denies less/.test(r ?? ''))).toBe(true);
    expect(ledgerDiagnostics(imported.ledgers, false).filter((x) => x.severity === 'error')).toEqual([]);
  });

  it('loads through the real loader and permits what the policy permits', async () => {
    const imported = aerleonImporter.importDevice(read(...CONSTRUCTS), {});
    const topology = await loadImported(imported);
    const acls = aclsOf(topology, 'constructs');
    const cisco = aclPermitSet(acls.get('edge_cisco')!);
    const juniper = aclPermitSet(acls.get('edge_juniper')!);
    const output = aclPermitSet(acls.get('OUTPUT')!);
    // excludes: CORP minus CORP_GUEST
    expect(cisco.contains(header('10.1.2.3', '192.0.2.10', 17, 53, 40000))).toBe(true);
    expect(cisco.contains(header('10.2.0.9', '192.0.2.10', 17, 53, 40000))).toBe(false);
    // Aerleon's port lookup: udp/22 follows from tcp-only SSH with protocol:: udp tcp
    expect(cisco.contains(header('203.0.113.1', '192.0.2.11', 17, 22, 40000))).toBe(true);
    // icmp types
    expect(cisco.contains(header('203.0.113.1', '192.0.2.99', 1, 0, 0, 8))).toBe(true);
    expect(cisco.contains(header('203.0.113.1', '192.0.2.99', 1, 0, 0, 13))).toBe(false);
    // bogons denied first
    expect(cisco.contains(header('240.0.0.1', '192.0.2.10', 17, 53, 40000))).toBe(false);
    // platform:: juniper
    expect(cisco.contains(header('203.0.113.1', '192.0.2.10', 6, 80, 40000))).toBe(false);
    expect(juniper.contains(header('203.0.113.1', '192.0.2.10', 6, 80, 40000))).toBe(true);
    expect(juniper.minus(cisco).isEmpty()).toBe(false);
    expect(cisco.isSubsetOf(juniper)).toBe(true);
    // reject = deny; the expired accept-all term is gone
    expect(cisco.contains(header('203.0.113.1', '192.0.2.10', 17, 53, 2000))).toBe(false);
    expect(cisco.contains(header('203.0.113.1', '198.51.100.1', 47))).toBe(false);
    // address:: and port:: either way; the speedway chain's ACCEPT default
    expect(output.contains(header('10.2.0.1', '198.51.100.1', 6, 9999, 22))).toBe(false);
    expect(output.contains(header('198.51.100.1', '10.2.0.1', 6, 22, 40000))).toBe(false);
    expect(output.contains(header('198.51.100.1', '10.2.0.1', 6, 23, 40000))).toBe(true);
    expect(topology.nodes.get('constructs')?.kind).toBe('firewall');
  });

  it('reads the older .net and .svc definition files', () => {
    const imported = aerleonImporter.importDevice(read('legacy/web.pol', 'legacy/NETWORK.net', 'legacy/SERVICES.svc'), {});
    expect(imported.fragment.nodes?.web).toEqual({
      kind: 'router',
      interfaces: {},
      description: 'Aerleon policy legacy/web.pol',
      acls: [
        {
          name: 'web-in',
          bind: { interface: 'web-in', direction: 'in' },
          default: 'deny',
          description: 'Aerleon filter web-in (arista) from legacy/web.pol:1',
          rules: [{ name: 'web', action: 'permit', dst: '192.0.2.80/31', service: ['tcp/80', 'tcp/443'], description: 'legacy/web.pol:2 term web' }],
        },
      ],
    });
    expect(summarise(imported.ledgers)).toMatchObject({ lines: 10, understood: 8, ignored: 2, unknown: 0 });
  });

  it('widens established, drops deny terms it cannot express, and models an unset iptables chain policy as ACCEPT', () => {
    const defs = text('d.yaml', 'networks:\n  NET:\n    values:\n      - address: 10.0.0.0/8\nservices:\n  WEB:\n    - port: 80\n      protocol: tcp\n');
    const pol = text(
      'p.pol',
      [
        'header {',
        '  target:: cisco f',
        '  target:: iptables INPUT',
        '}',
        'term t1 { destination-address:: NET protocol:: tcp option:: established action:: accept }',
        'term t2 { source-address:: NET ttl:: 3 action:: deny }',
        'term t3 { destination-address:: NET protocol:: tcp destination-port:: WEB option:: established action:: accept }',
      ].join('\n'),
    );
    const imported = aerleonImporter.importDevice([pol, defs], {});
    const node = imported.fragment.nodes?.p as { acls: { name: string; default: string; rules: { name: string; service?: unknown }[] }[] };
    // iptables INPUT without ACCEPT/DROP keeps the chain's policy: modelled as ACCEPT (approximated).
    expect(node.acls.map((a) => [a.name, a.default])).toEqual([
      ['f', 'deny'],
      ['INPUT', 'permit'],
    ]);
    // established widens to all TCP flags and adds the high ports; the ttl deny is left out.
    expect(node.acls[0]?.rules).toEqual([
      { name: 't1', action: 'permit', dst: '10.0.0.0/8', service: 'tcp', description: 'p.pol:5 term t1' },
      { name: 't3', action: 'permit', dst: '10.0.0.0/8', service: ['tcp/80', 'tcp/1024-65535'], description: 'p.pol:7 term t3' },
    ]);
    const f = fates(imported.ledgers[0] as LineLedger);
    expect([f[3], f[5], f[6], f[7]]).toEqual(['approximated', 'approximated', 'approximated', 'approximated']);
  });

  it('reports what it cannot read as verdict-changing unknown lines with their place', () => {
    const pol = text(
      'bad.pol',
      [
        'header {',
        '  target:: cisco f',
        '  target:: gce f INGRESS',
        '}',
        "#include 'includes/missing.inc'",
        'term t1 {',
        '  destination-address:: NOPE',
        '  action:: accept',
        '}',
        'term t2 {',
        '  routing-instance:: vrf-x',
        '  action:: accept',
        '}',
        'term t3 {',
        '  frobnicate:: yes',
        '  action:: accept',
        '}',
        'term t4 { protocol:: tcp }',
        'stray words',
      ].join('\n'),
    );
    const imported = aerleonImporter.importDevice([pol, text('d.yaml', 'networks: {}\n')], {});
    const errors = ledgerDiagnostics(imported.ledgers, false).filter((d) => d.code === 'IMP001');
    expect(errors.map((d) => `${d.location?.file}:${d.location?.line}:${d.location?.column}`)).toEqual([
      'bad.pol:3:3',
      'bad.pol:5:1',
      'bad.pol:7:3',
      'bad.pol:11:3',
      'bad.pol:15:3',
      'bad.pol:18:1',
      'bad.pol:19:1',
    ]);
    expect(errors[2]?.expected).toMatch(/network "NOPE" is not defined/);
    expect(errors[1]?.expected).toMatch(/pass it as a further file/);
    expect(errors.every((d) => d.severity === 'error' && (d.hint ?? '').length > 0)).toBe(true);
    // The rest still imports: no rule from t1, t2 or t3, and no exception.
    const node = imported.fragment.nodes?.bad as { acls: { rules: unknown[] }[] };
    expect(node.acls[0]?.rules).toEqual([]);
  });

  it('reports malformed definitions at their line', () => {
    const pol = text('p.pol', 'header { target:: cisco f }\nterm t { source-address:: A action:: accept }\n');
    const def = text('d.yaml', 'networks:\n  A:\n    values:\n      - address: 10.0.0.300/8\n');
    const imported = aerleonImporter.importDevice([pol, def], {});
    const errors = ledgerDiagnostics(imported.ledgers, false).filter((d) => d.code === 'IMP001');
    expect(errors.map((d) => `${d.location?.file}:${d.location?.line}`).sort()).toEqual(['d.yaml:4', 'p.pol:2']);
    const broken = aerleonImporter.importDevice([pol, text('e.yaml', 'networks: [\n')], {});
    expect(ledgerDiagnostics(broken.ledgers, false).some((d) => d.location?.file === 'e.yaml' && d.code === 'IMP001')).toBe(true);
  });
});

describe('segproof import aerleon: includes and line endings', () => {
  const defs = text('d.yaml', 'networks:\n  NET:\n    values:\n      - address: 10.0.0.0/8\n');

  it('follows nested includes by path suffix and refuses a cycle', () => {
    const pol = text('pol/p.pol', "header { target:: cisco f }\n#include 'inc/a.inc'\n");
    const a = text('policies/inc/a.inc', "term a { source-address:: NET action:: deny }\n#include 'inc/b.inc'\n");
    const b = text('policies/inc/b.inc', "term b { action:: accept }\n#include 'inc/a.inc'\n");
    const imported = aerleonImporter.importDevice([pol, a, b, defs], {});
    const node = imported.fragment.nodes?.p as { acls: { rules: { name: string; description?: string }[] }[] };
    expect(node.acls[0]?.rules.map((r) => [r.name, r.description])).toEqual([
      ['a', 'policies/inc/a.inc:1 term a'],
      ['b', 'policies/inc/b.inc:1 term b'],
    ]);
    const cycle = ledgerDiagnostics(imported.ledgers, false).filter((d) => d.code === 'IMP001');
    expect(cycle.map((d) => `${d.location?.file}:${d.location?.line}`)).toEqual(['policies/inc/b.inc:2']);
    expect(cycle[0]?.expected).toMatch(/cycle/);
  });

  it('reads a definitions file given twice once, and reports a name defined twice', () => {
    const pol = text('p.pol', 'header { target:: cisco f }\nterm a { source-address:: NET action:: deny }\n');
    const twice = aerleonImporter.importDevice([pol, defs, defs], {});
    expect(summarise(twice.ledgers)).toMatchObject({ unknown: 0 });
    expect(twice.ledgers[2]?.records().every((r) => r.fate === 'ignored')).toBe(true);
    const other = text('e.yaml', 'networks:\n  NET:\n    values:\n      - address: 192.0.2.0/24\n');
    const clash = aerleonImporter.importDevice([pol, defs, other], {});
    const errors = ledgerDiagnostics(clash.ledgers, false).filter((d) => d.code === 'IMP001');
    expect(errors.map((d) => `${d.location?.file}:${d.location?.line}`)).toEqual(['e.yaml:2', 'e.yaml:3', 'e.yaml:4']);
    expect((clash.fragment.nodes?.p as { acls: { rules: { src?: unknown }[] }[] }).acls[0]?.rules[0]?.src).toBe('10.0.0.0/8');
  });

  it('reads CRLF files like LF files', () => {
    const lf = "header {\n  target:: cisco f\n}\nterm a {\n  source-address:: NET\n  comment:: \"two\n  lines\"\n  action:: deny\n}\n";
    const one = aerleonImporter.importDevice([text('p.pol', lf), defs], {});
    const two = aerleonImporter.importDevice([text('p.pol', lf.replace(/\n/g, '\r\n')), text('d.yaml', defs.text.replace(/\n/g, '\r\n'))], {});
    expect(two.fragment).toEqual(one.fragment);
    expect(summarise(two.ledgers)).toEqual(summarise(one.ledgers));
    expect(summarise(one.ledgers)).toMatchObject({ unknown: 0, approximated: 0 });
  });
});

describe('segproof import aerleon --def (command line)', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'segproof-aerleon-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the definitions folder and writes the fragment into a host topology', async () => {
    const host = path.join(dir, 'host.yaml');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(
      host,
      'segproof: 1\nname: host\nzones:\n  lab: { class: TRANSIT }\n  core: { class: TRANSIT }\nsegments:\n  lab_net: { zone: lab, prefix: 10.9.0.0/24 }\n  core_net: { zone: core, prefix: 10.8.0.0/24 }\n',
    );
    const out = path.join(dir, 'fragment.yaml');
    const io = memoryIo();
    const code = await main(
      ['node', 'segproof', 'import', 'aerleon', path.join(FIXTURES, 'legacy/web.pol'), '--def', path.join(FIXTURES, 'legacy'), '--topology', host, '--segment', 'web-in=lab_net', '-o', out],
      io,
    );
    expect(io.err.join('\n')).toMatch(/web: 10 lines — 8 understood, 0 approximated, 2 ignored \(harmless\), 0 unknown \(0 verdict-changing\); complete/);
    expect(code).toBe(EXIT.ok);
    const written = parse(readFileSync(out, 'utf8')) as { nodes: { web: { interfaces: unknown; acls: { bind: unknown }[] } }; imports: { files: string[] }[] };
    expect(written.nodes.web.interfaces).toEqual({ 'web-in': { segment: 'lab_net', description: 'synthetic: where Aerleon filter web-in is applied (map it with --segment web-in=<segment>)' } });
    expect(written.nodes.web.acls[0]?.bind).toEqual({ interface: 'web-in', direction: 'in' });
    expect(written.imports[0]?.files.map((f) => path.basename(f))).toEqual(['web.pol', 'NETWORK.net', 'SERVICES.svc']);
  });

  it('zone-based targets: zone-pair ACLs whose vendor zones are placed by a synthetic interface each', async () => {
    const host = path.join(dir, 'zones-host.yaml');
    const { writeFileSync } = await import('node:fs');
    const hostText = 'segproof: 1\nname: zones\nzones:\n  lan: { class: TRANSIT }\n  wan: { class: TRANSIT }\nsegments:\n  lan_net: { zone: lan, prefix: 10.1.0.0/24 }\n  wan_net: { zone: wan, prefix: 10.2.0.0/24 }\n';
    writeFileSync(host, hostText);
    const out = path.join(dir, 'zones-fragment.yaml');
    const io = memoryIo();
    const code = await main(
      ['node', 'segproof', 'import', 'aerleon', path.join(FIXTURES, 'zones/zones.pol'), path.join(FIXTURES, 'zones/zones.yaml'), '--topology', host, '--segment', 'trust=lan_net', '--segment', 'untrust=wan_net', '-o', out],
      io,
    );
    expect(io.err.join('\n')).toMatch(/complete/);
    expect(code).toBe(EXIT.ok);
    const written = parse(readFileSync(out, 'utf8')) as { nodes: { zones: { kind: string; acls: { name: string; bind: unknown }[] } } };
    expect(written.nodes.zones.kind).toBe('firewall');
    // Vendor zones trust/untrust rebound to the host's zones of the segments they were placed on.
    expect(written.nodes.zones.acls.map((a) => [a.name, a.bind])).toEqual([
      ['trust_to_untrust', { fromZone: 'lan', toZone: 'wan' }],
      ['untrust_to_trust', { fromZone: 'wan', toZone: 'lan' }],
    ]);
    const whole = path.join(dir, 'zones-whole.yaml');
    writeFileSync(whole, `${hostText}include: [zones-fragment.yaml]\n`);
    const loaded = await loadTopology(whole);
    expect(loaded.ok ? [...loaded.topology.nodes.keys()] : loaded.diagnostics.map((d) => d.message)).toEqual(['zones']);
  });

  it('refuses --def for other formats', async () => {
    const io = memoryIo();
    const code = await main(['node', 'segproof', 'import', 'cisco-nxos', path.join(FIXTURES, 'legacy/web.pol'), '--def', path.join(FIXTURES, 'legacy')], io);
    expect(code).toBe(EXIT.badInput);
    expect(io.err.join('\n')).toMatch(/--def is for aerleon policies/);
  });

  it('says so when the definitions folder cannot be read', async () => {
    const io = memoryIo();
    const code = await main(['node', 'segproof', 'import', 'aerleon', path.join(FIXTURES, 'legacy/web.pol'), '--def', path.join(dir, 'nowhere')], io);
    expect(code).toBe(EXIT.badInput);
    expect(io.err.join('\n')).toMatch(/IMP004/);
  });
});

describe('segproof import aerleon on damaged input', () => {
  it('never throws, accounts for every line, and what it makes always loads', async () => {
    const base = read(...CONSTRUCTS);
    const pol = base[0] as InputFile;
    const words = ['{', '}', '::', ':', '"', '#', 'term', 'header', 'action:: accept', 'target:: cisco x', 'source-address:: CORP', 'protocol:: tcp', 'destination-port:: SSH', 'option:: established', "#include 'includes/deny-bogons.inc'", '\n'];
    let seed = 12345;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let round = 0; round < 40; round++) {
      let text = pol.text;
      for (let k = 0; k < 1 + rand(4); k++) {
        const at = rand(text.length + 1);
        const cut = rand(3) === 0 ? rand(40) : 0;
        text = `${text.slice(0, at)}${rand(2) === 0 ? (words[rand(words.length)] as string) : ''}${text.slice(at + cut)}`;
      }
      const files = [{ path: pol.path, text }, base[1] as InputFile, base[2] as InputFile];
      const imported = aerleonImporter.importDevice(files, {});
      imported.ledgers.forEach((l, k) => expect(l.records().length).toBe((files[k] as InputFile).text.split(/\r?\n/).length - ((files[k] as InputFile).text.endsWith('\n') ? 1 : 0)));
      await loadImported(imported);
    }
  });
});
