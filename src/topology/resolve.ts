/**
 * Resolution: merge the sections of all files, apply inheritance, check every reference and
 * address, and build the immutable model. All problems are collected; none is thrown.
 */
import type { Diagnostic, SourceLocation } from '../diagnostics/diagnostic.js';
import { didYouMean, listNames } from '../diagnostics/diagnostic.js';
import { EMPTY_SET, addressSetFromRanges, type AddressSet } from '../net/address-set.js';
import {
  formatIpv4, formatPrefix, parseIpv4, parsePrefix, prefixContains, prefixFirst, prefixLast, prefixesOverlap, rangeToPrefixes,
  type Ipv4, type Prefix,
} from '../net/ipv4.js';
import { PROTO, formatService, type ServiceMatch } from '../net/ports.js';
import { mergeInherited } from './inherit.js';
import type { IncludeFile, NodeKind, RawNode, TopologyFile } from './format.js';
import {
  DEFAULT_VRF, type Acl, type Interface, type LogicalNetwork, type NatRule, type Route, type RouteLeak, type Segment, type Topology,
  type TopologyNode, type Zone,
} from './model.js';
import { IPV6_HINT, ReferenceResolver, type RefSite } from './references.js';
import { includeNotes, type DataPath, type SourceFile } from './source.js';
import { deepFreeze } from './freeze.js';

export interface ParsedFile {
  readonly source: SourceFile;
  readonly data: TopologyFile | IncludeFile;
}

export type ResolveResult =
  | { ok: true; topology: Topology; warnings: Diagnostic[] }
  | { ok: false; diagnostics: Diagnostic[] };

/** Where an entry was written: its file and its path in that file. */
interface Origin {
  readonly source: SourceFile;
  readonly path: DataPath;
}

interface Entry<T> {
  readonly name: string;
  readonly value: T;
  readonly origin: Origin;
}

type SectionName = 'zones' | 'logicalNetworks' | 'segments' | 'groups' | 'nodes';

export function resolveTopology(files: readonly ParsedFile[]): ResolveResult {
  return new Resolver(files).run();
}

class Resolver {
  private readonly diagnostics: Diagnostic[] = [];
  private readonly warnings: Diagnostic[] = [];
  /**
   * Segments declared with a prefix that could not be read (already reported): they still count as
   * declared, so references to them do not add a false "unknown segment" or a next-hop error on top.
   */
  readonly unreadableSegments = new Set<string>();

  constructor(private readonly files: readonly ParsedFile[]) {}

  run(): ResolveResult {
    const main = this.files[0]?.data as TopologyFile;
    const zonesRaw = this.collect('zones');
    const vrfsRaw = this.collect('logicalNetworks');
    const segmentsRaw = this.collect('segments');
    const groupsRaw = this.collect('groups');
    const nodesRaw = this.collect('nodes');

    const zones = new Map<string, Zone>();
    for (const e of zonesRaw.values()) {
      zones.set(e.name, { name: e.name, class: e.value.class, description: e.value.description, location: this.keyAt(e.origin) });
    }
    const logicalNetworks = new Map<string, LogicalNetwork>([[DEFAULT_VRF, { name: DEFAULT_VRF }]]);
    for (const e of vrfsRaw.values()) logicalNetworks.set(e.name, { name: e.name, tenant: e.value.tenant, description: e.value.description });

    const segments = this.resolveSegments(segmentsRaw, zones, logicalNetworks);

    // Inheritance first, so node addresses (needed by references) come from the final node definitions.
    const defaults = this.mergedDefaults();
    const nodesMerged = new Map<string, Entry<RawNode>>();
    for (const e of nodesRaw.values()) {
      const groupName = e.value.group;
      const group = groupName === undefined ? undefined : groupsRaw.get(groupName);
      if (groupName !== undefined && !group) {
        this.error('TOPO027', `unknown group "${groupName}"`, this.valueAt(e.origin, ['group']), this.notesOf(e.origin), 'the name of an entry in `groups`', this.suggest(groupName, groupsRaw.keys(), 'groups'));
      }
      const merged = mergeInherited([defaults.all, defaults[e.value.kind], group?.value], e.value);
      nodesMerged.set(e.name, { ...e, value: merged });
    }

    const nodeAddressSets = new Map<string, AddressSet>();
    for (const e of nodesMerged.values()) nodeAddressSets.set(e.name, this.rawNodeAddresses(e.value, segments));
    const segmentSets = new Map<string, AddressSet>([...segments].map(([n, s]) => [n, addressSetFromRanges([[prefixFirst(s.prefix), prefixLast(s.prefix)]])]));
    // Known but empty: the model is not returned after the prefix error, so only the reference check reads it.
    for (const name of this.unreadableSegments) segmentSets.set(name, EMPTY_SET);
    const refs = new ReferenceResolver(segmentSets, nodeAddressSets);
    this.defineObjects(refs);
    const objects = refs.resolveAllObjects();

    const nodes = new Map<string, TopologyNode>();
    const claimed: { segment: string; first: Ipv4; last: Ipv4; node: string; location: SourceLocation }[] = [];
    for (const e of nodesMerged.values()) {
      const node = new NodeResolver(this, e, segments, zones, logicalNetworks, refs, claimed, e.value.group === undefined || groupsRaw.has(e.value.group)).resolve();
      if (node) nodes.set(e.name, node);
    }
    this.checkDuplicateAddresses(claimed);
    this.diagnostics.push(...refs.diagnostics);

    if (this.diagnostics.some((d) => d.severity === 'error')) return { ok: false, diagnostics: this.diagnostics };
    const topology: Topology = {
      name: main.name,
      description: main.description,
      model: main.model,
      guidelineVersion: main.guidelineVersion,
      files: this.files.map((f) => f.source.file),
      zones,
      logicalNetworks,
      segments,
      nodes,
      addressObjects: objects.addresses,
      serviceObjects: objects.services,
      imports: this.files.flatMap((f) => (f.data.imports ?? []).map((record) => ({ ...record, recordedIn: f.source.file }))),
    };
    return { ok: true, topology: deepFreeze(topology), warnings: this.warnings };
  }

