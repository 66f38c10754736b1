/**
 * A verify report in Japanese: check titles, what each matrix cell says, and the sentences the checks write
 * (packets reaching a class, chains of gateways, missing inventory) in the guideline's terms. Names, file:line,
 * headers and traces stay as they are (they are what the engineer searches for), and so do sentences no
 * template here knows: a report is never wrong for being partly English.
 */
import type { CheckResult, VerifyReport, Violation } from '../verify/result.js';
import { CELL_SAYS_JA, CHECK_TITLES_JA } from './checks-ja.js';
import { CHANNEL_JA, classJa, NODE_KIND_JA } from './terms-ja.js';
import type { Lang } from './lang.js';
import { rewrite } from './rewrite.js';
import { becauseJa, capabilitiesJa, detailJa } from './trace-ja.js';

const WHEN_VIOLATED_JA: Readonly<Record<string, string>> = {
  'a path from the Internet segment to the Internet that avoids the security cloud is a local (branch) breakout: the guideline accepts one only where its firewall logs are collected and kept; declare an approved one as an exception applying to INET>INTERNET, with that justification':
    'セキュリティクラウドを経ずにインターネット接続系からインターネットへ出る経路はローカル（拠点）ブレイクアウトであり、ガイドラインはファイアウォールのログを収集・保存する場合に限り認める。承認済みのものは INET>INTERNET に適用する例外として、その理由とともに申請する',
};

const kindJa = (kind: string) => (NODE_KIND_JA as Record<string, string | undefined>)[kind] ?? kind;
const channelJa = (channel: string) => (CHANNEL_JA as Record<string, string | undefined>)[channel] ?? channel;
const saysJa = (says: string) => CELL_SAYS_JA[says] ?? says;

/** "mn-ad (host, zone MN)", "mn-core (router, a network device of MN, on its own address 10.10.10.1)". */
function targetJa(text: string): string {
  let m = /^(\S+) \(([\w-]+), zone ([\w-]+)\)$/.exec(text);
  if (m) return `${m[1]}（${kindJa(m[2] as string)}、ゾーン ${m[3]}）`;
  m = /^(\S+) \(([\w-]+), a network device of (\S+), on its own address (\S+)\)$/.exec(text);
  if (m) return `${m[1]}（${kindJa(m[2] as string)}、${classJa(m[3] as string)}のネットワーク機器、自身のアドレス ${m[4]}）`;
  return text;
}

/** What the inventory and zero-trust checks count. */
const WHAT_JA: Readonly<Record<string, string>> = {
  'INET hosts': 'インターネット接続系のホスト',
  'INET servers': 'インターネット接続系のサーバ',
  'INET terminals and servers': 'インターネット接続系の端末とサーバ',
  'MN terminals': 'マイナンバー利用事務系の端末',
  'PEP(s)': 'ゼロトラストPEP',
};
const whatJa = (what: string): string =>
  WHAT_JA[what] ?? what.replace(/^file\/document servers \(.*\)$/s, 'ファイルサーバ・文書管理サーバ');

/** Missing inventory items ("edr is not declared (required: …)", or without "is") in Japanese. */
export const inventoryJa = (text: string) => text.replace(/ (?:is )?not declared/g, ' が未申告').replace(/ \(required: ([^)]*)\)/g, '（必要：$1）');

const SENTENCES: readonly [RegExp, (m: RegExpExecArray) => string][] = [
  [
    /^Packets from (\S+) reach (.+) in (\S+?)(?: without passing (.+))?\. The separation matrix says: (.*)$/s,
    (m) => `${classJa(m[1] as string)}からのパケットが${classJa(m[3] as string)}の ${targetJa(m[2] as string)} に届く${m[4] ? `（${m[4]} を経由せずに）` : ''}。分離マトリクスの定め：${saysJa(m[5] as string)}`,
  ],
  [
    // The source may be the INET attacker's unlisted device, whose name has spaces (`unlisted device on <segment>`).
    /^([\w-]+) from (unlisted device on \S+|\S+) \((\S+)\) reaches (\S+) \((\S+)\) in (\d+) steps?: (.+)\. The separation matrix says: (.*)$/s,
    (m) => `${m[2]}（${classJa(m[3] as string)}）からの${channelJa((m[1] as string).toLowerCase())}が ${m[6]} 段で ${m[4]}（${classJa(m[5] as string)}）に届く：${m[7]}。分離マトリクスの定め：${saysJa(m[8] as string)}`,
  ],
  [/^Packets from (.+?) reach (\S+) \(([\w-]+), zone (\S+)\): the check requires them to stay apart\.$/s, (m) => `${m[1]} からのパケットが ${m[2]}（${kindJa(m[3] as string)}、ゾーン ${m[4]}）に届く：この検査は両者の分離を求めている。`],
  [/^In the inventory of (\S+), (.*)\.$/s, (m) => `${m[1]} の資産情報で、${inventoryJa(m[2] as string)}。`],
  // Scenario properties (isolated, only-via, reachable).
  [/^([\w-]+) from (\S+) reaches (\S+) in (\d+) steps?: (.+)\.$/s, (m) => `${m[2]} からの${channelJa((m[1] as string).toLowerCase())}が ${m[4]} 段で ${m[3]} に届く：${m[5]}。`],
  [/^Packets from (.+?) reach (\S+) without passing (.+): a path avoids every node they must go through\.$/s, (m) => `${m[1]} からのパケットが ${m[3]} を経由せずに ${m[2]} に届く：通るべきノードをすべて避ける経路がある。`],
  [/^([\w-]+) from (\S+) reaches (\S+) avoiding (.+?): (.+)\.$/s, (m) => `${m[2]} からの${channelJa((m[1] as string).toLowerCase())}が ${m[4]} を避けて ${m[3]} に届く：${m[5]}。`],
  [/^(\S+) cannot reach (\S+) on (.+?)( \(e\.g\. .+\))?, although the property requires it\.$/s, (m) => `${m[1]} から ${m[2]} へ ${m[3]} で届かない${m[4] ? `（例：${(m[4] as string).slice(7, -1)}）` : ''}。この性質は到達を求めている。`],
];

