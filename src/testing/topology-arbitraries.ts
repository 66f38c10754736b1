/**
 * fast-check arbitraries for property tests elsewhere: options for the municipality generator, and
 * small random topologies for cross-checking engines (simulator / symbolic / emulation).
 *
 * Both draw plain numbers and booleans and build the topology in a `map`, so fast-check shrinks the
 * numbers and every shrunk value is still a valid topology (no filter, no retry).
 */
import fc from 'fast-check';
import { renderDiagnostics } from '../diagnostics/diagnostic.js';
import { formatIpv4, maskOf } from '../net/ipv4.js';
import { SANITISE_METHODS, type RawAcl, type RawNode, type RawRoute, type RawRule, type TopologyFile } from '../topology/format.js';
import {
  GENERATED_MODELS, INSECURE_KINDS, minimumRulesPerFirewall, minimumSegments, REQUIRED_SYSTEMS, type MunicipalityOptions,
} from '../topology/generate/options.js';
import { resolveGeneratedTopology } from '../topology/generate/resolve-generated.js';
import type { Topology } from '../topology/model.js';

export interface MunicipalityArbitraryLimits {
  readonly maxStaff?: number;
  readonly maxFirewalls?: number;
  readonly maxRulesPerFirewall?: number;
  readonly maxSites?: number;
  /** Also draw an injected leak (default: never, so the network is the secure baseline). */
  readonly insecure?: boolean;
}

/** Options that `generateMunicipality` accepts; left-out options use the size-class defaults. */
export function arbitraryMunicipalityOptions(limits: MunicipalityArbitraryLimits = {}): fc.Arbitrary<MunicipalityOptions> {
  const maybe = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined, freq: 3 });
  return fc
    .record({
      staff: fc.integer({ min: 10, max: limits.maxStaff ?? 3000 }),
      model: fc.constantFrom(...GENERATED_MODELS),
      seed: fc.integer({ min: 0, max: 0x7fffffff }),
      firewalls: fc.integer({ min: 1, max: limits.maxFirewalls ?? 6 }),
      sites: fc.integer({ min: 1, max: limits.maxSites ?? 5 }),
      extraSegments: maybe(fc.integer({ min: 0, max: 30 })),
      extraSystems: maybe(fc.integer({ min: 0, max: 80 })),
      extraRules: fc.integer({ min: 0, max: Math.max(0, (limits.maxRulesPerFirewall ?? 200) - minimumRulesPerFirewall('acl-opens-mn')) }),
      explicit: fc.record({ firewalls: fc.boolean(), sites: fc.boolean(), rules: fc.boolean() }),
      insecure: limits.insecure ? maybe(fc.constantFrom(...INSECURE_KINDS)) : fc.constant(undefined),
    })
    .map((d) => {
      const firewalls = d.explicit.firewalls || d.extraSegments !== undefined ? d.firewalls : undefined;
      const sites = d.explicit.sites || d.extraSegments !== undefined ? d.sites : undefined;
      return {
        staff: d.staff,
        model: d.model,
        seed: d.seed,
        firewalls,
        sites,
        segments: d.extraSegments === undefined ? undefined : minimumSegments(d.sites, d.firewalls) + d.extraSegments,
        systems: d.extraSystems === undefined ? undefined : REQUIRED_SYSTEMS + d.extraSystems,
        rulesPerFirewall: d.explicit.rules ? minimumRulesPerFirewall(d.insecure) + d.extraRules : undefined,
        insecure: d.insecure,
      };
    });
}

// ---- small topologies ------------------------------------------------------------------------------

const ZONES = { MN: 'MN', LG: 'LG', INET: 'INET', EXT: 'INTERNET' } as const;
const ZONE_NAMES = Object.keys(ZONES) as (keyof typeof ZONES)[];
const MAX_SEGMENTS = 6;

type AddrSpec =
  | { t: 'any' }
  | { t: 'segment'; i: number }
  | { t: 'host'; i: number }
  | { t: 'object'; i: number }
  | { t: 'prefix'; ip: number; length: number }
  | { t: 'address'; segment: number; octet: number };

type SvcSpec =
  | { t: 'any' }
  | { t: 'range'; proto: 'tcp' | 'udp'; a: number; b: number }
  | { t: 'port'; proto: 'tcp' | 'udp'; port: number }
  | { t: 'icmp'; type: number | undefined; code: number | undefined }
  | { t: 'object'; i: number }
  | { t: 'gre' };

