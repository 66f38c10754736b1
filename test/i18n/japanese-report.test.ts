/**
 * Japanese reports (--lang ja, SEGPROOF_LANG): every check and every separation-matrix cell has its Japanese
 * text, the sentences of a real violation are rendered in the guideline's terms, and a bad language is bad input;
 * verify, diff and migrate alike, with the same check IDs and file:line as the English report, and the CLI's
 * diagnostic frame (error, expected, hint) in Japanese with the same codes.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CELL_SAYS_JA, CHECK_TITLES_JA } from '../../src/i18n/checks-ja.js';
import { chooseLang } from '../../src/i18n/lang.js';
import { localiseDiagnostics } from '../../src/i18n/diagnostic-words.js';
import { DISPOSITION_JA } from '../../src/i18n/trace-ja.js';
import { DISPOSITIONS } from '../../src/engine/disposition.js';
import { localiseVerifyReport } from '../../src/i18n/localise-report.js';
import { main } from '../../src/cli/main.js';
import type { CliIo } from '../../src/cli/io.js';
import { MODELS } from '../../src/topology/format.js';
import { loadTopology } from '../../src/topology/load.js';
import { matrixCells, VIEW_TITLES } from '../../src/verify/matrix/cells.js';
import { PACKS } from '../../src/verify/packs/index.js';
import { renderVerifyReport } from '../../src/verify/report/text.js';
import { verifyTopology } from '../../src/verify/verify.js';
import { htmlReportData, renderHtmlReport } from '../../src/report/html/render.js';
import { renderDiffText } from '../../src/diff/render/text.js';
import { localiseMigrationReport } from '../../src/i18n/localise-migration.js';
import { renderMigrationReport } from '../../src/migrate/report-text.js';
import { BROKEN, REFERENCE, run } from '../migrate/support.js';
import { BETA_PRIME_CITY, BROKEN_ACL, brokenDiffInput, brokenMigrationInput } from '../report/report-inputs.js';

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

  it('every disposition a trace can end in has a Japanese name and meaning', () => {
    expect(Object.keys(DISPOSITION_JA).sort()).toEqual([...DISPOSITIONS].sort());
    for (const d of DISPOSITIONS) expect(DISPOSITION_JA[d].meaning).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
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
    // The exact per-cell counts of a full list, in Japanese.
    expect(ja.results.find((r) => r.id === 'F3')?.notes).toContainEqual(expect.stringMatching(/^セルごとの違反（一覧の省略分を含む）：.*INET>MN_GC \d+ 件（一覧 0 件）/));
  });

  it('writes the witness trace, the attacker capability and the chain links in Japanese, keeping names, rules, headers and file:line', () => {
    const text = renderVerifyReport(ja, false, 'ja');
    const en = renderVerifyReport(report);
    expect(text).toContain('セル INET>MN；攻撃者が用いた能力：ネットワーク機器の管理プレーン（mn-core）');
    expect(text).toContain('セル INET>MN；攻撃者が用いた能力：なし（ネットワーク自身の経路とルールが運ぶ）');
    expect(text).toMatch(/ACL INET_TO_MN \[zone-pair INET -> MN\]：ルール temporary-vendor-access により許可 \(\S*acl-opens-mn-to-inet\.yaml:\d+\)/);
    expect(text).toMatch(/^ +実例: tcp 10\.30\.0\.10:49152 -> 10\.10\.10\.1:443（送信元 inet-terminals） — シミュレータで mn-core への到達を確認$/m);
    expect(text).toMatch(/^ +1\. inet-terminals（ホスト）送信 \[vrf default\] tcp 10\.30\.0\.10:49152 -> 10\.10\.10\.1:443 -> 出力 lan、次は core-fw \(10\.30\.0\.1\)$/m);
    expect(text).toMatch(/^ +=> mn-core で到達（delivered）：10\.10\.10\.1 は mn-core 自身のアドレス$/m);
    expect(text).toContain('注記: ルータ mn-core にはこの経路のACLがない：許可');
    expect(text).toMatch(/段 \d: \S+ —packet→ \S+（\S+ から \S+ へパケットが届く/);
    expect(text).toMatch(/注記: 攻撃者：偽の送信元は strict uRPF のインタフェース /);
    // No sentence of these kinds is left in English.
    for (const english of ['attacker capability', 'permit by rule', ' sends [vrf', '=> delivered at', '(delivered: ', 'reaches seccloud-mx by packet', 'declares carries', 'attacker: forged']) {
      expect(en).toContain(english);
      expect(text).not.toContain(english);
    }
    // The same names, rules, addresses and locations, in the same order.
    expect(locations(text)).toEqual(locations(en));
    const rules = (t: string) => t.match(/(?<=rule |ルール )[\w-]+/g);
    expect(rules(text)).toEqual(rules(en));
  });

  it('leaves the English report as it was', () => {
    expect(localiseVerifyReport(report, 'en')).toBe(report);
    expect(renderVerifyReport(report)).toContain('— VIOLATED');
  });

  it('the HTML report writes each finding\'s witness, hops, rules and ending, and the matrix cells, in Japanese', () => {
    const data = htmlReportData({ kind: 'verify', topology: loaded.topology, report: ja, lang: 'ja' });
    const en = htmlReportData({ kind: 'verify', topology: loaded.topology, report });
    const finding = data.findings.find((f) => f.group === 'R1' && f.title.includes('mn-file'));
    expect(finding?.lines).toContainEqual(expect.stringMatching(/^実例: tcp \S+ -> 10\.10\.10\.14:443（送信元 inet-terminals） — シミュレータで mn-file への到達を確認$/));
    expect(finding?.steps[0]?.text).toMatch(/^inet-terminals → core-fw（出力 lan \(\S+\)、次ホップ 10\.30\.0\.1）：tcp /);
    expect(finding?.steps[1]?.rules.map((r) => r.text)).toContain('core-fw：ACL INET_TO_MN [zone-pair INET -> MN] ルール temporary-vendor-access により許可');
    expect(finding?.outcome).toBe('mn-file で到達（delivered）：10.10.10.14 は mn-file');
    // The same rules at the same places as the English page.
    const where = (d: typeof data) => d.findings.flatMap((f) => [...f.steps.flatMap((s) => s.rules), ...f.deciding].map((r) => r.location));
    expect(where(data)).toEqual(where(en));
    const cell = data.matrix?.cells.find((c) => `${c.from}>${c.to}` === 'INET>MN_GC');
    expect(cell?.summary).toMatch(/^INET>MN_GC：違反 — \d+ 件（F3 で \d+ 件。一覧に載せたもの 0 件）$/);
    expect(cell?.lines[0]).toBe(CELL_SAYS_JA['Nothing from the Internet or the Internet segment reaches MN or MN_GC: no packet, and no data or control by any chain of gateways.']);
    expect(data.matrix?.caption).toMatch(/^モデル beta-prime の分離マトリクス：行が送信側、列が受信側/);
    expect(data.matrix?.cells.find((c) => `${c.from}>${c.to}` === 'LG>INET')?.summary).toBe('LG>INET：成立（全数検査）');
  });

  it('the HTML report declares its language and carries the Japanese labels', () => {
    const html = renderHtmlReport({ kind: 'verify', topology: loaded.topology, report: ja, lang: 'ja' });
    expect(html).toContain('<html lang="ja">');
    expect(html).toContain('判定したルール');
    const data = htmlReportData({ kind: 'verify', topology: loaded.topology, report: ja, lang: 'ja' });
    expect(data.facts[0]).toMatch(/^トポロジ .*acl-opens-mn-to-inet\.yaml$/);
    expect(data.facts).toContain(`モデル ${loaded.topology.model}`);
    expect(data.checks.find((c) => c.id === 'R1')?.lines).toContainEqual(expect.stringMatching(/^根拠: /));
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

/** Check IDs (R1, F3, T5 …) and file:line:col locations in the order a report names them. */
const ids = (text: string) => text.match(/(?<=^\s*[✓✗~–?] )[RFPZT]\d\b/gm) ?? [];
const locations = (text: string) => text.match(/[\w./-]+\.ya?ml:\d+(:\d+)?/g) ?? [];

