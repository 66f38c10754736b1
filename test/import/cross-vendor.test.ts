/**
 * Oracle (b): one Aerleon policy rendered for every platform imports to equivalent ACLs.
 *
 * The aerleon-multitarget data set holds `sample_multitarget.pol` and its renderings for Cisco IOS
 * (`acl`), ASA (`asa`), iptables-restore (`ipt`, speedway), Junos (`jcl`), Junos EVO (`evojcl`), NX-OS
 * (`nxacl`), IOS-XR (`xacl`), Arista (`eacl`) and Brocade (`bacl`), and `sample_cisco_lab.pol` with its
 * Cisco rendering. Each filter's permit set (acl-set.ts, exact header sets) from the policy itself
 * (`segproof import aerleon`) is compared with the one each rendering imports to. Everything must be
 * equal except the differences listed in EXPECTED_DIFFERENCES, each shown by a witness header.
 *
 * IPv6: segproof models IPv4, and every importer ignores the IPv6 twins of the mixed targets (`ipv6
 * access-list ipv6-edge-inbound`, Junos `family inet6`), so the IPv6-only terms of mixed targets make no
 * IPv4 difference; an inet6-only target (juniperevo) filters no IPv4 at all, which is listed.
 *
 * Full configurations bind filters to interfaces; the renderings are filters only. Importers whose
 * format is a whole device configuration (cisco-ios, cisco-asa, junos, iptables-save) only turn
 * filters that something applies into ACLs, so the test appends the few lines that apply them to
 * one interface (`BINDINGS`) — the rendering's own lines keep their numbers, and the line counts of
 * the plain files are checked separately.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { summarise, type ImportSummary } from '../../src/import/ledger.js';
import { importerFor } from '../../src/import/registry.js';
import type { DeviceImport, InputFile } from '../../src/import/types.js';
import { formatIpv4, parseIpv4 } from '../../src/net/ipv4.js';
import type { PacketHeader } from '../../src/net/header.js';
import { aclPermitSet } from '../../src/symbolic/acl-set.js';
import { HeaderSet } from '../../src/symbolic/header-set.js';
import type { Acl } from '../../src/topology/model.js';
import { datasetFolder } from '../acl/datasets.js';
import { aclsOf, loadImported } from './fixtures/aerleon/load-fragment.js';

const DIR = datasetFolder('aerleon-multitarget');

const read = (rel: string): InputFile => ({ path: rel, text: readFileSync(path.join(DIR as string, rel), 'utf8') });

/** Which format reads which file of the data set. */
const FORMAT_OF: Readonly<Record<string, string>> = {
  acl: 'cisco-ios',
  asa: 'cisco-asa',
  ipt: 'iptables-save',
  jcl: 'junos',
  evojcl: 'junos',
  nxacl: 'cisco-nxos',
  xacl: 'cisco-iosxr',
  eacl: 'arista-eos',
  bacl: 'brocade',
};

/**
 * Expected line counts of every data-set file, by the importer that reads it. Files read by this
 * task's importers (aerleon, cisco-nxos, cisco-iosxr, arista-eos, brocade) are asserted exactly;
 * the others' importers are still changing, so for them the test asserts that every line is
 * accounted for and that nothing verdict-changing is left unknown (the import is complete).
 */
const EXACT_COUNTS: Readonly<Record<string, Omit<ImportSummary, 'files' | 'unknownVerdictChanging'>>> = {
  'policies/pol/sample_multitarget.pol': { lines: 75, understood: 55, approximated: 1, ignored: 19, unknown: 0 },
  'policies/includes/untrusted-networks-blocking.inc': { lines: 18, understood: 12, approximated: 0, ignored: 6, unknown: 0 },
  'def/naming.yaml (sample_multitarget)': { lines: 432, understood: 89, approximated: 0, ignored: 343, unknown: 0 },
  'policies/pol/sample_cisco_lab.pol': { lines: 51, understood: 32, approximated: 1, ignored: 18, unknown: 0 },
  'def/naming.yaml (sample_cisco_lab)': { lines: 432, understood: 39, approximated: 0, ignored: 393, unknown: 0 },
  'rendered/sample_multitarget.nxacl': { lines: 81, understood: 40, approximated: 5, ignored: 36, unknown: 0 },
  'rendered/sample_multitarget.xacl': { lines: 80, understood: 40, approximated: 5, ignored: 35, unknown: 0 },
  'rendered/sample_multitarget.eacl': { lines: 80, understood: 40, approximated: 5, ignored: 35, unknown: 0 },
  'rendered/sample_multitarget.bacl': { lines: 72, understood: 40, approximated: 5, ignored: 27, unknown: 0 },
};

