/**
 * `segproof readdress` in Japanese, by template: `apply`'s change list and what it wrote, `compare`'s table
 * (column headers and the cells that hold words, measured by display width where it is drawn), its legend and
 * ranking criteria, and `check`'s verdict, differences, witnesses and flow log. Node, segment, zone, plan,
 * rule and ACL names, addresses, headers, flows and file:line stay as they are; a line no template knows stays
 * English. The criteria are looked up by their English text: test/i18n/readdress-ja.test.ts keeps them complete.
 */
import type { RANKING_CRITERIA } from '../readdress/compare.js';
import { decidingJa } from './diff-frame.js';
import type { Lang } from './lang.js';
import { comparisonLineJa } from './replay-ja.js';
import { rewrite, type Rules } from './rewrite.js';
import { becauseJa, DISPOSITION_JA, reasonJa } from './trace-ja.js';
import { CHANNEL_JA } from './terms-ja.js';

const dispositionJa = (d: string): string => {
  const ja = (DISPOSITION_JA as Record<string, { name: string } | undefined>)[d]?.name;
  return ja === undefined ? d : `${ja}（${d}）`;
};
const channelJa = (c: string): string => (CHANNEL_JA as Record<string, string | undefined>)[c] ?? c;

// ---- apply ----

const OWNER_JA: Readonly<Record<string, string>> = { device: '機器', segment: 'セグメント', 'address object': 'アドレスオブジェクト', settings: '設定' };

const APPLY_LINES: Rules = [
  [
    /^step (.+): (\d+) changes? on (\d+) lines?, (\d+) devices?$/s,
    (m) => `ステップ ${m[1]}：変更 ${m[2]} 件（${m[3]} 行、機器 ${m[4]} 台）`,
  ],
  [/^ {2}(device|segment|address object|settings) (.+)$/s, (m) => `  ${OWNER_JA[m[1] as string]} ${m[2]}`],
  [/^wrote (\d+) files? under (.+) \(main file (.+)\)$/s, (m) => `${m[2]} に ${m[1]} 個のファイルを書き出した（主ファイル ${m[3]}）`],
];

/** `readdress apply`'s text (the change list and what was written) in `lang`. */
export function localiseApplyText(text: string, lang: Lang): string {
  return lang === 'en' ? text : text.split('\n').map((l) => rewrite(l, APPLY_LINES)).join('\n');
}

// ---- compare ----

/** The ranking criteria (compare.ts's RANKING_CRITERIA) in Japanese, by their English text. */
export const CRITERIA_JA: Readonly<Record<(typeof RANKING_CRITERIA)[number], string>> = {
  'the plan applies and the final state loads': '計画が適用でき、最終状態が読み込める',
  'every invariant and scenario property holds in the final state (fewer failing checks first)': '最終状態で不変条件とシナリオの性質がすべて成立する（違反する検査の少ないものが先）',
  'fewer flows whose fate changes without the plan explaining it (readdress check: reach and information-flow differences outside re-designations and relocations)':
    '計画で説明のつかない結末の変化が少ない（readdress check：指定替え・移設以外での到達と情報の流れの差異）',
  'fewer devices touched': '変更する機器が少ない',
  'fewer hard-coded literals rewritten (addresses written in rules, routes and NAT instead of objects or names)': '書き換えるリテラルが少ない（オブジェクトや名前ではなくルール・経路・NATに直接書かれたアドレス）',
  'better aggregation: fewer prefixes naming the zones exactly (ACL entries), then fewer summary routes': '集約がよい：ゾーンを正確に表すプレフィックス（ACLのエントリ）が少なく、次に集約経路が少ない',
  'fewer changed lines': '変更する行が少ない',
};

/** The column headers of the comparison table. */
export const COMPARE_HEADERS_JA: Readonly<Record<string, string>> = {
  rank: '順位',
  plan: '計画',
  devices: '機器',
  lines: '行',
  rules: 'ルール',
  objects: 'オブジェクト',
  routes: '経路',
  NAT: 'NAT',
  literals: 'リテラル',
  'all zones ACL/route': '全ゾーンACL/経路',
  'least headroom': '最小の空き',
  'fate changes': '結末の変化',
  checks: '検査',
};

