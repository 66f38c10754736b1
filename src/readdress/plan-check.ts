/**
 * A plan step against the topology it renumbers: names it refers to, mappings that cover the segments they
 * renumber, one-to-one mappings, new addresses inside their segments, no collision with address space in
 * use after the step, and literals that cannot be rewritten (a mapping splits them). `stepFate` computes
 * what the step does to every segment and interface; apply.ts writes exactly that.
 */
import type { Diagnostic, SourceLocation } from '../diagnostics/diagnostic.js';
import { didYouMean, listNames } from '../diagnostics/diagnostic.js';
import type { DiagnosticCode } from '../diagnostics/catalogue.js';
import { formatIpv4, formatPrefix, prefixFirst, prefixLast, type Ipv4, type Prefix } from '../net/ipv4.js';
import { mergeRanges } from '../net/ranges.js';
import type { Topology } from '../topology/model.js';
import { leavingHosts, rangeImage } from './range-image.js';
import { relocationKey, stepMapping, type AddressMap } from './mapping.js';
import type { PlanStep, PrefixMapping, Relocation } from './plan.js';
import type { AddressSite, ParsedTopologyFile } from './address-sites.js';
import { parseLiteral } from './literal.js';

export interface SegmentFate {
  readonly name: string;
  readonly newName: string;
  readonly prefix: Prefix;
  readonly zone: string;
  readonly vrf: string;
}

export interface InterfaceFate {
  readonly node: string;
  readonly name: string;
  readonly segment: string;
  readonly address: Ipv4 | undefined;
  /** Pool members (1 for anything but a host pool). */
  readonly count: number;
}

/** What one step does to the topology's segments and interfaces (before and after), and its address function. */
export interface StepFate {
  readonly step: PlanStep;
  readonly map: AddressMap;
  /** Host exceptions and relocations: old address → new. */
  readonly hosts: ReadonlyMap<Ipv4, Ipv4>;
  readonly segments: ReadonlyMap<string, SegmentFate>;
  /** Renamed segments: old name → new name. */
  readonly renamed: ReadonlyMap<string, string>;
  /** Key `node.interface`. */
  readonly interfaces: ReadonlyMap<string, { readonly before: InterfaceFate; readonly after: InterfaceFate }>;
  /** Relocations resolved to their interface (undefined where the node or interface is unknown). */
  readonly relocations: readonly { readonly relocation: Relocation; readonly iface: string | undefined }[];
}

export function stepFate(topology: Topology, step: PlanStep): StepFate {
  const relocations = step.relocations.map((r) => ({ relocation: r, iface: relocatedInterface(topology, r) }));
  const relocatedFrom = new Map<string, Ipv4>();
  for (const { relocation, iface } of relocations) {
    const address = iface === undefined ? undefined : topology.nodes.get(relocation.node)?.interfaces.get(iface)?.address;
    if (address !== undefined) relocatedFrom.set(relocationKey(relocation.node, relocation.interface), address);
  }
  const map = stepMapping(step, relocatedFrom);
  const hosts = new Map<Ipv4, Ipv4>(step.hosts.map((h) => [h.from, h.to]));
  for (const r of step.relocations) {
    const old = relocatedFrom.get(relocationKey(r.node, r.interface));
    if (old !== undefined && !hosts.has(old)) hosts.set(old, r.address);
  }

  const renamed = new Map<string, string>();
  const movedInto = new Map<string, string>();
  for (const m of step.mappings) {
    if (m.segment === undefined || m.toSegment === undefined || m.toSegment === m.segment) continue;
    if (topology.segments.has(m.toSegment)) movedInto.set(m.segment, m.toSegment);
    else renamed.set(m.segment, m.toSegment);
  }
  const redesignated = new Map(step.redesignations.map((r) => [r.segment, r]));
  const segments = new Map<string, SegmentFate>();
  for (const s of topology.segments.values()) {
    const image = rangeImage(step, prefixFirst(s.prefix), prefixLast(s.prefix));
    // A segment whose hosts move into another existing segment stays behind as it was.
    const prefix = !movedInto.has(s.name) && image.kind === 'moved' ? { network: image.first, length: s.prefix.length } : s.prefix;
    const r = redesignated.get(s.name);
    segments.set(s.name, { name: s.name, newName: renamed.get(s.name) ?? s.name, prefix, zone: r?.zone ?? s.zone, vrf: r?.vrf ?? s.vrf });
  }

  const relocatedTo = new Map<string, Relocation>();
  for (const { relocation, iface } of relocations) if (iface !== undefined) relocatedTo.set(`${relocation.node}.${iface}`, relocation);
  const interfaces = new Map<string, { before: InterfaceFate; after: InterfaceFate }>();
  for (const node of topology.nodes.values()) {
    const count = node.kind === 'host' ? node.count : 1;
    for (const i of node.interfaces.values()) {
      const key = `${node.name}.${i.name}`;
      const before: InterfaceFate = { node: node.name, name: i.name, segment: i.segment, address: i.address, count };
      const relocation = relocatedTo.get(key);
      const segment = relocation?.segment ?? movedInto.get(i.segment) ?? renamed.get(i.segment) ?? i.segment;
      interfaces.set(key, { before, after: { ...before, segment, address: i.address === undefined ? undefined : map(i.address) } });
    }
  }
  return { step, map, hosts, segments, renamed, interfaces, relocations };
}

