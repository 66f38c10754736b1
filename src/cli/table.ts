/**
 * Plain-text tables with aligned columns; cells are escaped (a newline in a value cannot break a row). Columns
 * are measured in terminal columns (display-width.ts): a Japanese heading or name takes two per character.
 */
import { escapeControl } from '../diagnostics/escape.js';
import { displayWidth, padEndDisplay } from '../diagnostics/display-width.js';

export function renderTable(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const cells = [header, ...rows].map((r) => r.map((c) => escapeControl(String(c))));
  const widths = header.map((_, i) => Math.max(...cells.map((r) => displayWidth(r[i] ?? ''))));
  const line = (r: readonly string[]) => r.map((c, i) => (i === r.length - 1 ? c : padEndDisplay(c, widths[i] ?? 0))).join('  ').trimEnd();
  return [line(cells[0] as string[]), line(widths.map((w) => '-'.repeat(w))), ...cells.slice(1).map(line)].join('\n');
}
