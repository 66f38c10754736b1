/**
 * `segproof replay`'s text in Japanese, line by line by template: the summary, the disposition counts, the
 * zone × zone table, the rule hits, the flows that break expectations and the warnings about rows that were
 * not replayed. Disposition names, zone and rule names, flows and file:line stay as they are.
 */
import type { Lang } from './lang.js';
import { rewrite, type Rules } from './rewrite.js';
import { DISPOSITION_JA } from './trace-ja.js';

const dispositionJa = (d: string): string => {
  const ja = (DISPOSITION_JA as Record<string, { name: string } | undefined>)[d]?.name;
  return ja === undefined ? d : `${ja}（${d}）`;
};

/** A flow's fate in one version (baseline.ts's fateText): disposition, where, by which rule, file:line. */
const fateJa = (text: string): string =>
  rewrite(text, [
    [/^not sent \(no sender in this version\)$/, () => '送信されない（この版に送信元がない）'],
    [/^([\w-]+)(?: at (\S+))?(?: by (\S+))?( \(.+\))?$/s, (m) => `${m[2] ? `${m[2]} で` : ''}${dispositionJa(m[1] as string)}${m[3] ? `、${m[3]}` : ''}${m[4] ?? ''}`],
  ]);

/**
 * The comparison of two replays of the same flows (replay --baseline, readdress check --flows; baseline.ts's
 * renderComparison), after the lines' indentation. Zone names, dispositions, flows and file:line stay.
 */
export const COMPARISON_LINES: Rules = [
  [/^no flow changed fate \((\d+) flow rows compared\)$/, (m) => `結末の変わった通信はない（比較した行 ${m[1]}）`],
  [
    /^(\d+) of (\d+) flow rows \((\d+) flows\) changed fate: (\d+) newly reached, (\d+) no longer reached, (\d+) otherwise$/,
    (m) => `${m[2]} 行のうち ${m[1]} 行（通信 ${m[3]} 件）の結末が変わった：新たに到達 ${m[4]}、到達しなくなった ${m[5]}、その他 ${m[6]}`,
  ],
  [/^(\S+) -> (\S+): (\d+) rows? \((\d+) flows\); (\d+) newly reached, (\d+) no longer reached$/, (m) => `${m[1]} -> ${m[2]}：${m[3]} 行（通信 ${m[4]} 件）。新たに到達 ${m[5]}、到達しなくなった ${m[6]}`],
  [/^before: (.*)$/s, (m) => `変更前: ${fateJa(m[1] as string)}`],
  [/^after: {2}(.*)$/s, (m) => `変更後: ${fateJa(m[1] as string)}`],
  [/^\((\d+) more not shown; --json lists the same examples, --out every flow\)$/, (m) => `（ほか ${m[1]} 件は省略。--json は同じ例を、--out はすべての通信を出力する）`],
];

