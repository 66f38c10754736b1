/** The README says what `npm start` runs: the command of package.json's start script, and no other. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
const start = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
const COMMANDS = ['validate', 'describe', 'trace', 'verify', 'explain', 'replay', 'emulate', 'generate', 'lint', 'import', 'diff'];

describe('npm start in the README', () => {
  it('names the command the start script runs, on the file it runs it on', () => {
    const match = /^node bin\/segproof\.js (\S+) (\S+)$/.exec(start);
    expect(match, start).not.toBeNull();
    const [, command, file] = match!;
    const lines = readme.split('\n').filter((l) => l.includes('npm start') && !l.includes('npm test`'));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(line).toContain(`segproof ${command}`);
      // No other command (nor "validates"/"describes") is said to be what it runs.
      for (const other of COMMANDS.filter((c) => c !== command)) expect(line).not.toMatch(new RegExp(`\\b${other}`));
    }
    expect(readme).toContain('reference β′ city');
    expect(file).toBe('topologies/beta-prime-city.yaml');
  });
});
