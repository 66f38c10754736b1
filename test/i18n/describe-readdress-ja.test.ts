/**
 * describe and readdress (apply, compare, check) in Japanese: the headings, column headers, sentences and
 * notes by their templates, no English phrase left over on the reference network and plans, names, plans,
 * addresses, codes and file:line as in English, the tables aligned by display width, JSON unchanged.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { CliIo } from '../../src/cli/io.js';
import { displayWidth } from '../../src/diagnostics/display-width.js';
import { COMPARE_HEADERS_JA, CRITERIA_JA } from '../../src/i18n/readdress-ja.js';
import { DESCRIBE_HEADERS_JA } from '../../src/i18n/describe-ja.js';
import { RANKING_CRITERIA } from '../../src/readdress/compare.js';

const repo = path.resolve(import.meta.dirname, '../..');
const CITY = path.join(repo, 'topologies/beta-prime-city.yaml');
const PLANS = ['city-lg-one-block.yaml', 'city-lg-per-segment.yaml'].map((p) => path.join(repo, 'topologies/plans', p));
const FIX = path.join(repo, 'test/readdress/fixtures-check');

function captureIo(): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, interactive: false, stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t) };
}

/** The command's text in English and in Japanese, with the same exit code. */
async function both(args: string[]): Promise<{ en: string; ja: string; code: number }> {
  const [en, ja] = [captureIo(), captureIo()];
  const code = await main(['node', 'segproof', ...args], en);
  expect(await main(['node', 'segproof', ...args, '--lang', 'ja'], ja)).toBe(code);
  return { en: en.out.join('\n'), ja: ja.out.join('\n'), code };
}

const locations = (text: string) => text.match(/[\w./-]+\.ya?ml:\d+(:\d+)?/g) ?? [];

/** The rows of the table whose header line starts with `first`, up to the next blank line. */
function tableAfter(text: string, first: string): string[] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.startsWith(first));
  expect(start).toBeGreaterThanOrEqual(0);
  const end = lines.findIndex((l, i) => i > start && l.trim() === '');
  return lines.slice(start, end < 0 ? undefined : end);
}

/** Every line's column starts (after two or more spaces), in display columns, are among the dash line's. */
function expectAligned(table: string[]): void {
  const starts = (line: string) => [...line.matchAll(/(?:^|(?<= {2}))\S/g)].map((m) => displayWidth(line.slice(0, m.index)));
  const columns = starts(table[1] as string);
  for (const line of [table[0] as string, ...table.slice(2)]) for (const s of starts(line)) expect(columns).toContain(s);
}

describe('the Japanese tables are complete', () => {
  it('every ranking criterion has a Japanese text', () => {
    expect(RANKING_CRITERIA.filter((c) => !(CRITERIA_JA as Record<string, string | undefined>)[c])).toEqual([]);
  });

  it('every fixed column header of compare and describe has one', () => {
    for (const h of ['rank', 'plan', 'devices', 'lines', 'rules', 'objects', 'routes', 'NAT', 'literals', 'all zones ACL/route', 'least headroom', 'fate changes', 'checks']) expect(COMPARE_HEADERS_JA[h]).toBeTruthy();
    for (const h of ['zone', 'class', 'segments', 'terminals', 'servers', 'nodes by kind', 'segment', 'prefix', 'site', 'node', 'role', 'count', 'acl', 'binding', 'rules', 'permit/deny', 'logged', 'default', 'at']) expect(DESCRIBE_HEADERS_JA[h]).toBeTruthy();
  });
});