/** An example flow of a zone pair (indented four or more: replay's own `  #N` lines are not examples). */
const EXAMPLE: Rules = [
  [
    /^(?:line (\d+)|#(\d+)) (.+?)( from \S+)?( \(after: (.+)\))?$/s,
    (m) => `${m[1] !== undefined ? `${m[1]} 行目` : `#${m[2]}`} ${m[3]}${m[4] ? `（開始点 ${(m[4] as string).slice(6)}）` : ''}${m[5] ? `（変更後のアドレス：${m[6]}）` : ''}`,
  ],
];

/** One line of a replay comparison in Japanese, its indentation kept (else as it is). */
export function comparisonLineJa(line: string): string {
  const m = /^(\s*)(.*)$/s.exec(line) as RegExpExecArray;
  const indent = m[1] as string;
  return `${indent}${rewrite(m[2] as string, indent.length >= 4 ? [...EXAMPLE, ...COMPARISON_LINES] : COMPARISON_LINES)}`;
}

const LINES: Rules = [
  [/^replayed (\d+) flow rows \((\d+) flows\) on (\d+) workers?$/, (m) => `${m[1]} 行（通信 ${m[2]} 件）をワーカー ${m[3]} 個で再生した`],
  [/^(.+): replayed (\d+) flow rows \((\d+) flows\): (.*)$/s, (m) => `${m[1]}：${m[2]} 行（通信 ${m[3]} 件）を再生：${m[4] === 'nothing' ? 'なし' : m[4]}`],
  [/^dispositions:$/, () => '結末（disposition）:'],
  [/^zone × zone \(reached \/ total\):$/, () => 'ゾーン × ゾーン（到達 / 全体）:'],
  [
    /^rule hits \((\d+) rules? on (\d+) nodes?, (\d+) never hit(; the (\d+) most hit per node, --all-rules lists every rule)?\):$/,
    (m) => `ルールの一致数（ノード ${m[2]} 個のルール ${m[1]} 件、一度も一致しないもの ${m[3]} 件${m[4] ? `。ノードごとに一致の多い ${m[5]} 件、--all-rules ですべて` : ''}）:`,
  ],
  [/^ {2}(\S+): (\d+) hits? on (\d+) rules?$/, (m) => `  ${m[1]}：ルール ${m[3]} 件で一致 ${m[2]} 回`],
  [/^( +)… (\d+) more rules?: (\d+) hits?, (\d+) never hit$/, (m) => `${m[1]}… ほかのルール ${m[2]} 件：一致 ${m[3]} 回、一度も一致しないもの ${m[4]} 件`],
  [/^(.*)  NEVER HIT(.*)$/s, (m) => `${m[1]}  一度も一致しない${m[2]}`],
  [/^(\d+) flow\(s\) break expectations( \(first (\d+) shown\))?:$/, (m) => `期待に反する通信 ${m[1]} 件${m[2] ? `（最初の ${m[3]} 件を表示）` : ''}:`],
  [/^no flow breaks an expectation$/, () => '期待に反する通信はない'],
  [/^PARTIAL INPUT: (\d+) of (\S+) flow rows were bad and not replayed; the counts below leave them out\.$/, (m) => `部分的な入力：${m[2]} 行のうち ${m[1]} 行が不正で再生していない。以下の件数には含まない。`],
  [/^NOTHING REPLAYED( \(.*\))?: no flow could be replayed, so nothing below is evidence of anything\.$/s, (m) => `再生なし${m[1] ? `（${(m[1] as string).slice(2, -1)}）` : ''}：再生できた通信がなく、以下は何の証拠にもならない。`],
  [/^INCOMPLETE( \(.*?\))?: (\d+) flows in (\d+) chunk\(s\) could not be replayed; the counts below leave them out\.$/s, (m) => `不完全${m[1] ? `（${(m[1] as string).slice(2, -1)}）` : ''}：${m[3]} 個のチャンクの通信 ${m[2]} 件を再生できなかった。以下の件数には含まない。`],
  [
    /^UNOWNED SOURCES( \(.*?\))?: (\d+) flow rows? \((\d+) flows\) have no sender in this topology and were not replayed; the counts below leave them out\.$/s,
    (m) => `送信元のない行${m[1] ? `（${(m[1] as string).slice(2, -1)}）` : ''}：${m[2]} 行（通信 ${m[3]} 件）はこのトポロジに送信元がなく再生していない。以下の件数には含まない。`,
  ],
  [/^(\s+(?:line \d+|#\d+): .+): no node owns the source address (\S+) and the row names no start$/s, (m) => `${m[1]}：送信元アドレス ${m[2]} を持つノードがなく、行に start の指定もない`],
  [/^ {2}\((\d+) more not shown\)$/, (m) => `  （ほか ${m[1]} 件は省略）`],
  [/^ {2}hint: add the sender to the topology, or name a start \(node, node\.interface\) in the row's start column$/, () => '  ヒント: 送信元をトポロジに加えるか、行の start 列に開始点（node、node.interface）を書く'],
  [/^(\d+) flow rows? without a sender skipped: allowed by --allow-unowned-sources\.$/, (m) => `送信元のない ${m[1]} 行を省いた：--allow-unowned-sources により許容`],
  [/^(\d+) flow rows? without a sender: the run fails \(exit 1\); --allow-unowned-sources accepts them\.$/, (m) => `送信元のない行 ${m[1]} 件：この実行は失敗（終了コード 1）。--allow-unowned-sources で許容できる`],
];

/** Replay's text output in `lang`. */
export function localiseReplayText(text: string, lang: Lang): string {
  return lang === 'en' ? text : text.split('\n').map((l) => rewrite(l, LINES)).map((l) => comparisonLineJa(l)).join('\n');
}
