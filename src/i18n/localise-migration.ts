/**
 * A migration report in Japanese: every state's verification as localiseVerifyReport writes it, the T checks'
 * and the business-flow check's titles, the sentences and notes the T checks write, the run's notes and why
 * a half-applied state is held to its model. State names, node names,
 * prefixes and file:line stay as they are; a sentence no template knows stays English.
 */
import type { MigrationReport } from '../migrate/model.js';
import type { CheckResult } from '../verify/result.js';
import type { Lang } from './lang.js';
import { inventoryJa, localiseCheckResult, localiseVerifyReport, rewrite } from './localise-report.js';
import { MIGRATE_FRAME } from './migrate-frame.js';
import { traceLineJa } from './trace-ja.js';

/** How a host comes to be INET (redesignated.ts). */
const howJa = (how: string): string =>
  how
    .split('; ')
    .map((part) =>
      rewrite(part, [
        [/^its segment (\S+) is re-designated ?(\S*)$/, (m) => `セグメント ${m[1]} が ${m[2] || '別のゾーン'} に指定替えされる`],
        [/^it moves to (.+) \(zone (\S+)\)$/s, (m) => `${m[1]}（ゾーン ${m[2]}）へ移る`],
        [/^it was (\S+)$/, (m) => `以前は ${m[1]}`],
      ]),
    )
    .join('。');

const T_SENTENCES: readonly [RegExp, (m: RegExpExecArray) => string][] = [
  [/^(\S+) becomes INET at (\S+) \((.*)\) but its inventory there has (.*)\.$/s, (m) => `${m[1]} は ${m[2]} でインターネット接続系（INET）になる（${howJa(m[3] as string)}）が、そこでの資産情報は ${inventoryJa(m[4] as string)}。`],
  [/^(\S+) becomes INET at (\S+), but in (\S+) its inventory has (.*)\.$/s, (m) => `${m[1]} は ${m[2]} でインターネット接続系（INET）になるが、${m[3]} での資産情報は ${inventoryJa(m[4] as string)}。`],
  [/^(\S+) is INET in (\S+) and its inventory says holdsResidentData: true\.$/, (m) => `${m[1]} は ${m[2]} でインターネット接続系（INET）だが、資産情報に holdsResidentData: true（住民情報を保存）とある。`],
  [/^In (.+?), segment (\S+) \((.*?)\) overlaps segment (\S+) \((.*?)\)\.$/s, (m) => `${m[1]} で、セグメント ${m[2]}（${m[3]}）がセグメント ${m[4]}（${m[5]}）と重なる。`],
  [/^In (.+?), segments (\S+) and (\S+) share VLAN (.*)\.$/s, (m) => `${m[1]} で、セグメント ${m[2]} と ${m[3]} が VLAN ${m[4]} を共有する。`],
  [/^In (.+?), host (\S+) carries two zone labels: (.*)\.$/s, (m) => `${m[1]} で、ホスト ${m[2]} が二つのゾーン区分を持つ：${m[3]}。`],
  [/^In (.+?), (\S+) is held by both (.+) and (.+)\.$/s, (m) => `${m[1]} で、${m[2]} を ${m[3]} と ${m[4]} の両方が持つ。`],
  [/^MN configuration changes between (\S+) and (\S+): (.*)\.$/s, (m) => `マイナンバー利用事務系（MN）の構成が ${m[1]} と ${m[2]} の間で変わる：${m[3]}。`],
  [/^In (\S+), (\S+) \((\S+)\) is still an endpoint in decommissioned (.+)\.$/s, (m) => `${m[1]} で、${m[2]}（${m[3]}）が廃止した ${m[4]} にまだ残っている。`],
  [/^In (\S+), (.+) refers to decommissioned (.+)\.$/s, (m) => `${m[1]} で、${m[2]} が廃止した ${m[3]} を参照している。`],
  [
    /^business flow (\S+) \((.*)\) works in (\S+) and fails in (.+?)(: no node there holds its source address)?\.$/s,
    (m) => `業務の通信 ${m[1]}（${m[2]}）が ${m[3]} では動き、${m[4]} では動かない${m[5] ? '：そこには送信元アドレスを持つノードがない' : ''}。`,
  ],
];

