/**
 * The guideline's own terms (docs/guideline-basis.md quotes them in context), used by every Japanese report:
 * zone classes, gateway kinds and information-flow channels.
 */
import type { ChannelKind } from '../flowgraph/channels.js';
import type { NodeKind, ZoneClass } from '../topology/format.js';

export const ZONE_CLASS_JA: Readonly<Record<ZoneClass, string>> = {
  MN: 'マイナンバー利用事務系',
  MN_GC: 'ガバメントクラウド（マイナンバー利用事務系）',
  LG: 'LGWAN接続系',
  INET: 'インターネット接続系',
  INTERNET: 'インターネット',
  LGWAN: 'LGWAN',
  JUKI: '住基ネット',
  GOVCLOUD: 'ガバメントクラウド',
  GOVNW: '政府共通ネットワーク',
  SECCLOUD: '自治体情報セキュリティクラウド',
  GSS: 'ガバメントソリューションサービス',
  SAAS: 'SaaS（インターネット上）',
  TRANSIT: '中継区間',
};

export const NODE_KIND_JA: Readonly<Record<NodeKind, string>> = {
  host: 'ホスト',
  router: 'ルータ',
  firewall: 'ファイアウォール',
  'screen-transfer': '画面転送',
  sanitiser: '無害化',
  relay: '中継サーバ（特定通信）',
  'mail-relay': 'メール中継（メールテキスト化）',
  proxy: 'プロキシ',
  'zt-pep': 'ゼロトラストPEP',
  'dedicated-line': '専用線',
  external: '外部ネットワーク',
};

export const CHANNEL_JA: Readonly<Record<ChannelKind, string>> = {
  packet: 'パケット（生データ）',
  control: '操作（キーボード・マウス）',
  pixels: '画面（画素）',
  clipboard: 'クリップボード',
  file: 'ファイル',
  drive: 'ドライブ',
  printer: 'プリンタ',
  'sanitised-data': '無害化済みデータ',
  'relayed-data': '中継データ',
};

/** "MN" → "マイナンバー利用事務系 (MN)"; unknown names unchanged. */
export function classJa(name: string): string {
  const ja = (ZONE_CLASS_JA as Record<string, string | undefined>)[name];
  return ja === undefined ? name : `${ja}（${name}）`;
}