  // ---- diagnostics helpers -------------------------------------------------------------------

  error(code: Diagnostic['code'], message: string, location: SourceLocation, notes: readonly string[], expected: string, hint: string): void {
    this.diagnostics.push({ code, severity: 'error', message, location, expected, hint, notes });
  }

  warn(code: Diagnostic['code'], message: string, location: SourceLocation, notes: readonly string[], expected: string, hint: string): void {
    this.warnings.push({ code, severity: 'warning', message, location, expected, hint, notes });
  }

  /** TOPO030 at the second definition, pointing back at the first. */
  private duplicate(what: string, origin: Origin, first: Origin, expected: string, hint: string): void {
    const at = this.keyAt(first);
    this.error('TOPO030', `duplicate name: ${what}`, this.keyAt(origin), [...this.notesOf(origin), `first defined at ${at.file}:${at.line}:${at.column}`], expected, hint);
  }

  keyAt(origin: Origin, sub: DataPath = []): SourceLocation {
    return origin.source.locateKey([...origin.path, ...sub]);
  }

  valueAt(origin: Origin, sub: DataPath = []): SourceLocation {
    return origin.source.locateValue([...origin.path, ...sub]);
  }

  notesOf(origin: Origin): string[] {
    return includeNotes(origin.source.includedFrom);
  }

  /** A reference site for list-or-string fields: index -1 means the field itself. */
  siteFor(origin: Origin, sub: DataPath): (index: number) => RefSite {
    return (index) => ({ location: this.valueAt(origin, index < 0 ? sub : [...sub, index]), notes: this.notesOf(origin) });
  }

  suggest(name: string, known: Iterable<string>, what: string): string {
    const list = [...known];
    const guess = didYouMean(name, list);
    return guess ? `did you mean "${guess}"?` : `known ${what}: ${listNames(list)}`;
  }

  // ---- sections ----------------------------------------------------------------------------

  private collect<S extends SectionName>(section: S): Map<string, Entry<NonNullable<TopologyFile[S]>[string]>> {
    type V = NonNullable<TopologyFile[S]>[string];
    const out = new Map<string, Entry<V>>();
    for (const { source, data } of this.files) {
      const entries = (data[section] ?? {}) as Record<string, V>;
      for (const [name, value] of Object.entries(entries)) {
        const origin: Origin = { source, path: [section, name] };
        const previous = out.get(name);
        if (previous) {
          this.duplicate(`${singular(section)} "${name}" is defined twice`, origin, previous.origin, `a unique ${singular(section)} name`, 'rename one of them or remove the copy');
          continue;
        }
        out.set(name, { name, value, origin });
      }
    }
    return out;
  }

  private mergedDefaults(): Partial<Record<'all' | NodeKind, NonNullable<TopologyFile['defaults']>['all']>> {
    const out: Partial<Record<string, NonNullable<TopologyFile['defaults']>['all']>> = {};
    const seen = new Map<string, Origin>();
    for (const { source, data } of this.files) {
      for (const [key, value] of Object.entries(data.defaults ?? {})) {
        const origin: Origin = { source, path: ['defaults', key] };
        const previous = seen.get(key);
        if (previous) {
          this.duplicate(`defaults for "${key}" are defined twice`, origin, previous, 'one defaults entry per kind', 'merge the two entries');
          continue;
        }
        seen.set(key, origin);
        out[key] = value;
      }
    }
    return out;
  }

