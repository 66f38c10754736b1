/** The import formats, by the name `segproof import <format>` takes. */
import { IMPORTERS } from './formats/index.js';
import type { Importer } from './types.js';

export function importerFor(format: string): Importer | undefined {
  return IMPORTERS.find((i) => i.format === format);
}

export function importFormats(): string[] {
  return IMPORTERS.map((i) => i.format);
}