/**
 * Renderings whose import is still partial (verdict-changing lines not understood) in another
 * engineer's importer: their counts are printed with the reason instead of being required complete,
 * and `compare: false` leaves a rendering out of the equivalence check while its import is partial (its
 * ACL would miss rules). Once such an import is complete it is compared like every other.
 */
const KNOWN_INCOMPLETE: Readonly<Record<string, { readonly reason: string; readonly compare: boolean }>> = {
};

/** Lines appended to a rendering so that a full-configuration importer binds its filters (in, out). */
const BINDINGS: Readonly<Record<string, (inbound: string, outbound: string | undefined, family: 'inet' | 'inet6') => string>> = {
  'cisco-ios': (i, o) => `interface GigabitEthernet0/0\n ip address 192.0.2.1 255.255.255.0\n ip access-group ${i} in\n${o ? ` ip access-group ${o} out\n` : ''}`,
  'cisco-asa': (i, o) =>
    `interface GigabitEthernet0/0\n nameif outside\n security-level 0\n ip address 192.0.2.1 255.255.255.0\naccess-group ${i} in interface outside\n${o ? `access-group ${o} out interface outside\n` : ''}`,
  junos: (i, o, family) =>
    `interfaces {\n    ge-0/0/0 {\n        unit 0 {\n            family ${family} {\n                filter {\n                    input ${i};\n${o ? `                    output ${o};\n` : ''}                }\n                address ${family === 'inet' ? '192.0.2.1/24' : '2001:db8::1/64'};\n            }\n        }\n    }\n}\n`,
};

/** The host's own addresses for the iptables INPUT chain (an `ip addr` dump given with the rendering). */
const IPT_OWN = ['200.1.1.1', '200.1.1.2', '200.1.1.3', '200.1.1.4', '200.1.1.5', '10.0.0.1', '192.168.7.1'];
const IP_ADDR = [
  '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000',
  '    inet 127.0.0.1/8 scope host lo',
  '2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP group default qlen 1000',
  '    inet 200.1.1.1/24 brd 200.1.1.255 scope global eth0',
  '    inet 200.1.1.2/24 scope global secondary eth0',
  '    inet 200.1.1.3/24 scope global secondary eth0',
  '    inet 200.1.1.4/24 scope global secondary eth0',
  '    inet 200.1.1.5/24 scope global secondary eth0',
  '3: eth1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP group default qlen 1000',
  '    inet 10.0.0.1/24 brd 10.0.0.255 scope global eth1',
  '4: eth2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP group default qlen 1000',
  '    inet 192.168.7.1/24 brd 192.168.7.255 scope global eth2',
  '',
].join('\n');

interface Rendering {
  readonly ext: string;
  readonly file: string;
  /** The policy's ACL (as `segproof import aerleon` names it for this target) → the rendering's filter and where it applies. */
  readonly filters: Readonly<Record<string, { readonly name: string; readonly direction: 'in' | 'out' }>>;
}

const IN = (name: string) => ({ name, direction: 'in' as const });
const OUT = (name: string) => ({ name, direction: 'out' as const });

const RENDERINGS: readonly Rendering[] = [
  { ext: 'acl', file: 'rendered/sample_multitarget.acl', filters: { 'edge-inbound': IN('edge-inbound'), 'edge-outbound': OUT('edge-outbound') } },
  { ext: 'asa', file: 'rendered/sample_multitarget.asa', filters: { asa_in: IN('asa_in'), asa_out: OUT('asa_out') } },
  { ext: 'ipt', file: 'rendered/sample_multitarget.ipt', filters: { INPUT: IN('INPUT'), OUTPUT: OUT('OUTPUT') } },
  { ext: 'jcl', file: 'rendered/sample_multitarget.jcl', filters: { 'edge-inbound': IN('edge-inbound'), 'edge-outbound': OUT('edge-outbound') } },
  // juniperevo renders edge-inbound for inet6 only: compared with the IPv4 edge-inbound of the other targets.
  { ext: 'evojcl', file: 'rendered/sample_multitarget.evojcl', filters: { 'edge-inbound': IN('edge-inbound') } },
  { ext: 'nxacl', file: 'rendered/sample_multitarget.nxacl', filters: { 'edge-inbound': IN('edge-inbound') } },
  { ext: 'xacl', file: 'rendered/sample_multitarget.xacl', filters: { 'edge-inbound': IN('edge-inbound') } },
  { ext: 'eacl', file: 'rendered/sample_multitarget.eacl', filters: { 'edge-inbound': IN('edge-inbound') } },
  { ext: 'bacl', file: 'rendered/sample_multitarget.bacl', filters: { 'edge-inbound': IN('edge-inbound') } },
  { ext: 'acl', file: 'rendered/sample_cisco_lab.acl', filters: { allowtointernet: IN('allowtointernet') } },
];

