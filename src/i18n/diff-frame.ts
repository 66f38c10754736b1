/**
 * The words of a diff report (its text and its HTML page) in each language. Names, file:line, header ranges,
 * dispositions and check IDs stay as they are; zone classes, node kinds and channels take the guideline's
 * terms in Japanese.
 */
import type { ResultStatus } from '../verify/result.js';
import { CHECK_TITLES_JA } from './checks-ja.js';
import type { Lang } from './lang.js';
import { violationSummaryJa } from './localise-report.js';
import { rewrite, type Rules } from './rewrite.js';
import { DISPOSITION_JA, reasonJa } from './trace-ja.js';
import type { Disposition } from '../engine/disposition.js';
import { CHANNEL_JA, classJa, NODE_KIND_JA } from './terms-ja.js';

export interface DiffFrame {
  readonly classes: (c: readonly string[]) => string;
  readonly kind: (kind: string) => string;
  readonly channel: (channel: string) => string;
  readonly status: (s: ResultStatus | 'absent') => string;
  readonly checkTitle: (id: string, kind: 'invariant' | 'property', title: string) => string;
  readonly summary: (text: string) => string;
  readonly before: string;
  /** `after` padded to the width of `before`, for the witness lines. */
  readonly afterPadded: string;
  readonly after: string;
  readonly notSent: (reason: string | undefined) => string;
  readonly noTrace: string;
  readonly newMark: string;
  readonly removedMark: string;
  readonly andMore: (shown: string, more: number) => string;
  readonly sources: (n: number) => string;
  readonly headers: string;
  /** Columns taken by `    headers: ` on a terminal (a CJK character takes two), to align the further header lines. */
  readonly headersWidth: number;
  readonly witness: string;
  /** After a witness's header: who sent it. */
  readonly from: (source: string) => string;
  /** One version's side of a witness: where the trace ended and the rule that decided it. */
  readonly side: (label: string, disposition: string, at: string, rule: string | undefined) => string;
  /** A rule whose match set changed: its kind, where, and what it now decides. */
  readonly ruleChange: (kind: string, where: string, detail: string | undefined) => string;
  readonly aHostOn: (segment: string) => string;
  readonly forged: string;
  readonly nextHopChosen: (via: string) => string;
  readonly notConfirmed: string;
  readonly by: string;
  readonly what: Readonly<Record<'regression' | 'fixed' | 'changed', string>>;
  readonly head: (before: string, after: string) => string;
  readonly version: (name: string, file: string, scenario: string | undefined) => string;
  readonly partial: string;
  readonly reachChanges: (n: number, added: number, removed: number) => string;
  readonly pairHead: (from: string, to: string, critical: boolean, added: number, removed: number) => string;
  readonly chains: (appeared: number, disappeared: number) => string;
  readonly statusChanges: (n: number, regressions: number) => string;
  readonly ruleChanges: (n: number) => string;
  readonly ruleWhere: (before: string | undefined, after: string | undefined) => string;
  readonly endpoints: string;
  readonly beforeOnly: string;
  readonly afterOnly: string;
  readonly noDifferences: string;
  readonly total: (c: { changes: number; added: number; removed: number; critical: number; appeared: number; disappeared: number; statusChanges: number; regressions: number; ruleChanges: number; ms: number | undefined }) => string;
  /** The HTML page. */
  readonly pageVerdict: (added: number, removed: number, appeared: number, disappeared: number, regressions: number) => string;
  readonly pageOver: string;
  readonly gateways: string;
  readonly none: string;
  readonly pageNotSent: string;
  /** One version's side of a witness on the page: how it ended, why, and its path. */
  readonly pageSide: (label: string, disposition: string | undefined, at: string | undefined, reason: string | undefined, path: readonly string[]) => string;
  /** A deciding rule on the page. */
  readonly pageRule: (label: string, node: string, description: string) => string;
  readonly pageWitness: (text: string, start: string, via: string | undefined, spoofed: boolean, confirmed: boolean) => string;
  readonly pageArrives: (channel: string, target: string, appeared: boolean) => string;
  readonly changeLine: (source: string, destination: string, reach: string, isNew: boolean) => string;
  readonly oneVersionOnly: string;
  readonly newTitle: string;
  readonly removedTitle: string;
  readonly appearedTitle: string;
  readonly disappearedTitle: string;
  readonly chainsAppeared: string;
  readonly chainsDisappeared: string;
}

function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

