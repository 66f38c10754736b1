/**
 * The fast loader (parseSource: the YAML subset parser, falling back to the Document) against its slow
 * twin (parseSourceDocument) on random documents: the same diagnostics, the same data (key order, -0 and
 * NaN included) and the same file:line:column for every key and value path and for paths that leave the
 * data. Documents are rendered from random data in random styles — block and flow, JSON, compact lists,
 * empty values, quoted keys, comments, CR LF line ends — with, now and then, what the subset declines:
 * anchors and aliases, tags, block and multi-line scalars, directives, tabs, duplicate keys.
 *
 * Runs: SEGPROOF_LOADER_RUNS, default 3,000 under CI and 500 otherwise. The seed is printed on every run;
 * SEGPROOF_LOADER_SEED=<seed> replays it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSource, type DataPath } from '../../src/topology/source.js';
import { parseSourceDocument } from '../../src/topology/source-document.js';
import { parseYamlSubset } from '../../src/topology/yaml-subset.js';

const SEED = Number(process.env.SEGPROOF_LOADER_SEED ?? Date.now() % 2 ** 31);
const RUNS = Number(process.env.SEGPROOF_LOADER_RUNS ?? (process.env.CI ? 3000 : 500));

type Data = null | boolean | number | string | Data[] | { [key: string]: Data };

/** Scalars that the core schema reads in every way it can, and text that needs quoting. */
const PLAIN_TEXT = ['a', 'name', 'fw-core', 'tcp/443', '10.1.2.3', '10.0.0.0/8', '00:11:22:33:44:55', 'a:b', 'http://x/y', 'a#b', '日本語', 'x y z', '-x', '.x', '~x', 'nully', 'trueish', 'svc-office'];
const CORE_FORMS = ['null', 'Null', 'NULL', '~', 'true', 'True', 'FALSE', 'false', '0o17', '0o8', '0x1F', '0xg', '-0', '+12', '007', '1e3', '-1.5E-2', '.5', '1.', '+.inf', '-.Inf', '.NaN', '.nan', '1_000', '0b101'];
const NEEDS_QUOTES = ['', ' lead', 'trail ', 'a: b', 'a #b', '- x', '#x', '@x', '`x', '%x', '[x]', '{x}', 'a,b', '!x', '&x', '*x', '|', '>', "it's", 'say "hi"', 'tab\there', 'line\nbreak', 'back\\slash', '\u0085', 'é'];
/** Characters the subset declines anywhere (controls but tab and line feed, DEL, C1, BOM, U+2028/2029). */
const ODD_CHARACTERS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\ufeff\u2028\u2029]/;
const KEYS = ['a', 'b', 'name', 'rules', '1', '01', '2', '0x1f', '1.0', 'true', 'null', '~', '-0', '.inf', '__proto__', 'constructor', 'toString', 'a b', '日本', 'k-1', 'x:y'];

const scalar: fc.Arbitrary<Data> = fc.oneof(
  fc.constantFrom(...PLAIN_TEXT, ...CORE_FORMS, ...NEEDS_QUOTES),
  fc.integer({ min: -1000, max: 100000 }),
  fc.double({ noNaN: false }),
  fc.boolean(),
  fc.constant(null),
  fc.string({ maxLength: 6 }),
);
const key = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...KEYS) }, { weight: 1, arbitrary: fc.string({ maxLength: 4 }) });
const { data } = fc.letrec<{ data: Data }>((tie) => ({
  data: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('data'), { maxLength: 4 }),
    fc.array(fc.tuple(key, tie('data')), { maxLength: 4 }).map((entries) => {
      const map: Record<string, Data> = {};
      for (const [k, v] of entries) Object.defineProperty(map, k, { value: v, enumerable: true, writable: true, configurable: true });
      return map;
    }),
  ),
}));

/** Small deterministic choices for the renderer, from one seed fast-check shrinks. */
function chooser(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n) => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) % n);
  };
}

