/**
 * The lazy command table: a run naming a command imports only that command's module, and must see the
 * same command (arguments and options) as help does when it loads them all.
 */
import { describe, expect, it } from 'vitest';
import type { Command } from 'commander';
import { COMMANDS } from '../../src/cli/commands/index.js';
import { memoryIo } from '../../src/cli/io.js';
import { buildProgram, main } from '../../src/cli/main.js';

const ARGV0 = ['node', 'segproof'];
const lazyNames = COMMANDS.flatMap((entry) => (typeof entry === 'function' ? [] : [entry.name]));

function shape(command: Command): unknown {
  return {
    arguments: command.registeredArguments.map((a) => [a.name(), a.required, a.variadic]),
    options: command.options.map((o) => [o.flags, o.description]),
    description: command.description(),
  };
}

describe('command table', () => {
  it('names each lazy command as its module registers it', async () => {
    for (const name of lazyNames) {
      const program = await buildProgram(memoryIo(), () => undefined, [...ARGV0, name]);
      expect(program.commands.map((c) => c.name())).toContain(name);
    }
  });

  it('gives a command run by name the arguments and options help shows for it', async () => {
    const all = await buildProgram(memoryIo(), () => undefined, [...ARGV0, '--help']);
    expect(all.commands.map((c) => c.name())).toEqual(expect.arrayContaining(lazyNames));
    for (const name of lazyNames) {
      const alone = await buildProgram(memoryIo(), () => undefined, [...ARGV0, name, '--json']);
      const command = alone.commands.find((c) => c.name() === name) as Command;
      expect(shape(command), name).toEqual(shape(all.commands.find((c) => c.name() === name) as Command));
    }
  });

  it('lists every command in --help', async () => {
    const io = memoryIo();
    expect(await main([...ARGV0, '--help'], io)).toBe(0);
    for (const name of lazyNames) expect(io.out.join('\n')).toMatch(new RegExp(`^\\s+${name}\\b`, 'm'));
  });

  it('parses a lazily loaded command\'s options', async () => {
    const io = memoryIo();
    expect(await main([...ARGV0, 'validate', '--json', 'topologies/alpha-town.yaml'], io)).toBe(0);
    expect(JSON.parse(io.out.join('\n'))).toMatchObject({ ok: true, name: 'alpha-town' });
    const bad = memoryIo();
    expect(await main([...ARGV0, 'validate', '--no-such-option', 'topologies/alpha-town.yaml'], bad)).toBe(2);
    expect(bad.err.join('\n')).toContain("unknown option '--no-such-option'");
  });

  it('suggests a command for a misspelt name', async () => {
    const io = memoryIo();
    expect(await main([...ARGV0, 'valdate', 'x.yaml'], io)).toBe(2);
    expect(io.err.join('\n')).toContain('validate');
  });
});