const headerJa = (h: string): string => COMPARE_HEADERS_JA[h] ?? rewrite(h, [[/^(\S+) ACL\/route prefixes$/, (m) => `${m[1]} のACL/経路プレフィックス`]]);

/** The cells that hold words (the plan column's baseline, fate changes, checks, a plan that does not apply). */
const COMPARE_CELLS: Rules = [
  [/^none$/, () => 'なし'],
  [/^not computed$/, () => '未計算'],
  [/^(\d+) unexplained, (\d+) by intent$/, (m) => `説明なし ${m[1]}、意図どおり ${m[2]}`],
  [/^all (\d+) hold$/, (m) => `${m[1]} 件すべて成立`],
  [/^(\d+) fail: (.*)$/s, (m) => `違反 ${m[1]}：${m[2]}`],
  [/^does not apply \((\d+) errors?\)$/, (m) => `適用できない（エラー ${m[1]} 件）`],
];

/** The comparison table's header and rows in `lang`; the plan names and numbers stay. */
export function localiseComparisonRows(table: { header: string[]; rows: string[][] }, lang: Lang): { header: string[]; rows: string[][] } {
  if (lang === 'en') return table;
  return {
    header: table.header.map(headerJa),
    rows: table.rows.map((r) => r.map((cell, i) => (i === 1 ? (cell === '(current)' ? '（現状）' : cell) : i < 2 ? cell : rewrite(cell, COMPARE_CELLS)))),
  };
}

const COMPARE_LINES: Rules = [
  [/^re-addressing plans for (.+) \(first row: the topology as it is\)$/s, (m) => `${m[1]} の再アドレス計画（1 行目は現状のトポロジ）`],
  [
    /^columns: devices touched; configuration lines changed; .*checks = the model's invariants and the scenario's properties on the final state\.$/s,
    () =>
      '列：機器 = 変更する機器、行 = 変更する設定行、ルール・オブジェクト・経路・NAT = 変更するACL/PEPルール・アドレスオブジェクト・経路・NATルール、リテラル = オブジェクトや名前を使わずルール・経路・NAT・ゲートウェイ設定に直接書かれたアドレス、ゾーンのACL/経路プレフィックス = ゾーンを正確に表すプレフィックス / 未使用空間をまとめた集約経路、最小の空き = 番号変更したセグメントのうち最も埋まったものの空き/使用可能アドレス、結末の変化 = 下記、検査 = 最終状態でのモデルの不変条件とシナリオの性質。',
  ],
  [/^ranking, each criterion deciding only where the ones before tie:$/, () => '順位の付け方（前の基準が同じときだけ次の基準で決める）:'],
  [/^( {2})(\d+)\. (.*)$/s, (m) => `${m[1]}${m[2]}. ${(CRITERIA_JA as Record<string, string | undefined>)[m[3] as string] ?? m[3]}`],
  [
    /^fate changes: what `segproof readdress check` finds between the topology renamed through the plan and the final state .*; by intent = in re-designated segments or at relocated nodes\.$/s,
    () => '結末の変化：計画で名前を読み替えたトポロジと最終状態の間で `segproof readdress check` が見つける差異（送信元と宛先ごとの到達、情報の流れの辺）。意図どおり = 指定替えしたセグメントまたは移設したノードでのもの。',
  ],
];

/** A line of compare's text outside the table in `lang` (its Markdown stays English, as all Markdown output does). */
export function compareLine(text: string, lang: Lang): string {
  return lang === 'en' ? text : rewrite(text, COMPARE_LINES);
}

/** compare's note on stderr about a plan that does not apply. */
export function planDoesNotApply(name: string, file: string, lang: Lang): string {
  return lang === 'en' ? `plan ${name} (${file}) does not apply:` : `計画 ${name} (${file}) は適用できない:`;
}

// ---- check ----

