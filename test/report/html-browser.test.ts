/**
 * The HTML report in a real headless Chromium (the OS package, driven by playwright-core): every page
 * opens offline with no console error and no request at all, draws every zone, segment and node,
 * highlights a known violation's chain edge by edge, paints a non-blank picture, and shows hostile
 * text as text; a migration's page draws each state's own network; a `--lang ja` page draws its Japanese
 * with real glyphs where a Japanese font is installed (CI installs fonts-noto-cjk). One browser for the
 * file, closed in afterAll whatever happened.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localiseVerifyReport } from '../../src/i18n/localise-report.js';
import { renderHtmlReport, type HtmlReportInput } from '../../src/report/html/render.js';
import type { Topology } from '../../src/topology/model.js';
import { run } from '../migrate/support.js';
import { BROKEN_ACL, HOSTILE, HOSTILE_SCENARIO, REFERENCE_TOPOLOGIES, brokenDiffInput, brokenMigrationInput, verifyInput } from './report-inputs.js';

const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available) console.warn(`test/report/html-browser.test.ts skipped: no ${CHROMIUM} (install the OS package: apt-get install -y chromium; CI does)`);

/** The families fontconfig has for Japanese (none where no such font, or no fontconfig, is installed). */
function japaneseFonts(): string[] {
  try {
    return execFileSync('fc-list', [':lang=ja', 'family'], { encoding: 'utf8' }).split('\n').filter((l) => l.trim() !== '');
  } catch {
    return [];
  }
}

/** The readable cytoscape state the page exposes for tests. */
interface PageState {
  nodes: number;
  pathEdges: number;
  onPath: string[];
}

/** What the tests read of the page's `window.segproofReport` (the tests are compiled without DOM types). */
interface Collection {
  readonly length: number;
  map<T>(f: (n: { id(): string }) => T): T[];
  data(key: string): string;
}
interface ReportWindow {
  segproofReport: { cy: { nodes(selector?: string): Collection; edges(selector: string): Collection } };
}
/** The browser objects glyphCheck uses. */
interface FontGlobals {
  document: {
    body: unknown;
    fonts: { check(font: string, text: string): boolean };
    createElement(tag: 'canvas'): {
      width: number;
      height: number;
      getContext(kind: '2d'): { font: string; textBaseline: string; fillText(t: string, x: number, y: number): void; clearRect(x: number, y: number, w: number, h: number): void; getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } | null;
    };
  };
  getComputedStyle(e: unknown): { fontFamily: string; fontSize: string };
}

/** The browser objects pixelVariance uses. */
interface CanvasGlobals {
  Image: new () => { src: string; width: number; height: number; decode(): Promise<void> };
  document: {
    createElement(tag: 'canvas'): {
      width: number;
      height: number;
      getContext(kind: '2d'): { drawImage(image: unknown, x: number, y: number): void; getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } | null;
    };
  };
}

interface Opened {
  page: Page;
  problems: string[];
  requests: string[];
}