const EN: DiffFrame = {
  classes: (c) => (c.length ? c.join('+') : 'no class'),
  kind: (kind) => kind,
  channel: (channel) => channel,
  status: (s) => s,
  checkTitle: (_id, _kind, title) => title,
  summary: (text) => text,
  before: 'before',
  afterPadded: 'after ',
  after: 'after',
  notSent: (reason) => `not sent (${reason ?? 'no such start'})`,
  noTrace: 'no trace',
  newMark: '+ new    ',
  removedMark: '- removed',
  andMore: (shown, more) => `${shown} and ${more} more`,
  sources: (n) => `${n} sources`,
  headers: 'headers',
  headersWidth: 13,
  witness: 'witness',
  from: (source) => ` from ${source}`,
  side: (label, disposition, at, rule) => `${label}: ${disposition} at ${at}${rule ? ` — ${rule}` : ''}`,
  ruleChange: (kind, where, detail) => `${kind}${where ? ` (${where})` : ''}${detail ? ` — ${detail}` : ''}`,
  aHostOn: (segment) => `a host on segment ${segment}`,
  forged: 'a forged source address',
  nextHopChosen: (via) => `next hop ${via} chosen by the sender`,
  notConfirmed: '[NOT confirmed by the simulator]',
  by: 'by',
  what: { regression: 'regression', fixed: 'fixed', changed: 'changed' },
  head: (before, after) => `Diff ${before} → ${after}`,
  version: (name, file, scenario) => `${name} (${file}${scenario ? `, scenario ${scenario}` : ''})`,
  partial: 'PARTIAL — not everything was compared:',
  reachChanges: (n, added, removed) => `Reach changes: ${n} (${added} new, ${removed} removed)`,
  pairHead: (from, to, critical, added, removed) => `== ${from} → ${to}${critical ? ' (MN / MN_GC / LG / LGWAN)' : ''}: ${added} new, ${removed} removed ==`,
  chains: (appeared, disappeared) => `Information-flow chains across gateways: ${appeared} appeared, ${disappeared} disappeared`,
  statusChanges: (n, regressions) => `Status changes: ${n}${regressions ? ` (${plural(regressions, 'regression')})` : ''}`,
  ruleChanges: (n) => `Rules whose effective match set changed: ${n}`,
  ruleWhere: (before, after) => [before ? `before ${before}` : '', after ? `after ${after}` : ''].filter(Boolean).join(', '),
  endpoints: 'Endpoints in one version only:',
  beforeOnly: 'before only',
  afterOnly: 'after only',
  noDifferences: 'No differences.',
  total: (c) =>
    `${plural(c.changes, 'reach change')} (${c.added} new, ${c.removed} removed; ${c.critical} touching MN, MN_GC, LG or LGWAN), ` +
    `${plural(c.appeared, 'chain')} appeared, ${c.disappeared} disappeared, ${plural(c.statusChanges, 'status change')}${c.regressions ? ` (${plural(c.regressions, 'regression')})` : ''}, ` +
    `${plural(c.ruleChanges, 'rule change')}${c.ms !== undefined ? ` — ${c.ms.toFixed(0)} ms` : ''}`,
  pageVerdict: (added, removed, appeared, disappeared, regressions) =>
    `${added} reach change${added === 1 ? '' : 's'} new, ${removed} removed, ${appeared} flow chains appeared, ${disappeared} disappeared, ${regressions} regression${regressions === 1 ? '' : 's'}`,
  pageOver: 'over',
  gateways: 'gateways',
  none: 'none',
  pageNotSent: 'not sent (the start does not exist in this version)',
  pageSide: (label, disposition, at, reason, path) => `${label}: ${disposition ?? 'no trace'}${at ? ` at ${at}` : ''}${reason ? ` — ${reason}` : ''}${path.length ? ` (path ${path.join(' → ')})` : ''}`,
  pageRule: (label, node, description) => `${label}: ${node}: ${description}`,
  pageWitness: (text, start, via, spoofed, confirmed) => `witness: ${text} from ${start}${via ? ` via ${via} (the sender's choice of next hop)` : ''}${spoofed ? ' (forged source address)' : ''}${confirmed ? '' : ' — NOT confirmed by the simulator'}`,
  pageArrives: (channel, target, appeared) => `${channel} ${appeared ? 'arrives' : 'no longer arrives'} at ${target}`,
  changeLine: (source, destination, reach, isNew) => `${source} ${isNew ? 'newly reaches' : 'no longer reaches'} ${destination} by ${reach}`,
  oneVersionOnly: 'the source or the destination exists in one version only',
  newTitle: 'NEW',
  removedTitle: 'REMOVED',
  appearedTitle: 'APPEARED',
  disappearedTitle: 'DISAPPEARED',
  chainsAppeared: 'flow chains appeared',
  chainsDisappeared: 'flow chains disappeared',
};

/** Diff's endpoint kinds beyond the node kinds. */
const ENDPOINT_KIND_JA: Readonly<Record<string, string | undefined>> = { pool: 'プール', segment: 'セグメント', gateway: 'ゲートウェイ', 'network-device': 'ネットワーク機器' };

const RULE_CHANGE_JA: Readonly<Record<string, string | undefined>> = { added: '追加', removed: '削除', changed: '変更', moved: '移動' };
const REASON_JA: Readonly<Record<string, string | undefined>> = { action: '動作', match: '一致条件', position: '位置', 'earlier-rules': '前のルール', binding: '適用先' };

/** The rule that decided a witness's fate (diff/witness.ts, the simulator's deciding rules). */
const DECIDING: Rules = [
  [/^(permit|deny) by (?:the default|rule (\S+)) of ACL (\S+) \[(.*)\]$/s, (m) => `ACL ${m[3]} [${m[4]}] ${m[2] ? `ルール ${m[2]} ` : '既定の動作'}により${m[1] === 'permit' ? '許可' : '拒否'}`],
  [/^(?:the default|rule (\S+)) of ACL (\S+) \((.*)\)( \(.+\))?$/s, (m) => `ACL ${m[2]} (${m[3]}) の${m[1] ? `ルール ${m[1]}` : '既定の動作'}${m[4] ?? ''}`],
  [/^route (\S+) (.*) \(vrf (\S+)\)( \(.+\))?$/s, (m) => `経路 ${m[1]} ${m[2]} (vrf ${m[3]})${m[4] ?? ''}`],
  [/^firewall (\S+): no ACL applies \(default deny\)( \(.+\))?$/s, (m) => `ファイアウォール ${m[1]}：適用するACLがない（既定で拒否）${m[2] ?? ''}`],
  [/^host (\S+): hosts do not forward( \(.+\))?$/s, (m) => `ホスト ${m[1]}：ホストは転送しない${m[2] ?? ''}`],
  [/^([\w-]+) (\S+): admission( \(.+\))?$/s, (m) => `${(NODE_KIND_JA as Record<string, string | undefined>)[m[1] as string] ?? m[1]} ${m[2]}：受け入れの判定${m[3] ?? ''}`],
  [/^(source|destination) NAT rule (\S+) translates (\S+) to (\S+)$/, (m) => `${m[1] === 'source' ? '送信元' : '宛先'}NATルール ${m[2]} が ${m[3]} を ${m[4]} に変換`],
];
/** A deciding rule's description (with its file:line, kept) in Japanese; readdress check's witnesses use it too. */
export const decidingJa = (text: string): string => {
  const m = /^(.*?)( \([^()]*:\d+\))?$/s.exec(text) as RegExpExecArray;
  return `${rewrite(m[1] as string, DECIDING)}${m[2] ?? ''}`;
};

/** A rule change's detail (diff.ts): why, and what it now decides or no longer decides. */
const ruleDetailJa = (detail: string): string =>
  detail
    .split('; ')
    .map((part) =>
      rewrite(part, [
        [/^because of (.*)$/s, (m) => `理由：${(m[1] as string).split(', ').map((r) => REASON_JA[r] ?? r).join('、')}`],
        [/^ACL (\S+)$/, (m) => `ACL ${RULE_CHANGE_JA[m[1] as string] ?? m[1]}`],
        [/^now decides (.*)$/s, (m) => `新たに決める：${m[1]}`],
        [/^no longer decides (.*)$/s, (m) => `決めなくなった：${m[1]}`],
      ]),
    )
    .join('；');

const STATUS_JA: Readonly<Record<ResultStatus | 'absent', string>> = { pass: '成立', fail: '違反', 'not-applicable': '対象外', 'not-checkable': '検査不能', absent: 'なし' };

const JA: DiffFrame = {
  classes: (c) => (c.length ? c.map(classJa).join('+') : '区分なし'),
  kind: (kind) => ENDPOINT_KIND_JA[kind] ?? (NODE_KIND_JA as Record<string, string | undefined>)[kind] ?? kind,
  channel: (channel) => (CHANNEL_JA as Record<string, string | undefined>)[channel] ?? channel,
  status: (s) => STATUS_JA[s],
  checkTitle: (id, kind, title) => (kind === 'invariant' ? (CHECK_TITLES_JA[id] ?? title) : title),
  summary: violationSummaryJa,
  before: '変更前',
  afterPadded: '変更後',
  after: '変更後',
  notSent: (reason) => `送信されない（${reason ?? 'その送信元がない'}）`,
  noTrace: '追跡なし',
  newMark: '+ 新規',
  removedMark: '- 消滅',
  andMore: (shown, more) => `${shown} ほか ${more} 件`,
  sources: (n) => `送信元 ${n}`,
  headers: 'ヘッダ',
  headersWidth: 12,
  witness: '実例',
  from: (source) => `（送信元 ${source}）`,
  side: (label, disposition, at, rule) => `${label}: ${at} で${DISPOSITION_JA[disposition as Disposition]?.name ?? disposition}（${disposition}）${rule ? ` — ${decidingJa(rule)}` : ''}`,
  ruleChange: (kind, where, detail) => `${RULE_CHANGE_JA[kind] ?? kind}${where ? `（${where}）` : ''}${detail ? ` — ${ruleDetailJa(detail)}` : ''}`,
  aHostOn: (segment) => `セグメント ${segment} 上のホスト`,
  forged: '偽の送信元アドレス',
  nextHopChosen: (via) => `送信元が選んだ次ホップ ${via}`,
  notConfirmed: '［シミュレータで確認できない］',
  by: '経路',
  what: { regression: '後退', fixed: '解消', changed: '変化' },
  head: (before, after) => `差分：${before} → ${after}`,
  version: (name, file, scenario) => `${name}（${file}${scenario ? `、シナリオ ${scenario}` : ''}）`,
  partial: '部分的 — すべては比較していない：',
  reachChanges: (n, added, removed) => `到達の変化：${n}（新規 ${added}、消滅 ${removed}）`,
  pairHead: (from, to, critical, added, removed) => `== ${classJa(from)} → ${classJa(to)}${critical ? '（MN / MN_GC / LG / LGWAN）' : ''}：新規 ${added}、消滅 ${removed} ==`,
  chains: (appeared, disappeared) => `ゲートウェイをまたぐ情報の流れ：出現 ${appeared}、消滅 ${disappeared}`,
  statusChanges: (n, regressions) => `状態の変化：${n}${regressions ? `（後退 ${regressions}）` : ''}`,
  ruleChanges: (n) => `実効的な一致範囲が変わったルール：${n}`,
  ruleWhere: (before, after) => [before ? `変更前 ${before}` : '', after ? `変更後 ${after}` : ''].filter(Boolean).join('、'),
  endpoints: '一方の版にだけある端点：',
  beforeOnly: '変更前のみ',
  afterOnly: '変更後のみ',
  noDifferences: '差分なし。',
  total: (c) =>
    `到達の変化 ${c.changes}（新規 ${c.added}、消滅 ${c.removed}；MN・MN_GC・LG・LGWANに関わるもの ${c.critical}）、` +
    `情報の流れ 出現 ${c.appeared}、消滅 ${c.disappeared}、状態の変化 ${c.statusChanges}${c.regressions ? `（後退 ${c.regressions}）` : ''}、` +
    `ルールの変化 ${c.ruleChanges}${c.ms !== undefined ? ` — ${c.ms.toFixed(0)} ms` : ''}`,
  pageVerdict: (added, removed, appeared, disappeared, regressions) => `到達の変化 新規 ${added}、消滅 ${removed}、情報の流れ 出現 ${appeared}、消滅 ${disappeared}、後退 ${regressions}`,
  pageOver: '経由の情報：',
  gateways: 'ゲートウェイ',
  none: 'なし',
  pageNotSent: '送信されない（この版にはその送信元がない）',
  pageSide: (label, disposition, at, reason, path) =>
    `${label}: ${at ? `${at} で` : ''}${disposition ? `${DISPOSITION_JA[disposition as Disposition]?.name ?? disposition}（${disposition}）` : '追跡なし'}${reason ? ` — ${reasonJa(reason)}` : ''}${path.length ? `（経路 ${path.join(' → ')}）` : ''}`,
  pageRule: (label, node, description) => `${label}: ${node}：${decidingJa(description)}`,
  pageWitness: (text, start, via, spoofed, confirmed) => `実例: ${text}（送信元 ${start}${via ? `、次ホップ ${via}（送信元が選んだ次ホップ）` : ''}）${spoofed ? '（偽の送信元アドレス）' : ''}${confirmed ? '' : ' — シミュレータで確認できない'}`,
  pageArrives: (channel, target, appeared) => `${target} に${(CHANNEL_JA as Record<string, string | undefined>)[channel] ?? channel}が${appeared ? '届く' : '届かなくなる'}`,
  changeLine: (source, destination, reach, isNew) => `${source} から ${destination} ${isNew ? 'に新たに届く' : 'に届かなくなる'}（${reach}）`,
  oneVersionOnly: '送信元か宛先が一方の版にしかない',
  newTitle: '新規',
  removedTitle: '消滅',
  appearedTitle: '出現',
  disappearedTitle: '消滅',
  chainsAppeared: '出現した情報の流れ',
  chainsDisappeared: '消滅した情報の流れ',
};

export const DIFF_FRAME: Readonly<Record<Lang, DiffFrame>> = { en: EN, ja: JA };
