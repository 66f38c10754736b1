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
    systemName: text().optional().meta({ description: 'name of the business system (業務システム名)' }),
    owner: z
      .strictObject({ org: text().optional().meta({ description: 'organisation' }), department: text().optional().meta({ description: 'department (課)' }), contact: text().optional().meta({ description: 'person to contact' }), email: text().optional().meta({ description: 'e-mail address' }), phone: text().optional().meta({ description: 'telephone number' }) })
      .optional().meta({ description: 'who is responsible for the system (organisation, department, contact, e-mail, phone)' }),
    softwareName: text().optional().meta({ description: 'product name' }),
    vendor: text().optional().meta({ description: 'vendor or maintainer' }),
    confidentiality: z.union([z.literal(1), z.literal(2), z.literal(3)]).optional().meta({ description: '機密性 class 1-3' }),
    holdsResidentData: z.boolean().optional().meta({ description: 'stores 住民情報' }),
    epp: z.boolean().optional().meta({ description: 'endpoint protection (EPP) installed' }),
    edr: z.boolean().optional().meta({ description: 'endpoint detection and response (EDR) installed' }),
    logCollection: z.boolean().optional().meta({ description: 'operation logs collected into SIEM/monitoring' }),
    assetManagement: z.boolean().optional().meta({ description: 'registered in asset management' }),
    patching: z.boolean().optional().meta({ description: 'security patches applied under a managed process' }),
    twoFactorAuth: z.boolean().optional().meta({ description: 'two-factor authentication at login' }),
    exportBlocked: z.boolean().optional().meta({ description: 'export of data to removable media blocked' }),
    wlan: z.enum(['none', 'wpa-enterprise', 'eap-tls']).optional().meta({ description: 'wireless LAN use and its authentication' }),
    accessControl: z.enum(['none', 'section', 'subsection']).optional().meta({ description: '課室 (section) or 係 (subsection) level access control' }),
    environment: z.enum(['onprem', 'dc', 'cloud']).optional().meta({ description: 'where the system runs: on premises, a data centre or a cloud' }),
    targetSegment: z.enum(['MN', 'LG', 'INET']).optional().meta({ description: 'the segment the system is to be placed in after migration' }),
    desiredMigrationDate: text().optional().meta({ description: 'when the owner wants the system migrated' }),
    annualCostJPY: z.number().nonnegative().optional().meta({ description: 'annual running cost in yen' }),
    remoteMaintenanceViaInternet: z.boolean().optional().meta({ description: 'the vendor maintains the system remotely over the Internet' }),
    notes: text().optional().meta({ description: 'free text' }),
  })
  .meta({ description: 'Survey-form (調査表) attributes used by policy invariants' });

const inheritable = {
  group: name().optional().meta({ description: 'name of an entry in `groups` whose settings this node inherits' }),
  zone: name().optional().meta({ description: 'zone of the node; defaults to the zone of its first interface segment' }),
  site: text().optional().meta({ description: 'where the node stands (a building, a data centre)' }),
  description: text().optional().meta({ description: 'free text shown in reports' }),
  tags: z.array(text()).optional().meta({ description: 'labels for selecting and grouping nodes' }),
  inventory: inventory.optional(),
};

const interfaceDef = z.strictObject({
  segment: name().meta({ description: 'the segment the interface is attached to' }),
  address: text().optional().meta({ description: 'IPv4 address inside the segment' }),
  vrf: name().optional().meta({ description: 'logical network; defaults to the segment\'s' }),
  mac: z.string().regex(/^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$/).optional().meta({ description: 'MAC address (emulation and relays that pin senders by MAC)' }),
  urpf: z.enum(['strict']).optional().meta({
    description: 'anti-spoofing on a router or firewall interface: a packet entering here is dropped unless the route back to its source leaves by this interface (strict uRPF). Without it, senders on the segment are assumed to forge any source address.',
  }),
  description: text().optional().meta({ description: 'free text' }),
});
const interfaces = z.record(name(), interfaceDef).meta({ description: 'interfaces by name' });

/** What a gateway hands on: source systems or data classes, checked against the separation matrix. */
const carries = z
  .array(name())
  .min(1)
  .optional()
  .meta({ description: 'content the gateway carries (e.g. lgwan-mail, lgwan-asp, payroll); β/β′ allow LG → INET relaying only of lgwan-mail and lgwan-asp' });

const route = z.strictObject({
  prefix: text().meta({ description: 'destination prefix, e.g. 0.0.0.0/0' }),
  via: text().optional().meta({ description: 'next-hop address on a connected segment' }),
  interface: name().optional().meta({ description: 'exit interface for a directly attached route' }),
  drop: z.boolean().optional().meta({ description: 'null route: matching packets are discarded' }),
  vrf: name().optional().meta({ description: 'logical network of the route (default: that of the next hop\'s or exit interface, else default)' }),
});