  private resolveSegments(
    raw: Map<string, Entry<NonNullable<TopologyFile['segments']>[string]>>,
    zones: Map<string, Zone>,
    vrfs: Map<string, LogicalNetwork>,
  ): Map<string, Segment> {
    const segments = new Map<string, Segment>();
    for (const e of raw.values()) {
      const notes = this.notesOf(e.origin);
      if (!zones.has(e.value.zone)) {
        this.error('TOPO020', `unknown zone "${e.value.zone}"`, this.valueAt(e.origin, ['zone']), notes, 'the name of a zone in `zones`', this.suggest(e.value.zone, zones.keys(), 'zones'));
      }
      const vrf = e.value.vrf ?? DEFAULT_VRF;
      if (!vrfs.has(vrf)) {
        this.error('TOPO026', `unknown logical network "${vrf}"`, this.valueAt(e.origin, ['vrf']), notes, 'the name of an entry in `logicalNetworks` (or "default")', this.suggest(vrf, vrfs.keys(), 'logical networks'));
      }
      const prefix = this.prefix(e.value.prefix, e.origin, ['prefix']);
      if (!prefix) {
        this.unreadableSegments.add(e.name);
        continue;
      }
      segments.set(e.name, { name: e.name, zone: e.value.zone, prefix, vlan: e.value.vlan, vrf, site: e.value.site, location: this.keyAt(e.origin) });
    }
    // Overlaps within one logical network: sort by first address, compare with the widest seen so far.
    const byVrf = new Map<string, Entry<Segment>[]>();
    for (const e of raw.values()) {
      const seg = segments.get(e.name);
      if (!seg) continue;
      const list = byVrf.get(seg.vrf) ?? [];
      if (list.length === 0) byVrf.set(seg.vrf, list);
      list.push({ name: e.name, value: seg, origin: e.origin }); // appended in place: copying the list each time was quadratic
    }
    for (const list of byVrf.values()) {
      list.sort((a, b) => prefixFirst(a.value.prefix) - prefixFirst(b.value.prefix) || a.value.prefix.length - b.value.prefix.length);
      let widest: Entry<Segment> | undefined;
      for (const e of list) {
        if (widest && prefixesOverlap(widest.value.prefix, e.value.prefix)) {
          const other = widest.value.location;
          this.error('TOPO044', `segment "${e.name}" (${formatPrefix(e.value.prefix)}) overlaps segment "${widest.name}" (${formatPrefix(widest.value.prefix)}) in logical network "${e.value.vrf}"`, this.valueAt(e.origin, ['prefix']), [...this.notesOf(e.origin), ...(other ? [`"${widest.name}" is defined at ${other.file}:${other.line}:${other.column}`] : [])], 'segments with disjoint prefixes within one logical network', 'renumber one of them or put it in another logical network');
        }
        if (!widest || prefixLast(e.value.prefix) > prefixLast(widest.value.prefix)) widest = e;
      }
    }
    return segments;
  }

  private defineObjects(refs: ReferenceResolver): void {
    const seen = new Map<string, Origin>();
    for (const { source, data } of this.files) {
      for (const kind of ['addresses', 'services'] as const) {
        for (const [name, value] of Object.entries(data.objects?.[kind] ?? {})) {
          const origin: Origin = { source, path: ['objects', kind, name] };
          const key = `${kind}:${name}`;
          const previous = seen.get(key);
          if (previous) {
            this.duplicate(`${kind === 'addresses' ? 'address' : 'service'} object "${name}" is defined twice`, origin, previous, 'a unique object name', 'rename one of them or remove the copy');
            continue;
          }
          seen.set(key, origin);
          const list = typeof value === 'string' ? [value] : value;
          const site = this.siteFor(origin, []);
          const siteOf = (i: number) => site(typeof value === 'string' ? -1 : i);
          if (kind === 'addresses') refs.defineAddressObject(name, list, siteOf);
          else refs.defineServiceObject(name, list, siteOf);
        }
      }
    }
  }

  /** Addresses a node owns, from its raw interfaces (pools included); malformed ones are reported later. */
  private rawNodeAddresses(node: RawNode, segments: Map<string, Segment>): AddressSet {
    const count = node.kind === 'host' ? (node.count ?? 1) : 1;
    const ranges: [Ipv4, Ipv4][] = [];
    for (const itf of Object.values(node.interfaces)) {
      const ip = itf.address === undefined ? undefined : parseIpv4(itf.address);
      if (ip !== undefined && segments.has(itf.segment)) ranges.push([ip, Math.min(ip + count - 1, 0xffffffff)]);
    }
    return ranges.length ? addressSetFromRanges(ranges) : EMPTY_SET;
  }

  prefix(text: string, origin: Origin, sub: DataPath): Prefix | undefined {
    if (text.includes(':')) {
      this.error('TOPO040', `IPv6 prefix "${text}" is not supported`, this.valueAt(origin, sub), this.notesOf(origin), 'an IPv4 prefix such as 10.1.0.0/16', IPV6_HINT);
      return undefined;
    }
    const parsed = parsePrefix(text);
    if (parsed.ok) return parsed.prefix;
    const location = this.valueAt(origin, sub);
    if (parsed.reason === 'non-canonical') {
      this.error('TOPO041', `non-canonical prefix "${text}": host bits are set`, location, this.notesOf(origin), 'a prefix whose address has no bits set beyond its length', `write ${formatPrefix(parsed.canonical)}`);
    } else {
      this.error('TOPO040', `malformed prefix "${text}"`, location, this.notesOf(origin), 'an IPv4 prefix such as 10.1.0.0/16', 'each octet is 0-255 without leading zeros; the length is 0-32');
    }
    return undefined;
  }

  address(text: string, origin: Origin, sub: DataPath): Ipv4 | undefined {
    if (text.includes(':')) {
      this.error('TOPO040', `IPv6 address "${text}" is not supported`, this.valueAt(origin, sub), this.notesOf(origin), 'an IPv4 address such as 10.1.2.3', IPV6_HINT);
      return undefined;
    }
    const ip = parseIpv4(text);
    if (ip === undefined) {
      this.error('TOPO040', `malformed address "${text}"`, this.valueAt(origin, sub), this.notesOf(origin), 'an IPv4 address such as 10.1.2.3', text.includes('/') ? 'give the address without a prefix length; the segment supplies it' : 'each octet is 0-255 without leading zeros');
    }
    return ip;
  }

