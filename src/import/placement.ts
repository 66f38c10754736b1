/**
 * Places an imported device into a topology: each interface goes onto a segment.
 *
 * * With a host topology (`segproof import … --topology city.yaml`), an interface joins the segment
 *   whose prefix holds its address (or the one named by `--segment IF=SEGMENT`); the result is an
 *   include fragment (the device node only). Vendor zones must agree with the host's zones: every
 *   interface of one vendor zone on segments of one topology zone, and zone-pair ACLs are rebound to
 *   those topology zones.
 * * Standalone, the result is a whole topology: one segment per interface, one zone per vendor zone
 *   (or per interface when the device has none), class TRANSIT unless `--zone-class` says otherwise,
 *   an external network at every static next hop that owns what is routed to it, so packets leave the
 *   way the device sends them, and one on every subnet for the hosts the configuration does not name.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { addressSetFromRanges } from '../net/address-set.js';
import { addressRefs } from './address-refs.js';
import { formatIpv4, formatPrefix, maskOf, parseIpv4, prefixContains, prefixFirst, prefixLast, type Prefix } from '../net/ipv4.js';
import { FORMAT_VERSION, type IncludeFile, type RawAcl, type RawInterface, type RawNode, type TopologyFile, type ZoneClass } from '../topology/format.js';
import type { Topology } from '../topology/model.js';
import { NameSpace, safeName } from './names.js';
import type { DeviceImport, DeviceInterface } from './types.js';

export interface PlacementOptions {
  readonly topology?: Topology | undefined;
  /** Interface name (as the vendor writes it) → segment name. */
  readonly segmentOf?: ReadonlyMap<string, string> | undefined;
  /** Standalone: zone name → class (default TRANSIT). */
  readonly zoneClass?: ReadonlyMap<string, ZoneClass> | undefined;
}

export type Placement =
  | { readonly ok: true; readonly file: TopologyFile | IncludeFile; readonly diagnostics: Diagnostic[] }
  | { readonly ok: false; readonly diagnostics: Diagnostic[] };

interface Cidr {
  readonly address: number;
  readonly prefix: Prefix;
}

function parseCidr(text: string | undefined): Cidr | undefined {
  if (!text) return undefined;
  const [addr, len] = text.split('/');
  const address = parseIpv4(addr ?? '');
  const length = len === undefined ? 32 : Number(len);
  if (address === undefined || !Number.isInteger(length) || length < 0 || length > 32) return undefined;
  return { address, prefix: { network: (address & maskOf(length)) >>> 0, length } };
}

function deviceNode(file: IncludeFile, device: string): RawNode {
  const node = file.nodes?.[device];
  if (!node) throw new Error(`importer produced no node named ${device}`);
  return node;
}

function interfaceLocation(i: DeviceInterface) {
  return i.line ? { file: i.line.file, line: i.line.line, column: 1 } : undefined;
}

export function placeDevice(imported: DeviceImport, options: PlacementOptions): Placement {
  return options.topology ? placeInTopology(imported, options.topology, options.segmentOf ?? new Map()) : placeStandalone(imported, options);
}

function withInterfaces(node: RawNode, interfaces: Record<string, RawInterface>): RawNode {
  return { ...node, interfaces } as RawNode;
}

