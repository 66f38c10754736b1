/**
 * ClassBench rule files and HyperSplit-style header traces, parsed from text into segproof ACL rules
 * and typed-array traces. Bad lines become diagnostics (RULE0xx) and are skipped; nothing throws.
 *
 * Rule line (fields separated by spaces or tabs; an optional trailing flags field is ignored):
 *   @<src>/<len> <dst>/<len> <sport-lo> : <sport-hi> <dport-lo> : <dport-hi> <proto>/<mask> [<flags>/<mask>]
 * Trace line: <src> <dst> <sport> <dport> <proto> <rule-number> (decimal; rule number 1-based).
 *
 * ClassBench matches ports for every protocol; segproof matches ports only for tcp/udp (see
 * service-match.ts). Where the two differ (ports restricted on a rule that is not tcp/udp) the rule is
 * approximated and a RULE004 warning says how. No rule in the published sets needs this.
 */
import type { Diagnostic, SourceLocation } from '../diagnostics/diagnostic.js';
import type { DiagnosticCode } from '../diagnostics/catalogue.js';
import { addressSetFromRanges } from '../net/address-set.js';
import { parsePrefix, prefixFirst, prefixLast, formatPrefix } from '../net/ipv4.js';
import type { PacketHeader } from '../net/header.js';
import { ANY_PORT, ANY_SERVICE, PROTO, type PortRange, type ServiceMatch } from '../net/ports.js';
import type { Acl, AclRule } from '../topology/model.js';

export interface ClassbenchRules {
  readonly rules: AclRule[];
  /** 1-based line of each rule, parallel to `rules` (rules skipped for errors leave gaps in lines). */
  readonly lines: number[];
  readonly diagnostics: Diagnostic[];
}

interface Token {
  readonly text: string;
  /** 1-based column. */
  readonly column: number;
}

function tokenize(line: string): Token[] {
  const out: Token[] = [];
  for (const m of line.matchAll(/[^\s:]+|:/g)) out.push({ text: m[0], column: (m.index ?? 0) + 1 });
  return out;
}

function diagnostic(
  code: DiagnosticCode,
  severity: 'error' | 'warning',
  message: string,
  location: SourceLocation,
  expected?: string,
  hint?: string,
): Diagnostic {
  return { code, severity, message, location, expected, hint };
}

const RULE_SHAPE = '@<src>/<len> <dst>/<len> <lo> : <hi> <lo> : <hi> 0x<proto>/0x<mask> [0x<flags>/0x<mask>]';

/** Thrown only inside this module to abandon one line; turned into a diagnostic at once. */
class LineError {
  constructor(readonly diagnostic: Diagnostic) {}
}

/** Parses a ClassBench rule file. Rule i gets name `r<line>`, action permit when i is even, deny when odd. */
export function parseClassbenchRules(text: string, file: string): ClassbenchRules {
  const rules: AclRule[] = [];
  const lines: number[] = [];
  const diagnostics: Diagnostic[] = [];
  const textLines = text.split(/\r?\n/);
  textLines.forEach((lineText, i) => {
    const lineNo = i + 1;
    if (lineText.trim() === '') return;
    const at = (column: number): SourceLocation => ({ file, line: lineNo, column });
    try {
      const tokens = tokenize(lineText);
      const next = (what: string): Token => {
        const t = tokens.shift();
        if (!t) throw new LineError(diagnostic('RULE001', 'error', `rule line ends before its ${what}`, at(lineText.length + 1), RULE_SHAPE));
        return t;
      };
      const srcTok = next('source prefix');
      if (!srcTok.text.startsWith('@')) {
        throw new LineError(diagnostic('RULE001', 'error', `rule line must start with "@", found "${srcTok.text}"`, at(srcTok.column), RULE_SHAPE));
      }
      const src = prefixField({ text: srcTok.text.slice(1), column: srcTok.column + 1 }, 'source', at);
      const dst = prefixField(next('destination prefix'), 'destination', at);
      const srcPorts = portRangeField(next, 'source port', at);
      const dstPorts = portRangeField(next, 'destination port', at);
      const protoTok = next('protocol');
      const protocol = protocolField(protoTok, at);
      const flagsTok = tokens.shift();
      if (flagsTok && !/^0x[0-9a-fA-F]{1,4}\/0x[0-9a-fA-F]{1,4}$/.test(flagsTok.text)) {
        throw new LineError(diagnostic('RULE001', 'error', `"${flagsTok.text}" is not a flags value/mask`, at(flagsTok.column), '0x<flags>/0x<mask>, such as 0x1000/0x1000'));
      }
      const extra = tokens.shift();
      if (extra) throw new LineError(diagnostic('RULE001', 'error', `unexpected "${extra.text}" after the rule`, at(extra.column), RULE_SHAPE));

      const services = toServices(protocol, srcPorts, dstPorts, protoTok, at, diagnostics);
      const index = rules.length;
      rules.push(
        Object.freeze({
          name: `r${lineNo}`,
          index,
          action: index % 2 === 0 ? 'permit' : 'deny',
          src: addressSetFromRanges([[prefixFirst(src), prefixLast(src)]]),
          dst: addressSetFromRanges([[prefixFirst(dst), prefixLast(dst)]]),
          services: Object.freeze(services),
          location: at(1),
        } satisfies AclRule),
      );
      lines.push(lineNo);
    } catch (e) {
      if (e instanceof LineError) diagnostics.push(e.diagnostic);
      else throw e;
    }
  });
  return { rules, lines, diagnostics };
}