/** The interface a relocation moves: the one named, or the node's only one. */
function relocatedInterface(topology: Topology, r: Relocation): string | undefined {
  const node = topology.nodes.get(r.node);
  if (!node) return undefined;
  if (r.interface !== undefined) return node.interfaces.has(r.interface) ? r.interface : undefined;
  return node.interfaces.size === 1 ? [...node.interfaces.keys()][0] : undefined;
}

/** Segments after the step, by their new name. */
export function segmentsAfter(fate: StepFate): Map<string, SegmentFate> {
  return new Map([...fate.segments.values()].map((s) => [s.newName, s]));
}

export function checkStep(topology: Topology, fate: StepFate, files: readonly ParsedTopologyFile[]): Diagnostic[] {
  return [...checkNames(topology, fate), ...checkMappings(topology, fate), ...checkTargets(topology, fate), ...checkCollisions(topology, fate), ...checkLiterals(topology, fate, files)];
}

function problem(code: DiagnosticCode, location: SourceLocation, message: string, expected: string, hint: string, severity: 'error' | 'warning' = 'error'): Diagnostic {
  return { code, severity, message, location, expected, hint };
}

function checkNames(topology: Topology, fate: StepFate): Diagnostic[] {
  const out: Diagnostic[] = [];
  const { step } = fate;
  const newSegments = new Set(fate.renamed.values());
  const segmentKnown = (name: string) => topology.segments.has(name) || newSegments.has(name);
  const unknownSegment = (name: string, location: SourceLocation) => {
    const guess = didYouMean(name, topology.segments.keys());
    out.push(problem('PLAN050', location, `unknown segment "${name}"`, `one of ${listNames(topology.segments.keys())}`, guess ? `did you mean "${guess}"?` : 'name a segment of the topology'));
  };
  for (const m of step.mappings) {
    if (m.segment !== undefined && !topology.segments.has(m.segment)) unknownSegment(m.segment, m.location);
    if (m.toSegment !== undefined && m.segment === undefined) {
      out.push(problem('PLAN011', m.location, `mapping ${formatPrefix(m.from)} → ${formatPrefix(m.to)} names a to-segment but no segment`, 'segment: the segment whose hosts move', 'add segment: NAME'));
    }
  }
  for (const r of step.redesignations) {
    if (!topology.segments.has(r.segment)) unknownSegment(r.segment, r.location);
    if (r.zone !== undefined && !topology.zones.has(r.zone)) {
      const guess = didYouMean(r.zone, topology.zones.keys());
      out.push(problem('PLAN053', r.location, `unknown zone "${r.zone}"`, `one of ${listNames(topology.zones.keys())}`, guess ? `did you mean "${guess}"?` : 'declare the zone in the topology first'));
    }
    if (r.vrf !== undefined && !topology.logicalNetworks.has(r.vrf)) {
      const guess = didYouMean(r.vrf, topology.logicalNetworks.keys());
      out.push(problem('PLAN054', r.location, `unknown logical network "${r.vrf}"`, `one of ${listNames(topology.logicalNetworks.keys())}`, guess ? `did you mean "${guess}"?` : 'declare it under logicalNetworks first'));
    }
  }
  for (const { relocation: r, iface } of fate.relocations) {
    const node = topology.nodes.get(r.node);
    if (!node) {
      const guess = didYouMean(r.node, topology.nodes.keys());
      out.push(problem('PLAN051', r.location, `unknown node "${r.node}"`, 'the name of a node of the topology', guess ? `did you mean "${guess}"?` : 'check the spelling'));
    } else if (iface === undefined) {
      const names = [...node.interfaces.keys()];
      out.push(r.interface === undefined
        ? problem('PLAN052', r.location, `node "${r.node}" has ${names.length} interfaces; the relocation must name one`, `interface: one of ${listNames(names)}`, 'add interface: NAME')
        : problem('PLAN052', r.location, `unknown interface "${r.interface}" on node "${r.node}"`, `one of ${listNames(names)}`, didYouMean(r.interface, names) ? `did you mean "${didYouMean(r.interface, names)}"?` : 'check the spelling'));
    }
    if (!segmentKnown(r.segment)) unknownSegment(r.segment, r.location);
  }
  for (const [index, entry] of (step.order ?? []).entries()) {
    const known = entry.startsWith('segment:') ? segmentKnown(entry.slice('segment:'.length)) : topology.nodes.has(entry);
    if (!known) {
      const guess = didYouMean(entry, [...topology.nodes.keys(), ...[...topology.segments.keys()].map((s) => `segment:${s}`)]);
      out.push(problem('PLAN055', step.orderLocations?.[index] ?? step.location, `cut-over order of step "${step.name}" names "${entry}", which is neither a node nor segment:NAME of a segment`, 'node names, or segment:NAME', guess ? `did you mean "${guess}"?` : 'check the spelling'));
    }
  }
  return out;
}