const leak = z.strictObject({
  from: name().meta({ description: 'logical network whose routes are leaked' }),
  to: name().meta({ description: 'logical network that may use them' }),
  prefixes: addressRefs().meta({ description: 'destinations in `from` that become reachable from `to`' }),
  description: text().optional().meta({ description: 'free text' }),
});

const rule = z.strictObject({
  name: name().meta({ description: 'rule name, reported as the deciding rule' }),
  action: z.enum(['permit', 'deny']).meta({ description: 'what a match does' }),
  src: addressRefs().optional().meta({ description: 'sources matched (address references; absent: any)' }),
  dst: addressRefs().optional().meta({ description: 'destinations matched (address references; absent: any)' }),
  service: serviceRefs().optional().meta({ description: 'services matched (service references; absent: any)' }),
  description: text().optional().meta({ description: 'free text' }),
  log: z.boolean().optional().meta({ description: 'the device logs matches (for `segproof lint` and flow replay)' }),
});

const aclBinding = z.union([
  z.strictObject({ interface: name().meta({ description: 'interface the ACL is bound to' }), direction: z.enum(['in', 'out']).meta({ description: 'in: packets entering; out: packets leaving' }) }),
  z.strictObject({ fromZone: name().meta({ description: 'zone of the ingress segment' }), toZone: name().meta({ description: 'zone of the egress segment' }) }),
]).meta({ description: 'an interface and direction, or a zone pair' });

const acl = z.strictObject({
  name: name().meta({ description: 'ACL name' }),
  bind: aclBinding,
  default: z.enum(['permit', 'deny']).meta({ description: 'action when no rule matches; always explicit' }),
  rules: z.array(rule).meta({ description: 'in order: the first rule that matches decides' }),
  description: text().optional().meta({ description: 'free text' }),
});

const nat = z.strictObject({
  name: name().meta({ description: 'translation name' }),
  type: z.enum(['source', 'destination']).meta({ description: 'which address is translated' }),
  interface: name().meta({ description: 'source NAT: egress interface; destination NAT: ingress interface' }),
  src: addressRefs().optional().meta({ description: 'sources translated (absent: any)' }),
  dst: addressRefs().optional().meta({ description: 'destinations translated (absent: any)' }),
  service: serviceRefs().optional().meta({ description: 'services translated (absent: any)' }),
  translateTo: text().meta({ description: 'new source (source NAT) or destination (destination NAT) address' }),
  translatePort: z.number().int().min(0).max(65535).optional().meta({ description: 'new port (destination NAT)' }),
});

const routing = {
  interfaces,
  routes: z.array(route).optional().meta({ description: 'static routes' }),
  leaks: z.array(leak).optional().meta({ description: 'route leaks between logical networks on this node' }),
};

const host = z.strictObject({
  kind: z.literal('host'),
  role: z.enum(['terminal', 'server']).optional().meta({ description: 'required, here or inherited from defaults or a group' }),
  count: z.number().int().min(1).optional().meta({ description: 'a pool of identical hosts on consecutive addresses' }),
  gateway: text().optional().meta({ description: 'default gateway address' }),
  listens: serviceRefs().optional().meta({ description: 'services the host answers (for emulation responders)' }),
  identity: z.strictObject({ userRole: text().optional().meta({ description: 'role of the user, matched by PEP rules' }), devicePosture: text().optional().meta({ description: 'posture of the device, matched by PEP rules' }) }).optional().meta({ description: 'user role and device posture a zero-trust PEP judges' }),
  ...routing,
  ...inheritable,
});

const firewallLike = {
  ...routing,
  acls: z.array(acl).optional().meta({ description: 'access lists, each bound to an interface direction or a zone pair' }),
  nat: z.array(nat).optional().meta({ description: 'address translations' }),
  ...inheritable,
};

const router = z.strictObject({ kind: z.literal('router'), ...firewallLike });
const firewall = z.strictObject({
  kind: z.literal('firewall'),
  stateful: z.boolean().optional().meta({ description: 'return traffic of accepted sessions passes', default: true }),
  ...firewallLike,
});

const redirectionPair = z
  .strictObject({ clientToHost: z.boolean().optional().meta({ description: 'from the client to the session host' }), hostToClient: z.boolean().optional().meta({ description: 'from the session host to the client' }) })
  .meta({ description: 'the directions this redirection is allowed in (absent: neither)' });
