/**
 * Expectations for replay (`--expect`): a YAML or JSON list of
 * `{from-zone, to-zone, service?, expect: delivered|denied}`. The first entry that matches a flow
 * (zones, and the service when given) judges it; flows no entry matches are not judged.
 * `delivered` holds for the dispositions that reach something (delivered, exits-network,
 * terminated-at-gateway); `denied` holds for every other disposition.
 *
 * This is the only file that knows the format: when the verify engine's scenario format settles,
 * replace `parseExpectations` and `ExpectationMatcher` here and nothing else changes.
 */
import { LineCounter, isSeq, isMap, type Node as YamlNode } from 'yaml';
import { parseYamlDocument } from '../topology/yaml-limits.js';
import type { Diagnostic, SourceLocation } from '../diagnostics/diagnostic.js';
import { didYouMean, listNames } from '../diagnostics/diagnostic.js';
import { parseService, type ServiceMatch } from '../net/ports.js';
import { isReached } from './disposition.js';
import { serviceMatchesFields } from './field-match.js';

export interface Expectation {
  readonly fromZone: string;
  readonly toZone: string;
  /** Service spec text (`tcp/443`), or undefined for any. */
  readonly service: string | undefined;
  readonly expect: 'delivered' | 'denied';
  readonly location: SourceLocation | undefined;
}

export type ExpectationParse = { ok: true; expectations: Expectation[] } | { ok: false; diagnostics: Diagnostic[] };

const KEYS = ['from-zone', 'to-zone', 'service', 'expect'];

/** Parses the expectation file text; `zones` are the topology's zone names (unknown ones are errors). */
export function parseExpectations(text: string, file: string, zones: readonly string[]): ExpectationParse {
  const lines = new LineCounter();
  const doc = parseYamlDocument(text, { lineCounter: lines }); // bounded nesting, aliases and key checks
  const at = (node: YamlNode | null | undefined): SourceLocation | undefined => {
    const offset = node?.range?.[0];
    if (offset === undefined) return { file, line: 1, column: 1 };
    const p = lines.linePos(offset);
    return { file, line: p.line, column: p.col };
  };
  const bad = (message: string, node: YamlNode | null | undefined, expected: string, hint?: string): Diagnostic => ({
    code: 'SCEN002', severity: 'error', message, location: at(node), expected, hint,
  });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const p = lines.linePos(e.pos[0]);
    return { ok: false, diagnostics: [{ code: 'SCEN001', severity: 'error', message: e.message.split('\n')[0]!, location: { file, line: p.line, column: p.col }, expected: 'a YAML or JSON list' }] };
  }
  const root = doc.contents;
  if (!isSeq(root)) return { ok: false, diagnostics: [bad('expectations must be a list', root, 'a list of {from-zone, to-zone, service?, expect}')] };
  const out: Expectation[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const item of root.items) {
    if (!isMap(item)) {
      diagnostics.push(bad('expectation must be a mapping', item as YamlNode, '{from-zone, to-zone, service?, expect}'));
      continue;
    }
    const fields = new Map<string, { value: unknown; node: YamlNode }>();
    for (const pair of item.items) {
      const key = String((pair.key as { value?: unknown } | null)?.value ?? '');
      const node = (pair.value ?? pair.key) as YamlNode;
      if (!KEYS.includes(key)) {
        const guess = didYouMean(key, KEYS);
        diagnostics.push(bad(`unknown key "${key}"`, pair.key as YamlNode, `one of ${listNames(KEYS)}`, guess ? `did you mean "${guess}"?` : undefined));
        continue;
      }
      fields.set(key, { value: (pair.value as { value?: unknown } | null)?.value, node });
    }
    let ok = true;
    const zone = (key: string): string => {
      const f = fields.get(key);
      if (!f) {
        diagnostics.push(bad(`missing "${key}"`, item, 'a zone name'));
        ok = false;
        return '';
      }
      const name = String(f.value);
      if (!zones.includes(name)) {
        const guess = didYouMean(name, zones);
        diagnostics.push({
          code: 'SCEN003', severity: 'error', message: `unknown zone "${name}"`, location: at(f.node),
          expected: `one of ${listNames(zones)}`, hint: guess ? `did you mean "${guess}"?` : undefined,
        });
        ok = false;
      }
      return name;
    };
    const fromZone = zone('from-zone');
    const toZone = zone('to-zone');
    const svc = fields.get('service');
    if (svc) {
      const parsed = parseService(String(svc.value));
      if (!parsed.ok) {
        diagnostics.push(bad(parsed.reason, svc.node, 'a service such as tcp/443, udp/53 or icmp'));
        ok = false;
      }
    }
    const exp = fields.get('expect');
    if (!exp || (exp.value !== 'delivered' && exp.value !== 'denied')) {
      diagnostics.push(bad(exp ? `expect must be "delivered" or "denied", not "${String(exp.value)}"` : 'missing "expect"', exp?.node ?? item, 'delivered or denied'));
      ok = false;
    }
    if (ok) out.push({ fromZone, toZone, service: svc ? String(svc.value) : undefined, expect: exp!.value as 'delivered' | 'denied', location: at(item) });
  }
  return diagnostics.length > 0 ? { ok: false, diagnostics } : { ok: true, expectations: out };
}

/** Judges flows in the hot loop: zone indices and fields in, no allocation. */
export class ExpectationMatcher {
  private readonly from: Int32Array;
  private readonly to: Int32Array;
  private readonly services: (ServiceMatch | undefined)[];
  private readonly wantReached: Uint8Array;
  readonly size: number;

  constructor(readonly expectations: readonly Expectation[], zoneNames: readonly string[]) {
    this.size = expectations.length;
    this.from = Int32Array.from(expectations, (e) => zoneNames.indexOf(e.fromZone));
    this.to = Int32Array.from(expectations, (e) => zoneNames.indexOf(e.toZone));
    this.services = expectations.map((e) => {
      if (e.service === undefined) return undefined;
      const p = parseService(e.service);
      return p.ok ? p.service : undefined;
    });
    this.wantReached = Uint8Array.from(expectations, (e) => (e.expect === 'delivered' ? 1 : 0));
  }

  /** Index of the expectation that judges this flow, or -1. */
  match(fromZone: number, toZone: number, proto: number, srcPort: number, dstPort: number, icmpType: number, icmpCode: number): number {
    for (let k = 0; k < this.size; k++) {
      if (this.from[k] !== fromZone || this.to[k] !== toZone) continue;
      const s = this.services[k];
      if (s === undefined || serviceMatchesFields(s, proto, srcPort, dstPort, icmpType, icmpCode)) return k;
    }
    return -1;
  }

  /** Whether disposition `code` satisfies expectation `k`. */
  holds(k: number, code: number): boolean {
    return (this.wantReached[k] === 1) === isReached(code);
  }
}
