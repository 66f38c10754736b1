/** The separation matrix as data, its explanation, and the attacker capabilities the engines share. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { traceFlow } from '../../src/engine/simulate.js';
import { makeHeader } from '../../src/engine/flow.js';
import { parseIpv4 } from '../../src/net/ipv4.js';
import { addressSetField } from '../../src/symbolic/acl-set.js';
import { HeaderSet } from '../../src/symbolic/header-set.js';
import { computeReachability } from '../../src/symbolic/reachability.js';
import { MODELS } from '../../src/topology/format.js';
import { loadTopologyText } from '../../src/topology/load.js';
import type { Topology } from '../../src/topology/model.js';
import { matrixCells, VIEW_TITLES } from '../../src/verify/matrix/cells.js';
import { explainMatrix } from '../../src/verify/matrix/explain.js';
import { attackerStarts, freeAddresses, unlistedDeviceSegments } from '../../src/verify/matrix/attacker.js';
import { main } from '../../src/cli/main.js';
import { loadTopology } from '../../src/topology/load.js';
import { verifyReportToJson } from '../../src/verify/report/json.js';
import { verifyTopology } from '../../src/verify/verify.js';
import { memoryIo } from '../../src/cli/io.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const basisDoc = readFileSync(path.join(root, 'docs/guideline-basis.md'), 'utf8');

describe('the separation matrix', () => {
  for (const model of MODELS) {
    it(`${model}: each ordered pair of classes is one cell, with views that exist and a basis the repository holds`, () => {
      const cells = matrixCells(model);
      expect(cells.length).toBeGreaterThan(0);
      const ids = cells.map((c) => c.id);
      expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
      for (const c of cells) {
        expect(c.from).not.toBe(c.to);
        for (const v of c.views) expect(VIEW_TITLES[v], `${c.id} view ${v}`).toBeDefined();
        // Each packet view is R/Z and each flow view is F, so findings land where the report says.
        expect(c.views.some((v) => !v.startsWith('F'))).toBe(true);
        if (c.flow) expect(c.views.some((v) => v.startsWith('F'))).toBe(true);
        for (const b of c.basis) expect(basisDoc, `${c.id} cites ${b}`).toContain(`### ${b}\n`);
      }
    });
  }

  it('keeps MN apart from every other class in both directions in the three-tier models', () => {
    for (const model of ['alpha', 'alpha-prime', 'beta', 'beta-prime'] as const) {
      const byId = new Map(matrixCells(model).map((c) => [c.id, c]));
      for (const other of ['INTERNET', 'INET', 'LG', 'LGWAN', 'SECCLOUD', 'GOVCLOUD', 'GOVNW', 'GSS', 'SAAS']) {
        expect(byId.get(`${other}>MN`)?.packet.kind, `${model} ${other}>MN`).toBe('none');
        expect(byId.get(`MN>${other}`)?.packet.kind, `${model} MN>${other}`).toBe('none');
      }
      expect(byId.get('INET>LGWAN')?.packet.kind).toBe('none');
    }
  });

  it('segproof explain prints the matrix with every cell and its basis; an unknown model is bad input', async () => {
    const io = memoryIo();
    expect(await main(['node', 'segproof', 'explain', 'beta-prime'], io)).toBe(0);
    const out = io.out.join('\n');
    expect(out).toBe(explainMatrix('beta-prime'));
    expect(out).toContain('INTERNET, INET → MN, MN_GC   [R1, F3]');
    expect(out).toContain('docs/guideline-basis.md#b-lg-to-inet-relay');
    expect(out).toContain('relayed data only through relays declared to carry lgwan-mail / lgwan-asp');
    const bad = memoryIo();
    expect(await main(['node', 'segproof', 'explain', 'gamma'], bad)).toBe(2);
    expect(bad.err.join('\n')).toContain('unknown model "gamma"');
  });
});

const TWO_SEGMENTS = `
segproof: 1
name: urpf
zones: { inet: { class: INET }, lg: { class: LG } }
segments:
  a: { zone: inet, prefix: 10.1.0.0/24 }
  b: { zone: lg, prefix: 10.2.0.0/24 }
nodes:
  r:
    kind: router
    interfaces:
      a: { segment: a, address: 10.1.0.1, urpf: strict }
      b: { segment: b, address: 10.2.0.1 }
  ha: { kind: host, role: server, gateway: 10.1.0.1, interfaces: { nic: { segment: a, address: 10.1.0.10 } } }
  hb: { kind: host, role: server, gateway: 10.2.0.1, interfaces: { nic: { segment: b, address: 10.2.0.10 } } }
`;

async function load(text: string): Promise<Topology> {
  const r = await loadTopologyText(text, 'urpf.yaml');
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('; '));
  return r.topology;
}

describe('every cell of a view counted exactly', () => {
  it('counts each cell\'s violations, listed or not, so a cell beyond a full list still says it is violated', async () => {
    const file = path.join(root, 'topologies/broken/acl-opens-mn-to-inet.yaml');
    const loaded = await loadTopology(file);
    if (!loaded.ok) throw new Error('the broken reference topology does not load');
    const report = verifyTopology(loaded.topology, { topologyFile: file });
    const f3 = report.results.find((r) => r.id === 'F3');
    const cells = f3?.cells ?? [];
    expect(cells.map((c) => c.cell).sort()).toEqual(['INET>MN', 'INET>MN_GC', 'INTERNET>MN', 'INTERNET>MN_GC']);
    // The list is full (10) and says how many more there are; the cells count them all.
    const more = Number(/^(\d+) more violations/m.exec(f3?.notes.join('\n') ?? '')?.[1]);
    expect(f3?.violations).toHaveLength(10);
    expect(cells.reduce((n, c) => n + c.listed, 0)).toBe(10);
    expect(cells.reduce((n, c) => n + c.violations, 0)).toBe(10 + more);
    for (const c of cells) expect(c.listed).toBeLessThanOrEqual(c.violations);
    // A cell none of whose violations made the list.
    expect(cells.find((c) => c.cell === 'INET>MN_GC')).toMatchObject({ listed: 0, violations: expect.any(Number) });
    expect(cells.find((c) => c.cell === 'INET>MN_GC')?.violations).toBeGreaterThan(0);
    expect(f3?.notes).toContainEqual(expect.stringMatching(/^violations per cell, listed or not: .*INET>MN_GC \d+ \(0 listed\)/));
    // A view that holds counts 0 in each of its cells; JSON carries the counts as a new field.
    expect(report.results.find((r) => r.id === 'R3')?.cells?.every((c) => c.violations === 0 && c.listed === 0)).toBe(true);
    const json = verifyReportToJson(report) as { results: { id: string; cells?: unknown; notes: unknown }[] };
    expect(json.results.find((r) => r.id === 'F3')?.cells).toEqual(cells);
    expect(json.results.find((r) => r.id === 'F3')?.notes).toEqual(f3?.notes);
  });
});

describe('strict uRPF, in the simulator and the symbolic engine alike', () => {
  it('drops a source that is not routed back out of the interface, and only there', async () => {
    const t = await load(TWO_SEGMENTS);
    const ip = (s: string) => parseIpv4(s) as number;
    const fate = (from: string, src: string, dst: string) => traceFlow(t, { header: makeHeader(ip(src), ip(dst), { protocol: 17, dstPort: 53 }), start: { type: 'node', node: from } })[0]?.disposition;
    expect(fate('ha', '10.1.0.10', '10.2.0.10')).toBe('delivered');
    expect(fate('ha', '10.2.0.77', '10.2.0.10')).toBe('denied-in'); // forged LG source from the INET side
    expect(fate('hb', '10.1.0.77', '10.1.0.10')).toBe('delivered'); // no uRPF on b: forged source passes
    const symbolic = computeReachability(t, { starts: [{ node: 'ha' }], headers: HeaderSet.ALL });
    const arrived = symbolic.delivered.get('hb')?.headers ?? HeaderSet.EMPTY;
    expect(arrived.intersect(addressSetField('src', { ranges: [[ip('10.2.0.0'), ip('10.2.0.255')]] })).isEmpty()).toBe(true);
    expect(arrived.overlaps(addressSetField('src', { ranges: [[ip('10.1.0.10'), ip('10.1.0.10')]] }))).toBe(true);
  });

  it('refuses urpf on a node that does not forward (TOPO053)', async () => {
    const r = await loadTopologyText(TWO_SEGMENTS.replace('address: 10.2.0.10 } }', 'address: 10.2.0.10, urpf: strict } }'), 'urpf.yaml');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.diagnostics.map((d) => d.code)).toContain('TOPO053');
  });
});

describe('the unlisted device of the INET attacker', () => {
  const LINKS = `
segproof: 1
name: links
zones: { inet: { class: INET }, mn: { class: MN } }
segments:
  p2p30: { zone: inet, prefix: 10.9.0.0/30 }
  p2p31: { zone: inet, prefix: 10.9.0.4/31 }
  room29: { zone: inet, prefix: 10.9.0.8/29 }
  pool29: { zone: inet, prefix: 10.9.0.16/29 }
  mn24: { zone: mn, prefix: 10.8.0.0/24 }
nodes:
  r1:
    kind: router
    interfaces:
      a: { segment: p2p30, address: 10.9.0.1 }
      b: { segment: p2p31, address: 10.9.0.4 }
      c: { segment: room29, address: 10.9.0.9 }
      d: { segment: pool29, address: 10.9.0.17 }
      e: { segment: mn24, address: 10.8.0.1 }
  r2:
    kind: router
    interfaces:
      a: { segment: p2p30, address: 10.9.0.2 }
      b: { segment: p2p31, address: 10.9.0.5 }
      c: { segment: room29, address: 10.9.0.10 }
  pool: { kind: host, role: terminal, count: 5, gateway: 10.9.0.17, interfaces: { nic: { segment: pool29, address: 10.9.0.18 } } }
`;

  it('sits on INET segments with a free host address only: not on a full /30 or /31, a /29 its pool fills, or an MN segment', async () => {
    const t = await load(LINKS);
    expect(unlistedDeviceSegments(t, 'INET').map((s) => s.name)).toEqual(['room29']);
    expect(unlistedDeviceSegments(t, 'MN')).toEqual([]);
    // 10.9.0.8/29: .9 and .10 are the routers', .8 and .15 the network and broadcast addresses.
    expect(freeAddresses(t, t.segments.get('room29')!).ranges).toEqual([[parseIpv4('10.9.0.11'), parseIpv4('10.9.0.14')]]);
    expect(freeAddresses(t, t.segments.get('pool29')!).ranges).toEqual([]);
    expect(freeAddresses(t, t.segments.get('p2p31')!).ranges).toEqual([]);
  });

  it('is among the INET attacker\'s starts, after the hosts, and sends with any source to any next hop', async () => {
    const t = await load(LINKS);
    expect(attackerStarts(t, 'INET')).toContainEqual({ segment: 'room29', unlisted: true });
    expect(attackerStarts(t, 'MN').some((s) => 'segment' in s)).toBe(false);
    const r = computeReachability(t, { starts: [{ segment: 'room29', unlisted: true }], headers: HeaderSet.ALL }, { anyNextHop: true });
    const keys = [...(r.delivered.get('r2')?.origins.keys() ?? [])];
    expect(keys.some((k) => k.startsWith('unlisted device on room29'))).toBe(true);
    // A source from another zone (forged) reaches r1's MN address.
    const forged = r.delivered.get('r1')?.headers.intersect(addressSetField('src', { ranges: [[parseIpv4('10.8.0.50') as number, parseIpv4('10.8.0.50') as number]] }));
    expect(forged?.isEmpty()).toBe(false);
  });
});

describe('an exception counts on the layer it names', () => {
  // The approved MN app → 中間サーバー HTTPS of pair 46, its exception naming only F4: the flow layer is exempt,
  // the same packets on the packet layer (R2) are not.
  it('F4 does not exempt the R2 packets of the same cell', async () => {
    const dir = path.join(root, 'test/adversarial');
    const loaded = await loadTopology(path.join(dir, '46-exception-scope-secure.yaml'));
    if (!loaded.ok) throw new Error('pair 46 does not load');
    const scenarioText = readFileSync(path.join(dir, '46-exception-scope-secure.scenario.yaml'), 'utf8').replace('applies-to: [R2, F4]', 'applies-to: [F4]');
    const { parseScenarioText, resolveScenario } = await import('../../src/verify/scenario/load.js');
    const { KNOWN_CHECK_IDS } = await import('../../src/verify/packs/index.js');
    const parsed = parseScenarioText(scenarioText, path.join(dir, 'layer.scenario.yaml'));
    if (!parsed.ok) throw new Error('scenario does not parse');
    const resolved = resolveScenario(parsed.value, loaded.topology, KNOWN_CHECK_IDS);
    if (!resolved.ok) throw new Error('scenario does not resolve');
    const report = verifyTopology(loaded.topology, { topologyFile: '46-exception-scope-secure.yaml', scenario: resolved.value });
    const status = (id: string) => report.results.find((r) => r.id === id)?.status;
    expect(status('R2')).toBe('fail');
    expect(status('F4')).toBe('pass');
  });
});
