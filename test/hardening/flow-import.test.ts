/**
 * Flow import never drops or mixes anything silently: wrong JSON types and repeated keys are per-row
 * errors with their line, a file that changes while it is read is an error, an empty file is unusable,
 * and an import with bad rows is not ok unless bad rows are allowed.
 */
import { mkdtempSync, renameSync, rmSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderDiagnostic } from '../../src/diagnostics/diagnostic.js';
import { importFlows, topLevelKeys } from '../../src/replay/import.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'segproof-import-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const f = path.join(dir, name);
  writeFileSync(f, text);
  return f;
}

const good = '{"src":"10.0.0.1","dst":"10.0.0.2","proto":"tcp","sport":1,"dport":443}';

describe('JSON Lines field types', () => {
  it('makes every wrongly typed field a per-row error with its line and keeps the good rows', async () => {
    const f = file('types.jsonl', [
      good,
      '{"src":"10.0.0.1","dst":"10.0.0.2","proto":"tcp","sport":1,"dport":"443"}',
      '{"src":167772161,"dst":"10.0.0.2","proto":"tcp","sport":1,"dport":443}',
      '{"src":"10.0.0.1","dst":"10.0.0.2","proto":"tcp","sport":[1],"dport":443}',
      '{"src":"10.0.0.1","dst":"10.0.0.2","proto":{"n":6},"sport":1,"dport":443}',
      '{"src":"10.0.0.1","dst":"10.0.0.2","proto":"tcp","sport":1,"dport":443,"start":5}',
      '{"src":"10.0.0.1","dst":"10.0.0.2","proto":"tcp","sport":1,"dport":443,"count":"2"}',
      '{"src":"10.0.0.1","dst":"10.0.0.2","proto":"tcp","sport":true,"dport":443}',
      '{"src":null,"dst":"10.0.0.2","proto":"tcp","sport":1,"dport":443}',
      '{"src":"10.0.0.1","dst":"10.0.0.2","proto":6,"sport":1,"dport":443,"start":null,"count":null,"timestamp":1700000000}',
      '',
    ].join('\n'));
    const r = await importFlows(f);
    expect(r.flows?.size).toBe(2);
    expect(r.rows).toBe(10);
    expect(r.badRows).toBe(8);
    expect(r.ok).toBe(false);
    expect(r.complete).toBe(false);
    expect(r.diagnostics.map((d) => `${d.location?.line}:${d.location?.column} ${d.code} ${d.message}`)).toEqual([
      '2:60 FLOW002 "dport" is the string "443", not a number',
      '3:2 FLOW002 "src" is the number 167772161, not a string',
      '4:50 FLOW002 "sport" is an array, not a number',
      '5:36 FLOW002 "proto" is an object, not a string or a number',
      '6:72 FLOW002 "start" is the number 5, not a string',
      '7:72 FLOW002 "count" is the string "2", not a number',
      '8:50 FLOW002 "sport" is the boolean true, not a number',
      '9:2 FLOW002 "src" is null, not a string',
    ]);
    expect(renderDiagnostic(r.diagnostics[0]!)).toBe(
      `${f}:2:60: error FLOW002: "dport" is the string "443", not a number\n  expected: "dport": 443\n  hint: write the number without quotes: "dport": 443`,
    );
  });

  it('finds a key given twice in one object (JSON.parse would keep the last), escaped spellings included', async () => {
    const f = file('dup.jsonl', [
      '{"src":"10.0.0.1","dst":"10.0.0.2","proto":"tcp","sport":1,"dport":22,"dport":443}',
      '{"src":"10.0.0.1","dst":"10.0.0.2","proto":"tcp","sport":1,"dport":443,"\\u0073rc":"10.9.9.9"}',
      '{"src":"10.0.0.1","dst":"10.0.0.2","proto":"tcp","sport":1,"dport":443,"start":"a,\\"src\\":b"}',
      good,
    ].join('\n'));
    const r = await importFlows(f);
    expect(r.diagnostics.map((d) => `${d.location?.line}:${d.location?.column} ${d.code} ${d.message}`)).toEqual([
      '1:71 FLOW002 key "dport" appears twice in one object',
      '2:72 FLOW002 key "src" appears twice in one object',
    ]);
    // The third row's value merely contains "src": not a repeated key (it fails nowhere without a topology).
    expect(r.flows?.size).toBe(2);
    expect(r.badRows).toBe(2);
  });

  it('scans top-level keys only, skipping strings and nested values', () => {
    expect(topLevelKeys('{"a":{"b":1,"c":[1,{"d":2}]},"e":"x,\\"f\\":1","g":null}').map((k) => k.key)).toEqual(['a', 'e', 'g']);
  });
});

