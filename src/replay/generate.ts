/**
 * Flow sets made from a topology instead of a log:
 *
 * - `endpointPairFlows`: every host (terminal or server) × every server × every service the server
 *   listens on (source: the host's first address; dport: the first port of the service).
 * - `trafficMatrixFlows`: a YAML/JSON list of `{from, to, service, flows?}` entries (zones and a
 *   service spec or list); each entry yields `flows` rows (default: one per combination) spread
 *   round-robin over sources (hosts and externals of `from`) × servers of `to` × services.
 *
 * Source ports are ephemeral (49152 + i mod 16384); flows start where their source address lives.
 */
import { LineCounter, isSeq, isMap, type Node as YamlNode } from 'yaml';
import { parseYamlDocument } from '../topology/yaml-limits.js';
import type { Diagnostic, SourceLocation } from '../diagnostics/diagnostic.js';
import { didYouMean, listNames } from '../diagnostics/diagnostic.js';
import { PROTO, parseService, type ServiceMatch } from '../net/ports.js';
import type { Topology, TopologyNode } from '../topology/model.js';
import { FlowSetBuilder, type FlowSet } from './flowset.js';

const EPHEMERAL_FIRST = 49152;

function firstAddress(n: TopologyNode): number | undefined {
  for (const i of n.interfaces.values()) if (i.address !== undefined) return i.address;
  return undefined;
}

/** A concrete (proto, dport) for a service; for ICMP an echo request unless a type is given. */
function concrete(s: ServiceMatch): { proto: number; srcPort: number | undefined; dstPort: number } {
  const proto = s.protocol ?? PROTO.tcp;
  if (proto === PROTO.icmp) return { proto, srcPort: s.icmpType ?? 8, dstPort: s.icmpCode ?? 0 };
  const fixedSrc = s.srcPorts.first === s.srcPorts.last ? s.srcPorts.first : undefined;
  return { proto, srcPort: fixedSrc, dstPort: s.protocol === undefined ? 0 : s.dstPorts.first };
}

export function endpointPairFlows(topology: Topology): FlowSet {
  const builder = new FlowSetBuilder();
  const hosts = [...topology.nodes.values()].filter((n) => n.kind === 'host');
  const servers = hosts.filter((n) => n.kind === 'host' && n.role === 'server');
  let i = 0;
  for (const from of hosts) {
    const src = firstAddress(from);
    if (src === undefined) continue;
    for (const to of servers) {
      if (to === from || to.kind !== 'host') continue;
      const dst = firstAddress(to);
      if (dst === undefined) continue;
      for (const s of to.listens) {
        const c = concrete(s);
        builder.add({ src, dst, proto: c.proto, srcPort: c.srcPort ?? EPHEMERAL_FIRST + (i++ % 16384), dstPort: c.dstPort });
      }
    }
  }
  return builder.build();
}

/**
 * Why `endpointPairFlows` gives no flow (FLOW009), or undefined when it gives some: replaying nothing
 * proves nothing, so the run is refused with the reason instead of passing.
 */
export function endpointPairShortfall(topology: Topology): Diagnostic | undefined {
  const hosts = [...topology.nodes.values()].filter((n) => n.kind === 'host' && firstAddress(n) !== undefined);
  const servers = hosts.filter((n) => n.kind === 'host' && n.role === 'server');
  const listening = servers.filter((n) => n.kind === 'host' && n.listens.length > 0);
  if (listening.some((to) => hosts.some((from) => from !== to))) return undefined;
  const fileStart: SourceLocation = { file: topology.files[0] ?? '<topology>', line: 1, column: 1 };
  const shortfall = (message: string, location: SourceLocation | undefined, hint: string): Diagnostic => ({
    code: 'FLOW009', severity: 'error', message: `--all-pairs generates no flow: ${message}`, location: location ?? fileStart,
    expected: 'a host with role: server that declares `listens`, and another host with an address to send to it',
    hint,
  });
  if (hosts.length === 0) return shortfall('the topology has no host with an address', undefined, 'add hosts with interface addresses, or replay a flow file');
  if (servers.length === 0) return shortfall('no host is a server (role: server)', hosts[0]!.location, 'mark the hosts that offer services `role: server` and declare what they `listens` on');
  if (listening.length === 0) return shortfall(`no server declares \`listens\` (${servers.length} server${servers.length === 1 ? '' : 's'} checked)`, servers[0]!.location, 'add `listens: [tcp/443]` (the services each server offers) to the servers, or replay a flow file');
  return shortfall(`the only host with an address is the server "${listening[0]!.name}" itself`, listening[0]!.location, 'add the hosts that use the server, or replay a flow file');
}

export interface TrafficMatrixEntry {
  readonly from: string;
  readonly to: string;
  readonly services: readonly ServiceMatch[];
  readonly flows: number | undefined;
}

export type MatrixParse = { ok: true; entries: TrafficMatrixEntry[] } | { ok: false; diagnostics: Diagnostic[] };

/** Flows one traffic matrix may generate in all (explicit `flows` and the one-per-combination defaults together). */
export const MAX_MATRIX_FLOWS = 10_000_000;

/** Per zone: sources (hosts and externals with an address) and servers, as trafficMatrixFlows picks them. */
function endpointCounts(topology: Topology): Map<string, { sources: number; servers: number }> {
  const counts = new Map<string, { sources: number; servers: number }>();
  for (const n of topology.nodes.values()) {
    if (firstAddress(n) === undefined) continue;
    const c = counts.get(n.zone) ?? { sources: 0, servers: 0 };
    if (n.kind === 'host' || n.kind === 'external') c.sources++;
    if (n.kind === 'host' && n.role === 'server') c.servers++;
    counts.set(n.zone, c);
  }
  return counts;
}