function checkMappings(topology: Topology, fate: StepFate): Diagnostic[] {
  const out: Diagnostic[] = [];
  const { step } = fate;
  for (const m of step.mappings) {
    const s = m.segment === undefined ? undefined : topology.segments.get(m.segment);
    if (s && !(prefixFirst(s.prefix) >= prefixFirst(m.from) && prefixLast(s.prefix) <= prefixLast(m.from))) {
      out.push(problem('PLAN056', m.location, `mapping from ${formatPrefix(m.from)} does not hold segment "${s.name}" (${formatPrefix(s.prefix)})`, `a from prefix that holds ${formatPrefix(s.prefix)}`, 'map the whole segment prefix; renumber single hosts under hosts'));
    }
  }
  // Two entries for the same old addresses.
  const seen = new Map<string, PrefixMapping>();
  for (const m of step.mappings) {
    const key = formatPrefix(m.from);
    const first = seen.get(key);
    if (first) out.push(problem('PLAN060', m.location, `${key} is mapped twice in step "${step.name}"`, 'each prefix mapped once per step', `the first mapping is at line ${first.location.line}; keep one`));
    else seen.set(key, m);
  }
  const hostSeen = new Map<Ipv4, SourceLocation>();
  for (const h of step.hosts) {
    const first = hostSeen.get(h.from);
    if (first) out.push(problem('PLAN060', h.location, `${formatIpv4(h.from)} is mapped twice in step "${step.name}"`, 'each address once under hosts', `the first is at line ${first.line}`));
    else hostSeen.set(h.from, h.location);
  }
  // One-to-one on what the network has. Prefix mappings against each other: on the space in use (segments,
  // interfaces, NAT, externals' space), as a wide mapping around re-packed segments may fold unused space onto
  // them. A host exception or relocation against a prefix mapping: on addresses in use only, so a host may take
  // a free address of its renumbered segment.
  const items = spaceInUse(topology, fate);
  const restrict = (runs: MovedRun[], ranges: readonly (readonly [number, number])[]) => runs.flatMap((run) => ranges.flatMap(([a, b]): MovedRun[] => {
    const lo = Math.max(a, run.from[0]);
    const hi = Math.min(b, run.from[1]);
    const offset = run.to[0] - run.from[0];
    return lo <= hi ? [{ ...run, from: [lo, hi], to: [lo + offset, hi + offset] }] : [];
  }));
  const all = movedRuns(fate);
  const points = all.filter((r) => r.point);
  const onSpace = restrict(all.filter((r) => !r.point), mergeRanges(items.map((x) => x.before)));
  const onAddresses = restrict(all.filter((r) => !r.point), mergeRanges(items.filter((x) => x.kind !== 'segment').map((x) => x.before)));
  const pairs: [MovedRun, MovedRun][] = [
    ...onSpace.flatMap((a, i) => onSpace.slice(0, i).map((b): [MovedRun, MovedRun] => [a, b])),
    ...points.flatMap((a) => onAddresses.map((b): [MovedRun, MovedRun] => [a, b])),
    ...points.flatMap((a, i) => points.slice(0, i).map((b): [MovedRun, MovedRun] => [a, b])),
  ];
  const reported = new Set<string>();
  for (const [a, b] of pairs) {
    if (a.to[0] > b.to[1] || b.to[0] > a.to[1]) continue;
    const key = `${a.what}|${b.what}`;
    if (reported.has(key)) continue;
    reported.add(key);
    const both = Math.max(a.to[0], b.to[0]);
    out.push(problem('PLAN061', a.location, `${a.what} and ${b.what} both map onto ${formatIpv4(both)}`, 'a one-to-one mapping: every new address has one old address', `the other entry is at line ${b.location.line}; change one target`));
  }
  return out;
}

