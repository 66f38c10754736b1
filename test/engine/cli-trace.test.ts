import { Command, CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerTraceCommand } from '../../src/cli/commands/trace.js';
import { EXIT, memoryIo } from '../../src/cli/io.js';

/** Runs `segproof trace …` with only the trace command registered (the lead wires it into main). */
async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo();
  let code: number = EXIT.ok;
  const program = new Command('segproof').exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  registerTraceCommand(program, io, (c) => {
    code = c;
  });
  try {
    await program.parseAsync(['node', 'segproof', 'trace', ...args]);
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    code = error.exitCode === 0 ? EXIT.ok : EXIT.badInput;
  }
  return { code, out: io.out.join('\n'), err: io.err.join('\n') };
}

const CITY = 'topologies/beta-prime-city.yaml';

describe('segproof trace', () => {
  it('prints a readable trace and exits 0 whatever the disposition', async () => {
    const r = await run([CITY, '--from', 'inet-terminals', '--to', 'payroll', '--dport', '443']);
    expect(r.code).toBe(EXIT.ok);
    expect(r.out).toContain('=> denied-in at core-fw');
    expect(r.out).toContain('rule deny-and-log of ACL INET_TO_LG');
  });

  it('traces the reply with --bidirectional and emits JSON with --json', async () => {
    const r = await run([CITY, '--from', 'inet-terminals', '--to', 'inet-proxy', '--dport', '8080', '--bidirectional', '--json']);
    expect(r.code).toBe(EXIT.ok);
    const doc = JSON.parse(r.out) as { flows: { disposition: string; sessions: { targets: string }[]; reply: { disposition: string }[] }[][] };
    const t = doc.flows[0]![0]!;
    expect(t.disposition).toBe('terminated-at-gateway');
    expect(t.sessions[0]!.targets).toBe('10.250.0.10/32');
    expect(t.reply.map((x) => x.disposition)).toEqual(['delivered']);
  });

  it('accepts icmp with type and code, and identity options', async () => {
    const r = await run([CITY, '--from', 'mn-terminals', '--to', 'atena', '--proto', 'icmp', '--icmp-type', '8', '--user-role', 'clerk']);
    expect(r.code).toBe(EXIT.ok);
    expect(r.out).toContain('icmp 10.10.20.10 -> 10.10.10.11 type 8 code 0');
    expect(r.out).toContain('[role clerk]');
  });

  it('rejects an unknown start with the known nodes', async () => {
    const r = await run([CITY, '--from', 'inet-terminal', '--to', 'payroll', '--dport', '443']);
    expect(r.code).toBe(EXIT.badInput);
    expect(r.err).toContain('FLOW004');
    expect(r.err).toContain('did you mean "inet-terminals"');
  });

  it('rejects bad options and a missing port', async () => {
    expect((await run([CITY, '--from', 'inet-terminals', '--to', 'payroll', '--proto', 'tcpx', '--dport', '1'])).err).toContain('--proto "tcpx" is not a protocol');
    expect((await run([CITY, '--from', 'inet-terminals', '--to', 'payroll', '--dport', '70000'])).code).toBe(EXIT.badInput);
    expect((await run([CITY, '--from', 'inet-terminals', '--to', 'payroll'])).err).toContain('--dport is required for tcp');
    expect((await run([CITY, '--from', 'inet-terminals'])).code).toBe(EXIT.badInput);
  });

  it('renders topology diagnostics for a file that does not load', async () => {
    const r = await run(['topologies/does-not-exist.yaml', '--from', 'a', '--to', '10.0.0.1', '--dport', '1']);
    expect(r.code).toBe(EXIT.badInput);
    expect(r.err).toMatch(/TOPO\d{3}/);
  });
});
