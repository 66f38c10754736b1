import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseClassbenchRules, parseClassbenchTrace, traceHeader, classbenchAcl } from '../../src/acl/classbench.js';
import { compileAcl } from '../../src/acl/compiled.js';
import { firstMatchLinear } from '../../src/acl/linear.js';
import { renderDiagnostic } from '../../src/diagnostics/diagnostic.js';
import { ANY_PORT, ANY_SERVICE, PROTO } from '../../src/net/ports.js';
import { datasetFolder } from './datasets.js';
import { ip } from './rules.js';

describe('parseClassbenchRules', () => {
  it('reads the space-separated (hypersplit) format', () => {
    const { rules, diagnostics, lines } = parseClassbenchRules(
      '@175.77.88.155/32 119.106.158.0/24 0 : 65535 6888 : 6888 0x06/0xFF\n@0.0.0.0/0 0.0.0.0/0 0 : 65535 0 : 65535 0x00/0x00\n',
      'set',
    );
    expect(diagnostics).toEqual([]);
    expect(lines).toEqual([1, 2]);
    expect(rules[0]).toMatchObject({ name: 'r1', index: 0, action: 'permit', location: { file: 'set', line: 1, column: 1 } });
    expect(rules[0]!.src.ranges).toEqual([[ip('175.77.88.155'), ip('175.77.88.155')]]);
    expect(rules[0]!.dst.ranges).toEqual([[ip('119.106.158.0'), ip('119.106.158.255')]]);
    expect(rules[0]!.services).toEqual([{ protocol: PROTO.tcp, srcPorts: ANY_PORT, dstPorts: { first: 6888, last: 6888 } }]);
    expect(rules[1]).toMatchObject({ name: 'r2', index: 1, action: 'deny' });
    expect(rules[1]!.services).toEqual([ANY_SERVICE]);
  });

  it('reads the tab-separated format with a flags field and a trailing tab, ignoring flags', () => {
    const { rules, diagnostics } = parseClassbenchRules(
      '@209.32.125.224/28\t223.78.253.88/29\t88 : 88\t80 : 80\t0x11/0xFF\t0x0000/0x0000\t\n\n@1.2.3.0/24\t0.0.0.0/0\t0 : 65535\t0 : 65535\t0x2f/0xFF\t0x1000/0x1000\t\n',
      'nc',
    );
    expect(diagnostics).toEqual([]);
    expect(rules.map((r) => r.name)).toEqual(['r1', 'r3']);
    expect(rules[0]!.services).toEqual([{ protocol: PROTO.udp, srcPorts: { first: 88, last: 88 }, dstPorts: { first: 80, last: 80 } }]);
    expect(rules[1]!.services).toEqual([{ protocol: PROTO.gre, srcPorts: ANY_PORT, dstPorts: ANY_PORT }]);
    expect(rules[1]!.action).toBe('deny');
  });

  const bad: [string, string, string][] = [
    ['no @', '1.2.3.4/32 0.0.0.0/0 0 : 65535 0 : 65535 0x06/0xFF', 'f:1:1: error RULE001: rule line must start with "@", found "1.2.3.4/32"'],
    ['host bits set', '@1.2.3.4/24 0.0.0.0/0 0 : 65535 0 : 65535 0x06/0xFF', 'f:1:2: error RULE001: source prefix "1.2.3.4/24" has host bits set'],
    ['bad destination', '@1.2.3.4/32 300.0.0.0/8 0 : 65535 0 : 65535 0x06/0xFF', 'f:1:13: error RULE001: "300.0.0.0/8" is not a destination prefix'],
    ['port too big', '@1.2.3.4/32 0.0.0.0/0 0 : 70000 0 : 65535 0x06/0xFF', 'f:1:27: error RULE002: source port 70000 is out of range'],
    ['reversed range', '@1.2.3.4/32 0.0.0.0/0 0 : 65535 90 : 80 0x06/0xFF', 'f:1:33: error RULE002: destination port range 90 : 80 is reversed'],
    ['missing colon', '@1.2.3.4/32 0.0.0.0/0 0 65535 0 : 65535 0x06/0xFF', 'f:1:25: error RULE001: expected ":" in the source port range, found "65535"'],
    ['bad mask', '@1.2.3.4/32 0.0.0.0/0 0 : 65535 0 : 65535 0x06/0x0F', 'f:1:43: error RULE003: protocol mask 0x0F is neither 0x00 nor 0xFF'],
    ['truncated', '@1.2.3.4/32 0.0.0.0/0 0 : 65535', 'f:1:32: error RULE001: rule line ends before its destination port range'],
    ['trailing junk', '@1.2.3.4/32 0.0.0.0/0 0 : 65535 0 : 65535 0x06/0xFF 0x0000/0x0000 x', 'f:1:67: error RULE001: unexpected "x" after the rule'],
  ];
  for (const [what, line, rendered] of bad) {
    it(`reports ${what} as a diagnostic and skips the line`, () => {
      const { rules, diagnostics } = parseClassbenchRules(`${line}\n@1.1.1.1/32 0.0.0.0/0 0 : 65535 0 : 65535 0x06/0xFF\n`, 'f');
      expect(diagnostics.map(renderDiagnostic).map((t) => t.split('\n')[0])).toEqual([rendered]);
      expect(rules.map((r) => r.name)).toEqual(['r2']);
      expect(rules[0]!.index).toBe(0);
    });
  }

  it('warns (RULE004) when ports restrict a rule that is not tcp/udp, and says how it was approximated', () => {
    const { rules, diagnostics } = parseClassbenchRules(
      '@1.1.1.1/32 0.0.0.0/0 0 : 65535 80 : 80 0x00/0x00\n@1.1.1.1/32 0.0.0.0/0 0 : 65535 80 : 80 0x2f/0xFF\n',
      'w',
    );
    expect(diagnostics.map((d) => [d.code, d.severity, d.location?.line])).toEqual([
      ['RULE004', 'warning', 1],
      ['RULE004', 'warning', 2],
    ]);
    expect(rules[0]!.services.map((s) => s.protocol)).toEqual([PROTO.tcp, PROTO.udp]);
    expect(rules[1]!.services).toEqual([{ protocol: PROTO.gre, srcPorts: ANY_PORT, dstPorts: ANY_PORT }]);
  });
});

