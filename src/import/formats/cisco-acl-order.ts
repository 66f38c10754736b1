/**
 * Sequence-number order for the ACL-only renderings of IOS-XR, NX-OS, Arista EOS and Brocade FastIron
 * (aerleon-acl-renderings.ts), whose entries the device evaluates by sequence number, not by their
 * place in the file: `20 deny …` written before `10 permit …` comes second, and a list written again
 * later with `15 permit …` inserts that entry between 10 and 20. An entry without a number gets 10
 * past the highest so far (it is appended); remarks take a number too on these platforms.
 *
 * The rendering importer keeps file order; this wrapper reads the same ACL blocks again, numbers
 * every entry line as the device would, and sorts each ACL's rules by the number of the line their
 * `file:line` description names (stable, so numbered and unnumbered files alike keep their order
 * where the numbers agree with it). An entry reusing a number already taken is refused or merged
 * differently by each platform: its rule is left out and its line made unknown and verdict-changing.
 */
import type { RawNode, RawRule } from '../../topology/format.js';
import { LineLedger } from '../ledger.js';
import type { DeviceImport, Importer, ImportOptions, InputFile } from '../types.js';
import { parseBlocks } from './cisco-config.js';

export interface SequencedDialect {
  /** Keyword pairs that open an IPv4 ACL, as in the rendering dialect. */
  readonly heads: readonly string[];
  /** Entry-level lines that are not entries (`statistics per-entry`): they take no number. */
  readonly harmlessChildren: readonly string[];
  readonly platform: string;
  /** A keyword before the number (FastIron: `sequence 10 permit …`); a bare leading number is read too. */
  readonly sequenceKeyword?: string;
  /**
   * Whether a remark takes a sequence number of its own (and so moves the number the next unnumbered
   * entry gets). `'unsure'`: both readings are computed, and where they order an ACL differently the
   * entries whose number differs are unknown and verdict-changing. Default: true.
   */
  readonly remarksNumbered?: boolean | 'unsure';
}

const key = (file: string, line: number) => `${line}\n${file}`;

export function inSequenceOrder(importer: Importer, dialect: SequencedDialect): Importer {
  return {
    ...importer,
    importDevice(files: readonly InputFile[], options: ImportOptions): DeviceImport {
      const imported = importer.importDevice(files, options);
      const numbering = (remarksNumbered: boolean) => {
        const seqOf = new Map<string, number>();
        const duplicates: { file: number; line: number; seq: number; first: number }[] = [];
        // the entries of each list so far (a `no … access-list NAME` starts it afresh), across files
        const lists = new Map<string, { seq: number; line: number }[]>();
        files.forEach((f, k) => {
          for (const b of parseBlocks(new LineLedger(f.path, f.text))) {
            const t = b.tokens;
            if (t[0] === 'no' && dialect.heads.includes(`${t[1] ?? ''} ${t[2] ?? ''}`)) {
              lists.delete(t[t.length - 1] ?? '');
              continue;
            }
            if (!dialect.heads.includes(`${t[0] ?? ''} ${t[1] ?? ''}`)) continue;
            const name = t[2] === 'standard' || t[2] === 'extended' ? t[3] : t[2];
            if (name === undefined) continue;
            const list = lists.get(name) ?? [];
            lists.set(name, list);
            for (const c of b.children) {
              const tokens = c.tokens;
              if (tokens[0] === 'no' || dialect.harmlessChildren.includes(tokens.join(' '))) continue;
              const keyword = dialect.sequenceKeyword !== undefined && tokens[0] === dialect.sequenceKeyword && /^\d+$/.test(tokens[1] ?? '');
              const explicit = keyword ? Number(tokens[1]) : /^\d+$/.test(tokens[0] ?? '') ? Number(tokens[0]) : undefined;
              if (explicit === undefined && !remarksNumbered && tokens[0] === 'remark') continue;
              const seq = explicit ?? list.reduce((m, e) => Math.max(m, e.seq), 0) + 10;
              const taken = list.find((e) => e.seq === seq);
              if (taken) {
                duplicates.push({ file: k, line: c.line, seq, first: taken.line });
                continue;
              }
              list.push({ seq, line: c.line });
              seqOf.set(key(f.path, c.line), seq);
            }
          }
        });
        return { seqOf, duplicates };
      };
      const remarks = dialect.remarksNumbered ?? true;
      const { seqOf, duplicates } = numbering(remarks !== false);
      // the other reading of remarks, where the platform's is not known
      const other = remarks === 'unsure' ? numbering(false) : undefined;
      if (other) {
        for (const d of other.duplicates) if (!duplicates.some((e) => e.file === d.file && e.line === d.line)) duplicates.push(d);
      }
      for (const d of duplicates) {
        imported.ledgers[d.file]?.unknown(d.line, `sequence number ${d.seq} is already taken in this ACL (line ${d.first}): ${dialect.platform} refuses the entry or replaces the earlier one, which segproof cannot tell; the entry is left out`, true);
      }
      const dropped = new Set(duplicates.map((d) => key(files[d.file]?.path ?? '', d.line)));
      // `file:line` of a rule's description, for the longest file path it starts with
      const paths = [...new Set(files.map((f) => f.path))].sort((a, b) => b.length - a.length);
      const lineKey = (r: RawRule): string | undefined => {
        const d = r.description ?? '';
        for (const p of paths) {
          const m = d.startsWith(`${p}:`) ? /^(\d+)\s/.exec(d.slice(p.length + 1)) : null;
          if (m) return key(p, Number(m[1]));
        }
        return undefined;
      };
      for (const node of Object.values(imported.fragment.nodes ?? {}) as RawNode[]) {
        if (!('acls' in node) || !node.acls) continue;
        for (const acl of node.acls) {
          const numbered = acl.rules
            .map((rule, index) => {
              const k = lineKey(rule);
              return { rule, index, k, seq: k === undefined ? undefined : seqOf.get(k) };
            })
            .filter((r) => r.k === undefined || !dropped.has(r.k));
          // a rule whose line has no number (none expected) keeps the number of the rule before it
          let last = 0;
          for (const r of numbered) last = r.seq = r.seq ?? last;
          numbered.sort((a, b) => (a.seq as number) - (b.seq as number) || a.index - b.index);
          acl.rules = numbered.map((r) => r.rule);
          if (other) {
            // the order if remarks take no number: where it differs, which one the device has decides
            let prev = 0;
            const alt = numbered
              .map((r) => ({ ...r, alt: r.k === undefined ? undefined : other.seqOf.get(r.k) }))
              .sort((a, b) => a.index - b.index)
              .map((r) => ({ ...r, alt: (prev = r.alt ?? prev) }))
              .sort((a, b) => a.alt - b.alt || a.index - b.index);
            if (alt.some((r, i) => r.rule !== acl.rules[i])) {
              for (const r of alt) {
                if (r.k === undefined || r.alt === r.seq) continue;
                const [line, file] = r.k.split('\n');
                const at = files.findIndex((f) => f.path === file);
                imported.ledgers[at]?.unknown(Number(line), `${dialect.platform}: whether a remark takes a sequence number decides this entry's number (${r.seq as number} or ${r.alt}) and so its place among the numbered entries of the ACL, which segproof cannot tell`, true);
              }
            }
          }
        }
      }
      return imported;
    },
  };
}
