/** Traces as readable text (one line per hop, decisions indented beneath) and as plain JSON. */
import type { SourceLocation } from '../diagnostics/diagnostic.js';
import { escapeControl } from '../diagnostics/escape.js';
import { formatAddressSet } from '../net/address-set.js';
import type { PacketHeader } from '../net/header.js';
import { formatIpv4, formatPrefix } from '../net/ipv4.js';
import { formatService, protocolName, PROTO } from '../net/ports.js';
import { describeDisposition } from './disposition.js';
import type { Flow } from './flow.js';
import { describeSession } from './nodes/gateway.js';
import type { AclCheck, Hop, NatRewrite, RouteUse, Trace } from './trace.js';

export function formatHeader(h: PacketHeader): string {
  const proto = protocolName(h.protocol);
  if (h.protocol === PROTO.tcp || h.protocol === PROTO.udp) return `${proto} ${formatIpv4(h.src)}:${h.srcPort} -> ${formatIpv4(h.dst)}:${h.dstPort}`;
  if (h.protocol === PROTO.icmp) return `icmp ${formatIpv4(h.src)} -> ${formatIpv4(h.dst)} type ${h.icmpType} code ${h.icmpCode}`;
  return `${proto} ${formatIpv4(h.src)} -> ${formatIpv4(h.dst)}`;
}

function at(loc: SourceLocation | undefined): string {
  return loc ? ` (${escapeControl(loc.file)}:${loc.line})` : '';
}

export function formatStart(flow: Flow): string {
  const s = flow.start;
  return s.type === 'segment' ? `segment ${s.segment}` : s.interface ? `${s.node}.${s.interface}` : s.node;
}

function identityText(flow: Flow): string {
  const i = flow.identity;
  if (!i) return '';
  const parts = [i.userRole && `role ${i.userRole}`, i.devicePosture && `posture ${i.devicePosture}`, i.dataClass && `data class ${i.dataClass}`].filter(Boolean);
  return parts.length ? ` [${parts.join(', ')}]` : '';
}

function routeLine(r: RouteUse): string {
  return `route ${formatPrefix(r.prefix)} ${r.origin} ${r.target} (vrf ${r.vrf})${at(r.location)}`;
}

function natLine(n: NatRewrite): string {
  const fmt = (x: { ip: number; port: number }) => `${formatIpv4(x.ip)}${x.port ? `:${x.port}` : ''}`;
  if (n.reverse) return `${n.type === 'destination' ? 'destination' : 'source'} restored ${fmt(n.before)} -> ${fmt(n.after)} (${n.rule} from session state)`;
  return `${n.type} nat ${fmt(n.before)} -> ${fmt(n.after)} by ${n.rule}${at(n.location)}`;
}

function aclLine(a: AclCheck): string {
  const by = a.rule === undefined ? 'default' : `rule ${a.rule}${a.logged ? ' (logged)' : ''}`;
  return `acl ${a.acl} [${a.binding}]: ${a.action} by ${by}${at(a.location)}${a.ruleDescription === undefined ? '' : ` — ${escapeControl(a.ruleDescription)}`}`;
}

function hopLine(h: Hop, index: number): string {
  const where = h.ingress === undefined ? 'sends' : `in ${h.ingress}`;
  const out = h.egress === undefined ? '' : ` -> out ${h.egress}${h.nextNode ? ` to ${h.nextNode}` : ''}${h.nextHop !== undefined ? ` (${formatIpv4(h.nextHop)})` : ''}`;
  return `${index + 1}. ${h.node} (${h.kind}) ${where} [vrf ${h.vrf}] ${formatHeader(h.header)}${out}`;
}

function traceLines(t: Trace, indent: string): string[] {
  const lines: string[] = [];
  if (t.branch.length > 0) lines.push(`${indent}branch ${t.branch.map((b) => `${b.index}/${b.of} at ${b.node}`).join(', ')}`);
  t.hops.forEach((h, i) => {
    lines.push(`${indent}${hopLine(h, i)}`);
    const detail = `${indent}     `;
    // Destination rewrites happen before routing, source rewrites at egress.
    for (const n of h.nat) if (n.type === 'destination') lines.push(detail + natLine(n));
    for (const r of h.routes) lines.push(detail + routeLine(r));
    for (const a of h.acls) lines.push(detail + aclLine(a));
    for (const n of h.nat) if (n.type === 'source') lines.push(detail + natLine(n));
    if (h.headerOut) lines.push(`${detail}leaves as ${formatHeader(h.headerOut)}`);
    for (const note of h.notes) lines.push(`${detail}note: ${note}`);
  });
  lines.push(`${indent}=> ${t.disposition} at ${t.at}: ${t.reason}`);
  if (t.deciding) lines.push(`${indent}   deciding: ${t.deciding.description}${at(t.deciding.location)}`);
  if (t.loop) lines.push(`${indent}   looping hops: ${t.loop.nodes.join(' -> ')}`);
  for (const s of t.sessions ?? []) lines.push(`${indent}   next session: ${describeSession(s)}`);
  for (const note of t.notes) lines.push(`${indent}   note: ${note}`);
  return lines;
}

