/**
 * A synthetic municipality network (zones MN / MN_GC / LG / INET and the external networks), for
 * benchmarks and property tests. Deterministic from the seed; sized like a real small, mid-size or large body.
 *
 * Shape:
 * - `fw-core` is the zone firewall: it touches every MN/LG/INET backbone and unprotected HQ segment and the
 *   links to the security cloud, LGWAN and the Government Cloud, and routes between all of them.
 * - Further firewalls are in-zone firewalls (in front of HQ segments of one zone) and their standbys.
 * - Branch sites hang off the zone backbones through one router per (site, zone).
 * - MN reaches 住基ネット and the Government Cloud MN area over dedicated lines, 中間サーバー through a relay.
 * - LG and INET meet only in gateways (screen transfer, file sanitiser, mail text-ization, β/β′ data relay);
 *   INET reaches the Internet only through the security-cloud proxy.
 *
 * Why the secure baseline cannot let INET or the Internet reach MN (nor MN reach them):
 * 1. Topology: MN and MN_GC segments attach only to MN hosts, `fw-core`, in-zone MN firewalls and MN branch
 *    routers (whose every interface is in MN), the two dedicated lines (MN ↔ JUKI, MN ↔ MN_GC) and the
 *    中間サーバー relay (a gateway, which never forwards). So every packet between MN/MN_GC and any other
 *    zone crosses `fw-core` (or a dedicated line to JUKI / MN_GC, which are MN-side networks).
 * 2. `fw-core` binds, for every other zone X it touches, a zone-pair ACL X→MN and MN→X with default deny and
 *    deny rules only (filler placed there is generated in deny-only mode). A firewall passes a packet only if
 *    every applicable ACL permits, so those ACLs alone block it whatever other ACLs say.
 * 3. Filler permits on `fw-core` go only into same-zone ACLs (MN→MN, LG→LG, INET→INET), which apply only to
 *    packets entering and leaving in that one zone; in-zone firewalls and branch routers have all their
 *    interfaces in one zone, so their random rules only move traffic within it.
 * 4. The Internet node's only neighbour is the proxy (a gateway), so the Internet originates nothing routable.
 * The `insecure` option breaks exactly one of these on purpose.
 *
 * Against the attacker of ARCHITECTURE.md (forged sources, any next hop, every address a target) as well:
 * - The two relays trust their senders by address; each allow entry also pins the sender's MAC (senders and
 *   relay share a segment), so a neighbour forging a trusted address is refused.
 * - Each dedicated line has a segment of its own on `fw-core`, and MN→MN denies packets to those segments, so
 *   neither line's far side (住基ネット, the Government Cloud MN area) reaches the other line's own address.
 * - The relay to 中間サーバー is an approved crossing MN → LGWAN: `municipalityScenario` declares it.
 */
import { formatIpv4, formatPrefix, type Prefix } from '../../net/ipv4.js';
import type { RawAcl, RawNode, RawRoute, RawRule, TopologyFile } from '../format.js';
import { allocatePrefixes, ADDRESS_BLOCKS, EXTERNAL_SPACE, type AddressBlock } from './address-plan.js';
import { CORE_SYSTEMS, EXTRA_SYSTEM_NAMES, EXTRA_SYSTEM_SHARE, mainTerminalZone, STANDARD_MN_SYSTEMS, type InternalZone } from './catalogue.js';
import { fillerRules, type RulePools } from './filler-rules.js';
import { resolveMunicipalityOptions, type MunicipalityOptions, type ResolvedMunicipalityOptions } from './options.js';
import { Rng } from './prng.js';

/** Zone names (docs/guideline-basis.md#b-three-tier and the external networks), with their classes. */
const ZONES = {
  MN: 'MN', MN_GC: 'MN_GC', LG: 'LG', INET: 'INET',
  X_INTERNET: 'INTERNET', X_LGWAN: 'LGWAN', X_JUKI: 'JUKI', X_GC: 'GOVCLOUD', X_SECCLOUD: 'SECCLOUD',
  // The core firewall joins every zone; it belongs to none of them.
  INFRA: 'TRANSIT',
} as const;
type ZoneName = keyof typeof ZONES;
type SiteZone = 'MN' | 'LG' | 'INET';

type SegmentRole = 'servers' | 'clients' | 'dmz' | 'wan' | 'backbone' | 'cloud' | 'link';

interface Attachment {
  readonly node: string;
  readonly iface: string;
  readonly size: number;
}

interface SegmentPlan {
  readonly name: string;
  readonly zone: ZoneName;
  readonly role: SegmentRole;
  readonly site: string | undefined;
  readonly description: string;
  readonly attachments: Attachment[];
  /** Name of the router/firewall whose address is the segment's default gateway. */
  gateway: string | undefined;
}

interface SystemPlan {
  readonly name: string;
  readonly systemName: string;
  readonly zone: InternalZone;
  readonly segment: string;
  readonly holdsResidentData: boolean;
  readonly confidentiality: 1 | 2 | 3;
}

const HQ = 'hq';
const DISPLAY_SERVICES = ['tcp/3389', 'udp/3389'];

const SERVICE_OBJECTS: Record<string, string | string[]> = {
  'svc-https': 'tcp/443',
  'svc-web': ['tcp/80', 'tcp/443'],
  'svc-smb': 'tcp/445',
  'svc-smtp': 'tcp/25',
  'svc-proxy': 'tcp/8080',
  'svc-rdp': DISPLAY_SERVICES,
  'svc-ad': ['tcp/53', 'udp/53', 'tcp/88', 'udp/88', 'tcp/389', 'udp/389', 'tcp/636', 'tcp/3268'],
  'svc-ntp': 'udp/123',
  'svc-db': ['tcp/1433', 'tcp/1521', 'tcp/5432'],
  'svc-mgmt': ['tcp/22', 'tcp/3389', 'udp/161', 'tcp/5985-5986'],
  'svc-print': ['tcp/515', 'tcp/631', 'tcp/9100'],
  'svc-echo': 'icmp/8',
  // Service groups: objects made of objects.
  'svc-office': ['svc-web', 'svc-smb', 'svc-print'],
  'svc-infra': ['svc-ad', 'svc-ntp', 'svc-echo'],
};

const LITERAL_SERVICES = ['tcp/22', 'tcp/80', 'tcp/443', 'tcp/445', 'tcp/8443', 'tcp/1521', 'udp/53', 'udp/514', 'tcp/3389', 'tcp/8000-8999', 'icmp'];

