/**
 * `segproof import nftables-json`: the hand-written router as `nft -j list ruleset` printed it
 * (fixtures/linux/router.json, from router.nft), element by element and flow by flow; the same router
 * loaded by iptables-nft, whose JSON hides the options of its xt matches and targets (approximated or
 * unknown, so the import is partial); and input that is not nft's JSON.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { iptablesSaveImporter } from '../../src/import/formats/iptables-save.js';
import { parseIpAddr } from '../../src/import/formats/linux-ip.js';
import { nftablesJsonImporter } from '../../src/import/formats/nftables-json.js';
import { ledgerDiagnostics, summarise } from '../../src/import/ledger.js';
import type { InputFile } from '../../src/import/types.js';
import { parseIpv4, type Ipv4 } from '../../src/net/ipv4.js';
import type { KernelProbe } from './support/linux-kernel.js';
import { formatOutcome, importAndLoad, simulator } from './support/linux-topology.js';

const FIXTURES = 'test/import/fixtures/linux';
const file = (name: string): InputFile => ({ path: `${FIXTURES}/${name}`, text: readFileSync(path.join(FIXTURES, name), 'utf8') });
const interfaces = () => parseIpAddr(file('router.ip-addr')).interfaces;
const ip = (s: string) => parseIpv4(s) as Ipv4;
const probe = (ingress: string, src: string, dst: string, proto: 'tcp' | 'udp' | 'icmp', dport = 0): KernelProbe => ({
  id: 0,
  ingress,
  src: ip(src),
  dst: ip(dst),
  protocol: proto === 'tcp' ? 6 : proto === 'udp' ? 17 : 1,
  srcPort: proto === 'icmp' ? 0 : 40000,
  dstPort: dport,
  icmpType: proto === 'icmp' ? 8 : 0,
  icmpCode: 0,
});

describe('nftables-json: the hand-written router', () => {
  it('accounts for every element of the nftables array, pointing diagnostics at where each starts in the file', () => {
    const r = nftablesJsonImporter.importDevice([file('router.json'), file('router.ip-addr'), file('router.ip-route')], {});
    const ledger = r.ledgers[0]!;
    const s = summarise([ledger]);
    expect(s.unknown).toBe(0);
    expect(s.lines).toBe(JSON.parse(file('router.json').text).nftables.length);
    const approximated = ledgerDiagnostics([ledger], false).filter((d) => d.code === 'IMP003');
    expect(approximated.map((d) => (d.expected ?? '').split(':')[0])).toEqual(['rate limit', 'MAC address']);
    // nft -j prints one line: every element is on line 1, at its own column.
    expect(approximated.every((d) => d.location?.line === 1 && (d.location.column ?? 0) > 1)).toBe(true);
    const text = file('router.json').text;
    const at = approximated[0]!.location!.column - 1;
    expect(text.slice(at, at + 8)).toBe('{"rule":');
  });

  it('decides flows as the kernel does: sets, the verdict map, return and goto, two forward chains, NOTRACK, DNAT', async () => {
    const loaded = await importAndLoad(nftablesJsonImporter, [file('router.json'), file('router.ip-addr'), file('router.ip-route')]);
    const sim = simulator(loaded, interfaces());
    const cases: [KernelProbe, string][] = [
      [probe('lan0', '10.1.0.5', '8.8.8.8', 'tcp', 443), 'forwarded out of wan0'],
      [probe('lan0', '10.1.0.5', '10.2.0.80', 'tcp', 443), 'forwarded out of dmz0'], // @web_ports
      [probe('lan0', '10.1.0.5', '10.2.0.80', 'tcp', 22), 'dropped'], // return, then forward's policy
      [probe('lan0', '10.1.0.25', '10.2.0.80', 'tcp', 22), 'forwarded out of dmz0'], // @admins range
      [probe('lan0', '10.1.0.5', '8.8.8.8', 'tcp', 25), 'dropped'], // tcp flags syn, dport 25
      [probe('lan0', '10.1.0.210', '8.8.8.8', 'udp', 53), 'dropped'], // accepted by `forward`, dropped by `late`
      [probe('lan0', '10.1.0.5', '10.2.0.99', 'tcp', 443), 'dropped'], // `late` again
      [probe('wan0', '203.0.113.9', '10.2.0.80', 'tcp', 8443), 'forwarded out of dmz0'], // goto web_alt
      [probe('wan0', '203.0.113.9', '10.2.0.81', 'tcp', 8443), 'dropped'],
      [probe('wan0', '203.0.113.9', '10.2.0.53', 'udp', 53), 'forwarded out of dmz0'], // notrack, untracked accepted
      [probe('wan0', '10.5.5.5', '10.2.0.53', 'udp', 53), 'dropped'], // the bogons chain (prerouting, before raw's accept)
      [probe('wan0', '203.0.113.9', '198.51.100.2', 'tcp', 8080), 'forwarded out of dmz0'], // dnat
      [probe('dmz0', '10.2.0.66', '8.8.8.8', 'tcp', 80), 'forwarded out of wan0'], // MAC check narrowed away
      [probe('dmz0', '10.2.0.5', '10.1.0.9', 'tcp', 80), 'dropped'], // ct state new, to lan0
      [probe('lan0', '10.1.0.20', '10.1.0.1', 'tcp', 22), 'local'],
      [probe('wan0', '203.0.113.9', '10.1.0.1', 'udp', 53), 'dropped'],
      [probe('dmz0', '10.2.0.5', '10.1.0.254', 'udp', 53), 'local'], // a secondary address: input decides
    ];
    const wrong = cases.map(([p, want]) => [p, want, sim.outcome(p)] as const).filter(([, want, got]) => formatOutcome(got.outcome) !== want);
    expect(wrong.map(([p, want, got]) => `${p.ingress} → ${p.dst}:${p.dstPort}: want ${want}, got ${formatOutcome(got.outcome)} (${got.summary})`)).toEqual([]);
  });
});

describe('nftables-json: what nft does not print', () => {
  it('an iptables-nft rule set: xt matches approximated, xt targets with options (CT, SNAT, DNAT, MASQUERADE) unknown, so the import is partial', () => {
    const r = nftablesJsonImporter.importDevice([file('router-iptables-nft.json'), file('router.ip-addr'), file('router.ip-route')], {});
    const diagnostics = ledgerDiagnostics(r.ledgers, false);
    const unknown = diagnostics.filter((d) => d.code === 'IMP001').map((d) => d.expected);
    expect(unknown).toEqual([
      "xt target CT (its options are not in nft's JSON) is not modelled",
      "xt target DNAT (its options are not in nft's JSON) is not modelled",
      "xt target MASQUERADE (its options are not in nft's JSON) is not modelled",
    ]);
    const xt = diagnostics.filter((d) => d.code === 'IMP003' && /xt \w+ match/.test(d.expected ?? ''));
    expect(xt.length).toBeGreaterThan(5);
    expect(summarise(r.ledgers).unknownVerdictChanging).toBe(3);
  });

  it('the same router from iptables-save is complete: nothing of it is hidden there', () => {
    const r = iptablesSaveImporter.importDevice([file('router.rules'), file('router.ip-addr'), file('router.ip-route')], {});
    expect(summarise(r.ledgers).unknownVerdictChanging).toBe(0);
  });

  it('input that is not nft JSON: every line unknown and verdict-changing', () => {
    const r = nftablesJsonImporter.importDevice([{ path: 'x.json', text: 'table inet fw {\n}\n' }], {});
    expect(summarise(r.ledgers)).toMatchObject({ lines: 2, unknown: 2, unknownVerdictChanging: 2 });
    const r2 = nftablesJsonImporter.importDevice([{ path: 'y.json', text: '{"tables": []}\n' }], {});
    expect(ledgerDiagnostics(r2.ledgers, false)[0]?.expected).toBe('not `nft -j list ruleset` output: expected {"nftables": [ … ]}');
  });

  it('statements it does not know are unknown, pretty-printed JSON points at the element\'s line', () => {
    const doc = {
      nftables: [
        { table: { family: 'inet', name: 't', handle: 1 } },
        { chain: { family: 'inet', table: 't', name: 'f', handle: 1, type: 'filter', hook: 'forward', prio: 0, policy: 'drop' } },
        { rule: { family: 'inet', table: 't', chain: 'f', handle: 2, expr: [{ match: { op: '==', left: { meta: { key: 'iifname' } }, right: 'a' } }, { synproxy: { mss: 1460 } }, { accept: null }] } },
        { rule: { family: 'inet', table: 't', chain: 'f', handle: 3, expr: [{ queue: { num: 1 } }] } },
        { rule: { family: 'ip6', table: 'x', chain: 'y', handle: 4, expr: [{ drop: null }] } },
      ],
    };
    const r = nftablesJsonImporter.importDevice([{ path: 'p.json', text: JSON.stringify(doc, null, 2) }], {});
    const d = ledgerDiagnostics(r.ledgers, false);
    expect(d.map((x) => [x.code, x.location?.line, x.expected])).toEqual([
      ['IMP001', 22, 'statement "synproxy" is not modelled'],
      ['IMP001', 51, 'queue to user space is not modelled'],
    ]);
    expect(summarise(r.ledgers)).toMatchObject({ lines: 5, ignored: 1 });
  });
});
