/** The page's own words in each report language (the findings' text comes localised with the report). */
import type { Lang } from '../../i18n/lang.js';

export interface PageLabels {
  readonly hint: string;
  readonly chain: string;
  readonly outcome: string;
  readonly decidingRules: string;
  readonly noViolation: string;
  readonly noChange: string;
  readonly noModel: string;
  readonly findingsInCell: string;
  readonly noExceptions: string;
  readonly noCheck: string;
  readonly noStatusChange: string;
  readonly nothingFurther: string;
  readonly violations: string;
  readonly changes: string;
  readonly matrix: string;
  readonly exceptions: string;
  readonly checks: string;
  readonly statusChanges: string;
  readonly notes: string;
  /** Migrate: the states tab, a state's own findings, and how a state is drawn. */
  readonly states: string;
  readonly stateFindings: string;
  readonly noStateViolation: string;
  readonly stateHint: string;
  /** The graph's legend of shapes, the matrix's corner and key, the exceptions table, where a finding is. */
  readonly legend: string;
  readonly fromTo: string;
  readonly matrixKey: string;
  readonly exceptionColumns: readonly string[];
  readonly expiredNotApplied: string;
  readonly noEnd: string;
  /** `{location}` is replaced by file:line:col. */
  readonly at: string;
}

const EN: PageLabels = {
  hint: 'Select a finding to draw its chain on the graph; click an element for its details.',
  chain: 'Chain ({n}; click a step, or use ← → to follow it) ',
  outcome: 'Ends: ',
  decidingRules: 'Deciding rules',
  noViolation: 'No violation.',
  noChange: 'No reach change and no flow chain change.',
  noModel: 'No model declared: no separation matrix applies.',
  findingsInCell: 'Findings in this cell',
  noExceptions: 'No declared exceptions.',
  noCheck: 'No check ran.',
  noStatusChange: 'No invariant or property changed status.',
  nothingFurther: 'Nothing further.',
  violations: 'Violations',
  changes: 'Changes',
  matrix: 'Matrix',
  exceptions: 'Exceptions',
  checks: 'Checks',
  statusChanges: 'Status changes',
  notes: 'Notes',
  states: 'States',
  stateFindings: 'Violations in this state',
  noStateViolation: 'Every check of this state holds.',
  stateHint: 'Select a state to draw its network; a violation is drawn on the network of its state.',
  legend: "◆ router · ⯃ firewall · green: gateways (⬢ screen transfer, ★ sanitiser, ▲ relay, ⬟ zero-trust PEP …) · dotted: a node's link to another segment",
  fromTo: 'from \\ to',
  matrixKey: '✓ holds · ✗ violated (with the number of violations found in the cell, listed or not) · Δ reach changed · ? not checked · = same class · blank: not constrained',
  exceptionColumns: ['name', 'justification', 'expires', 'applies to', 'exempts', 'used by', 'declared at'],
  expiredNotApplied: ' (expired, not applied)',
  noEnd: 'no end',
  at: 'at {location}',
};

const JA: PageLabels = {
  hint: '違反を選ぶと経路をグラフ上に描きます。要素をクリックすると詳細を表示します。',
  chain: '経路（{n}。段をクリックするか ← → でたどる）',
  outcome: '結果：',
  decidingRules: '判定したルール',
  noViolation: '違反なし。',
  noChange: '到達の変化も情報の流れの変化もなし。',
  noModel: 'モデル未宣言：分離マトリクスは適用されない。',
  findingsInCell: 'このセルの違反',
  noExceptions: '申請済みの例外なし。',
  noCheck: '実行した検査なし。',
  noStatusChange: '不変条件・性質の状態の変化なし。',
  nothingFurther: 'ほかになし。',
  violations: '違反',
  changes: '変化',
  matrix: '分離マトリクス',
  exceptions: '例外',
  checks: '検査',
  statusChanges: '状態の変化',
  notes: '注記',
  states: '状態',
  stateFindings: 'この状態の違反',
  noStateViolation: 'この状態の検査はすべて成立。',
  stateHint: '状態を選ぶとそのネットワークを描きます。違反はその状態のネットワーク上に描きます。',
  legend: '◆ ルータ · ⯃ ファイアウォール · 緑：ゲートウェイ（⬢ 画面転送、★ 無害化、▲ 中継サーバ（特定通信）、⬟ ゼロトラストPEP …） · 点線：ノードから別のセグメントへの接続',
  fromTo: '送信元 \\ 宛先',
  matrixKey: '✓ 成立 · ✗ 違反（数字はセルで見つかった違反の件数、一覧の省略分を含む） · Δ 到達が変化 · ? 未検査 · = 同じ区分 · 空欄：制約なし',
  exceptionColumns: ['名前', '理由', '期限', '適用する検査', '除外する範囲', '使用した検査', '定義の場所'],
  expiredNotApplied: '（期限切れ、適用せず）',
  noEnd: '期限なし',
  at: '場所：{location}',
};

export const PAGE_LABELS: Readonly<Record<Lang, PageLabels>> = { en: EN, ja: JA };