interface MovedRun {
  /** A host exception or relocation (one address named on its own). */
  readonly point: boolean;
  readonly from: readonly [Ipv4, Ipv4];
  readonly to: readonly [Ipv4, Ipv4];
  readonly what: string;
  readonly location: SourceLocation;
}

/** The address runs the step moves (prefix mappings less narrower ones and host points, then the hosts). */
function movedRuns(fate: StepFate): MovedRun[] {
  const runs: MovedRun[] = [];
  const hostPoints = [...fate.hosts.keys()].sort((a, b) => a - b);
  for (const m of fate.step.mappings) {
    const holes: [number, number][] = fate.step.mappings
      .filter((n) => n !== m && n.from.length > m.from.length && prefixFirst(n.from) >= prefixFirst(m.from) && prefixLast(n.from) <= prefixLast(m.from))
      .map((n) => [prefixFirst(n.from), prefixLast(n.from)]);
    for (const p of hostPoints) if (p >= prefixFirst(m.from) && p <= prefixLast(m.from)) holes.push([p, p]);
    const offset = m.to.network - m.from.network;
    for (const [a, b] of subtract([prefixFirst(m.from), prefixLast(m.from)], holes)) {
      runs.push({ point: false, from: [a, b], to: [a + offset, b + offset], what: `mapping ${formatPrefix(m.from)} → ${formatPrefix(m.to)}`, location: m.location });
    }
  }
  for (const h of fate.step.hosts) runs.push({ point: true, from: [h.from, h.from], to: [h.to, h.to], what: `host ${formatIpv4(h.from)} → ${formatIpv4(h.to)}`, location: h.location });
  for (const { relocation: r } of fate.relocations) {
    const old = [...fate.hosts].find(([, to]) => to === r.address)?.[0];
    if (old !== undefined && !fate.step.hosts.some((h) => h.from === old)) runs.push({ point: true, from: [old, old], to: [r.address, r.address], what: `relocation of ${r.node} to ${formatIpv4(r.address)}`, location: r.location });
  }
  return runs;
}

function subtract(range: readonly [number, number], holes: readonly (readonly [number, number])[]): [number, number][] {
  let parts: [number, number][] = [[range[0], range[1]]];
  for (const [a, b] of holes) {
    parts = parts.flatMap(([x, y]): [number, number][] => {
      if (b < x || a > y) return [[x, y]];
      const keep: [number, number][] = [];
      if (a > x) keep.push([x, a - 1]);
      if (b < y) keep.push([b + 1, y]);
      return keep;
    });
  }
  return parts;
}