  private checkDuplicateAddresses(claimed: { segment: string; first: Ipv4; last: Ipv4; node: string; location: SourceLocation }[]): void {
    claimed.sort((a, b) => (a.segment < b.segment ? -1 : a.segment > b.segment ? 1 : a.first - b.first));
    for (let i = 1; i < claimed.length; i++) {
      const prev = claimed[i - 1] as (typeof claimed)[number];
      const cur = claimed[i] as (typeof claimed)[number];
      if (prev.segment === cur.segment && cur.first <= prev.last) {
        const both = [prev, cur].sort((a, b) => a.location.file.localeCompare(b.location.file) || a.location.line - b.location.line);
        const [first, second] = both as [typeof prev, typeof prev];
        this.error('TOPO043', `duplicate address ${formatIpv4(Math.max(first.first, second.first))} in segment "${cur.segment}": used by "${first.node}" and "${second.node}"`, second.location, [`"${first.node}" uses it at ${first.location.file}:${first.location.line}:${first.location.column}`], 'each address used by one interface (pools take consecutive addresses)', 'pick a free address in the segment');
      }
    }
  }
}

function singular(section: SectionName): string {
  return { zones: 'zone', logicalNetworks: 'logical network', segments: 'segment', groups: 'group', nodes: 'node' }[section];
}

/** Resolves one node: interfaces, routes, leaks, and its kind's policy. */
class NodeResolver {
  private readonly origin: Origin;
  private readonly raw: RawNode;
  private readonly interfaces = new Map<string, Interface>();
  /** An interface names a segment that is unknown or has an unreadable prefix (reported once): next hops cannot be checked. */
  private unplacedInterface = false;

  constructor(
    private readonly r: Resolver,
    entry: Entry<RawNode>,
    private readonly segments: Map<string, Segment>,
    private readonly zones: Map<string, Zone>,
    private readonly vrfs: Map<string, LogicalNetwork>,
    private readonly refs: ReferenceResolver,
    private readonly claimed: { segment: string; first: Ipv4; last: Ipv4; node: string; location: SourceLocation }[],
    /** False when the node names an unknown group (already reported), so missing inherited keys are not reported again. */
    private readonly groupKnown: boolean,
  ) {
    this.origin = entry.origin;
    this.raw = entry.value;
  }

  private get name(): string {
    return this.origin.path[1] as string;
  }

  private notes(): string[] {
    return this.r.notesOf(this.origin);
  }

  private addr(refs: string | readonly string[] | undefined, sub: DataPath): AddressSet {
    return this.refs.addresses(refs, this.r.siteFor(this.origin, sub));
  }

  private svc(refs: string | readonly string[] | undefined, sub: DataPath) {
    return this.refs.services(refs, this.r.siteFor(this.origin, sub));
  }

  private vrfRef(name: string, sub: DataPath): void {
    if (!this.vrfs.has(name)) {
      this.r.error('TOPO026', `unknown logical network "${name}"`, this.r.valueAt(this.origin, sub), this.notes(), 'the name of an entry in `logicalNetworks` (or "default")', this.r.suggest(name, this.vrfs.keys(), 'logical networks'));
    }
  }

  private interfaceRef(name: string, sub: DataPath, code: 'TOPO023' | 'TOPO050' = 'TOPO023'): boolean {
    if (this.raw.interfaces[name]) return true;
    const message = code === 'TOPO050' ? `gateway side "${name}" is not an interface of node "${this.name}"` : `unknown interface "${name}" on node "${this.name}"`;
    this.r.error(code, message, this.r.valueAt(this.origin, sub), this.notes(), `one of the node's interfaces: ${listNames(Object.keys(this.raw.interfaces))}`, this.r.suggest(name, Object.keys(this.raw.interfaces), 'interfaces'));
    return false;
  }

