/**
 * ACL-only renderings of Cisco-like platforms, as Aerleon writes them for NX-OS (`nxacl`), IOS-XR
 * (`xacl`), Arista EOS (`eacl`) and Brocade (`bacl`): `no ip access-list N` / `ip access-list N` (or
 * `ipv4 access-list N`, `ip access-list extended|standard N`) followed by indented entries, `remark`s,
 * `exit`, and `ipv6 access-list` twins (ignored; any other `ipv6` statement, like every statement that
 * is not an ACL, is unknown and verdict-changing: `ipv6 unicast-routing` or an `ip helper-address`
 * relay would be a path past the IPv4 ACLs). The entries are read by the Cisco ACL-line parser
 * (cisco-acl-line.ts), rules made by cisco-config.ts's `entryRule` (the same over-approximation:
 * a permit forgets what segproof cannot check, such a deny is left out).
 *
 * Entries are in the order the device evaluates them, by sequence number, not by their place in the file:
 * `20 deny …` written before `10 permit …` comes second, and a list written again later with `15 permit …`
 * inserts that entry between 10 and 20; an entry without a number gets 10 past the highest so far.
 *
 * The files carry no interfaces: each ACL is bound to a synthetic interface of the same name,
 * direction `in`, with the platforms' implicit deny as default. Map it onto a segment with
 * `--topology host.yaml --segment <acl>=<segment>`.
 */
import type { RawAcl, RawNode } from '../../topology/format.js';
import { LineLedger } from '../ledger.js';
import { NameSpace, safeName } from '../names.js';
import type { DeviceImport, DeviceInterface, Importer, ImportOptions, InputFile } from '../types.js';
import { parseAclEntry, type AclContext } from './cisco-acl-line.js';
import { entryRule, lineDescription, markAll, parseBlocks, type Block } from './cisco-config.js';

const IPV6 = 'IPv6 (segproof models IPv4 only)';

export interface AclDialect {
  readonly format: string;
  readonly description: string;
  /** The platform in words, for messages. */
  readonly platform: string;
  /** Keyword pairs that open an IPv4 ACL: `ip access-list`, `ipv4 access-list`. */
  readonly heads: readonly string[];
  /** How a dotted second address is read. */
  readonly style: AclContext['style'];
  /** Entry-level lines that cannot change a verdict (`statistics per-entry`, `counters per-entry`). */
  readonly harmlessChildren: readonly string[];
  /** A keyword before an entry's sequence number (FastIron: `sequence 10 permit …`); a bare number is read too. */
  readonly sequenceKeyword?: string;
  /**
   * Whether a remark takes a sequence number of its own (and so moves the number the next unnumbered entry
   * gets). `'unsure'`: both readings are made, and an entry whose place in the ACL differs between them is
   * unknown and verdict-changing. Default: true.
   */
  readonly remarksNumbered?: boolean | 'unsure';
}

/**
 * The sequence numbers of one ACL's lines, as the device gives them: an explicit number, else 10 past the
 * highest so far. A number already taken is refused or merged differently by each platform.
 */
class Numbering {
  private readonly taken = new Map<number, number>();
  private highest = 0;
  constructor(readonly remarksNumbered: boolean) {}

  /** The number of a line, or `{ duplicateOf }` (the line holding it); undefined for a remark that takes none. */
  next(explicit: number | undefined, remark: boolean): number | { duplicateOf: number } | undefined {
    if (explicit === undefined && remark && !this.remarksNumbered) return undefined;
    const seq = explicit ?? this.highest + 10;
    const first = this.taken.get(seq);
    if (first !== undefined) return { duplicateOf: first };
    return seq;
  }

  take(seq: number, line: number): void {
    this.taken.set(seq, line);
    this.highest = Math.max(this.highest, seq);
  }
}

/** Column (1-based) of token `k` of a line. */
function columnOf(text: string, k: number): number {
  const re = /\S+/g;
  let m: RegExpExecArray | null;
  let i = 0;
  while ((m = re.exec(text)) !== null) {
    if (i === k) return m.index + 1;
    i++;
  }
  return 1;
}