/** New addresses inside their (new) segments; mapping targets inside the segment they land in. */
function checkTargets(topology: Topology, fate: StepFate): Diagnostic[] {
  const out: Diagnostic[] = [];
  const after = segmentsAfter(fate);
  const inside = (p: Prefix, a: Ipv4, b: Ipv4 = a) => a >= prefixFirst(p) && b <= prefixLast(p);
  for (const m of fate.step.mappings) {
    const target = m.toSegment !== undefined ? after.get(m.toSegment) : m.segment !== undefined ? after.get(m.segment) : undefined;
    if (target && !inside(target.prefix, prefixFirst(m.to), prefixLast(m.to))) {
      out.push(problem('PLAN062', m.location, `${formatPrefix(m.to)} lies outside segment "${target.newName}" (${formatPrefix(target.prefix)})`, `a target prefix inside ${formatPrefix(target.prefix)}`, 'map into the prefix of the segment the hosts land in'));
    }
  }
  const relocated = new Map(fate.relocations.filter((r) => r.iface !== undefined).map((r) => [`${r.relocation.node}.${r.iface}`, r.relocation]));
  for (const [key, { before, after: now }] of fate.interfaces) {
    if (now.address === undefined) continue;
    const seg = after.get(now.segment);
    if (!seg) continue;
    const last = now.address + now.count - 1;
    if (!inside(seg.prefix, now.address, last)) {
      const r = relocated.get(key);
      const location = r?.location ?? locationOfAddress(fate, before.address) ?? fate.step.location;
      out.push(problem('PLAN062', location, `${before.node}.${before.name} would get ${formatIpv4(now.address)}${now.count > 1 ? `-${formatIpv4(last)}` : ''}, outside its segment "${seg.newName}" (${formatPrefix(seg.prefix)})`, `an address inside ${formatPrefix(seg.prefix)}`, r ? 'choose an address inside the segment the interface moves to' : 'renumber the segment with its hosts, or relocate the interface to the segment of its new address'));
    }
  }
  // A moved host's default gateway must be on its new segment.
  for (const { relocation: r, iface } of fate.relocations) {
    const node = topology.nodes.get(r.node);
    const seg = after.get(r.segment);
    if (!node || node.kind !== 'host' || iface === undefined || !seg) continue;
    const gw = node.routes.find((route) => route.origin === 'gateway' && route.target.type === 'via');
    const nextHop = r.gateway ?? (gw && gw.target.type === 'via' ? fate.map(gw.target.nextHop) : undefined);
    if (nextHop !== undefined && !inside(seg.prefix, nextHop)) {
      out.push(problem('PLAN062', r.location, `${r.node}'s default gateway ${formatIpv4(nextHop)} is not on segment "${r.segment}" (${formatPrefix(seg.prefix)}) it moves to`, `gateway: an address of a router or firewall on ${formatPrefix(seg.prefix)}`, r.gateway === undefined ? 'add gateway: ADDRESS to the relocation' : 'name a gateway on the new segment'));
    }
  }
  return out;
}

function locationOfAddress(fate: StepFate, address: Ipv4 | undefined): SourceLocation | undefined {
  if (address === undefined) return undefined;
  const h = fate.step.hosts.find((x) => x.from === address);
  if (h) return h.location;
  let best: PrefixMapping | undefined;
  for (const m of fate.step.mappings) if (address >= prefixFirst(m.from) && address <= prefixLast(m.from) && (!best || m.from.length > best.from.length)) best = m;
  return best?.location;
}

interface SpaceItem {
  readonly what: string;
  readonly kind: 'address' | 'segment' | 'owned';
  readonly vrf?: string | undefined;
  readonly before: readonly [Ipv4, Ipv4];
  readonly after: readonly [Ipv4, Ipv4];
}

/**
 * Address space in use before and after the step: interfaces (pools as ranges), NAT addresses, segments (per
 * VRF) and what externals own. An external owning the default route (the Internet's 0.0.0.0/0) stands for
 * "everything the network does not hold", not for allocated space, so it is left out; every other owned
 * block (LGWAN's 172.16.0.0/12, a prefectural WAN) is space the plan must not land in.
 */
