import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const source = (file: string) => fileURLToPath(new URL(file, import.meta.url));

export default defineConfig({
  // The example projects import segproof by its package name: resolved to this repository's source, so
  // their tests run from a fresh clone, unbuilt and unpublished.
  resolve: {
    alias: [
      { find: /^segproof$/, replacement: source('./src/index.ts') },
      { find: /^segproof\/testing$/, replacement: source('./src/testing/index.ts') },
      { find: /^segproof\/testing\/vitest$/, replacement: source('./src/testing/vitest.ts') },
      { find: /^segproof\/testing\/arbitraries$/, replacement: source('./src/testing/arbitraries.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts', 'examples/**/*.test.ts'],
    globalSetup: ['test/support/emulation-debris.ts'],
    // Two workers even on two cores: the kernel-emulation files mostly wait on the kernel and child
    // processes, so they overlap well with the CPU-bound property tests (vitest's default is cores - 1).
    maxWorkers: 2,
    // Test files share their worker's module cache: importing segproof afresh for each of ~140 files cost
    // about as much CPU as a third of the tests themselves. Tests that change process state (env, cwd)
    // put it back in a finally.
    isolate: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
