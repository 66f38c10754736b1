/**
 * The separation matrix, as data: for each model, what may cross from one zone class to another and how.
 * Every ordered pair of classes that the guideline constrains is a cell, checked exhaustively in that
 * direction on the packet layer and (where a flow rule is given) on the information-flow layer; a pair
 * that appears in no row is not constrained by the guideline and is listed as such by `segproof explain`.
 * The R and F invariants of the reports are views: the cells that carry their ID. Each row cites its
 * basis in docs/guideline-basis.md (the seeds' own words).
 *
 * Declared exceptions (scenario files, with a justification) exempt traffic from a cell when they name
 * one of its views or the cell itself (`MN>LGWAN`): that is how named systems on named services (中間サー
 * バー, the 特定通信 relay) are allowed, one signed entry at a time.
 */
import type { ChannelKind } from '../../flowgraph/channels.js';
import type { NodeKind, SegmentationModel, ZoneClass } from '../../topology/model.js';

export type GatewayKind = Extract<NodeKind, 'screen-transfer' | 'sanitiser' | 'relay' | 'proxy' | 'mail-relay' | 'zt-pep'>;

export type PacketRule =
  /** Nothing arrives: no host, external, gateway or device address of the destination class is reached. */
  | { readonly kind: 'none' }
  /** Packets may only end at gateways of these kinds, on the ports they serve. */
  | { readonly kind: 'gateways'; readonly gateways: readonly GatewayKind[] }
  /** Every path passes a node of this kind, or a node of a zone of this class. */
  | { readonly kind: 'through'; readonly node: 'dedicated-line' | 'SECCLOUD' };

export interface FlowRule {
  /** Channels that may arrive at the destination class. */
  readonly allow: readonly ChannelKind[];
  /**
   * What makes a reached host act for the attacker: `compromising` (raw data and control) or `raw-data`
   * (raw data only: screen-transfer control is the sanctioned crossing of the cell, accepted with the
   * endpoint measures of P1).
   */
  readonly propagate: 'compromising' | 'raw-data';
  /** Relays and mail relays may carry data here when every item they declare (`carries`) is listed; 'any' for any relay. */
  readonly relayContent?: readonly string[] | 'any' | undefined;
  /** Gateways of these kinds are the sanctioned crossing: what they forward is not counted (a PEP's authorised access). */
  readonly through?: readonly GatewayKind[] | undefined;
}

export interface MatrixRow {
  readonly from: readonly ZoneClass[];
  readonly to: readonly ZoneClass[];
  readonly packet: PacketRule;
  readonly flow?: FlowRule | undefined;
  /** Report views (invariant IDs) this row belongs to: R… for the packet layer, F… for information flow. */
  readonly views: readonly string[];
  /** Anchors in docs/guideline-basis.md. */
  readonly basis: readonly string[];
  /** One sentence an auditor signs. */
  readonly says: string;
  /** A note the report adds only when the cell is violated (what such a path usually is, and how an approved one is declared). */
  readonly whenViolated?: string | undefined;
}

export interface Cell extends Omit<MatrixRow, 'from' | 'to'> {
  readonly from: ZoneClass;
  readonly to: ZoneClass;
  /** `FROM>TO`, usable in an exception's applies-to. */
  readonly id: string;
}

const MN_SIDE: readonly ZoneClass[] = ['MN', 'MN_GC'];
const INTERNET_SIDE: readonly ZoneClass[] = ['INTERNET', 'INET'];
const NOT_MN: readonly ZoneClass[] = ['LG', 'LGWAN', 'SECCLOUD', 'GOVCLOUD', 'GOVNW', 'GSS', 'SAAS'];
const CROSSING_GATEWAYS: readonly GatewayKind[] = ['screen-transfer', 'sanitiser', 'mail-relay', 'relay'];
const LGWAN_DATA = ['lgwan-mail', 'lgwan-asp'];

type ThreeTier = Exclude<SegmentationModel, 'zero-trust-2030'>;