describe('segproof describe --lang ja', () => {
  it('writes headings, headers, kinds and the policy notes in Japanese, names and file:line unchanged', async () => {
    const { en, ja, code } = await both(['describe', CITY]);
    expect(code).toBe(0);
    expect(ja).toMatch(/^トポロジ「beta-prime-city」 — モデル beta-prime、ガイドライン R5\.3$/m);
    expect(ja).toMatch(/^ノード \d+、エンドポイント \d+（プールを展開）、セグメント \d+、ACLルール \d+、ファイル 1$/m);
    expect(ja).toMatch(/^MN +マイナンバー利用事務系（MN） +\d+/m);
    expect(ja).toMatch(/^LG +LGWAN接続系（LG） +\d+ +\d+ +\d+ +ホスト \d+、プロキシ \d+、中継サーバ（特定通信） \d+$/m);
    expect(ja).toMatch(/画面転送 1、無害化 1/);
    expect(ja).toMatch(/^ {2}画面転送（screen-transfer）\(1\)：st-gateway$/m);
    expect(ja).toMatch(/^core-fw（ファイアウォール、ステートフル；ACLなし：拒否） +INET_INTERNAL +zone-pair INET -> INET +13 +13\/0 +0 +拒否 +\S+beta-prime-city\.yaml:\d+$/m);
    expect(ja).toMatch(/^ {2}ACLのないルータ（2）：経路のあるものをすべて許可する：mn-core, lgwan-router$/m);
    const leftovers = /Topology "|\bnodes, |endpoints|^(Zones|Segments|Nodes by kind|Pools|Policies)|nodes by kind|permit\/deny|stateful|no ACL|without an ACL|\b(terminal|server|firewall|router|host|deny|permit) \d|\bterminal\b|\bdeny\b|… \(\+/m;
    expect(ja).not.toMatch(leftovers);
    expect(locations(ja)).toEqual(locations(en));
    for (const name of ['mn_servers', '10.10.10.0/24', 'INET_TO_MN', 'lg-vdi-desktops', 'seccloud-fw', '県セキュリティクラウド']) expect(ja).toContain(name);
    for (const first of ['ゾーン ', 'セグメント ', 'ノード                  ', 'ノード          ']) expectAligned(tableAfter(ja, first));
  });

  it('keeps JSON as it is', async () => {
    const [en, ja] = [captureIo(), captureIo()];
    await main(['node', 'segproof', 'describe', CITY, '--json'], en);
    await main(['node', 'segproof', 'describe', CITY, '--json', '--lang', 'ja'], ja);
    expect(ja.out).toEqual(en.out);
  });
});

