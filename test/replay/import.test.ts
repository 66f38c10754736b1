/** Malformed flow logs: one file per diagnostic code, with the exact message; no crash, nothing dropped silently. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderDiagnostic } from '../../src/diagnostics/diagnostic.js';
import { importFlows, parseIpv4Fast } from '../../src/replay/import.js';
import { parseIpv4 } from '../../src/net/ipv4.js';
import fc from 'fast-check';

const dir = path.resolve(import.meta.dirname, 'fixtures/errors');
const rel = (f: string) => path.join(dir, f);
const knows = { knowsStart: (n: string) => ['pc', 'fw', 'web'].includes(n), startNames: () => ['pc', 'fw', 'web'] };

describe('flow import diagnostics', () => {
  it('FLOW002: a bad address names file:line:column, keeps good rows and counts the bad one', async () => {
    const r = await importFlows(rel('FLOW002-bad-address.csv'));
    // A row was dropped: the good rows are there, but the import is neither ok nor complete.
    expect(r.ok).toBe(false);
    expect(r.complete).toBe(false);
    expect(r.flows!.size).toBe(1);
    expect(r.badRows).toBe(1);
    expect(r.diagnostics.map(renderDiagnostic)).toEqual([
      `${rel('FLOW002-bad-address.csv')}:3:10: error FLOW002: dst "10.0.0.256" is not an IPv4 address\n  expected: a dotted quad such as 10.1.2.3\n  hint: each of the four numbers is 0-255, written without leading zeros`,
    ]);
  });

  it('FLOW002 in JSON Lines: an unknown protocol suggests the near name', async () => {
    const r = await importFlows(rel('FLOW002-unknown-protocol.jsonl'));
    expect(r.diagnostics.map(renderDiagnostic)).toEqual([
      `${rel('FLOW002-unknown-protocol.jsonl')}:2:36: error FLOW002: unknown protocol "tcpp"\n  expected: a protocol name (icmp, tcp, udp, gre, esp, icmpv6) or a number 0-255\n  hint: did you mean "tcp"?`,
    ]);
  });

  it('FLOW003: a port out of range', async () => {
    const r = await importFlows(rel('FLOW003-port-range.csv'));
    expect(r.diagnostics.map(renderDiagnostic)).toEqual([
      `${rel('FLOW003-port-range.csv')}:2:25: error FLOW003: destination port 70000 is out of range 0-65535\n  expected: a number 0-65535`,
    ]);
  });

  it('FLOW004: an unknown start location', async () => {
    const r = await importFlows(rel('FLOW004-unknown-start.csv'), knows);
    expect(r.diagnostics.map(renderDiagnostic)).toEqual([
      `${rel('FLOW004-unknown-start.csv')}:2:29: error FLOW004: unknown start location "pcc"\n  expected: a node or node.interface of the topology\n  hint: did you mean "pc"?`,
    ]);
  });

  it('FLOW005: a header with an unknown column and a missing one is fatal', async () => {
    const r = await importFlows(rel('FLOW005-header.csv'));
    expect(r.ok).toBe(false);
    expect(r.diagnostics.map((d) => `${d.location?.line}:${d.location?.column} ${d.code} ${d.message}`)).toEqual([
      '1:9 FLOW005 unknown column "protocol"',
      '1:1 FLOW005 missing required column "proto"',
    ]);
  });

  it('FLOW001: an unreadable file', async () => {
    const r = await importFlows(rel('no-such-file.csv'));
    expect(r.ok).toBe(false);
    expect(r.diagnostics[0]!.code).toBe('FLOW001');
  });

  it('--strict stops at the first bad row', async () => {
    const r = await importFlows(rel('FLOW002-bad-address.csv'), { strict: true });
    expect(r.ok).toBe(false);
    expect(r.flows).toBeUndefined();
    expect(r.badRows).toBe(1);
  });

  it('the fast address parser agrees with parseIpv4', () => {
    fc.assert(
      fc.property(fc.oneof(fc.ipV4(), fc.string(), fc.ipV4Extended()), (text) => {
        expect(parseIpv4Fast(text)).toBe(parseIpv4(text));
      }),
      { numRuns: 2000 },
    );
  });
});
