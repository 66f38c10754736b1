/**
 * The separation matrix an auditor signs, in words: for a model, every ordered pair of zone classes with
 * what may cross (packet layer, information-flow layer), the views it reports under, and its basis; then
 * the pairs the guideline leaves unconstrained and the checks outside the matrix.
 */
import { CHANNEL_KINDS, type ChannelKind } from '../../flowgraph/channels.js';
import { ZONE_CLASSES } from '../../topology/format.js';
import type { SegmentationModel, ZoneClass } from '../../topology/model.js';
import { PACKS } from '../packs/index.js';
import { matrixCells, matrixRows, VIEW_TITLES, type Cell, type FlowRule, type PacketRule } from './cells.js';

const BASIS_DOC = 'docs/guideline-basis.md';
const MATRIX_CLASSES = ZONE_CLASSES.filter((c) => c !== 'TRANSIT');

export function describePacketRule(rule: PacketRule): string {
  switch (rule.kind) {
    case 'none':
      return 'no packet (declared exceptions only)';
    case 'gateways':
      return `packets end only at ${rule.gateways.join(' / ')} gateways on their served ports`;
    case 'through':
      return rule.node === 'dedicated-line' ? 'only over a dedicated line' : `only through the ${rule.node} zone`;
  }
}

export function describeFlowRule(rule: FlowRule | undefined): string {
  if (!rule) return 'not constrained beyond the packet rule';
  const blocked = CHANNEL_KINDS.filter((c) => !rule.allow.includes(c));
  const relays = rule.relayContent === undefined ? '' : rule.relayContent === 'any' ? '; relayed data through any relay' : `; relayed data only through relays declared to carry ${rule.relayContent.join(' / ')}`;
  return `only ${rule.allow.join(', ') || 'nothing'}${relays} (never ${blocked.filter((c: ChannelKind) => c !== 'relayed-data' || rule.relayContent === undefined).join(', ')}); a receiving host acts on ${rule.propagate === 'raw-data' ? 'raw data' : 'data or control'}`;
}

function shortCell(c: Cell | undefined): string {
  if (!c) return '·';
  const p = c.packet.kind === 'none' ? '∅' : c.packet.kind === 'gateways' ? 'G' : c.packet.node === 'dedicated-line' ? 'D' : 'S';
  return c.flow ? `${p}+f` : p;
}

export function explainMatrix(model: SegmentationModel): string {
  const cells = matrixCells(model);
  const byId = new Map(cells.map((c) => [c.id, c]));
  const used = MATRIX_CLASSES.filter((c) => cells.some((x) => x.from === c || x.to === c));
  const lines: string[] = [`Separation matrix for model ${model}`, ''];
  lines.push('Rows: from; columns: to. ∅ nothing may cross · G only through gateways · D only over a dedicated line · S only through the security cloud · +f with an information-flow rule · · not constrained.', '');
  const width = Math.max(...used.map((c) => c.length)) + 1;
  lines.push(`${''.padEnd(width)}${used.map((c) => c.padEnd(width)).join('')}`);
  for (const from of used) lines.push(`${from.padEnd(width)}${used.map((to) => (from === to ? '=' : shortCell(byId.get(`${from}>${to}`))).padEnd(width)).join('')}`);
  lines.push('', 'Cells, as the auditor signs them:');
  for (const row of matrixRows(model)) {
    lines.push('', `${row.from.join(', ')} → ${row.to.join(', ')}   [${row.views.join(', ')}]`);
    lines.push(`  ${row.says}`);
    lines.push(`  packets: ${describePacketRule(row.packet)}`);
    lines.push(`  information flow: ${describeFlowRule(row.flow)}`);
    lines.push(`  basis: ${row.basis.map((b) => `${BASIS_DOC}#${b.toLowerCase()}`).join(', ')}`);
  }
  const pairs = used.flatMap((f) => used.filter((t) => t !== f).map((t) => `${f}>${t}`));
  const free = pairs.filter((p) => !byId.has(p));
  lines.push('', `Not constrained by the guideline (${free.length} ordered pairs): ${free.join(', ') || 'none'}.`);
  lines.push('', 'Views (the invariant IDs of the report):');
  for (const id of [...new Set(cells.flatMap((c) => c.views))].sort()) lines.push(`  ${id}  ${VIEW_TITLES[id] ?? ''}`);
  const others = PACKS[model].invariants.filter((i) => !(i.id in VIEW_TITLES));
  lines.push('', 'Checked besides the matrix:');
  for (const i of others) lines.push(`  ${i.id}  ${i.title}`);
  lines.push('', 'Attacker (every cell): any host or external network of the source class, and for INET and INTERNET an unlisted device on every segment of theirs with a free host address; any source address unless a strict-uRPF interface drops it; any router, firewall, dedicated line or external network on its segment as next hop; every address a node answers on, network devices\' own included; replies only where routed and permitted. See ARCHITECTURE.md "Attacker".');
  return lines.join('\n');
}

export function matrixJson(model: SegmentationModel): unknown {
  return {
    model,
    classes: MATRIX_CLASSES satisfies readonly ZoneClass[],
    cells: matrixCells(model).map((c) => ({ id: c.id, from: c.from, to: c.to, packet: c.packet, flow: c.flow ?? null, views: c.views, basis: c.basis.map((b) => `${BASIS_DOC}#${b.toLowerCase()}`), says: c.says })),
    views: Object.fromEntries([...new Set(matrixCells(model).flatMap((c) => c.views))].map((v) => [v, VIEW_TITLES[v]])),
  };
}