/** Who each relay accepts data from: systems on the relay's own segment, pinned by MAC as well as address. */
const RELAY_SENDERS = {
  'relay-chukan': ['mn-atena', 'mn-chukan-connector'],
  'relay-lgwan-data': ['lgwan-mail', 'lgwan-asp-gateway'],
} as const satisfies Record<string, readonly string[]>;

/**
 * The VLAN each relay shares with its senders and nobody else: any host on a segment can write the pinned
 * MAC on its own frames, so a MAC pin holds only where the senders are the relay's only neighbours (through
 * a router a frame carries the router's MAC, which no pin names).
 */
const RELAY_SEGMENTS = { 'relay-chukan': 'mn-relay', 'relay-lgwan-data': 'lg-relay' } as const satisfies Record<keyof typeof RELAY_SENDERS, string>;

/** The relays' own VLANs, which the `segments` option does not count (as the links to external networks). */
export const RELAY_SEGMENT_NAMES: ReadonlySet<string> = new Set(Object.values(RELAY_SEGMENTS));

const BOGONS = ['0.0.0.0/8', '127.0.0.0/8', '169.254.0.0/16', '224.0.0.0/4', '240.0.0.0/4'];

export function generateMunicipality(options: MunicipalityOptions): TopologyFile {
  return new MunicipalityBuilder(resolveMunicipalityOptions(options)).build();
}

class MunicipalityBuilder {
  private readonly rng: Rng;
  private readonly segments = new Map<string, SegmentPlan>();
  private readonly sites: string[];
  private readonly mainZone: 'LG' | 'INET';
  private readonly otherZone: 'LG' | 'INET';
  /** In-zone primary firewalls: name → zone and protected segments. */
  private readonly primaries: { name: string; zone: SiteZone; protects: string[] }[] = [];
  private readonly standbys: { name: string; of: string }[] = [];
  private readonly branchRouters: { name: string; zone: SiteZone; site: string; segments: string[] }[] = [];
  private readonly systems: SystemPlan[] = [];
  private readonly pools: { name: string; segment: string; role: 'terminal' | 'server'; count: number; zone: SiteZone; purpose: string }[] = [];
  private prefixes = new Map<string, Prefix>();
  private readonly offsets = new Map<string, number>();
  private readonly hasBackbones: boolean;
  private readonly displayPool: string;
  private readonly displaySegment: string;

  constructor(private readonly o: ResolvedMunicipalityOptions) {
    this.rng = new Rng(o.seed);
    this.sites = [HQ, ...Array.from({ length: o.sites - 1 }, (_, i) => `branch-${String(i + 1).padStart(2, '0')}`)];
    this.mainZone = mainTerminalZone(o.model);
    this.otherZone = this.mainZone === 'LG' ? 'INET' : 'LG';
    this.hasBackbones = o.sites > 1 || o.firewalls > 1;
    this.displayPool = o.model === 'alpha' ? 'inet-virtual-browsers' : 'lg-vdi-pool';
    this.displaySegment = o.model === 'alpha' ? 'inet-dmz' : 'lg-servers';
  }

  build(): TopologyFile {
    this.planSegments();
    this.planFirewalls();
    this.planSystems();
    this.planTerminals();
    this.attachAll();
    this.prefixes = allocatePrefixes(
      [...this.segments.values()].map((s) => ({
        name: s.name,
        block: blockOf(s),
        used: s.attachments.reduce((n, a) => n + a.size, 0),
        minSize: s.role === 'link' || s.role === 'wan' ? 8 : s.role === 'backbone' ? 16 : 256,
      })),
    );
    for (const s of this.segments.values()) {
      let offset = 1;
      for (const a of s.attachments) {
        this.offsets.set(`${a.node}/${a.iface}`, offset);
        offset += a.size;
      }
    }
    return this.render();
  }

  // ---- planning -------------------------------------------------------------------------------

  private addSegment(name: string, zone: ZoneName, role: SegmentRole, site: string | undefined, description: string): SegmentPlan {
    if (this.segments.has(name)) throw new Error(`generator bug: segment ${name} planned twice`);
    const plan: SegmentPlan = { name, zone, role, site, description, attachments: [], gateway: undefined };
    this.segments.set(name, plan);
    return plan;
  }

  private planSegments(): void {
    const o = this.o;
    this.addSegment('mn-servers', 'MN', 'servers', HQ, 'MN servers (宛名, 中間サーバー connector, 住基CS, file server)');
    this.addSegment('mn-clients', 'MN', 'clients', HQ, 'MN dedicated terminals');
    this.addSegment('mn-wan', 'MN', 'wan', HQ, 'MN side of the dedicated line to 住基ネット');
    this.addSegment('mn-gc-line', 'MN', 'wan', HQ, 'MN side of the dedicated line to the Government Cloud MN area');
    this.addSegment('gc-systems', 'MN_GC', 'cloud', undefined, 'Government Cloud MN area: the 20 standardised systems');
    this.addSegment('lg-servers', 'LG', 'servers', HQ, 'LGWAN-connected servers');
    this.addSegment('lg-clients', 'LG', 'clients', HQ, o.model === 'alpha' ? 'main business terminals' : 'LG dedicated terminals');
    this.addSegment('inet-servers', 'INET', 'servers', HQ, 'Internet-connected servers');
    this.addSegment('inet-clients', 'INET', 'clients', HQ, o.model === 'alpha' ? 'website administration terminals' : 'main business terminals');
    this.addSegment('inet-dmz', 'INET', 'dmz', HQ, 'gateways between INET and LG');
    if (this.hasBackbones) {
      for (const z of ['MN', 'LG', 'INET'] as const) this.addSegment(`${z.toLowerCase()}-backbone`, z, 'backbone', HQ, `${z} backbone: core, in-zone firewalls, branch WAN`);
    }
    for (const site of this.sites.slice(1)) {
      this.addSegment(`mn-clients-${site}`, 'MN', 'clients', site, `MN terminals at ${site}`);
      this.addSegment(`${this.mainZone.toLowerCase()}-clients-${site}`, this.mainZone, 'clients', site, `main business terminals at ${site}`);
    }
    const extras = o.segments - this.countInternalSegments();
    const rng = this.rng.fork('segments');
    const counters = new Map<string, number>();
    for (let i = 0; i < extras; i++) {
      const r = rng.next();
      let zone: SiteZone;
      let role: 'clients' | 'servers';
      if (r < 0.5) [zone, role] = [this.mainZone, 'clients'];
      else if (r < 0.65) [zone, role] = ['MN', 'clients'];
      else if (r < 0.72) [zone, role] = [this.otherZone, 'clients'];
      else [zone, role] = [rng.pick(['MN', 'LG', 'INET', this.mainZone] as const), 'servers'];
      const site = role === 'clients' ? rng.pick(this.sites) : HQ;
      const stem = `${zone.toLowerCase()}-${role}-${site}`;
      const n = (counters.get(stem) ?? 1) + 1;
      counters.set(stem, n);
      this.addSegment(`${stem}-${String(n).padStart(2, '0')}`, zone, role, site, `${zone} ${role === 'clients' ? 'terminals' : 'servers'} at ${site}`);
    }
    // Link segments to the external networks (not counted in `segments`).
    this.addSegment('seccloud-uplink', 'X_SECCLOUD', 'link', undefined, 'uplink to the prefecture security cloud');
    this.addSegment('internet-edge', 'X_INTERNET', 'link', undefined, 'security cloud to the Internet');
    this.addSegment('lgwan-uplink', 'X_LGWAN', 'link', undefined, 'LGWAN access line');
    this.addSegment('chukan-link', 'X_LGWAN', 'link', undefined, '中間サーバー platform over LGWAN (relay only)');
    this.addSegment('juki-link', 'X_JUKI', 'link', undefined, '住基ネット closed network');
    this.addSegment('govcloud-link', 'X_GC', 'link', undefined, 'Government Cloud (non-MN tenants)');
    this.addSegment(RELAY_SEGMENTS['relay-chukan'], 'MN', 'link', undefined, 'relay-chukan and the two systems it takes data from, alone');
    if (o.model !== 'alpha') this.addSegment(RELAY_SEGMENTS['relay-lgwan-data'], 'LG', 'link', undefined, 'relay-lgwan-data and the two systems it takes data from, alone');
  }

