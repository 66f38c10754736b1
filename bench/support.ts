/** What every benchmark needs: the repository root (from source or from dist/) and medians. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder holding package.json, found upwards from this file, so benches run from bench/ and dist/bench/ alike. */
export function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('package.json not found above the bench folder');
    dir = up;
  }
  return dir;
}

/** Third-party data sets live beside the repository, never in it. */
export function datasetsDir(): string {
  return path.resolve(repoRoot(), '../shared/datasets');
}

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}
