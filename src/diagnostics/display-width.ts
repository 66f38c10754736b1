/**
 * How many terminal columns a text takes: wide and full-width characters (East Asian Width W and F) take two,
 * every other code point one. The ranges are those that matter for Japanese text (CJK ideographs, kana,
 * CJK symbols and punctuation, full-width forms) plus Hangul syllables and the common emoji blocks; ambiguous
 * characters (→, …, —) count one, as terminals set to a Western locale show them. Half-width katakana
 * (U+FF61–U+FF9F) is narrow. An ASCII text's width is its length, so English tables align as they always did.
 */
const WIDE: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f], // Hangul Jamo initials
  [0x2e80, 0x303e], // CJK radicals, Kangxi radicals, CJK symbols and punctuation (U+303F is narrow)
  [0x3041, 0x33ff], // Hiragana, Katakana, Bopomofo, Hangul compatibility Jamo, Kanbun, CJK strokes, enclosed CJK, CJK compatibility
  [0x3400, 0x4dbf], // CJK extension A
  [0x4e00, 0x9fff], // CJK unified ideographs
  [0xa000, 0xa4cf], // Yi
  [0xac00, 0xd7a3], // Hangul syllables
  [0xf900, 0xfaff], // CJK compatibility ideographs
  [0xfe30, 0xfe4f], // CJK compatibility forms
  [0xff00, 0xff60], // full-width ASCII and punctuation
  [0xffe0, 0xffe6], // full-width signs (￠ ￡ ￥ …)
  [0x1f300, 0x1f64f], // pictographs and emoticons
  [0x1f900, 0x1f9ff], // supplemental pictographs
  [0x20000, 0x2fffd], // CJK extensions B–F, compatibility supplement
  [0x30000, 0x3fffd], // CJK extension G and beyond
];

/** Whether a code point takes two columns. */
export function isWide(codePoint: number): boolean {
  if (codePoint < 0x1100) return false;
  for (const [first, last] of WIDE) {
    if (codePoint < first) return false;
    if (codePoint <= last) return true;
  }
  return false;
}

/** Columns the text takes: two per wide code point, one per other code point. */
export function displayWidth(text: string): number {
  let width = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x1100) {
      width++;
      continue;
    }
    const cp = text.codePointAt(i) as number;
    if (cp > 0xffff) i++; // the surrogate pair's second half
    width += isWide(cp) ? 2 : 1;
  }
  return width;
}

/** The text padded with spaces on the right to `width` columns (as String.padEnd, by columns). */
export function padEndDisplay(text: string, width: number): string {
  const w = displayWidth(text);
  return w >= width ? text : text + ' '.repeat(width - w);
}