export function aclRenderingImporter(dialect: AclDialect): Importer {
  return {
    format: dialect.format,
    description: dialect.description,
    importDevice(files: readonly InputFile[], options: ImportOptions): DeviceImport {
      const ledgers = files.map((f) => new LineLedger(f.path, f.text));
      const first = files[0];
      const device = options.deviceName ?? safeName(first ? first.path.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '') : dialect.format);
      const ctx: AclContext = { style: dialect.style };
      const aclNames = new NameSpace();
      const acls: RawAcl[] = [];
      const interfaces: DeviceInterface[] = [];
      const remarks = dialect.remarksNumbered ?? true;
      type Numbered = { rule: RawAcl['rules'][number]; seq: number; alt: number | undefined; line: number; ledger: LineLedger };
      const byName = new Map<string, { name: string; line: number; file: string; text: string; rules: Numbered[]; ruleNames: NameSpace; numbering: Numbering; alt: Numbering | undefined }>();
      for (const ledger of ledgers) {
        for (const b of parseBlocks(ledger)) readTop(b, ledger);
      }

      function readTop(b: Block, ledger: LineLedger): void {
        const t = b.tokens;
        const head = `${t[0] ?? ''} ${t[1] ?? ''}`;
        if (t[0] === 'exit' && t.length === 1) {
          markAll(b, (n) => (n === b.line ? ledger.ignored(n, 'leaves the ACL block') : ledger.unknown(n, 'unexpected indented line after exit', true)));
          return;
        }
        if ((t[0] === 'ipv6' && t[1] === 'access-list') || (t[0] === 'no' && t[1] === 'ipv6' && t[2] === 'access-list')) {
          markAll(b, (n) => ledger.ignored(n, IPV6));
          return;
        }
        if (t[0] === 'ipv6' || (t[0] === 'no' && t[1] === 'ipv6')) {
          // Not the IPv6 twin of an ACL: IPv6 routing or addressing (`ipv6 unicast-routing`, …). The file
          // names no interfaces, so whether the device routes IPv6 past these IPv4 ACLs cannot be told:
          // such a line is read as any other statement that is not an ACL (unknown, verdict-changing).
          markAll(b, (n) => ledger.unknown(n, `IPv6 routing or addressing in an ACL-only ${dialect.platform} rendering: IPv6 routed past the IPv4 ACLs is a path segproof does not model`, true));
          return;
        }
        if (t[0] === 'no' && dialect.heads.includes(`${t[1] ?? ''} ${t[2] ?? ''}`)) {
          // Deletes the list before it is written anew: the ACL is exactly the entries that follow.
          byName.delete(t[t.length - 1] ?? '');
          ledger.understood(b.line);
          markAll(b, (n) => (n === b.line ? undefined : ledger.unknown(n, 'unexpected indented line', true)));
          return;
        }
        if (!dialect.heads.includes(head)) {
          markAll(b, (n) => ledger.unknown(n, `not an ACL statement of an ACL-only ${dialect.platform} rendering`, true));
          return;
        }
        let standard = false;
        let name = t[2];
        if (t[2] === 'standard' || t[2] === 'extended') {
          standard = t[2] === 'standard';
          name = t[3];
        }
        if (name === undefined || t.length > (t[2] === name ? 3 : 4)) {
          markAll(b, (n) => ledger.unknown(n, `expected "${head} [standard|extended] NAME"`, true));
          return;
        }
        ledger.understood(b.line);
        // Entries of a list written again (without `no … access-list` before) are appended, as on the device.
        const acl = byName.get(name) ?? {
          name, line: b.line, file: ledger.file, text: b.text, rules: [], ruleNames: new NameSpace(),
          numbering: new Numbering(remarks !== false), alt: remarks === 'unsure' ? new Numbering(false) : undefined,
        };
        byName.set(name, acl);
        const { rules, ruleNames } = acl;
        for (const c of b.children) {
          let tokens = c.tokens;
          let skipped = 0;
          let explicit: number | undefined;
          if (/^\d+$/.test(tokens[0] ?? '')) {
            explicit = Number(tokens[0]);
            tokens = tokens.slice(1);
            skipped = 1;
          } else if (dialect.sequenceKeyword !== undefined && tokens[0] === dialect.sequenceKeyword && /^\d+$/.test(tokens[1] ?? '')) {
            explicit = Number(tokens[1]);
            tokens = tokens.slice(2);
            skipped = 2;
          }
          if (c.children.length > 0) markAll(c, (n) => (n === c.line ? undefined : ledger.unknown(n, 'unexpected nested line in an ACL', true)));
          const harmless = dialect.harmlessChildren.some((h) => tokens.join(' ') === h);
          // Every line but counters and deletions takes a number, read or not (in each reading of remarks).
          let seq: number | undefined;
          let alt: number | undefined;
          if (!harmless && tokens[0] !== 'no') {
            const remark = tokens[0] === 'remark';
            const numbers = [acl.numbering, acl.alt].map((n) => n?.next(explicit, remark));
            const duplicate = numbers.find((n): n is { duplicateOf: number } => typeof n === 'object');
            if (duplicate) {
              ledger.unknown(c.line, `sequence number ${explicit} is already taken in this ACL (line ${duplicate.duplicateOf}): ${dialect.platform} refuses the entry or replaces the earlier one, which segproof cannot tell; the entry is left out`, true);
              continue;
            }
            [seq, alt] = numbers as (number | undefined)[];
            if (seq !== undefined) acl.numbering.take(seq, c.line);
            if (alt !== undefined) acl.alt?.take(alt, c.line);
          }
          if (tokens[0] === 'remark') {
            ledger.ignored(c.line, 'remark');
            continue;
          }
          if (harmless) {
            ledger.ignored(c.line, 'counters');
            continue;
          }
          const parsed = parseAclEntry(tokens, ctx, standard);
          if (!parsed.ok) {
            ledger.unknown(c.line, `ACL ${name}: ${parsed.reason}`, true, columnOf(c.text, parsed.token + skipped));
            continue;
          }
          const { rule, fate } = entryRule(parsed.entry, ruleNames.name(`l${c.line}`), lineDescription(ledger.file, c.line, c.text));
          if (fate.fate === 'approximated') ledger.approximated(c.line, fate.reason);
          else ledger.understood(c.line);
          if (rule) rules.push({ rule, seq: seq as number, alt, line: c.line, ledger });
        }
      }

      for (const acl of byName.values()) {
        const aclName = aclNames.name(acl.name);
        interfaces.push({ name: aclName, description: `synthetic: where ${dialect.platform} ACL ${acl.name} is applied (map it with --segment ${aclName}=<segment>)`, line: { file: acl.file, line: acl.line } });
        acls.push({
          name: aclName,
          bind: { interface: safeName(aclName), direction: 'in' },
          default: 'deny',
          rules: inDeviceOrder(acl.rules, dialect.platform),
          description: `${dialect.platform} ACL ${acl.name} (implicit deny at its end): ${lineDescription(acl.file, acl.line, acl.text)}`,
        });
      }

      const node: RawNode = { kind: 'router', interfaces: {}, ...(acls.length > 0 ? { acls } : {}) };
      return { device, interfaces, fragment: { nodes: { [device]: node } }, ledgers };
    },
  };
}

/**
 * An ACL's rules by sequence number (stable). Where remarks may or may not take a number, an entry whose place
 * differs between the two readings is unknown and verdict-changing.
 */
function inDeviceOrder(rules: readonly { rule: RawAcl['rules'][number]; seq: number; alt: number | undefined; line: number; ledger: LineLedger }[], platform: string): RawAcl['rules'] {
  const bySeq = [...rules].sort((a, b) => a.seq - b.seq);
  const byAlt = [...rules].sort((a, b) => (a.alt ?? a.seq) - (b.alt ?? b.seq));
  if (byAlt.some((r, i) => r !== bySeq[i])) {
    for (const r of rules) {
      if (r.alt === undefined || r.alt === r.seq) continue;
      r.ledger.unknown(r.line, `${platform}: whether a remark takes a sequence number decides this entry's number (${r.seq} or ${r.alt}) and so its place among the numbered entries of the ACL, which segproof cannot tell`, true);
    }
  }
  return bySeq.map((r) => r.rule);
}