function placeInTopology(imported: DeviceImport, topology: Topology, segmentOf: ReadonlyMap<string, string>): Placement {
  const diagnostics: Diagnostic[] = [];
  const node = deviceNode(imported.fragment, imported.device);
  const interfaces: Record<string, RawInterface> = {};
  const topologyZoneOfVendorZone = new Map<string, Set<string>>();
  for (const i of imported.interfaces) {
    const cidr = parseCidr(i.cidr);
    let segment = segmentOf.get(i.name);
    if (segment === undefined && cidr) {
      for (const s of topology.segments.values()) if (prefixContains(s.prefix, cidr.address)) segment = s.name;
    }
    if (segment === undefined || !topology.segments.has(segment)) {
      diagnostics.push({
        code: 'IMP005',
        severity: 'error',
        message: `interface ${i.name}${i.cidr ? ` (${i.cidr})` : ''} matches no segment of ${topology.name}${segment !== undefined ? ` (segment "${segment}" is not defined)` : ''}`,
        location: interfaceLocation(i),
        expected: 'an interface address inside one segment prefix of the including topology',
        hint: `map it explicitly with --segment '${i.name}=<segment>', or add the segment to the topology`,
      });
      continue;
    }
    const zone = topology.segments.get(segment)?.zone ?? '';
    if (i.zone !== undefined) {
      const zones = topologyZoneOfVendorZone.get(i.zone) ?? new Set<string>();
      zones.add(zone);
      topologyZoneOfVendorZone.set(i.zone, zones);
    }
    interfaces[safeName(i.name)] = { segment, ...(cidr ? { address: formatIpv4(cidr.address) } : {}), ...(i.description ? { description: i.description } : {}) };
  }
  const zoneMap = new Map<string, string>();
  for (const [vendorZone, zones] of topologyZoneOfVendorZone) {
    if (zones.size !== 1) {
      diagnostics.push({
        code: 'IMP005',
        severity: 'error',
        message: `vendor zone ${vendorZone} spans topology zones ${[...zones].join(', ')}: its zone-pair policy cannot be bound to one of them`,
        location: undefined,
        expected: 'every interface of one vendor zone on segments of one topology zone',
        hint: 'split the vendor zone, or move the segments into one topology zone',
      });
    } else zoneMap.set(vendorZone, [...zones][0] as string);
  }
  // Two vendor zones on one topology zone: after rebinding, both zone-pair ACLs would apply to every
  // packet between the same topology zones, and each would deny what only the other permits.
  const hasZonePairAcls = 'acls' in node && (node.acls ?? []).some((a) => 'fromZone' in a.bind);
  const vendorZonesOf = new Map<string, string[]>();
  for (const [vendorZone, zone] of zoneMap) vendorZonesOf.set(zone, [...(vendorZonesOf.get(zone) ?? []), vendorZone]);
  for (const [zone, vendorZones] of vendorZonesOf) {
    if (!hasZonePairAcls || vendorZones.length < 2) continue;
    diagnostics.push({
      code: 'IMP005',
      severity: 'error',
      message: `vendor zones ${vendorZones.join(', ')} all lie in topology zone ${zone}: their zone-pair policies would all apply to every packet from or to ${zone}, so the device would be modelled as stricter than it is`,
      location: undefined,
      expected: 'each vendor zone (a FortiGate interface or zone, an SRX or Cisco zone) on segments of a topology zone of its own',
      hint: `give the segments of ${vendorZones.join(' and ')} separate zones in the topology, or import standalone`,
    });
  }
  if (diagnostics.some((d) => d.severity === 'error')) return { ok: false, diagnostics };
  const placed = rebindZones(withInterfaces(node, interfaces), zoneMap);
  return { ok: true, file: { ...imported.fragment, nodes: { [imported.device]: placed } }, diagnostics };
}

function rebindZones(node: RawNode, zoneMap: ReadonlyMap<string, string>): RawNode {
  if (!('acls' in node) || !node.acls) return node;
  const acls: RawAcl[] = node.acls.map((acl) =>
    'fromZone' in acl.bind ? { ...acl, bind: { fromZone: zoneMap.get(acl.bind.fromZone) ?? acl.bind.fromZone, toZone: zoneMap.get(acl.bind.toZone) ?? acl.bind.toZone } } : acl,
  );
  return { ...node, acls } as RawNode;
}