describe('parseClassbenchTrace', () => {
  it('reads headers and turns the 1-based rule number into a 0-based index', () => {
    const { trace, diagnostics } = parseClassbenchTrace('1600753409 3271393328 65535 21 6 413\n\n1 2 3 4 17 1\n', 't');
    expect(diagnostics).toEqual([]);
    expect(trace.length).toBe(2);
    expect(traceHeader(trace, 0)).toEqual({ src: 1600753409, dst: 3271393328, protocol: 6, srcPort: 65535, dstPort: 21, icmpType: 0, icmpCode: 0 });
    expect([...trace.expectedRule]).toEqual([412, 0]);
    expect([...trace.line]).toEqual([1, 3]);
  });

  it('reports malformed and out-of-range lines with their column', () => {
    const { trace, diagnostics } = parseClassbenchTrace('1 2 3 4 6\n1 2 x 4 6 1\n1 2 3 70000 6 1\n1 2 3 4 6 0\n4294967296 2 3 4 6 1\n1 2 3 4 6 1 9\n', 't');
    expect(trace.length).toBe(0);
    expect(diagnostics.map(renderDiagnostic).map((t) => t.split('\n')[0])).toEqual([
      't:1:10: error RULE010: trace line has 5 fields, expected 6',
      't:2:5: error RULE010: source port "x" is not a decimal number',
      't:3:7: error RULE011: destination port 70000 is out of range',
      't:4:11: error RULE011: rule number 0 is out of range',
      't:5:1: error RULE011: source address 4294967296 is out of range',
      't:6:13: error RULE010: trace line has 7 fields, expected 6',
    ]);
  });
});