  private countInternalSegments(): number {
    let n = 0;
    for (const s of this.segments.values()) if (s.role !== 'link') n++;
    return n;
  }

  private planFirewalls(): void {
    const inZone = this.o.firewalls - 1;
    if (inZone === 0) return;
    const rng = this.rng.fork('firewalls');
    const eligible = rng.shuffle(
      // mn-servers stays on fw-core so that an injected leak (which targets 宛名) is a real path.
      [...this.segments.values()].filter((s) => s.site === HQ && (s.role === 'servers' || s.role === 'clients') && s.name !== 'mn-servers'),
    );
    const primaryCount = Math.min(inZone, eligible.length);
    const perZone = new Map<string, number>();
    const primaryOfZone = new Map<SiteZone, (typeof this.primaries)[number][]>();
    eligible.forEach((segment, i) => {
      const zone = segment.zone as SiteZone;
      if (i < primaryCount) {
        const n = (perZone.get(zone) ?? 0) + 1;
        perZone.set(zone, n);
        const fw = { name: `fw-${zone.toLowerCase()}-${String(n).padStart(2, '0')}`, zone, protects: [segment.name] };
        this.primaries.push(fw);
        primaryOfZone.set(zone, [...(primaryOfZone.get(zone) ?? []), fw]);
      }
    });
    // Remaining HQ segments go behind a firewall of their zone half of the time.
    for (const segment of eligible.slice(primaryCount)) {
      const candidates = primaryOfZone.get(segment.zone as SiteZone);
      if (candidates && rng.chance(0.5)) rng.pick(candidates).protects.push(segment.name);
    }
    // Firewalls beyond one per eligible segment are standbys of the primaries (same segments, same policy).
    for (let i = 0; i < inZone - primaryCount; i++) {
      const primary = this.primaries[i % primaryCount] as (typeof this.primaries)[number];
      this.standbys.push({ name: `${primary.name}-s${Math.floor(i / primaryCount) + 1}`, of: primary.name });
    }
  }

  private planSystems(): void {
    const model = this.o.model;
    const serverSegment: Record<InternalZone, string> = { MN: 'mn-servers', MN_GC: 'gc-systems', LG: 'lg-servers', INET: 'inet-servers' };
    for (const [name, systemName] of STANDARD_MN_SYSTEMS) {
      this.systems.push({ name: `gc-${name}`, systemName, zone: 'MN_GC', segment: 'gc-systems', holdsResidentData: true, confidentiality: 3 });
    }
    for (const spec of CORE_SYSTEMS) {
      const zone = spec.zone[model];
      this.systems.push({ name: spec.name, systemName: spec.systemName, zone, segment: serverSegment[zone], holdsResidentData: spec.holdsResidentData, confidentiality: spec.confidentiality });
    }
    const rng = this.rng.fork('systems');
    const share = EXTRA_SYSTEM_SHARE[model];
    const extras = this.o.systems - this.systems.length;
    const counters = new Map<InternalZone, number>();
    for (let i = 0; i < extras; i++) {
      let r = rng.next();
      let zone: InternalZone = 'MN';
      for (const [z, p] of share) {
        zone = z;
        if ((r -= p) < 0) break;
      }
      const n = (counters.get(zone) ?? 0) + 1;
      counters.set(zone, n);
      const names = EXTRA_SYSTEM_NAMES[zone];
      const base = names[(n - 1) % names.length] as string;
      const round = Math.floor((n - 1) / names.length);
      const segments = zone === 'MN_GC' ? ['gc-systems'] : [...this.segments.values()].filter((s) => s.zone === zone && s.role === 'servers').map((s) => s.name);
      this.systems.push({
        name: `${zone.toLowerCase().replace('_', '-')}-app-${String(n).padStart(3, '0')}`,
        systemName: round === 0 ? base : `${base}${round + 1}`,
        zone,
        segment: rng.pick(segments),
        holdsResidentData: zone === 'MN' || zone === 'MN_GC',
        confidentiality: zone === 'MN' || zone === 'MN_GC' ? 3 : rng.chance(0.5) ? 2 : 1,
      });
    }
  }

  private planTerminals(): void {
    const o = this.o;
    const rng = this.rng.fork('terminals');
    const total = Math.round(o.staff * o.terminalRatio);
    const other = Math.max(1, Math.round(total * 0.03));
    const mn = Math.max(1, Math.round(total * (o.model === 'alpha' ? rng.real(0.2, 0.3) : rng.real(0.1, 0.15))));
    const main = total - mn - other;
    const spread = (zone: SiteZone, count: number, purpose: string): void => {
      const segments = [...this.segments.values()].filter((s) => s.zone === zone && s.role === 'clients');
      splitCount(rng, count, segments.length).forEach((n, i) => {
        const segment = segments[i] as SegmentPlan;
        if (n > 0) this.pools.push({ name: `term-${segment.name}`, segment: segment.name, role: 'terminal', count: n, zone, purpose });
      });
    };
    spread(this.mainZone, main, 'main business terminals');
    spread('MN', mn, 'MN dedicated terminals');
    spread(this.otherZone, other, o.model === 'alpha' ? 'website administration terminals' : 'LG dedicated terminals');
    const seats = Math.max(1, Math.round(o.staff * o.seatRatio));
    this.pools.push({
      name: this.displayPool,
      segment: this.displaySegment,
      role: 'server',
      count: seats,
      zone: o.model === 'alpha' ? 'INET' : 'LG',
      purpose: o.model === 'alpha' ? 'virtual browser sessions (screen transfer from LG)' : 'LG VDI sessions (screen transfer from INET)',
    });
  }

