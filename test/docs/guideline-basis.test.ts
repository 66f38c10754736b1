/**
 * Every guideline basis segproof cites resolves to an entry of docs/guideline-basis.md, and every entry
 * names its source (by seed file, in the sources table), where in the source the words stand, and quotes them.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MODELS } from '../../src/topology/format.js';
import { matrixCells } from '../../src/verify/matrix/cells.js';
import { PACKS } from '../../src/verify/packs/index.js';

const DOC = 'docs/guideline-basis.md';
const doc = readFileSync(DOC, 'utf8');
/** Anchors as a Markdown renderer makes them from headings (GitHub's rule), and explicit `<a id>` ones. */
const slug = (heading: string) => heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
const anchors = new Set([
  ...[...doc.matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1] as string)),
  ...[...doc.matchAll(/<a (?:id|name)="([^"]+)"/g)].map((m) => m[1] as string),
]);

/** The text of each entry, from its heading to the next heading. */
const entries = [...doc.matchAll(/^### (B-[A-Z0-9-]+)\s*\n([^]*?)(?=^##)/gm)].map((m) => ({ id: m[1] as string, body: m[2] as string }));

/** Every `docs/guideline-basis.md#…` written anywhere in the sources. */
function citedInSource(dir: string, out: { file: string; anchor: string }[] = []): { file: string; anchor: string }[] {
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) citedInSource(file, out);
    else if (file.endsWith('.ts')) for (const m of readFileSync(file, 'utf8').matchAll(/docs\/guideline-basis\.md#([\w-]+)/g)) out.push({ file, anchor: m[1] as string });
  }
  return out;
}

describe('guideline basis links', () => {
  it('the document has entries', () => {
    expect(entries.length).toBeGreaterThan(30);
    for (const e of entries) expect(anchors.has(e.id.toLowerCase())).toBe(true);
  });

  it('every invariant of every pack cites anchors that exist', () => {
    const missing: string[] = [];
    for (const model of MODELS) {
      for (const inv of PACKS[model].invariants) {
        const links = inv.basis.split(/,\s*/);
        expect(links.length, `${inv.id} cites no basis`).toBeGreaterThan(0);
        for (const link of links) {
          const m = /^docs\/guideline-basis\.md#(b-[a-z0-9-]+)$/.exec(link);
          if (!m || !anchors.has(m[1] as string)) missing.push(`${model} ${inv.id}: ${link}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('every cell of every separation matrix cites anchors that exist', () => {
    const missing = MODELS.flatMap((model) => matrixCells(model).flatMap((c) => (c.basis.length === 0 ? [`${model} ${c.id}: none`] : c.basis.filter((b) => !anchors.has(b.toLowerCase())).map((b) => `${model} ${c.id}: ${b}`))));
    expect(missing).toEqual([]);
  });

  it('every link into the document from the sources, and within it, resolves', () => {
    const fromSource = citedInSource('src').filter((c) => !anchors.has(c.anchor)).map((c) => `${c.file}: #${c.anchor}`);
    const within = [...doc.matchAll(/\]\(#([\w-]+)\)/g)].map((m) => m[1] as string).filter((a) => !anchors.has(a));
    expect([...fromSource, ...within]).toEqual([]);
  });
});

describe('guideline basis entries', () => {
  const sources = new Map([...doc.matchAll(/^\| (S\d{3}) \| `(\d{3}_[0-9a-f]+\.txt)` \|/gm)].map((m) => [m[1] as string, m[2] as string]));

  it('the sources table names the seed file of every source', () => {
    expect([...sources.keys()]).toEqual(['S000', 'S001', 'S002', 'S003', 'S004']);
    for (const [id, file] of sources) expect(file.startsWith(id.slice(1))).toBe(true);
  });

  it('every entry names a source with its seed file and a place in it, and quotes it', () => {
    const lacking = entries.filter((e) => {
      const lines = [...e.body.matchAll(/^\*\*(S\d{3})\*\*.*$/gm)];
      const cited = lines.map((l) => /^\*\*(S\d{3})\*\* \(`([^`]+)`\) — (\S.*)$/.exec(l[0]));
      const quoted = /^> \S/m.test(e.body);
      return cited.length === 0 || !quoted || cited.some((c) => !c || sources.get(c[1] as string) !== c[2]);
    });
    expect(lacking.map((e) => e.id)).toEqual([]);
  });
});