const screenTransfer = z.strictObject({
  kind: z.literal('screen-transfer'),
  clientSide: name().meta({ description: 'interface facing the clients' }),
  hostSide: name().meta({ description: 'interface facing the session hosts' }),
  protocols: serviceRefs().meta({ description: 'display protocols served to clients, e.g. tcp/3389' }),
  targets: addressRefs().meta({ description: 'session hosts the gateway may open sessions to' }),
  targetServices: serviceRefs().optional().meta({ description: 'services used towards targets (default: protocols)' }),
  redirection: z
    .strictObject({ clipboard: redirectionPair.optional(), file: redirectionPair.optional(), drive: redirectionPair.optional(), printer: redirectionPair.optional() })
    .optional().meta({ description: 'redirections the gateway allows, per channel and direction (absent: none)' }),
  ...routing,
  ...inheritable,
});

const sanitiser = z.strictObject({
  kind: z.literal('sanitiser'),
  inSide: name().meta({ description: 'interface receiving objects to sanitise' }),
  outSide: name().meta({ description: 'interface delivering sanitised objects' }),
  method: z.enum(SANITISE_METHODS).meta({ description: 'how objects are sanitised' }),
  accepts: serviceRefs().meta({ description: 'services accepted on the in side (e.g. tcp/25, tcp/443)' }),
  targets: addressRefs().meta({ description: 'where sanitised objects are delivered on the out side' }),
  targetServices: serviceRefs().meta({ description: 'services used towards the targets' }),
  carries,
  ...routing,
  ...inheritable,
});

const relayAllow = z.strictObject({
  src: addressRefs().meta({ description: 'senders accepted' }),
  dst: addressRefs().optional().meta({ description: 'default: the relay itself' }),
  service: serviceRefs().meta({ description: 'services accepted' }),
  mac: z.string().regex(/^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$/).optional().meta({ description: 'sender MAC address the relay pins: it refuses frames that come through a router, not a host on the segment of the relay, which can write any MAC (give the relay and its senders a VLAN of their own)' }),
});
const relay = z.strictObject({
  kind: z.literal('relay'),
  allow: z.array(relayAllow).min(1).meta({ description: 'the (source, destination, service) tuples the relay accepts' }),
  onward: z.strictObject({ to: addressRefs().meta({ description: 'where accepted data is forwarded' }), service: serviceRefs().meta({ description: 'services used onward' }) }).meta({ description: 'where and how the relay hands data on' }),
  carries,
  ...routing,
  ...inheritable,
});

const appGateway = (kind: 'proxy' | 'mail-relay') =>
  z.strictObject({
    kind: z.literal(kind),
    clientSide: name().meta({ description: 'interface facing the clients' }),
    upstreamSide: name().meta({ description: 'interface towards the targets' }),
    accepts: serviceRefs().meta({ description: 'services accepted from clients' }),
    targets: addressRefs().meta({ description: 'destinations the gateway forwards to' }),
    targetServices: serviceRefs().meta({ description: 'services used towards the targets' }),
    sanitise: z.enum(SANITISE_METHODS).optional().meta({ description: 'mail text-ization etc.; output is sanitised data' }),
    carries,
    ...routing,
    ...inheritable,
  });

const pepRule = z.strictObject({
  name: name().meta({ description: 'rule name' }),
  action: z.enum(['permit', 'deny']).meta({ description: 'what a match does' }),
  userRoles: z.array(text()).optional().meta({ description: 'user roles matched (absent: any)' }),
  devicePostures: z.array(text()).optional().meta({ description: 'device postures matched (absent: any)' }),
  dataClasses: z.array(text()).optional().meta({ description: 'data classes of the resource matched (absent: any)' }),
  resources: addressRefs().meta({ description: 'resources the rule covers' }),
  service: serviceRefs().optional().meta({ description: 'services matched (absent: any)' }),
});
const pep = z.strictObject({
  kind: z.literal('zt-pep'),
  clientSide: name().meta({ description: 'interface facing the clients' }),
  resourceSide: name().meta({ description: 'interface facing the resources' }),
  accepts: serviceRefs().meta({ description: 'services accepted from clients' }),
  dataClass: z.record(name(), text()).optional().meta({ description: 'data class of each resource (address object or node name)' }),
  rules: z.array(pepRule).meta({ description: 'in order: the first rule that matches decides' }),
  default: z.enum(['permit', 'deny']).meta({ description: 'decision when no rule matches' }),
  logging: z.boolean().optional().meta({ description: 'the PEP logs every access decision' }),
  ...routing,
  ...inheritable,
});

const dedicatedLine = z.strictObject({
  kind: z.literal('dedicated-line'),
  provider: text().optional().meta({ description: 'carrier of the line' }),
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
  zone: name().optional().meta({ description: 'zone of the node' }),
  site: text().optional().meta({ description: 'where the node stands' }),
  tags: z.array(text()).optional().meta({ description: 'labels' }),
  inventory: inventory.optional(),
  role: z.enum(['terminal', 'server']).optional().meta({ description: 'role of hosts' }),
  stateful: z.boolean().optional().meta({ description: 'whether firewalls are stateful' }),
  gateway: text().optional().meta({ description: 'default gateway address of hosts' }),
  identity: z.strictObject({ userRole: text().optional().meta({ description: 'role of the user, matched by PEP rules' }), devicePosture: text().optional().meta({ description: 'posture of the device, matched by PEP rules' }) }).optional().meta({ description: 'user role and device posture of hosts' }),
}).meta({ description: 'settings a node inherits where it does not set them itself' });