  /** Attachment order fixes addresses: the segment's gateway router first, then other infrastructure, then hosts. */
  private attachAll(): void {
    const attach = (segment: string, node: string, iface: string, size = 1): void => {
      const plan = this.segments.get(segment);
      if (!plan) throw new Error(`generator bug: unknown segment ${segment}`);
      plan.attachments.push({ node, iface, size });
    };
    const protectedBy = new Map<string, string>();
    for (const fw of this.primaries) for (const s of fw.protects) protectedBy.set(s, fw.name);
    // Branch routers.
    for (const site of this.sites.slice(1)) {
      for (const zone of ['MN', 'LG', 'INET'] as const) {
        const segments = [...this.segments.values()].filter((s) => s.site === site && s.zone === zone).map((s) => s.name);
        if (segments.length) this.branchRouters.push({ name: `rt-${site}-${zone.toLowerCase()}`, zone, site, segments });
      }
    }
    // fw-core first on every segment it serves.
    for (const s of this.segments.values()) {
      const core = s.site === HQ ? !protectedBy.has(s.name) : s.name === 'seccloud-uplink' || s.name === 'lgwan-uplink' || s.name === 'govcloud-link';
      if (core) {
        attach(s.name, 'fw-core', s.name);
        if (s.role !== 'backbone' && s.role !== 'link') s.gateway = 'fw-core';
      }
    }
    for (const fw of this.primaries) {
      attach(`${fw.zone.toLowerCase()}-backbone`, fw.name, 'uplink');
      for (const s of fw.protects) {
        attach(s, fw.name, s);
        (this.segments.get(s) as SegmentPlan).gateway = fw.name;
      }
    }
    for (const sb of this.standbys) {
      const primary = this.primaries.find((p) => p.name === sb.of) as (typeof this.primaries)[number];
      attach(`${primary.zone.toLowerCase()}-backbone`, sb.name, 'uplink');
      for (const s of primary.protects) attach(s, sb.name, s);
    }
    for (const rt of this.branchRouters) {
      attach(`${rt.zone.toLowerCase()}-backbone`, rt.name, 'uplink');
      for (const s of rt.segments) {
        attach(s, rt.name, s);
        (this.segments.get(s) as SegmentPlan).gateway = rt.name;
      }
    }
    attach('mn-wan', 'dl-juki', 'mn');
    attach('juki-link', 'dl-juki', 'juki');
    attach('mn-gc-line', 'dl-govcloud', 'mn');
    attach('gc-systems', 'dl-govcloud', 'gc');
    (this.segments.get('gc-systems') as SegmentPlan).gateway = 'dl-govcloud';
    // Gateways.
    attach(RELAY_SEGMENTS['relay-chukan'], 'relay-chukan', 'mn');
    attach('chukan-link', 'relay-chukan', 'lgwan');
    const st = this.screenTransferName();
    if (this.o.model === 'alpha') {
      attach('lg-servers', st, 'client');
      attach('inet-dmz', st, 'host');
    } else {
      attach('inet-dmz', st, 'client');
      attach('lg-servers', st, 'host');
      attach(RELAY_SEGMENTS['relay-lgwan-data'], 'relay-lgwan-data', 'lg');
      attach('inet-dmz', 'relay-lgwan-data', 'inet');
    }
    attach('inet-dmz', 'sanitiser-files', 'in');
    attach('lg-servers', 'sanitiser-files', 'out');
    attach('inet-dmz', 'mail-textify', 'client');
    attach('lg-servers', 'mail-textify', 'upstream');
    attach('seccloud-uplink', 'seccloud-proxy', 'client');
    attach('internet-edge', 'seccloud-proxy', 'upstream');
    // External networks.
    attach('internet-edge', 'internet', 'edge');
    attach('lgwan-uplink', 'lgwan', 'edge');
    attach('chukan-link', 'chukan-platform', 'edge');
    attach('juki-link', 'juki', 'edge');
    attach('govcloud-link', 'govcloud', 'edge');
    // Hosts.
    for (const s of this.systems) {
      attach(s.segment, s.name, 'eth0');
      const relay = this.relaySegmentOf(s.name);
      if (relay !== undefined) attach(relay, s.name, 'relay');
    }
    for (const p of this.pools) attach(p.segment, p.name, 'eth0', p.count);
  }

  /** The segment a relay's sender shares with its relay (RELAY_SEGMENTS); undefined for other systems and absent relays. */
  private relaySegmentOf(node: string): string | undefined {
    const relay = (Object.keys(RELAY_SENDERS) as (keyof typeof RELAY_SENDERS)[]).find((r) => (RELAY_SENDERS[r] as readonly string[]).includes(node));
    return relay === undefined || !this.segments.has(RELAY_SEGMENTS[relay]) ? undefined : RELAY_SEGMENTS[relay];
  }

  /** A locally administered MAC for a relay's sender, from its place in RELAY_SENDERS. */
  private macOf(node: string): string {
    const index = Object.values(RELAY_SENDERS).flat<readonly (readonly string[])[]>().indexOf(node);
    if (index < 0) throw new Error(`generator bug: ${node} is no relay sender`);
    return `02:00:5e:00:00:${(index + 1).toString(16).padStart(2, '0')}`;
  }

  private screenTransferName(): string {
    return this.o.model === 'alpha' ? 'st-virtual-browser' : 'st-lg-vdi';
  }

  // ---- rendering ------------------------------------------------------------------------------

  private addressOn(segment: string, node: string, iface: string): string {
    const offset = this.offsets.get(`${node}/${iface}`);
    if (offset === undefined) throw new Error(`generator bug: ${node}/${iface} is not attached`);
    return formatIpv4((this.prefixes.get(segment) as Prefix).network + offset);
  }

  private prefixText(segment: string): string {
    return formatPrefix(this.prefixes.get(segment) as Prefix);
  }

  private gatewayAddress(segment: string): string | undefined {
    // Routers and firewalls name their interface on a host segment after the segment; the MN_GC line calls it `gc`.
    const plan = this.segments.get(segment) as SegmentPlan;
    return plan.gateway === undefined ? undefined : this.addressOn(segment, plan.gateway, segment === 'gc-systems' ? 'gc' : segment);
  }

