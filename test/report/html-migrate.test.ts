/**
 * `migrate --html`: one view per state (each step and each half-applied cut-over state) with its verdict and
 * its own network; each violation drawn on the network of its state, with its deciding rules; violations over
 * the sequence on the step they name; hostile names kept as text; and the command around it.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import type { GraphElement, MatrixData, PageData } from '../../src/report/html/page-data.js';
import { htmlReportData, renderHtmlReport } from '../../src/report/html/render.js';
import { BROKEN, REFERENCE, run } from '../migrate/support.js';
import { HOSTILE, brokenMigrationInput } from './report-inputs.js';

const FAILING = 'step1-new-lg → step2-redesignate, 4 of 13 changed (last: hp-cms)';

/** A state's graph (its element indices resolved in the page's pool) and its matrix. */
const graphOfView = (data: PageData, view: number): GraphElement[] => data.graphs![data.views![view]!.graph]!.map((i) => data.elements![i]!);
const matrixOfView = (data: PageData, view: number): MatrixData | undefined => {
  const index = data.views![view]!.matrix;
  return index === undefined ? undefined : data.matrices![index];
};

const pageData = (html: string): PageData => JSON.parse(/<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(html)![1]!) as PageData;

describe('the migrate page', () => {
  it('lists every state with its verdict and opens on the first failing one, its R3 chain drawn on its own network', async () => {
    const data = htmlReportData(await brokenMigrationInput());
    expect(data.kind).toBe('migrate');
    const views = data.views!;
    expect(views.map((v) => v.kind)).toEqual(['step', ...Array<string>(12).fill('half-applied'), 'step']);
    expect(views.filter((v) => !v.ok).map((v) => v.name)).toEqual([FAILING]);
    expect(data.initialView).toBe(views.findIndex((v) => v.name === FAILING));
    expect(views[data.initialView!]!.verdict).toMatch(/^half-applied — R\/F of beta-prime .*: \d+ hold, \d+ violated \(.*R3.*T3\)$/);
    expect(data.verdict).toEqual({ ok: false, text: `the migration does NOT hold — first failing state: ${FAILING}` });

    // Every finding is drawn on its state's network; the chain's ends are elements of that graph.
    expect(data.findings.length).toBeGreaterThan(0);
    for (const f of data.findings) {
      const ids = new Set(graphOfView(data, f.view!).map((e) => e.data.id));
      for (const s of f.steps) for (const end of [s.from, s.to]) if (end !== undefined) expect(ids.has(end), `${f.id} ${end}`).toBe(true);
    }
    const r3 = data.findings.find((f) => f.group === `${FAILING}: R3` && f.title.startsWith('Packets from INET reach lg-file'));
    expect(r3?.view).toBe(data.initialView);
    expect(r3?.cells).toEqual(['INET>LG']);
    expect(r3?.steps.map((s) => [s.from, s.to])).toEqual([['n:hp-cms', 'n:core-fw'], ['n:core-fw', 'n:lg-file']]);
    // The rule that lets the packet on, with its file:line in the step the device's definition was taken from.
    expect(r3?.steps[1]?.rules).toContainEqual({ text: expect.stringContaining('core-fw: ACL LG_CURRENT_TO_LG_NEW') as string, location: expect.stringMatching(/step1-new-lg\.yaml:\d+:\d+$/) as string });
    expect(r3?.outcome).toBe('delivered at lg-file: 10.21.10.13 is lg-file');
    // In that state hp-cms (zone INET_NEW) is linked to cur_lg_servers: the drawing is the state's, not a step's.
    const graphOf = (name: string) => graphOfView(data, views.findIndex((v) => v.name === name));
    expect(graphOf(FAILING).some((e) => e.data.id === 'm:hp-cms:cur_lg_servers')).toBe(true);
    expect(graphOf('step1-new-lg').some((e) => e.data.id === 'm:hp-cms:cur_lg_servers')).toBe(false);
    expect(matrixOfView(data, data.initialView!)?.cells.find((c) => c.from === 'INET' && c.to === 'LG')?.status).toBe('violated');
    expect(data.findings.some((f) => f.group === `${FAILING}: T3`)).toBe(true);
    expect(data.checks.filter((c) => c.status === 'fail').map((c) => c.title)).toEqual([FAILING]);
  });

  it('draws a violation over the sequence on the step it names', async () => {
    const report = await run([REFERENCE[2] as string, BROKEN('step3-rule-names-old-inet.yaml')]);
    const data = htmlReportData({ kind: 'migrate', report });
    const t5 = data.findings.filter((f) => f.group.endsWith('T5'));
    expect(t5).toHaveLength(1);
    expect(data.views![t5[0]!.view!]!.name).toBe('step3-rule-names-old-inet');
    expect(t5[0]!.location).toMatch(/step3-rule-names-old-inet\.yaml:\d+:\d+$/);
    expect(data.views!.every((v) => v.ok)).toBe(true);
    expect(data.initialView).toBe(t5[0]!.view);
    expect(data.checks.find((c) => c.id === 'T5')?.status).toBe('fail');
  });

  it('keeps hostile names as text: the data block carries no markup and reads back the same names', async () => {
    const report = await run([HOSTILE, HOSTILE]);
    const html = renderHtmlReport({ kind: 'migrate', report });
    const block = /<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(html)![1]!;
    expect(block).not.toMatch(/[<>&]/);
    const data = pageData(html);
    expect(data.elements!.some((e) => (e.data.info ?? []).some((l) => l.includes("<script>window.__pwned = 'node'</script>")))).toBe(true);
    expect(data.findings.some((f) => f.steps.some((st) => st.rules.some((r) => r.text.includes(`vendor said "ok" & <script>window.__pwned='rule'</script>`))))).toBe(true);
    expect(html.match(/<script/g)).toHaveLength(3);
  });
});