/**
 * Every difference between the policy's permit set and a rendering's, with why. `more`: the rendering
 * (as imported) permits headers the policy does not; `less`: the reverse. Anything not listed must be
 * equal.
 */
interface ExpectedDifference {
  readonly file: string;
  readonly filter: string;
  readonly more: boolean;
  readonly less: boolean;
  /** A header that must lie in the difference. */
  readonly witness: PacketHeader;
  readonly why: string;
  /** Shows only with some versions of another engineer's importer: if it shows, it must be this one. */
  readonly optional?: true;
}

const ip = (a: string): number => parseIpv4(a) as number;
const header = (src: string, dst: string, protocol: number, dstPort = 0, srcPort = 0): PacketHeader => ({ src: ip(src), dst: ip(dst), protocol, dstPort, srcPort, icmpType: 0, icmpCode: 0 });

const EXPECTED_DIFFERENCES: readonly ExpectedDifference[] = [
  {
    file: 'rendered/sample_multitarget.acl',
    filter: 'edge-outbound',
    more: true,
    less: false,
    witness: header('192.0.2.1', '10.0.0.5', 6, 443, 40000),
    why: 'an IOS outbound ACL does not filter packets the router itself originates: from the address the binding lines give the interface, 192.0.2.1, everything passes edge-outbound, where the policy denies RFC 1918 destinations.',
    optional: true,
  },
  {
    file: 'rendered/sample_multitarget.asa',
    filter: 'asa_in',
    more: true,
    less: false,
    witness: header('8.8.8.8', '192.0.2.1', 6, 22, 40000),
    why: 'an ASA interface ACL does not filter traffic to the ASA itself (to-the-box traffic is governed by ssh/http/icmp commands): the address the binding lines give the interface, 192.0.2.1, is reachable past asa_in.',
  },
  {
    file: 'rendered/sample_multitarget.asa',
    filter: 'asa_out',
    more: true,
    less: false,
    witness: header('192.0.2.1', '10.0.0.5', 6, 443, 40000),
    why: 'nor does an ASA out ACL filter the ASA\'s own packets: from 192.0.2.1 everything passes asa_out, where the policy denies RFC 1918 destinations.',
  },
  {
    file: 'rendered/sample_multitarget.evojcl',
    filter: 'edge-inbound',
    more: true,
    less: false,
    witness: header('10.1.1.1', '10.2.2.2', 6, 22, 40000),
    why:
      'the juniperevo target is `inet6` only: its rendering filters IPv6 and leaves IPv4 unfiltered, so every IPv4 packet passes. The policy import agrees (that target line is ignored as IPv6); the difference is to the IPv4 filter the other targets render.',
  },
  {
    // Checked once the iptables-save import is complete (KNOWN_INCOMPLETE); seen with -N read as :CHAIN.
    file: 'rendered/sample_multitarget.ipt',
    filter: 'INPUT',
    more: false,
    less: true,
    witness: header('8.8.8.8', '200.1.1.3', 6, 22, 40000),
    why:
      'Cisco `established` vs iptables conntrack: a segproof flow is a new connection. `-m state --state ESTABLISHED,RELATED` never matches one (exact), while the TCP flag test of `established`/`tcp-established` cannot be expressed and is over-approximated as any TCP; so the policy and the other renderings let a new connection to any port of 200.1.1.1-5 through, the speedway rendering does not (on the devices neither does IOS: a SYN has no ACK). Also in this difference: Linux drops packets that arrive with one of its own addresses (200.1.1.1-5 here) as source.',
  },
  {
    file: 'rendered/sample_multitarget.ipt',
    filter: 'OUTPUT',
    more: true,
    less: false,
    witness: header('200.1.1.1', '10.9.9.9', 6, 443, 40000),
    why: 'speedway renders edge-outbound as the OUTPUT chain: the device\'s own packets, which segproof does not filter (iptables-save import approximates OUTPUT as accepting everything).',
  },
];

interface Imported {
  readonly imported: DeviceImport;
  readonly acls: Map<string, Acl>;
}

async function importWith(format: string, files: InputFile[]): Promise<Imported | undefined> {
  const importer = importerFor(format);
  if (!importer) return undefined;
  const imported = importer.importDevice(files, {});
  return { imported, acls: aclsOf(await loadImported(imported), imported.device) };
}