describe('diff in Japanese', async () => {
  const input = await brokenDiffInput();

  it('names the zone-class pairs, node kinds and the frame in the guideline\'s terms, keeping names, headers and file:line', () => {
    const en = renderDiffText(input.report);
    const ja = renderDiffText(input.report, 'ja');
    expect(ja).toContain('== インターネット接続系（INET） → マイナンバー利用事務系（MN）（MN / MN_GC / LG / LGWAN）：新規');
    expect(ja).toMatch(/^差分：/);
    expect(ja).toContain('到達の変化：');
    expect(ja).toContain('(ホスト, マイナンバー利用事務系（MN）)');
    expect(ja).toContain('(ネットワーク機器, マイナンバー利用事務系（MN）)');
    expect(ja).toContain('実例: ');
    expect(locations(ja).length).toBeGreaterThan(0);
    expect(locations(ja)).toEqual(locations(en));
    expect(en).toContain('Reach changes:');
    expect(en).not.toMatch(/[\u3040-\u30ff]/);
    // Each version's side of a witness, its deciding rule and the rule changes, in Japanese.
    expect(ja).toMatch(/^ {4}実例: tcp \S+ -> \S+（送信元 inet-terminals）$/m);
    expect(ja).toMatch(/^ {6}変更前: core-fw で入力で拒否（denied-in） — ACL INET_TO_MN \(zone-pair INET -> MN\) のルール deny-and-log \(\S+:\d+\)$/m);
    expect(ja).toMatch(/^ {6}変更後: \S+ で到達（delivered） — ACL INET_TO_MN \[zone-pair INET -> MN\] ルール temporary-vendor-access により許可 \(\S+:\d+\)$/m);
    expect(ja).toMatch(/^ {2}core-fw INET_TO_MN temporary-vendor-access: 追加（変更後 \S+:\d+） — 新たに決める：src /m);
    for (const english of [' from inet-terminals', 'denied-in at ', 'permit by rule', 'now decides', 'because of']) {
      expect(en).toContain(english);
      expect(ja).not.toContain(english);
    }
  });

  it('writes the page in Japanese: its language, labels and the changes\' words', () => {
    const data = htmlReportData({ ...input, lang: 'ja' });
    expect(data.lang).toBe('ja');
    expect(data.labels.changes).toBe('変化');
    expect(data.findings.some((f) => f.title === '新規 inet-terminals → mn-file')).toBe(true);
    expect(data.verdict.text).toMatch(/^到達の変化 新規 \d+/);
    // Each change's witness, both versions' ends and deciding rules, in Japanese, at the same file:line.
    const change = data.findings.find((f) => f.title === '新規 inet-terminals → mn-file');
    expect(change?.lines).toContainEqual(expect.stringMatching(/^実例: tcp \S+ -> \S+（送信元 inet-terminals）/));
    expect(change?.lines).toContainEqual(expect.stringMatching(/^変更前: core-fw で入力で拒否（denied-in） — core-fw：ACL INET_TO_MN \(zone-pair INET -> MN\) のルール deny-and-log により拒否（経路 /));
    expect(change?.outcome).toMatch(/^変更後: mn-file で到達（delivered） — /);
    expect(change?.deciding.map((r) => r.text)).toContainEqual('変更後: core-fw：ACL INET_TO_MN [zone-pair INET -> MN] ルール temporary-vendor-access により許可');
    const en = htmlReportData(input);
    expect(data.findings.flatMap((f) => f.deciding.map((r) => r.location))).toEqual(en.findings.flatMap((f) => f.deciding.map((r) => r.location)));
    expect(en.findings.find((f) => f.title === 'NEW inet-terminals → mn-file')?.outcome).toMatch(/^after: delivered at mn-file — /);
    expect(renderHtmlReport({ ...input, lang: 'ja' })).toContain('<html lang="ja">');
  });
});

