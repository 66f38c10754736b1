/**
 * ClassBench parameter ("seed") files: the statistics ClassBench's generator draws rule sets from
 * (Taylor and Turner, "ClassBench: a packet classification benchmark", 2005/2007). Sections start with a
 * line `-name` and end with `#`:
 *   -scale             size of the rule set the statistics were taken from
 *   -prots             <protocol> <probability> then 25 probabilities, one per port-pair class (PORT_PAIR_CLASSES)
 *   -spar -spem -dpar -dpem   source/destination arbitrary ranges and exact ports: <probability> <lo>[:<hi>]
 *   -wc_wc … -em_em    per port-pair class, prefix lengths: <src+dst length>,<probability> then <src length>,<probability>…
 *   -snest -dnest      prefix nesting threshold (read, not used by our generator)
 *   -sskew -dskew      per trie level: <level> <p one child> <p two children> <skew = 1 - lighter/heavier>
 *   -pcorr             per level: <level> <probability that destination bit = source bit, given equal so far>
 * `-flags` and `-extra` are read over: segproof rules do not match TCP flags.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';

/** Port classes: wildcard, 0-1023, 1024-65535, exact, arbitrary range. */
export type PortClass = 'wc' | 'lo' | 'hi' | 'em' | 'ar';

/** The 25 port-pair classes (source class, destination class) in the seed's column order. */
export const PORT_PAIR_CLASSES: readonly (readonly [PortClass, PortClass])[] = (
  ['wc_wc', 'wc_hi', 'hi_wc', 'hi_hi', 'wc_lo', 'lo_wc', 'hi_lo', 'lo_hi', 'lo_lo', 'wc_ar', 'ar_wc', 'hi_ar', 'ar_hi', 'wc_em', 'em_wc', 'hi_em', 'em_hi', 'lo_ar', 'ar_lo', 'lo_em', 'em_lo', 'ar_ar', 'ar_em', 'em_ar', 'em_em'] as const
).map((n) => n.split('_') as [PortClass, PortClass]);

export interface Weighted<T> {
  readonly weight: number;
  readonly value: T;
}

export interface PrefixLengths {
  readonly total: number;
  readonly weight: number;
  /** Source lengths given the total (the destination's is the rest). */
  readonly src: readonly Weighted<number>[];
}

export interface TrieLevel {
  readonly oneChild: number;
  readonly twoChildren: number;
  readonly skew: number;
}

export interface ClassbenchSeed {
  readonly file: string;
  readonly scale: number;
  readonly protocols: readonly { readonly protocol: number; readonly weight: number; readonly portPairs: readonly number[] }[];
  readonly srcRanges: readonly Weighted<readonly [number, number]>[];
  readonly srcExact: readonly Weighted<readonly [number, number]>[];
  readonly dstRanges: readonly Weighted<readonly [number, number]>[];
  readonly dstExact: readonly Weighted<readonly [number, number]>[];
  /** Per port-pair class (index as in PORT_PAIR_CLASSES). */
  readonly prefixLengths: readonly (readonly PrefixLengths[])[];
  readonly srcTrie: readonly TrieLevel[];
  readonly dstTrie: readonly TrieLevel[];
  /** Indexed by level - 1. */
  readonly correlation: readonly number[];
}

const PPC_NAMES = new Map(PORT_PAIR_CLASSES.map(([s, d], i) => [`${s}_${d}`, i]));

