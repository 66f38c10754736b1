/**
 * vitest global setup: before the suite and after it (when every test worker has exited), removes the
 * namespaces of emulation runs whose process is gone — what a worker killed in the middle of a run left.
 * Live runs, this suite's or anyone else's, are never touched (src/emulate/registry.ts).
 */
import { removeStaleRuns } from '../../src/emulate/namespaces.js';
import { checkPrerequisites } from '../../src/emulate/prereqs.js';

async function sweep(when: string): Promise<void> {
  if (!checkPrerequisites().ok) return;
  const { removed, failed } = await removeStaleRuns();
  const count = removed.reduce((n, r) => n + r.namespaces.length, 0);
  if (count > 0) console.warn(`${when}: removed ${count} namespaces of ${removed.length} dead emulation run(s) (${removed.map((r) => r.prefix).join(', ')})`);
  if (failed.length > 0) console.warn(`${when}: could not remove ${failed.join(', ')}`);
}

export async function setup(): Promise<() => Promise<void>> {
  await sweep('before the tests');
  return () => sweep('after the tests');
}