function placeStandalone(imported: DeviceImport, options: PlacementOptions): Placement {
  const diagnostics: Diagnostic[] = [];
  const node = deviceNode(imported.fragment, imported.device);
  const segmentNames = new NameSpace();
  const zones: NonNullable<TopologyFile['zones']> = {};
  const segments: NonNullable<TopologyFile['segments']> = {};
  const interfaces: Record<string, RawInterface> = {};
  const connected: { segment: string; prefix: Prefix; address: number }[] = [];
  for (const i of imported.interfaces) {
    const cidr = parseCidr(i.cidr);
    if (!cidr) {
      diagnostics.push({
        code: 'IMP005',
        severity: 'warning',
        message: `interface ${i.name} has no IPv4 address: left out of the standalone topology`,
        location: interfaceLocation(i),
        expected: 'an interface address with prefix length',
        hint: 'give an `ip addr` dump or the interface address in the configuration',
      });
      continue;
    }
    const zone = safeName(i.zone ?? i.name);
    zones[zone] ??= { class: options.zoneClass?.get(zone) ?? 'TRANSIT', description: i.zone ? `vendor zone ${i.zone}` : `behind interface ${i.name}` };
    const segment = segmentNames.name(`${imported.device}_${i.name}`);
    segments[segment] = { zone, prefix: formatPrefix(cidr.prefix), ...(i.description ? { description: i.description } : {}) };
    interfaces[safeName(i.name)] = { segment, address: formatIpv4(cidr.address) };
    connected.push({ segment, prefix: cidr.prefix, address: cidr.address });
  }
  // The device joins every zone it has an interface in, so it gets a zone of its own (as a core
  // firewall does in a hand-written topology); a device without interfaces then still loads.
  let deviceZone = 'infra';
  for (let n = 2; deviceZone in zones; n++) deviceZone = `infra_${n}`;
  const placedNode = withoutLeftOut(withInterfaces(node, interfaces), new Set(Object.keys(interfaces)), new Set(Object.keys(zones)), diagnostics);
  const { kind, ...placedRest } = placedNode;
  zones[deviceZone] = { class: 'TRANSIT', description: `${imported.device} itself (network infrastructure joining the zones)` };
  // One external per static next hop, owning what the device routes to it.
  const nodes: Record<string, RawNode> = { [imported.device]: { kind, zone: deviceZone, ...placedRest } as RawNode };
  const owned = new Map<string, { segment: string; prefixes: string[] }>();
  for (const route of ('routes' in node ? node.routes : undefined) ?? []) {
    if (route.via === undefined) continue;
    const via = parseIpv4(route.via);
    const on = via === undefined ? undefined : connected.find((c) => prefixContains(c.prefix, via) && c.address !== via);
    if (!on) continue;
    const entry = owned.get(route.via) ?? { segment: on.segment, prefixes: [] };
    entry.prefixes.push(route.prefix);
    owned.set(route.via, entry);
  }
  const deviceAddress = new Map(connected.map((c) => [c.segment, c.address]));
  for (const [via, { segment, prefixes }] of owned) {
    nodes[`next-hop-${via.replace(/\./g, '-')}`] = {
      kind: 'external',
      owns: prefixes,
      description: `what ${imported.device} routes via ${via}`,
      interfaces: { uplink: { segment, address: via } },
      // Everything else goes back to the device: the external answers and attacks through it.
      routes: [{ prefix: '0.0.0.0/0', via: formatIpv4(deviceAddress.get(segment) as number) }],
    } as RawNode;
  }
  // The rest of every subnet (hosts the configuration does not name) as an external network on it, so
  // that sources and destinations there exist: `diff` of two dumps then shows what each subnet gained or lost.
  for (const c of connected) {
    if (c.prefix.length > 30) continue;
    const rest = addressSetFromRanges(rangesWithout(prefixFirst(c.prefix), prefixLast(c.prefix), connected.filter((o) => prefixContains(c.prefix, o.address)).map((o) => o.address)));
    nodes[`subnet-${c.segment}`] = {
      kind: 'external',
      zone: segments[c.segment]?.zone,
      owns: addressRefs(rest),
      description: `the hosts of ${formatPrefix(c.prefix)} that the configuration does not name`,
      interfaces: { lan: { segment: c.segment } },
      routes: [{ prefix: '0.0.0.0/0', via: formatIpv4(c.address) }],
    } as RawNode;
  }
  const file: TopologyFile = {
    segproof: FORMAT_VERSION,
    name: safeName(imported.device),
    description: `imported from ${imported.ledgers.map((l) => l.file).join(', ')}`,
    zones,
    segments,
    ...(imported.fragment.objects ? { objects: imported.fragment.objects } : {}),
    nodes,
  };
  return { ok: true, file, diagnostics };
}

/**
 * Standalone: what refers to an interface left out (no IPv4 address) or to a vendor zone none of the
 * placed interfaces is in cannot apply to any packet of the topology; it is dropped, with a warning,
 * instead of making the result fail to load.
 */
function withoutLeftOut(node: RawNode, placed: ReadonlySet<string>, zones: ReadonlySet<string>, diagnostics: Diagnostic[]): RawNode {
  if (!('acls' in node) && !('nat' in node) && !('routes' in node)) return node;
  const dropped: string[] = [];
  const acls = 'acls' in node && node.acls
    ? node.acls.filter((a) => {
      const keep = 'interface' in a.bind ? placed.has(a.bind.interface) : zones.has(a.bind.fromZone) && zones.has(a.bind.toZone);
      if (!keep) dropped.push(`ACL ${a.name}`);
      return keep;
    })
    : undefined;
  const nat = 'nat' in node && node.nat
    ? node.nat.filter((n) => {
      if (!placed.has(n.interface)) dropped.push(`NAT rule ${n.name}`);
      return placed.has(n.interface);
    })
    : undefined;
  const routes = 'routes' in node && node.routes
    ? node.routes.filter((r) => {
      const keep = r.interface === undefined || placed.has(r.interface);
      if (!keep) dropped.push(`route ${r.prefix} via ${r.interface}`);
      return keep;
    })
    : undefined;
  if (dropped.length === 0) return node;
  diagnostics.push({
    code: 'IMP005',
    severity: 'warning',
    message: `left out with the interfaces that have no IPv4 address: ${dropped.join(', ')}`,
    location: undefined,
    expected: 'every interface the policy refers to with an address',
    hint: 'import into a host topology with --segment IF=SEGMENT to keep them',
  });
  return { ...node, ...(acls ? { acls } : {}), ...(nat ? { nat } : {}), ...(routes ? { routes } : {}) } as RawNode;
}

/** [first, last] without the given addresses, as ranges. */
function rangesWithout(first: number, last: number, holes: readonly number[]): [number, number][] {
  const out: [number, number][] = [];
  let next = first;
  for (const h of [...new Set(holes)].sort((a, b) => a - b)) {
    if (h > next) out.push([next, h - 1]);
    next = Math.max(next, h + 1);
  }
  if (next <= last) out.push([next, last]);
  return out;
}