const sections = {
  include: z.array(text()).optional().meta({ description: 'further files, relative to this one, merged into the topology' }),
  zones: z.record(name(), z.strictObject({ class: z.enum(ZONE_CLASSES).meta({ description: 'the zone class the separation matrix judges the zone by' }), description: text().optional().meta({ description: 'free text' }) })).optional().meta({ description: 'security zones by name' }),
  logicalNetworks: z
    .record(name(), z.strictObject({ description: text().optional().meta({ description: 'free text' }), tenant: text().optional().meta({ description: 'the body (tenant) the logical network belongs to' }) }))
    .optional()
    .meta({ description: 'VRFs carried over a shared backbone; `default` always exists' }),
  segments: z
    .record(
      name(),
      z.strictObject({
        zone: name().meta({ description: 'zone of the segment' }),
        prefix: text().meta({ description: 'IPv4 prefix of the segment, e.g. 10.10.10.0/24' }),
        vlan: z.number().int().min(1).max(4094).optional().meta({ description: 'VLAN ID' }),
        vrf: name().optional().meta({ description: 'logical network of the segment (default: default)' }),
        site: text().optional().meta({ description: 'where the segment is' }),
        description: text().optional().meta({ description: 'free text' }),
      }),
    )
    .optional().meta({ description: 'layer-2 segments by name: one prefix, one zone, one logical network' }),
  objects: z
    .strictObject({
      addresses: z.record(name(), addressRefs()).optional().meta({ description: 'named address sets (address references)' }),
      services: z.record(name(), serviceRefs()).optional().meta({ description: 'named service sets (service references)' }),
    })
    .optional().meta({ description: 'named address and service sets that rules and properties refer to' }),
  defaults: z
    .strictObject({ all: inheritedSettings.optional(), ...Object.fromEntries(NODE_KINDS.map((k) => [k, inheritedSettings.optional()])) })
    .optional()
    .meta({ description: 'settings applied to every node, then per kind' }),
  groups: z.record(name(), inheritedSettings).optional().meta({ description: 'named settings a node takes with `group:`' }),
  nodes: z.record(name(), nodeSchema).optional(),
  imports: z
    .array(
      z.strictObject({
        format: text().meta({ description: 'the import format (iptables-save, cisco-ios …)' }),
        files: z.array(text()).meta({ description: 'the configuration files read' }),
        partial: z.boolean().meta({ description: 'verdict-changing lines were not understood: results built on this file are partial' }),
        unknownVerdictChanging: z.number().int().nonnegative().meta({ description: 'how many verdict-changing lines were not understood' }),
      }),
    )
    .optional()
    .meta({ description: 'written by `segproof import`: which device configurations this file was made from' }),
};

/** The main file. */
export const topologyFileSchema = z
  .strictObject({
    segproof: z.literal(FORMAT_VERSION).meta({ description: 'format version' }),
    name: name().meta({ description: 'the topology\'s name in reports' }),
    description: text().optional().meta({ description: 'free text' }),
    model: z.enum(MODELS).optional().meta({ description: 'segmentation model: selects the invariant pack and the separation matrix (absent: scenario properties only)' }),
    guidelineVersion: z.enum(GUIDELINE_VERSIONS).optional().meta({ description: 'edition of the guideline the network follows' }),
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

/**
 * The main and include file formats as one JSON Schema that says only what is valid (no descriptions,
 * shared parts as $defs): what format-check.ts checks a file against without loading zod.
 */
export function formatCheckSchema(): unknown {
  const both = z.strictObject({ topology: topologyFileSchema, include: includeFileSchema });
  return withoutAnnotations(z.toJSONSchema(both, { target: 'draft-2020-12', reused: 'ref' }));
}

const ANNOTATIONS = new Set(['$schema', 'title', 'description', 'default', 'examples']);

/** A JSON Schema without the keywords that annotate and do not validate (property names are kept whatever they are). */
function withoutAnnotations(schema: unknown, inNames = false): unknown {
  if (Array.isArray(schema)) return schema.map((s) => withoutAnnotations(s));
  if (schema === null || typeof schema !== 'object') return schema;
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (!inNames && ANNOTATIONS.has(key)) continue;
    kept[key] = withoutAnnotations(value, !inNames && (key === 'properties' || key === '$defs'));
  }
  return kept;
}