describe('segproof migrate --html', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'segproof-html-migrate-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const segproof = async (...args: string[]) => {
    const io = memoryIo();
    const code = await main(['node', 'segproof', 'migrate', ...args], io);
    return { code, out: io.out.join(''), err: io.err.join('') };
  };

  it('writes a page with every step and half-applied state of the reference plan, all holding (exit 0)', async () => {
    const file = path.join(dir, 'reference.html');
    const r = await segproof(...REFERENCE, '--plan', 'topologies/beta-prime-migration/plan.yaml', '--html', file);
    expect(r.code).toBe(0);
    const data = pageData(await readFile(file, 'utf8'));
    expect(data.views!.filter((v) => v.kind === 'step').map((v) => v.name)).toEqual(['step0-alpha', 'step1-new-lg', 'step2-redesignate', 'step3-decommission']);
    expect(data.views!.filter((v) => v.kind === 'half-applied')).toHaveLength(14 + 12 + 4);
    expect(data.views!.every((v) => v.ok)).toBe(true);
    expect(data.verdict.ok).toBe(true);
    expect(data.findings).toEqual([]);
    // Every state drawn whole, the elements alike from state to state stored once.
    for (const [i, v] of data.views!.entries()) expect(graphOfView(data, i).filter((e) => e.group === 'nodes').length, v.name).toBeGreaterThan(0);
    expect(data.elements!.length).toBeLessThan(data.graphs!.reduce((n, g) => n + g.length, 0) / 4);
  }, 120_000);

  it('writes the Japanese page and prints the Japanese report, keeping the check IDs (exit 1)', async () => {
    const file = path.join(dir, 'broken-ja.html');
    const r = await segproof(REFERENCE[2] as string, BROKEN('step3-rule-names-old-inet.yaml'), '--html', file, '--lang', 'ja');
    expect(r.code).toBe(1);
    expect(r.out).toContain('移行は成立しない');
    const html = await readFile(file, 'utf8');
    expect(html).toContain('<html lang="ja">');
    const data = pageData(html);
    expect(data.labels.states).toBe('状態');
    // The page's own words too: the matrix key, the exceptions table, the legend.
    expect(data.labels.matrixKey).toMatch(/^✓ 成立 · ✗ 違反/);
    expect(data.labels.exceptionColumns[0]).toBe('名前');
    expect(data.labels.legend).toContain('画面転送');
    expect(data.findings.map((f) => f.group)).toEqual(['step3-rule-names-old-inet: T5']);
    expect(data.findings[0]?.title).toMatch(/^step3-rule-names-old-inet で、ACL INET_INTERNAL rule old-virtual-browsers-to-proxy on core-fw \(source\) が廃止した 10\.30\.20\.0\/24/);
  });

  it('refuses an --html path that --junit also writes, or a report language it does not know, before any work (exit 2)', async () => {
    const same = path.join(dir, 'same.xml');
    const twice = await segproof(REFERENCE[2] as string, REFERENCE[3] as string, '--junit', same, '--html', same);
    expect(twice.code).toBe(2);
    expect(twice.err).toContain('CLI001');
    const lang = await segproof(REFERENCE[2] as string, REFERENCE[3] as string, '--lang', 'fr');
    expect(lang.code).toBe(2);
    expect(lang.err).toContain('CLI001');
  });
});