describe('segproof readdress --lang ja', () => {
  it('compare: the table, its legend and the criteria in Japanese, aligned, plan names and numbers unchanged', async () => {
    const { en, ja, code } = await both(['readdress', 'compare', CITY, ...PLANS]);
    expect(code).toBe(0);
    expect(ja).toMatch(/^beta-prime-city の再アドレス計画（1 行目は現状のトポロジ）$/m);
    expect(ja).toMatch(/^順位 +計画 +機器 +行 +ルール +オブジェクト +経路 +NAT +リテラル +LG のACL\/経路プレフィックス +全ゾーンACL\/経路 +最小の空き +結末の変化 +検査$/m);
    expect(ja).toMatch(/^- +（現状） +0 +0 .* 27 件すべて成立$/m);
    expect(ja).toMatch(/^1 +city-lg-per-segment +\d+ .* なし +27 件すべて成立$/m);
    expect(ja).toContain(`  3. ${CRITERIA_JA[RANKING_CRITERIA[2]]}`);
    expect(ja).not.toMatch(/re-addressing|first row|columns:|ranking|fate changes|devices touched|\(current\)|\ball \d+ hold|\bnone\b|fewer|the plan applies/);
    expectAligned(tableAfter(ja, '順位'));
    const numbers = (t: string) => t.match(/\b\d+(\/\d+)?\b/g);
    expect(numbers(tableAfter(ja, '順位').join('\n'))).toEqual(numbers(tableAfter(en, 'rank').join('\n')));
  });

  it('compare --markdown stays in English, as every Markdown output does', async () => {
    const [en, ja] = [captureIo(), captureIo()];
    expect(await main(['node', 'segproof', 'readdress', 'compare', CITY, PLANS[0] as string, '--markdown'], en)).toBe(0);
    expect(await main(['node', 'segproof', 'readdress', 'compare', CITY, PLANS[0] as string, '--markdown', '--lang', 'ja'], ja)).toBe(0);
    expect(ja.out).toEqual(en.out);
    expect(ja.out.join('\n')).toMatch(/^\| rank \| plan \| devices \|/m);
  });

  it('check: the verdict and the note on the reference plans in Japanese', async () => {
    for (const plan of PLANS) {
      const { en, ja, code } = await both(['readdress', 'check', CITY, plan]);
      expect(code).toBe(0);
      expect(ja).toMatch(/^readdress check：\S+beta-prime-city\.yaml（\S+\.yaml で番号変更） を、計画 \S+（ステップ：\S+）で名前を読み替えた \S+beta-prime-city\.yaml と比較$/m);
      expect(ja).toMatch(/^同等：送信元 \d+ について、/m);
      expect(ja).toMatch(/^比較対象外（計画が一対一に対応させないアドレス）：変更前 [\d.-]+/m);
      expect(ja.trim().endsWith('合格（OK）')).toBe(true);
      expect(ja).not.toMatch(/renumbered|against|equal:|not compared|\bOK$/m);
      expect(ja.match(/\d+\.\d+\.\d+\.\d+(-[\d.]+)?/g)).toEqual(en.match(/\d+\.\d+\.\d+\.\d+(-[\d.]+)?/g));
    }
  });

  it('check: differences, witnesses, deciding rules and the flow log in Japanese, rules and file:line unchanged', async () => {
    const town = path.join(FIX, 'town.yaml');
    const flows = ['--flows', path.join(FIX, 'flows.csv')];
    const cases = [
      [town, path.join(FIX, 'plan.yaml'), '--renumbered', path.join(FIX, 'lookalike-route-next-hop.yaml')],
      [town, path.join(FIX, 'plan.yaml'), '--renumbered', path.join(FIX, 'lookalike-nat-left.yaml'), ...flows],
      [town, path.join(FIX, 'plan-redesignate.yaml'), '--renumbered', path.join(FIX, 'lookalike-acl-literal.yaml'), ...flows, '--strict'],
    ];
    const english = /no longer reaches|newly reaches|flow edge|^\s*(original|renumbered):|permit by|the default of|\btranslates\b|not compared|Unexplained|Expected by the plan|Flow log|without a sender|changed fate|^\s*(before|after):|^\s*line \d|replies to|by packet|\(expected:|re-designated by|^FAIL$|toward|rows? \(\d+ flows\)/m;
    const texts: string[] = [];
    for (const args of cases) {
      const { en, ja, code } = await both(['readdress', 'check', ...args]);
      expect(code).toBe(1);
      expect(ja).not.toMatch(english);
      expect(locations(ja)).toEqual(locations(en));
      expect(ja.match(/\b(delivered|no-route|denied-in|exits-network)\b/g)).toEqual(en.match(/\b(delivered|no-route|denied-in|exits-network)\b/g));
      expect(ja.match(/^ {6}src .*$/gm)).toEqual(en.match(/^ {6}src .*$/gm));
      texts.push(ja);
    }
    const [route, nat, intended] = texts as [string, string, string];
    expect(route).toMatch(/^ {2}inet-client から web へ届かなくなった$/m);
    expect(route).toMatch(/^ {6}アドレス変更後: tcp 172\.16\.0\.10:49152 -> 10\.21\.10\.10:443：fw で経路なし（no-route）、経由 inet-client > fw$/m);
    expect(route).toMatch(/^ {8}fw：経路 10\.21\.10\.0\/24 via 10\.20\.0\.2 on core \(vrf default\) \(\S+lookalike-route-next-hop\.yaml:29\)$/m);
    expect(route).toMatch(/^ {8}fw：ACL INET_TO_SERVERS \[zone-pair INET -> CORE\] ルール web により許可 \(\S+town\.yaml:42\)$/m);
    expect(route).toMatch(/^ {2}情報の流れの辺 files -> terminal がなくなった（パケット（生データ）、クライアント向き、応答）$/m);
    expect(route).toMatch(/^ {6}files は terminal のセッションに応答する$/m);
    expect(nat).toMatch(/^ {8}fw：宛先NATルール publish-web が 172\.16\.0\.100:8443 を 10\.20\.10\.10:443 に変換 \(\S+town\.yaml:49\)$/m);
    expect(nat).toMatch(/^通信ログ \S+flows\.csv：4 行を/m);
    expect(nat).toMatch(/^ {2}変更前の版で送信元のない行 1（再生していない）：7 行目 10\.20\.20\.200 -> 10\.20\.10\.10$/m);
    expect(nat).toMatch(/^ {2}4 行のうち 1 行（通信 1 件）の結末が変わった：新たに到達 0、到達しなくなった 1、その他 0$/m);
    expect(nat).toMatch(/^ {6}4 行目 172\.16\.0\.10:49152 -> 172\.16\.0\.100:8443 tcp$/m);
    expect(nat).toMatch(/^ {8}変更後: fw で入力で拒否（denied-in）$/m);
    expect(intended).toMatch(/^計画どおりの差異:$/m);
    expect(intended).toMatch(/（計画による：送信元のセグメント lg_terminals はステップ renumber-servers で指定替え）$/m);
    expect(intended).toMatch(/（\S+ 上のホスト） > fw/);
    expect(intended).toMatch(/^ {2}指定替えしたセグメント・移設したノードとの間の行（計画どおり）：2$/m);
    expect(intended.trim().endsWith('不合格（FAIL）')).toBe(true);
  });

  it('apply: the change list and what it wrote in Japanese, files, lines and values unchanged', async () => {
    const dirs = [await mkdtemp(path.join(tmpdir(), 'segproof-ja-apply-')), await mkdtemp(path.join(tmpdir(), 'segproof-ja-apply-'))];
    try {
      const [en, ja] = [captureIo(), captureIo()];
      const args = ['node', 'segproof', 'readdress', 'apply', CITY, PLANS[0] as string];
      expect(await main([...args, '-o', path.join(dirs[0] as string, 'out')], en)).toBe(0);
      expect(await main([...args, '-o', path.join(dirs[1] as string, 'out'), '--lang', 'ja'], ja)).toBe(0);
      const [enText, jaText] = [en.out.join('\n'), ja.out.join('\n')];
      expect(jaText).toMatch(/^ステップ renumber-lg：変更 \d+ 件（\d+ 行、機器 \d+ 台）$/m);
      expect(jaText).toMatch(/^ {2}機器 core-fw$/m);
      expect(jaText).toMatch(/^ {2}アドレスオブジェクト LG_SERVERS$/m);
      expect(jaText).toMatch(/ に 1 個のファイルを書き出した（主ファイル \S+beta-prime-city\.yaml）$/);
      expect(jaText).not.toMatch(/^step |^ {2}(device|segment|address object|settings) |wrote /m);
      expect(jaText.match(/^ {4}.*$/gm)).toEqual(enText.match(/^ {4}.*$/gm));
    } finally {
      for (const d of dirs) await rm(d, { recursive: true, force: true });
    }
  });

  it('writes the plan warnings (PLAN043, PLAN065, PLAN066) and RDC001 in Japanese, in readdress and migrate alike, codes and locations unchanged', async () => {
    const fixtures = path.join(repo, 'test/readdress/fixtures');
    const dir = await mkdtemp(path.join(tmpdir(), 'segproof-ja-apply-'));
    try {
      const empty = captureIo();
      expect(await main(['node', 'segproof', 'readdress', 'apply', path.join(fixtures, 'town.yaml'), path.join(fixtures, 'warn-empty-step.yaml'), '-o', path.join(dir, 'a'), '--lang', 'ja'], empty)).toBe(0);
      expect(empty.err.join('\n')).toMatch(/warn-empty-step\.yaml:\d+:\d+: 警告 PLAN043: ステップ "two" は何も変えない\n {2}期待: map・hosts・redesignate・relocate の少なくとも一つ/);
      const leaves = captureIo();
      expect(await main(['node', 'segproof', 'readdress', 'apply', path.join(fixtures, 'town.yaml'), path.join(fixtures, 'warn-host-leaves.yaml'), '-o', path.join(dir, 'b'), '--lang', 'ja'], leaves)).toBe(0);
      expect(leaves.err.join('\n')).toMatch(/town\.yaml:40:19: 警告 PLAN065: node fw routes\[1\]\.prefix：10\.1\.0\.0\/16 は 10\.1\.1\.0\/24 を含むが、ステップの後の 10\.5\.1\.0\/24 を含まない/);
      expect(leaves.err.join('\n')).toMatch(/警告 PLAN066: .*：10\.1\.1\.0\/24 は 10\.1\.1\.11 を含むが、その移り先 10\.1\.2\.100 はステップの後のリテラルに含まれない/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const rdc = captureIo();
    expect(await main(['node', 'segproof', 'readdress', 'check', path.join(FIX, 'town-renumbered.yaml'), path.join(FIX, 'plan.yaml'), '--lang', 'ja'], rdc)).toBe(2);
    expect(rdc.err.join('\n')).toMatch(/plan\.yaml:1:1: エラー RDC001: 計画 "servers-into-10-21" は \S+town-renumbered\.yaml に適用できないため、/);
    const migration = path.join(repo, 'topologies/beta-prime-migration');
    const migrate = captureIo();
    await main(['node', 'segproof', 'migrate', path.join(migration, 'step0-alpha.yaml'), path.join(migration, 'step1-new-lg.yaml'), '--plan', path.join(migration, 'plan.yaml'), '--lang', 'ja'], migrate);
    expect(migrate.err.join('\n')).toMatch(/plan\.yaml:\d+:\d+: 警告 PLAN043: ステップ "decommission" は何も変えない/);
  });

  it('refuses a language it does not know (CLI001, exit 2) and frames diagnostics in Japanese with their codes', async () => {
    const bad = captureIo();
    expect(await main(['node', 'segproof', 'readdress', 'check', CITY, PLANS[0] as string, '--lang', 'fr'], bad)).toBe(2);
    expect(bad.err.join('\n')).toContain('CLI001');
    const step = captureIo();
    expect(await main(['node', 'segproof', 'readdress', 'check', path.join(FIX, 'town.yaml'), path.join(FIX, 'plan.yaml'), '--step', '7', '--lang', 'ja'], step)).toBe(2);
    expect(step.err.join('\n')).toMatch(/エラー CLI001/);
  });
});