describe.skipIf(!available)('the HTML report in headless Chromium', () => {
  let browser: Browser | undefined;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'segproof-html-browser-'));
    browser = await chromium.launch({ executablePath: CHROMIUM });
  });

  afterAll(async () => {
    await browser?.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** Writes the report, opens it with every request but the file itself refused, and waits for it to draw. */
  async function open(name: string, input: HtmlReportInput): Promise<Opened> {
    const file = path.join(dir, `${name}.html`);
    await writeFile(file, renderHtmlReport(input));
    const url = pathToFileURL(file).href;
    const context = await browser!.newContext({ viewport: { width: 1400, height: 900 }, offline: true });
    const page = await context.newPage();
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
    page.on('requestfailed', (r) => problems.push(`failed request: ${r.url()}`));
    await context.route('**/*', async (route) => {
      const asked = route.request().url();
      if (asked === url) return route.continue();
      requests.push(asked);
      return route.abort('blockedbyclient');
    });
    await page.goto(url);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 120_000 });
    return { page, problems, requests };
  }

  async function close(opened: Opened): Promise<void> {
    await opened.page.context().close();
  }

  const state = (page: Page): Promise<PageState> =>
    page.evaluate(() => {
      const { cy } = (globalThis as unknown as ReportWindow).segproofReport;
      return { nodes: cy.nodes().length, pathEdges: cy.edges('.path').length, onPath: cy.nodes('.on-path').map((n) => n.id()).sort() };
    });

  const drawn = (t: Topology): number => t.zones.size + t.segments.size + t.nodes.size;

  it.each(REFERENCE_TOPOLOGIES)('%s: its report opens offline, draws every element and fetches nothing', async (file) => {
    const input = await verifyInput(file);
    const opened = await open(path.basename(file, '.yaml'), input);
    try {
      expect((await state(opened.page)).nodes).toBe(drawn(input.topology));
      expect(opened.problems).toEqual([]);
      expect(opened.requests).toEqual([]);
    } finally {
      await close(opened);
    }
  }, 300_000);

  it('highlights the chain of the INET → mn-file violation edge by edge and paints a non-blank graph', async () => {
    const input = await verifyInput(BROKEN_ACL);
    const opened = await open('broken', input);
    try {
      const { page } = opened;
      expect((await state(page)).nodes).toBe(drawn(input.topology));
      const item = page.locator('.finding', { hasText: 'reach mn-file' }).filter({ hasText: 'R1' });
      await item.first().click();
      const after = await state(page);
      expect(after.pathEdges).toBe(3);
      expect(after.onPath).toEqual(['n:core-fw', 'n:inet-terminals', 'n:mn-core', 'n:mn-file']);
      const detail = await page.locator('#detail').innerText();
      expect(detail).toMatch(/rule temporary-vendor-access/);
      expect(detail).toContain(`${BROKEN_ACL}:`);
      // Following a step marks that edge alone: by clicking it, by the arrow keys, by the buttons.
      const currentLabel = () => page.evaluate(() => (globalThis as unknown as ReportWindow).segproofReport.cy.edges('.path.current').data('label'));
      await page.locator('#detail .step').nth(1).click();
      expect(await currentLabel()).toBe('2');
      await page.keyboard.press('ArrowRight');
      expect(await currentLabel()).toBe('3');
      await page.locator('#detail button[data-nav="previous"]').click();
      expect(await currentLabel()).toBe('2');
      expect(await page.locator('#detail .step.current').count()).toBe(1);

      const shot = await page.locator('#graph').screenshot();
      const variance = await pixelVariance(shot);
      expect(variance).toBeGreaterThan(100);
      expect(opened.problems).toEqual([]);
      expect(opened.requests).toEqual([]);
    } finally {
      await close(opened);
    }
  }, 300_000);

  it('shows markup, quotes and ampersands from the topology and scenario as text and runs none of it', async () => {
    const input = await verifyInput(HOSTILE, HOSTILE_SCENARIO);
    const opened = await open('hostile', input);
    try {
      const { page } = opened;
      const body = () => page.locator('body').innerText();
      expect(await body()).toContain(`Network </script><script>window.__pwned = 'topology'</script> of "A & B" — it's <b>bold</b>`);
      await page.locator('.finding').first().click();
      expect(await page.locator('#detail').innerText()).toContain(`vendor said "ok" & <script>window.__pwned='rule'</script>`);
      await page.locator('nav.tabs button', { hasText: 'Exceptions' }).click();
      const text = await body();
      expect(text).toContain(`Approved by "the CISO" & <i>audited</i> </script><script>window.__pwned='justification'</script>`);
      expect(text).toContain('2020-01-31 (expired, not applied)');
      expect(await page.evaluate(() => (globalThis as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
      // Only the page's own three scripts exist, and no element the data spelled as markup.
      expect(await page.locator('script').count()).toBe(3);
      expect(await page.locator('img, svg, i, [onerror], [onload]').count()).toBe(0);
      expect(opened.problems).toEqual([]);
      expect(opened.requests).toEqual([]);
    } finally {
      await close(opened);
    }
  }, 300_000);

  it('draws a diff: both versions, each change along its path, the changed matrix cells', async () => {
    const input = await brokenDiffInput();
    const opened = await open('diff', input);
    try {
      const { page } = opened;
      await page.locator('.finding', { hasText: 'NEW inet-terminals → mn-file' }).click();
      const after = await state(page);
      expect(after.pathEdges).toBe(3);
      expect(after.onPath).toEqual(['n:core-fw', 'n:inet-terminals', 'n:mn-core', 'n:mn-file']);
      await page.locator('nav.tabs button', { hasText: 'Matrix' }).click();
      expect(await page.locator('td[data-cell="INET>MN"]').getAttribute('class')).toContain('st-changed');
      expect(opened.problems).toEqual([]);
      expect(opened.requests).toEqual([]);
    } finally {
      await close(opened);
    }
  }, 300_000);

  it('draws a migration: each state\'s own network, a violation on the network of its half-applied state, hostile names as text', async () => {
    const input = await brokenMigrationInput();
    const states = input.report.states;
    const failing = states.findIndex((s) => s.name === 'step1-new-lg → step2-redesignate, 4 of 13 changed (last: hp-cms)');
    const opened = await open('migrate', input);
    try {
      const { page } = opened;
      const view = () => page.evaluate(() => (globalThis as unknown as { segproofReport: { view(): number } }).segproofReport.view());
      // Opens on the first failing state, drawn whole.
      expect(await view()).toBe(failing);
      expect((await state(page)).nodes).toBe(drawn(states[failing]!.topology!));
      await page.locator('.state', { hasText: 'step1-new-lg' }).first().click();
      expect(await view()).toBe(0);
      expect((await state(page)).nodes).toBe(drawn(states[0]!.topology!));
      expect(await page.locator('.state-title').innerText()).toContain('step1-new-lg');
      // Selecting the violation draws its state again, and its chain on it.
      await page.locator('nav.tabs button').nth(1).click();
      await page.locator('.finding', { hasText: 'reach lg-file' }).filter({ hasText: 'R3' }).first().click();
      expect(await view()).toBe(failing);
      const after = await state(page);
      expect(after.pathEdges).toBe(2);
      expect(after.onPath).toEqual(['n:core-fw', 'n:hp-cms', 'n:lg-file']);
      expect(await page.locator('#detail').innerText()).toMatch(/LG_CURRENT_TO_LG_NEW .*terminals-to-file-server/);
      await page.locator('nav.tabs button', { hasText: 'Matrix' }).click();
      expect(await page.locator('td[data-cell="INET>LG"]').getAttribute('class')).toContain('st-violated');
      expect(await pixelVariance(await page.locator('#graph').screenshot())).toBeGreaterThan(100);
      expect(opened.problems).toEqual([]);
      expect(opened.requests).toEqual([]);
    } finally {
      await close(opened);
    }
    const report = await run([HOSTILE, HOSTILE]);
    const hostile = await open('migrate-hostile', { kind: 'migrate', report });
    try {
      await hostile.page.locator('nav.tabs button').nth(1).click();
      await hostile.page.locator('.finding').first().click();
      expect(await hostile.page.evaluate(() => (globalThis as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
      expect(await hostile.page.locator('script').count()).toBe(3);
      expect(hostile.problems).toEqual([]);
      expect(hostile.requests).toEqual([]);
    } finally {
      await close(hostile);
    }
  }, 300_000);

  it('draws a --lang ja page\'s Japanese with real glyphs where a Japanese font is installed', async () => {
    const input = await verifyInput(BROKEN_ACL);
    const opened = await open('broken-ja', { ...input, report: localiseVerifyReport(input.report, 'ja'), lang: 'ja' });
    try {
      const { page } = opened;
      const text = '分離マトリクス';
      expect(await page.locator('nav.tabs').innerText()).toContain(text);
      // A cell none of whose violations made F3's full list shows its own count.
      await page.locator('nav.tabs button', { hasText: text }).click();
      expect(await page.locator('td[data-cell="INET>MN_GC"]').innerText()).toMatch(/^✗ [1-9]\d*$/);
      expect(opened.problems).toEqual([]);
      const fonts = japaneseFonts();
      if (fonts.length === 0) {
        console.warn('test/report/html-browser.test.ts: the Japanese glyph check skipped: fontconfig lists no Japanese font (CI installs fonts-noto-cjk; apt-get install -y fonts-noto-cjk)');
        return;
      }
      // Each character drawn alone in the page's own font: tofu draws every one as the same box, and as a
      // code point no font has (U+10FFFD); real glyphs differ from each other and from that box.
      const glyphs = await page.evaluate((chars) => {
        const { document, getComputedStyle } = globalThis as unknown as FontGlobals;
        const style = getComputedStyle(document.body);
        const font = `32px ${style.fontFamily}`;
        const canvas = document.createElement('canvas');
        canvas.width = 48;
        canvas.height = 48;
        const g = canvas.getContext('2d')!;
        g.font = font;
        g.textBaseline = 'top';
        const draw = (c: string) => {
          g.clearRect(0, 0, 48, 48);
          g.fillText(c, 4, 4);
          return Array.from(g.getImageData(0, 0, 48, 48).data).join(',');
        };
        return { tofu: draw('\u{10FFFD}'), drawn: chars.map(draw), check: document.fonts.check(font, chars.join('')) };
      }, [...text]);
      expect(new Set(glyphs.drawn).size, `${text} drawn as ${new Set(glyphs.drawn).size} distinct images`).toBe(new Set(text).size);
      expect(glyphs.drawn).not.toContain(glyphs.tofu);
      expect(glyphs.check).toBe(true);
      expect(await pixelVariance(await page.locator('nav.tabs').screenshot())).toBeGreaterThan(100);
    } finally {
      await close(opened);
    }
  }, 300_000);

  /** Variance of the grey levels of a PNG, decoded by the browser itself on a blank page. */
  async function pixelVariance(png: Buffer): Promise<number> {
    const context = await browser!.newContext({ offline: true });
    try {
      const page = await context.newPage();
      return await page.evaluate(async (b64) => {
        const { Image, document } = globalThis as unknown as CanvasGlobals;
        const image = new Image();
        image.src = `data:image/png;base64,${b64}`;
        await image.decode();
        const canvas = document.createElement('canvas');
        canvas.width = image.width;
        canvas.height = image.height;
        const g = canvas.getContext('2d')!;
        g.drawImage(image, 0, 0);
        const { data } = g.getImageData(0, 0, image.width, image.height);
        let sum = 0;
        let squares = 0;
        const n = data.length / 4;
        for (let i = 0; i < data.length; i += 4) {
          const grey = 0.299 * data[i]! + 0.587 * data[i + 1]! + 0.114 * data[i + 2]!;
          sum += grey;
          squares += grey * grey;
        }
        return squares / n - (sum / n) ** 2;
      }, png.toString('base64'));
    } finally {
      await context.close();
    }
  }
});
