/**
 * Japanese titles of the checks (by ID) and of what each separation-matrix cell says (by its English text),
 * in the guideline's terms. test/i18n/checks-ja.test.ts keeps both complete: a new check or cell without a
 * Japanese text fails the suite instead of printing English in a Japanese report.
 */
export const CHECK_TITLES_JA: Readonly<Record<string, string>> = {
  R1: 'インターネット側（インターネット、インターネット接続系）とマイナンバー利用事務系・ガバメントクラウド（MN）の間は、どちら向きにも、どのホスト・ゲートウェイ・機器のアドレスへもパケットが届かない',
  R2: 'マイナンバー利用事務系からの通信は申請済みの例外のみ。住基ネットへは専用線。その宛先からインターネットへの経路はない',
  R3: 'LGWAN接続系とインターネット接続系の間のパケットは、画面転送・無害化・メール中継・中継サーバの所定のポートで終端する',
  R4: 'LGWAN接続系からのパケットはインターネットにも自治体情報セキュリティクラウドにも届かない',
  R5: 'インターネット接続系とインターネットの間は自治体情報セキュリティクラウドを経由してのみ通信する',
  R6: '画面転送：仮想環境側から端末側へ通信を開始できず、端末は画面転送ゲートウェイ経由でのみ仮想環境に届く',
  R7: 'マイナンバー利用事務系とガバメントクラウド（MN）の間は専用線でのみ通信する',
  R8: '申請済みの例外を除き、他のネットワークからマイナンバー利用事務系へは何も入らない。住基ネットへはマイナンバー利用事務系から専用線でのみ',
  R9: '閉域側（LGWAN接続系、LGWAN）にはインターネット側からパケットが届かず、LGWANからも届かない',
  F1: 'インターネット接続系・インターネット・セキュリティクラウドからLGWAN接続系に入るデータはすべて無害化を経る',
  F2: 'LGWAN接続系のデータは、モデルが認める内容を運ぶ中継サーバ経由でのみインターネット側へ出る',
  F3: 'インターネット側のデータや操作は、ゲートウェイをどう連ねてもマイナンバー利用事務系に届かない',
  F4: '申請済みの例外を除き、マイナンバー利用事務系と他のネットワークの間でデータも操作も行き来しない',
  F5: 'インターネット側とLGWANの間は、内向きは無害化済みデータ、外向きは申請済みの中継のみ',
  F6: '業務システムとガバメントクラウドのマイナンバー利用事務系領域には、データも操作もゼロトラストPEP経由でのみ届き、他のゲートウェイを連ねた経路では届かない',
  P1: 'インターネット接続系の端末・サーバはすべてEPP・EDR・資産管理・パッチ適用を備える',
  P2: 'インターネット接続系の業務システムはすべて操作ログを監視へ送る',
  P3: 'インターネット接続系の端末・システム・ファイルサーバは住民情報を保存しない',
  P4: 'ファイルサーバ・文書管理サーバは課室単位以上のアクセス制御を備える',
  P7: 'マイナンバー利用事務系端末：二要素認証、情報持ち出し不可設定、無線LANなし（R7.3以降はEAP-TLSのみ）',
  Z1: 'ゼロトラストPEPはすべて判定をログに残す',
  Z2: 'ゼロトラストPEPはすべて既定で拒否する',
  Z3: 'テナントごとの論理ネットワークは分離され、あるテナントのパケットは他のテナントに届かない',
  Z4: 'マイナンバー利用事務系・ガバメントクラウド（MN）・LGWAN接続系の資源へのアクセスを許すPEPルールは、利用者の役割と端末の状態を必ず確かめる',
  Z5: '業務システムとガバメントクラウド（MN）にはゼロトラストPEP経由でのみ届く',
  Z6: 'インターネットは共通基盤のどこにも届かず、職員はセキュアWebゲートウェイ経由でのみインターネットへ出る',
  T1: 'インターネット接続系へ移設された時点で、その端末・システムはP1（システムはP2も）を満たしている',
  T2: '移設の前のステップで住民情報が移されている（P3）',
  T3: '同時に存在するセグメントの間でアドレスもVLANも重複せず、二つのゾーンに属するホストがない',
  T4: 'マイナンバー利用事務系の構成はすべてのステップで同一',
  T5: '最終ステップの後、廃止したプレフィックスを参照するACL・経路・プロキシ・オブジェクトがない',
};

