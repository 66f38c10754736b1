/**
 * The language of reports and CLI summaries: `--lang` wins, then SEGPROOF_LANG, then English. Diagnostics keep
 * their codes in every language, so both are searchable by code.
 */
export const LANGS = ['en', 'ja'] as const;
export type Lang = (typeof LANGS)[number];

export function isLang(value: string): value is Lang {
  return (LANGS as readonly string[]).includes(value);
}

/** The language asked for, or the text that is not one (for the caller's CLI001). */
export function chooseLang(option: string | undefined, env: NodeJS.ProcessEnv = process.env): { lang: Lang } | { bad: string; from: '--lang' | 'SEGPROOF_LANG' } {
  if (option !== undefined) return isLang(option) ? { lang: option } : { bad: option, from: '--lang' };
  const fromEnv = env.SEGPROOF_LANG?.trim();
  if (fromEnv) return isLang(fromEnv) ? { lang: fromEnv } : { bad: fromEnv, from: 'SEGPROOF_LANG' };
  return { lang: 'en' };
}
