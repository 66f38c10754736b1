/** Where the third-party data sets live (beside the repository, never inside it). */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const DATASETS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..', '../shared/datasets');

/** The folder, or undefined (with a message saying what is skipped) when it is absent. */
export function datasetFolder(name: string): string | undefined {
  const dir = path.join(DATASETS_DIR, name);
  if (existsSync(dir)) return dir;
  console.warn(`skipping: data set folder ${dir} is absent`);
  return undefined;
}