export function parseClassbenchSeed(text: string, file: string): { seed: ClassbenchSeed | undefined; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const sections = new Map<string, { line: number; text: string }[]>();
  let current: { line: number; text: string }[] | undefined;
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    if (line === '#') {
      current = undefined;
      return;
    }
    if (/^-[a-z_]+$/.test(line)) {
      current = [];
      sections.set(line.slice(1), current);
      return;
    }
    if (!current) {
      diagnostics.push(bad(file, i + 1, `"${truncate(line)}" lies outside any section`, 'a section header such as -prots, or # to end one'));
      return;
    }
    current.push({ line: i + 1, text: line });
  });
  const numbers = (entry: { line: number; text: string }, what: string): number[] | undefined => {
    const values = entry.text.split(/[\s,]+/).map(Number);
    if (values.some((v) => !Number.isFinite(v))) {
      diagnostics.push(bad(file, entry.line, `${what} line "${truncate(entry.text)}" holds something that is not a number`, what));
      return undefined;
    }
    return values;
  };
  const ports = (name: string): Weighted<readonly [number, number]>[] =>
    (sections.get(name) ?? []).flatMap((entry) => {
      const m = /^([\d.eE+-]+)\s+(\d+)(?::(\d+))?$/.exec(entry.text);
      const lo = Number(m?.[2]);
      const hi = m?.[3] === undefined ? lo : Number(m[3]);
      if (!m || !(lo <= hi && hi <= 65535)) {
        diagnostics.push(bad(file, entry.line, `-${name} line "${truncate(entry.text)}" is not <probability> <lo>[:<hi>] within 0-65535`, '<probability> <lo>[:<hi>]'));
        return [];
      }
      return [{ weight: Number(m[1]), value: [lo, hi] as const }];
    });
  const trie = (name: string): TrieLevel[] =>
    (sections.get(name) ?? []).flatMap((entry) => {
      const v = numbers(entry, `-${name} (<level> <p one child> <p two children> <skew>)`);
      if (!v || v.length !== 4) return [];
      return [{ oneChild: v[1] as number, twoChildren: v[2] as number, skew: v[3] as number }];
    });
  const protocols = (sections.get('prots') ?? []).flatMap((entry) => {
    const v = numbers(entry, '-prots (<protocol> <probability> and 25 port-pair class probabilities)');
    if (!v) return [];
    if (v.length !== 27 || !((v[0] as number) >= 0 && (v[0] as number) <= 255)) {
      diagnostics.push(bad(file, entry.line, `-prots line has ${v.length} numbers`, '<protocol 0-255> <probability> and 25 port-pair class probabilities (27 numbers)'));
      return [];
    }
    return [{ protocol: v[0] as number, weight: v[1] as number, portPairs: v.slice(2) }];
  });
  const prefixLengths = PORT_PAIR_CLASSES.map(([s, d]) =>
    (sections.get(`${s}_${d}`) ?? []).flatMap((entry): PrefixLengths[] => {
      const v = numbers(entry, `-${s}_${d} (<total length>,<probability> then <source length>,<probability>…)`);
      if (!v || v.length < 4 || v.length % 2 !== 0) return [];
      const src: Weighted<number>[] = [];
      for (let k = 2; k < v.length; k += 2) src.push({ value: v[k] as number, weight: v[k + 1] as number });
      const total = v[0] as number;
      if (src.some((x) => x.value < 0 || x.value > 32 || total - x.value < 0 || total - x.value > 32)) {
        diagnostics.push(bad(file, entry.line, `-${s}_${d} line "${truncate(entry.text)}" gives a prefix length outside 0-32`, 'source and destination lengths 0-32 adding up to the total'));
        return [];
      }
      return [{ total, weight: v[1] as number, src }];
    }),
  );
  for (const name of sections.keys()) {
    if (!PPC_NAMES.has(name) && !['scale', 'prots', 'flags', 'extra', 'spar', 'spem', 'dpar', 'dpem', 'snest', 'sskew', 'dnest', 'dskew', 'pcorr'].includes(name)) {
      diagnostics.push(bad(file, 1, `unknown section -${name}`, 'the sections of a ClassBench seed file (-scale, -prots, -spar … -pcorr)'));
    }
  }
  if (protocols.length === 0) diagnostics.push(bad(file, 1, 'no -prots section with protocol lines', 'a -prots section'));
  if (prefixLengths.every((p) => p.length === 0)) diagnostics.push(bad(file, 1, 'no prefix-length section (-wc_wc … -em_em) with entries', 'at least one port-pair class with prefix lengths'));
  const correlation = (sections.get('pcorr') ?? []).flatMap((entry) => {
    const v = numbers(entry, '-pcorr (<level> <probability>)');
    return v && v.length === 2 ? [v[1] as number] : [];
  });
  const scale = Number(sections.get('scale')?.[0]?.text ?? NaN);
  const [srcRanges, srcExact, dstRanges, dstExact] = [ports('spar'), ports('spem'), ports('dpar'), ports('dpem')];
  const [srcTrie, dstTrie] = [trie('sskew'), trie('dskew')];
  if (diagnostics.length > 0) return { seed: undefined, diagnostics: diagnostics.sort((a, b) => (a.location?.line ?? 0) - (b.location?.line ?? 0)) };
  return {
    seed: {
      file,
      scale: Number.isFinite(scale) ? scale : 0,
      protocols,
      srcRanges,
      srcExact,
      dstRanges,
      dstExact,
      prefixLengths,
      srcTrie,
      dstTrie,
      correlation,
    },
    diagnostics,
  };
}

function bad(file: string, line: number, message: string, expected: string): Diagnostic {
  return { code: 'RULE020', severity: 'error', message, location: { file, line, column: 1 }, expected, hint: 'ClassBench seed files are written by its analyser; check the line was not cut or edited' };
}

function truncate(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