  private render(): TopologyFile {
    const o = this.o;
    const zones: NonNullable<TopologyFile['zones']> = {};
    for (const [name, cls] of Object.entries(ZONES)) zones[name] = { class: cls };
    const segments: NonNullable<TopologyFile['segments']> = {};
    let vlan = 100;
    let linkVlan = 3000;
    for (const s of this.segments.values()) {
      segments[s.name] = {
        zone: s.zone,
        prefix: this.prefixText(s.name),
        vlan: s.role === 'link' ? linkVlan++ : vlan++,
        ...(s.site === undefined ? {} : { site: s.site }),
        description: s.description,
      };
    }
    const nodes: Record<string, RawNode> = {};
    nodes['fw-core'] = this.renderCore();
    const policies = new Map<string, RawAcl[]>();
    for (const fw of this.primaries) {
      const acls = this.inZoneAcls(fw);
      policies.set(fw.name, acls);
      nodes[fw.name] = this.renderInZone(fw.name, fw, acls, false);
    }
    for (const sb of this.standbys) {
      const primary = this.primaries.find((p) => p.name === sb.of) as (typeof this.primaries)[number];
      nodes[sb.name] = this.renderInZone(sb.name, primary, policies.get(primary.name) as RawAcl[], true);
    }
    for (const rt of this.branchRouters) nodes[rt.name] = this.renderBranchRouter(rt);
    Object.assign(nodes, this.renderLinesAndGateways(), this.renderExternals());
    for (const s of this.systems) nodes[s.name] = this.renderSystem(s);
    for (const p of this.pools) nodes[p.name] = this.renderPool(p);
    return {
      segproof: 1,
      name: `synthetic-${o.model}-${o.staff}-seed${o.seed}`.replace(/[^A-Za-z0-9_-]/g, '_'),
      description: `Synthetic ${o.bodySize} municipality: ${o.staff} staff, model ${o.model}, seed ${o.seed}${o.insecure ? `, INSECURE: ${o.insecure}` : ''} (segproof generate)`,
      model: o.model,
      guidelineVersion: 'R7.3',
      zones,
      segments,
      objects: { addresses: this.addressObjects(), services: SERVICE_OBJECTS },
      nodes,
    };
  }

  private addressObjects(): Record<string, string | string[]> {
    const out: Record<string, string | string[]> = {};
    for (const zone of ['MN', 'MN_GC', 'LG', 'INET'] as const) {
      const all = [...this.segments.values()].filter((s) => s.zone === zone).map((s) => s.name);
      out[`all-${zone}`] = all;
      const clients = [...this.segments.values()].filter((s) => s.zone === zone && s.role === 'clients').map((s) => s.name);
      if (clients.length) out[`clients-${zone}`] = clients;
      out[`servers-${zone}`] = this.systems.filter((s) => s.zone === zone).map((s) => s.name);
    }
    out['standard-systems'] = this.systems.filter((s) => s.name.startsWith('gc-')).map((s) => s.name);
    out['chukan-senders'] = ['mn-atena', 'mn-chukan-connector'];
    out['display-hosts'] = this.displayPool;
    out['lg-inet-gateways'] = [this.screenTransferName(), 'sanitiser-files', 'mail-textify', ...(this.o.model === 'alpha' ? [] : ['relay-lgwan-data'])];
    out.bogons = BOGONS;
    return out;
  }

  private zoneSegments(zone: InternalZone): SegmentPlan[] {
    return [...this.segments.values()].filter((s) => s.zone === zone);
  }

  private rulePools(zone: SiteZone, focus: readonly string[] = []): RulePools {
    const segs = this.zoneSegments(zone).filter((s) => s.role !== 'backbone' && s.role !== 'wan');
    const servers = this.systems.filter((s) => s.zone === zone).map((s) => s.name).slice(0, 60);
    const refs = [`all-${zone}`, `servers-${zone}`, ...(zone === 'MN' || this.zoneSegments(zone).some((s) => s.role === 'clients') ? [`clients-${zone}`] : []), ...segs.map((s) => s.name), ...focus];
    return {
      sources: refs,
      destinations: [...refs, ...servers],
      prefixes: segs.map((s) => this.prefixes.get(s.name) as Prefix),
      services: [...Object.keys(SERVICE_OBJECTS), ...LITERAL_SERVICES],
    };
  }