  resolve(): TopologyNode | undefined {
    const raw = this.raw;
    const count = raw.kind === 'host' ? (raw.count ?? 1) : 1;
    const routes: Route[] = [];
    for (const [ifName, itf] of Object.entries(raw.interfaces)) {
      const sub = ['interfaces', ifName];
      const segment = this.segments.get(itf.segment);
      if (!segment) {
        this.unplacedInterface = true;
        if (this.r.unreadableSegments.has(itf.segment)) continue;
        this.r.error('TOPO021', `unknown segment "${itf.segment}"`, this.r.valueAt(this.origin, [...sub, 'segment']), this.notes(), 'the name of a segment in `segments`', this.r.suggest(itf.segment, this.segments.keys(), 'segments'));
        continue;
      }
      const vrf = itf.vrf ?? segment.vrf;
      if (itf.vrf !== undefined) this.vrfRef(itf.vrf, [...sub, 'vrf']);
      let address: Ipv4 | undefined;
      if (itf.address !== undefined) {
        address = this.r.address(itf.address, this.origin, [...sub, 'address']);
        if (address !== undefined) this.checkAddress(address, count, segment, [...sub, 'address']);
      }
      if (itf.urpf !== undefined && raw.kind !== 'router' && raw.kind !== 'firewall') {
        this.r.error('TOPO053', `interface "${ifName}" of ${raw.kind} "${this.name}" declares urpf`, this.r.valueAt(this.origin, [...sub, 'urpf']), this.notes(), 'urpf on an interface of a router or firewall (the first hop that checks sources)', 'remove it here and set it on the router or firewall interface that faces this segment');
      }
      this.interfaces.set(ifName, { name: ifName, node: this.name, segment: segment.name, address, vrf, mac: itf.mac, ...(itf.urpf ? { urpf: itf.urpf } : {}) });
      routes.push({ vrf, prefix: segment.prefix, target: { type: 'interface', interface: ifName }, origin: 'connected', location: this.r.keyAt(this.origin, sub) });
    }
    if (raw.kind === 'dedicated-line' && Object.keys(raw.interfaces).length !== 2) {
      this.r.error('TOPO051', `dedicated line "${this.name}" has ${Object.keys(raw.interfaces).length} interface(s)`, this.r.keyAt(this.origin, ['interfaces']), this.notes(), 'exactly two interfaces, one at each end of the line', 'a dedicated line is point-to-point; model more ends as a router');
    }

    if (raw.kind === 'host' && raw.gateway !== undefined) {
      const gw = this.r.address(raw.gateway, this.origin, ['gateway']);
      if (gw !== undefined) {
        const via = this.connectedInterfaceFor(gw);
        if (via) routes.push({ vrf: via.vrf, prefix: { network: 0, length: 0 }, target: { type: 'via', nextHop: gw, interface: via.name }, origin: 'gateway', location: this.r.valueAt(this.origin, ['gateway']) });
        else this.nextHopError(gw, ['gateway']);
      }
    }
    for (const [i, route] of (raw.routes ?? []).entries()) {
      const resolved = this.route(route, ['routes', i]);
      if (resolved) routes.push(resolved);
    }
    const leaks: RouteLeak[] = [];
    for (const [i, leak] of (raw.leaks ?? []).entries()) {
      this.vrfRef(leak.from, ['leaks', i, 'from']);
      this.vrfRef(leak.to, ['leaks', i, 'to']);
      const prefixes = this.addr(leak.prefixes, ['leaks', i, 'prefixes']);
      const location = this.r.keyAt(this.origin, ['leaks', i]);
      leaks.push({ from: leak.from, to: leak.to, prefixes, location });
      for (const [lo, hi] of prefixes.ranges) {
        for (const prefix of rangeToPrefixes(lo, hi)) routes.push({ vrf: leak.to, prefix, target: { type: 'leak', vrf: leak.from }, origin: 'leak', location });
      }
    }

    const zoneName = raw.zone ?? this.firstSegmentZone();
    if (zoneName === undefined && Object.keys(raw.interfaces).length === 0) {
      this.r.error('TOPO011', `node "${this.name}" needs a zone`, this.r.keyAt(this.origin), this.notes(), 'zone: <name>, or an interface on a segment', 'add `zone:` or an interface');
    }
    const joinedZones = [...new Set([...this.interfaces.values()].map((i) => this.segments.get(i.segment)?.zone))];
    if (raw.zone === undefined && joinedZones.length > 1 && (raw.kind === 'router' || raw.kind === 'firewall')) {
      this.r.warn('TOPO060', `node "${this.name}" joins zones ${joinedZones.map((z) => `"${z}"`).join(', ')} but has no zone of its own; it is placed in "${zoneName}", the zone of its first interface`, this.r.keyAt(this.origin), this.notes(), 'an explicit `zone:` on nodes that join several zones', 'add `zone:` (for example a zone of class TRANSIT for core firewalls)');
    }
    if (raw.zone !== undefined && !this.zones.has(raw.zone)) {
      this.r.error('TOPO020', `unknown zone "${raw.zone}"`, this.r.valueAt(this.origin, ['zone']), this.notes(), 'the name of a zone in `zones`', this.r.suggest(raw.zone, this.zones.keys(), 'zones'));
    }

    const base = {
      name: this.name,
      // Undefined only when an error was already reported; the model is then not returned.
      zone: zoneName ?? '',
      site: raw.site,
      description: raw.description,
      tags: raw.tags ?? [],
      inventory: raw.inventory ?? {},
      interfaces: this.interfaces,
      routes: this.preferConnected(routes),
      leaks,
      location: this.r.keyAt(this.origin),
    };
    return this.kindSpecific(base);
  }

  private firstSegmentZone(): string | undefined {
    const first = Object.values(this.raw.interfaces)[0];
    return first ? this.segments.get(first.segment)?.zone : undefined;
  }

