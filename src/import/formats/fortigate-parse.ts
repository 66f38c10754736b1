/**
 * FortiOS configuration text (`show full-configuration` or a backup file) as a tree:
 * `config <path>` sections holding `edit <name>` entries (or `set`s directly), entries holding
 * `set key value…` settings and nested sections, closed by `next` and `end`. Values keep their
 * quoting undone (`set member "a b" "c"` → ["a b", "c"]).
 */
import type { LineLedger } from '../ledger.js';

export interface FgSetting {
  readonly key: string;
  readonly values: readonly string[];
  readonly line: number;
  /** `unset key` (the default restored). */
  readonly unset: boolean;
  /** `append key value…` (added to the list so far). */
  readonly append?: boolean | undefined;
}

export interface FgEntry {
  readonly name: string;
  readonly line: number;
  readonly settings: FgSetting[];
  readonly sections: FgSection[];
  /** The `next` line. */
  end?: number | undefined;
}

export interface FgSection {
  readonly path: string;
  readonly line: number;
  readonly entries: FgEntry[];
  /** Settings directly under the section (`config system global` / `set hostname …`). */
  readonly settings: FgSetting[];
  readonly sections: FgSection[];
  /** The `end` line. */
  end?: number | undefined;
}

/** Words of one line, quotes undone; undefined when a quote is left open. */
export function fgWords(line: string): string[] | undefined {
  const out: string[] = [];
  let i = 0;
  while (i < line.length) {
    const c = line[i] as string;
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      let value = '';
      while (j < line.length && line[j] !== c) {
        if (line[j] === '\\' && j + 1 < line.length) j++;
        value += line[j];
        j++;
      }
      if (j >= line.length) return undefined;
      out.push(value);
      i = j + 1;
    } else {
      let j = i;
      while (j < line.length && !/[\s"']/.test(line[j] as string)) j++;
      out.push(line.slice(i, j));
      i = j;
    }
  }
  return out;
}

export interface ParsedFortigate {
  readonly root: FgSection;
  readonly stray: { line: number; reason: string }[];
}

/**
 * Parses the whole text. Comment lines (`#config-version=…`, `#conf_file_ver=…`) are ignored;
 * a multi-line quoted value (a `set comments` or a certificate) is joined.
 */
export function parseFortigate(text: string, ledger: LineLedger): ParsedFortigate {
  const root: FgSection = { path: '', line: 0, entries: [], settings: [], sections: [] };
  const stray: { line: number; reason: string }[] = [];
  const sections: FgSection[] = [root];
  let entry: FgEntry | undefined;
  const entries: (FgEntry | undefined)[] = [undefined];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = i + 1;
    let raw = lines[i] as string;
    const t = raw.trim();
    if (t === '') continue;
    if (t.startsWith('#')) {
      ledger.ignored(line, 'comment or configuration header');
      continue;
    }
    let words = fgWords(raw);
    let last = line;
    // A quoted value that runs over several lines (comments, certificates, replacement messages).
    while (words === undefined && last < lines.length) {
      raw = `${raw}\n${lines[last] as string}`;
      last++;
      words = fgWords(raw);
    }
    if (words === undefined) {
      stray.push({ line, reason: 'a quoted value is never closed' });
      break;
    }
    for (let l = line + 1; l <= last; l++) ledger.ignored(l, 'continuation of a multi-line value');
    i = last - 1;
    const [verb, ...rest] = words;
    const section = sections[sections.length - 1] as FgSection;
    if (verb === 'config') {
      const child: FgSection = { path: rest.join(' '), line, entries: [], settings: [], sections: [] };
      (entry ?? section).sections.push(child);
      sections.push(child);
      entries.push(entry);
      entry = undefined;
    } else if (verb === 'edit') {
      if (entry) stray.push({ line, reason: '"edit" inside an entry without "next"' });
      entry = { name: rest.join(' '), line, settings: [], sections: [] };
      section.entries.push(entry);
    } else if (verb === 'next') {
      if (!entry) stray.push({ line, reason: '"next" without "edit"' });
      else entry.end = line;
      entry = undefined;
    } else if (verb === 'end') {
      if (sections.length <= 1) {
        stray.push({ line, reason: '"end" without "config"' });
        continue;
      }
      section.end = line;
      sections.pop();
      entry = entries.pop();
    } else if (verb === 'set' || verb === 'unset' || verb === 'append' || verb === 'select') {
      const [key, ...values] = rest;
      if (!key) stray.push({ line, reason: `"${verb}" without a setting` });
      else (entry ?? section).settings.push({ key, values, line, unset: verb === 'unset', ...(verb === 'append' ? { append: true } : {}) });
    } else stray.push({ line, reason: `"${verb}" is not a FortiOS configuration statement` });
  }
  return { root, stray };
}