const sideJa = (label: string): string => (label === 'original' ? 'アドレス変更前' : 'アドレス変更後');
const versionJa = (label: string): string => (label === 'original' ? '変更前' : '変更後');
/** The renumbered version's label: `file (renumbered by plan.yaml)`. */
const fileJa = (file: string): string => file.replace(/ \(renumbered by (.+)\)$/s, '（$1 で番号変更）');
const pathJa = (path: string): string => path.replace(/\(host on (\S+)\)/g, '（$1 上のホスト）');
const linesJa = (examples: string): string => examples.replace(/(^|; )line (\d+) /g, '$1$2 行目 ');

/** Why the plan explains a difference (check.ts's explain). */
const EXPLANATIONS: Rules = [
  [/^(source|destination) segment (\S+) is re-designated by step (.+)$/s, (m) => `${m[1] === 'source' ? '送信元' : '宛先'}のセグメント ${m[2]} はステップ ${m[3]} で指定替え`],
  [/^(source|destination) (\S+) is relocated by step (.+)$/s, (m) => `${m[1] === 'source' ? '送信元' : '宛先'} ${m[2]} はステップ ${m[3]} で移設`],
  [/^(source|destination) (\S+) is on segment (\S+), re-designated by step (.+)$/s, (m) => `${m[1] === 'source' ? '送信元' : '宛先'} ${m[2]} はステップ ${m[4]} で指定替えするセグメント ${m[3]} にある`],
];
const expectedJa = (e: string | undefined): string => (e === undefined ? '' : `（計画による：${rewrite(e, EXPLANATIONS)}）`);
const towardJa = (t: string): string => (t === 'client' ? 'クライアント向き' : t === 'upstream' ? '上流向き' : t);

/** The notes of a partial check (check.ts). */
const PARTIAL: Rules = [
  [/^(.+): reach of (\S+) not computed \((.*)\)$/s, (m) => `${m[1]}：${m[2]} の到達は未計算（${m[3]}）`],
  [/^information flow not compared \((.*)\)$/s, (m) => `情報の流れは比較していない（${m[1]}）`],
  [/^(\d+) witness(?:es)? not confirmed by the simulator \(an engine disagreement; please report it\)$/, (m) => `実例 ${m[1]} 件をシミュレータで確認できない（エンジン間の不一致。報告してください）`],
];

