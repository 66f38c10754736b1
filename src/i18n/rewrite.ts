/** Template rewriting, the mechanism of every Japanese report: the first pattern that matches a sentence gives its translation. */
export type Rules = readonly [RegExp, (m: RegExpExecArray) => string][];

/** The first template whose pattern matches the text, applied; the text as it is when none does. */
export function rewrite(text: string, rules: Rules): string {
  for (const [re, to] of rules) {
    const m = re.exec(text);
    if (m) return to(m);
  }
  return text;
}