function spaceInUse(topology: Topology, fate: StepFate): SpaceItem[] {
  const items: SpaceItem[] = [];
  const image = (a: Ipv4, b: Ipv4): [Ipv4, Ipv4] => {
    if (a === b) return [fate.map(a), fate.map(a)];
    const r = rangeImage(fate.step, a, b);
    return r.kind === 'moved' ? [r.first, r.last] : [a, b];
  };
  for (const [, { before, after }] of fate.interfaces) {
    if (before.address === undefined || after.address === undefined) continue;
    const last = before.address + before.count - 1;
    items.push({ what: `${before.node}.${before.name}`, kind: 'address', before: [before.address, last], after: before.count > 1 ? image(before.address, last) : [after.address, after.address] });
  }
  for (const node of topology.nodes.values()) {
    if (node.kind === 'router' || node.kind === 'firewall') {
      for (const n of node.nat) items.push({ what: `${node.name} NAT ${n.name}`, kind: 'address', before: [n.translateTo, n.translateTo], after: image(n.translateTo, n.translateTo) });
    }
    if (node.kind === 'external') {
      for (const [a, b] of node.owns.ranges) if (!(a === 0 && b === 0xffffffff)) items.push({ what: `external ${node.name} (owns)`, kind: 'owned', before: [a, b], after: image(a, b) });
    }
  }
  for (const s of topology.segments.values()) {
    const f = fate.segments.get(s.name) as SegmentFate;
    items.push({ what: `segment ${f.newName}`, kind: 'segment', vrf: f.vrf, before: [prefixFirst(s.prefix), prefixLast(s.prefix)], after: [prefixFirst(f.prefix), prefixLast(f.prefix)] });
  }
  return items;
}

const meets = (a: readonly [number, number], b: readonly [number, number]) => a[0] <= b[1] && b[0] <= a[1];

/** Which kinds of space may not share addresses: two interfaces or NAT addresses; segments of one VRF; a segment and owned space. */
function mayNotMeet(a: SpaceItem, b: SpaceItem): boolean {
  if (a.kind === 'address' && b.kind === 'address') return true;
  if (a.kind === 'segment' && b.kind === 'segment') return a.vrf === b.vrf;
  return (a.kind === 'segment' && b.kind === 'owned') || (a.kind === 'owned' && b.kind === 'segment');
}

function checkCollisions(topology: Topology, fate: StepFate): Diagnostic[] {
  const out: Diagnostic[] = [];
  const items = spaceInUse(topology, fate);
  const moved = (x: SpaceItem) => x.before[0] !== x.after[0] || x.before[1] !== x.after[1];
  for (let i = 0; i < items.length; i++) {
    const a = items[i] as SpaceItem;
    for (let j = i + 1; j < items.length; j++) {
      const b = items[j] as SpaceItem;
      // Exactly one moves: where both move onto each other, PLAN061 reports the two old addresses.
      if (moved(a) === moved(b) || !mayNotMeet(a, b) || meets(a.before, b.before) || !meets(a.after, b.after)) continue;
      const [mover, other] = moved(a) ? [a, b] : [b, a];
      const at = Math.max(a.after[0], b.after[0]);
      const location = locationOfAddress(fate, mover.before[0]) ?? fate.step.location;
      out.push(problem('PLAN063', location, `after step "${fate.step.name}", ${mover.what} (${rangeText(mover.after)}) collides with ${other.what} (${rangeText(other.after)}) at ${formatIpv4(at)}`, 'new addresses in space nothing else uses', 'choose a target block that is free in the whole topology (segments, pools, NAT addresses, externals\' space)'));
    }
  }
  return out;
}

function rangeText([a, b]: readonly [number, number]): string {
  return a === b ? formatIpv4(a) : `${formatIpv4(a)}-${formatIpv4(b)}`;
}