  private checkAddress(address: Ipv4, count: number, segment: Segment, sub: DataPath): void {
    const location = this.r.valueAt(this.origin, sub);
    if (!prefixContains(segment.prefix, address)) {
      this.r.error('TOPO042', `address ${formatIpv4(address)} is outside segment "${segment.name}" (${formatPrefix(segment.prefix)})`, location, this.notes(), `an address in ${formatPrefix(segment.prefix)}`, 'use an address of the segment, or attach the interface to the right segment');
      return;
    }
    const first = prefixFirst(segment.prefix);
    const last = prefixLast(segment.prefix);
    const hasNetworkAndBroadcast = segment.prefix.length <= 30;
    if (hasNetworkAndBroadcast && (address === first || address === last)) {
      this.r.error('TOPO047', `address ${formatIpv4(address)} is the ${address === first ? 'network' : 'broadcast'} address of segment "${segment.name}" (${formatPrefix(segment.prefix)})`, location, this.notes(), `a host address from ${formatIpv4(first + 1)} to ${formatIpv4(last - 1)}`, 'pick a host address');
      return;
    }
    const lastMember = address + count - 1;
    const lastUsable = hasNetworkAndBroadcast ? last - 1 : last;
    if (lastMember > lastUsable) {
      this.r.error('TOPO046', `pool of ${count} from ${formatIpv4(address)} runs past the end of segment "${segment.name}" (${formatPrefix(segment.prefix)})`, location, this.notes(), `at most ${lastUsable - address + 1} members from this address`, 'lower `count`, start earlier, or widen the segment');
      return;
    }
    this.claimed.push({ segment: segment.name, first: address, last: lastMember, node: this.name, location });
  }

  private connectedInterfaceFor(ip: Ipv4, vrf?: string): Interface | undefined {
    for (const itf of this.interfaces.values()) {
      const seg = this.segments.get(itf.segment);
      if (seg && prefixContains(seg.prefix, ip) && (vrf === undefined || itf.vrf === vrf)) return itf;
    }
    return undefined;
  }

  private nextHopError(ip: Ipv4, sub: DataPath, vrf?: string): void {
    if (this.unplacedInterface) return; // the next hop may well be on the segment that could not be placed
    const elsewhere = vrf === undefined ? undefined : this.connectedInterfaceFor(ip);
    if (elsewhere) {
      this.r.error('TOPO052', `next hop ${formatIpv4(ip)} is on segment "${elsewhere.segment}" in VRF "${elsewhere.vrf}", not in the route's VRF "${vrf}"`, this.r.valueAt(this.origin, sub), this.notes(), `a next hop on a segment of VRF "${vrf}"`, `declare the route in vrf: ${elsewhere.vrf}, or let VRF "${vrf}" reach it with a leak`);
      return;
    }
    this.r.error('TOPO052', `next hop ${formatIpv4(ip)} is not on a segment node "${this.name}" is connected to`, this.r.valueAt(this.origin, sub), this.notes(), `an address in one of ${listNames(new Set([...this.interfaces.values()].map((i) => `${i.segment} (${formatPrefix((this.segments.get(i.segment) as Segment).prefix)})`)))}`, 'route via a neighbour on a connected segment');
  }

  /**
   * A connected route wins over any other route for the same prefix in its VRF, as on every router and host
   * (administrative distance 0 against a static or leaked route's 1 and more; Linux's kernel route, metric 0):
   * the other is never used, so it is left out of the model, with TOPO061 at it. Routes of equal standing and
   * the same prefix stay ECMP.
   */
  private preferConnected(routes: Route[]): Route[] {
    const connected = new Map<string, Route>();
    const key = (r: Route) => `${r.vrf}\u0000${r.prefix.network}/${r.prefix.length}`;
    for (const r of routes) if (r.origin === 'connected' && !connected.has(key(r))) connected.set(key(r), r);
    return routes.filter((r) => {
      const winner = r.origin === 'connected' ? undefined : connected.get(key(r));
      if (!winner) return true;
      const itf = winner.target.type === 'interface' ? winner.target.interface : '';
      const what = r.origin === 'leak' ? `the leak into "${r.vrf}"` : `the route to ${formatPrefix(r.prefix)}`;
      this.r.warn(
        'TOPO061',
        `${what} of node "${this.name}" is never used: interface "${itf}" is connected to ${formatPrefix(r.prefix)} in VRF "${r.vrf}", and a connected route wins over any other route for the same prefix`,
        r.location ?? this.r.keyAt(this.origin),
        this.notes(),
        'a route for a prefix no interface of the node is connected to in that VRF, or a more specific one',
        r.origin === 'leak' ? 'leak a more specific prefix, or renumber the overlapping segment' : 'remove the route, or route a more specific prefix',
      );
      return false;
    });
  }