const SETS: [name: string, rules: number, headers: number][] = [
  ['acl1_1K', 917, 9380],
  ['fw1_1K', 792, 8050],
  ['ipc1_1K', 938, 9380],
  ['acl1_10K', 9603, 97000],
  ['fw1_10K', 9311, 93250],
  ['ipc1_10K', 9037, 90640],
];
/** The linear scan costs ~0.2 ms per header at 10K rules, so it checks a strided sample there. */
const LINEAR_SAMPLE_10K = 5000;

describe('ClassBench hypersplit traces: expected first match', () => {
  const dir = datasetFolder('classbench-hypersplit');
  for (const [name, ruleCount, headerCount] of SETS) {
    const linearNote = ruleCount > 5000 ? `linear on ${LINEAR_SAMPLE_10K} evenly strided headers` : 'linear on every header';
    it.skipIf(!dir)(`${name}: compiled on every header (${headerCount}), ${linearNote}`, () => {
      const rulesFile = path.join(dir as string, 'rules', name);
      const traceFile = path.join(dir as string, 'traces', `${name}_trace`);
      const parsedRules = parseClassbenchRules(readFileSync(rulesFile, 'utf8'), rulesFile);
      const { trace, diagnostics } = parseClassbenchTrace(readFileSync(traceFile, 'utf8'), traceFile);
      expect(parsedRules.diagnostics).toEqual([]);
      expect(diagnostics).toEqual([]);
      expect(parsedRules.rules.length).toBe(ruleCount);
      expect(trace.length).toBe(headerCount);
      const rules = parsedRules.rules;
      const compiled = compileAcl(classbenchAcl(name, rules));
      let compiledMismatches = 0;
      for (let i = 0; i < trace.length; i++) {
        const got = compiled.firstMatchFields(trace.src[i]!, trace.dst[i]!, trace.protocol[i]!, trace.srcPort[i]!, trace.dstPort[i]!, 0, 0);
        if (got !== trace.expectedRule[i]) compiledMismatches++;
      }
      expect(compiledMismatches).toBe(0);
      // Memory guard: chunk sharing keeps a 10K-rule set to a few MB (full bitsets would need ~50 MB).
      expect(compiled.stats.bytes).toBeLessThan(16 * 1024 * 1024);
      const stride = ruleCount > 5000 ? Math.max(1, Math.floor(trace.length / LINEAR_SAMPLE_10K)) : 1;
      let linearMismatches = 0;
      let linearChecked = 0;
      for (let i = 0; i < trace.length; i += stride) {
        linearChecked++;
        if (firstMatchLinear(rules, traceHeader(trace, i)) !== trace.expectedRule[i]) linearMismatches++;
      }
      expect(linearMismatches).toBe(0);
      expect(linearChecked).toBeGreaterThanOrEqual(Math.min(trace.length, LINEAR_SAMPLE_10K));
    }, 30_000);
  }
});

describe('ClassBench tab-separated rule files parse without diagnostics', () => {
  const expected: [folder: string, file: string, rules: number][] = [
    ['classbench-neurocuts', 'acl1_1k', 942],
    ['classbench-neurocuts', 'acl1_10k', 9774],
    ['classbench-neurocuts', 'fw1_1k', 857],
    ['classbench-neurocuts', 'fw1_10k', 9379],
    ['classbench-neurocuts', 'ipc1_1k', 974],
    ['classbench-neurocuts', 'ipc1_10k', 9518],
    ['classbench-lyxocs-1k', 'acl1_1k', 878],
    ['classbench-lyxocs-1k', 'fw1_1k', 761],
    ['classbench-lyxocs-1k', 'ipc1_1k', 923],
  ];
  for (const [folder, file, count] of expected) {
    const dir = datasetFolder(folder);
    it.skipIf(!dir)(`${folder}/${file}: ${count} rules`, () => {
      const full = path.join(dir as string, file);
      const { rules, diagnostics } = parseClassbenchRules(readFileSync(full, 'utf8'), full);
      expect(diagnostics).toEqual([]);
      expect(rules.length).toBe(count);
    });
  }
});
