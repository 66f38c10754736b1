#!/usr/bin/env node
/**
 * Runs npm scripts side by side (`node scripts/parallel.mjs build typecheck lint`): each is one
 * single-threaded process, so on two cores three of them take the time of the longest, not of their sum.
 * Each script's output is printed whole when it ends, never interleaved; the exit code is 1 when any failed.
 */
import { spawn } from 'node:child_process';

const names = process.argv.slice(2);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const results = await Promise.all(
  names.map(
    (name) =>
      new Promise((resolve) => {
        const started = performance.now();
        const child = spawn(npm, ['run', '--silent', name], { stdio: ['ignore', 'pipe', 'pipe'] });
        const chunks = [];
        child.stdout.on('data', (c) => chunks.push(c));
        child.stderr.on('data', (c) => chunks.push(c));
        child.on('error', (error) => resolve({ name, code: 1, output: String(error), seconds: 0 }));
        child.on('close', (code, signal) => {
          const output = Buffer.concat(chunks).toString();
          const seconds = (performance.now() - started) / 1000;
          process.stdout.write(`> ${name}: ${code === 0 ? 'ok' : `failed (${signal ?? `exit ${code}`})`} in ${seconds.toFixed(1)} s\n${output}`);
          resolve({ name, code: code ?? 1 });
        });
      }),
  ),
);
const failed = results.filter((r) => r.code !== 0).map((r) => r.name);
if (failed.length > 0) {
  process.stderr.write(`failed: ${failed.join(', ')}\n`);
  process.exit(1);
}