function prefixField(tok: Token, what: string, at: (c: number) => SourceLocation) {
  const parsed = parsePrefix(tok.text);
  if (parsed.ok) return parsed.prefix;
  if (parsed.reason === 'non-canonical') {
    throw new LineError(
      diagnostic('RULE001', 'error', `${what} prefix "${tok.text}" has host bits set`, at(tok.column), 'a canonical prefix', `write ${formatPrefix(parsed.canonical)}`),
    );
  }
  throw new LineError(diagnostic('RULE001', 'error', `"${tok.text}" is not a ${what} prefix`, at(tok.column), 'a.b.c.d/len'));
}

function portRangeField(next: (what: string) => Token, what: string, at: (c: number) => SourceLocation): PortRange {
  const port = (tok: Token): number => {
    if (!/^\d+$/.test(tok.text)) throw new LineError(diagnostic('RULE001', 'error', `"${tok.text}" is not a ${what}`, at(tok.column), 'a decimal port 0-65535'));
    const n = Number(tok.text);
    if (n > 65535) throw new LineError(diagnostic('RULE002', 'error', `${what} ${n} is out of range`, at(tok.column), '0-65535'));
    return n;
  };
  const loTok = next(`${what} range`);
  const first = port(loTok);
  const colon = next(`${what} range`);
  if (colon.text !== ':') throw new LineError(diagnostic('RULE001', 'error', `expected ":" in the ${what} range, found "${colon.text}"`, at(colon.column), '<lo> : <hi>'));
  const last = port(next(`${what} range`));
  if (first > last) throw new LineError(diagnostic('RULE002', 'error', `${what} range ${first} : ${last} is reversed`, at(loTok.column), '<lo> ≤ <hi>'));
  return first === 0 && last === 65535 ? ANY_PORT : { first, last };
}

/** undefined = any protocol. */
function protocolField(tok: Token, at: (c: number) => SourceLocation): number | undefined {
  const m = /^0x([0-9a-fA-F]{1,2})\/0x([0-9a-fA-F]{1,2})$/.exec(tok.text);
  if (!m) throw new LineError(diagnostic('RULE001', 'error', `"${tok.text}" is not a protocol value/mask`, at(tok.column), '0x<proto>/0x<mask>, such as 0x06/0xFF'));
  const value = parseInt(m[1] as string, 16);
  const mask = parseInt(m[2] as string, 16);
  if (mask === 0) return undefined;
  if (mask === 0xff) return value;
  throw new LineError(
    diagnostic('RULE003', 'error', `protocol mask 0x${m[2]} is neither 0x00 nor 0xFF`, at(tok.column), '0x00 (any protocol) or 0xFF (exact protocol)'),
  );
}

function isAnyPort(r: PortRange): boolean {
  return r.first === 0 && r.last === 65535;
}

function toServices(
  protocol: number | undefined,
  srcPorts: PortRange,
  dstPorts: PortRange,
  protoTok: Token,
  at: (c: number) => SourceLocation,
  diagnostics: Diagnostic[],
): ServiceMatch[] {
  const portsRestricted = !isAnyPort(srcPorts) || !isAnyPort(dstPorts);
  if (protocol === PROTO.tcp || protocol === PROTO.udp) return [{ protocol, srcPorts, dstPorts }];
  if (protocol === undefined) {
    if (!portsRestricted) return [ANY_SERVICE];
    diagnostics.push(
      diagnostic('RULE004', 'warning', 'port ranges on an any-protocol rule: kept for tcp and udp only', at(protoTok.column), undefined,
        'segproof matches ports only for tcp and udp, so other protocols no longer match this rule'),
    );
    return [
      { protocol: PROTO.tcp, srcPorts, dstPorts },
      { protocol: PROTO.udp, srcPorts, dstPorts },
    ];
  }
  if (portsRestricted) {
    diagnostics.push(
      diagnostic('RULE004', 'warning', `port ranges on protocol ${protocol} are ignored`, at(protoTok.column), undefined,
        'segproof matches ports only for tcp and udp'),
    );
  }
  return [{ protocol, srcPorts: ANY_PORT, dstPorts: ANY_PORT }];
}