  private renderCore(): RawNode {
    const o = this.o;
    const rng = this.rng.fork('fw-core');
    const interfaces: Record<string, { segment: string; address: string }> = {};
    for (const s of this.segments.values()) {
      if (s.attachments.some((a) => a.node === 'fw-core')) interfaces[s.name] = { segment: s.name, address: this.addressOn(s.name, 'fw-core', s.name) };
    }
    const routes: RawRoute[] = [];
    for (const fw of this.primaries) {
      const via = this.addressOn(`${fw.zone.toLowerCase()}-backbone`, fw.name, 'uplink');
      for (const s of fw.protects) routes.push({ prefix: this.prefixText(s), via });
    }
    for (const rt of this.branchRouters) {
      const via = this.addressOn(`${rt.zone.toLowerCase()}-backbone`, rt.name, 'uplink');
      for (const s of rt.segments) routes.push({ prefix: this.prefixText(s), via });
    }
    routes.push({ prefix: this.prefixText('gc-systems'), via: this.addressOn('mn-gc-line', 'dl-govcloud', 'mn') });
    routes.push({ prefix: EXTERNAL_SPACE.juki, via: this.addressOn('mn-wan', 'dl-juki', 'mn') });
    routes.push({ prefix: this.prefixText('juki-link'), via: this.addressOn('mn-wan', 'dl-juki', 'mn') });
    routes.push({ prefix: EXTERNAL_SPACE.lgwan, via: this.addressOn('lgwan-uplink', 'lgwan', 'edge') });
    routes.push({ prefix: EXTERNAL_SPACE.govcloud, via: this.addressOn('govcloud-link', 'govcloud', 'edge') });

    const cloudUsers = o.model === 'beta-prime' ? 'INET' : 'LG';
    const pair = (from: string, to: string, defaultAction: 'permit' | 'deny', rules: RawRule[]): RawAcl => ({
      name: `${from}-to-${to}`, bind: { fromZone: from, toZone: to }, default: defaultAction, rules,
    });
    const denyAll = (name = 'deny-any'): RawRule => ({ name, action: 'deny', src: 'any', dst: 'any', service: 'any', log: true });
    const bogons: RawRule = { name: 'deny-bogons', action: 'deny', src: 'bogons', dst: 'any', log: true };
    // Same-zone ACLs start with the designed flows so that filler denies cannot break them.
    const toGateways = (z: string): RawRule => ({ name: 'to-gateways', action: 'permit', src: `all-${z}`, dst: 'lg-inet-gateways', description: 'screen transfer, sanitiser, mail text-ization, relay' });
    const intra = [
      pair('MN', 'MN', 'permit', [
        { ...bogons },
        { name: 'no-line-addresses', action: 'deny', src: 'any', dst: ['mn-wan', 'mn-gc-line'], log: true, description: 'the dedicated lines\' own addresses: one line\'s far side never reaches the other line' },
        { name: 'gc-to-mn', action: 'permit', src: 'standard-systems', dst: 'servers-MN' },
        { name: 'mn-to-gc', action: 'permit', src: 'all-MN', dst: 'standard-systems' },
      ]),
      pair('LG', 'LG', 'permit', [{ ...bogons }, toGateways('LG')]),
      pair('INET', 'INET', 'permit', [{ ...bogons }, toGateways('INET')]),
    ];
    const allowed = [
      pair('INET', 'X_SECCLOUD', 'deny', [
        { name: 'web-via-proxy', action: 'permit', src: 'all-INET', dst: 'seccloud-proxy', service: 'svc-proxy', description: 'all Internet use through the security cloud (R5)' },
        denyAll(),
      ]),
      pair('X_SECCLOUD', 'INET', 'deny', [denyAll()]),
      pair('LG', 'X_LGWAN', 'deny', [
        { name: 'lgwan-mail-out', action: 'permit', src: 'lgwan-mail', dst: 'lgwan', service: 'svc-smtp' },
        { name: 'lgwan-asp', action: 'permit', src: 'all-LG', dst: 'lgwan', service: 'svc-https' },
      ]),
      pair('X_LGWAN', 'LG', 'deny', [{ name: 'lgwan-mail-in', action: 'permit', src: 'lgwan', dst: 'lgwan-mail', service: 'svc-smtp' }]),
      pair(cloudUsers, 'X_GC', 'deny', [{ name: 'govcloud-apps', action: 'permit', src: `all-${cloudUsers}`, dst: 'govcloud', service: 'svc-https' }]),
      pair('LG', 'INET', 'deny', [denyAll('lg-inet-only-via-gateways')]),
      pair('INET', 'LG', 'deny', [denyAll('inet-lg-only-via-gateways')]),
    ];
    // MN boundary: deny-only ACLs in both directions for every other zone fw-core touches (see the header).
    const mnBoundary: RawAcl[] = [];
    for (const other of ['LG', 'INET', 'X_SECCLOUD', 'X_LGWAN', 'X_GC']) {
      mnBoundary.push(pair(other, 'MN', 'deny', [denyAll(`deny-${other.toLowerCase().replace('_', '-')}-to-mn`)]));
      mnBoundary.push(pair('MN', other, 'deny', [denyAll(`deny-mn-to-${other.toLowerCase().replace('_', '-')}`)]));
    }
    if (o.insecure === 'acl-opens-mn') {
      const acl = mnBoundary.find((a) => a.name === 'INET-to-MN') as RawAcl;
      acl.rules.unshift({ name: 'tmp-vendor-maintenance', action: 'permit', src: 'clients-INET', dst: 'mn-atena', service: 'svc-smb', description: 'INSECURE (injected): opens MN to INET' });
    }
    if (o.insecure === 'mn-reaches-proxy') {
      const acl = mnBoundary.find((a) => a.name === 'MN-to-X_SECCLOUD') as RawAcl;
      acl.rules.unshift({ name: 'mn-web-exception', action: 'permit', src: 'clients-MN', dst: 'seccloud-proxy', service: 'svc-proxy', description: 'INSECURE (injected): MN terminals reach the Internet' });
    }
    const acls = [...intra, ...allowed, ...mnBoundary];
    const essential = acls.reduce((n, a) => n + a.rules.length, 0);
    const filler = o.rulesPerFirewall - essential;
    if (filler < 0) throw new Error(`generator bug: core policy has ${essential} rules, more than ${o.rulesPerFirewall}`);
    // 80% of the filler into the same-zone ACLs (after their essential rules), 20% as denies on the MN boundary.
    const intraCount = Math.round(filler * 0.8);
    const intraSplit = splitCount(rng, intraCount, intra.length);
    intra.forEach((acl, i) => {
      const zone = acl.name.split('-to-')[0] as SiteZone;
      acl.rules.push(...fillerRules(rng, intraSplit[i] as number, this.rulePools(zone), 'mixed', `${zone.toLowerCase()}-r`));
    });
    const boundarySplit = splitCount(rng, filler - intraCount, mnBoundary.length);
    mnBoundary.forEach((acl, i) => {
      const [from, to] = acl.name.split('-to-') as [string, string];
      const inner = (from === 'MN' ? to : from) as string;
      const pools = this.rulePools('MN', inner === 'LG' || inner === 'INET' ? [`all-${inner}`] : [inner === 'X_SECCLOUD' ? 'seccloud-proxy' : inner === 'X_LGWAN' ? 'lgwan' : 'govcloud']);
      // Insert before the final broad deny so the narrow denies are not all shadowed by it.
      const last = acl.rules.pop() as RawRule;
      acl.rules.push(...fillerRules(rng, boundarySplit[i] as number, pools, 'deny-only', `${acl.name.toLowerCase().replace(/_/g, '-')}-r`), last);
    });
    return { kind: 'firewall', zone: 'INFRA', description: 'core zone firewall (UTM): routes between all zones; isolation is its policy', interfaces, routes, acls };
  }

  private inZoneAcls(fw: { name: string; zone: SiteZone; protects: string[] }): RawAcl[] {
    const rng = this.rng.fork(fw.name);
    const essentialPolicy: RawRule[] = [
      // All interfaces are in one zone, so outbound and inbound meet the same zone-pair ACL.
      { name: 'outbound', action: 'permit', src: fw.protects, dst: 'any', service: 'any' },
      { name: 'infra', action: 'permit', src: `all-${fw.zone}`, dst: fw.protects, service: 'svc-infra' },
      { name: 'office', action: 'permit', src: `all-${fw.zone}`, dst: fw.protects, service: 'svc-office' },
    ];
    const essentialIngress: RawRule[] = [
      { name: 'deny-bogons', action: 'deny', src: 'bogons', dst: 'any', log: true },
    ];
    const filler = this.o.rulesPerFirewall - essentialPolicy.length - essentialIngress.length;
    const ingressFiller = Math.round(filler * 0.1);
    const pools = this.rulePools(fw.zone, fw.protects);
    return [
      { name: 'policy', bind: { fromZone: fw.zone, toZone: fw.zone }, default: 'deny', rules: [...essentialPolicy, ...fillerRules(rng, filler - ingressFiller, pools, 'mixed', 'p')] },
      { name: 'ingress', bind: { interface: 'uplink', direction: 'in' }, default: 'permit', rules: [...essentialIngress, ...fillerRules(rng, ingressFiller, pools, 'mixed', 'i')] },
    ];
  }

