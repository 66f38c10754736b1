/**
 * Short examples for docs/topology-format.md, one per section and node kind. The generator checks
 * each against the format before writing it, so an example the format no longer accepts stops
 * `npm run docs` instead of reaching the reader.
 */
import type { NodeKind } from '../../src/topology/format.js';

export const TOP_LEVEL_EXAMPLE = `segproof: 1
name: small-town
description: α model town hall
model: alpha
guidelineVersion: R6.10
include: [parts/mn.yaml]
zones:
  LG: { class: LG }
`;

export const SECTION_EXAMPLES = {
  include: `include:
  - parts/mn.yaml          # relative to the file that includes it
  - parts/firewalls.yaml
`,
  zones: `zones:
  MN: { class: MN, description: マイナンバー利用事務系 }
  LG: { class: LG }
  INTERNET: { class: INTERNET }
`,
  logicalNetworks: `logicalNetworks:
  town_a: { tenant: 甲市, description: VRF of town A on the shared backbone }
`,
  segments: `segments:
  mn_servers: { zone: MN, prefix: 10.10.10.0/24, vlan: 110, site: 本庁舎 }
  a_users: { zone: LG, prefix: 10.20.0.0/24, vrf: town_a }
`,
  objects: `objects:
  addresses:
    MN_SERVERS: 10.10.10.0/24
    ADMIN_HOSTS: [10.20.0.10, 10.20.0.11]
  services:
    HTTPS: tcp/443
    SMB: [tcp/445, tcp/139]
`,
  defaults: `defaults:
  all: { site: 本庁舎 }
  host: { role: terminal }
  firewall: { stateful: true }
`,
  groups: `groups:
  mn_terminal:
    zone: MN
    role: terminal
    inventory: { epp: true, twoFactorAuth: true, exportBlocked: true }
`,
  imports: `imports:                 # written by segproof import, not by hand
  - format: cisco-ios
    files: [configs/core-fw.cfg]
    partial: false
    unknownVerdictChanging: 0
`,
} as const;

export const NODE_EXAMPLES: Record<NodeKind, string> = {
  host: `nodes:
  mn-terminals:
    kind: host
    role: terminal
    count: 40                # 10.10.20.10 … 10.10.20.49
    gateway: 10.10.20.1
    interfaces: { eth0: { segment: mn_terminals, address: 10.10.20.10 } }
`,
  router: `nodes:
  core-router:
    kind: router
    interfaces:
      lan: { segment: lg_users, address: 10.20.0.1, urpf: strict }
      up: { segment: transit, address: 10.0.0.2 }
    routes:
      - { prefix: 0.0.0.0/0, via: 10.0.0.1 }
      - { prefix: 10.99.0.0/16, drop: true }
`,
  firewall: `nodes:
  core-fw:
    kind: firewall
    interfaces:
      mn: { segment: mn_uplink, address: 10.10.255.1 }
      lg: { segment: lg_uplink, address: 10.20.255.1 }
    acls:
      - name: mn-to-lg
        bind: { fromZone: MN, toZone: LG }
        default: deny
        rules:
          - { name: chukan, action: permit, src: chukan-connector, dst: CHUKAN_PF, service: HTTPS, log: true }
    nat:
      - { name: lgwan-out, type: source, interface: lg, translateTo: 10.20.255.1 }
`,
  'screen-transfer': `nodes:
  vdi-gateway:
    kind: screen-transfer
    clientSide: inet
    hostSide: lg
    protocols: tcp/443
    targets: lg_vdi
    targetServices: tcp/3389
    redirection: { clipboard: { clientToHost: false, hostToClient: false } }
    interfaces:
      inet: { segment: inet_dmz, address: 10.30.5.10 }
      lg: { segment: lg_vdi_front, address: 10.20.5.10 }
`,
  sanitiser: `nodes:
  file-sanitiser:
    kind: sanitiser
    inSide: inet
    outSide: lg
    method: cdr
    accepts: tcp/443
    targets: lg-file
    targetServices: SMB
    interfaces:
      inet: { segment: inet_dmz, address: 10.30.5.20 }
      lg: { segment: lg_servers, address: 10.20.10.20 }
`,
  relay: `nodes:
  tokutei-relay:
    kind: relay
    allow:
      - { src: ELTAX_LGWAN_RELAY, service: HTTPS }
    onward: { to: shinsei-kanri, service: HTTPS }
    carries: [eltax-application]
    interfaces:
      lgwan: { segment: lgwan_access, address: 10.40.0.30 }
      mn: { segment: mn_servers, address: 10.10.10.30 }
`,
  proxy: `nodes:
  city-proxy:
    kind: proxy
    clientSide: inet
    upstreamSide: seccloud
    accepts: tcp/8080
    targets: seccloud-proxy
    targetServices: tcp/8080
    interfaces:
      inet: { segment: inet_servers, address: 10.30.10.5 }
      seccloud: { segment: seccloud_link, address: 10.250.0.5 }
`,
  'mail-relay': `nodes:
  mail-textizer:
    kind: mail-relay
    clientSide: inet
    upstreamSide: lg
    accepts: tcp/25
    targets: lgwan-mail
    targetServices: tcp/25
    sanitise: text-extract
    carries: [lgwan-mail]
    interfaces:
      inet: { segment: inet_servers, address: 10.30.10.25 }
      lg: { segment: lg_servers, address: 10.20.10.25 }
`,
  'zt-pep': `nodes:
  pep:
    kind: zt-pep
    clientSide: users
    resourceSide: apps
    accepts: tcp/443
    dataClass: { juki-app: resident }
    rules:
      - { name: staff-apps, action: permit, userRoles: [staff], devicePostures: [managed], dataClasses: [internal], resources: any }
    default: deny
    logging: true
    interfaces:
      users: { segment: staff, address: 10.60.0.2 }
      apps: { segment: apps, address: 10.61.0.2 }
`,
  'dedicated-line': `nodes:
  gc-line:
    kind: dedicated-line
    provider: 閉域網事業者
    interfaces:
      city: { segment: gc_line_mn, address: 10.10.250.2 }
      cloud: { segment: gc_line_cloud, address: 10.110.250.2 }
    routes:
      - { prefix: 10.110.0.0/16, via: 10.110.250.1 }
`,
  external: `nodes:
  internet:
    kind: external
    owns: 0.0.0.0/0
    interfaces: { edge: { segment: internet_edge, address: 203.0.113.1 } }
    routes:
      - { prefix: 10.0.0.0/8, via: 203.0.113.2 }
`,
};