describe('migrate in Japanese', async () => {
  const input = await brokenMigrationInput();
  const ja = localiseMigrationReport(input.report, 'ja');

  it('translates the frame, the check titles and the T sentences, keeping check IDs, state names and file:line', () => {
    const en = renderMigrationReport(input.report);
    const text = renderMigrationReport(ja, false, 'ja');
    expect(text).toMatch(/^移行の検証：/);
    expect(text).toContain('✗   切替途中 step1-new-lg → step2-redesignate、13 件中 4 件を切替済み（最後：hp-cms）');
    expect(en).toContain('✗   half-applied step1-new-lg → step2-redesignate, 4 of 13 changed (last: hp-cms)');
    expect(text).toContain('ここまでに切り替えたもの（順に）: segment:cur_lg_terminals, lg-terminals, inet-terminals, hp-cms');
    // R3 in the guideline's terms, and T3's sentence.
    for (const term of ['LGWAN接続系', 'インターネット接続系', '画面転送', '無害化']) expect(text).toContain(term);
    expect(text).toContain('で、ホスト hp-cms が二つのゾーン区分を持つ');
    // Why a half-applied state is held to β′, and the run's notes.
    expect(text).toContain('— beta-prime（step1-new-lg の alpha と step2-redesignate の beta-prime のうち厳しい方。同等なら後のステップ） のR/F: ');
    expect(text).toContain('移行は成立しない — 最初に成立しない状態：step1-new-lg → step2-redesignate、13 件中 4 件を切替済み（最後：hp-cms）');
    expect(ids(text)).toEqual(expect.arrayContaining(['R3', 'R9', 'F1', 'T3']));
    expect(ids(text)).toEqual(ids(en));
    expect(locations(text)).toEqual(locations(en));
    expect(localiseMigrationReport(input.report, 'en')).toBe(input.report);
  });

  it('names T5\'s decommissioned prefix in Japanese and SEGPROOF_LANG chooses the language of the command', async () => {
    const saved = process.env.SEGPROOF_LANG;
    process.env.SEGPROOF_LANG = 'ja';
    try {
      const io = captureIo();
      const code = await main(['node', 'segproof', 'migrate', REFERENCE[2] as string, BROKEN('step3-rule-names-old-inet.yaml')], io);
      expect(code).toBe(1);
      const out = io.out.join('\n');
      expect(out).toContain('T5   最終ステップの後、廃止したプレフィックスを参照するACL・経路・プロキシ・オブジェクトがない — 違反');
      expect(out).toMatch(/step3-rule-names-old-inet で、ACL INET_INTERNAL rule old-virtual-browsers-to-proxy on core-fw \(source\) が廃止した 10\.30\.20\.0\/24 .*を参照している。 \[topologies\/broken\/migration\/step3-rule-names-old-inet\.yaml:\d+:\d+\]/);
      // JSON stays English: the same document as without SEGPROOF_LANG, but for the time taken.
      const json = async () => {
        const out = captureIo();
        await main(['node', 'segproof', 'migrate', REFERENCE[2] as string, BROKEN('step3-rule-names-old-inet.yaml'), '--json'], out);
        return out.out.join('\n').replace(/"durationMs": [\d.]+/g, '');
      };
      const inJapanese = await json();
      delete process.env.SEGPROOF_LANG;
      expect(inJapanese).toBe(await json());
    } finally {
      if (saved === undefined) delete process.env.SEGPROOF_LANG;
      else process.env.SEGPROOF_LANG = saved;
    }
  });

  it('writes how a host becomes INET (T1) and the inventory checks\' notes in Japanese', async () => {
    const report = await run([REFERENCE[1] as string, BROKEN('step2-terminals-without-edr.yaml')]);
    const text = renderMigrationReport(localiseMigrationReport(report, 'ja'), false, 'ja');
    expect(text).toContain('inet-terminals は step2-terminals-without-edr でインターネット接続系（INET）になる（セグメント cur_lg_terminals が INET_NEW に指定替えされる。以前は lg-terminals）が、');
    expect(text).toMatch(/注記: インターネット接続系のホスト \d+ 件を検査/);
    expect(text).not.toMatch(/re-designated|hosts checked|it was /);
  });

  it('prints a migration that holds in Japanese, with the checks\' notes', async () => {
    const report = await run([REFERENCE[2] as string, REFERENCE[3] as string]);
    const text = renderMigrationReport(localiseMigrationReport(report, 'ja'), true, 'ja');
    expect(text).toMatch(/移行はすべての状態で成立 — \d+ ms$/);
    expect(text).toContain('注記: 廃止：10.30.10.0/24 (cur_inet_servers), 10.30.20.0/24 (cur_inet_vb)');
    expect(text).toMatch(/注記: マイナンバー利用事務系の構成要素 \d+ を 2 ステップにわたって比較/);
  });
});