const NOTES: readonly [RegExp, (m: RegExpExecArray) => string][] = [
  [/^cells checked exhaustively under the attacker of ARCHITECTURE\.md: (.*)$/s, (m) => `ARCHITECTURE.md の攻撃者モデルの下で全数検査したセル：${m[1]}`],
  [/^(\d+) more violations of these cells \(not listed\)$/, (m) => `このほか ${m[1]} 件の違反（一覧は省略）`],
  [/^(\d+) more (nodes of (.+) are reached|targets are reached|bypassing arrivals|unreachable pairs) \(not listed\)$/s, (m) => `このほか ${m[1]} 件（一覧は省略）：${m[2]?.startsWith('nodes') ? `${m[3]} のノードに届く` : m[2] === 'targets are reached' ? '届く宛先' : m[2] === 'bypassing arrivals' ? '経由を避けて届くもの' : '届かない組'}`],
  [/^headers restricted to (.*)$/s, (m) => `ヘッダを ${m[1]} に限定`],
  // The inventory and zero-trust checks' notes.
  [/^(\d+) permit rule\(s\) in front of MN, MN_GC or LG resources checked on (\d+) PEP\(s\)$/, (m) => `マイナンバー利用事務系・ガバメントクラウド（MN）・LGWAN接続系の資源の前にある許可ルール ${m[1]} 件を PEP ${m[2]} 台で検査`],
  [/^(\d+) (.+) checked$/s, (m) => `${whatJa(m[2] as string)} ${m[1]} 件を検査`],
  [/^no (.+) in this topology$/s, (m) => `このトポロジに${whatJa(m[1] as string)}はない`],
  [/^servers are recognised by name or tag only$/, () => 'サーバは名前かタグでのみ判別する'],
  [/^violations per cell, listed or not: (.*)$/s, (m) => `セルごとの違反（一覧の省略分を含む）：${(m[1] as string).replace(/ (\d+) \((\d+) listed\)/g, ' $1 件（一覧 $2 件）')}`],
  [/^([A-Z_]+>[A-Z_]+): (.*)$/s, (m) => `${m[1]}：${WHEN_VIOLATED_JA[m[2] as string] ?? m[2]}`],
  [/^cell (\S+); attacker capability relied on: (.*)$/s, (m) => `セル ${m[1]}；攻撃者が用いた能力：${capabilitiesJa(m[2] as string)}`],
  [/^attacker capability relied on: (.*)$/s, (m) => `攻撃者が用いた能力：${capabilitiesJa(m[1] as string)}`],
  [/^attacker: .*$|^\S+ declares carries: |^\S+ can be fed with a forged source address /s, (m) => detailJa(m.input)],
];

export { rewrite };

/** A violation's one-line summary in Japanese, where a template knows it (else as it is). */
export function violationSummaryJa(summary: string): string {
  return rewrite(summary, SENTENCES);
}

function violationJa(v: Violation): Violation {
  return {
    ...v,
    summary: rewrite(v.summary, SENTENCES),
    details: v.details?.map((d) => rewrite(d, NOTES)),
    chain: v.chain?.map((s) => ({ ...s, because: becauseJa(s.because) })),
  };
}

function resultJa(r: CheckResult): CheckResult {
  return {
    ...r,
    title: r.kind === 'invariant' ? (CHECK_TITLES_JA[r.id] ?? r.title) : r.title,
    notes: r.notes.map((n) => rewrite(n, NOTES)),
    violations: r.violations.map(violationJa),
  };
}

/** One check's result in `lang` (titles, notes, violation sentences); English results are returned as they are. */
export function localiseCheckResult(r: CheckResult, lang: Lang): CheckResult {
  return lang === 'en' ? r : resultJa(r);
}

/** The report in `lang` (English reports are returned as they are). */
export function localiseVerifyReport(report: VerifyReport, lang: Lang): VerifyReport {
  return lang === 'en' ? report : { ...report, results: report.results.map(resultJa) };
}
