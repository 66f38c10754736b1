/**
 * The separation matrix of an HTML page in Japanese, by template: its caption, each cell's one-line status
 * and the lines of its detail panel. Cell IDs, view IDs, basis anchors and exception names stay as they are.
 */
import { CELL_SAYS_JA } from './checks-ja.js';
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
  return CELL_SAYS_JA[text] ?? rewrite(text, LINES);
}
