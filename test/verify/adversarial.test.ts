/**
 * The adversarial corpus (test/adversarial/): small networks, half leaks and half secure look-alikes, each
 * with a ground truth decided from how real devices behave and written in its header. `segproof verify`
 * must exit as the header says, report every check the header names as violated, and report nothing
 * violated on a secure file. A file's header is the specification; segproof's answer never edits it.
 * `NAME.scenario.yaml` next to a file declares the approved flows (exceptions) that network relies on.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runVerify } from './helpers.js';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../adversarial');

interface Header {
  readonly truth: 'leak' | 'secure';
  readonly klass: string;
  readonly exit: number;
  readonly violated: readonly string[];
}

function header(file: string): Header {
  const text = readFileSync(path.join(dir, file), 'utf8');
  const field = (key: string) => {
    const m = new RegExp(`^# ${key}: (.*)$`, 'm').exec(text);
    if (!m) throw new Error(`${file}: header has no "${key}:" line`);
    return (m[1] as string).trim();
  };
  const truth = field('ground-truth');
  if (truth !== 'leak' && truth !== 'secure') throw new Error(`${file}: ground-truth must be leak or secure`);
  const list = field('expect-violated').replace(/^\[|\]$/g, '').split(',').map((s) => s.trim()).filter((s) => s !== '');
  return { truth, klass: field('class'), exit: Number(field('expect-exit')), violated: list };
}

const files = readdirSync(dir).filter((f) => f.endsWith('.yaml') && !f.endsWith('.scenario.yaml')).sort();

describe('the adversarial corpus', () => {
  it('has at least 30 networks, about half leaks, and a secure look-alike for every leak class', () => {
    const headers = files.map(header);
    expect(files.length).toBeGreaterThanOrEqual(30);
    const leaks = headers.filter((h) => h.truth === 'leak');
    expect(leaks.length / headers.length).toBeGreaterThan(0.4);
    expect(leaks.length / headers.length).toBeLessThan(0.6);
    const secureClasses = new Set(headers.filter((h) => h.truth === 'secure').map((h) => h.klass));
    expect(leaks.map((h) => h.klass).filter((k) => !secureClasses.has(k))).toEqual([]);
    for (const h of headers) expect(h.exit).toBe(h.truth === 'leak' ? 1 : 0);
  });

  for (const file of files) {
    const h = header(file);
    it(`${file}: ${h.truth === 'leak' ? `leak (${h.klass}) reported as ${h.violated.join(', ')}` : `secure look-alike (${h.klass}) holds`}`, async () => {
      const scenario = path.join(dir, file.replace(/\.yaml$/, '.scenario.yaml'));
      const r = await runVerify([path.join(dir, file), '--json', ...(existsSync(scenario) ? ['--scenario', scenario] : [])]);
      // Warnings only (a secure file may set aside a route that never wins: TOPO061); nothing else on stderr.
      expect(r.err.split('\n').filter((l) => l !== '' && !/^\S+:\d+:\d+: warning [A-Z]+\d+: /.test(l) && !/^ {2}(expected|hint): /.test(l))).toEqual([]);
      const report = JSON.parse(r.out) as { results: { id: string; status: string }[] };
      const failed = report.results.filter((x) => x.status === 'fail').map((x) => x.id);
      if (h.truth === 'secure') expect(failed).toEqual([]);
      else expect(failed).toEqual(expect.arrayContaining([...h.violated]));
      expect(r.code).toBe(h.exit);
    });
  }
});