function threeTierRows(model: ThreeTier): MatrixRow[] {
  const beta = model === 'beta' || model === 'beta-prime';
  // β/β′: LG → INET data only what was taken in from LGWAN mail / LGWAN-ASP; α: an approved relay (#10).
  const relayContent = beta ? LGWAN_DATA : 'any';
  const rows: MatrixRow[] = [
    {
      from: INTERNET_SIDE, to: MN_SIDE, packet: { kind: 'none' }, flow: { allow: ['pixels'], propagate: 'compromising' },
      views: ['R1', 'F3'], basis: ['B-THREE-TIER', 'B-MN-ISOLATION'],
      says: 'Nothing from the Internet or the Internet segment reaches MN or MN_GC: no packet, and no data or control by any chain of gateways.',
    },
    {
      from: MN_SIDE, to: INTERNET_SIDE, packet: { kind: 'none' }, flow: { allow: ['pixels'], propagate: 'compromising' },
      views: ['R1', 'F4'], basis: ['B-THREE-TIER', 'B-MN-ISOLATION'],
      says: 'Nothing from MN or MN_GC reaches the Internet segment or the Internet.',
    },
    {
      from: NOT_MN, to: MN_SIDE, packet: { kind: 'none' }, flow: { allow: ['pixels'], propagate: 'compromising' },
      views: ['R8', 'F4'], basis: ['B-MN-ISOLATION', 'B-MN-LG', 'B-MN-EXTERNAL'],
      says: 'Nothing enters MN or MN_GC from LG, LGWAN, the security cloud or any other network, except declared exceptions (the 特定通信 relay on its port).',
    },
    {
      from: ['MN'], to: ['LG', 'LGWAN', 'SECCLOUD', 'GOVCLOUD', 'GOVNW', 'GSS', 'SAAS'], packet: { kind: 'none' }, flow: { allow: ['pixels'], propagate: 'compromising' },
      views: ['R2', 'F4'], basis: ['B-MN-ISOLATION', 'B-MN-EXTERNAL'],
      says: 'MN sends to nothing outside MN except declared exceptions: named systems on named services (the 中間サーバー on LGWAN).',
    },
    {
      from: ['MN_GC'], to: ['LG', 'LGWAN', 'SECCLOUD', 'GOVCLOUD', 'GOVNW', 'GSS', 'SAAS'], packet: { kind: 'none' }, flow: { allow: ['pixels'], propagate: 'compromising' },
      views: ['R2', 'F4'], basis: ['B-GC-LINE', 'B-MN-ISOLATION'],
      says: 'The MN area of the Government Cloud sends to nothing outside MN except declared exceptions.',
    },
    {
      // Information may pass MN_GC → MN → 住基ネット on allowed cells; only direct packets are ruled out.
      from: ['MN_GC'], to: ['JUKI'], packet: { kind: 'none' },
      views: ['R2'], basis: ['B-GC-LINE', 'B-MN-EXTERNAL'],
      says: 'The MN area of the Government Cloud has no packet path of its own to 住基ネット.',
    },
    {
      from: ['MN'], to: ['JUKI'], packet: { kind: 'through', node: 'dedicated-line' },
      views: ['R2'], basis: ['B-MN-EXTERNAL'],
      says: 'MN reaches 住基ネット only over a dedicated line.',
    },
    {
      from: ['JUKI'], to: ['MN'], packet: { kind: 'through', node: 'dedicated-line' },
      views: ['R8'], basis: ['B-MN-EXTERNAL'],
      says: '住基ネット reaches MN only over a dedicated line.',
    },
    {
      from: ['JUKI'], to: ['MN_GC'], packet: { kind: 'none' },
      views: ['R8'], basis: ['B-MN-EXTERNAL', 'B-GC-LINE'],
      says: '住基ネット has no packet path of its own to the MN area of the Government Cloud.',
    },
    {
      from: ['JUKI'], to: ['INTERNET', 'INET', 'SECCLOUD'], packet: { kind: 'none' },
      views: ['R2'], basis: ['B-MN-EXTERNAL'],
      says: '住基ネット, which MN talks to, has no packet path to the Internet side (LGWAN, which the 中間サーバー is on, is held to the same by R9).',
    },
    {
      from: ['MN'], to: ['MN_GC'], packet: { kind: 'through', node: 'dedicated-line' },
      views: ['R7'], basis: ['B-GC-LINE'],
      says: 'MN reaches the MN area of the Government Cloud only over a dedicated line.',
    },
    {
      from: ['MN_GC'], to: ['MN'], packet: { kind: 'through', node: 'dedicated-line' },
      views: ['R7'], basis: ['B-GC-LINE'],
      says: 'The MN area of the Government Cloud reaches MN only over a dedicated line.',
    },
    {
      from: ['INET'], to: ['LG'], packet: { kind: 'gateways', gateways: CROSSING_GATEWAYS },
      flow: { allow: ['pixels', 'control', 'sanitised-data'], propagate: 'raw-data' },
      views: ['R3', 'F1'], basis: ['B-SCREEN-TRANSFER', 'B-SANITISE', 'B-MAIL-SANITISE'],
      says: 'From the Internet segment into LG only screen transfer (pixels out, input in) and sanitised objects: packets end at screen-transfer, sanitiser, mail-relay or relay gateways, never at a host, device, proxy or PEP.',
    },
    {
      from: ['INTERNET', 'SECCLOUD'], to: ['LG'], packet: { kind: 'none' },
      flow: { allow: ['pixels', 'control', 'sanitised-data'], propagate: 'raw-data' },
      views: ['R9', 'F1'], basis: ['B-LG-INTERNET', 'B-SANITISE', 'B-SECCLOUD'],
      says: 'No packet from the Internet or the security cloud reaches LG; their data enters LG only sanitised.',
    },
    {
      from: ['LG'], to: ['INET'], packet: { kind: 'gateways', gateways: CROSSING_GATEWAYS },
      flow: { allow: ['pixels', 'control'], propagate: 'raw-data', relayContent },
      views: ['R3', 'F2'], basis: beta ? ['B-CLIPBOARD', 'B-LG-TO-INET-RELAY'] : ['B-LG-INTERNET', 'B-SCREEN-TRANSFER'],
      says: beta
        ? 'From LG into the Internet segment only screen transfer and relays that carry data taken in from LGWAN mail or LGWAN-ASP; no clipboard, file or drive redirection.'
        : 'From LG into the Internet segment only screen transfer to the virtual browser and approved relays.',
    },
    {
      from: ['LG'], to: ['INTERNET', 'SECCLOUD'], packet: { kind: 'none' },
      flow: { allow: ['pixels', 'control'], propagate: 'raw-data', relayContent },
      views: ['R4', 'F2'], basis: ['B-LG-INTERNET'],
      says: 'No packet from LG reaches the Internet or the security cloud; LG data leaves only as in the LG → INET cell.',
    },
    {
      from: ['INET', 'INTERNET', 'SECCLOUD'], to: ['LGWAN'], packet: { kind: 'none' },
      flow: { allow: ['pixels', 'sanitised-data'], propagate: 'raw-data' },
      views: ['R9', 'F5'], basis: ['B-LGWAN-ACCESS', 'B-MAIL-SANITISE'],
      says: 'LGWAN is reached from LG only: no packet from the Internet side, and only sanitised data (mail text-ization) by way of LG.',
    },
    {
      from: ['LGWAN'], to: ['INET', 'INTERNET', 'SECCLOUD'], packet: { kind: 'none' },
      flow: { allow: ['pixels', 'control'], propagate: 'raw-data', relayContent },
      views: ['R9', 'F5'], basis: ['B-LGWAN-ACCESS', 'B-LG-TO-INET-RELAY'],
      says: 'No packet from LGWAN reaches the Internet side; LGWAN data reaches it only through the relays of the LG → INET cell.',
    },
    {
      from: ['INET', 'INTERNET', 'SECCLOUD', 'LG', 'LGWAN'], to: ['JUKI'], packet: { kind: 'none' }, flow: { allow: ['pixels'], propagate: 'compromising' },
      views: ['R8', 'F4'], basis: ['B-MN-EXTERNAL'],
      says: '住基ネット is reached from MN only.',
    },
    {
      from: ['INET'], to: ['INTERNET'], packet: { kind: 'through', node: 'SECCLOUD' },
      views: ['R5'], basis: ['B-SECCLOUD'],
      says: 'The Internet segment reaches the Internet only through the security cloud.',
      whenViolated: 'a path from the Internet segment to the Internet that avoids the security cloud is a local (branch) breakout: the guideline accepts one only where its firewall logs are collected and kept; declare an approved one as an exception applying to INET>INTERNET, with that justification',
    },
    {
      from: ['INTERNET'], to: ['INET'], packet: { kind: 'through', node: 'SECCLOUD' },
      views: ['R5'], basis: ['B-SECCLOUD'],
      says: 'The Internet reaches the Internet segment only through the security cloud.',
    },
  ];
  // α′ lets LG break out locally to allow-listed SaaS with tenant restriction, which the topology cannot
  // show (an FQDN allow list behind TLS inspection): there LG → SAAS is left unconstrained. Elsewhere none.
  if (model !== 'alpha-prime') {
    rows.push({
      from: ['LG'], to: ['SAAS'], packet: { kind: 'none' }, flow: { allow: ['pixels', 'control'], propagate: 'raw-data', relayContent },
      views: ['R4', 'F2'], basis: ['B-LG-INTERNET', 'B-MODELS'],
      says: 'No packet from LG reaches SaaS on the Internet (local breakout is an α′ measure only).',
    });
  }
  return rows;
}

