/**
 * Fuzzing flow inputs through replay (always --workers 1, in-process) and emulate --plan-only: byte-level
 * and line-level mutations of CSV and JSON Lines flow logs, and byte- and structure-level mutations of
 * traffic matrices and expectation files, all against the small city fixture. See fuzz-harness.ts for the invariant, the seed and
 * SEGPROOF_FUZZ_SEED / SEGPROOF_FUZZ_RUNS.
 */
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { applyByteMutations, applyTreeMutations, byteMutation, fuzzParameters, NASTY_TOKENS, parseYaml, printStats, render, runCase, scratchTree, treeMutation, write } from './fuzz-harness.js';

const scratch = scratchTree();
afterAll(() => {
  printStats();
  scratch.remove();
});
const city = path.join(scratch.dir, 'test/replay/fixtures/small-city.yaml');

const CSV = `src,dst,proto,sport,dport,start,count,timestamp
10.1.0.10,10.2.0.5,tcp,40000,443,pc,1,1700000000
10.1.0.11,10.3.0.5,tcp,40001,443,,2,2023-11-14T22:13:20Z
10.2.0.5,10.1.0.5,tcp,40002,443,lgsrv,1,
# a comment
10.1.0.12,192.0.2.1,icmp,8,0,,1,
10.1.0.13,10.2.0.5,udp,5353,53,pc.eth0,1,
`;
const JSONL = `{"src":"10.1.0.10","dst":"10.2.0.5","proto":"tcp","sport":40000,"dport":443,"start":"pc","count":1,"timestamp":1700000000}
{"src":"10.1.0.11","dst":"10.3.0.5","proto":6,"sport":40001,"dport":443,"count":2,"timestamp":"2023-11-14T22:13:20Z"}
{"src":"10.2.0.5","dst":"10.1.0.5","proto":"tcp","sport":40002,"dport":443,"start":null}

{"src":"10.1.0.12","dst":"192.0.2.1","proto":"icmp","sport":8,"dport":0}
`;
const MATRIX = `flows:
  - { from: INET, to: LG, service: tcp/443, flows: 10 }
  - { from: LG, to: MN, service: [tcp/443, tcp/25] }
  - { from: INET, to: Internet, service: udp/53, flows: 3 }
`;
const EXPECT = `- { from-zone: INET, to-zone: LG, service: tcp/443, expect: delivered }
- { from-zone: INET, to-zone: MN, expect: denied }
`;

/** A line-level change: a line deleted, duplicated or given a nasty field. */
const lineMutation = fc.tuple(fc.constantFrom('delete', 'duplicate', 'field'), fc.nat(), fc.nat(), fc.constantFrom(...NASTY_TOKENS));

function applyLineMutations(text: string, mutations: readonly (readonly [string, number, number, string])[]): string {
  let lines = text.split('\n');
  for (const [kind, a, b, token] of mutations) {
    const i = a % lines.length;
    if (kind === 'delete') lines = lines.filter((_, k) => k !== i);
    else if (kind === 'duplicate') lines.splice(i, 0, lines[i] as string);
    else {
      const fields = (lines[i] as string).split(',');
      fields[b % fields.length] = token;
      lines[i] = fields.join(',');
    }
  }
  return lines.join('\n');
}

describe('fuzz regressions: flow files', () => {
  it('a traffic matrix asking for 900,000,000 flows is FLOW006 at "flows", not a run that never ends', async () => {
    const matrix = write(path.join(scratch.dir, 'huge-matrix.yaml'), 'flows:\n  - { from: INET, to: LG, service: tcp/443, flows: 900000000 }\n');
    const r = await runCase(['replay', city, matrix, '--workers', '1']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('huge-matrix.yaml:2:52: error FLOW006: the traffic matrix asks for more than 10000000 flows in all (900000000 up to this entry)');
  });
});

describe('fuzz: flow files', () => {
  it('CSV and JSON Lines flow logs through replay', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(['flows.csv', CSV] as const, ['flows.jsonl', JSONL] as const),
        fc.oneof(fc.array(byteMutation, { minLength: 1, maxLength: 4 }).map((m) => ({ bytes: m })), fc.array(lineMutation, { minLength: 1, maxLength: 4 }).map((m) => ({ lines: m }))),
        fc.constantFrom([], ['--strict'], ['--allow-bad-rows'], ['--json']),
        fc.constantFrom('replay', 'replay', 'replay', 'emulate'),
        async ([name, base], mutation, flags, command) => {
          const content = 'bytes' in mutation ? applyByteMutations(Buffer.from(base), mutation.bytes) : applyLineMutations(base, mutation.lines);
          const flows = write(path.join(scratch.dir, name), content);
          if (command === 'replay') await runCase(['replay', city, flows, '--workers', '1', ...flags]);
          // emulate reads flows with the same importer; --plan-only needs no root and touches no kernel.
          else await runCase(['emulate', city, '--flows', flows, '--plan-only', ...flags.filter((f) => f !== '--strict')]);
        },
      ),
      fuzzParameters('flow logs', 100),
    );
  });

  it('traffic matrices and expectation files through replay', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('matrix', 'expect'),
        fc.oneof(fc.array(byteMutation, { minLength: 1, maxLength: 4 }).map((m) => ({ bytes: m })), fc.array(treeMutation, { minLength: 1, maxLength: 4 }).map((m) => ({ tree: m }))),
        fc.constantFrom('yaml' as const, 'json' as const),
        async (which, mutation, format) => {
          const base = which === 'matrix' ? MATRIX : EXPECT;
          const content = 'bytes' in mutation ? applyByteMutations(Buffer.from(base), mutation.bytes) : render(applyTreeMutations(parseYaml(base), mutation.tree), format);
          const file = write(path.join(scratch.dir, `${which}.${'tree' in mutation ? format : 'yaml'}`), content);
          const args = which === 'matrix' ? [file] : [write(path.join(scratch.dir, 'matrix.yaml'), MATRIX), '--expect', file];
          await runCase(['replay', city, ...args, '--workers', '1']);
        },
      ),
      fuzzParameters('traffic matrices and expectations', 60),
    );
  });
});
