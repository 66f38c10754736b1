/**
 * `segproof describe` in Japanese, by template: the title and totals, the section headings, the table column
 * headers, the node kinds (in the guideline's terms, 画面転送, 無害化, 中継サーバ（特定通信）…), the firewall and
 * router cells of the policy table and what a node without an ACL does. Zone, segment, node and ACL names,
 * classes' codes, prefixes, bindings and file:line stay as they are; a sentence no template knows stays English.
 */
import type { Lang } from './lang.js';
import { rewrite, type Rules } from './rewrite.js';
import { NODE_KIND_JA } from './terms-ja.js';

const kindJa = (kind: string): string => (NODE_KIND_JA as Record<string, string | undefined>)[kind] ?? kind;
const actionJa = (a: string): string => (a === 'permit' ? '許可' : a === 'deny' ? '拒否' : a);

/** The column headers of describe's tables. */
export const DESCRIBE_HEADERS_JA: Readonly<Record<string, string>> = {
  zone: 'ゾーン',
  class: '区分',
  segments: 'セグメント数',
  terminals: '端末',
  servers: 'サーバ',
  'nodes by kind': '種類別ノード',
  segment: 'セグメント',
  prefix: 'プレフィックス',
  vlan: 'VLAN',
  vrf: 'VRF',
  site: '拠点',
  node: 'ノード',
  role: '役割',
  count: '台数',
  acl: 'ACL',
  binding: '適用先',
  rules: 'ルール数',
  'permit/deny': '許可/拒否',
  logged: 'ログ記録',
  default: '既定',
  at: '定義位置',
};

/** The headings and sentences outside the tables. */
const LINES: Rules = [
  [/^Topology "(.*)"(?: — model (\S+))?(?:, guideline (\S+))?$/s, (m) => `トポロジ「${m[1]}」${m[2] ? ` — モデル ${m[2]}` : ''}${m[3] ? `、ガイドライン ${m[3]}` : ''}`],
  [
    /^(\d+) nodes, (\d+) endpoints \(pools expanded\), (\d+) segments, (\d+) ACL rules, (\d+) file\(s\)$/,
    (m) => `ノード ${m[1]}、エンドポイント ${m[2]}（プールを展開）、セグメント ${m[3]}、ACLルール ${m[4]}、ファイル ${m[5]}`,
  ],
  [/^Zones$/, () => 'ゾーン'],
  [/^Segments$/, () => 'セグメント'],
  [/^Nodes by kind$/, () => '種類別ノード'],
  [/^Pools$/, () => 'プール'],
  [/^Logical networks: (.*)$/s, (m) => `論理ネットワーク：${m[1]}`],
  [/^Policies \(ACLs of firewalls and routers; every applicable ACL must permit\)$/, () => 'ポリシー（ファイアウォールとルータのACL。適用されるACLのすべてが許可する必要がある）'],
  [/^ {2}([\w-]+) \((\d+)\): (.*)$/s, (m) => `  ${kindJa(m[1] as string)}（${m[1]}）(${m[2]})：${moreJa(m[3] as string)}`],
  [
    /^ {2}firewalls without an ACL \((\d+)\), which deny everything they would forward \(no policy, no passage\): (.*)$/s,
    (m) => `  ACLのないファイアウォール（${m[1]}）：転送するはずのものをすべて拒否する（ポリシーがなければ通さない）：${moreJa(m[2] as string)}`,
  ],
  [/^ {2}routers without an ACL \((\d+)\), which permit everything they route: (.*)$/s, (m) => `  ACLのないルータ（${m[1]}）：経路のあるものをすべて許可する：${moreJa(m[2] as string)}`],
];

/** "a, b … (+35)": the names, and how many more there are. */
const moreJa = (list: string): string => list.replace(/ … \(\+(\d+)\)$/, ' … (ほか $1)');

/** The cells of the tables that hold words: kinds with counts, a firewall's or router's description, an action, a pool's role. */
const CELLS: Rules = [
  [/^(\S+) \((firewall|router)(, stateful)?; no ACL: (permit|deny)\)$/, (m) => `${m[1]}（${kindJa(m[2] as string)}${m[3] ? '、ステートフル' : ''}；ACLなし：${actionJa(m[4] as string)}）`],
  [/^(permit|deny)$/, (m) => actionJa(m[1] as string)],
  [/^(terminal|server)$/, (m) => (m[1] === 'terminal' ? '端末' : 'サーバ')],
  [/^(?:[\w-]+ \d+)(?:, [\w-]+ \d+)*$/, (m) => (m[0] as string).split(', ').map((p) => p.replace(/^([\w-]+) (\d+)$/, (_, k: string, n: string) => `${kindJa(k)} ${n}`)).join('、')],
];

/** A heading or sentence of describe's text in `lang`. */
export function describeLine(text: string, lang: Lang): string {
  return lang === 'en' ? text : rewrite(text, LINES);
}

/** A table's column headers in `lang`. */
export function describeHeaders(header: readonly string[], lang: Lang): string[] {
  return lang === 'en' ? [...header] : header.map((h) => DESCRIBE_HEADERS_JA[h] ?? h);
}

/** A table cell in `lang` (names, numbers, prefixes and bindings come back as they are). */
export function describeCell(cell: string | number, lang: Lang): string | number {
  return lang === 'en' || typeof cell === 'number' ? cell : rewrite(cell, CELLS);
}