export const CELL_SAYS_JA: Readonly<Record<string, string>> = {
  'Nothing from the Internet or the Internet segment reaches MN or MN_GC: no packet, and no data or control by any chain of gateways.':
    'インターネットからもインターネット接続系からも、マイナンバー利用事務系とガバメントクラウド（MN）には何も届かない：パケットも、ゲートウェイを連ねたデータや操作も。',
  'Nothing from MN or MN_GC reaches the Internet segment or the Internet.': 'マイナンバー利用事務系とガバメントクラウド（MN）からは、インターネット接続系にもインターネットにも何も届かない。',
  'Nothing enters MN or MN_GC from LG, LGWAN, the security cloud or any other network, except declared exceptions (the 特定通信 relay on its port).':
    '申請済みの例外（所定ポートの特定通信の中継）を除き、LGWAN接続系・LGWAN・セキュリティクラウドその他のネットワークからマイナンバー利用事務系へは何も入らない。',
  'MN sends to nothing outside MN except declared exceptions: named systems on named services (the 中間サーバー on LGWAN).':
    'マイナンバー利用事務系は申請済みの例外（指定のシステムと指定のサービス：LGWAN上の中間サーバー）以外へは送らない。',
  'The MN area of the Government Cloud sends to nothing outside MN except declared exceptions.': 'ガバメントクラウドのマイナンバー利用事務系領域は、申請済みの例外以外へは送らない。',
  'The MN area of the Government Cloud has no packet path of its own to 住基ネット.': 'ガバメントクラウドのマイナンバー利用事務系領域から住基ネットへの独自のパケット経路はない。',
  'MN reaches 住基ネット only over a dedicated line.': 'マイナンバー利用事務系から住基ネットへは専用線でのみ届く。',
  '住基ネット reaches MN only over a dedicated line.': '住基ネットからマイナンバー利用事務系へは専用線でのみ届く。',
  '住基ネット has no packet path of its own to the MN area of the Government Cloud.': '住基ネットからガバメントクラウドのマイナンバー利用事務系領域への独自のパケット経路はない。',
  '住基ネット, which MN talks to, has no packet path to the Internet side (LGWAN, which the 中間サーバー is on, is held to the same by R9).':
    'マイナンバー利用事務系の通信先である住基ネットからインターネット側へのパケット経路はない（中間サーバーのあるLGWANにはR9が同じことを求める）。',
  'MN reaches the MN area of the Government Cloud only over a dedicated line.': 'マイナンバー利用事務系からガバメントクラウドのマイナンバー利用事務系領域へは専用線でのみ届く。',
  'The MN area of the Government Cloud reaches MN only over a dedicated line.': 'ガバメントクラウドのマイナンバー利用事務系領域からマイナンバー利用事務系へは専用線でのみ届く。',
  'From the Internet segment into LG only screen transfer (pixels out, input in) and sanitised objects: packets end at screen-transfer, sanitiser, mail-relay or relay gateways, never at a host, device, proxy or PEP.':
    'インターネット接続系からLGWAN接続系へは画面転送（画面は外へ、入力は内へ）と無害化済みのものだけ：パケットは画面転送・無害化・メール中継・中継サーバで終端し、ホスト・機器・プロキシ・PEPには届かない。',
  'No packet from the Internet or the security cloud reaches LG; their data enters LG only sanitised.': 'インターネットやセキュリティクラウドからのパケットはLGWAN接続系に届かず、そのデータは無害化されてのみ入る。',
  'From LG into the Internet segment only screen transfer to the virtual browser and approved relays.': 'LGWAN接続系からインターネット接続系へは、仮想ブラウザへの画面転送と承認済みの中継のみ。',
  'No packet from LG reaches the Internet or the security cloud; LG data leaves only as in the LG → INET cell.':
    'LGWAN接続系からのパケットはインターネットにもセキュリティクラウドにも届かず、データはLG → INETのセルの方法でのみ出る。',
  'LGWAN is reached from LG only: no packet from the Internet side, and only sanitised data (mail text-ization) by way of LG.':
    'LGWANにはLGWAN接続系からのみ届く：インターネット側からのパケットはなく、LGWAN接続系を経た無害化済みデータ（メールテキスト化）のみ。',
  'No packet from LGWAN reaches the Internet side; LGWAN data reaches it only through the relays of the LG → INET cell.':
    'LGWANからのパケットはインターネット側に届かず、LGWANのデータはLG → INETのセルの中継経由でのみ届く。',
  '住基ネット is reached from MN only.': '住基ネットにはマイナンバー利用事務系からのみ届く。',
  'The Internet segment reaches the Internet only through the security cloud.': 'インターネット接続系は自治体情報セキュリティクラウド経由でのみインターネットに届く。',
  'The Internet reaches the Internet segment only through the security cloud.': 'インターネットは自治体情報セキュリティクラウド経由でのみインターネット接続系に届く。',
  'No packet from LG reaches SaaS on the Internet (local breakout is an α′ measure only).': 'LGWAN接続系からのパケットはインターネット上のSaaSに届かない（ローカルブレイクアウトはα′モデルのみの対策）。',
  'From LG into the Internet segment only screen transfer and relays that carry data taken in from LGWAN mail or LGWAN-ASP; no clipboard, file or drive redirection.':
    'LGWAN接続系からインターネット接続系へは、画面転送と、LGWANメール・LGWAN-ASPから受けたデータを運ぶ中継のみ。クリップボード・ファイル・ドライブのリダイレクトはない。',
  'Business systems and the MN area of the Government Cloud are reached only through a zero-trust PEP that authenticates and authorises each access.':
    '業務システムとガバメントクラウドのマイナンバー利用事務系領域には、アクセスごとに認証・認可するゼロトラストPEP経由でのみ届く。',
  'No packet from the Internet reaches the shared network base.': 'インターネットからのパケットは共通基盤に届かない。',
  'No packet from the Internet reaches business systems or the MN area of the Government Cloud, and its data reaches them only through a zero-trust PEP.':
    'インターネットからのパケットは業務システムにもガバメントクラウドのマイナンバー利用事務系領域にも届かず、そのデータはゼロトラストのPEPを経由してのみ届く。',
  'Staff PCs reach the Internet only through the secure web gateway (SASE, class SECCLOUD).': '職員の端末はセキュアWebゲートウェイ（SASE、区分SECCLOUD）経由でのみインターネットに届く。',
  'The Internet reaches staff PCs only through the secure web gateway.': 'インターネットはセキュアWebゲートウェイ経由でのみ職員の端末に届く。',
  'Nothing from the Internet or the staff side reaches MN: no packet, and no data or control by any chain of gateways.':
    'インターネットからも職員側からも、マイナンバー利用事務系には何も届かない：パケットも、ゲートウェイを連ねたデータや操作も。',
  'Nothing from MN reaches the staff side or the Internet.': 'マイナンバー利用事務系からは、職員側にもインターネットにも何も届かない。',
  'The MN area of the Government Cloud sends no packet and no data to the Internet (its staff are served through the PEP).':
    'ガバメントクラウドのマイナンバー利用事務系領域からインターネットへはパケットもデータも送らない（職員へはPEP経由で提供する）。',
  'Nothing enters MN from the shared base, the clouds or any other network, except declared exceptions.':
    '申請済みの例外を除き、共通基盤・クラウドその他のネットワークからマイナンバー利用事務系へは何も入らない。',
  'MN sends to nothing outside MN except declared exceptions.': 'マイナンバー利用事務系は申請済みの例外以外へは送らない。',
};