/** An ACL around parsed rules (binding is a placeholder: ClassBench sets are not bound anywhere). */
export function classbenchAcl(name: string, rules: readonly AclRule[], defaultAction: 'permit' | 'deny' = 'deny'): Acl {
  return {
    name,
    node: name,
    binding: { type: 'zone-pair', fromZone: 'any', toZone: 'any' },
    defaultAction,
    rules,
    location: rules[0]?.location,
  };
}

/** Headers as parallel typed arrays (a trace of 100k headers would be 100k objects otherwise). */
export interface ClassbenchTrace {
  readonly length: number;
  readonly src: Uint32Array;
  readonly dst: Uint32Array;
  readonly srcPort: Uint16Array;
  readonly dstPort: Uint16Array;
  readonly protocol: Uint8Array;
  /** 0-based index of the expected first-matching rule (the file's 1-based number minus 1). */
  readonly expectedRule: Int32Array;
  readonly line: Uint32Array;
}

export interface ClassbenchTraceParse {
  readonly trace: ClassbenchTrace;
  readonly diagnostics: Diagnostic[];
}

const TRACE_SHAPE = '<src> <dst> <sport> <dport> <proto> <rule-number> (decimal)';
const TRACE_LIMITS: readonly [string, number][] = [
  ['source address', 0xffffffff],
  ['destination address', 0xffffffff],
  ['source port', 65535],
  ['destination port', 65535],
  ['protocol', 255],
  ['rule number', 0x7fffffff],
];

export function parseClassbenchTrace(text: string, file: string): ClassbenchTraceParse {
  const textLines = text.split(/\r?\n/);
  const cap = textLines.length;
  const src = new Uint32Array(cap);
  const dst = new Uint32Array(cap);
  const srcPort = new Uint16Array(cap);
  const dstPort = new Uint16Array(cap);
  const protocol = new Uint8Array(cap);
  const expectedRule = new Int32Array(cap);
  const line = new Uint32Array(cap);
  const diagnostics: Diagnostic[] = [];
  let n = 0;
  textLines.forEach((lineText, i) => {
    const lineNo = i + 1;
    if (lineText.trim() === '') return;
    const tokens = [...lineText.matchAll(/\S+/g)];
    if (tokens.length !== 6) {
      const col = tokens.length > 6 ? (tokens[6]?.index ?? 0) + 1 : lineText.length + 1;
      diagnostics.push(diagnostic('RULE010', 'error', `trace line has ${tokens.length} fields, expected 6`, { file, line: lineNo, column: col }, TRACE_SHAPE));
      return;
    }
    const values: number[] = [];
    for (let f = 0; f < 6; f++) {
      const tok = tokens[f] as RegExpExecArray;
      const [what, max] = TRACE_LIMITS[f] as [string, number];
      const location = { file, line: lineNo, column: (tok.index ?? 0) + 1 };
      if (!/^\d+$/.test(tok[0])) {
        diagnostics.push(diagnostic('RULE010', 'error', `${what} "${tok[0]}" is not a decimal number`, location, TRACE_SHAPE));
        return;
      }
      const v = Number(tok[0]);
      const min = f === 5 ? 1 : 0;
      if (v < min || v > max) {
        diagnostics.push(diagnostic('RULE011', 'error', `${what} ${tok[0]} is out of range`, location, `${min}-${max}`));
        return;
      }
      values.push(v);
    }
    const [s, d, sp, dp, p, r] = values as [number, number, number, number, number, number];
    src[n] = s;
    dst[n] = d;
    srcPort[n] = sp;
    dstPort[n] = dp;
    protocol[n] = p;
    expectedRule[n] = r - 1;
    line[n] = lineNo;
    n++;
  });
  return {
    trace: {
      length: n,
      src: src.slice(0, n),
      dst: dst.slice(0, n),
      srcPort: srcPort.slice(0, n),
      dstPort: dstPort.slice(0, n),
      protocol: protocol.slice(0, n),
      expectedRule: expectedRule.slice(0, n),
      line: line.slice(0, n),
    },
    diagnostics,
  };
}

/** Header i of a trace as a PacketHeader (ICMP type/code 0: ClassBench traces carry none). */
export function traceHeader(trace: ClassbenchTrace, i: number): PacketHeader {
  return {
    src: trace.src[i] as number,
    dst: trace.dst[i] as number,
    protocol: trace.protocol[i] as number,
    srcPort: trace.srcPort[i] as number,
    dstPort: trace.dstPort[i] as number,
    icmpType: 0,
    icmpCode: 0,
  };
}