type RuleSpec =
  | { t: 'fresh'; permit: boolean; src: AddrSpec; dst: AddrSpec; svc: SvcSpec; log: boolean }
  /** Same match as an earlier rule (so it is shadowed), maybe narrowed in service, maybe the opposite action. */
  | { t: 'copy'; of: number; flip: boolean; svc: SvcSpec };

const port = fc.oneof(fc.constantFrom(0, 1, 22, 443, 1023, 1024, 3389, 65534, 65535), fc.integer({ min: 0, max: 65535 }));

const addrSpec: fc.Arbitrary<AddrSpec> = fc.oneof(
  fc.constant({ t: 'any' as const }),
  fc.record({ t: fc.constant('segment' as const), i: fc.nat(MAX_SEGMENTS - 1) }),
  fc.record({ t: fc.constant('host' as const), i: fc.nat(3) }),
  fc.record({ t: fc.constant('object' as const), i: fc.nat(1) }),
  fc.record({ t: fc.constant('prefix' as const), ip: fc.oneof(fc.integer({ min: 0x0a000000, max: 0x0a0006ff }), fc.nat({ max: 0xffffffff })), length: fc.integer({ min: 8, max: 32 }) }),
  fc.record({ t: fc.constant('address' as const), segment: fc.nat(MAX_SEGMENTS - 1), octet: fc.integer({ min: 1, max: 254 }) }),
);

const svcSpec: fc.Arbitrary<SvcSpec> = fc.oneof(
  fc.constant({ t: 'any' as const }),
  fc.record({ t: fc.constant('range' as const), proto: fc.constantFrom('tcp' as const, 'udp' as const), a: port, b: port }),
  fc.record({ t: fc.constant('port' as const), proto: fc.constantFrom('tcp' as const, 'udp' as const), port }),
  fc.record({ t: fc.constant('icmp' as const), type: fc.option(fc.constantFrom(0, 3, 8, 11), { nil: undefined }), code: fc.option(fc.constantFrom(0, 1, 4), { nil: undefined }) }),
  fc.record({ t: fc.constant('object' as const), i: fc.nat(1) }),
  fc.constant({ t: 'gre' as const }),
);

const ruleSpec: fc.Arbitrary<RuleSpec> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ t: fc.constant('fresh' as const), permit: fc.boolean(), src: addrSpec, dst: addrSpec, svc: svcSpec, log: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('copy' as const), of: fc.nat(7), flip: fc.boolean(), svc: svcSpec }) },
);

const aclSpec = fc.record({
  bind: fc.oneof(
    fc.record({ t: fc.constant('interface' as const), i: fc.nat(MAX_SEGMENTS - 1), out: fc.boolean() }),
    fc.record({ t: fc.constant('zones' as const), from: fc.nat(ZONE_NAMES.length - 1), to: fc.nat(ZONE_NAMES.length - 1) }),
  ),
  defaultPermit: fc.boolean(),
  rules: fc.array(ruleSpec, { maxLength: 8 }),
});

const routeSpec = fc.record({
  dest: fc.oneof(
    fc.record({ t: fc.constant('segment' as const), i: fc.nat(MAX_SEGMENTS - 1) }),
    fc.constant({ t: 'default' as const }),
    fc.record({ t: fc.constant('prefix' as const), ip: fc.nat({ max: 0xffffffff }), length: fc.integer({ min: 8, max: 32 }) }),
  ),
  target: fc.constantFrom('via' as const, 'drop' as const, 'interface' as const),
  pick: fc.nat(7),
});

const filterSpec = fc.record({
  firewall: fc.boolean(),
  stateless: fc.boolean(),
  attach: fc.array(fc.boolean(), { minLength: MAX_SEGMENTS, maxLength: MAX_SEGMENTS }),
  routes: fc.array(routeSpec, { maxLength: 3 }),
  acls: fc.array(aclSpec, { maxLength: 3 }),
  /** Strict uRPF on the interface to segment i, about one interface in four (shrinks to none). */
  urpf: fc.array(fc.constantFrom(false, false, false, true), { minLength: MAX_SEGMENTS, maxLength: MAX_SEGMENTS }),
});

const hostSpec = fc.record({
  segment: fc.nat(MAX_SEGMENTS - 1),
  server: fc.boolean(),
  count: fc.integer({ min: 1, max: 3 }),
  gateway: fc.boolean(),
  listens: fc.option(svcSpec, { nil: undefined }),
});