function zeroTrustRows(): MatrixRow[] {
  return [
    // MN on premises stays apart in the 2030 model too (マイナンバー利用事務系の分離の維持・徹底): the three-tier rows for it.
    {
      from: INTERNET_SIDE, to: ['MN'], packet: { kind: 'none' }, flow: { allow: ['pixels'], propagate: 'compromising' },
      views: ['R1', 'F3'], basis: ['B-MN-ISOLATION', 'B-ZERO-TRUST'],
      says: 'Nothing from the Internet or the staff side reaches MN: no packet, and no data or control by any chain of gateways.',
    },
    {
      from: ['MN'], to: INTERNET_SIDE, packet: { kind: 'none' }, flow: { allow: ['pixels'], propagate: 'compromising' },
      views: ['R1', 'F4'], basis: ['B-MN-ISOLATION', 'B-ZERO-TRUST'],
      says: 'Nothing from MN reaches the staff side or the Internet.',
    },
    {
      // Staff reach MN_GC data through the PEP, by design: what a PEP hands on is the sanctioned crossing, and
      // nothing else carries MN_GC data towards the Internet (a relay or proxy of its own is a way out).
      from: ['MN_GC'], to: ['INTERNET'], packet: { kind: 'none' }, flow: { allow: ['pixels'], propagate: 'compromising', through: ['zt-pep'] },
      views: ['R1', 'F4'], basis: ['B-GC-LINE', 'B-ZERO-TRUST'],
      says: 'The MN area of the Government Cloud sends no packet and no data to the Internet (its staff are served through the PEP).',
    },
    {
      from: NOT_MN, to: ['MN'], packet: { kind: 'none' }, flow: { allow: ['pixels'], propagate: 'compromising' },
      views: ['R8', 'F4'], basis: ['B-MN-ISOLATION', 'B-MN-EXTERNAL'],
      says: 'Nothing enters MN from the shared base, the clouds or any other network, except declared exceptions.',
    },
    {
      from: ['MN'], to: NOT_MN, packet: { kind: 'none' }, flow: { allow: ['pixels'], propagate: 'compromising' },
      views: ['R2', 'F4'], basis: ['B-MN-ISOLATION', 'B-MN-EXTERNAL'],
      says: 'MN sends to nothing outside MN except declared exceptions.',
    },
    {
      from: ['INET', 'GSS', 'GOVNW', 'LGWAN', 'SECCLOUD', 'GOVCLOUD', 'SAAS'], to: ['LG', 'MN_GC'], packet: { kind: 'gateways', gateways: ['zt-pep'] },
      // Data too reaches them only through a PEP: a file relay beside it is a bypass carrying data, not packets.
      flow: { allow: ['pixels'], propagate: 'compromising', through: ['zt-pep'] },
      views: ['Z5', 'F6'], basis: ['B-ZERO-TRUST', 'B-SHARED-BASE'],
      says: 'Business systems and the MN area of the Government Cloud are reached only through a zero-trust PEP that authenticates and authorises each access.',
    },
    {
      // Nor data by a chain of gateways: an Internet-facing relay into a business system or MN_GC is a PEP bypass.
      from: ['INTERNET'], to: ['LG', 'MN_GC'], packet: { kind: 'none' }, flow: { allow: ['pixels'], propagate: 'compromising', through: ['zt-pep'] },
      views: ['Z6', 'F6'], basis: ['B-ZERO-TRUST', 'B-SHARED-BASE'],
      says: 'No packet from the Internet reaches business systems or the MN area of the Government Cloud, and its data reaches them only through a zero-trust PEP.',
    },
    {
      from: ['INTERNET'], to: ['GSS', 'GOVNW', 'LGWAN', 'GOVCLOUD'], packet: { kind: 'none' },
      views: ['Z6'], basis: ['B-ZERO-TRUST', 'B-SHARED-BASE'],
      says: 'No packet from the Internet reaches the shared network base.',
    },
    {
      from: ['INET'], to: ['INTERNET'], packet: { kind: 'through', node: 'SECCLOUD' },
      views: ['Z6'], basis: ['B-SECCLOUD', 'B-ZERO-TRUST'],
      says: 'Staff PCs reach the Internet only through the secure web gateway (SASE, class SECCLOUD).',
    },
    {
      from: ['INTERNET'], to: ['INET'], packet: { kind: 'through', node: 'SECCLOUD' },
      views: ['Z6'], basis: ['B-SECCLOUD', 'B-ZERO-TRUST'],
      says: 'The Internet reaches staff PCs only through the secure web gateway.',
    },
  ];
}

