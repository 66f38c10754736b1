/**
 * Terminal safety. Names, paths and values come from files and command lines; printed raw, an ESC
 * sequence could recolour or rewrite the terminal, a CR or newline could forge a line of output.
 * These functions are applied where text leaves segproof (diagnostic rendering, text reports, stdout and
 * stderr, comments in emitted files), not where data is read. Backslashes are left alone, so escaping
 * twice gives the same text as escaping once.
 */

/** C0 controls, DEL, C1 controls, and the invisible characters that reorder or break lines (bidi overrides, U+2028/9). */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
/** The same, except newline and tab: for whole blocks of output whose lines are meant. */
const UNSAFE_IN_BLOCK = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeOne(c: string): string {
  const named = NAMED[c];
  if (named) return named;
  const code = c.charCodeAt(0);
  // \uXXXX from DEL upwards keeps JSON text valid when a whole JSON document passes through escapeBlock.
  return code < 0x7f ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** One value (a name, a path, a message): every control character becomes a visible escape (`\n`, `\x1b`, `\u009b`). */
export function escapeControl(text: string): string {
  return text.replace(UNSAFE, escapeOne);
}

/** A block of output: like escapeControl, but newlines and tabs stay. JSON text stays valid JSON with the same meaning. */
export function escapeBlock(text: string): string {
  return text.replace(UNSAFE_IN_BLOCK, escapeOne);
}

/** A short, escaped excerpt of a value read from a file: at most `max` characters, then "…". */
export function excerpt(text: string, max = 40): string {
  if (text.length <= max) return escapeControl(text);
  const chars = Array.from(text.slice(0, 2 * max + 2)); // code points; never walks a huge value
  return escapeControl(chars.length > max ? `${chars.slice(0, max).join('')}…` : text);
}
