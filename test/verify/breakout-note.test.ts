/**
 * R5's note about local (branch) breakout appears only where the topology has one: a path from the Internet
 * segment to the Internet that avoids the security cloud.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runVerify } from './helpers.js';

const root = path.resolve(import.meta.dirname, '../..');
/** The firewall lets INET out to the Internet directly: a breakout. */
const withBreakout = `model: beta-prime\n${readFileSync(path.join(root, 'test/replay/fixtures/small-city.yaml'), 'utf8')}`;
/** The same network without the permit: nothing leaves INET for the Internet. */
const withoutBreakout = withBreakout.replace('{ name: web_out, action: permit, service: [tcp/80, tcp/443] }', '{ name: web_out, action: deny }');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'segproof-breakout-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function r5(text: string): Promise<{ status: string; notes: string[] }> {
  const file = path.join(dir, `t${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, text);
  const { out } = await runVerify([file, '--json']);
  const results = (JSON.parse(out) as { results: { id: string; status: string; notes: string[] }[] }).results;
  return results.find((r) => r.id === 'R5')!;
}

describe('R5 breakout note', () => {
  it('is shown when INET reaches the Internet without the security cloud', async () => {
    const result = await r5(withBreakout);
    expect(result.status).toBe('fail');
    expect(result.notes.filter((n) => n.includes('breakout'))).toEqual([
      'INET>INTERNET: a path from the Internet segment to the Internet that avoids the security cloud is a local (branch) breakout: the guideline accepts one only where its firewall logs are collected and kept; declare an approved one as an exception applying to INET>INTERNET, with that justification',
    ]);
  });

  it('is not shown where there is no breakout', async () => {
    expect(withoutBreakout).not.toBe(withBreakout);
    const result = await r5(withoutBreakout);
    expect(result.status).toBe('pass');
    expect(result.notes.filter((n) => n.includes('breakout'))).toEqual([]);
  });
});
