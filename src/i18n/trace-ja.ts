/**
 * The simulator's traces and the matrix findings' detail lines in Japanese, by template, line by line: the
 * words around a hop, a route, an ACL decision, a NAT rewrite, how a trace ends and what that ending means,
 * the attacker capabilities a finding relies on and the links of a chain. Node, interface, rule and ACL
 * names, addresses, headers, bindings and file:line stay as they are; a line no template knows stays English.
 */
import type { Disposition } from '../engine/disposition.js';
import type { Lang } from './lang.js';
import { rewrite, type Rules } from './rewrite.js';
import { CHANNEL_JA, NODE_KIND_JA } from './terms-ja.js';


/** The dispositions: their names (kept beside the Japanese, they are what JSON says) and their meanings. */
export const DISPOSITION_JA: Readonly<Record<Disposition, { readonly name: string; readonly meaning: string }>> = {
  delivered: { name: '到達', meaning: '宛先アドレスを持つノードに届いた：ホストかプールの一員、自身宛てのルータ・ファイアウォール・専用線、または（応答では）通信の送信元' },
  'denied-in': { name: '入力で拒否', meaning: 'ノードに入るところで破棄された：入力またはゾーン間のACL、ポリシーのないファイアウォール、ゲートウェイの拒否、転送を求められたホスト' },
  'denied-out': { name: '出力で拒否', meaning: '出力ACLで破棄された' },
  'no-route': { name: '経路なし', meaning: 'あるノードに宛先への経路がなかった（または次ホップが解決できなかった）' },
  'null-routed': { name: 'ヌルルート', meaning: '`drop` 経路に一致した' },
  loop: { name: 'ループ', meaning: 'パケットが一度通った（ノード、VRF、ヘッダ）に戻った、または一つのノード上の経路リークが循環している。ループするホップを示す' },
  'exits-network': { name: '外部へ', meaning: '宛先を持つ外部ネットワークに渡された' },
  'terminated-at-gateway': { name: 'ゲートウェイで終端', meaning: 'ゲートウェイが所定のポートで受け付けた。そこから始めうるセッションを示す' },
  'hop-limit': { name: 'ホップ上限', meaning: '上記のいずれにもならずに 64 ホップを超えた（安全装置。ループは `loop` として報告する）' },
};

const kindJa = (kind: string) => (NODE_KIND_JA as Record<string, string | undefined>)[kind] ?? kind;
const channelJa = (channel: string) => (CHANNEL_JA as Record<string, string | undefined>)[channel] ?? channel;
const dispositionJa = (d: string) => (DISPOSITION_JA as Record<string, { name: string } | undefined>)[d]?.name ?? d;
const actionJa = (a: string) => (a === 'permit' ? '許可' : a === 'deny' ? '拒否' : a);