const sides = fc.record({ a: fc.nat(MAX_SEGMENTS - 1), b: fc.nat(MAX_SEGMENTS - 1) });
const gatewaysSpec = fc.record({
  screenTransfer: fc.option(fc.record({ sides, clipboard: fc.boolean() }), { nil: undefined }),
  sanitiser: fc.option(fc.record({ sides, method: fc.constantFrom(...SANITISE_METHODS) }), { nil: undefined }),
  relay: fc.option(sides, { nil: undefined }),
  proxy: fc.option(sides, { nil: undefined }),
  mailRelay: fc.option(fc.record({ sides, textify: fc.boolean() }), { nil: undefined }),
  pep: fc.option(fc.record({ sides, permit: fc.boolean() }), { nil: undefined }),
  dedicatedLine: fc.option(sides, { nil: undefined }),
  // `back`: a route of the external for one segment, via a router on its own segment (for the Internet, more
  // specific than the 0.0.0.0/0 it owns, so it wins by longest prefix).
  external: fc.option(fc.record({ segment: fc.nat(MAX_SEGMENTS - 1), internet: fc.boolean(), back: fc.option(fc.nat(MAX_SEGMENTS - 1), { nil: undefined }) }), { nil: undefined }),
});

export const smallTopologySpec = fc.record({
  segmentZones: fc.array(fc.nat(ZONE_NAMES.length - 1), { minLength: 2, maxLength: MAX_SEGMENTS }),
  filters: fc.array(filterSpec, { minLength: 1, maxLength: 3 }),
  hosts: fc.array(hostSpec, { maxLength: 4 }),
  gateways: gatewaysSpec,
  objects: fc.boolean(),
});
export type SmallTopologySpec = ReturnType<typeof smallTopologySpec.generate>['value'];

/**
 * Random small valid topologies: 2–6 segments (10.0.i.0/24) in zones MN/LG/INET/EXT, 1–3 routers or
 * firewalls with random routes, ACLs (overlapping, shadowed and contradicting rules, boundary ports) and
 * sometimes strict uRPF on an interface,
 * up to 4 hosts or pools, and optionally one gateway of each kind, a dedicated line and an external network.
 */
export function arbitrarySmallTopology(): fc.Arbitrary<TopologyFile> {
  return smallTopologySpec.map(buildSmallTopology);
}