/** PLAN064–066: literal prefixes and ranges the step cannot rewrite whole, or that lose part of what they held. */
function checkLiterals(topology: Topology, fate: StepFate, files: readonly ParsedTopologyFile[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const file of files) {
    for (const site of file.sites) {
      if (site.kind === 'address' && site.iface) {
        const pool = poolRange(topology, site);
        const image = pool && rangeImage(fate.step, pool[0], pool[1]);
        if (pool && image?.kind === 'split') out.push(problem('PLAN064', { file: site.file, line: site.line, column: site.column }, `pool ${site.iface.node} (${rangeText(pool)}) is split by ${image.by.map((m) => `${formatPrefix(m.from)} → ${formatPrefix(m.to)}`).join(', ')}: its members would go different ways`, 'a pool that lies wholly inside one mapped prefix', 'map the whole pool, or split it into pools first'));
        const member = pool && [...fate.hosts.keys()].find((h) => h >= pool[0] && h <= pool[1]);
        if (pool && member !== undefined) out.push(problem('PLAN064', { file: site.file, line: site.line, column: site.column }, `pool ${site.iface.node} (${rangeText(pool)}) has a host exception for its member ${formatIpv4(member)}: a pool moves as a whole`, 'host exceptions for addresses outside pools', 'renumber the pool with its prefix, or make the member a host of its own first'));
        continue;
      }
      if (site.kind !== 'prefix' && site.kind !== 'ref') continue;
      if (site.kind === 'ref' && isName(topology, site.value)) continue;
      const literal = parseLiteral(site.value);
      if (!literal || literal.first === literal.last) continue;
      const location: SourceLocation = { file: site.file, line: site.line, column: site.column };
      const image = rangeImage(fate.step, literal.first, literal.last);
      if (image.kind === 'split') {
        out.push(problem('PLAN064', location, `${describe(site)}: ${site.value} is split by ${image.by.map((m) => `${formatPrefix(m.from)} → ${formatPrefix(m.to)}`).join(', ')}: parts of it would go different ways`, 'literals that lie wholly inside one mapped prefix, or hold mapped prefixes whole', 'split the literal into the parts the plan maps (or refer to an address object), or change the mapping so it holds the whole literal'));
      } else if (image.kind === 'aggregate' && image.escaping.length > 0 && site.owner.kind !== 'segment') {
        out.push(problem('PLAN065', location, `${describe(site)}: ${site.value} holds ${image.escaping.map((m) => formatPrefix(m.from)).join(', ')} but not ${image.escaping.map((m) => formatPrefix(m.to)).join(', ')} after the step`, 'an aggregate that still holds the renumbered addresses', 'widen the literal or add the new prefix beside it', 'warning'));
      } else if (image.kind === 'moved' && site.kind === 'prefix' && !alignedPrefix(image.first, image.last)) {
        out.push(problem('PLAN064', location, `${describe(site)}: ${site.value} would become ${rangeText([image.first, image.last])}, which is not a prefix`, 'a prefix that maps onto a prefix', 'map the prefix as one block'));
      }
      if (site.owner.kind !== 'segment') {
        const [lo, hi] = image.kind === 'moved' ? [image.first, image.last] : [literal.first, literal.last];
        for (const h of leavingHosts(fate.step, fate.hosts, literal.first, literal.last).filter((x) => x.to < lo || x.to > hi)) {
          out.push(problem('PLAN066', location, `${describe(site)}: ${site.value} holds ${formatIpv4(h.from)}, which moves to ${formatIpv4(h.to)}, outside what the literal holds after the step`, 'literals that keep holding the hosts they held', 'add the host\'s new address beside the literal if the rule must still match it', 'warning'));
        }
      }
    }
  }
  return out;
}

/** The addresses of a host pool whose first address `site` writes; undefined for anything but a pool. */
function poolRange(topology: Topology, site: AddressSite): [number, number] | undefined {
  const node = site.iface ? topology.nodes.get(site.iface.node) : undefined;
  const address = node?.interfaces.get(site.iface?.name ?? '')?.address;
  return node?.kind === 'host' && node.count > 1 && address !== undefined ? [address, address + node.count - 1] : undefined;
}

export function describe(site: AddressSite): string {
  const owner = site.owner.kind === 'node' ? `node ${site.owner.name}` : site.owner.kind === 'segment' ? `segment ${site.owner.name}` : site.owner.kind === 'object' ? `object ${site.owner.name}` : site.owner.name;
  return `${owner} ${site.field}`;
}

/** An address reference that is a name (resolved as object, segment or node), not a literal. */
export function isName(topology: Topology, value: string): boolean {
  const v = value.trim();
  return v !== 'any' && (topology.addressObjects.has(v) || topology.segments.has(v) || topology.nodes.has(v));
}

export function alignedPrefix(first: Ipv4, last: Ipv4): boolean {
  const size = last - first + 1;
  return Number.isInteger(Math.log2(size)) && first % size === 0;
}