/** Why a trace ended (the text after `=> disposition at node:`). */
const REASONS: Rules = [
  [/^(\S+) is (\S+)'s own address$/, (m) => `${m[1]} は ${m[2]} 自身のアドレス`],
  [/^(\S+) is the sender itself$/, (m) => `${m[1]} は送信元自身`],
  [/^reply reached (\S+), which sent the session$/, (m) => `応答がセッションを始めた ${m[1]} に届いた`],
  [/^reached the unnamed host (\S+) on segment (\S+)$/, (m) => `セグメント ${m[2]} 上の名前のないホスト ${m[1]} に届いた`],
  [/^(\S+) \(([\w-]+)\) accepts (.+)$/s, (m) => `${m[1]}（${kindJa(m[2] as string)}）が受け付ける：${m[3]}`],
  [/^(\S+) \(zone (\S+)\) owns (\S+) \((.*)\)$/s, (m) => `${m[1]}（ゾーン ${m[2]}）が ${m[3]} を持つ（${m[4]}）`],
  [/^(\S+) is a host: hosts do not forward \(destination (\S+) is not its address\)$/, (m) => `${m[1]} はホスト：ホストは転送しない（宛先 ${m[2]} はその自身のアドレスではない）`],
  [/^firewall (\S+) has no ACL for (.+): default deny \(no policy, no passage\)$/s, (m) => `ファイアウォール ${m[1]} には ${m[2]} のACLがない：既定で拒否（ポリシーがなければ通さない）`],
  [/^(\S+) is a null route on (\S+)$/, (m) => `${m[1]} は ${m[2]} のヌルルート`],
  [/^forwarding loop: (.*)$/s, (m) => `転送ループ：${m[1]}`],
  [/^route leaks on (\S+) form a cycle: (.*)$/s, (m) => `${m[1]} の経路リークが循環する：${m[2]}`],
  [/^(\S+): denied by (?:the default of|rule (\S+) of) ACL (\S+) \((.*)\)$/s, (m) => `${m[1]}：ACL ${m[3]} (${m[4]}) の${m[2] ? `ルール ${m[2]} ` : '既定の動作'}により拒否`],
  [/^(\S+) is (\S+)$/, (m) => `${m[1]} は ${m[2]}`],
];

/** Why a trace ended, in Japanese (else as it is). */
export const reasonJa = (text: string): string => rewrite(text, REASONS);

/** A hop's notes and a trace's notes. */
const NOTES: Rules = [
  [/^router (\S+) has no ACL for this path: permitted$/, (m) => `ルータ ${m[1]} にはこの経路のACLがない：許可`],
  [/^source (\S+) is not an address of (\S+) \(spoofed or translated source\)$/, (m) => `送信元 ${m[1]} は ${m[2]} のアドレスではない（偽装または変換された送信元）`],
  [/^the sender's frames carry source MAC (\S+) \(forged: attacker capability\)$/, (m) => `送信元のフレームは送信元 MAC ${m[1]} を持つ（偽装：攻撃者の能力）`],
  [/^the sender uses (\S+) as next hop, whatever its routes say \(attacker capability: any router on its segment\)$/, (m) => `送信元は経路に関わらず ${m[1]} を次ホップに使う（攻撃者の能力：自セグメント上の任意のルータ）`],
  [/^an unnamed host (\S+) on segment (\S+)$/, (m) => `セグメント ${m[2]} 上の名前のないホスト ${m[1]}`],
  [/^(\S+) does not own (\S+): carried on as transit$/, (m) => `${m[1]} は ${m[2]} を持たない：中継として先へ送る`],
  [/^access decision logged$/, () => 'アクセスの判定をログに記録'],
  [/^allow entry #(\d+) matches$/, (m) => `許可リストの ${m[1]} 番目に一致`],
];

/** The lines of renderTraces, after their indentation. */
const LINES: Rules = [
  [/^flow (.+) from (\S+)( \[.*\])?: (\d+) traces?$/s, (m) => `通信 ${m[1]}（送信元 ${m[2]}）${m[3] ?? ''}：追跡 ${m[4]} 件`],
  [
    /^(\d+)\. (\S+) \(([\w-]+)\) (sends|in \S+) (\[vrf \S+\]) (.+?)(?: -> out (\S+)(?: to (\S+))?(?: \((\S+)\))?)?$/,
    (m) => {
      const where = m[4] === 'sends' ? '送信' : `入力 ${(m[4] as string).slice(3)}`;
      const out = m[7] === undefined ? '' : ` -> 出力 ${m[7]}${m[8] ? `、次は ${m[8]}` : ''}${m[9] ? ` (${m[9]})` : ''}`;
      return `${m[1]}. ${m[2]}（${kindJa(m[3] as string)}）${where} ${m[5]} ${m[6]}${out}`;
    },
  ],
  [/^route (\S+) (.*)$/s, (m) => `経路 ${m[1]} ${m[2]}`],
  [
    /^acl (\S+) \[(.*?)\]: (permit|deny) by (default|rule (\S+)( \(logged\))?)( \(.+?:\d+\))?( — .*)?$/s,
    (m) => `ACL ${m[1]} [${m[2]}]：${m[4] === 'default' ? '既定の動作' : `ルール ${m[5]}${m[6] ? '（ログ記録）' : ''} `}により${actionJa(m[3] as string)}${m[7] ?? ''}${m[8] ?? ''}`,
  ],
  [/^(source|destination) restored (\S+) -> (\S+) \((.*) from session state\)$/, (m) => `${m[1] === 'source' ? '送信元' : '宛先'}を復元 ${m[2]} -> ${m[3]}（セッション状態の ${m[4]}）`],
  [/^(source|destination) nat (\S+) -> (\S+) by (\S+)(.*)$/s, (m) => `${m[1] === 'source' ? '送信元' : '宛先'}NAT ${m[2]} -> ${m[3]}（${m[4]}）${m[5]}`],
  [/^leaves as (.+)$/s, (m) => `${m[1]} として出る`],
  [/^note: (.*)$/s, (m) => `注記: ${rewrite(m[1] as string, NOTES)}`],
  [/^=> ([\w-]+) at (\S+): (.*)$/s, (m) => `=> ${m[2]} で${dispositionJa(m[1] as string)}（${m[1]}）：${rewrite(m[3] as string, REASONS)}`],
  [/^deciding: (.*)$/s, (m) => `判定: ${m[1]}`],
  [/^looping hops: (.*)$/s, (m) => `ループするホップ: ${m[1]}`],
  [/^next session: (.*)$/s, (m) => `次のセッション: ${m[1]}`],
  [/^branch (.*)$/s, (m) => `分岐 ${(m[1] as string).replace(/(\d+\/\d+) at (\S+)/g, '$2 で $1')}`],
  [/^\(([\w-]+): (.*)\)$/s, (m) => `（${dispositionJa(m[1] as string)}：${(DISPOSITION_JA as Record<string, { meaning: string } | undefined>)[m[1] as string]?.meaning ?? m[2]}）`],
  [/^reply: (.*)$/s, (m) => `応答: ${m[1]}`],
  [/^reply (.+) from (\S+):$/s, (m) => `応答 ${m[1]}（送信元 ${m[2]}）：`],
  [/^\(no trace\)$/, () => '（追跡なし）'],
];

/** One line of a rendered trace in Japanese, its indentation kept. */
export function traceLineJa(line: string): string {
  const m = /^(\s*)(.*)$/s.exec(line) as RegExpExecArray;
  return `${m[1]}${rewrite(m[2] as string, LINES)}`;
}

/** The text of renderTraces in `lang`. */
export function localiseTraceText(text: string, lang: Lang): string {
  return lang === 'en' ? text : text.split('\n').map(traceLineJa).join('\n');
}

/** A trace's ending (`disposition at node: reason`) as the page shows it. */
export function outcomeJa(text: string): string {
  return rewrite(`=> ${text}`, LINES).replace(/^=> /, '');
}

/** The attacker capabilities a finding relies on. */
const CAPABILITIES: Rules = [
  [/^a spoofed source address \((\S+) is not (\S+)'s\)$/, (m) => `偽装した送信元アドレス（${m[1]} は ${m[2]} のアドレスではない）`],
  [/^a spoofed source address \((\S+) is not a free address of (\S+)\)$/, (m) => `偽装した送信元アドレス（${m[1]} は ${m[2]} の空きアドレスではない）`],
  [/^an unlisted device plugged into (\S+) \(a free address of the (INET|INTERNET) segment\)$/, (m) => `台帳にない機器を ${m[1]} に接続すること（${m[2] === 'INET' ? 'インターネット接続系' : 'インターネット'}セグメントの空きアドレス）`],
  [/^a next hop of the sender's choosing \((\S+) instead of its routes\)$/, (m) => `送信元が選ぶ次ホップ（経路に代えて ${m[1]}）`],
  [/^a forged source MAC \((\S+), which (\S+) pins\)$/, (m) => `偽装した送信元 MAC（${m[2]} が固定する ${m[1]}）`],
  [/^the management plane of a network device \((\S+)\)$/, (m) => `ネットワーク機器の管理プレーン（${m[1]}）`],
  [/^none \(the network's own routes and rules carry it\)$/, () => 'なし（ネットワーク自身の経路とルールが運ぶ）'],
  [/^a chain through the gateways (.*)$/s, (m) => `ゲートウェイを連ねた経路（${m[1]}）`],
  [/^none beyond control of the source$/, () => '送信元を掌握すること以外になし'],
];

export const capabilitiesJa = (text: string): string => text.split('; ').map((c) => rewrite(c, CAPABILITIES)).join('；');

/** The detail lines of matrix findings beyond the cell line (relays, forgers), and a chain link's reason. */
const DETAILS: Rules = [
  [
    /^(\S+) declares carries: (\[.*?\]|nothing \(undeclared\))(?:; this cell allows relays carrying only (.*))?$/s,
    (m) => `${m[1]} が申告する運ぶ内容（carries）：${m[2] === 'nothing (undeclared)' ? 'なし（未申告）' : m[2]}${m[3] ? `。このセルが認める中継は ${m[3]} を運ぶもののみ` : ''}`,
  ],
  [
    /^(\S+) can be fed with a forged source address by (.+?): pin its allowed sources \(a segment of their own behind strict uRPF, or the allow entry's mac where no other host shares the sender's segment\)$/s,
    (m) => `${m[1]} には ${m[2]} が偽の送信元アドレスで送り込める：許可する送信元を固定する（strict uRPF の後ろの専用セグメント、または送信元のセグメントを他のホストと共有しない場合に許可エントリの mac）`,
  ],
  [
    /^attacker: forged sources are dropped at the strict-uRPF interfaces (.+?)(?: and (\d+) more)?; elsewhere any source, and any router on the sender's segment as next hop$/s,
    (m) => `攻撃者：偽の送信元は strict uRPF のインタフェース ${m[1]}${m[2] ? ` ほか ${m[2]} 件` : ''} で破棄される。それ以外では任意の送信元と、送信元のセグメント上の任意のルータを次ホップに使える`,
  ],
  [
    /^attacker: every host may forge any source address \(no interface declares urpf\) and use any router on its segment as next hop$/,
    () => '攻撃者：どのホストも任意の送信元アドレスを偽装でき（urpf を宣言したインタフェースがない）、自セグメント上の任意のルータを次ホップに使える',
  ],
];

/** A matrix finding's detail line or a view's attacker note in Japanese (else as it is). */
export const detailJa = (text: string): string => rewrite(text, DETAILS);

/** Why a chain link exists (the flow graph's edge reasons). */
const BECAUSE: Rules = [
  [/^(unlisted device on \S+|\S+) reaches (\S+) by packet( with a forged source address)?$/, (m) => `${m[1]} から ${m[2]} へパケットが届く${m[3] ? '（偽の送信元アドレスで）' : ''}`],
  [/^(\S+) forwards mail unchanged$/, (m) => `${m[1]} はメールをそのまま転送する`],
  [/^(\S+) forwards mail sanitised \((.*)\)$/s, (m) => `${m[1]} はメールを無害化して転送する（${m[2]}）`],
  [/^(\S+) forwards keyboard\/mouse input to the session host$/, (m) => `${m[1]} はキーボード・マウスの入力をセッションホストへ送る（画面転送）`],
  [/^(\S+) shows the session host's screen$/, (m) => `${m[1]} はセッションホストの画面を表示する（画面転送）`],
  [/^(\S+) emits sanitised objects \((.*)\)$/s, (m) => `${m[1]} は無害化したものを出す（${m[2]}）`],
  [/^(\S+) relays data from its allowed sources$/, (m) => `${m[1]} は許可された送信元のデータを中継する（特定通信）`],
  [/^(\S+) forwards client requests$/, (m) => `${m[1]} はクライアントの要求を転送する`],
  [/^(\S+) returns the upstream's replies$/, (m) => `${m[1]} は上流の応答を返す`],
  [/^(\S+) redirection\.(\w+)\.(clientToHost|hostToClient): true$/, (m) => `${m[1]} の redirection.${m[2]}.${m[3]}: true（${channelJa(m[2] as string)}のリダイレクト）`],
  [/^(\S+) replies to (\S+)'s session$/, (m) => `${m[1]} は ${m[2]} のセッションに応答する`],
];

export const becauseJa = (text: string): string => {
  const answers = /^(\S+) answers (\S+): (.*)$/s.exec(text);
  return answers ? `${answers[1]} が ${answers[2]} に応答する：${rewrite(answers[3] as string, BECAUSE)}` : rewrite(text, BECAUSE);
};

/** The lines of an HTML report's finding (witness-steps.ts): deciding rules, routes, hops, the witness, how it ends. */
const PAGE_LINES: Rules = [
  [
    /^(\S+): ACL (\S+) \[(.*?)\] (permit|deny)s by (its default|rule (\S+))( \(.*\))?$/s,
    (m) => `${m[1]}：ACL ${m[2]} [${m[3]}] ${m[5] === 'its default' ? '既定の動作' : `ルール ${m[6]} `}により${actionJa(m[4] as string)}${m[7] ?? ''}`,
  ],
  [/^(\S+): route (\S+) (.*) \(VRF (\S+)\)$/s, (m) => `${m[1]}：経路 ${m[2]} ${m[3]} (VRF ${m[4]})`],
  [
    /^(\S+) → (\S+)(?: out of (\S+)(?: \((\S+)\))?)?(?: to (\S+))?: (.+)$/s,
    (m) => `${m[1]} → ${m[2]}${m[3] || m[5] ? `（${[m[3] ? `出力 ${m[3]}${m[4] ? ` (${m[4]})` : ''}` : '', m[5] ? `次ホップ ${m[5]}` : ''].filter(Boolean).join('、')}）` : ''}：${m[6]}`,
  ],
  [
    /^witness: (.+?) from (\S+)( via (\S+) \(the sender's choice of next hop\))? — the simulator (confirms it reaches|does not confirm arrival at) (\S+)$/s,
    (m) => `実例: ${m[1]}（送信元 ${m[2]}${m[4] ? `、次ホップ ${m[4]}（送信元が選んだ次ホップ）` : ''}） — シミュレータで ${m[6]} ${m[5]?.startsWith('confirms') ? 'への到達を確認' : 'への到達を確認できない'}`,
  ],
  [/^ends (\S+ at \S+: .*)$/s, (m) => `終わり：${outcomeJa(m[1] as string)}`],
  [/^([\w-]+ at \S+: .*)$/s, (m) => outcomeJa(m[1] as string)],
  [/^([\w-]+) arrives at (\S+)$/, (m) => `${m[2]} に${channelJa(m[1] as string)}が届く`],
  [/^violating headers:$/, () => '違反するヘッダ:'],
];

/** One line of an HTML finding in `lang` (else as it is). */
export function pageLineJa(text: string): string {
  return rewrite(text, PAGE_LINES);
}