/** check-render.ts's lines, after their indentation. */
const CHECK_LINES: Rules = [
  [
    /^readdress check: (.+?) against (.+) renamed through plan (\S+) \(steps: (.*)\)$/s,
    (m) => `readdress check：${fileJa(m[1] as string)} を、計画 ${m[3]}（ステップ：${m[4]}）で名前を読み替えた ${m[2]} と比較`,
  ],
  [
    /^equal: (\d+) sources, every destination and every information-flow edge behave as the original renamed$/,
    (m) => `同等：送信元 ${m[1]} について、すべての宛先と情報の流れの辺が、名前を読み替えた元の構成と同じに振る舞う`,
  ],
  [
    /^(\d+) unexplained differences?, (\d+) expected by the plan \(re-designations and relocations\)(; --strict fails on these too)?$/,
    (m) => `説明のない差異 ${m[1]} 件、計画どおりの差異（指定替えと移設）${m[2]} 件${m[3] ? '。--strict ではこれも不合格' : ''}`,
  ],
  [
    /^not compared \(addresses the plan does not map one-to-one\): original (.*); renumbered (.*)$/s,
    (m) => `比較対象外（計画が一対一に対応させないアドレス）：変更前 ${(m[1] as string).replace('(none)', '（なし）')}；変更後 ${(m[2] as string).replace('(none)', '（なし）')}`,
  ],
  [/^Unexplained differences:$/, () => '説明のない差異:'],
  [/^Expected by the plan:$/, () => '計画どおりの差異:'],
  [/^source (\S+) exists only in the (original|renumbered) version(?: \(expected: (.*)\))?$/s, (m) => `送信元 ${m[1]} は${versionJa(m[2] as string)}の版にだけある${expectedJa(m[3])}`],
  [/^(\S+) (no longer|newly) reaches (\S+)(?: \(expected: (.*)\))?$/s, (m) => `${m[1]} から ${m[3]} へ${m[2] === 'newly' ? '新たに届く' : '届かなくなった'}${expectedJa(m[4])}`],
  [
    /^(lost|new) flow edge (\S+) -> (\S+) \(([\w-]+), toward (\w+)(, reply)?\)(?: \(expected: (.*)\))?$/s,
    (m) => `情報の流れの辺 ${m[2]} -> ${m[3]} が${m[1] === 'lost' ? 'なくなった' : '新たにある'}（${channelJa(m[4] as string)}、${towardJa(m[5] as string)}${m[6] ? '、応答' : ''}）${expectedJa(m[7])}`,
  ],
  [/^(original|renumbered): +(.+?): not sent \((.*)\)$/s, (m) => `${sideJa(m[1] as string)}: ${m[2]}：送信されない（${m[3] === 'no sender' ? '送信元がない' : m[3]}）`],
  [
    /^(original|renumbered): +(.+?): ([\w-]+) at (\S+)(?: via (.*))?$/s,
    (m) => `${sideJa(m[1] as string)}: ${m[2]}：${m[4]} で${dispositionJa(m[3] as string)}${m[5] ? `、経由 ${pathJa(m[5] as string)}` : ''}`,
  ],
  [/^no rule decided(?: \((.*)\))?$/s, (m) => `判定したルールなし${m[1] ? `（${reasonJa(m[1] as string)}）` : ''}`],
  [/^\(no witness could be picked\)$/, () => '（実例を選べなかった）'],
  [/^\(the simulator does not confirm this difference: an engine disagreement; please report it\)$/, () => '（シミュレータはこの差異を確認しない：エンジン間の不一致。報告してください）'],
  [
    /^Flow log (.+): (\d+) rows replayed through the original and, renamed, through the renumbered network$/s,
    (m) => `通信ログ ${m[1]}：${m[2]} 行を変更前の構成で、名前を読み替えて変更後の構成で再生`,
  ],
  [/^(\d+) rows? without a sender in the (original|renumbered) version \(not replayed\): (.*)$/s, (m) => `${versionJa(m[2] as string)}の版で送信元のない行 ${m[1]}（再生していない）：${linesJa(m[3] as string)}`],
  [/^rows from or to re-designated segments or relocated nodes \(expected by the plan\): (\d+)$/, (m) => `指定替えしたセグメント・移設したノードとの間の行（計画どおり）：${m[1]}`],
  [/^note: (.*)$/s, (m) => `注記: ${rewrite(m[1] as string, PARTIAL)}`],
  [/^OK$/, () => '合格（OK）'],
  [/^FAIL$/, () => '不合格（FAIL）'],
];

/** A deciding-rule line of a witness (check-render.ts's decidingText): `description at node (file:line)`. */
const DECIDING_LINE = /^(.+) at (\S+)( \([^()]*:\d+\))?$/s;

function checkLineJa(line: string): string {
  const m = /^(\s*)(.*)$/s.exec(line) as RegExpExecArray;
  const [indent, body] = [m[1] as string, m[2] as string];
  const done = rewrite(body, CHECK_LINES);
  if (done !== body) return `${indent}${done}`;
  const compared = comparisonLineJa(line);
  if (compared !== line) return compared;
  // The witness's deciding rule (eight spaces in), and why an information-flow edge exists (six).
  const deciding = indent.length === 8 ? DECIDING_LINE.exec(body) : null;
  if (deciding) return `${indent}${deciding[2]}：${decidingJa(deciding[1] as string)}${deciding[3] ?? ''}`;
  return indent.length === 6 ? `${indent}${becauseJa(body)}` : line;
}

/** `readdress check`'s text in `lang`. */
export function localiseCheckText(text: string, lang: Lang): string {
  return lang === 'en' ? text : text.split('\n').map(checkLineJa).join('\n');
}

/** check's warning on stderr about bad rows of the flow log. */
export function badRowsSkipped(rows: number, lang: Lang): string {
  return lang === 'en' ? `${rows} bad row${rows === 1 ? '' : 's'} skipped: the check fails (exit 1).` : `不正な行 ${rows} 件を省いた：この検査は不合格（終了コード 1）。`;
}