  private route(route: NonNullable<RawNode['routes']>[number], sub: DataPath): Route | undefined {
    const prefix = this.r.prefix(route.prefix, this.origin, [...sub, 'prefix']);
    if (route.vrf !== undefined) this.vrfRef(route.vrf, [...sub, 'vrf']);
    const location = this.r.keyAt(this.origin, sub);
    const targets = [route.via, route.interface, route.drop ? true : undefined].filter((t) => t !== undefined).length;
    if (targets !== 1) {
      this.r.error('TOPO012', `route ${route.prefix} must have exactly one of via, interface or drop`, location, this.notes(), 'one of `via: <address>`, `interface: <name>` or `drop: true`', 'keep exactly one target');
      return undefined;
    }
    if (!prefix) return undefined;
    if (route.drop) return { vrf: route.vrf ?? DEFAULT_VRF, prefix, target: { type: 'drop' }, origin: 'static', location };
    if (route.interface !== undefined) {
      if (!this.interfaceRef(route.interface, [...sub, 'interface'])) return undefined;
      const itf = this.interfaces.get(route.interface);
      return { vrf: route.vrf ?? itf?.vrf ?? DEFAULT_VRF, prefix, target: { type: 'interface', interface: route.interface }, origin: 'static', location };
    }
    const via = this.r.address(route.via as string, this.origin, [...sub, 'via']);
    if (via === undefined) return undefined;
    const itf = this.connectedInterfaceFor(via, route.vrf);
    if (!itf) {
      this.nextHopError(via, [...sub, 'via'], route.vrf);
      return undefined;
    }
    return { vrf: route.vrf ?? itf.vrf, prefix, target: { type: 'via', nextHop: via, interface: itf.name }, origin: 'static', location };
  }

  private kindSpecific(base: Omit<TopologyNode, 'kind'> & Record<string, unknown>): TopologyNode {
    const raw = this.raw;
    switch (raw.kind) {
      case 'host':
        if (raw.role === undefined && (raw.group === undefined || this.groupKnown)) {
          this.r.error('TOPO011', `missing required key "role" on host "${this.name}"`, this.r.keyAt(this.origin), this.notes(), 'role: terminal or role: server, on the host, its group or defaults.host', 'add `role:`');
        }
        return { ...base, kind: 'host', role: raw.role ?? 'server', count: raw.count ?? 1, listens: raw.listens === undefined ? [] : this.svc(raw.listens, ['listens']), identity: raw.identity ?? {} };
      case 'router':
      case 'firewall':
        return {
          ...base,
          kind: raw.kind,
          stateful: raw.kind === 'firewall' ? (raw.stateful ?? true) : false,
          acls: this.acls(raw.acls ?? []),
          nat: this.nat(raw.nat ?? []),
        };
      case 'screen-transfer': {
        this.interfaceRef(raw.clientSide, ['clientSide'], 'TOPO050');
        this.interfaceRef(raw.hostSide, ['hostSide'], 'TOPO050');
        const protocols = this.svc(raw.protocols, ['protocols']);
        const pair = (k: 'clipboard' | 'file' | 'drive' | 'printer') => ({
          clientToHost: raw.redirection?.[k]?.clientToHost ?? false,
          hostToClient: raw.redirection?.[k]?.hostToClient ?? false,
        });
        return {
          ...base,
          kind: 'screen-transfer',
          clientSide: raw.clientSide,
          hostSide: raw.hostSide,
          protocols,
          targets: this.addr(raw.targets, ['targets']),
          targetServices: raw.targetServices === undefined ? protocols : this.svc(raw.targetServices, ['targetServices']),
          redirection: { clipboard: pair('clipboard'), file: pair('file'), drive: pair('drive'), printer: pair('printer') },
        };
      }
      case 'sanitiser':
        this.interfaceRef(raw.inSide, ['inSide'], 'TOPO050');
        this.interfaceRef(raw.outSide, ['outSide'], 'TOPO050');
        return {
          ...base,
          kind: 'sanitiser',
          inSide: raw.inSide,
          outSide: raw.outSide,
          method: raw.method,
          accepts: this.svc(raw.accepts, ['accepts']),
          targets: this.addr(raw.targets, ['targets']),
          targetServices: this.svc(raw.targetServices, ['targetServices']),
          carries: raw.carries,
        };
      case 'relay':
        return {
          ...base,
          kind: 'relay',
          allow: raw.allow.map((a, i) => ({
            src: this.addr(a.src, ['allow', i, 'src']),
            dst: a.dst === undefined ? undefined : this.addr(a.dst, ['allow', i, 'dst']),
            services: this.svc(a.service, ['allow', i, 'service']),
            mac: a.mac,
          })),
          onward: { to: this.addr(raw.onward.to, ['onward', 'to']), services: this.svc(raw.onward.service, ['onward', 'service']) },
          carries: raw.carries,
        };
      case 'proxy':
      case 'mail-relay':
        this.interfaceRef(raw.clientSide, ['clientSide'], 'TOPO050');
        this.interfaceRef(raw.upstreamSide, ['upstreamSide'], 'TOPO050');
        return {
          ...base,
          kind: raw.kind,
          clientSide: raw.clientSide,
          upstreamSide: raw.upstreamSide,
          accepts: this.svc(raw.accepts, ['accepts']),
          targets: this.addr(raw.targets, ['targets']),
          targetServices: this.svc(raw.targetServices, ['targetServices']),
          sanitise: raw.sanitise,
          carries: raw.carries,
        };
      case 'zt-pep':
        this.interfaceRef(raw.clientSide, ['clientSide'], 'TOPO050');
        this.interfaceRef(raw.resourceSide, ['resourceSide'], 'TOPO050');
        return {
          ...base,
          kind: 'zt-pep',
          clientSide: raw.clientSide,
          resourceSide: raw.resourceSide,
          accepts: this.svc(raw.accepts, ['accepts']),
          dataClasses: Object.entries(raw.dataClass ?? {}).map(([resource, dataClass]) => ({
            resources: this.refs.addresses([resource], () => ({ location: this.r.keyAt(this.origin, ['dataClass', resource]), notes: this.notes() })),
            dataClass,
          })),
          rules: raw.rules.map((rule, i) => ({
            name: rule.name,
            action: rule.action,
            userRoles: rule.userRoles,
            devicePostures: rule.devicePostures,
            dataClasses: rule.dataClasses,
            resources: this.addr(rule.resources, ['rules', i, 'resources']),
            services: this.svc(rule.service, ['rules', i, 'service']),
            location: this.r.keyAt(this.origin, ['rules', i]),
          })),
          defaultAction: raw.default,
          logging: raw.logging ?? false,
        };
      case 'dedicated-line':
        return { ...base, kind: 'dedicated-line', provider: raw.provider };
      case 'external':
        return { ...base, kind: 'external', owns: this.addr(raw.owns, ['owns']) };
    }
  }

