/**
 * Putting data and code inside <script> elements safely. The HTML parser ends a script at `</script`
 * and treats `<!--` specially whatever the JavaScript means, so neither may appear literally; U+2028 and
 * U+2029 are escaped as well (line terminators to older JavaScript parsers). Markup-sensitive characters
 * are written as JSON \u escapes, which JSON.parse reads back unchanged.
 */
import { createHash } from 'node:crypto';

const JSON_ESCAPES: Readonly<Record<string, string>> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

/** JSON text for a `<script type="application/json">` block: no `<`, `>`, `&`, U+2028 or U+2029 left. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => JSON_ESCAPES[c] as string);
}

/**
 * Script source (an inlined library) made safe to sit in a <script> element: `</script` and `<!--` are
 * split with a backslash, which leaves the meaning of strings, regular expressions and comments alone.
 */
export function scriptSafe(source: string): string {
  return source.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

/** The CSP source for one inline script or style: its SHA-256 in base64. */
export function cspHash(content: string): string {
  return `'sha256-${createHash('sha256').update(content, 'utf8').digest('base64')}'`;
}