describe('segproof diff --lang', () => {
  it('prints the report and its gates in Japanese, and refuses a language it does not know', async () => {
    const io = captureIo();
    const code = await main(['node', 'segproof', 'diff', BETA_PRIME_CITY, BROKEN_ACL, '--no-status', '--no-flow', '--fail-on', 'new-permit:to=MN', '--lang', 'ja'], io);
    expect(code).toBe(1);
    const out = io.out.join('\n');
    expect(out).toContain('マイナンバー利用事務系（MN）');
    expect(out).toContain('acl-opens-mn-to-inet.yaml:');
    // The gate as written, its verdict and its matches in Japanese.
    expect(out).toMatch(/^ゲート new-permit:to=MN: 発動（\d+ 件）$/m);
    expect(out).toMatch(/^ {2}インターネット接続系（INET） → マイナンバー利用事務系（MN）：\S+ から \S+ に新たに届く/m);
    const bad = captureIo();
    expect(await main(['node', 'segproof', 'diff', BETA_PRIME_CITY, BROKEN_ACL, '--lang', 'fr'], bad)).toBe(2);
    expect(bad.err.join('\n')).toContain('CLI001');
  });
});

describe('the diagnostic frame in Japanese', () => {
  it('writes severity, expected and hint in Japanese and keeps the code, the location and the message', async () => {
    const missing = path.join(repo, 'topologies/no-such-town.yaml');
    const en = captureIo();
    expect(await main(['node', 'segproof', 'verify', missing], en)).toBe(2);
    const ja = captureIo();
    expect(await main(['node', 'segproof', 'verify', missing, '--lang', 'ja'], ja)).toBe(2);
    const [enText, jaText] = [en.err.join('\n'), ja.err.join('\n')];
    expect(enText).toMatch(/no-such-town\.yaml:1:1: error TOPO002: cannot read/);
    expect(jaText).toMatch(/no-such-town\.yaml:1:1: エラー TOPO002: "\S*no-such-town\.yaml" を読めない：ファイルがない$/m);
    expect(jaText).toContain('\n  期待: 読み取れる YAML または JSON のトポロジファイル');
    expect(jaText).toContain('\n  期待: ');
    expect(jaText).toContain('\n  ヒント: ');
    expect(jaText).toContain('問題 1 件。');
    expect(jaText.match(/[A-Z]+\d{3}/g)).toEqual(enText.match(/[A-Z]+\d{3}/g));
  });

  it('writes the commonest codes\' messages in Japanese by their templates, and leaves a message no template knows as it is', () => {
    const at = { file: 'town.yaml', line: 3, column: 5 };
    const [unknown, missing, foreign] = localiseDiagnostics([
      { code: 'TOPO010', severity: 'error', message: 'unknown key "zonez" in the top level', location: at, expected: 'one of zones, segments', hint: 'remove the key or check its spelling and indentation' },
      { code: 'TOPO011', severity: 'error', message: 'missing required key "prefix" in segments.lan', location: at },
      { code: 'TOPO021', severity: 'error', message: 'unknown segment "lann"', location: at },
    ], 'ja');
    expect(unknown).toMatchObject({ code: 'TOPO010', location: at, message: 'the top level に未知のキー "zonez"', hint: 'キーを削除するか、綴りと字下げを確認する' });
    expect(missing).toMatchObject({ code: 'TOPO011', message: 'segments.lan に必須のキー "prefix" がない' });
    expect(foreign).toMatchObject({ code: 'TOPO021', message: 'unknown segment "lann"' });
  });

  it('trace and explain print in Japanese with --lang ja, names, rules and file:line unchanged', async () => {
    const file = path.join(repo, 'topologies/broken/acl-opens-mn-to-inet.yaml');
    const args = ['node', 'segproof', 'trace', file, '--from', 'inet-terminals', '--to', 'mn-file', '--dport', '443'];
    const [en, ja] = [captureIo(), captureIo()];
    expect(await main(args, en)).toBe(0);
    expect(await main([...args, '--lang', 'ja'], ja)).toBe(0);
    const [enText, jaText] = [en.out.join('\n'), ja.out.join('\n')];
    expect(jaText).toMatch(/ACL INET_TO_MN \[zone-pair INET -> MN\]：ルール temporary-vendor-access により許可/);
    expect(jaText).toMatch(/=> mn-file で到達（delivered）：/);
    expect(jaText).not.toContain('permit by rule');
    expect(locations(jaText)).toEqual(locations(enText));
    const explain = captureIo();
    expect(await main(['node', 'segproof', 'explain', 'beta-prime', '--lang', 'ja'], explain)).toBe(0);
    const text = explain.out.join('\n');
    expect(text).toMatch(/^モデル beta-prime の分離マトリクス$/m);
    expect(text).toContain(`  ${CELL_SAYS_JA['MN reaches 住基ネット only over a dedicated line.']}`);
    expect(text).toContain('  パケット: 専用線経由のみ');
    expect(text).toMatch(/^ {2}情報の流れ: 画面（画素） のみ（パケット（生データ）・/m);
    expect(text).toContain(`  R1  ${CHECK_TITLES_JA.R1}`);
    expect(text).not.toMatch(/^ {2}(packets|information flow|basis): /m);
  });

  it('replay prints its summary, counts, rule hits and warnings in Japanese with --lang ja', async () => {
    const args = ['node', 'segproof', 'replay', path.join(repo, 'topologies/beta-prime-migration/step1-new-lg.yaml'), path.join(repo, 'topologies/beta-prime-migration/flows.csv'), '--workers', '1'];
    const [en, ja] = [captureIo(), captureIo()];
    const code = await main(args, en);
    expect(await main([...args, '--lang', 'ja'], ja)).toBe(code);
    const [enText, jaText] = [en.out.join('\n'), ja.out.join('\n')];
    expect(jaText).toMatch(/^\d+ 行（通信 \d+ 件）をワーカー 1 個で再生した$/m);
    expect(jaText).toContain('ゾーン × ゾーン（到達 / 全体）:');
    expect(jaText).toMatch(/^ {2}core-fw：ルール \d+ 件で一致 \d+ 回$/m);
    expect(jaText).toMatch(/^送信元のない行：1 行（通信 1 件）はこのトポロジに送信元がなく再生していない。/m);
    expect(jaText).not.toMatch(/replayed|rule hits|never hit|no flow breaks/);
    // Dispositions, rule names and file:line as in English.
    const rules = (t: string) => t.match(/\S+\/\S+\/\S+ \((permit|deny)\) +\S+:\d+/g);
    expect(rules(jaText)).toEqual(rules(enText));
    expect(jaText.match(/^ {2}[a-z-]+ +\d+$/gm)).toEqual(enText.match(/^ {2}[a-z-]+ +\d+$/gm));
  });

  it('lint and validate print in Japanese with --lang ja, codes and locations unchanged', async () => {
    const file = path.join(repo, 'topologies/broken/acl-opens-mn-to-inet.yaml');
    const [en, ja] = [captureIo(), captureIo()];
    expect(await main(['node', 'segproof', 'lint', file], en)).toBe(1);
    expect(await main(['node', 'segproof', 'lint', file, '--lang', 'ja'], ja)).toBe(1);
    const [enText, jaText] = [en.out.join('\n'), ja.out.join('\n')];
    expect(jaText).toMatch(/acl-opens-mn-to-inet\.yaml:\d+:\d+: 警告 LINT010: ルール "temporary-vendor-access" が .* を許可している — /);
    expect(jaText).toMatch(/: 指摘 \d+ 件$/);
    expect(jaText.match(/[A-Z]+\d{3}/g)).toEqual(enText.match(/[A-Z]+\d{3}/g));
    expect(locations(jaText)).toEqual(locations(enText));
    const valid = captureIo();
    expect(await main(['node', 'segproof', 'validate', path.join(repo, 'topologies/beta-prime-city.yaml'), '--lang', 'ja'], valid)).toBe(0);
    expect(valid.out.join('\n')).toMatch(/beta-prime-city\.yaml: 有効 — ゾーン \d+、セグメント \d+、ノード \d+（ファイル 1）$/);
    const bad = captureIo();
    expect(await main(['node', 'segproof', 'lint', file, '--lang', 'fr'], bad)).toBe(2);
    expect(bad.err.join('\n')).toContain('CLI001');
  });

  it('does so for migrate and diff, and keeps JSON diagnostics in English', async () => {
    const order = captureIo();
    expect(await main(['node', 'segproof', 'migrate', REFERENCE[2] as string, REFERENCE[3] as string, '--order', 'step3-decomission=core-fw', '--lang', 'ja'], order)).toBe(2);
    expect(order.err.join('\n')).toMatch(/^<input>: エラー MIG004: --order names step "step3-decomission"/m);
    const diff = captureIo();
    expect(await main(['node', 'segproof', 'diff', BETA_PRIME_CITY, 'topologies/no-such-town.yaml', '--lang', 'ja'], diff)).toBe(2);
    expect(diff.err.join('\n')).toMatch(/エラー TOPO002: .*\n[\s\S]*問題 1 件。/);
    const json = captureIo();
    expect(await main(['node', 'segproof', 'migrate', REFERENCE[2] as string, REFERENCE[3] as string, '--order', 'step3-decomission=core-fw', '--lang', 'ja', '--json'], json)).toBe(2);
    expect(JSON.parse(json.err.join('\n'))).toMatchObject({ ok: false, diagnostics: [{ code: 'MIG004', severity: 'error' }] });
  });
});