  private acls(raw: NonNullable<Extract<RawNode, { kind: 'firewall' }>['acls']>): Acl[] {
    const seen = new Map<string, number>();
    return raw.map((acl, i) => {
      const sub = ['acls', i];
      const previous = seen.get(acl.name);
      if (previous !== undefined) {
        this.r.error('TOPO030', `duplicate name: ACL "${acl.name}" is defined twice on node "${this.name}"`, this.r.valueAt(this.origin, [...sub, 'name']), this.notes(), 'a unique ACL name per node', 'rename one of them');
      }
      seen.set(acl.name, i);
      let binding: Acl['binding'];
      if ('interface' in acl.bind) {
        this.interfaceRef(acl.bind.interface, [...sub, 'bind', 'interface']);
        binding = { type: 'interface', interface: acl.bind.interface, direction: acl.bind.direction };
      } else {
        for (const key of ['fromZone', 'toZone'] as const) {
          const zone = acl.bind[key];
          if (!this.zones.has(zone)) {
            this.r.error('TOPO020', `unknown zone "${zone}"`, this.r.valueAt(this.origin, [...sub, 'bind', key]), this.notes(), 'the name of a zone in `zones`', this.r.suggest(zone, this.zones.keys(), 'zones'));
          }
        }
        binding = { type: 'zone-pair', fromZone: acl.bind.fromZone, toZone: acl.bind.toZone };
      }
      const ruleNames = new Set<string>();
      const rules = acl.rules.map((rule, j) => {
        const rsub = [...sub, 'rules', j];
        if (ruleNames.has(rule.name)) {
          this.r.error('TOPO030', `duplicate name: rule "${rule.name}" appears twice in ACL "${acl.name}"`, this.r.valueAt(this.origin, [...rsub, 'name']), this.notes(), 'a unique rule name per ACL', 'rename one of them');
        }
        ruleNames.add(rule.name);
        return {
          name: rule.name,
          index: j,
          action: rule.action,
          src: this.addr(rule.src, [...rsub, 'src']),
          dst: this.addr(rule.dst, [...rsub, 'dst']),
          services: this.portZeroChecked(this.svc(rule.service, [...rsub, 'service']), acl.name, rule.name, [...rsub, 'service']),
          location: this.r.keyAt(this.origin, rsub),
          ...(rule.description === undefined ? {} : { description: rule.description }),
          ...(rule.log ? { log: true } : {}),
        };
      });
      return { name: acl.name, node: this.name, binding, defaultAction: acl.default, rules, location: this.r.keyAt(this.origin, sub) };
    });
  }

  /** TOPO048: a TCP or UDP rule for exactly port 0 matches no real connection (an unset value often ends up as 0). */
  private portZeroChecked(services: readonly ServiceMatch[], acl: string, rule: string, sub: DataPath): readonly ServiceMatch[] {
    const isZero = (r: ServiceMatch['dstPorts']) => r.first === 0 && r.last === 0;
    const zero = services.find((s) => (s.protocol === PROTO.tcp || s.protocol === PROTO.udp) && (isZero(s.dstPorts) || isZero(s.srcPorts)));
    if (zero) {
      this.r.warn('TOPO048', `rule "${rule}" of ACL "${acl}" matches ${formatService(zero)}: port 0 is reserved and no real connection uses it`, this.r.valueAt(this.origin, sub), this.notes(), 'a port from 1 to 65535, a range, or no port at all (any)', 'write the intended port; an empty value in a generated or exported rule often becomes 0');
    }
    return services;
  }

  private nat(raw: NonNullable<Extract<RawNode, { kind: 'firewall' }>['nat']>): NatRule[] {
    return raw.flatMap((n, i) => {
      const sub = ['nat', i];
      this.interfaceRef(n.interface, [...sub, 'interface']);
      const to = this.r.address(n.translateTo, this.origin, [...sub, 'translateTo']);
      const rule: NatRule = {
        name: n.name,
        type: n.type,
        interface: n.interface,
        src: this.addr(n.src, [...sub, 'src']),
        dst: this.addr(n.dst, [...sub, 'dst']),
        services: this.svc(n.service, [...sub, 'service']),
        translateTo: to ?? 0,
        translatePort: n.translatePort,
        location: this.r.keyAt(this.origin, sub),
      };
      return to === undefined ? [] : [rule];
    });
  }
}
