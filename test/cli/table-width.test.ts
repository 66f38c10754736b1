/**
 * Table columns are measured in terminal columns: wide and full-width characters (kanji, kana, full-width
 * forms) take two, so a Japanese heading or name keeps the columns after it aligned; ASCII tables come out
 * exactly as when columns were measured by String.length.
 */
import { describe, expect, it } from 'vitest';
import { displayWidth, isWide, padEndDisplay } from '../../src/diagnostics/display-width.js';
import { renderTable } from '../../src/cli/table.js';

describe('displayWidth', () => {
  it('counts ASCII, Latin and ambiguous characters (→ … —) one each', () => {
    expect(displayWidth('')).toBe(0);
    expect(displayWidth('core-fw 10.20.0.0/16')).toBe(20);
    expect(displayWidth('café → … —')).toBe(10);
  });

  it('counts kanji, hiragana, katakana, CJK punctuation and full-width forms two each', () => {
    expect(displayWidth('本庁舎')).toBe(6);
    expect(displayWidth('ひらがな')).toBe(8);
    expect(displayWidth('マイナンバー利用事務系')).toBe(22);
    expect(displayWidth('（MN）')).toBe(6); // full-width parentheses
    expect(displayWidth('、。「」')).toBe(8);
    expect(displayWidth('ＡＢ１')).toBe(6);
    expect(displayWidth('LGWAN接続系')).toBe(11);
  });

  it('counts half-width katakana one each and a supplementary ideograph two (one code point, not two UTF-16 units)', () => {
    expect(displayWidth('ｶﾀｶﾅ')).toBe(4);
    expect(displayWidth('𠀋')).toBe(2);
    expect(displayWidth('a𠀋b')).toBe(4);
  });

  it('knows the edges of the ranges', () => {
    expect([0x303e, 0x303f, 0x3041, 0x4e00, 0x9fff, 0xff01, 0xff60, 0xff61, 0xffe6, 0xffe7].map(isWide)).toEqual([true, false, true, true, true, true, true, false, true, false]);
    expect([0x10ff, 0x1100, 0x2e7f, 0x2e80].map(isWide)).toEqual([false, true, false, true]);
  });

  it('pads by columns', () => {
    expect(padEndDisplay('本庁舎', 8)).toBe('本庁舎  ');
    expect(padEndDisplay('abc', 5)).toBe('abc  ');
    expect(padEndDisplay('本庁舎', 4)).toBe('本庁舎');
  });
});

describe('renderTable', () => {
  /** Where each cell of a row starts, in terminal columns. */
  const starts = (line: string, cells: readonly string[]): number[] => {
    let from = 0;
    return cells.map((c) => {
      const at = line.indexOf(c, from);
      from = at + c.length;
      return displayWidth(line.slice(0, at));
    });
  };

  it('aligns the columns after Japanese headings and cells', () => {
    const rows = [['本庁舎', 'lg_servers', '10'], ['県セキュリティクラウド', 'dmz', '2'], ['dc', 'ガバメントクラウド', '300']];
    const lines = renderTable(['拠点', 'セグメント', '台数'], rows).split('\n');
    expect(starts(lines[0] as string, ['拠点', 'セグメント', '台数'])).toEqual([0, 24, 44]);
    for (const [i, r] of rows.entries()) expect(starts(lines[i + 2] as string, r)).toEqual([0, 24, 44]);
    expect(lines[1]).toBe(`${'-'.repeat(22)}  ${'-'.repeat(18)}  ----`);
  });

  it('gives ASCII tables exactly what padding by String.length gave', () => {
    const byLength = (header: readonly string[], rows: readonly (readonly (string | number)[])[]): string => {
      const cells = [header, ...rows].map((r) => r.map(String));
      const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
      const line = (r: readonly string[]) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
      return [line(cells[0] as string[]), line(widths.map((w) => '-'.repeat(w))), ...cells.slice(1).map(line)].join('\n');
    };
    const header = ['node', 'acl', 'binding', 'rules', 'permit/deny', 'at'];
    const rows = [
      ['core-fw (firewall, stateful; no ACL: deny)', 'INET_INTERNAL', 'zone-pair INET -> INET', 13, '13/0', 'topologies/beta-prime-city.yaml:227'],
      ['', 'LG_TO_MN', 'zone-pair LG -> MN', 2, '1/1', 'x.yaml:1'],
      ['r', '', 'in on inside', 0, '0/0', ''],
    ];
    expect(renderTable(header, rows)).toBe(byLength(header, rows));
  });
});