describe('a flow file that changes while it is read', () => {
  const header = 'src,dst,proto,sport,dport,start\n';
  const rows = (n: number) => Array.from({ length: n }, (_, i) => `10.0.${i % 250}.1,10.1.0.${i % 250},tcp,${1024 + (i % 60000)},443,pc\n`).join('');

  it('reports a file truncated during the read as FLOW007, never as results', async () => {
    const f = file('shrinks.csv', header + rows(20_000));
    let calls = 0;
    const r = await importFlows(f, {
      knowsStart: () => {
        if (calls++ === 0) truncateSync(f, 1000);
        return true;
      },
    });
    expect(r.ok).toBe(false);
    expect(r.complete).toBe(false);
    expect(r.flows).toBeUndefined();
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]!.code).toBe('FLOW007');
    expect(r.diagnostics[0]!.message).toMatch(/^the flow file changed while it was being read \(its size went from \d+ to 1000 bytes\); its rows are not used$/);
  });

  it('reports a file modified in place (same size) as FLOW007', async () => {
    const f = file('modified.csv', header + rows(10));
    let calls = 0;
    const r = await importFlows(f, {
      knowsStart: () => {
        if (calls++ === 0) {
          writeFileSync(f, (header + rows(10)).replace('10.0.0.1', '10.0.0.9'));
          utimesSync(f, new Date(), new Date(Date.now() + 5000));
        }
        return true;
      },
    });
    expect(r.flows).toBeUndefined();
    expect(r.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual(['FLOW007 the flow file changed while it was being read (it was modified); its rows are not used']);
  });

  it('reports a file replaced (renamed over) during the read as FLOW007', async () => {
    const f = file('rotated.csv', header + rows(10));
    const next = file('next.csv', header + rows(10));
    let calls = 0;
    const r = await importFlows(f, {
      knowsStart: () => {
        if (calls++ === 0) renameSync(next, f);
        return true;
      },
    });
    expect(r.flows).toBeUndefined();
    expect(r.diagnostics.map((d) => d.message)).toEqual(['the flow file changed while it was being read (it was replaced by another file); its rows are not used']);
  });
});

describe('bad and missing rows', () => {
  it('a file without flow rows is unusable (FLOW008), in CSV and JSON Lines', async () => {
    for (const f of [file('header-only.csv', 'src,dst,proto,sport,dport\n# nothing yet\n'), file('empty.jsonl', '\n# comment\n')]) {
      const r = await importFlows(f);
      expect(r.ok).toBe(false);
      expect(r.flows).toBeUndefined();
      expect(r.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual(['FLOW008 flow file holds no flow rows']);
    }
  });

  it('allowBadRows keeps ok true but never claims the import is complete', async () => {
    const f = file('mixed.csv', 'src,dst,proto,sport,dport\n10.0.0.1,10.0.0.2,tcp,1,443\n10.0.0.1,10.0.0.256,tcp,1,443\n');
    const r = await importFlows(f, { allowBadRows: true });
    expect(r.ok).toBe(true);
    expect(r.complete).toBe(false);
    expect(r.badRows).toBe(1);
    expect(r.flows?.size).toBe(1);
  });

  it('every row bad: usable but empty, not ok', async () => {
    const f = file('all-bad.csv', 'src,dst,proto,sport,dport\n10.0.0.1,10.0.0.256,tcp,1,443\n');
    const r = await importFlows(f);
    expect(r.ok).toBe(false);
    expect(r.flows?.size).toBe(0);
    expect(r.badRows).toBe(1);
  });
});