/** The text form of the traces of one flow. */
export function renderTraces(traces: readonly Trace[]): string {
  const first = traces[0];
  if (!first) return '(no trace)';
  const lines = [`flow ${formatHeader(first.flow.header)} from ${formatStart(first.flow)}${identityText(first.flow)}: ${traces.length} trace${traces.length === 1 ? '' : 's'}`];
  for (const t of traces) {
    lines.push(...traceLines(t, '  '));
    lines.push(`  (${t.disposition}: ${describeDisposition(t.disposition)})`);
    if (t.noReply) lines.push(`  reply: ${t.noReply}`);
    for (const r of t.reply ?? []) {
      lines.push(`  reply ${formatHeader(r.flow.header)} from ${formatStart(r.flow)}:`);
      lines.push(...traceLines(r, '    '));
    }
  }
  return lines.join('\n');
}

function headerJson(h: PacketHeader): Record<string, unknown> {
  const out: Record<string, unknown> = { src: formatIpv4(h.src), dst: formatIpv4(h.dst), protocol: protocolName(h.protocol) };
  if (h.protocol === PROTO.tcp || h.protocol === PROTO.udp) Object.assign(out, { srcPort: h.srcPort, dstPort: h.dstPort });
  if (h.protocol === PROTO.icmp) Object.assign(out, { icmpType: h.icmpType, icmpCode: h.icmpCode });
  return out;
}

function locJson(loc: SourceLocation | undefined): string | undefined {
  return loc ? `${loc.file}:${loc.line}:${loc.column}` : undefined;
}

export function traceToJson(t: Trace): Record<string, unknown> {
  return {
    direction: t.direction,
    flow: { start: formatStart(t.flow), header: headerJson(t.flow.header), identity: t.flow.identity },
    branch: t.branch,
    hops: t.hops.map((h) => ({
      node: h.node,
      kind: h.kind,
      ingress: h.ingress,
      vrf: h.vrf,
      header: headerJson(h.header),
      nat: h.nat.map((n) => ({ rule: n.rule, type: n.type, reverse: n.reverse, before: `${formatIpv4(n.before.ip)}:${n.before.port}`, after: `${formatIpv4(n.after.ip)}:${n.after.port}`, location: locJson(n.location) })),
      routes: h.routes.map((r) => ({ vrf: r.vrf, prefix: formatPrefix(r.prefix), origin: r.origin, target: r.target, location: locJson(r.location) })),
      acls: h.acls.map((a) => ({ acl: a.acl, binding: a.binding, action: a.action, rule: a.rule ?? null, location: locJson(a.location), ...(a.ruleDescription === undefined ? {} : { description: a.ruleDescription }), ...(a.logged ? { logged: true } : {}) })),
      egress: h.egress,
      nextHop: h.nextHop === undefined ? undefined : formatIpv4(h.nextHop),
      nextNode: h.nextNode,
      headerOut: h.headerOut ? headerJson(h.headerOut) : undefined,
      notes: h.notes,
    })),
    disposition: t.disposition,
    at: t.at,
    reason: t.reason,
    deciding: t.deciding ? { policy: t.deciding.policy, rule: t.deciding.rule ?? null, description: t.deciding.description, location: locJson(t.deciding.location) } : undefined,
    sessions: t.sessions?.map((s) => ({ via: s.via, targets: formatAddressSet(s.targets, 64), services: s.services.map(formatService), carries: s.carries })),
    loop: t.loop,
    notes: t.notes,
    reply: t.reply?.map(traceToJson),
    noReply: t.noReply,
  };
}

export function tracesToJson(traces: readonly Trace[]): Record<string, unknown>[] {
  return traces.map(traceToJson);
}