function aclFor(r: Imported, format: string, name: string, direction: 'in' | 'out'): Acl | undefined {
  if (format === 'iptables-save') {
    // One ACL per interface (what it lets in: INPUT to the host, FORWARD through it); OUTPUT has none.
    if (name !== 'INPUT') return undefined;
    return [...r.acls.values()].find((a) => a.binding.type === 'interface' && a.binding.interface === 'eth0' && a.binding.direction === 'in');
  }
  if (!BINDINGS[format]) return r.acls.get(name);
  // Bound by the appended lines: the one ACL of that direction (none: the filter does not apply to IPv4).
  const bound = [...r.acls.values()].filter((a) => a.binding.type === 'interface' && a.binding.direction === direction);
  if (bound.length > 1) throw new Error(`${format}: ${bound.length} ACLs bound ${direction}: ${bound.map((a) => a.name).join(', ')}`);
  return bound[0];
}

function show(h: PacketHeader | undefined): string {
  if (!h) return '(none)';
  return `${formatIpv4(h.src)}:${h.srcPort} → ${formatIpv4(h.dst)}:${h.dstPort} proto ${h.protocol}${h.protocol === 1 ? ` icmp ${h.icmpType}/${h.icmpCode}` : ''}`;
}

const POLICY_FILES = {
  'sample_multitarget': ['policies/pol/sample_multitarget.pol', 'policies/includes/untrusted-networks-blocking.inc', 'def/naming.yaml'],
  'sample_cisco_lab': ['policies/pol/sample_cisco_lab.pol', 'def/naming.yaml'],
} as const;

