/**
 * The data an HTML report page is built from: escaping into <script> blocks, the compound structure of
 * the topology graph and its layout, the highlighted chain of a known violation with its deciding rule,
 * the separation matrix statuses, exceptions, the diff's findings, and the page and CLI around them.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cspHash, jsonForScript, scriptSafe } from '../../src/report/html/embed.js';
import { LEAF, nestedLayout } from '../../src/report/html/nested-layout.js';
import type { PageData } from '../../src/report/html/page-data.js';
import { htmlReportData, renderHtmlReport, type HtmlReportInput } from '../../src/report/html/render.js';
import { homeSegment, topologyGraph } from '../../src/report/html/topology-graph.js';
import { Command } from 'commander';
import { registerDiffCommand } from '../../src/cli/commands/diff.js';
import { memoryIo } from '../../src/cli/io.js';
import { runVerify } from '../verify/helpers.js';
import { BETA_PRIME_CITY, BROKEN_ACL, HOSTILE, HOSTILE_SCENARIO, brokenDiffInput, lineOf, load, verifyInput } from './report-inputs.js';

const HOSTILE_TEXT = `</script><!--<script>alert("x") & 'y'</script>\u2028\u2029`;

describe('embedding in <script>', () => {
  it('writes JSON without <, >, & or line separators, and reads back the same value', () => {
    const value = { text: HOSTILE_TEXT, nested: [HOSTILE_TEXT, { k: '<!-- -->' }] };
    const json = jsonForScript(value);
    expect(json).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(json)).toEqual(value);
  });

  it('splits </script and <!-- in library code without changing what the code means', () => {
    const source = `var a = "</SCRIPT>" + '<!--' + /<\\/script>/.source;`;
    const safe = scriptSafe(source);
    expect(safe.toLowerCase()).not.toContain('</script');
    expect(safe).not.toContain('<!--');
    expect(new Function(`${safe} return a;`)()).toBe(new Function(`${source} return a;`)());
  });

  it('hashes a script for the Content-Security-Policy as browsers do (SHA-256, base64)', () => {
    // SHA-256 of the empty string is e3b0c442…b855; in base64 as CSP writes it:
    expect(cspHash('')).toBe("'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='");
  });
});

describe('the topology graph', () => {
  it('puts segments in their zones and nodes in a segment of their zone, linking the other segments', async () => {
    const topology = await load(BROKEN_ACL);
    const graph = topologyGraph(topology);
    const byId = new Map(graph.map((e) => [e.data.id, e]));
    for (const zone of topology.zones.values()) expect(byId.get(`z:${zone.name}`)?.classes).toContain(`cls-${zone.class}`);
    for (const segment of topology.segments.values()) expect(byId.get(`s:${segment.name}`)?.data.parent).toBe(`z:${segment.zone}`);
    let links = 0;
    for (const node of topology.nodes.values()) {
      const element = byId.get(`n:${node.name}`);
      const home = homeSegment(topology, node);
      expect(element?.data.parent).toBe(home === undefined ? `z:${node.zone}` : `s:${home}`);
      if (home !== undefined) expect(topology.segments.get(home)?.zone).toBe(node.zone);
      const others = new Set([...node.interfaces.values()].map((i) => i.segment).filter((s) => s !== home));
      for (const s of others) expect(byId.get(`m:${node.name}:${s}`)?.data).toMatchObject({ source: `n:${node.name}`, target: `s:${s}` });
      links += others.size;
    }
    expect(graph.filter((e) => e.group === 'edges')).toHaveLength(links);
    expect(graph.filter((e) => e.group === 'nodes')).toHaveLength(topology.zones.size + topology.segments.size + topology.nodes.size);
    // The central firewall of the transit zone joins every zone: drawn in INFRA, linked to each segment.
    expect(byId.get('n:core-fw')?.data.parent).toBe('z:INFRA');
    expect(byId.get('n:core-fw')?.classes).toContain('kind-firewall');
    expect(byId.get('n:st-gateway')?.classes).toMatch(/\bgateway\b.*|kind-screen-transfer/);
  });

  it('marks what exists in one version only when drawing two', async () => {
    const before = await load('test/adversarial/01-mn-lg-secure.yaml');
    const after = await load('test/adversarial/01-mn-lg-leak.yaml');
    const graph = topologyGraph(after, before);
    const only = (cls: string) => graph.filter((e) => e.classes.split(' ').includes(cls)).map((e) => e.data.id).sort();
    const ids = (t: typeof before) => new Set(topologyGraph(t).map((e) => e.data.id));
    const [b, a] = [ids(before), ids(after)];
    expect(only('only-before')).toEqual([...b].filter((id) => !a.has(id)).sort());
    expect(only('only-after')).toEqual([...a].filter((id) => !b.has(id)).sort());
  });

  it('lays leaves out without overlap, each compound a block apart from its siblings', async () => {
    const topology = await load('topologies/beta-prime-prefecture.yaml');
    const graph = topologyGraph(topology);
    const at = nestedLayout(graph);
    const parents = new Set(graph.map((e) => e.data.parent).filter((p) => p !== undefined));
    const leaves = graph.filter((e) => e.group === 'nodes' && !parents.has(e.data.id));
    expect(at.size).toBe(leaves.length);
    const points = [...at.values()];
    for (let i = 0; i < points.length; i++) {
      for (let j = i + 1; j < points.length; j++) {
        const [p, q] = [points[i]!, points[j]!];
        expect(Math.abs(p.x - q.x) >= LEAF.width || Math.abs(p.y - q.y) >= LEAF.height).toBe(true);
      }
    }
    // The boxes around each segment's leaves do not meet those of another segment.
    const box = (segment: string) => {
      const mine = leaves.filter((e) => e.data.parent === segment).map((e) => at.get(e.data.id)!);
      return mine.length ? { x1: Math.min(...mine.map((p) => p.x)), x2: Math.max(...mine.map((p) => p.x)), y1: Math.min(...mine.map((p) => p.y)), y2: Math.max(...mine.map((p) => p.y)) } : undefined;
    };
    const boxes = [...topology.segments.keys()].map((s) => box(`s:${s}`)).filter((b) => b !== undefined);
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const [p, q] = [boxes[i]!, boxes[j]!];
        expect(p.x2 < q.x1 || q.x2 < p.x1 || p.y2 < q.y1 || q.y2 < p.y1).toBe(true);
      }
    }
  });
});

describe('a verification as page data', () => {
  let broken: PageData;
  beforeAll(async () => {
    broken = htmlReportData(await verifyInput(BROKEN_ACL));
  });

  it('highlights the R1 witness hop by hop, naming the opening rule with its file:line', async () => {
    const finding = broken.findings.find((f) => f.group === 'R1' && f.title.includes('reach mn-file'));
    expect(finding).toBeDefined();
    expect(finding!.cells).toEqual(['INET>MN']);
    expect(finding!.steps.map((s) => [s.from, s.to])).toEqual([
      ['n:inet-terminals', 'n:core-fw'],
      ['n:core-fw', 'n:mn-core'],
      ['n:mn-core', 'n:mn-file'],
    ]);
    const line = await lineOf(BROKEN_ACL, 'name: temporary-vendor-access');
    const opening = finding!.steps[1]!.rules.find((r) => r.text.includes('rule temporary-vendor-access'));
    expect(opening).toMatchObject({ text: expect.stringContaining('ACL INET_TO_MN'), location: expect.stringMatching(new RegExp(`^${BROKEN_ACL}:${line}:\\d+$`)) });
    expect(finding!.outcome).toMatch(/^delivered at mn-file/);
  });

  it('lists information-flow chains link by link', () => {
    const chain = broken.findings.find((f) => f.group === 'F3');
    expect(chain).toBeDefined();
    expect(chain!.steps.length).toBeGreaterThan(0);
    for (const [i, s] of chain!.steps.entries()) {
      if (i > 0) expect(s.from).toBe(chain!.steps[i - 1]!.to);
      expect(s.text).toMatch(/—.+→/);
    }
  });

  it('gives every matrix cell a status: violated where a finding was filed, holds where its views passed', () => {
    const m = broken.matrix!;
    const cell = (id: string) => m.cells.find((c) => `${c.from}>${c.to}` === id);
    expect(m.cells).toHaveLength(m.classes.length ** 2);
    // β′ city has no GovNW zone: no row or column for it, and the caption says its cells do not apply.
    expect(m.classes).not.toContain('GOVNW');
    expect(m.caption).toMatch(/no .*GOVNW.* zone here/);
    expect(cell('INET>MN')?.status).toBe('violated');
    expect(cell('LG>INET')?.status).toBe('holds');
    expect(cell('INET>INTERNET')?.status).toBe('holds');
    expect(cell('MN>INET')?.status).toBe('holds');
    expect(cell('MN>MN')?.status).toBe('same');
    for (const f of broken.findings) for (const id of f.cells) expect(cell(id)?.status).toBe('violated');
  });

  it('gives a cell whose violations are beyond the full lists its exact status and count', () => {
    const m = broken.matrix!;
    const cell = (id: string) => m.cells.find((c) => `${c.from}>${c.to}` === id);
    // F3 lists 10 violations, none of them in INET>MN_GC; the cell still counts every one it has.
    expect(broken.findings.some((f) => f.cells.includes('INET>MN_GC'))).toBe(false);
    const gc = cell('INET>MN_GC');
    expect(gc?.status).toBe('violated');
    expect(gc?.count).toBeGreaterThan(0);
    expect(gc?.summary).toBe(`INET>MN_GC: violated — ${gc?.count} violations (${gc?.count} in F3; 0 listed)`);
    // Packet (R1) and information-flow (F3) findings of one cell add up; each layer counted once.
    expect(cell('INET>MN')?.summary).toMatch(/^INET>MN: violated — (\d+) violations \(\d+ in R1, \d+ in F3; \d+ listed\)$/);
    expect(cell('LG>INET')?.count).toBe(0);
    expect(m.cells.every((c) => c.status !== 'violated' || (c.count ?? 0) > 0)).toBe(true);
  });

  it('reports cells as not checked when the invariant pack did not run', async () => {
    const input = await verifyInput(BROKEN_ACL);
    const noPack: HtmlReportInput = { ...input, report: { ...input.report, results: input.report.results.filter((r) => r.kind === 'property') } };
    const statuses = new Set(htmlReportData(noPack).matrix!.cells.map((c) => c.status));
    expect(statuses.has('not-checked')).toBe(true);
    expect(statuses.has('holds')).toBe(false);
    expect(statuses.has('violated')).toBe(false);
  });

  it('lists exceptions with justification, expiry and the checks that used them', async () => {
    const data = htmlReportData(await verifyInput(HOSTILE, HOSTILE_SCENARIO));
    expect(data.exceptions.map((e) => [e.name, e.expires, e.expired])).toEqual([
      ['db-maintenance', '2099-12-31', false],
      ['old-vendor-access', '2020-01-31', true],
    ]);
    expect(data.exceptions[0]!.justification).toContain('</script><script>');
    expect(data.exceptions[0]!.usedBy).toContain('R8');
    expect(data.exceptions[1]!.usedBy).toEqual([]);
  });
});

describe('a diff as page data', () => {
  it('draws each new reach along its path after the change and marks the changed cells', async () => {
    const data = htmlReportData(await brokenDiffInput());
    const change = data.findings.find((f) => f.title === 'NEW inet-terminals → mn-file');
    expect(change).toBeDefined();
    expect(change!.steps.map((s) => s.to)).toEqual(['n:core-fw', 'n:mn-core', 'n:mn-file']);
    expect(change!.deciding.map((r) => r.text.split(':')[0])).toEqual(['before', 'after']);
    expect(change!.deciding[1]!.text).toContain('temporary-vendor-access');
    const cells = data.matrix!.cells.filter((c) => c.status === 'changed').map((c) => `${c.from}>${c.to}`);
    expect(cells).toContain('INET>MN');
    expect(cells.every((id) => data.findings.some((f) => f.cells.includes(id)))).toBe(true);
  });
});

describe('the page', () => {
  it('has exactly its own scripts, allowed by hash, and the data parses back', async () => {
    const input = await verifyInput(HOSTILE, HOSTILE_SCENARIO);
    const html = renderHtmlReport(input);
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.map((s) => s[1])).toEqual([' type="application/json" id="report-data"', '', '']);
    expect(JSON.parse(scripts[0]![2]!)).toEqual(JSON.parse(JSON.stringify(htmlReportData(input))));
    const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1] ?? '';
    for (const s of scripts.slice(1)) expect(csp).toContain(cspHash(s[2]!).replace(/'/g, '&#39;'));
    expect(csp).toContain('default-src &#39;none&#39;');
    // Nothing is fetched: the markup around the scripts has no src or href attribute.
    const markup = html.replace(/<script([^>]*)>[\s\S]*?<\/script>/g, '<script$1></script>');
    expect(markup.match(/\s(src|href)=/g)).toBeNull();
  });
});

describe('segproof verify --html', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'segproof-html-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the page and keeps the exit code of the verdict', async () => {
    const file = path.join(dir, 'report.html');
    const run = await runVerify([BROKEN_ACL, '--html', file]);
    expect(run.code).toBe(1);
    const html = await readFile(file, 'utf8');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('broken-acl-opens-mn-to-inet');
  });

  it('refuses an --html path that --junit also writes, before any work (exit 2)', async () => {
    const file = path.join(dir, 'same.xml');
    const run = await runVerify([BROKEN_ACL, '--junit', file, '--html', file]);
    expect(run.code).toBe(2);
    expect(run.err).toContain('CLI001');
  });

  it('refuses an --html path in a folder that does not exist (exit 2)', async () => {
    const run = await runVerify([BROKEN_ACL, '--html', path.join(dir, 'missing', 'report.html')]);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/CLI00[23]/);
  });
});

describe('segproof diff --html', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'segproof-html-diff-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function diff(args: readonly string[]): Promise<{ code: number; err: string }> {
    const io = memoryIo();
    let code = -1;
    const program = new Command('segproof').exitOverride();
    registerDiffCommand(program, io, (c) => (code = c));
    await program.parseAsync(['node', 'segproof', 'diff', ...args, '--no-status', '--no-flow']);
    return { code, err: io.err.join('\n') };
  }

  it('writes the page with the reach changes and keeps the exit code of the gates', async () => {
    const file = path.join(dir, 'diff.html');
    const run = await diff([BETA_PRIME_CITY, BROKEN_ACL, '--html', file]);
    expect(run.code).toBe(0);
    const html = await readFile(file, 'utf8');
    const data = JSON.parse(/<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(html)![1]!) as PageData;
    expect(data.kind).toBe('diff');
    expect(data.findings.some((f) => f.title === 'NEW inet-terminals → mn-file')).toBe(true);
  });

  it('refuses an --html path that --markdown also writes, before any work (exit 2)', async () => {
    const file = path.join(dir, 'same.md');
    const run = await diff([BETA_PRIME_CITY, BROKEN_ACL, '--markdown', file, '--html', file]);
    expect(run.code).toBe(2);
    expect(run.err).toContain('CLI001');
  });
});