  private renderInZone(name: string, fw: { zone: SiteZone; protects: string[] }, acls: RawAcl[], standby: boolean): RawNode {
    const backbone = `${fw.zone.toLowerCase()}-backbone`;
    const interfaces: Record<string, { segment: string; address: string }> = { uplink: { segment: backbone, address: this.addressOn(backbone, name, 'uplink') } };
    for (const s of fw.protects) interfaces[s] = { segment: s, address: this.addressOn(s, name, s) };
    return {
      kind: 'firewall',
      description: standby ? `standby of the ${fw.zone} in-zone firewall (same policy)` : `${fw.zone} in-zone firewall`,
      interfaces,
      routes: [{ prefix: '0.0.0.0/0', via: this.addressOn(backbone, 'fw-core', backbone) }],
      acls,
      tags: standby ? ['in-zone', 'standby'] : ['in-zone'],
    };
  }

  private renderBranchRouter(rt: { name: string; zone: SiteZone; site: string; segments: string[] }): RawNode {
    const backbone = `${rt.zone.toLowerCase()}-backbone`;
    const interfaces: Record<string, { segment: string; address: string }> = { uplink: { segment: backbone, address: this.addressOn(backbone, rt.name, 'uplink') } };
    for (const s of rt.segments) interfaces[s] = { segment: s, address: this.addressOn(s, rt.name, s) };
    return { kind: 'router', site: rt.site, description: `${rt.zone} router at ${rt.site}`, interfaces, routes: [{ prefix: '0.0.0.0/0', via: this.addressOn(backbone, 'fw-core', backbone) }] };
  }

  /** Route back to a zone's address block through the gateway router of the segment a gateway side sits on. */
  private backRoute(zone: AddressBlock, segment: string): RawRoute {
    return { prefix: ADDRESS_BLOCKS[zone], via: this.gatewayAddress(segment) as string };
  }

  private renderLinesAndGateways(): Record<string, RawNode> {
    const o = this.o;
    const iface = (segment: string, node: string, name: string) => ({ segment, address: this.addressOn(segment, node, name) });
    const fwCoreOnWan = this.addressOn('mn-wan', 'fw-core', 'mn-wan');
    const fwCoreOnGcLine = this.addressOn('mn-gc-line', 'fw-core', 'mn-gc-line');
    const nodes: Record<string, RawNode> = {
      'dl-juki': {
        kind: 'dedicated-line', provider: 'J-LIS', description: '専用線 to 住基ネット',
        interfaces: { mn: iface('mn-wan', 'dl-juki', 'mn'), juki: iface('juki-link', 'dl-juki', 'juki') },
        routes: [{ prefix: EXTERNAL_SPACE.juki, via: this.addressOn('juki-link', 'juki', 'edge') }, { prefix: ADDRESS_BLOCKS.MN, via: fwCoreOnWan }],
      },
      'dl-govcloud': {
        kind: 'dedicated-line', provider: 'closed carrier line', description: '専用線 to the Government Cloud MN area',
        interfaces: { mn: iface('mn-gc-line', 'dl-govcloud', 'mn'), gc: iface('gc-systems', 'dl-govcloud', 'gc') },
        routes: [{ prefix: ADDRESS_BLOCKS.MN, via: fwCoreOnGcLine }],
      },
      'relay-chukan': {
        kind: 'relay', description: '中継 to 中間サーバー: only 宛名 and the connector, HTTPS only',
        interfaces: { mn: iface(RELAY_SEGMENTS['relay-chukan'], 'relay-chukan', 'mn'), lgwan: iface('chukan-link', 'relay-chukan', 'lgwan') },
        allow: RELAY_SENDERS['relay-chukan'].map((src) => ({ src, service: 'svc-https', mac: this.macOf(src) })),
        onward: { to: 'chukan-platform', service: 'svc-https' },
      },
    };
    const st = this.screenTransferName();
    const clipboard = { clientToHost: false, hostToClient: o.insecure === 'clipboard-to-inet' };
    const off = { clientToHost: false, hostToClient: false };
    const [clientSeg, hostSeg] = o.model === 'alpha' ? ['lg-servers', 'inet-dmz'] : ['inet-dmz', 'lg-servers'];
    nodes[st] = {
      kind: 'screen-transfer',
      description: o.model === 'alpha' ? '画面転送 LG→INET virtual browser farm' : '画面転送 INET→LG VDI farm',
      clientSide: 'client', hostSide: 'host',
      interfaces: { client: iface(clientSeg, st, 'client'), host: iface(hostSeg, st, 'host') },
      routes: [this.backRoute(o.model === 'alpha' ? 'LG' : 'INET', clientSeg)],
      protocols: 'svc-rdp', targets: 'display-hosts',
      redirection: { clipboard, file: off, drive: off, printer: off },
    };
    if (o.model !== 'alpha') {
      nodes['relay-lgwan-data'] = {
        kind: 'relay', description: 'LG→INET data only from LGWAN mail / LGWAN-ASP (β/β′ measure)',
        interfaces: { lg: iface(RELAY_SEGMENTS['relay-lgwan-data'], 'relay-lgwan-data', 'lg'), inet: iface('inet-dmz', 'relay-lgwan-data', 'inet') },
        routes: [this.backRoute('INET', 'inet-dmz')],
        allow: RELAY_SENDERS['relay-lgwan-data'].map((src) => ({ src, service: 'svc-https', mac: this.macOf(src) })),
        onward: { to: 'inet-file-server', service: 'svc-smb' },
        carries: ['lgwan-mail', 'lgwan-asp'],
      };
    }
    nodes['sanitiser-files'] = {
      kind: 'sanitiser', method: 'cdr', description: 'file 無害化 INET→LG',
      inSide: 'in', outSide: 'out',
      interfaces: { in: iface('inet-dmz', 'sanitiser-files', 'in'), out: iface('lg-servers', 'sanitiser-files', 'out') },
      routes: [this.backRoute('INET', 'inet-dmz')],
      accepts: 'svc-https', targets: 'lg-file-server', targetServices: 'svc-smb',
    };
    nodes['mail-textify'] = {
      kind: 'mail-relay', sanitise: 'text-extract', description: 'メールテキスト化 INET mail → LGWAN mail',
      clientSide: 'client', upstreamSide: 'upstream',
      interfaces: { client: iface('inet-dmz', 'mail-textify', 'client'), upstream: iface('lg-servers', 'mail-textify', 'upstream') },
      routes: [this.backRoute('INET', 'inet-dmz')],
      accepts: 'svc-smtp', targets: 'lgwan-mail', targetServices: 'svc-smtp',
    };
    nodes['seccloud-proxy'] = {
      kind: 'proxy', description: 'prefecture security cloud proxy (Internet egress)',
      clientSide: 'client', upstreamSide: 'upstream',
      interfaces: { client: iface('seccloud-uplink', 'seccloud-proxy', 'client'), upstream: iface('internet-edge', 'seccloud-proxy', 'upstream') },
      routes: [
        { prefix: ADDRESS_BLOCKS.INET, via: this.addressOn('seccloud-uplink', 'fw-core', 'seccloud-uplink') },
        { prefix: '0.0.0.0/0', via: this.addressOn('internet-edge', 'internet', 'edge') },
      ],
      accepts: 'svc-proxy', targets: 'any', targetServices: 'svc-web',
    };
    return nodes;
  }