/**
 * YAML text for `value` in random styles. `spice` is the chance (out of 100) of each feature the subset
 * declines; with 0 the text stays inside the subset.
 */
function render(value: Data, r: (n: number) => number, spice: number): string {
  const odd = (): boolean => r(100) < spice;
  const pad = (n: number): string => ' '.repeat(Math.max(0, n));
  const comment = (): string => (r(6) === 0 ? `${pad(1 + r(2))}# note${r(2) ? ' with: colon' : ''}` : '');
  const ownLineComment = (indent: number): string => (r(8) === 0 ? `${pad(r(indent + 3))}# between\n` : '');
  const anchor = (): string => (odd() ? `&a${r(3)} ` : '');
  const tag = (): string => (odd() ? ['!!str ', '!local ', '!!binary '][r(3)] as string : '');

  const plainSafe = (s: string): boolean => !/^(?:~|null|Null|NULL)$/.test(s) && /^[A-Za-z0-9_./~+-][^\n\t,[\]{}#]*$/.test(s) && !/[:]\s|[:]$|\s$|^[-?:][\s]/.test(s) && !/^[-?:]$/.test(s);
  const quoted = (s: string): string => (r(2) === 0 || /[\n\\\t]/.test(s) || /[\u0080-\u009f]/.test(s) ? JSON.stringify(s) : `'${s.replace(/'/g, "''")}'`);
  const scalarText = (v: Data, flow: boolean): string => {
    if (v === null) return (['null', '~', 'Null'] as const)[r(3)] as string;
    if (typeof v === 'boolean') return v ? (['true', 'True', 'TRUE'][r(3)] as string) : (['false', 'False'][r(2)] as string);
    if (typeof v === 'number') {
      if (Number.isInteger(v) && v >= 0 && r(4) === 0) return r(2) ? `0x${v.toString(16)}` : `0o${v.toString(8)}`;
      if (Number.isNaN(v)) return '.nan';
      if (!Number.isFinite(v)) return v > 0 ? '.inf' : '-.inf';
      return String(v);
    }
    if (typeof v !== 'string') return '';
    if (odd() && !flow) return `|\n  ${v.replace(/\n/g, ' ')}`; // a block scalar (its line end follows)
    if (odd()) return `"${v}\n  continued"`;
    if (odd()) return v; // plain even if it must not be
    return plainSafe(v) && r(3) !== 0 ? v : quoted(v);
  };
  const keyText = (k: string): string => (odd() ? `? ${k}` : (plainSafe(k) && r(3) !== 0) || (odd() && k !== '') ? k : quoted(k)); // a plain null key is declined

  const flow = (v: Data, indent: number): string => {
    const sep = (): string => (r(4) === 0 ? `,\n${pad(indent + 1 + r(3))}` : r(3) === 0 ? ',' : ', ');
    if (Array.isArray(v)) return `${anchor()}[${v.map((x) => flow(x, indent)).join(sep())}${odd() ? ',' : ''}]`;
    if (v !== null && typeof v === 'object') {
      const entry = (k: string, x: Data): string => {
        const written = keyText(k);
        return `${written}:${r(5) === 0 && /^["']/.test(written) ? '' : ' '}${flow(x, indent)}`; // JSON-like keys may touch their colon
      };
      return `${anchor()}{${Object.entries(v).map(([k, x]) => entry(k, x)).join(sep())}}`;
    }
    if (odd()) return `*a${r(3)}`;
    return `${tag()}${scalarText(v, true)}`;
  };

  /** What follows `key:` or `- ` on the same line, and the lines after it; entries of nested blocks at `inner`. */
  const after = (v: Data, indent: number, compactSeq: boolean): string => {
    if (v === null && r(3) === 0) return `${pad(r(3))}${comment()}\n`; // an empty value
    if (v !== null && typeof v === 'object') {
      const empty = Array.isArray(v) ? v.length === 0 : Object.keys(v).length === 0;
      if (empty || r(4) === 0) return ` ${flow(v, indent)}${comment()}\n`;
      const inner = Array.isArray(v) && compactSeq && r(2) === 0 ? indent : indent + 1 + r(3);
      return `${anchor() ? ` &n${r(3)}` : ''}${comment()}\n${ownLineComment(inner)}${block(v, inner)}`;
    }
    if (odd()) return ` *a${r(3)}\n`;
    return ` ${tag()}${scalarText(v, false)}${comment()}\n`;
  };

  const block = (v: Data, indent: number): string => {
    if (Array.isArray(v)) {
      return v.map((item) => {
        if (item !== null && typeof item === 'object' && !Array.isArray(item) && Object.keys(item).length > 0 && r(2) === 0) {
          // a compact mapping: the first key on the dash's line
          const inner = indent + 2;
          return `${pad(indent)}-${pad(1)}${block(item, inner).slice(inner)}`;
        }
        return `${pad(indent)}-${after(item, indent, false)}${ownLineComment(indent)}`;
      }).join('');
    }
    if (v !== null && typeof v === 'object') {
      const entries = Object.entries(v);
      if (odd() && entries.length > 0) entries.push(entries[0] as [string, Data]); // a duplicate key
      return entries.map(([k, x]) => `${pad(indent)}${keyText(k)}${r(6) === 0 ? ' ' : ''}:${after(x, indent, true)}${ownLineComment(indent)}`).join('');
    }
    return `${pad(indent)}${scalarText(v, false)}\n`;
  };

  let text: string;
  if (r(8) === 0) text = JSON.stringify(value, null, r(3) === 0 ? undefined : 1 + r(4)) ?? 'null';
  else if (value === null || typeof value !== 'object' || Object.keys(value).length === 0 || r(6) === 0) text = `${flow(value, -1)}\n`;
  else text = block(value, r(3) === 0 ? r(3) : 0);
  if (odd()) text = `---\n${text}`;
  if (odd()) text = `%YAML 1.1\n---\n${text}`;
  if (odd()) text = text.replace(/\n/g, '\r\n');
  if (odd()) text = text.replace(/^ {2}/m, '\t');
  if (r(5) === 0) text = `# header comment\n\n${text}`;
  if (r(5) === 0) text = text.replace(/\n$/, '');
  return text;
}

/** Data as text that tells apart what toEqual might not: key order, -0, NaN, and shared objects. */
function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
    return `${typeof value}:${JSON.stringify(value)}`;
  }
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  return `{${Object.keys(value).map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
}

/** Every key and index path into the data, and paths that leave it. */
function paths(value: unknown, prefix: DataPath = []): DataPath[] {
  const out: DataPath[] = [prefix, [...prefix, 'no-such-key'], [...prefix, 0], [...prefix, 99]];
  if (value !== null && typeof value === 'object') {
    if (Array.isArray(value)) value.forEach((item, i) => out.push(...paths(item, [...prefix, i]), [...prefix, String(i)]));
    else for (const k of Object.keys(value)) out.push(...paths((value as Record<string, unknown>)[k], [...prefix, k]));
  }
  return out;
}

function compare(text: string): boolean {
  const fast = parseSource(text, 'random.yaml');
  const slow = parseSourceDocument(text, 'random.yaml');
  expect(fast.diagnostics).toEqual(slow.diagnostics);
  expect(fast.warnings).toEqual(slow.warnings);
  expect(canonical(fast.source.data)).toBe(canonical(slow.source.data));
  for (const p of paths(slow.source.data)) {
    expect(fast.source.locateKey(p), `key ${JSON.stringify(p)}`).toEqual(slow.source.locateKey(p));
    expect(fast.source.locateValue(p), `value ${JSON.stringify(p)}`).toEqual(slow.source.locateValue(p));
  }
  return parseYamlSubset(text) !== undefined;
}

describe(`fast loader and its Document twin (seed ${SEED}, ${RUNS} runs; SEGPROOF_LOADER_SEED to replay)`, () => {
  it('give the same data, diagnostics and positions on random documents', () => {
    console.log(`[loader twins] seed ${SEED} (SEGPROOF_LOADER_SEED=${SEED}), ${RUNS} runs`);
    let accepted = 0;
    fc.assert(
      fc.property(data, fc.integer(), fc.constantFrom(0, 3, 10), (value, choice, spice) => {
        const text = render(value, chooser(choice), spice);
        if (compare(text)) accepted++;
      }),
      { numRuns: RUNS, seed: SEED },
    );
    console.log(`[loader twins] the subset parser read ${accepted} of ${RUNS} documents itself`);
    expect(accepted).toBeGreaterThan(RUNS / 3); // the fast path is what is being compared
  });

  it('read documents in the subset\'s own styles without falling back', () => {
    fc.assert(
      fc.property(data, fc.integer(), (value, choice) => {
        const text = render(value, chooser(choice), 0);
        fc.pre(!ODD_CHARACTERS.test(text)); // declined by design, wherever they stand
        const slow = parseSourceDocument(text, 'random.yaml');
        fc.pre(slow.diagnostics.length === 0 && slow.warnings.length === 0);
        expect(parseYamlSubset(text), JSON.stringify(text)).toBeDefined();
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('agree on files with CR LF line ends, which the subset reads too', () => {
    fc.assert(
      fc.property(data, fc.integer(), (value, choice) => {
        const text = render(value, chooser(choice), 0).replace(/\n/g, '\r\n');
        fc.pre(!ODD_CHARACTERS.test(text.replace(/\r\n/g, '\n')));
        compare(text);
        if (parseSourceDocument(text, 'random.yaml').diagnostics.length === 0) expect(parseYamlSubset(text.replace(/\r\n/g, '\n'))).toBeDefined();
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('read number-like plain scalars (addresses, prefixes, floats, hex, octal) alike, keys and values, repeated', () => {
    // The subset tells numbers from text by their characters before any regular expression, and reuses
    // the strings of short plain scalars it read before: both are held to the twin here.
    const numberLike = fc.stringMatching(/^[0-9][0-9a-fA-FxXoO.eE+\-_/]{0,12}$/);
    fc.assert(
      fc.property(fc.array(numberLike, { minLength: 1, maxLength: 6 }), (texts) => {
        const lines = texts.flatMap((t, i) => [`k${i}: ${t}`, `${t}x${i}: [${t}, ${t}]`]);
        compare(`${lines.join('\n')}\n`);
        compare(`[${texts.join(', ')}]\n`);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('agree on hand-picked edge cases', () => {
    const cases = [
      'a:\n- 1\n- 2\nb: x\n',
      'a:   # c\n  b: 1\n',
      'a: \nb:\n',
      '- \n-   # c\n- x\n',
      '- - a\n  - b\n- c: 1\n  d: 2\n',
      '{"a":1,"b":[true,null,"x"]}',
      '[1, 2,\n 3]\n',
      'k: [1,\n2]\n',
      'x: "a\\u00e9\\x41\\U0001F600"\n',
      "x: 'it''s'\n",
      '__proto__: 1\nb: 2\n',
      '2: a\n1: b\nx: c\n',
      'a: 1\na: 2\n',
      'a: b: c\n',
      'a: x\n  y\n',
      '  a: 1\n  b: 2\n',
      '"a b" : 1\n',
      'a: [x]#c\n',
      'a: !!str 1\n',
      'a: &x 1\nb: *x\n',
      '%YAML 1.1\n---\na: !!binary aGk=\n',
      '',
      '# only a comment\n',
      'a: 1\r\nb: 2\r\n',
      'a:\r\n  - x # c\r\n  -\r\nb: \r\n',
      'a: 1\rb: 2\n',
      'a:\n\t- 1\n',
    ];
    for (const text of cases) compare(text);
  });
});