export function parseTrafficMatrix(text: string, file: string, topology: Topology): MatrixParse {
  const lines = new LineCounter();
  const doc = parseYamlDocument(text, { lineCounter: lines }); // bounded nesting, aliases and key checks
  const at = (node: YamlNode | null | undefined): SourceLocation => {
    const p = lines.linePos(node?.range?.[0] ?? 0);
    return { file, line: p.line, column: p.col };
  };
  const diagnostics: Diagnostic[] = [];
  const bad = (message: string, node: YamlNode | null | undefined, expected: string, hint?: string): void => {
    diagnostics.push({ code: 'FLOW006', severity: 'error', message, location: at(node), expected, hint });
  };
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const p = lines.linePos(e.pos[0]);
    return { ok: false, diagnostics: [{ code: 'FLOW006', severity: 'error', message: e.message.split('\n')[0]!, location: { file, line: p.line, column: p.col }, expected: 'YAML or JSON' }] };
  }
  const root = doc.contents;
  const list = isMap(root) ? (root.get('flows', true) as YamlNode | undefined) : root;
  if (!isSeq(list)) {
    bad('a traffic matrix is a list of entries (or a mapping with a "flows" list)', root, 'entries {from, to, service, flows?}');
    return { ok: false, diagnostics };
  }
  const zones = [...topology.zones.keys()];
  const entries: TrafficMatrixEntry[] = [];
  const endpoints = endpointCounts(topology);
  let totalFlows = 0;
  for (const item of list.items) {
    if (!isMap(item)) {
      bad('entry must be a mapping', item as YamlNode, '{from, to, service, flows?}');
      continue;
    }
    const zone = (key: 'from' | 'to'): string | undefined => {
      const node = item.get(key, true) as YamlNode | undefined;
      const value = item.get(key);
      if (typeof value !== 'string' || !topology.zones.has(value)) {
        const guess = typeof value === 'string' ? didYouMean(value, zones) : undefined;
        bad(value === undefined ? `missing "${key}"` : `unknown zone "${String(value)}"`, node ?? item, `a zone: ${listNames(zones)}`, guess ? `did you mean "${guess}"?` : undefined);
        return undefined;
      }
      return value;
    };
    const from = zone('from');
    const to = zone('to');
    const svcNode = item.get('service', true) as YamlNode | undefined;
    const svcValue = item.get('service');
    const texts = isSeq(svcValue) ? svcValue.items.map((x) => String((x as { value?: unknown }).value)) : svcValue === undefined ? [] : [String(svcValue)];
    const services: ServiceMatch[] = [];
    if (texts.length === 0) bad('missing "service"', item, 'a service such as tcp/443, or a list of them');
    for (const t of texts) {
      const named = topology.serviceObjects.get(t);
      if (named) {
        services.push(...named);
        continue;
      }
      const p = parseService(t);
      if (p.ok) services.push(p.service);
      else bad(p.reason, svcNode, 'a service such as tcp/443, udp/53, icmp, or a service object name');
    }
    const flowsValue = item.get('flows');
    if (flowsValue !== undefined && (typeof flowsValue !== 'number' || !Number.isInteger(flowsValue) || flowsValue < 1)) {
      bad(`flows must be a whole number 1 or more, not ${JSON.stringify(flowsValue)}`, item.get('flows', true) as YamlNode, 'a number of flows');
    }
    if (from && to && services.length > 0) {
      // Bounded: the flows are built in memory before the replay starts.
      const combos = (endpoints.get(from)?.sources ?? 0) * (endpoints.get(to)?.servers ?? 0) * services.length;
      const wanted = typeof flowsValue === 'number' ? flowsValue : combos;
      if (combos > 0 && totalFlows <= MAX_MATRIX_FLOWS && totalFlows + wanted > MAX_MATRIX_FLOWS) {
        bad(`the traffic matrix asks for more than ${MAX_MATRIX_FLOWS} flows in all (${totalFlows + wanted} up to this entry)`, (item.get('flows', true) as YamlNode | undefined) ?? item, `at most ${MAX_MATRIX_FLOWS} flows over all entries`, 'lower "flows", or replay a flow log instead (flow logs are streamed)');
      }
      totalFlows += combos > 0 ? wanted : 0;
      entries.push({ from, to, services, flows: typeof flowsValue === 'number' ? flowsValue : undefined });
    }
  }
  return diagnostics.length > 0 ? { ok: false, diagnostics } : { ok: true, entries };
}

/** Flows for parsed traffic-matrix entries. */
export function trafficMatrixFlows(topology: Topology, entries: readonly TrafficMatrixEntry[]): FlowSet {
  const builder = new FlowSetBuilder();
  const nodes = [...topology.nodes.values()];
  let eph = 0;
  for (const e of entries) {
    const sources = nodes.filter((n) => n.zone === e.from && (n.kind === 'host' || n.kind === 'external')).map(firstAddress).filter((a): a is number => a !== undefined);
    const targets = nodes.filter((n) => n.zone === e.to && n.kind === 'host' && n.role === 'server').map(firstAddress).filter((a): a is number => a !== undefined);
    const combos = sources.length * targets.length * e.services.length;
    if (combos === 0) continue;
    const total = e.flows ?? combos;
    for (let i = 0; i < total; i++) {
      const k = i % combos;
      const s = e.services[k % e.services.length]!;
      const t = Math.floor(k / e.services.length) % targets.length;
      const src = Math.floor(k / (e.services.length * targets.length));
      const c = concrete(s);
      builder.add({ src: sources[src]!, dst: targets[t]!, proto: c.proto, srcPort: c.srcPort ?? EPHEMERAL_FIRST + (eph++ % 16384), dstPort: c.dstPort });
    }
  }
  return builder.build();
}
