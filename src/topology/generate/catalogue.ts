/**
 * Business systems of a municipality and where each model places them (docs/guideline-basis.md#b-models; counts as for typical bodies).
 */
import type { GeneratedModel } from './options.js';

export type InternalZone = 'MN' | 'MN_GC' | 'LG' | 'INET';

export interface SystemSpec {
  /** Node name (also the address-object-free way rules refer to it). */
  readonly name: string;
  /** 調査表 system name. */
  readonly systemName: string;
  readonly zone: Readonly<Record<GeneratedModel, InternalZone>>;
  readonly holdsResidentData: boolean;
  readonly confidentiality: 1 | 2 | 3;
}

const everywhere = (zone: InternalZone): Record<GeneratedModel, InternalZone> => ({ alpha: zone, beta: zone, 'beta-prime': zone });

/** The 20 standardised 基幹業務 that run in the Government Cloud MN area (MN_GC). */
export const STANDARD_MN_SYSTEMS: readonly (readonly [string, string])[] = [
  ['resident-registry', '住民基本台帳'],
  ['electoral-roll', '選挙人名簿管理'],
  ['fixed-asset-tax', '固定資産税'],
  ['individual-resident-tax', '個人住民税'],
  ['corporate-resident-tax', '法人住民税'],
  ['light-vehicle-tax', '軽自動車税'],
  ['family-registry', '戸籍'],
  ['family-registry-annex', '戸籍附票'],
  ['seal-registration', '印鑑登録'],
  ['school-enrolment', '就学'],
  ['health-management', '健康管理'],
  ['child-rearing-allowance', '児童扶養手当'],
  ['public-assistance', '生活保護'],
  ['disability-welfare', '障害者福祉'],
  ['long-term-care', '介護保険'],
  ['national-health-insurance', '国民健康保険'],
  ['late-elderly-medical', '後期高齢者医療'],
  ['national-pension', '国民年金'],
  ['child-support', '子ども・子育て支援'],
  ['child-allowance', '児童手当'],
];

/** Systems every fixture has besides the 20 standardised ones; 14 of them. */
export const CORE_SYSTEMS: readonly SystemSpec[] = [
  { name: 'mn-atena', systemName: '団体内統合宛名', zone: everywhere('MN'), holdsResidentData: true, confidentiality: 3 },
  { name: 'mn-chukan-connector', systemName: '中間サーバー接続端末', zone: everywhere('MN'), holdsResidentData: true, confidentiality: 3 },
  { name: 'mn-juki-cs', systemName: '住基ネットCS', zone: everywhere('MN'), holdsResidentData: true, confidentiality: 3 },
  { name: 'mn-file-server', systemName: 'ファイルサーバ(MN)', zone: everywhere('MN'), holdsResidentData: true, confidentiality: 3 },
  { name: 'lgwan-mail', systemName: 'LGWANメール', zone: everywhere('LG'), holdsResidentData: false, confidentiality: 2 },
  { name: 'lgwan-asp-gateway', systemName: 'LGWAN-ASP接続', zone: everywhere('LG'), holdsResidentData: false, confidentiality: 2 },
  { name: 'payroll', systemName: '人事給与', zone: everywhere('LG'), holdsResidentData: false, confidentiality: 3 },
  { name: 'lg-file-server', systemName: 'ファイルサーバ(LG)', zone: everywhere('LG'), holdsResidentData: true, confidentiality: 2 },
  { name: 'groupware', systemName: 'グループウェア', zone: { alpha: 'LG', beta: 'INET', 'beta-prime': 'INET' }, holdsResidentData: false, confidentiality: 2 },
  { name: 'document-mgmt', systemName: '文書管理', zone: { alpha: 'LG', beta: 'LG', 'beta-prime': 'INET' }, holdsResidentData: false, confidentiality: 2 },
  { name: 'financial-accounting', systemName: '財務会計', zone: { alpha: 'LG', beta: 'LG', 'beta-prime': 'INET' }, holdsResidentData: false, confidentiality: 2 },
  { name: 'website-cms', systemName: 'ホームページ管理', zone: everywhere('INET'), holdsResidentData: false, confidentiality: 1 },
  { name: 'internet-mail', systemName: 'インターネットメール', zone: everywhere('INET'), holdsResidentData: false, confidentiality: 2 },
  { name: 'inet-file-server', systemName: 'ファイルサーバ(INET)', zone: everywhere('INET'), holdsResidentData: false, confidentiality: 2 },
];

/** Further systems a body may run, named after common 調査表 entries; numbered when the list runs out. */
export const EXTRA_SYSTEM_NAMES: Readonly<Record<InternalZone, readonly string[]>> = {
  MN: ['収納管理', '滞納管理', '福祉総合', '保育', '障害福祉支援', '住民情報照会', 'コンビニ交付', '証明書発行'],
  MN_GC: ['標準準拠連携基盤', '共通機能'],
  LG: ['電子決裁', '庶務事務', '契約管理', '統合型GIS', '議会会議録', '施設予約', '財産管理', '例規集'],
  INET: ['電子申請', '施設予約(公開)', 'オープンデータ', '防災情報', '広報配信', 'Web会議', 'チャット', '公開型GIS'],
};

/** Share of the extra systems per zone, by model (β′ moves most non-MN systems to INET, docs/guideline-basis.md#b-models). */
export const EXTRA_SYSTEM_SHARE: Readonly<Record<GeneratedModel, readonly (readonly [InternalZone, number])[]>> = {
  alpha: [['MN', 0.3], ['MN_GC', 0.05], ['LG', 0.5], ['INET', 0.15]],
  beta: [['MN', 0.3], ['MN_GC', 0.05], ['LG', 0.4], ['INET', 0.25]],
  'beta-prime': [['MN', 0.3], ['MN_GC', 0.05], ['LG', 0.1], ['INET', 0.55]],
};

/** Zone of the staff's main business terminals (docs/guideline-basis.md#b-models). */
export function mainTerminalZone(model: GeneratedModel): 'LG' | 'INET' {
  return model === 'alpha' ? 'LG' : 'INET';
}
