/**
 * When a verify report may not claim a proof: the model leaves out something the devices do (a partial
 * import, an unclassified external network, two zones on one VLAN). reportHolds (result.ts) is false then.
 */
import { addressSetFromPrefixes, addressSetIsEmpty, addressSetMinus, type AddressSet } from '../net/address-set.js';
import { sharedLayer2Domains } from '../topology/layer2-domains.js';
import { PROTO } from '../net/ports.js';
import type { Segment, Topology } from '../topology/model.js';
import type { Property } from './scenario/model.js';

/**
 * The reasons a topology's model is partial: one per partial `segproof import` it was made from, and, when
 * an invariant pack applies, one per external network left in a TRANSIT zone (an external stands for a
 * network outside: without a class no matrix cell takes it as a sender or a target, so an Internet on an
 * unclassified hand-off link would attack nothing and "holds" would prove nothing) and one per VLAN shared
 * by segments of two zones at one site that a check keeps apart (topology/layer2-domains.ts), and one per
 * mail relay that serves mailboxes (POP3/IMAP), whose replies carry mail back.
 */
export function partialReasons(topology: Pick<Topology, 'imports'> & Partial<Pick<Topology, 'model' | 'nodes' | 'zones' | 'segments' | 'logicalNetworks'>>, properties: readonly Property[] = []): string[] {
  const imports = (topology.imports ?? [])
    .filter((i) => i.partial)
    .map((i) => `${i.files.join(', ')} (${i.format}): ${i.unknownVerdictChanging} verdict-changing line${i.unknownVerdictChanging === 1 ? '' : 's'} not understood by the import recorded in ${i.recordedIn}`);
  if (!topology.model || !topology.nodes || !topology.zones || !topology.segments) return imports;
  const zones = topology.zones;
  const unclassified = [...topology.nodes.values()]
    .filter((n) => n.kind === 'external' && (zones.get(n.zone)?.class ?? 'TRANSIT') === 'TRANSIT')
    .map((n) => `external network ${n.name} is in zone ${n.zone} (class TRANSIT): no check takes the network it stands for as a sender or a target; give it a zone of its class (INTERNET for the Internet)`);
  // One VLAN under two zones: their hosts reach each other by ARP, a path the model (segments apart) lacks.
  // That matters where a check keeps the two apart: the matrix (two classes), a scenario property whose two
  // sides hold them, or Z3 (two tenants).
  const tenantOf = (s: Segment) => topology.logicalNetworks?.get(s.vrf)?.tenant;
  const inside = (s: Segment, addresses: AddressSet) => addressSetIsEmpty(addressSetMinus(addressSetFromPrefixes([s.prefix]), addresses));
  const keptApart = (a: Segment, b: Segment) =>
    (zones.get(a.zone)?.class ?? 'TRANSIT') !== (zones.get(b.zone)?.class ?? 'TRANSIT') ||
    (tenantOf(a) !== undefined && tenantOf(b) !== undefined && tenantOf(a) !== tenantOf(b)) ||
    properties.some((p) => p.type !== 'reachable' && ((inside(a, p.from.addresses) && inside(b, p.to.addresses)) || (inside(b, p.from.addresses) && inside(a, p.to.addresses))));
  const joined = sharedLayer2Domains({ segments: topology.segments }).flatMap(({ where, vlan, segments }) => {
    if (!segments.some((a, i) => segments.slice(i + 1).some((b) => a.zone !== b.zone && keptApart(a, b)))) return [];
    const named = segments.map((s) => `${s.name} (zone ${s.zone}, ${zones.get(s.zone)?.class ?? 'TRANSIT'})`).join(', ');
    return [`segments ${named} share VLAN ${vlan} at ${where}: one broadcast domain, whose hosts reach each other without a router, which segproof does not model; give each a VLAN of its own (or set \`site\` where they are on different switches)`];
  });
  // A mail relay forwards mail one way; one that lets clients read mailboxes hands mail back on the replies.
  const mailboxes = [...topology.nodes.values()].flatMap((n) => {
    if (n.kind !== 'mail-relay') return [];
    const ports = MAILBOX_PORTS.filter((p) => n.accepts.some((a) => (a.protocol === PROTO.tcp || a.protocol === undefined) && a.dstPorts.first <= p && p <= a.dstPorts.last));
    return ports.length === 0 ? [] : [`mail relay ${n.name} accepts tcp/${ports.join(', tcp/')} (POP3/IMAP): clients read mailboxes there and get the mail back on the replies, which a mail relay (one-way in segproof) does not carry; model a mailbox server as a host, or the relay as a proxy`];
  });
  return [...imports, ...unclassified, ...joined, ...mailboxes];
}

/** POP3, IMAP and their TLS ports. */
const MAILBOX_PORTS = [110, 143, 993, 995];