  private renderExternals(): Record<string, RawNode> {
    const edge = (segment: string, node: string) => ({ edge: { segment, address: this.addressOn(segment, node, 'edge') } });
    const cloudUsers: AddressBlock = this.o.model === 'beta-prime' ? 'INET' : 'LG';
    return {
      internet: { kind: 'external', description: 'the Internet', owns: EXTERNAL_SPACE.internet, interfaces: edge('internet-edge', 'internet') },
      lgwan: {
        kind: 'external', description: 'LGWAN (LGWAN-ASP, LGWAN mail)', owns: EXTERNAL_SPACE.lgwan, interfaces: edge('lgwan-uplink', 'lgwan'),
        routes: [{ prefix: ADDRESS_BLOCKS.LG, via: this.addressOn('lgwan-uplink', 'fw-core', 'lgwan-uplink') }],
      },
      'chukan-platform': { kind: 'external', description: '中間サーバー・プラットフォーム', owns: EXTERNAL_SPACE.chukan, interfaces: edge('chukan-link', 'chukan-platform') },
      juki: {
        kind: 'external', description: '住基ネット (都道府県/全国サーバ)', owns: EXTERNAL_SPACE.juki, interfaces: edge('juki-link', 'juki'),
        routes: [{ prefix: ADDRESS_BLOCKS.MN, via: this.addressOn('juki-link', 'dl-juki', 'juki') }],
      },
      govcloud: {
        kind: 'external', description: 'Government Cloud, non-MN tenants', owns: EXTERNAL_SPACE.govcloud, interfaces: edge('govcloud-link', 'govcloud'),
        routes: [{ prefix: ADDRESS_BLOCKS[cloudUsers], via: this.addressOn('govcloud-link', 'fw-core', 'govcloud-link') }],
      },
    };
  }

  private renderSystem(s: SystemPlan): RawNode {
    const inet = s.zone === 'INET';
    const gateway = this.gatewayAddress(s.segment);
    const relay = this.relaySegmentOf(s.name);
    return {
      kind: 'host',
      role: 'server',
      interfaces: {
        eth0: { segment: s.segment, address: this.addressOn(s.segment, s.name, 'eth0') },
        ...(relay === undefined ? {} : { relay: { segment: relay, address: this.addressOn(relay, s.name, 'relay'), mac: this.macOf(s.name) } }),
      },
      ...(gateway === undefined ? {} : { gateway }),
      listens: s.name.includes('mail') ? ['svc-smtp', 'svc-https'] : s.name.includes('file-server') ? 'svc-smb' : 'svc-web',
      tags: ['business-system'],
      inventory: {
        systemName: s.systemName,
        confidentiality: s.confidentiality,
        holdsResidentData: s.holdsResidentData,
        environment: s.zone === 'MN_GC' ? 'cloud' : 'onprem',
        epp: true,
        edr: inet || this.o.model !== 'alpha',
        assetManagement: true,
        patching: true,
        logCollection: inet && this.o.model === 'beta-prime',
        accessControl: s.name.includes('file-server') || s.name === 'document-mgmt' ? 'section' : undefined,
      },
    };
  }

  private renderPool(p: (typeof this.pools)[number]): RawNode {
    const gateway = this.gatewayAddress(p.segment);
    const mn = p.zone === 'MN';
    return {
      kind: 'host',
      role: p.role,
      count: p.count,
      description: p.purpose,
      interfaces: { eth0: { segment: p.segment, address: this.addressOn(p.segment, p.name, 'eth0') } },
      ...(gateway === undefined ? {} : { gateway }),
      ...(p.role === 'server' ? { listens: 'svc-rdp', tags: ['screen-transfer-seats'] } : { tags: ['terminal-pool'] }),
      inventory: mn
        ? { epp: true, twoFactorAuth: true, exportBlocked: true, wlan: 'none' }
        : { epp: true, edr: p.zone === 'INET' || this.o.model !== 'alpha', assetManagement: true, patching: true, holdsResidentData: false },
    };
  }
}

function blockOf(s: SegmentPlan): AddressBlock {
  return s.zone === 'MN' || s.zone === 'MN_GC' || s.zone === 'LG' || s.zone === 'INET' ? s.zone : 'LINK';
}

/**
 * Splits `total` into `parts` non-negative integers that sum to `total`, each at least 1 when
 * `total >= parts`, with random weights (so pools differ in size).
 */
export function splitCount(rng: Rng, total: number, parts: number): number[] {
  if (parts <= 0) return [];
  const out = new Array<number>(parts).fill(0);
  const floor = total >= parts ? 1 : 0;
  let remaining = total;
  if (floor) {
    out.fill(1);
    remaining -= parts;
  } else {
    for (let i = 0; i < total; i++) out[i] = 1;
    return out;
  }
  const weights = out.map(() => 0.5 + rng.next());
  const sum = weights.reduce((a, b) => a + b, 0);
  let given = 0;
  for (let i = 0; i < parts; i++) {
    const share = Math.floor((remaining * (weights[i] as number)) / sum);
    out[i] = (out[i] as number) + share;
    given += share;
  }
  for (let left = remaining - given; left > 0; left--) {
    const i = rng.int(0, parts - 1);
    out[i] = (out[i] as number) + 1;
  }
  return out;
}
