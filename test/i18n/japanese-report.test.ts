/**
 * Japanese reports (--lang ja, SEGPROOF_LANG): every check and every separation-matrix cell has its Japanese
 * text, the sentences of a real violation are rendered in the guideline's terms, and a bad language is bad input.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CELL_SAYS_JA, CHECK_TITLES_JA } from '../../src/i18n/checks-ja.js';
import { chooseLang } from '../../src/i18n/lang.js';
import { localiseVerifyReport } from '../../src/i18n/localise-report.js';
import { main } from '../../src/cli/main.js';
import type { CliIo } from '../../src/cli/io.js';
import { MODELS } from '../../src/topology/format.js';
import { loadTopology } from '../../src/topology/load.js';
import { matrixCells, VIEW_TITLES } from '../../src/verify/matrix/cells.js';
import { PACKS } from '../../src/verify/packs/index.js';
import { renderVerifyReport } from '../../src/verify/report/text.js';
import { verifyTopology } from '../../src/verify/verify.js';
import { renderHtmlReport } from '../../src/report/html/render.js';

const repo = path.resolve(import.meta.dirname, '../..');

function captureIo(): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, interactive: false, stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t) };
}

describe('Japanese texts are complete', () => {
  it('every check of every pack and every matrix view has a Japanese title', () => {
    const ids = new Set([...Object.keys(VIEW_TITLES), ...Object.values(PACKS).flatMap((p) => p.invariants.map((i) => i.id))]);
    expect([...ids].filter((id) => CHECK_TITLES_JA[id] === undefined)).toEqual([]);
  });

  it('what every matrix cell says has a Japanese text', () => {
    const says = new Set(MODELS.flatMap((m) => matrixCells(m).map((c) => c.says)));
    expect([...says].filter((s) => CELL_SAYS_JA[s] === undefined)).toEqual([]);
  });
});

describe('the report language', () => {
  it('--lang wins over SEGPROOF_LANG, which wins over English', () => {
    expect(chooseLang('ja', { SEGPROOF_LANG: 'en' })).toEqual({ lang: 'ja' });
    expect(chooseLang(undefined, { SEGPROOF_LANG: 'ja' })).toEqual({ lang: 'ja' });
    expect(chooseLang(undefined, {})).toEqual({ lang: 'en' });
    expect(chooseLang('fr', {})).toEqual({ bad: 'fr', from: '--lang' });
    expect(chooseLang(undefined, { SEGPROOF_LANG: 'jp' })).toEqual({ bad: 'jp', from: 'SEGPROOF_LANG' });
  });
});

describe('a violated network in Japanese', async () => {
  const file = path.join(repo, 'topologies/broken/acl-opens-mn-to-inet.yaml');
  const loaded = await loadTopology(file);
  if (!loaded.ok) throw new Error('the broken reference topology does not load');
  const report = verifyTopology(loaded.topology, { topologyFile: file });
  const ja = localiseVerifyReport(report, 'ja');

  it('names the classes, the target and what the cell says in the guideline\'s terms, keeping names and file:line', () => {
    const r1 = ja.results.find((r) => r.id === 'R1');
    expect(r1?.title).toBe(CHECK_TITLES_JA.R1);
    const first = r1?.violations[0];
    expect(first?.summary).toMatch(/^インターネット接続系（INET）からのパケットがマイナンバー利用事務系（MN）の mn-core（ルータ、/);
    expect(first?.summary).toContain('分離マトリクスの定め：インターネットからもインターネット接続系からも');
    expect(first?.location).toEqual(report.results.find((r) => r.id === 'R1')?.violations[0]?.location);
    const text = renderVerifyReport(ja, false, 'ja');
    expect(text).toContain('— 違反');
    expect(text).toMatch(/件の違反：成立 \d+、違反 \d+/);
    expect(text).toContain('acl-opens-mn-to-inet.yaml:');
  });

  it('leaves the English report as it was', () => {
    expect(localiseVerifyReport(report, 'en')).toBe(report);
    expect(renderVerifyReport(report)).toContain('— VIOLATED');
  });

  it('the HTML report declares its language and carries the Japanese labels', () => {
    const html = renderHtmlReport({ kind: 'verify', topology: loaded.topology, report: ja, lang: 'ja' });
    expect(html).toContain('<html lang="ja">');
    expect(html).toContain('判定したルール');
  });
});

describe('segproof verify --lang', () => {
  it('prints the report in Japanese', async () => {
    const io = captureIo();
    const code = await main(['node', 'segproof', 'verify', path.join(repo, 'topologies/beta-prime-city.yaml'), '--lang', 'ja'], io);
    expect(code).toBe(0);
    expect(io.out.join('\n')).toContain('検査したすべての性質が成立');
  });

  it('refuses a language it does not know (CLI001, exit 2)', async () => {
    const io = captureIo();
    const code = await main(['node', 'segproof', 'verify', path.join(repo, 'topologies/beta-prime-city.yaml'), '--lang', 'fr'], io);
    expect(code).toBe(2);
    expect(io.err.join('\n')).toContain('CLI001');
  });
});
