/**
 * One parsed input file with a position map: any path into the data (keys and indices) can be
 * turned back into file:line:column, so diagnostics point at what the user wrote.
 */
import type { SourceLocation } from '../diagnostics/diagnostic.js';
import type { DataPath } from './yaml-positions.js';

export type { DataPath };

export interface SourceFile {
  readonly file: string;
  readonly data: unknown;
  /** Files that included this one, outermost first (empty for the main file). */
  readonly includedFrom: readonly SourceLocation[];
  /** Location of the key (or, for sequence items, the item) at `path`; falls back to the nearest ancestor. */
  readonly locateKey: (path: DataPath) => SourceLocation;
  /** Location of the value at `path`; falls back to the nearest ancestor. */
  readonly locateValue: (path: DataPath) => SourceLocation;
}

/** `include` chain as notes, innermost last. */
export function includeNotes(includedFrom: readonly SourceLocation[]): string[] {
  return includedFrom.map((loc) => `included from ${loc.file}:${loc.line}:${loc.column}`).reverse();
}
