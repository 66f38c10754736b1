/**
 * The CLI's diagnostic frame in each language: `file:line:col: エラー CODE: message` with its 期待 / ヒント / 注記
 * lines and the count at the end; and, for the commonest codes a user meets (a file that cannot be read, an
 * unknown or missing key, a value of the wrong shape, a duplicate name, a bad option, the lint findings), the
 * message, expected and hint in Japanese by per-code templates. Codes and locations never change, so a
 * diagnostic is searched for by its code in either language; a message no template of its code knows stays
 * English.
 */
import type { DiagnosticCode } from '../diagnostics/catalogue.js';
import { ENGLISH_DIAGNOSTIC_WORDS, type Diagnostic, type DiagnosticWords } from '../diagnostics/diagnostic.js';
import type { Lang } from './lang.js';
import { rewrite, type Rules } from './rewrite.js';

export const DIAGNOSTIC_WORDS: Readonly<Record<Lang, DiagnosticWords>> = {
  en: ENGLISH_DIAGNOSTIC_WORDS,
  ja: { severity: { error: 'エラー', warning: '警告' }, expected: '期待', hint: 'ヒント', note: '注記' },
};

/** The line after the diagnostics: how many problems were found. */
export function problemsFound(n: number, lang: Lang): string {
  return lang === 'ja' ? `問題 ${n} 件。` : `${n} problem${n === 1 ? '' : 's'} found.`;
}