describe.skipIf(!DIR)('aerleon-multitarget: every file imports, every rendering means the policy', () => {
  const missing = Object.values(FORMAT_OF).filter((f, i, all) => all.indexOf(f) === i && !importerFor(f));
  if (missing.length > 0) console.warn(`cross-vendor: importers not registered yet (their renderings are skipped): ${missing.join(', ')}`);

  it('imports every data-set file with its format; counts printed and asserted', () => {
    const rows: string[] = [];
    const checks: (() => void)[] = [];
    const check = (label: string, s: ImportSummary, file: InputFile): void => {
      const gap = s.unknownVerdictChanging > 0 ? KNOWN_INCOMPLETE[label]?.reason : undefined;
      rows.push(`${label}: ${s.lines} lines, understood ${s.understood}, approximated ${s.approximated}, ignored ${s.ignored}, unknown ${s.unknown} (${s.unknownVerdictChanging} verdict-changing)${gap ? ` — known gap: ${gap}` : ''}`);
      checks.push(() => {
        expect(s.lines, label).toBe(file.text.split(/\r?\n/).length - (file.text.endsWith('\n') ? 1 : 0));
        const exact = EXACT_COUNTS[label];
        if (exact) expect({ lines: s.lines, understood: s.understood, approximated: s.approximated, ignored: s.ignored, unknown: s.unknown }, label).toEqual(exact);
        else if (!KNOWN_INCOMPLETE[label]) expect(s.unknownVerdictChanging, `${label}: verdict-changing lines not understood`).toBe(0);
      });
    };
    for (const [name, files] of Object.entries(POLICY_FILES)) {
      const inputs = files.map(read);
      const imported = importerFor('aerleon')?.importDevice(inputs, {});
      expect(imported, 'aerleon importer').toBeDefined();
      imported?.ledgers.forEach((l, k) => check(l.file === 'def/naming.yaml' ? `def/naming.yaml (${name})` : l.file, summarise([l]), inputs[k] as InputFile));
    }
    for (const [ext, format] of Object.entries(FORMAT_OF)) {
      const files = ext === 'acl' ? ['rendered/sample_multitarget.acl', 'rendered/sample_cisco_lab.acl'] : [`rendered/sample_multitarget.${ext}`];
      for (const f of files) {
        const importer = importerFor(format);
        if (!importer) {
          rows.push(`${f}: skipped, format ${format} is not registered`);
          continue;
        }
        const input = read(f);
        check(f, summarise(importer.importDevice([input], {}).ledgers), input);
      }
    }
    console.log(rows.join('\n'));
    for (const c of checks) c();
  });

  it('the policy gives every target of one filter the same IPv4 meaning', async () => {
    const policy = (await importWith('aerleon', POLICY_FILES.sample_multitarget.map(read))) as Imported;
    const set = (name: string) => aclPermitSet(policy.acls.get(name) as Acl);
    expect([...policy.acls.keys()]).toEqual(['edge-inbound', 'INPUT', 'asa_in', 'edge-outbound', 'OUTPUT', 'asa_out']);
    expect(set('INPUT').equals(set('edge-inbound')) && set('asa_in').equals(set('edge-inbound'))).toBe(true);
    expect(set('OUTPUT').equals(set('edge-outbound')) && set('asa_out').equals(set('edge-outbound'))).toBe(true);
    expect(policy.acls.get('edge-outbound')?.binding).toMatchObject({ interface: 'edge-outbound', direction: 'out' });
  });

  it('every rendering of every filter permits exactly what the policy permits, except the listed differences', async () => {
    const policies = new Map<string, Imported>();
    for (const [name, files] of Object.entries(POLICY_FILES)) policies.set(name, (await importWith('aerleon', files.map(read))) as Imported);
    const seen: string[] = [];
    const report: string[] = [];
    const checks: (() => void)[] = [];
    const compared = new Set<string>();
    for (const r of RENDERINGS) {
      const format = FORMAT_OF[r.ext] as string;
      if (!importerFor(format)) {
        report.push(`${r.file}: skipped (format ${format} not registered)`);
        continue;
      }
      const importer = importerFor(format);
      if (KNOWN_INCOMPLETE[r.file]?.compare === false && importer && summarise(importer.importDevice([read(r.file)], {}).ledgers).unknownVerdictChanging > 0) {
        report.push(`${r.file}: not compared, its import is partial (${KNOWN_INCOMPLETE[r.file]?.reason})`);
        continue;
      }
      compared.add(r.file);
      const policy = policies.get(r.file.includes('cisco_lab') ? 'sample_cisco_lab' : 'sample_multitarget') as Imported;
      const inbound = Object.values(r.filters).find((f) => f.direction === 'in')?.name;
      const outbound = Object.values(r.filters).find((f) => f.direction === 'out')?.name;
      const files = [read(r.file)];
      const bind = BINDINGS[format];
      // The Junos EVO filter is inet6: it is applied as one (the interface then has no IPv4 filter).
      if (bind && inbound) (files[0] as { text: string }).text += `\n${bind(inbound, outbound, r.ext === 'evojcl' ? 'inet6' : 'inet')}`;
      if (format === 'iptables-save') files.push({ path: 'ip-addr.txt', text: IP_ADDR });
      const rendered = (await importWith(format, files)) as Imported;
      for (const [filter, { name, direction }] of Object.entries(r.filters)) {
        const policyAcl = policy.acls.get(filter);
        expect(policyAcl, `policy filter ${filter}`).toBeDefined();
        let want = aclPermitSet(policyAcl as Acl);
        const acl = aclFor(rendered, format, name, direction);
        // No IPv4 ACL applied: every IPv4 packet passes.
        let got = acl ? aclPermitSet(acl) : HeaderSet.ALL;
        if (format === 'iptables-save' && direction === 'in') {
          // INPUT sees only packets to the host's own addresses; the interface ACL adds FORWARD for the rest.
          const own = HeaderSet.box({ dst: IPT_OWN.map((a) => [ip(a), ip(a)] as const) });
          want = want.intersect(own);
          got = got.intersect(own);
        }
        const more = got.minus(want);
        const less = want.minus(got);
        const key = `${r.file} ${filter}`;
        if (more.isEmpty() && less.isEmpty()) {
          report.push(`${key}: equal`);
          continue;
        }
        seen.push(key);
        report.push(`${key}: DIFFERENT — rendering permits more: ${show(more.pick())}; policy permits more: ${show(less.pick())}`);
        checks.push(() => {
          const expected = EXPECTED_DIFFERENCES.find((d) => d.file === r.file && d.filter === filter);
          expect(expected, `unexpected difference ${key}: rendering-only ${more.describe(5)}; policy-only ${less.describe(5)}`).toBeDefined();
          if (!expected) return;
          expect([!more.isEmpty(), !less.isEmpty()], key).toEqual([expected.more, expected.less]);
          expect((expected.more ? more : less).contains(expected.witness), `${key}: witness ${show(expected.witness)}`).toBe(true);
        });
      }
    }
    console.log(report.join('\n'));
    for (const check of checks) check();
    const required = EXPECTED_DIFFERENCES.filter((d) => compared.has(d.file) && (!d.optional || seen.includes(`${d.file} ${d.filter}`)));
    expect(seen.sort()).toEqual(required.map((d) => `${d.file} ${d.filter}`).sort());
  });
});