/** Addresses: filter j on segment i is 10.0.i.(1+j); host h from 10.0.i.(100+5h); gateway kind k is 10.0.i.(200+k). */
export function buildSmallTopology(spec: SmallTopologySpec): TopologyFile {
  const n = spec.segmentZones.length;
  const segName = (i: number): string => `s${i % n}`;
  const net = (i: number, octet: number): string => `10.0.${i % n}.${octet}`;
  const zones: NonNullable<TopologyFile['zones']> = {};
  for (const z of ZONE_NAMES) zones[z] = { class: ZONES[z] };
  const segments: NonNullable<TopologyFile['segments']> = {};
  spec.segmentZones.forEach((z, i) => {
    segments[`s${i}`] = { zone: ZONE_NAMES[z] as string, prefix: `10.0.${i}.0/24` };
  });

  const hostNames = spec.hosts.map((_, h) => `h${h}`);
  const attachedOf = spec.filters.map((f, j) => {
    const on = f.attach.map((b, i) => (b && i < n ? i : -1)).filter((i) => i >= 0);
    return on.length ? on : [j % n];
  });
  const filterName = (j: number): string => `f${j}`;

  const addr = (a: AddrSpec): string => {
    switch (a.t) {
      case 'any': return 'any';
      case 'segment': return segName(a.i);
      case 'host': return hostNames.length ? (hostNames[a.i % hostNames.length] as string) : segName(a.i);
      case 'object': return spec.objects ? (a.i ? 'grp-b' : 'grp-a') : 'any';
      case 'prefix': return `${formatIpv4((a.ip & maskOf(a.length)) >>> 0)}/${a.length}`;
      case 'address': return net(a.segment, a.octet);
    }
  };
  const svc = (s: SvcSpec): string => {
    switch (s.t) {
      case 'any': return 'any';
      case 'range': return `${s.proto}/${Math.min(s.a, s.b)}-${Math.max(s.a, s.b)}`;
      case 'port': return `${s.proto}/${s.port}`;
      case 'icmp': return s.type === undefined ? 'icmp' : s.code === undefined ? `icmp/${s.type}` : `icmp/${s.type}/${s.code}`;
      case 'object': return spec.objects ? (s.i ? 'svc-b' : 'svc-a') : 'any';
      case 'gre': return 'gre';
    }
  };

  const nodes: Record<string, RawNode> = {};
  spec.filters.forEach((f, j) => {
    const on = attachedOf[j] as number[];
    const interfaces: Record<string, { segment: string; address: string; urpf?: 'strict' }> = {};
    for (const i of on) interfaces[`e${i}`] = { segment: segName(i), address: net(i, 1 + j), ...(f.urpf[i] ? { urpf: 'strict' as const } : {}) };
    const neighbours: string[] = [];
    spec.filters.forEach((_, k) => {
      if (k !== j) for (const i of on) if ((attachedOf[k] as number[]).includes(i)) neighbours.push(net(i, 1 + k));
    });
    // A route for a prefix the filter is connected to would never be used (TOPO061): such routes are left out.
    const connected = new Set(on.map((i) => `10.0.${i % n}.0/24`));
    const routes = f.routes.flatMap((r): RawRoute[] => {
      const prefix = r.dest.t === 'default' ? '0.0.0.0/0' : r.dest.t === 'segment' ? `10.0.${r.dest.i % n}.0/24` : `${formatIpv4((r.dest.ip & maskOf(r.dest.length)) >>> 0)}/${r.dest.length}`;
      if (connected.has(prefix)) return [];
      if (r.target === 'via' && neighbours.length) return [{ prefix, via: neighbours[r.pick % neighbours.length] as string }];
      if (r.target === 'interface') return [{ prefix, interface: `e${on[r.pick % on.length] as number}` }];
      return [{ prefix, drop: true }];
    });
    const seen = new Set<string>();
    const acls: RawAcl[] = [];
    f.acls.forEach((a, k) => {
      const bind = a.bind.t === 'interface'
        ? { interface: `e${on[a.bind.i % on.length] as number}`, direction: a.bind.out ? ('out' as const) : ('in' as const) }
        : { fromZone: ZONE_NAMES[a.bind.from] as string, toZone: ZONE_NAMES[a.bind.to] as string };
      const key = JSON.stringify(bind);
      if (seen.has(key)) return; // one ACL per binding keeps the meaning obvious
      seen.add(key);
      const rules: RawRule[] = [];
      a.rules.forEach((r, m) => {
        const earlier = rules.length ? rules[r.t === 'copy' ? r.of % rules.length : 0] : undefined;
        if (r.t === 'copy' && earlier) {
          const action = r.flip ? (earlier.action === 'permit' ? 'deny' : 'permit') : earlier.action;
          // Narrow the service only when the earlier rule matched every service, so the copy stays covered.
          const service = earlier.service === 'any' ? svc(r.svc) : earlier.service;
          rules.push({ name: `r${m}`, action, src: earlier.src, dst: earlier.dst, service });
        } else if (r.t === 'fresh') {
          rules.push({ name: `r${m}`, action: r.permit ? 'permit' : 'deny', src: addr(r.src), dst: addr(r.dst), service: svc(r.svc), ...(r.log ? { log: true } : {}) });
        } else {
          rules.push({ name: `r${m}`, action: r.flip ? 'deny' : 'permit', src: 'any', dst: 'any', service: svc(r.svc) });
        }
      });
      acls.push({ name: `acl${k}`, bind, default: a.defaultPermit ? 'permit' : 'deny', rules });
    });
    // An explicit zone (that of the first interface) keeps multi-zone filters free of the TOPO060 warning.
    const firstSegment = Object.values(interfaces)[0]?.segment;
    const zone = firstSegment === undefined ? undefined : segments[firstSegment]?.zone;
    const common = { ...(zone ? { zone } : {}), interfaces, ...(routes.length ? { routes } : {}), ...(acls.length ? { acls } : {}) };
    nodes[filterName(j)] = f.firewall ? { kind: 'firewall', ...(f.stateless ? { stateful: false } : {}), ...common } : { kind: 'router', ...common };
  });

  spec.hosts.forEach((h, k) => {
    const i = h.segment % n;
    const router = spec.filters.findIndex((_, j) => (attachedOf[j] as number[]).includes(i));
    nodes[hostNames[k] as string] = {
      kind: 'host',
      role: h.server ? 'server' : 'terminal',
      ...(h.count > 1 ? { count: h.count } : {}),
      interfaces: { eth0: { segment: segName(i), address: net(i, 100 + 5 * k) } },
      ...(h.gateway && router >= 0 ? { gateway: net(i, 1 + router) } : {}),
      ...(h.listens ? { listens: svc(h.listens) } : {}),
    };
  });

  const g = spec.gateways;
  const pair = (s: { a: number; b: number }): [number, number] => {
    const a = s.a % n;
    const b = s.b % n === a ? (a + 1) % n : s.b % n;
    return [a, b];
  };
  const two = (k: number, s: { a: number; b: number }, x: string, y: string) => {
    const [a, b] = pair(s);
    return { a, b, interfaces: { [x]: { segment: segName(a), address: net(a, 200 + k) }, [y]: { segment: segName(b), address: net(b, 200 + k) } } };
  };
  const hostOn = (i: number): string => {
    const k = spec.hosts.findIndex((h) => h.segment % n === i);
    return k >= 0 ? (hostNames[k] as string) : segName(i);
  };
  if (g.screenTransfer) {
    const t = two(0, g.screenTransfer.sides, 'client', 'host');
    const off = { clientToHost: false, hostToClient: false };
    nodes.st = {
      kind: 'screen-transfer', clientSide: 'client', hostSide: 'host', interfaces: t.interfaces, protocols: 'tcp/3389', targets: hostOn(t.b),
      redirection: { clipboard: { clientToHost: false, hostToClient: g.screenTransfer.clipboard }, file: off, drive: off, printer: off },
    };
  }
  if (g.sanitiser) {
    const t = two(1, g.sanitiser.sides, 'in', 'out');
    nodes.sanitiser = { kind: 'sanitiser', inSide: 'in', outSide: 'out', interfaces: t.interfaces, method: g.sanitiser.method, accepts: 'tcp/443', targets: hostOn(t.b), targetServices: 'tcp/445' };
  }
  if (g.relay) {
    const t = two(2, g.relay, 'a', 'b');
    nodes.relay = { kind: 'relay', interfaces: t.interfaces, allow: [{ src: segName(t.a), service: 'tcp/443' }], onward: { to: hostOn(t.b), service: 'tcp/443' } };
  }
  if (g.proxy) {
    const t = two(3, g.proxy, 'client', 'upstream');
    nodes.proxy = { kind: 'proxy', clientSide: 'client', upstreamSide: 'upstream', interfaces: t.interfaces, accepts: 'tcp/8080', targets: 'any', targetServices: ['tcp/80', 'tcp/443'] };
  }
  if (g.mailRelay) {
    const t = two(4, g.mailRelay.sides, 'client', 'upstream');
    nodes['mail-relay'] = {
      kind: 'mail-relay', clientSide: 'client', upstreamSide: 'upstream', interfaces: t.interfaces, accepts: 'tcp/25', targets: hostOn(t.b), targetServices: 'tcp/25',
      ...(g.mailRelay.textify ? { sanitise: 'text-extract' as const } : {}),
    };
  }
  if (g.pep) {
    const t = two(5, g.pep.sides, 'client', 'resource');
    nodes.pep = {
      kind: 'zt-pep', clientSide: 'client', resourceSide: 'resource', interfaces: t.interfaces, accepts: 'tcp/443', default: 'deny', logging: true,
      rules: [{ name: 'staff', action: g.pep.permit ? 'permit' : 'deny', userRoles: ['staff'], devicePostures: ['managed'], resources: segName(t.b), service: 'tcp/443' }],
    };
  }
  if (g.dedicatedLine) {
    const t = two(6, g.dedicatedLine, 'a', 'b');
    nodes.line = { kind: 'dedicated-line', interfaces: t.interfaces };
  }
  if (g.external) {
    const i = g.external.segment % n;
    const back = g.external.back === undefined ? undefined : g.external.back % n;
    const router = spec.filters.findIndex((_, j) => (attachedOf[j] as number[]).includes(i));
    const routes = back !== undefined && back !== i && router >= 0 ? [{ prefix: `10.0.${back}.0/24`, via: net(i, 1 + router) }] : [];
    nodes.ext = {
      kind: 'external', owns: g.external.internet ? '0.0.0.0/0' : '198.51.100.0/24', interfaces: { edge: { segment: segName(i), address: net(i, 207) } },
      ...(routes.length ? { routes } : {}),
    };
  }

  return {
    segproof: 1,
    name: 'small',
    zones,
    segments,
    ...(spec.objects
      ? { objects: { addresses: { 'grp-a': [segName(0), '192.0.2.0/24'], 'grp-b': ['grp-a', segName(1)] }, services: { 'svc-a': ['tcp/80', 'udp/53'], 'svc-b': ['svc-a', 'icmp/8', 'tcp/1024-65535'] } } }
      : {}),
    nodes,
  };
}

/**
 * The same small topologies, resolved into the immutable model every engine reads. A topology that
 * does not resolve is a bug in this generator, so it throws with the diagnostics.
 */
export function arbitrarySmallResolvedTopology(): fc.Arbitrary<Topology> {
  return arbitrarySmallTopology().map((file) => {
    const loaded = resolveGeneratedTopology(file, 'small.yaml');
    if (!loaded.ok) throw new Error(`arbitrarySmallTopology produced an invalid topology:\n${renderDiagnostics([...loaded.diagnostics])}`);
    return loaded.topology;
  });
}