/** Templates per code, for the message, expected and hint alike (each text tried against the code's list). */
export const DIAGNOSTIC_TEMPLATES_JA: Readonly<Partial<Record<DiagnosticCode, Rules>>> = {
  TOPO002: [
    [/^cannot read "(.*)": no such file$/s, (m) => `"${m[1]}" を読めない：ファイルがない`],
    [/^cannot read "(.*)": (.*)$/s, (m) => `"${m[1]}" を読めない：${m[2]}`],
    [/^a readable YAML or JSON topology file$/, () => '読み取れる YAML または JSON のトポロジファイル'],
    [/^check the path$/, () => 'パスを確認する'],
  ],
  TOPO010: [
    [/^unknown key "(.*)" in (.+)$/s, (m) => `${m[2]} に未知のキー "${m[1]}"`],
    [/^unknown key "(.*)"$/s, (m) => `未知のキー "${m[1]}"`],
    [/^this file is not a segproof topology: none of its (\d+) top-level keys? (?:is|are) a section of the format$/, (m) => `このファイルは segproof のトポロジではない：最上位のキー ${m[1]} 個のどれも形式のセクションではない`],
    [/^check that the path names a segproof topology \(or include\) file$/, () => 'パスが segproof のトポロジ（またはインクルード）ファイルを指しているか確認する'],
    [/^remove the key or check its spelling and indentation$/, () => 'キーを削除するか、綴りと字下げを確認する'],
  ],
  TOPO011: [[/^missing required key "(.*)" in (.+)$/s, (m) => `${m[2]} に必須のキー "${m[1]}" がない`]],
  TOPO012: [
    [/^(.+) has an unexpected shape$/s, (m) => `${m[1]} の形が想定と違う`],
    [/^(.+) is (.+)$/s, (m) => `${m[1]} が ${m[2]} になっている`],
  ],
  TOPO030: [
    [/^duplicate name: this key appears twice in the same mapping$/, () => '名前の重複：同じマッピングにこのキーが二度ある'],
    [/^duplicate name: (.*)$/s, (m) => `名前の重複：${m[1]}`],
    [/^each key once per mapping$/, () => 'マッピングごとに各キーは一度'],
  ],
  CLI001: [
    [/^(--lang|SEGPROOF_LANG) (.*) is not a report language$/s, (m) => `${m[1]} ${m[2]} はレポートの言語ではない`],
    [/^ja prints the reports in Japanese with the guideline's terms; en is the default$/, () => 'ja はレポートをガイドラインの用語で日本語にする。既定は en'],
  ],
  PLAN043: [
    [/^step "(.*)" changes nothing$/s, (m) => `ステップ "${m[1]}" は何も変えない`],
    [/^at least one of map, hosts, redesignate, relocate$/, () => 'map・hosts・redesignate・relocate の少なくとも一つ'],
    [/^add what the step changes, or remove it$/, () => 'ステップが変えるものを書くか、ステップを削除する'],
  ],
  PLAN065: [
    [/^(.+): (\S+) holds (\S+) but not (\S+) after the step$/s, (m) => `${m[1]}：${m[2]} は ${m[3]} を含むが、ステップの後の ${m[4]} を含まない`],
    [/^an aggregate that still holds the renumbered addresses$/, () => '番号変更後のアドレスも含む集約'],
    [/^widen the literal or add the new prefix beside it$/, () => 'リテラルを広げるか、新しいプレフィックスを並べて書く'],
  ],
  PLAN066: [
    [/^(.+): (\S+) holds (\S+), which moves to (\S+), outside what the literal holds after the step$/s, (m) => `${m[1]}：${m[2]} は ${m[3]} を含むが、その移り先 ${m[4]} はステップの後のリテラルに含まれない`],
    [/^literals that keep holding the hosts they held$/, () => '含んでいたホストを含み続けるリテラル'],
    [/^add the host's new address beside the literal if the rule must still match it$/, () => 'ルールがそのホストに一致し続ける必要があれば、新しいアドレスをリテラルに並べて書く'],
  ],
  RDC001: [
    [/^plan "(.*)" does not apply to (.+), so there is no renumbered topology to check$/s, (m) => `計画 "${m[1]}" は ${m[2]} に適用できないため、検査する番号変更後のトポロジがない`],
    [/^a plan that readdress apply accepts for this topology$/, () => 'このトポロジに readdress apply が受け付ける計画'],
    [/^fix the problems above, or give the renumbered topology with --renumbered$/, () => '上の問題を直すか、番号変更後のトポロジを --renumbered で指定する'],
  ],
  LINT001: [[/^rule "(.*?)" \((permit|deny)\) is shadowed: every packet it matches is decided earlier, by (.+?) — (.*)$/s, (m) => `ルール "${m[1]}"（${m[2]}）は隠れている：一致するパケットはすべて先に ${m[3]} が決める — ${m[4]}`]],
  LINT002: [
    [/^rule "(.*?)" is redundant: every packet it matches is already decided the same way \((permit|deny)\) by (.+?) — (.*)$/s, (m) => `ルール "${m[1]}" は冗長：一致するパケットはすべて ${m[3]} が同じく（${m[2]}）決めている — ${m[4]}`],
    [/^rule "(.*?)" is redundant: without it, every packet it decides gets the same action \((permit|deny)\) from (.+?) — (.*)$/s, (m) => `ルール "${m[1]}" は冗長：なくても、それが決めるパケットはすべて ${m[3]} から同じ動作（${m[2]}）を受ける — ${m[4]}`],
  ],
  LINT003: [[/^rule "(.*?)" matches no packet — (.*)$/s, (m) => `ルール "${m[1]}" に一致するパケットはない — ${m[2]}`]],
  LINT004: [[/^rule "(.*?)" is an exact duplicate of (.+?): same action, same packets — (.*)$/s, (m) => `ルール "${m[1]}" は ${m[2]} の完全な重複：同じ動作、同じパケット — ${m[3]}`]],
  LINT007: [[/^address object "(.*)" is never used$/s, (m) => `アドレスオブジェクト "${m[1]}" はどこからも使われていない`]],
  LINT008: [[/^service object "(.*)" is never used$/s, (m) => `サービスオブジェクト "${m[1]}" はどこからも使われていない`]],
  LINT010: [
    [/^rule "(.*?)" permits (.+?) into (.+?) — (.*)$/s, (m) => `ルール "${m[1]}" が ${m[3]} へ ${m[2]} を許可している — ${m[4]}`],
    [/^permits into MN, MN_GC, LG and LGWAN segments that name their sources, destinations and services$/, () => 'MN・MN_GC・LG・LGWAN のセグメントへの許可は送信元・宛先・サービスを名指しする'],
    [
      /^list the hosts and services the flow needs \(address and service objects\); if the breadth is intended, say why in the rule's description$/,
      () => '通信に必要なホストとサービスを列挙する（アドレス・サービスオブジェクト）。広さが意図どおりなら、その理由をルールの description に書く',
    ],
  ],
};

const textJa = (code: DiagnosticCode, text: string | undefined): string | undefined => {
  const rules = DIAGNOSTIC_TEMPLATES_JA[code];
  return text === undefined || rules === undefined ? text : rewrite(text, rules);
};

/** Diagnostics with their message, expected and hint in `lang` where a template of their code knows them; codes and locations as they are. */
export function localiseDiagnostics(diagnostics: readonly Diagnostic[], lang: Lang): Diagnostic[] {
  if (lang === 'en') return [...diagnostics];
  return diagnostics.map((d) => ({ ...d, message: textJa(d.code, d.message) as string, expected: textJa(d.code, d.expected), hint: textJa(d.code, d.hint) }));
}
