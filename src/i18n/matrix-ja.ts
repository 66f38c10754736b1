/**
 * The separation matrix in Japanese, by template: an HTML page's caption, each cell's one-line status and
 * the lines of its detail panel; and the text of `segproof explain`. Cell IDs, view IDs, basis anchors and exception names stay as they are.
 */
import { CELL_SAYS_JA, CHECK_TITLES_JA } from './checks-ja.js';
import type { Lang } from './lang.js';
import { CHANNEL_JA } from './terms-ja.js';
import { rewrite, type Rules } from './rewrite.js';

const LINES: Rules = [
  [/^Separation matrix of model (\S+): rows send, columns receive(?: \(no (.+) zone here: those cells do not apply\))?$/s, (m) => `モデル ${m[1]} の分離マトリクス：行が送信側、列が受信側${m[2] ? `（${m[2]} のゾーンはない：それらのセルは対象外）` : ''}`],
  [/^(\S+): holds \(checked exhaustively\)$/, (m) => `${m[1]}：成立（全数検査）`],
  [/^(\S+): violated — (\d+) violations? \((.*); (\d+) listed\)$/s, (m) => `${m[1]}：違反 — ${m[2]} 件（${(m[3] as string).replace(/(\d+) in (\S+?)(?=,|$)/g, '$2 で $1 件').replace(/, /g, '、')}。一覧に載せたもの ${m[4]} 件）`],
  [/^(\S+): not checked \(views (.*) not all run\)$/s, (m) => `${m[1]}：未検査（観点 ${m[2]} がすべては実行されていない）`],
  [/^(\S+) within itself$/, (m) => `${m[1]} の内部`],
  [/^(\S+): not constrained by the (\S+) matrix$/, (m) => `${m[1]}：${m[2]} のマトリクスでは制約なし`],
  [/^views: (.*)$/s, (m) => `観点: ${m[1]}`],
  [/^basis: (.*)$/s, (m) => `根拠: ${m[1]}`],
  [/^exception (\S+)(?: \(used by (.*?)\))?: (.*)$/s, (m) => `例外 ${m[1]}${m[2] ? `（${m[2]} で使用）` : ''}：${m[3]}`],
];

/** A caption, cell status or detail line of the matrix in Japanese (what a cell says by its table; else as it is). */
export function matrixLineJa(text: string): string {
  if (/^(packets|information flow): /.test(text)) return rewrite(`  ${text}`, EXPLAIN).slice(2);
  return CELL_SAYS_JA[text] ?? rewrite(text, LINES);
}

const channels = (list: string): string => (list === 'nothing' ? '何も' : list.split(', ').map((c) => (CHANNEL_JA as Record<string, string | undefined>)[c] ?? c).join('・'));

/** `segproof explain`'s lines: its frame, the legend, the cells' rules and the views' titles. */
const EXPLAIN: Rules = [
  [/^Separation matrix for model (\S+)$/, (m) => `モデル ${m[1]} の分離マトリクス`],
  [/^Rows: from; columns: to\. .*$/s, () => '行が送信側、列が受信側。∅ 何も越えない · G ゲートウェイ経由のみ · D 専用線のみ · S セキュリティクラウド経由のみ · +f 情報の流れの規則あり · · 制約なし。'],
  [/^Cells, as the auditor signs them:$/, () => 'セル（監査人が確認するもの）：'],
  [/^ {2}packets: no packet \(declared exceptions only\)$/, () => '  パケット: 届かない（申請済みの例外のみ）'],
  [/^ {2}packets: packets end only at (.+) gateways on their served ports$/s, (m) => `  パケット: ${m[1]} のゲートウェイの所定ポートでのみ終端する`],
  [/^ {2}packets: only over a dedicated line$/, () => '  パケット: 専用線経由のみ'],
  [/^ {2}packets: only through the (\S+) zone$/, (m) => `  パケット: ${m[1]} のゾーン経由のみ`],
  [
    /^ {2}information flow: only (.+?)(; relayed data through any relay|; relayed data only through relays declared to carry .+?)? \(never (.*)\); a receiving host acts on (raw data|data or control)$/s,
    (m) => {
      const relays = m[2] === undefined ? '' : m[2].includes('any relay') ? '、中継データはどの中継経由でも' : `、中継データは ${m[2].replace(/^.*carry /, '')} を運ぶと申告した中継経由のみ`;
      return `  情報の流れ: ${channels(m[1] as string)} のみ${relays}（${channels(m[3] as string)} は不可）。受け取ったホストは${m[4] === 'raw data' ? '生データ' : 'データや操作'}として扱う`;
    },
  ],
  [/^ {2}information flow: not constrained beyond the packet rule$/, () => '  情報の流れ: パケットの規則のほかに制約なし'],
  [/^ {2}basis: (.*)$/s, (m) => `  根拠: ${m[1]}`],
  [/^Not constrained by the guideline \((\d+) ordered pairs\): (.*)\.$/s, (m) => `ガイドラインが制約しない組（順序付き ${m[1]} 組）：${m[2] === 'none' ? 'なし' : m[2]}。`],
  [/^Views \(the invariant IDs of the report\):$/, () => '観点（レポートの不変条件ID）：'],
  [/^Checked besides the matrix:$/, () => 'マトリクスのほかに検査するもの：'],
  [/^ {2}([A-Z]\d+) {2}(.*)$/s, (m) => `  ${m[1]}  ${CHECK_TITLES_JA[m[1] as string] ?? m[2]}`],
  [
    /^Attacker \(every cell\): .*$/s,
    () => '攻撃者（すべてのセル）：送信側区分の任意のホストまたは外部ネットワーク（INET では、空きホストアドレスのあるインターネット接続系セグメントごとに台帳にない機器も）。strict uRPF のインタフェースが破棄しない限り任意の送信元アドレス。自セグメント上の任意のルータ・ファイアウォール・専用線・外部ネットワークを次ホップに使える。ノードが応答するすべてのアドレス（ネットワーク機器自身のものを含む）に届きうる。応答は経路があり許可される場合のみ。ARCHITECTURE.md の「Attacker」を参照。',
  ],
  [/^ {2}(.+)$/s, (m) => `  ${CELL_SAYS_JA[m[1] as string] ?? (m[1] as string)}`],
];

/** `segproof explain`'s text in `lang`: zone classes, cell IDs, view IDs and basis anchors as they are. */
export function localiseExplainText(text: string, lang: Lang): string {
  return lang === 'en' ? text : text.split('\n').map((l) => rewrite(l, EXPLAIN)).join('\n');
}
