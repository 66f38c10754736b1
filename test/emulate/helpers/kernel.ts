/** Shared by the kernel tests: whether this machine can emulate, and the namespaces a run left behind. */
import { checkPrerequisites } from '../../../src/emulate/prereqs.js';
import { listNamespacesSync } from '../../../src/emulate/namespaces.js';

const prereqs = checkPrerequisites();
export const canEmulate = prereqs.ok;
export const skipReason = prereqs.ok ? '' : `kernel emulation tests skipped: ${prereqs.problems.join('; ')}`;
if (!canEmulate) console.warn(skipReason);

/**
 * A guard against a hung run, not a performance limit: emulation tests are sized by work, and a loaded
 * machine must not fail them. When it fires, vitest aborts the test's signal and the run tears down.
 */
export const EMULATION_TIMEOUT_MS = 20 * 60_000;

export function namespacesOf(prefix: string): string[] {
  return listNamespacesSync().filter((n) => n.startsWith(`${prefix}-`) || n.startsWith(`${prefix}.`));
}
