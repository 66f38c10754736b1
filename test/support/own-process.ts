/**
 * segproof's code in a process of its own, for tests of what only a process shows (its stdout pipe,
 * signals, process.exit). `npm test` builds dist/ first, so such a process runs the compiled JS, which
 * starts in a fraction of the time tsx takes to compile the sources. When any source file is newer than
 * its compiled twin (a test run straight after an edit, without a build), it runs the sources through tsx
 * instead, so a test never exercises stale code.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export const repoRoot = path.resolve(import.meta.dirname, '../..');

let compiledCurrent: boolean | undefined;

/** Whether every file under src/ has a compiled twin under dist/src/ at least as new as itself. */
export function compiledIsCurrent(): boolean {
  compiledCurrent ??= readdirSync(path.join(repoRoot, 'src'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .every((f) => {
      try {
        return statSync(path.join(repoRoot, 'dist/src', f.replace(/\.ts$/, '.js'))).mtimeMs >= statSync(path.join(repoRoot, 'src', f)).mtimeMs;
      } catch {
        return false;
      }
    });
  return compiledCurrent;
}

/** Node's options and the folder holding segproof's modules (`<folder>/cli/main.js` and so on). */
export function segproofModules(): { readonly nodeOptions: string[]; readonly folder: string } {
  return compiledIsCurrent()
    ? { nodeOptions: [], folder: path.join(repoRoot, 'dist/src') }
    : { nodeOptions: ['--import', 'tsx'], folder: path.join(repoRoot, 'src') };
}

/** Arguments for `spawn(process.execPath, …)` that run the segproof CLI with `args`. */
export function cliProcessArgs(args: readonly string[]): string[] {
  return compiledIsCurrent()
    ? [path.join(repoRoot, 'bin/segproof.js'), ...args]
    : ['--import', 'tsx', path.join(repoRoot, 'test/hardening/helpers/cli-process.ts'), ...args];
}