/** The notes of the T checks, of the business-flow check and of the run, and why a half-applied state has its model. */
const T_NOTES: readonly [RegExp, (m: RegExpExecArray) => string][] = [
  [/^no host becomes INET at any step$/, () => 'インターネット接続系（INET）になるホストはどのステップにもない'],
  [/^(\d+) host\(s\) become INET: (.*)$/s, (m) => `インターネット接続系（INET）になるホスト ${m[1]}：${(m[2] as string).replace(/(\S+) at ([^,\s]+)/g, '$1（$2）')}`],
  [/^(\d+) re-designated host\(s\) checked in the step before; (\d+) INET host definition\(s\) across (\d+) steps$/, (m) => `移設するホスト ${m[1]} を前のステップで検査、${m[3]} ステップにわたるインターネット接続系のホスト定義 ${m[2]}`],
  [/^(\d+) segments, (\d+) interfaces, (\d+) hosts$/, (m) => `セグメント ${m[1]}、インタフェース ${m[2]}、ホスト ${m[3]}`],
  [/^no MN configuration in (\S+)$/, (m) => `${m[1]} にマイナンバー利用事務系の構成はない`],
  [/^(\d+) MN configuration elements compared across (\d+) steps$/, (m) => `マイナンバー利用事務系の構成要素 ${m[1]} を ${m[2]} ステップにわたって比較`],
  [/^no segment is decommissioned$/, () => '廃止するセグメントはない'],
  [/^decommissioned: (.*)$/s, (m) => `廃止：${m[1]}`],
  [/^no business flow: the scenarios have no reachable properties and no --flows log was given$/, () => '業務の通信なし：シナリオに reachable の性質がなく、--flows も指定されていない'],
  [/^(\d+) flow\(s\) carried from one step to the next with the address mapping of plan (.+)$/s, (m) => `${m[1]} 件の通信を、計画 ${m[2]} のアドレス対応で次のステップへ引き継いだ`],
  [/^(\d+) flow\(s\) carried from one step to the next without an address mapping \(no --plan\)$/, (m) => `${m[1]} 件の通信を、アドレス対応なし（--plan なし）で次のステップへ引き継いだ`],
  [/^into (\S+): (.*) changes? after the listed order \(not in it\)$/s, (m) => `${m[1]} への切替：${m[2]} は指定の順序の後に切り替わる（順序に含まれない）`],
  [/^(.+): the exceptions of (\S+)'s scenario do not resolve here, so none are applied$/s, (m) => `${m[1]}：${m[2]} のシナリオの例外がここでは解決できないため、例外を適用しない`],
  [/^neither step declares a model: no pack applied$/, () => 'どちらのステップもモデルを宣言していない：不変条件の一式は適用しない'],
  [/^(\S+) \(the model of both steps\)$/, (m) => `${m[1]}（両ステップのモデル）`],
  [/^(\S+) \(the model of (\S+)\)$/, (m) => `${m[1]}（${m[2]} のモデル）`],
  [/^(\S+) \(the stricter of (\S+) in (\S+) and (\S+) in (\S+); on a tie the later step's\)$/, (m) => `${m[1]}（${m[3]} の ${m[2]} と ${m[5]} の ${m[4]} のうち厳しい方。同等なら後のステップ）`],
];

/** A half-applied state's name (`a → b, 4 of 13 changed (last: hp-cms)`) in Japanese, wherever it occurs. */
export const halfAppliedJa = (text: string): string => text.replace(/, (\d+) of (\d+) changed \(last: ([^)]*)\)/g, '、$2 件中 $1 件を切替済み（最後：$3）');

const tSentenceJa = (text: string) => halfAppliedJa(rewrite(text, T_SENTENCES));
const tNoteJa = (text: string) => halfAppliedJa(rewrite(text, T_NOTES));

function migrationCheckJa(r: CheckResult): CheckResult {
  const localised = localiseCheckResult(r, 'ja');
  return {
    ...localised,
    title: r.id === 'flows' ? MIGRATE_FRAME.ja.flowsTitle : localised.title,
    notes: localised.notes.map(tNoteJa),
    violations: localised.violations.map((v) => ({ ...v, summary: tSentenceJa(v.summary), details: v.details?.map((d) => (r.id === 'flows' ? traceLineJa(d) : halfAppliedJa(d))) })),
  };
}

/** The report in `lang` (English reports are returned as they are). */
export function localiseMigrationReport(report: MigrationReport, lang: Lang): MigrationReport {
  if (lang === 'en') return report;
  return {
    ...report,
    states: report.states.map((s) => ({
      ...s,
      name: halfAppliedJa(s.name),
      verify: localiseVerifyReport(s.verify, lang),
      temporal: s.temporal.map(migrationCheckJa),
      modelChoice: s.modelChoice === undefined ? undefined : tNoteJa(s.modelChoice),
    })),
    sequence: report.sequence.map(migrationCheckJa),
    notes: report.notes.map(tNoteJa),
  };
}
