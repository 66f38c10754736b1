/**
 * The CLI's diagnostic frame in each language: `file:line:col: エラー CODE: message` with its 期待 / ヒント / 注記
 * lines and the count at the end. Codes, locations and the messages themselves stay as they are, so a
 * diagnostic is searched for by its code in either language.
 */
import { ENGLISH_DIAGNOSTIC_WORDS, type DiagnosticWords } from '../diagnostics/diagnostic.js';
import type { Lang } from './lang.js';

export const DIAGNOSTIC_WORDS: Readonly<Record<Lang, DiagnosticWords>> = {
  en: ENGLISH_DIAGNOSTIC_WORDS,
  ja: { severity: { error: 'エラー', warning: '警告' }, expected: '期待', hint: 'ヒント', note: '注記' },
};

/** The line after the diagnostics: how many problems were found. */
export function problemsFound(n: number, lang: Lang): string {
  return lang === 'ja' ? `問題 ${n} 件。` : `${n} problem${n === 1 ? '' : 's'} found.`;
}
