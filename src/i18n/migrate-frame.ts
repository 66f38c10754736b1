/** The words around a migration report (its text and its HTML page) in each language; check IDs and codes stay as they are. */
import type { Lang } from './lang.js';

export interface MigrateFrame {
  readonly head: (steps: string, plan: string | undefined, stepCount: number, halves: number) => string;
  readonly step: string;
  readonly halfApplied: string;
  readonly noModel: string;
  readonly scenario: (file: string) => string;
  readonly rfOf: (choice: string) => string;
  readonly counts: (held: number, failed: readonly string[]) => string;
  readonly changedSoFar: string;
  readonly flowsDown: (n: number) => string;
  readonly overMigration: string;
  readonly note: string;
  readonly notBuilt: string;
  readonly holds: (ms: number) => string;
  readonly doesNotHold: (parts: readonly string[], ms: number) => string;
  readonly firstFailing: (name: string) => string;
  readonly violatedOver: (ids: readonly string[]) => string;
  readonly stopped: (n: number) => string;
  /** The business-flow check's title (the T checks' come from CHECK_TITLES_JA). */
  readonly flowsTitle: string;
  /** The HTML page: its verdict, a half-applied state's model, one check's line. */
  readonly pageHolds: string;
  readonly pageDoesNotHold: (parts: readonly string[]) => string;
  readonly modelChoice: (why: string) => string;
  readonly checkLine: (id: string, status: string, violations: number) => string;
}

const EN: MigrateFrame = {
  head: (steps, plan, n, halves) => `Migrating ${steps}${plan ? ` with plan ${plan}` : ''}: ${n} steps, ${halves} half-applied cut-over states`,
  step: 'step',
  halfApplied: 'half-applied',
  noModel: 'no model',
  scenario: (file) => `, scenario ${file}`,
  rfOf: (choice) => `R/F of ${choice}`,
  counts: (held, failed) => `${held} hold, ${failed.length} violated${failed.length ? ` (${failed.join(', ')})` : ''}`,
  changedSoFar: 'changed so far, in order',
  flowsDown: (n) => `business flows down in this state: ${n}`,
  overMigration: 'Over the whole migration:',
  note: 'note',
  notBuilt: 'Not every state could be built:',
  holds: (ms) => `The migration holds in every state — ${ms.toFixed(0)} ms`,
  doesNotHold: (parts, ms) => `The migration does NOT hold — ${parts.join('; ')} — ${ms.toFixed(0)} ms`,
  firstFailing: (name) => `first failing state: ${name}`,
  violatedOver: (ids) => `violated over the migration: ${ids.join(', ')}`,
  stopped: (n) => `${n} cut-over order(s) stop at a state that cannot be built (the states after it are not checked)`,
  flowsTitle: "business flows that work in a step still work in the next (through the plan's address mapping)",
  pageHolds: 'the migration holds in every state',
  pageDoesNotHold: (parts) => `the migration does NOT hold — ${parts.join('; ')}`,
  modelChoice: (why) => `checked with the R/F views of ${why}`,
  checkLine: (id, status, n) => `${id}: ${status}${n ? ` (${n} violation${n === 1 ? '' : 's'})` : ''}`,
};

const JA: MigrateFrame = {
  head: (steps, plan, n, halves) => `移行の検証：${steps}${plan ? `（計画 ${plan}）` : ''}：ステップ ${n}、切替途中の状態 ${halves}`,
  step: 'ステップ',
  halfApplied: '切替途中',
  noModel: 'モデルなし',
  scenario: (file) => `、シナリオ ${file}`,
  rfOf: (choice) => `${choice} のR/F`,
  counts: (held, failed) => `成立 ${held}、違反 ${failed.length}${failed.length ? `（${failed.join(', ')}）` : ''}`,
  changedSoFar: 'ここまでに切り替えたもの（順に）',
  flowsDown: (n) => `この状態で止まる業務の通信：${n}`,
  overMigration: '移行全体について：',
  note: '注記',
  notBuilt: '組み立てられない状態がある：',
  holds: (ms) => `移行はすべての状態で成立 — ${ms.toFixed(0)} ms`,
  doesNotHold: (parts, ms) => `移行は成立しない — ${parts.join('；')} — ${ms.toFixed(0)} ms`,
  firstFailing: (name) => `最初に成立しない状態：${name}`,
  violatedOver: (ids) => `移行全体での違反：${ids.join(', ')}`,
  stopped: (n) => `${n} 件の切替順序が組み立てられない状態で止まる（その後の状態は検査していない）`,
  flowsTitle: 'あるステップで動く業務の通信は、次のステップでも動く（計画のアドレス対応を通して）',
  pageHolds: '移行はすべての状態で成立',
  pageDoesNotHold: (parts) => `移行は成立しない — ${parts.join('；')}`,
  modelChoice: (why) => `${why} のR/Fの観点で検査`,
  checkLine: (id, status, n) => `${id}：${status}${n ? `（違反 ${n} 件）` : ''}`,
};

export const MIGRATE_FRAME: Readonly<Record<Lang, MigrateFrame>> = { en: EN, ja: JA };
