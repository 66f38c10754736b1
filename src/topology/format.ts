/**
 * The topology file format: the single source of truth. The loader validates against it and
 * `schema/topology.schema.json` is generated from it (`npm run schema`).
 *
 * Values that need more than structure (addresses, prefixes, services, references) are plain
 * strings here and are checked by the resolver, which knows where each one came from.
 */
import { z } from 'zod';

export const FORMAT_VERSION = 1;

export const NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const name = () => z.string().regex(NAME_PATTERN);
const text = () => z.string();
/** Address references: a literal address or prefix, `any`, or the name of an address object, segment or node. */
const addressRefs = () => z.union([z.string(), z.array(z.string())]);
/** Service references: `tcp/443`, `udp/1000-2000`, `icmp/8`, `any`, or the name of a service object. */
const serviceRefs = () => z.union([z.string(), z.array(z.string())]);

export const ZONE_CLASSES = [
  'MN', 'MN_GC', 'LG', 'INET',
  'INTERNET', 'LGWAN', 'JUKI', 'GOVCLOUD', 'GOVNW', 'SECCLOUD', 'GSS', 'SAAS',
  'TRANSIT',
] as const;
export type ZoneClass = (typeof ZONE_CLASSES)[number];

export const MODELS = ['alpha', 'alpha-prime', 'beta', 'beta-prime', 'zero-trust-2030'] as const;
export type SegmentationModel = (typeof MODELS)[number];

export const GUIDELINE_VERSIONS = ['H30.9', 'R2.12', 'R4.3', 'R5.3', 'R6.10', 'R7.3'] as const;
export type GuidelineVersion = (typeof GUIDELINE_VERSIONS)[number];

export const SANITISE_METHODS = ['text-extract', 'image-pdf', 'cdr', 'sandbox-release'] as const;
export type SanitiseMethod = (typeof SANITISE_METHODS)[number];

const inventory = z
  .strictObject({
    systemName: text().optional(),
    owner: z
      .strictObject({ org: text().optional(), department: text().optional(), contact: text().optional(), email: text().optional(), phone: text().optional() })
      .optional(),
    softwareName: text().optional(),
    vendor: text().optional(),
    confidentiality: z.union([z.literal(1), z.literal(2), z.literal(3)]).optional().meta({ description: '機密性 class 1-3' }),
    holdsResidentData: z.boolean().optional().meta({ description: 'stores 住民情報' }),
    epp: z.boolean().optional(),
    edr: z.boolean().optional(),
    logCollection: z.boolean().optional().meta({ description: 'operation logs collected into SIEM/monitoring' }),
    assetManagement: z.boolean().optional(),
    patching: z.boolean().optional(),
    twoFactorAuth: z.boolean().optional(),
    exportBlocked: z.boolean().optional(),
    wlan: z.enum(['none', 'wpa-enterprise', 'eap-tls']).optional(),
    accessControl: z.enum(['none', 'section', 'subsection']).optional().meta({ description: '課室 (section) or 係 (subsection) level access control' }),
    environment: z.enum(['onprem', 'dc', 'cloud']).optional(),
    targetSegment: z.enum(['MN', 'LG', 'INET']).optional(),
    desiredMigrationDate: text().optional(),
    annualCostJPY: z.number().nonnegative().optional(),
    remoteMaintenanceViaInternet: z.boolean().optional(),
    notes: text().optional(),
  })
  .meta({ description: 'Survey-form (調査表) attributes used by policy invariants' });

const inheritable = {
  group: name().optional().meta({ description: 'name of an entry in `groups` whose settings this node inherits' }),
  zone: name().optional().meta({ description: 'zone of the node; defaults to the zone of its first interface segment' }),
  site: text().optional(),
  description: text().optional(),
  tags: z.array(text()).optional(),
  inventory: inventory.optional(),
};

const interfaceDef = z.strictObject({
  segment: name(),
  address: text().optional().meta({ description: 'IPv4 address inside the segment' }),
  vrf: name().optional().meta({ description: 'logical network; defaults to the segment\'s' }),
  mac: z.string().regex(/^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$/).optional(),
  urpf: z.enum(['strict']).optional().meta({
    description: 'anti-spoofing on a router or firewall interface: a packet entering here is dropped unless the route back to its source leaves by this interface (strict uRPF). Without it, senders on the segment are assumed to forge any source address.',
  }),
  description: text().optional(),
});
const interfaces = z.record(name(), interfaceDef);

/** What a gateway hands on: source systems or data classes, checked against the separation matrix. */
const carries = z
  .array(name())
  .min(1)
  .optional()
  .meta({ description: 'content the gateway carries (e.g. lgwan-mail, lgwan-asp, payroll); β/β′ allow LG → INET relaying only of lgwan-mail and lgwan-asp' });

const route = z.strictObject({
  prefix: text(),
  via: text().optional().meta({ description: 'next-hop address on a connected segment' }),
  interface: name().optional().meta({ description: 'exit interface for a directly attached route' }),
  drop: z.boolean().optional().meta({ description: 'null route: matching packets are discarded' }),
  vrf: name().optional(),
});

