import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/emulation-debris.ts'],
    // Two workers even on two cores: the kernel-emulation files mostly wait on the kernel and child
    // processes, so they overlap well with the CPU-bound property tests (vitest's default is cores - 1).
    maxWorkers: 2,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