/** The model's rows, as written (grouped by class lists). */
export function matrixRows(model: SegmentationModel): readonly MatrixRow[] {
  return model === 'zero-trust-2030' ? zeroTrustRows() : threeTierRows(model);
}

/** The model's cells: one per ordered pair of classes, in row order. */
export function matrixCells(model: SegmentationModel): readonly Cell[] {
  const cells: Cell[] = [];
  for (const row of matrixRows(model)) {
    for (const from of row.from) {
      for (const to of row.to) cells.push({ ...row, from, to, id: `${from}>${to}` });
    }
  }
  return cells;
}

/** What each view is about, for reports and `segproof explain`. */
export const VIEW_TITLES: Readonly<Record<string, string>> = {
  R1: 'no packet between the Internet side (INTERNET, INET) and MN/MN_GC, in either direction, to any host, gateway or device address',
  R2: 'MN and MN_GC send outside MN only to declared exceptions; 住基ネット over a dedicated line; those destinations have no path to the Internet',
  R3: 'between LG and INET packets end only at screen-transfer, sanitiser, mail-relay or relay gateways on their served ports',
  R4: 'no packet from LG reaches the Internet or the security cloud',
  R5: 'the Internet segment and the Internet reach each other only through the security cloud',
  R7: 'MN and MN_GC reach each other only over a dedicated line',
  R8: 'nothing enters MN or MN_GC from any other network except declared exceptions; 住基ネット is reached from MN only, over a dedicated line',
  R9: 'the closed side (LG, LGWAN) is not reached by packets from the Internet side, and LGWAN does not reach it',
  F1: 'every data object entering LG from INET, the Internet or the security cloud passes a sanitiser',
  F2: 'data leaves LG for the Internet side only through relays carrying what the model allows',
  F3: 'no data or control from the Internet side reaches MN/MN_GC by any chain of gateways',
  F4: 'no data or control crosses between MN/MN_GC and any other network, except declared exceptions',
  F5: 'between the Internet side and LGWAN only sanitised data inward and declared relays outward',
  F6: 'business systems and MN_GC receive data and control only through a zero-trust PEP, by no chain of other gateways',
  Z5: 'business systems and MN_GC are reached only through a zero-trust PEP',
  Z6: 'the Internet reaches no part of the shared base, and staff reach the Internet only through the secure web gateway',
};