const leak = z.strictObject({
  from: name(),
  to: name(),
  prefixes: addressRefs().meta({ description: 'destinations in `from` that become reachable from `to`' }),
  description: text().optional(),
});

const rule = z.strictObject({
  name: name(),
  action: z.enum(['permit', 'deny']),
  src: addressRefs().optional(),
  dst: addressRefs().optional(),
  service: serviceRefs().optional(),
  description: text().optional(),
  log: z.boolean().optional(),
});

const aclBinding = z.union([
  z.strictObject({ interface: name(), direction: z.enum(['in', 'out']) }),
  z.strictObject({ fromZone: name(), toZone: name() }),
]);

const acl = z.strictObject({
  name: name(),
  bind: aclBinding,
  default: z.enum(['permit', 'deny']).meta({ description: 'action when no rule matches; always explicit' }),
  rules: z.array(rule),
  description: text().optional(),
});

const nat = z.strictObject({
  name: name(),
  type: z.enum(['source', 'destination']),
  interface: name().meta({ description: 'source NAT: egress interface; destination NAT: ingress interface' }),
  src: addressRefs().optional(),
  dst: addressRefs().optional(),
  service: serviceRefs().optional(),
  translateTo: text().meta({ description: 'new source (source NAT) or destination (destination NAT) address' }),
  translatePort: z.number().int().min(0).max(65535).optional(),
});

const routing = {
  interfaces,
  routes: z.array(route).optional(),
  leaks: z.array(leak).optional(),
};

const host = z.strictObject({
  kind: z.literal('host'),
  role: z.enum(['terminal', 'server']).optional().meta({ description: 'required, here or inherited from defaults or a group' }),
  count: z.number().int().min(1).optional().meta({ description: 'a pool of identical hosts on consecutive addresses' }),
  gateway: text().optional().meta({ description: 'default gateway address' }),
  listens: serviceRefs().optional().meta({ description: 'services the host answers (for emulation responders)' }),
  identity: z.strictObject({ userRole: text().optional(), devicePosture: text().optional() }).optional(),
  ...routing,
  ...inheritable,
});

const firewallLike = {
  ...routing,
  acls: z.array(acl).optional(),
  nat: z.array(nat).optional(),
  ...inheritable,
};

const router = z.strictObject({ kind: z.literal('router'), ...firewallLike });
const firewall = z.strictObject({
  kind: z.literal('firewall'),
  stateful: z.boolean().optional().meta({ description: 'return traffic of accepted sessions passes (default true)' }),
  ...firewallLike,
});

const redirectionPair = z.strictObject({ clientToHost: z.boolean().optional(), hostToClient: z.boolean().optional() });
const screenTransfer = z.strictObject({
  kind: z.literal('screen-transfer'),
  clientSide: name().meta({ description: 'interface facing the clients' }),
  hostSide: name().meta({ description: 'interface facing the session hosts' }),
  protocols: serviceRefs().meta({ description: 'display protocols served to clients, e.g. tcp/3389' }),
  targets: addressRefs().meta({ description: 'session hosts the gateway may open sessions to' }),
  targetServices: serviceRefs().optional().meta({ description: 'services used towards targets (default: protocols)' }),
  redirection: z
    .strictObject({ clipboard: redirectionPair.optional(), file: redirectionPair.optional(), drive: redirectionPair.optional(), printer: redirectionPair.optional() })
    .optional(),
  ...routing,
  ...inheritable,
});

const sanitiser = z.strictObject({
  kind: z.literal('sanitiser'),
  inSide: name(),
  outSide: name(),
  method: z.enum(SANITISE_METHODS),
  accepts: serviceRefs().meta({ description: 'services accepted on the in side (e.g. tcp/25, tcp/443)' }),
  targets: addressRefs().meta({ description: 'where sanitised objects are delivered on the out side' }),
  targetServices: serviceRefs(),
  carries,
  ...routing,
  ...inheritable,
});

const relayAllow = z.strictObject({
  src: addressRefs(),
  dst: addressRefs().optional().meta({ description: 'default: the relay itself' }),
  service: serviceRefs(),
  mac: z.string().regex(/^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$/).optional(),
});
const relay = z.strictObject({
  kind: z.literal('relay'),
  allow: z.array(relayAllow).min(1),
  onward: z.strictObject({ to: addressRefs(), service: serviceRefs() }),
  carries,
  ...routing,
  ...inheritable,
});

const appGateway = (kind: 'proxy' | 'mail-relay') =>
  z.strictObject({
    kind: z.literal(kind),
    clientSide: name(),
    upstreamSide: name(),
    accepts: serviceRefs(),
    targets: addressRefs().meta({ description: 'destinations the gateway forwards to' }),
    targetServices: serviceRefs(),
    sanitise: z.enum(SANITISE_METHODS).optional().meta({ description: 'mail text-ization etc.; output is sanitised data' }),
    carries,
    ...routing,
    ...inheritable,
  });

