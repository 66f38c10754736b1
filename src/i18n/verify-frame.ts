/** The words around a verify report (statuses, labels, the verdict line) in each language. */
import type { ResultStatus } from '../verify/result.js';
import type { Lang } from './lang.js';

export interface VerifyFrame {
  readonly status: Readonly<Record<ResultStatus, string>>;
  readonly basis: string;
  readonly note: string;
  readonly exceptionsApplied: string;
  readonly violatingHeaders: string;
  readonly witness: string;
  /** A witness's sender (and the next hop it chose), after its header. */
  readonly from: (start: string, via: string | undefined) => string;
  /** A chain link: its number, its ends, its channel and why it exists. */
  readonly link: (n: number, from: string, channel: string, to: string, because: string) => string;
  readonly confirms: (at: string) => string;
  readonly notConfirmed: (at: string) => string;
  readonly head: (name: string, file: string, model: string | undefined, guideline: string | undefined) => string;
  readonly noScenario: (searched: string) => string;
  readonly scenario: (file: string, by: 'option' | 'file-name' | 'none' | undefined) => string;
  readonly exceptions: (today: string | undefined) => string;
  readonly exceptionStatus: Readonly<Record<'applied' | 'unused' | 'expired', string>>;
  readonly expiry: (expires: string | undefined, expired: boolean) => string;
  readonly appliedIn: (checks: string) => string;
  readonly justification: string;
  readonly partial: string;
  readonly verdict: (c: { pass: number; fail: number; na: number; nc: number; partial: boolean; none: boolean; ms: number }) => string;
}

const EN: VerifyFrame = {
  status: { pass: 'holds', fail: 'VIOLATED', 'not-applicable': 'not applicable', 'not-checkable': 'not checkable from the model' },
  basis: 'basis',
  note: 'note',
  exceptionsApplied: 'exceptions applied',
  violatingHeaders: 'violating headers',
  witness: 'witness',
  from: (start, via) => ` from ${start}${via ? ` via ${via} (the sender's choice of next hop)` : ''}`,
  link: (n, from, channel, to, because) => `step ${n}: ${from} —${channel}→ ${to}  (${because})`,
  confirms: (at) => `simulator confirms it reaches ${at}`,
  notConfirmed: (at) => `simulator does NOT confirm arrival at ${at}`,
  head: (name, file, model, guideline) => `Verifying ${name} (${file})${model ? `, model ${model}` : ', no model declared (no invariant pack)'}${guideline ? `, guideline ${guideline}` : ''}`,
  noScenario: (searched) => `No scenario: none given with --scenario, and none found by the topology file's name at ${searched}`,
  scenario: (file, by) => `Scenario ${file}${by === 'file-name' ? " (found by the topology file's name)" : by === 'option' ? ' (--scenario)' : ''}`,
  exceptions: (today) => `Exceptions${today ? ` (expiry judged on ${today})` : ''}:`,
  exceptionStatus: { applied: 'applied', unused: 'in force, exempted nothing', expired: 'EXPIRED, not applied' },
  expiry: (expires, expired) => (expires === undefined ? 'no expiry' : expired ? `expired on ${expires}` : `expires ${expires}`),
  appliedIn: (checks) => ` in ${checks}`,
  justification: 'justification',
  partial: 'PARTIAL MODEL — nothing here is proven about the devices:',
  verdict: (c) =>
    `${c.fail > 0 ? `${c.fail} violated` : c.partial ? 'Not proven (partial model)' : c.none ? 'Nothing checked (no model declared and no scenario properties)' : c.pass === 0 && c.nc === 0 ? 'Nothing checked (no check of the pack applies to this topology)' : 'All checked properties hold'}: ` +
    `${c.pass} hold, ${c.fail} violated, ${c.na} not applicable, ${c.nc} not checkable — ${c.ms.toFixed(0)} ms`,
};

const JA: VerifyFrame = {
  status: { pass: '成立', fail: '違反', 'not-applicable': '対象外', 'not-checkable': 'モデルからは検査できない' },
  basis: '根拠',
  note: '注記',
  exceptionsApplied: '適用した例外',
  violatingHeaders: '違反するヘッダ',
  witness: '実例',
  from: (start, via) => `（送信元 ${start}${via ? `、次ホップ ${via}（送信元が選んだ次ホップ）` : ''}）`,
  link: (n, from, channel, to, because) => `段 ${n}: ${from} —${channel}→ ${to}（${because}）`,
  confirms: (at) => `シミュレータで ${at} への到達を確認`,
  notConfirmed: (at) => `シミュレータでは ${at} への到達を確認できない`,
  head: (name, file, model, guideline) => `検証：${name}（${file}）${model ? `、モデル ${model}` : '、モデル未宣言（不変条件の一式なし）'}${guideline ? `、ガイドライン ${guideline}` : ''}`,
  noScenario: (searched) => `シナリオなし：--scenario の指定がなく、トポロジのファイル名からも見つからない（探した場所：${searched}）`,
  scenario: (file, by) => `シナリオ ${file}${by === 'file-name' ? '（トポロジのファイル名から）' : by === 'option' ? '（--scenario）' : ''}`,
  exceptions: (today) => `例外${today ? `（期限は ${today} 時点で判定）` : ''}：`,
  exceptionStatus: { applied: '適用', unused: '有効だが除外したものなし', expired: '期限切れ、適用せず' },
  expiry: (expires, expired) => (expires === undefined ? '期限なし' : expired ? `${expires} に期限切れ` : `期限 ${expires}`),
  appliedIn: (checks) => `（${checks}）`,
  justification: '理由',
  partial: '部分的なモデル — 機器について何も証明していない：',
  verdict: (c) =>
    `${c.fail > 0 ? `${c.fail} 件の違反` : c.partial ? '証明できない（部分的なモデル）' : c.none ? '検査なし（モデル未宣言、シナリオの性質なし）' : c.pass === 0 && c.nc === 0 ? '検査なし（このトポロジに当てはまる検査がない）' : '検査したすべての性質が成立'}：` +
    `成立 ${c.pass}、違反 ${c.fail}、対象外 ${c.na}、検査不能 ${c.nc} — ${c.ms.toFixed(0)} ms`,
};

export const VERIFY_FRAME: Readonly<Record<Lang, VerifyFrame>> = { en: EN, ja: JA };