const pepRule = z.strictObject({
  name: name(),
  action: z.enum(['permit', 'deny']),
  userRoles: z.array(text()).optional(),
  devicePostures: z.array(text()).optional(),
  dataClasses: z.array(text()).optional(),
  resources: addressRefs(),
  service: serviceRefs().optional(),
});
const pep = z.strictObject({
  kind: z.literal('zt-pep'),
  clientSide: name(),
  resourceSide: name(),
  accepts: serviceRefs(),
  dataClass: z.record(name(), text()).optional().meta({ description: 'data class of each resource (address object or node name)' }),
  rules: z.array(pepRule),
  default: z.enum(['permit', 'deny']),
  logging: z.boolean().optional(),
  ...routing,
  ...inheritable,
});

const dedicatedLine = z.strictObject({
  kind: z.literal('dedicated-line'),
  provider: text().optional(),
  ...routing,
  ...inheritable,
});

const external = z.strictObject({
  kind: z.literal('external'),
  owns: addressRefs().meta({ description: 'addresses this external network stands for (e.g. 0.0.0.0/0 for the Internet)' }),
  ...routing,
  ...inheritable,
});

export const NODE_SCHEMAS = {
  host,
  router,
  firewall,
  'screen-transfer': screenTransfer,
  sanitiser,
  relay,
  proxy: appGateway('proxy'),
  'mail-relay': appGateway('mail-relay'),
  'zt-pep': pep,
  'dedicated-line': dedicatedLine,
  external,
} as const;
export type NodeKind = keyof typeof NODE_SCHEMAS;
export const NODE_KINDS = Object.keys(NODE_SCHEMAS) as NodeKind[];

const nodeSchema = z.discriminatedUnion('kind', [
  host, router, firewall, screenTransfer, sanitiser, relay, appGateway('proxy'), appGateway('mail-relay'), pep, dedicatedLine, external,
]);

/** Settings any node may inherit from `defaults` or a group. */
const inheritedSettings = z.strictObject({
  zone: name().optional(),
  site: text().optional(),
  tags: z.array(text()).optional(),
  inventory: inventory.optional(),
  role: z.enum(['terminal', 'server']).optional(),
  stateful: z.boolean().optional(),
  gateway: text().optional(),
  identity: z.strictObject({ userRole: text().optional(), devicePosture: text().optional() }).optional(),
});

const sections = {
  include: z.array(text()).optional().meta({ description: 'further files, relative to this one, merged into the topology' }),
  zones: z.record(name(), z.strictObject({ class: z.enum(ZONE_CLASSES), description: text().optional() })).optional(),
  logicalNetworks: z
    .record(name(), z.strictObject({ description: text().optional(), tenant: text().optional() }))
    .optional()
    .meta({ description: 'VRFs carried over a shared backbone; `default` always exists' }),
  segments: z
    .record(
      name(),
      z.strictObject({
        zone: name(),
        prefix: text(),
        vlan: z.number().int().min(1).max(4094).optional(),
        vrf: name().optional(),
        site: text().optional(),
        description: text().optional(),
      }),
    )
    .optional(),
  objects: z
    .strictObject({
      addresses: z.record(name(), addressRefs()).optional(),
      services: z.record(name(), serviceRefs()).optional(),
    })
    .optional(),
  defaults: z
    .strictObject({ all: inheritedSettings.optional(), ...Object.fromEntries(NODE_KINDS.map((k) => [k, inheritedSettings.optional()])) })
    .optional()
    .meta({ description: 'settings applied to every node, then per kind' }),
  groups: z.record(name(), inheritedSettings).optional(),
  nodes: z.record(name(), nodeSchema).optional(),
  imports: z
    .array(
      z.strictObject({
        format: text(),
        files: z.array(text()),
        partial: z.boolean().meta({ description: 'verdict-changing lines were not understood: results built on this file are partial' }),
        unknownVerdictChanging: z.number().int().nonnegative(),
      }),
    )
    .optional()
    .meta({ description: 'written by `segproof import`: which device configurations this file was made from' }),
};

/** The main file. */
export const topologyFileSchema = z
  .strictObject({
    segproof: z.literal(FORMAT_VERSION).meta({ description: 'format version' }),
    name: name(),
    description: text().optional(),
    model: z.enum(MODELS).optional(),
    guidelineVersion: z.enum(GUIDELINE_VERSIONS).optional(),
    ...sections,
  })
  .meta({ title: 'segproof topology', description: 'A segmented network: zones, segments, nodes, policies.' });

/** A file pulled in with `include:` holds sections only. */
export const includeFileSchema = z.strictObject({ ...sections });

export type TopologyFile = z.infer<typeof topologyFileSchema>;
export type IncludeFile = z.infer<typeof includeFileSchema>;
export type RawNode = z.infer<typeof nodeSchema>;
export type RawAcl = z.infer<typeof acl>;
export type RawRule = z.infer<typeof rule>;
export type RawNat = z.infer<typeof nat>;
export type RawRoute = z.infer<typeof route>;
export type RawLeak = z.infer<typeof leak>;
export type RawInterface = z.infer<typeof interfaceDef>;
export type RawInventory = z.infer<typeof inventory>;
export type RawInheritedSettings = z.infer<typeof inheritedSettings>;

export function topologyJsonSchema(): unknown {
  return z.toJSONSchema(topologyFileSchema, { target: 'draft-2020-12' });
}
