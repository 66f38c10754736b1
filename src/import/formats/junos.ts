/**
 * `segproof import junos`: a Junos router or SRX firewall, from `show configuration` (hierarchical)
 * or `show configuration | display set`.
 *
 * Order of processing on the SRX (flow mode), which is segproof's order: static NAT and destination
 * NAT → route lookup → zone-pair security policy, matching the translated destination and the
 * original source → source NAT on the way out. Policies are first match per (from-zone, to-zone),
 * ending in the default policy (deny-all unless `default-policy permit-all`), intra-zone traffic
 * included; the SRX is stateful. Firewall filters on interfaces (`family inet filter input|output`)
 * are stateless and apply on routers and SRX alike (`in`/`out` ACLs). Traffic to the SRX itself
 * passes only services named by `host-inbound-traffic` of the interface (else of its zone); the
 * loopback filter (`lo0 … filter input`) guards every packet addressed to the device.
 *
 * A device without `security` stanzas is a router: stateless, permitting what no filter denies.
 */
import type { AddressSet } from '../../net/address-set.js';
import { formatIpv4, parseIpv4 } from '../../net/ipv4.js';
import type { RawAcl, RawNat, RawNode, RawRoute } from '../../topology/format.js';
import { LineLedger } from '../ledger.js';
import { safeName } from '../names.js';
import type { DeviceImport, DeviceInterface, ImportOptions, Importer, InputFile } from '../types.js';
import { compileFilter, junosPort, junosProtocol, ICMP_TYPES, type CompiledFilter, type FilterTerm, type JunosFilter } from './junos-filter.js';
import { parseJunos, type JunosStatement } from './junos-parse.js';
import {
  ALL_ADDRESSES, EMPTY_SET, addressRefs, describeLine, intersectSet, prefixSet, rangeSet, renderRules, RuleNames, selfAccessAcl, subtractSet, unionSets, type DraftRule,
} from './junos-shared.js';

/** Predefined applications segproof knows (Junos `show applications predefined`). */
export const JUNOS_APPLICATIONS: Readonly<Record<string, readonly string[]>> = {
  any: ['any'],
  'junos-http': ['tcp/80'], 'junos-https': ['tcp/443'], 'junos-ssh': ['tcp/22'], 'junos-telnet': ['tcp/23'],
  'junos-ftp': ['tcp/21'], 'junos-tftp': ['udp/69'], 'junos-smtp': ['tcp/25'], 'junos-smtps': ['tcp/465'], 'junos-pop3': ['tcp/110'],
  'junos-imap': ['tcp/143'], 'junos-imaps': ['tcp/993'], 'junos-dns-udp': ['udp/53'], 'junos-dns-tcp': ['tcp/53'],
  'junos-ntp': ['udp/123'], 'junos-snmp-agentx': ['tcp/705'], 'junos-syslog': ['udp/514'], 'junos-ldap': ['tcp/389'],
  'junos-ping': ['icmp/8'], 'junos-icmp-ping': ['icmp/8'], 'junos-icmp-all': ['icmp'], 'junos-pingv6': [],
  'junos-smb': ['tcp/139', 'tcp/445'], 'junos-smb-session': ['tcp/445'], 'junos-ms-sql': ['tcp/1433'], 'junos-mysql': ['tcp/3306'],
  'junos-ike': ['udp/500'], 'junos-ike-nat': ['udp/4500'], 'junos-radius': ['udp/1812'], 'junos-bgp': ['tcp/179'],
  'junos-http-ext': ['tcp/7001'], 'junos-rdp': ['tcp/3389'], 'junos-ms-rdp': ['tcp/3389'], 'junos-gre': ['gre'], 'junos-ospf': ['89'],
  'junos-traceroute': ['udp/33434-33534', 'icmp'], 'junos-dhcp-relay': ['udp/67'], 'junos-dhcp-client': ['udp/68'], 'junos-ldaps': ['tcp/636'],
};

/** host-inbound-traffic system-services and protocols as services. */
const HOST_INBOUND: Readonly<Record<string, readonly string[]>> = {
  all: ['any'], 'any-service': ['any'], ping: ['icmp'], ssh: ['tcp/22'], telnet: ['tcp/23'], http: ['tcp/80'], https: ['tcp/443'],
  'web-management': ['tcp/80', 'tcp/443'], ftp: ['tcp/21'], tftp: ['udp/69'], snmp: ['udp/161'], 'snmp-trap': ['udp/162'], ntp: ['udp/123'],
  dns: ['udp/53', 'tcp/53'], dhcp: ['udp/67'], bootp: ['udp/67'], ike: ['udp/500', 'udp/4500'], netconf: ['tcp/830'],
  traceroute: ['udp/33434-33534', 'icmp'], 'xnm-clear-text': ['tcp/3221'], 'xnm-ssl': ['tcp/3220'], syslog: ['udp/514'],
  bgp: ['tcp/179'], ospf: ['89'], bfd: ['udp/3784-3785'], vrrp: ['112'], pim: ['103'], rip: ['udp/520'], ldp: ['tcp/646', 'udp/646'],
  igmp: ['2'], 'router-discovery': ['icmp'],
};

const IGNORED_TOP: Readonly<Record<string, string>> = {
  version: 'software version', chassis: 'chassis settings', snmp: 'SNMP (management)', 'event-options': 'event scripts settings',
  poe: 'power over Ethernet', 'ethernet-switching-options': 'layer-2 switching options', 'virtual-chassis': 'chassis clustering of switches',
  'class-of-service': 'queueing (no effect on a verdict)', 'multi-chassis': 'chassis clustering',
};

interface Unit {
  readonly name: string;
  address?: { cidr: string; line: number } | undefined;
  declared: number;
  description?: string | undefined;
  /** Filters each way, in order: `input-list`/`output-list` entries chain; `input`/`output` is one, at `single`. */
  readonly filters: { in: string[]; out: string[]; inLines: number[]; outLines: number[]; single: { in?: { at: number; s: JunosStatement }; out?: { at: number; s: JunosStatement } } };
  zone?: string | undefined;
  hostInbound?: string[] | undefined;
  /** The first `family inet6` statement of the unit: it takes part in IPv6. */
  inet6?: JunosStatement | undefined;
}

/** Stands for the zones of a global policy (never a zone name: it holds a space). */
const GLOBAL = 'global policies';

interface Policy {
  readonly name: string;
  readonly match: JunosStatement[];
  readonly then: JunosStatement[];
  readonly other: JunosStatement[];
}

class JunosImport {
  readonly ledger: LineLedger;
  readonly units = new Map<string, Unit>();
  readonly filters = new Map<string, JunosFilter>();
  readonly prefixLists = new Map<string, { set: AddressSet; line: number }>();
  readonly routes: RawRoute[] = [];
  readonly zones = new Map<string, { interfaces: string[]; hostInbound: string[]; line: number }>();
  readonly addressBook = new Map<string, { set: AddressSet; wide?: string | undefined } | { members: string[] }>();
  readonly applications = new Map<string, { services: string[]; wide?: string | undefined } | { members: string[] }>();
  readonly policies = new Map<string, Map<string, Policy>>();
  defaultPermit = false;
  security = false;
  hostname: string | undefined;
  readonly nat: JunosStatement[] = [];
  /** `security forwarding-options family inet6 mode drop|flow-based|packet-based` (SRX). */
  inet6Mode: { mode: string; s: JunosStatement } | undefined;
  /** Physical interfaces with `disable`. */
  readonly disabled = new Set<string>();

  constructor(readonly file: InputFile) {
    this.ledger = new LineLedger(file.path, file.text);
  }

  ok(s: JunosStatement): void {
    for (const l of s.lines) this.ledger.understood(l);
  }

  ignore(s: JunosStatement, reason: string): void {
    for (const l of s.lines) this.ledger.ignored(l, reason);
  }

  approx(s: JunosStatement, reason: string): void {
    for (const l of s.lines) this.ledger.approximated(l, reason);
  }

  unknown(s: JunosStatement, reason: string, verdictChanging = true): void {
    for (const l of s.lines) this.ledger.unknown(l, reason, verdictChanging);
  }

  unit(name: string, line: number): Unit {
    let u = this.units.get(name);
    if (!u) {
      u = { name, declared: line, filters: { in: [], out: [], inLines: [], outLines: [], single: {} } };
      this.units.set(name, u);
    }
    return u;
  }

  statement(s: JunosStatement): void {
    const w = s.words;
    const top = w[0] ?? '';
    if (IGNORED_TOP[top]) return this.ignore(s, IGNORED_TOP[top]);
    switch (top) {
      case 'system':
        if (w[1] === 'host-name' && w[2]) {
          this.hostname = w[2];
          return this.ok(s);
        }
        return this.ignore(s, 'system settings (login, management services, logging, NTP): no effect on forwarding');
      case 'interfaces':
        return this.interfaceStatement(s);
      case 'firewall':
        return this.firewallStatement(s);
      case 'policy-options':
        if (w[1] === 'prefix-list' && w[2]) return this.prefixList(s);
        return this.ignore(s, 'routing policy: acts on dynamic routing only, which is reported where it is configured');
      case 'routing-options':
        return this.routingOptions(s);
      case 'protocols':
        if (['lldp', 'lldp-med', 'l2-learning', 'rstp', 'mstp', 'stp', 'igmp-snooping', 'router-advertisement'].includes(w[1] ?? '')) return this.ignore(s, `${w[1]}: a layer-2 or discovery protocol`);
        return this.unknown(s, `dynamic routing (${w[1]}): learned routes are not modelled; add them as static routes`);
      case 'security':
        this.security = true;
        return this.securityStatement(s);
      case 'applications':
        return this.application(s);
      case 'groups':
      case 'apply-groups':
        return this.unknown(s, 'configuration groups are not expanded: import `show configuration | display inheritance` instead');
      case 'routing-instances':
        return this.unknown(s, 'routing instances are not modelled');
      case 'forwarding-options':
        // The relay forwards the segment's DHCP (or, with helpers, other UDP) broadcasts to a server as the
        // device's own packets, past the interface's input filter and the zone policies: a path the model lacks.
        if (w[1] === 'dhcp-relay') return this.unknown(s, 'DHCP relay: the segment\'s DHCP broadcasts are forwarded to the server as the device\'s own packets, past its filters and policies: a path segproof does not model');
        if (w[1] === 'helpers') return this.unknown(s, `UDP broadcast helper (${w[2] ?? ''}): broadcasts are relayed to a server as the device's own packets, past its filters and policies: a path segproof does not model`);
        return this.unknown(s, 'forwarding options are not modelled');
      case 'access':
        return this.ignore(s, 'access (authentication) settings');
      case 'vlans':
        return this.unknown(s, 'VLANs and their l3-interface are not modelled', w[3] === 'l3-interface');
      default:
        return this.unknown(s, `"${top}" is not understood`);
    }
  }

  interfaceStatement(s: JunosStatement): void {
    const w = s.words;
    const ifd = w[1];
    if (!ifd) return this.unknown(s, 'interface without a name');
    if (w[2] === 'interface-range' || ifd === 'interface-range') return this.unknown(s, 'interface ranges are not expanded');
    if (w[2] === 'description') return this.ignore(s, 'description');
    if (w[2] !== 'unit') {
      if (['vlan-tagging', 'flexible-vlan-tagging', 'encapsulation', 'mtu', 'speed', 'link-mode', 'gigether-options', 'ether-options', 'native-vlan-id', 'disable', 'enable', 'traceoptions', 'hold-time', 'mac'].includes(w[2] ?? '')) {
        if (w[2] === 'disable') this.disabled.add(ifd);
        return w[2] === 'disable' ? this.unknown(s, 'a disabled interface is not modelled as down') : this.ignore(s, 'physical or layer-2 interface setting');
      }
      if (w.length === 2) return this.ok(s);
      return this.unknown(s, `interface setting "${w[2]}" is not understood`);
    }
    const name = `${ifd}.${w[3] ?? '0'}`;
    const rest = w.slice(4);
    if (rest.length === 0) return this.ok(s);
    if (rest[0] === 'description') {
      this.unit(name, s.line).description = rest.slice(1).join(' ');
      return this.ignore(s, 'description');
    }
    if (rest[0] === 'vlan-id' || rest[0] === 'encapsulation') return this.ignore(s, 'VLAN tag of the unit (layer 2)');
    if (rest[0] !== 'family') return this.unknown(s, `unit setting "${rest[0]}" is not understood`);
    const family = rest[1];
    if (family === 'inet6') {
      // Ignored unless IPv6 is forwarded between two units: see ipv6Forwarding.
      this.unit(name, s.line).inet6 ??= s;
      return this.ignore(s, 'IPv6 (segproof models IPv4 only)');
    }
    if (family === 'ethernet-switching') return this.unknown(s, 'a switching port: bridged traffic is not modelled', false);
    if (family === 'mpls' || family === 'iso') return this.ignore(s, `family ${family} carries no IPv4 filtering`);
    if (family !== 'inet') return this.unknown(s, `family ${family} is not understood`);
    const unit = this.unit(name, s.line);
    const f = rest.slice(2);
    if (f.length === 0) return this.ok(s);
    if (f[0] === 'address' && f[1]) {
      // `address A/L;`, or leaves of an `address A/L { primary; vrrp-group … }` block: one address each.
      if (!prefixSet(f[1]) || !f[1].includes('/')) return this.unknown(s, `"${f[1]}" is not an address with prefix length`);
      if (unit.address && unit.address.cidr !== f[1]) return this.unknown(s, 'a second address on one unit is not modelled (one address per interface)');
      unit.address = { cidr: f[1], line: unit.address?.line ?? s.line };
      const option = f[2];
      if (option === undefined || option === 'primary' || option === 'preferred') return this.ok(s);
      if (option === 'vrrp-group' || option === 'vrrp-inet6-group') return this.unknown(s, 'VRRP: the virtual address the device also answers is not modelled', false);
      if (option === 'arp') return this.ignore(s, 'static ARP entry');
      return this.unknown(s, `address option "${f.slice(2).join(' ')}" is not understood`);
    }
    if (f[0] === 'dhcp' || f[0] === 'dhcp-client') return this.ok(s);
    if (f[0] === 'filter' && (f[1] === 'input' || f[1] === 'output' || f[1] === 'input-list' || f[1] === 'output-list') && f[2]) {
      const into = f[1].startsWith('input') ? 'in' : 'out';
      const lines = unit.filters[into === 'in' ? 'inLines' : 'outLines'];
      const single = f[1] === 'input' || f[1] === 'output';
      const earlier = unit.filters.single[into];
      if (single && earlier) {
        // `filter input|output` holds one filter: a later statement (set form) replaces the earlier one.
        for (const l of earlier.s.lines) if (!s.lines.includes(l)) this.ledger.ignored(l, `replaced by the later \`filter ${f[1]} ${f[2]}\` (line ${s.line}): a unit has one ${f[1]} filter`);
        unit.filters[into][earlier.at] = f[2];
        lines[earlier.at] = s.line;
        unit.filters.single[into] = { at: earlier.at, s };
        return this.ok(s);
      }
      if (single) unit.filters.single[into] = { at: unit.filters[into].length, s };
      unit.filters[into].push(f[2]);
      lines.push(s.line);
      return this.ok(s);
    }
    if (['mtu', 'no-redirects', 'targeted-broadcast', 'sampling'].includes(f[0] ?? '')) return this.ignore(s, `${f[0]}: no effect on a verdict`);
    if (f[0] === 'rpf-check') return this.approx(s, 'reverse-path check: modelled as absent (spoofed sources pass)');
    return this.unknown(s, `family inet setting "${f[0]}" is not understood`);
  }

  firewallStatement(s: JunosStatement): void {
    const w = s.words;
    let at: number;
    if (w[1] === 'family') {
      if (w[2] === 'inet6') return this.ignore(s, 'IPv6 (segproof models IPv4 only)');
      if (w[2] !== 'inet') return this.unknown(s, `firewall family ${w[2]} filters can drop IPv4 traffic and are not modelled`);
      at = 3;
    } else at = 1;
    if (w[at] === 'policer' || w[at] === 'three-color-policer') return this.ignore(s, 'policer definition (terms that use one are approximated)');
    if (w[at] !== 'filter' || !w[at + 1]) return this.unknown(s, `firewall statement "${w[at]}" is not understood`);
    const name = w[at + 1] as string;
    let filter = this.filters.get(name);
    if (!filter) this.filters.set(name, (filter = { name, terms: [], header: [] }));
    const rest = w.slice(at + 2);
    if (rest.length === 0) {
      filter.header.push(s);
      return;
    }
    if (rest[0] === 'interface-specific') return this.ignore(s, 'interface-specific: counters per interface, same matching');
    if (rest[0] === 'physical-interface-filter' || rest[0] === 'accounting-profile') return this.ignore(s, `${rest[0]}: no effect on matching`);
    if (rest[0] !== 'term' || !rest[1]) return this.unknown(s, `filter statement "${rest[0]}" is not understood`);
    let term = filter.terms.find((t) => t.name === rest[1]);
    if (!term) filter.terms.push((term = { name: rest[1], from: [], then: [], other: [] } as FilterTerm));
    if (rest[2] === 'from') term.from.push(s);
    else if (rest[2] === 'then') term.then.push(s);
    else term.other.push(s);
  }

  prefixList(s: JunosStatement): void {
    const [, , name, value] = s.words as string[];
    const entry = this.prefixLists.get(name as string) ?? { set: EMPTY_SET, line: s.line };
    if (value === undefined) {
      this.prefixLists.set(name as string, entry);
      return this.ok(s);
    }
    if (value.includes(':')) return this.ignore(s, 'IPv6 (segproof models IPv4 only)');
    if (value === 'apply-path') return this.unknown(s, 'apply-path prefix lists are not expanded');
    const set = prefixSet(value);
    if (!set) return this.unknown(s, `"${value}" is not an IPv4 prefix`);
    this.prefixLists.set(name as string, { set: unionSets([entry.set, set]), line: entry.line });
    this.ok(s);
  }

  routingOptions(s: JunosStatement): void {
    const w = s.words;
    if (['router-id', 'autonomous-system', 'forwarding-table', 'graceful-restart', 'nonstop-routing', 'instance-import', 'interface-routes'].includes(w[1] ?? '')) {
      return w[1] === 'forwarding-table' && w[2] === 'export' ? this.ignore(s, 'load-balancing policy (segproof traces every ECMP branch)') : this.ignore(s, `${w[1]}: no effect on static forwarding`);
    }
    if (w[1] !== 'static') return this.unknown(s, `routing option "${w[1]}" is not understood`);
    if (w[2] === 'defaults') return this.ignore(s, 'defaults for static routes (preference, tags)');
    if (w[2] !== 'route' || !w[3]) return this.unknown(s, 'static statement is not understood');
    const set = prefixSet(w[3]);
    if (w[3].includes(':')) return this.ignore(s, 'IPv6 (segproof models IPv4 only)');
    if (!set || !w[3].includes('/')) return this.unknown(s, `"${w[3]}" is not an IPv4 prefix`);
    const prefix = addressRefs(set)[0] as string;
    const canonical = prefix.includes('/') ? prefix : `${prefix}/32`;
    const what = w[4];
    const value = w[5];
    if (what === undefined) return this.ok(s);
    if (what === 'discard' || what === 'reject') {
      this.routes.push({ prefix: canonical, drop: true });
      return this.ok(s);
    }
    if ((what === 'next-hop' || what === 'qualified-next-hop') && value) {
      const via = parseIpv4(value);
      if (via !== undefined) this.routes.push({ prefix: canonical, via: value });
      else this.routes.push({ prefix: canonical, interface: safeName(value.includes('.') ? value : `${value}.0`) });
      if (what === 'qualified-next-hop') {
        if (w.length > 6) return this.ignore(s, 'qualified next hop settings');
        return this.approx(s, 'a qualified (backup) next hop: modelled as an equal-cost path');
      }
      return this.ok(s);
    }
    if (['preference', 'metric', 'tag', 'no-readvertise', 'readvertise', 'retain', 'no-retain', 'install', 'active', 'passive', 'community', 'resolve'].includes(what)) return this.ignore(s, `${what}: no effect on forwarding of a single static route`);
    return this.unknown(s, `static route option "${what}" is not understood`);
  }

  securityStatement(s: JunosStatement): void {
    const w = s.words;
    switch (w[1]) {
      case 'zones':
        return this.zoneStatement(s);
      case 'policies':
        return this.policyStatement(s);
      case 'address-book':
        return this.addressBookStatement(s, 3);
      case 'nat':
        this.nat.push(s);
        return;
      case 'screen':
        return this.ignore(s, 'screen definition (a zone that applies one is approximated)');
      case 'forwarding-options':
        if (w[2] === 'family' && w[3] === 'inet6' && w[4] === 'mode' && w[5] && w.length === 6) {
          this.inet6Mode = { mode: w[5], s };
          return; // marked by ipv6Forwarding
        }
        return this.unknown(s, `security ${w[1]} is not modelled`);
      case 'flow':
      case 'log':
      case 'alg':
      case 'pki':
      case 'ssh-known-hosts':
      case 'application-tracking':
      case 'utm':
      case 'idp':
        return this.ignore(s, `security ${w[1]}: settings that block no more than the policy that uses them (approximated there)`);
      default:
        return this.unknown(s, `security ${w[1]} is not modelled`);
    }
  }

  /**
   * IPv6 forwarded between two units passes every `family inet` filter (and, on an SRX, policies whose
   * IPv6 addresses segproof leaves out): a path the IPv4 model misses. A Junos router forwards IPv6
   * between every unit with `family inet6`; there is no global switch. On an SRX the documented default
   * of `security forwarding-options family inet6 mode` was `drop` on the branch models, but vSRX and
   * recent releases forward IPv6 flow-based without the statement, and a configuration does not say
   * which platform or release it runs on: only an explicit `mode drop` is read as "not forwarded".
   * So, with two or more (enabled, non-loopback) units with `family inet6`: an explicit `mode
   * flow-based|packet-based` line is the enabling line, unknown and verdict-changing; without a mode
   * line, each unit's first `family inet6` statement is; `mode drop` leaves them ignored. With fewer
   * than two such units nothing is routed and every IPv6 line stays ignored.
   */
  ipv6Forwarding(): void {
    const units = [...this.units.values()].filter((u) => u.inet6 && !u.name.startsWith('lo0.') && !this.disabled.has(u.name.slice(0, u.name.lastIndexOf('.'))));
    const routed = units.length >= 2;
    const between = units.map((u) => u.name).join(', ');
    const mode = this.inet6Mode;
    if (mode) {
      if (mode.mode === 'drop') this.ignore(mode.s, 'IPv6 is dropped (the SRX forwards no IPv6 packet)');
      else if (mode.mode !== 'flow-based' && mode.mode !== 'packet-based') this.unknown(mode.s, `IPv6 forwarding mode "${mode.mode}" is not understood`);
      else if (routed) this.unknown(mode.s, `IPv6 is forwarded (${mode.mode}) between ${between}, past the IPv4 filters and policies: segproof models IPv4 only`);
      else this.ignore(mode.s, 'IPv6 forwarding, with fewer than two IPv6 units: nothing is routed (segproof models IPv4 only)');
      if (mode.mode !== 'flow-based' && mode.mode !== 'packet-based') return;
    }
    if (!routed || mode) return;
    const reason = `IPv6 is forwarded between ${between} (family inet6; ${this.security ? 'no `security forwarding-options family inet6 mode drop`' : 'a router forwards IPv6 by default'}), past the IPv4 filters: segproof models IPv4 only`;
    for (const u of units) this.unknown(u.inet6 as JunosStatement, reason);
  }

  zoneStatement(s: JunosStatement): void {
    const w = s.words;
    if (w[2] === 'functional-zone') return this.unknown(s, 'functional zone (management): its interfaces are not modelled');
    if (w[2] !== 'security-zone' || !w[3]) return this.unknown(s, 'zone statement is not understood');
    const zone = w[3];
    const z = this.zones.get(zone) ?? { interfaces: [], hostInbound: [], line: s.line };
    this.zones.set(zone, z);
    const rest = w.slice(4);
    if (rest.length === 0) return this.ok(s);
    if (rest[0] === 'description') return this.ignore(s, 'description');
    if (rest[0] === 'tcp-rst' || rest[0] === 'application-tracking') return this.ignore(s, `${rest[0]}: no effect on a verdict`);
    if (rest[0] === 'screen') return this.approx(s, 'screen: attack screens would drop some traffic; modelled as absent');
    if (rest[0] === 'address-book') return this.addressBookStatement(s, 5);
    if (rest[0] === 'host-inbound-traffic') return this.hostInbound(s, rest.slice(1), z.hostInbound);
    if (rest[0] === 'interfaces' && rest[1]) {
      const ifName = rest[1].includes('.') ? rest[1] : `${rest[1]}.0`;
      if (!z.interfaces.includes(ifName)) z.interfaces.push(ifName);
      const u = this.unit(ifName, s.line);
      u.zone = zone;
      if (rest.length === 2) return this.ok(s);
      if (rest[2] === 'host-inbound-traffic') {
        u.hostInbound ??= [];
        return this.hostInbound(s, rest.slice(3), u.hostInbound);
      }
    }
    this.unknown(s, 'zone statement is not understood');
  }

  hostInbound(s: JunosStatement, rest: readonly string[], into: string[]): void {
    const [kind, name, except] = rest;
    if ((kind !== 'system-services' && kind !== 'protocols') || !name) return this.unknown(s, 'host-inbound-traffic statement is not understood');
    if (except === 'except') return this.approx(s, `"${name} except": the exception is not modelled (the service stays admitted)`);
    const services = HOST_INBOUND[name];
    if (!services) {
      into.push('any');
      return this.approx(s, `host-inbound ${name}: not known, modelled as admitting any service to the device`);
    }
    into.push(...services);
    this.ok(s);
  }

  addressBookStatement(s: JunosStatement, at: number): void {
    const w = s.words;
    // security address-book BOOK address|address-set …  /  security zones security-zone Z address-book address …
    if (w[at - 1] === 'attach') return this.ok(s);
    if (w[at] === 'description') return this.ignore(s, 'description');
    const kind = w[at];
    const name = w[at + 1];
    if (w[at - 1] === 'attach' || kind === 'attach') return this.ignore(s, 'address book attached to a zone (all books are read as one)');
    if (!name) return this.ok(s);
    const rest = w.slice(at + 2);
    if (kind === 'address') {
      if (rest.length === 0) return this.ok(s);
      if (rest[0] === 'description') return this.ignore(s, 'description');
      let entry: { set: AddressSet; wide?: string } | undefined;
      const v = rest[0] === 'ip-prefix' ? rest[1] : rest[0];
      if (rest[0] === 'range-address' && rest[1] && rest[3]) entry = { set: rangeSet(rest[1], rest[3]) ?? EMPTY_SET };
      else if (rest[0] === 'dns-name') entry = { set: ALL_ADDRESSES, wide: `address ${name} is a DNS name: any address assumed` };
      else if (rest[0] === 'wildcard-address') entry = { set: ALL_ADDRESSES, wide: `address ${name} is a wildcard: any address assumed` };
      else if (v && v.includes(':')) {
        this.addressBook.set(name, { set: EMPTY_SET });
        return this.ignore(s, 'IPv6 (segproof models IPv4 only)');
      } else if (v && prefixSet(v)) entry = { set: prefixSet(v) as AddressSet };
      if (!entry) return this.unknown(s, 'address book entry is not understood');
      this.addressBook.set(name, entry);
      return this.ok(s);
    }
    if (kind === 'address-set') {
      if (rest[0] === 'description') return this.ignore(s, 'description');
      const prev = this.addressBook.get(name);
      const members = prev && 'members' in prev ? prev.members : [];
      if ((rest[0] === 'address' || rest[0] === 'address-set') && rest[1]) members.push(rest[1]);
      this.addressBook.set(name, { members });
      return this.ok(s);
    }
    this.unknown(s, 'address book statement is not understood');
  }

  application(s: JunosStatement): void {
    const w = s.words;
    const name = w[2];
    if (!name) return this.unknown(s, 'application without a name');
    if (w[1] === 'application-set') {
      const prev = this.applications.get(name);
      const members = prev && 'members' in prev ? prev.members : [];
      if ((w[3] === 'application' || w[3] === 'application-set') && w[4]) members.push(w[4]);
      this.applications.set(name, { members });
      return w[3] === 'description' ? this.ignore(s, 'description') : this.ok(s);
    }
    if (w[1] !== 'application') return this.unknown(s, 'applications statement is not understood');
    // Collected per term (a term-less application is one term), compiled in applicationServices.
    const apps = this.appStatements.get(name) ?? [];
    apps.push(s);
    this.appStatements.set(name, apps);
  }

  readonly appStatements = new Map<string, JunosStatement[]>();

  compileApplications(): void {
    for (const [name, statements] of this.appStatements) {
      const terms = new Map<string, { protocol?: string; src?: string; dst?: string; icmpType?: string; lines: JunosStatement[] }>();
      let wide: string | undefined;
      for (const s of statements) {
        let rest = s.words.slice(3);
        let termName = '';
        if (rest[0] === 'term' && rest[1]) {
          termName = rest[1];
          rest = rest.slice(2);
        }
        const t = terms.get(termName) ?? { lines: [] };
        terms.set(termName, t);
        t.lines.push(s);
        if (rest.length === 0) this.ok(s);
        // A term line holds several pairs: `term t protocol udp destination-port 53`.
        for (let k = 0; k < rest.length; k += 2) {
          const key = rest[k] as string;
          const value = rest[k + 1];
          if (key === 'alg' || key === 'inactivity-timeout' || key === 'application-protocol' || key === 'description') this.ignore(s, `${key}: no effect on matching`);
          else if (key === 'protocol' && value) t.protocol = value;
          else if (key === 'destination-port' && value) t.dst = value;
          else if (key === 'source-port' && value) t.src = value;
          else if (key === 'icmp-type' && value) t.icmpType = value;
          else {
            wide = `application ${name}: "${rest.join(' ')}" is not modelled (any service assumed)`;
            this.approx(s, wide);
          }
        }
      }
      const services: string[] = [];
      for (const t of terms.values()) {
        if (t.protocol === undefined && t.lines.every((s) => s.words.length <= 5)) continue;
        const p = t.protocol === undefined ? undefined : junosProtocol(t.protocol);
        const port = (v: string | undefined) => (v === undefined ? 'any' : junosPort(v));
        const d = port(t.dst);
        const sp = port(t.src);
        if (p === undefined || d === undefined || sp === undefined) {
          wide = `application ${name}: protocol or port not understood (any service assumed)`;
          for (const s of t.lines) this.approx(s, wide);
          services.push('any');
          continue;
        }
        for (const s of t.lines) this.ok(s);
        if (p === 6 || p === 17) services.push(`${p === 6 ? 'tcp' : 'udp'}/${sp === 'any' ? '' : `${sp}:`}${d}`);
        else if (p === 1) {
          const type = t.icmpType === undefined ? undefined : ICMP_TYPES[t.icmpType] ?? (/^\d+$/.test(t.icmpType) ? Number(t.icmpType) : undefined);
          services.push(type === undefined ? 'icmp' : `icmp/${type}`);
        } else services.push(String(p));
      }
      this.applications.set(name, { services: wide ? ['any'] : services, wide });
    }
  }

  policyStatement(s: JunosStatement): void {
    const w = s.words;
    if (w[2] === 'default-policy') {
      if (w[3] === 'permit-all') this.defaultPermit = true;
      else if (w[3] !== 'deny-all') return this.unknown(s, 'default policy is not understood');
      return this.ok(s);
    }
    if (w[2] === 'policy-rematch' || w[2] === 'traceoptions') return this.ignore(s, `${w[2]}: no effect on matching`);
    if (w[2] === 'global') {
      // Aligned with the zone-pair form, so that one compiler reads both: `… policy P match|then …` at 6.
      if (w.length === 3) return this.ok(s);
      const aligned = { ...s, words: ['security', 'policies', 'from-zone', GLOBAL, 'to-zone', GLOBAL, ...w.slice(3)] };
      return this.policyStatement(aligned);
    }
    if (w[2] !== 'from-zone' || w[4] !== 'to-zone' || !w[3] || !w[5]) return this.unknown(s, 'policy statement is not understood');
    const pair = `${w[3]}\u0000${w[5]}`;
    const map = this.policies.get(pair) ?? new Map<string, Policy>();
    this.policies.set(pair, map);
    if (w[6] !== 'policy' || !w[7]) return w.length === 6 ? this.ok(s) : this.unknown(s, 'policy statement is not understood');
    const p = map.get(w[7]) ?? { name: w[7], match: [], then: [], other: [] };
    map.set(w[7], p);
    if (w[8] === 'match') p.match.push(s);
    else if (w[8] === 'then') p.then.push(s);
    else p.other.push(s);
  }

  /** Address-book name → set (members unioned); `wide` when some member is an over-approximation. */
  address(name: string, seen = new Set<string>()): { set: AddressSet; wide?: string | undefined } | undefined {
    if (name === 'any' || name === 'any-ipv4') return { set: ALL_ADDRESSES };
    if (name === 'any-ipv6') return { set: EMPTY_SET };
    const e = this.addressBook.get(name);
    if (!e || seen.has(name)) return undefined;
    if (!('members' in e)) return e;
    seen.add(name);
    let wide: string | undefined;
    const sets: AddressSet[] = [];
    for (const m of e.members) {
      const r = this.address(m, seen);
      if (!r) return undefined;
      sets.push(r.set);
      wide ??= r.wide;
    }
    return { set: unionSets(sets), wide };
  }

  application_(name: string, seen = new Set<string>()): { services: string[]; wide?: string | undefined } | undefined {
    const predefined = JUNOS_APPLICATIONS[name];
    if (predefined) return { services: [...predefined] };
    const e = this.applications.get(name);
    if (!e) return name.startsWith('junos-') ? { services: ['any'], wide: `predefined application ${name} is not in segproof's table: any service assumed` } : undefined;
    if (!('members' in e)) return e;
    if (seen.has(name)) return undefined;
    seen.add(name);
    const services: string[] = [];
    let wide: string | undefined;
    for (const m of e.members) {
      const r = this.application_(m, seen);
      if (!r) return undefined;
      services.push(...r.services);
      wide ??= r.wide;
    }
    return { services, wide };
  }

  /** One policy as a rule (undefined when it is left out or not understood); global policies also say their zones. */
  policyRule(p: Policy, from: string, to: string): { rule?: DraftRule; fromZones: string[]; toZones: string[] } {
    const fromZones: string[] = [];
    const toZones: string[] = [];
    const addresses = { src: [] as { set: AddressSet; wide?: string | undefined; s: JunosStatement }[], dst: [] as { set: AddressSet; wide?: string | undefined; s: JunosStatement }[] };
    /** `source-address-excluded` / `destination-address-excluded`: the side matches every address but the listed ones. */
    const excluded: { src?: JunosStatement; dst?: JunosStatement } = {};
    const services: string[] = [];
    const wide: { s: JunosStatement; reason: string }[] = [];
    let broken: { s: JunosStatement; reason: string } | undefined;
    for (const s of p.match) {
      const [k, v] = s.words.slice(9);
      if ((k === 'source-address' || k === 'destination-address') && v) {
        const r = this.address(v);
        if (!r) broken ??= { s, reason: `address ${v} is not in the address book` };
        else addresses[k === 'source-address' ? 'src' : 'dst'].push({ ...r, s });
      } else if ((k === 'source-address-excluded' || k === 'destination-address-excluded') && v === undefined) {
        excluded[k === 'source-address-excluded' ? 'src' : 'dst'] = s;
      } else if (k === 'application' && v) {
        const r = this.application_(v);
        if (!r) broken ??= { s, reason: `application ${v} is not defined` };
        else {
          services.push(...r.services);
          if (r.wide) wide.push({ s, reason: r.wide });
        }
      } else if ((k === 'from-zone' || k === 'to-zone') && v && from === GLOBAL) {
        if (v !== 'any') (k === 'from-zone' ? fromZones : toZones).push(v);
      } else if (['source-identity', 'dynamic-application', 'url-category', 'source-end-user-profile'].includes(k ?? '')) {
        wide.push({ s, reason: `match ${k} is not expressible: the condition is dropped` });
      } else broken ??= { s, reason: `match "${k}" is not understood` };
    }
    // A side's match: the union of its addresses, or with `…-excluded` every address but that union. An
    // entry segproof widens (a DNS name, a wildcard: any address assumed) would, excluded, narrow the
    // policy: it is excluded as nothing instead (the policy then matches more).
    const side = (key: 'src' | 'dst'): AddressSet => {
      const entries = addresses[key];
      const ex = excluded[key];
      if (!ex) {
        for (const e of entries) if (e.wide) wide.push({ s: e.s, reason: e.wide });
        return unionSets(entries.map((e) => e.set));
      }
      if (entries.length === 0) broken ??= { s: ex, reason: `${ex.words[9]} without a ${key === 'src' ? 'source' : 'destination'} address to exclude` };
      for (const e of entries) if (e.wide) wide.push({ s: e.s, reason: `${e.wide.replace(/: any address assumed$/, '')}: under ${ex.words[9]} it excludes nothing (the policy matches more)` });
      return subtractSet(ALL_ADDRESSES, unionSets(entries.flatMap((e) => (e.wide ? [] : [e.set]))));
    };
    const src = side('src');
    const dst = side('dst');
    let action: 'permit' | 'deny' | undefined;
    const thenWide: { s: JunosStatement; reason: string }[] = [];
    for (const s of p.then) {
      const rest = s.words.slice(9);
      if (rest[0] === 'permit') {
        action = 'permit';
        if (rest.length > 1 && rest[1] !== 'application-services' && rest[1] !== 'tunnel' && rest[1] !== 'destination-address') broken ??= { s, reason: `permit option "${rest[1]}" is not understood` };
        else if (rest.length > 1) thenWide.push({ s, reason: `permit ${rest[1]}: further inspection or tunnelling is modelled as a plain permit` });
      } else if (rest[0] === 'deny' || rest[0] === 'reject') action = 'deny';
      else if (rest[0] === 'log' || rest[0] === 'count') this.ignore(s, `${rest[0]}: no effect on the verdict`);
      else broken ??= { s, reason: `action "${rest[0]}" is not understood` };
    }
    for (const s of p.other) {
      const k = s.words[8];
      if (k === 'description') this.ignore(s, 'description');
      else if (k === 'scheduler-name') wide.push({ s, reason: 'a scheduled policy is modelled as always active' });
      else if (k === undefined) this.ok(s);
      else broken ??= { s, reason: `policy setting "${k}" is not understood` };
    }
    const all = [...p.match, ...p.then, ...p.other];
    if (broken || !action) {
      const why = broken ?? { s: p.then[0] ?? p.match[0] ?? (p.other[0] as JunosStatement), reason: 'policy without a permit/deny action' };
      for (const s of all) if (!s.words.includes('description')) this.ok(s);
      this.unknown(why.s, why.reason);
      return { fromZones, toZones };
    }
    const widened = [...wide, ...(action === 'permit' ? thenWide : [])];
    if (action === 'deny' && wide.length > 0) {
      for (const s of all) this.approx(s, `deny policy ${p.name} matches under a condition segproof cannot express (${wide[0]?.reason}): left out, so it denies nothing`);
      return { fromZones, toZones };
    }
    for (const s of all) if (!s.words.includes('log') && !s.words.includes('count') && s.words[8] !== 'description') this.ok(s);
    for (const x of widened) this.approx(x.s, x.reason);
    const first = p.match[0] ?? p.then[0] ?? (all[0] as JunosStatement);
    return {
      fromZones,
      toZones,
      rule: {
      name: p.name,
      action,
      src,
      dst,
      services: services.includes('any') ? ['any'] : services,
      description: `${describeLine(this.file.path, first.line, from === GLOBAL ? `global policy ${p.name}` : `from-zone ${from} to-zone ${to} policy ${p.name}`)}`,
      },
    };
    }

  compilePolicies(): RawAcl[] {
    const acls: RawAcl[] = [];
    const zones = [...this.zones.keys()];
    const pairs = new Map<string, RawAcl>();
    const globalKey = `${GLOBAL}\u0000${GLOBAL}`;
    const globals = [...(this.policies.get(globalKey)?.values() ?? [])].map((p) => {
      const g = this.policyRule(p, GLOBAL, GLOBAL);
      const undeclared = [...g.fromZones, ...g.toZones].find((z) => !this.zones.has(z));
      if (undeclared === undefined) return g;
      this.unknown(p.match[0] ?? (p.then[0] as JunosStatement), `zone ${undeclared} is not declared under security zones`);
      return { fromZones: g.fromZones, toZones: g.toZones };
    });
    /** Global policies come after the zone-pair policies, before the default policy. */
    const globalRules = (from: string, to: string, names: RuleNames): DraftRule[] =>
      globals.flatMap((g) => (g.rule && (g.fromZones.length === 0 || g.fromZones.includes(from)) && (g.toZones.length === 0 || g.toZones.includes(to)) ? [{ ...g.rule, name: names.name(`global-${g.rule.name}`) }] : []));
    for (const [key, policies] of this.policies) {
      if (key === globalKey) continue;
      const [from, to] = key.split('\u0000') as [string, string];
      const undeclared = [from, to].find((z) => !this.zones.has(z));
      if (undeclared !== undefined) {
        const all = [...policies.values()].flatMap((p) => [...p.match, ...p.then, ...p.other]);
        for (const s of all) {
          if (undeclared === 'junos-host') this.approx(s, 'a junos-host policy (traffic to the SRX itself) is left out: host-inbound-traffic alone decides, which admits at least as much');
          else this.unknown(s, `zone ${undeclared} is not declared under security zones`);
        }
        continue;
      }
      const names = new RuleNames();
      const rules: DraftRule[] = [];
      for (const p of policies.values()) {
        const compiled = this.policyRule(p, from, to);
        if (compiled.rule) rules.push({ ...compiled.rule, name: names.name(compiled.rule.name) });
      }
      rules.push(...globalRules(from, to, names));
      pairs.set(key, {
        name: safeName(`policy_${from}_to_${to}`),
        bind: { fromZone: safeName(from), toZone: safeName(to) },
        default: this.defaultPermit ? 'permit' : 'deny',
        rules: renderRules(rules),
        description: `security policies from-zone ${from} to-zone ${to}, then the default policy (${this.defaultPermit ? 'permit-all' : 'deny-all'})`,
      });
    }
    // Every zone pair gets its ACL, so that the default policy holds where no policy is written
    // (and an interface ACL that admits transit cannot stand in for a missing zone-pair policy).
    for (const from of zones) {
      for (const to of zones) {
        const key = `${from}\u0000${to}`;
        acls.push(
          pairs.get(key) ?? {
            name: safeName(`policy_${from}_to_${to}`),
            bind: { fromZone: safeName(from), toZone: safeName(to) },
            default: this.defaultPermit ? 'permit' : 'deny',
            rules: renderRules(globalRules(from, to, new RuleNames())),
            description: `no security policy from-zone ${from} to-zone ${to}: ${globals.length > 0 ? 'the global policies, then ' : ''}the default policy (${this.defaultPermit ? 'permit-all' : 'deny-all'})`,
          },
        );
        pairs.delete(key);
      }
    }
    return acls;
  }
}

function ownAddresses(units: Iterable<Unit>): AddressSet {
  return unionSets([...units].flatMap((u) => (u.address ? [prefixSet(u.address.cidr.split('/')[0] as string) as AddressSet] : [])));
}

function compileNat(imp: JunosImport, unitsOfZone: (zone: string) => Unit[], pairAcls: RawAcl[]): RawNat[] {
  const out: RawNat[] = [];
  const pools = new Map<string, { address?: string; port?: number; wide?: string }>();
  type RuleSet = { kind: string; from: string[]; to: string[]; fromIf: string[]; toIf: string[]; rules: Map<string, JunosStatement[]>; header: JunosStatement[] };
  const sets = new Map<string, RuleSet>();
  for (const s of imp.nat) {
    const w = s.words;
    const kind = w[2] ?? '';
    if (!['source', 'destination', 'static'].includes(kind)) {
      if (kind === 'proxy-arp') imp.ignore(s, 'proxy ARP (segproof answers for the addresses it translates to)');
      else imp.unknown(s, `security nat ${kind} is not understood`);
      continue;
    }
    if (w[3] === 'pool' && w[4]) {
      const pool = pools.get(`${kind} ${w[4]}`) ?? {};
      pools.set(`${kind} ${w[4]}`, pool);
      const [k, v] = w.slice(5);
      const to = w[7] === 'to' ? w[8] : undefined;
      if (k === 'address' && v) {
        const set = prefixSet(v);
        if (!set) imp.unknown(s, `"${v}" is not an address`);
        else if (to !== undefined || set.ranges[0]?.[0] !== set.ranges[0]?.[1]) {
          pool.address = formatIpv4(set.ranges[0]?.[0] as number);
          pool.wide = `pool ${w[4]} holds several addresses: modelled as its first, ${pool.address}`;
          imp.approx(s, pool.wide);
        } else {
          pool.address = formatIpv4(set.ranges[0]?.[0] as number);
          if (w[7] === 'port' && w[8] && /^\d+$/.test(w[8])) pool.port = Number(w[8]);
          imp.ok(s);
        }
      } else if (k === 'description') imp.ignore(s, 'description');
      else if (k === 'port' && v === 'no-translation') imp.ignore(s, 'ports kept: segproof keeps them too');
      else if (k === undefined) imp.ok(s);
      else imp.unknown(s, `pool setting "${k}" is not understood`);
      continue;
    }
    if (w[3] === 'rule-set' && w[4]) {
      const key = `${kind} ${w[4]}`;
      const set: RuleSet = sets.get(key) ?? { kind, from: [], to: [], fromIf: [], toIf: [], rules: new Map(), header: [] };
      sets.set(key, set);
      const [k, k2, v] = w.slice(5);
      if ((k === 'from' || k === 'to') && k2 === 'zone' && v) {
        set[k].push(v);
        set.header.push(s);
      } else if ((k === 'from' || k === 'to') && k2 === 'interface' && v) {
        set[k === 'from' ? 'fromIf' : 'toIf'].push(v.includes('.') ? v : `${v}.0`);
        set.header.push(s);
      } else if (k === 'rule' && k2) {
        const r = set.rules.get(k2) ?? [];
        r.push(s);
        set.rules.set(k2, r);
      } else if (k === 'description') imp.ignore(s, 'description');
      else if (k === undefined) imp.ok(s);
      else imp.unknown(s, `rule-set setting "${k} ${k2 ?? ''}" is not understood (only from/to zone)`);
      continue;
    }
    imp.unknown(s, 'NAT statement is not understood');
  }
  const zones = [...imp.zones.keys()];
  for (const [key, set] of sets) {
    for (const s of set.header) imp.ok(s);
    for (const [ruleName, statements] of set.rules) {
      let src: AddressSet = ALL_ADDRESSES;
      let dst: AddressSet = ALL_ADDRESSES;
      const protocols: string[] = [];
      const dports: string[] = [];
      let then: { kind: string; value?: string } | undefined;
      let broken: { s: JunosStatement; reason: string } | undefined;
      const srcSets: AddressSet[] = [];
      const dstSets: AddressSet[] = [];
      for (const s of statements) {
        const [k, k2, v] = s.words.slice(7);
        if (k === 'match' && (k2 === 'source-address' || k2 === 'destination-address') && v) {
          const set2 = prefixSet(v);
          if (!set2) broken ??= { s, reason: `"${v}" is not an IPv4 prefix` };
          else (k2 === 'source-address' ? srcSets : dstSets).push(set2);
        } else if (k === 'match' && (k2 === 'source-address-name' || k2 === 'destination-address-name') && v) {
          const r = imp.address(v);
          if (!r || r.wide) broken ??= { s, reason: `address ${v} is not a plain address-book entry` };
          else (k2 === 'source-address-name' ? srcSets : dstSets).push(r.set);
        } else if (k === 'match' && k2 === 'destination-port' && v) {
          const r = junosPort(v);
          if (!r) broken ??= { s, reason: `port ${v} is not understood` };
          else dports.push(r);
        } else if (k === 'match' && k2 === 'protocol' && v) protocols.push(v);
        else if (k === 'then' && k2) then = { kind: k2, value: v === 'pool' ? s.words[10] : v };
        else if (k === 'description') imp.ignore(s, 'description');
        else if (k !== undefined) broken ??= { s, reason: `NAT rule setting "${k} ${k2 ?? ''}" is not understood` };
      }
      if (srcSets.length) src = unionSets(srcSets);
      if (dstSets.length) dst = unionSets(dstSets);
      const services = protocols.length || dports.length
        ? (protocols.length ? protocols : ['tcp', 'udp']).flatMap((p) => (dports.length && (p === 'tcp' || p === 'udp') ? dports.map((d) => `${p}/${d}`) : [junosProtocol(p) === undefined ? p : p]))
        : undefined;
      const mark = (fn: (s: JunosStatement) => void) => statements.forEach((s) => (s.words[7] === 'description' ? undefined : fn(s)));
      const name = safeName(`${key.replace(' ', '-')}-${ruleName}`);
      const first = statements[0] as JunosStatement;
      const base = { ...(addressSetIsAll(src) ? {} : { src: addressRefs(src) }), ...(addressSetIsAll(dst) ? {} : { dst: addressRefs(dst) }), ...(services ? { service: services } : {}) };
      if (broken || !then) {
        mark((s) => imp.ok(s));
        imp.unknown(broken?.s ?? first, broken?.reason ?? 'NAT rule without a then');
        continue;
      }
      if (set.kind === 'source') {
        if (then.kind === 'source-nat' && then.value === 'off') {
          mark((s) => imp.ok(s));
          imp.unknown(statements.find((s) => s.words.includes('off')) ?? first, 'source-nat off (an exemption) cannot be expressed: segproof NAT rules only translate');
          continue;
        }
        // segproof's source NAT matches on the egress interface only: the rule-set's from-zone is
        // implied when it and the to-zones cover every zone and no policy passes to-zone traffic to itself.
        const toZones = [...set.to, ...set.toIf.flatMap((n) => imp.units.get(n)?.zone ?? [])];
        const covered = new Set([...set.from, ...toZones]);
        const intraPermits = set.fromIf.length > 0 || toZones.some((z) => pairAcls.some((a) => 'fromZone' in a.bind && a.bind.fromZone === safeName(z) && a.bind.toZone === safeName(z) && (a.default === 'permit' || a.rules.some((r) => r.action === 'permit'))));
        if (zones.some((z) => !covered.has(z)) || intraPermits) {
          mark((s) => imp.ok(s));
          imp.unknown(first, `source NAT from zone ${set.from.join(', ')} only: segproof's source NAT cannot tell the ingress zone apart`);
          continue;
        }
        const egress = [...set.to.flatMap(unitsOfZone), ...set.toIf.flatMap((n) => imp.units.get(n) ?? [])];
        let failed = false;
        for (const u of egress) {
          let translateTo: string | undefined;
          if (then.value === 'interface') translateTo = u.address?.cidr.split('/')[0];
          else if (then.kind === 'source-nat' && then.value) {
            const pool = pools.get(`source ${then.value}`);
            translateTo = pool?.address;
          }
          if (!translateTo) {
            failed = true;
            break;
          }
          out.push({ name: safeName(`${name}-${u.name}`), type: 'source', interface: safeName(u.name), ...base, translateTo });
        }
        mark((s) => imp.ok(s));
        if (failed) imp.unknown(first, 'source NAT target (interface without address, or pool) not understood');
      } else if (set.kind === 'destination') {
        const pool = then.value ? pools.get(`destination ${then.value}`) : undefined;
        mark((s) => imp.ok(s));
        if (then.kind !== 'destination-nat' || !pool?.address) {
          imp.unknown(first, then.value === 'off' ? 'destination-nat off (an exemption) cannot be expressed' : 'destination NAT target not understood');
          continue;
        }
        for (const u of [...set.from.flatMap(unitsOfZone), ...set.fromIf.flatMap((n) => imp.units.get(n) ?? [])]) {
          out.push({ name: safeName(`${name}-${u.name}`), type: 'destination', interface: safeName(u.name), ...base, translateTo: pool.address, ...(pool.port !== undefined ? { translatePort: pool.port } : {}) });
        }
      } else {
        // Static NAT: destination translation on the from-zone's interfaces, and the reverse source translation out of them.
        const target = then.kind === 'static-nat' && (then.value === 'prefix' ? statements.find((s) => s.words.includes('prefix'))?.words[10] : undefined);
        const to = target ? prefixSet(target) : undefined;
        mark((s) => imp.ok(s));
        const single = (x: AddressSet) => x.ranges.length === 1 && x.ranges[0]?.[0] === x.ranges[0]?.[1];
        if (!to || !single(to) || !single(dst) || src !== ALL_ADDRESSES) {
          imp.unknown(first, 'static NAT other than one address to one address cannot be expressed');
          continue;
        }
        const ext = formatIpv4(dst.ranges[0]?.[0] as number);
        const int = formatIpv4(to.ranges[0]?.[0] as number);
        for (const u of [...set.from.flatMap(unitsOfZone), ...set.fromIf.flatMap((n) => imp.units.get(n) ?? [])]) {
          out.push({ name: safeName(`${name}-${u.name}`), type: 'destination', interface: safeName(u.name), dst: ext, translateTo: int });
          out.push({ name: safeName(`${name}-${u.name}-reverse`), type: 'source', interface: safeName(u.name), src: int, translateTo: ext });
        }
      }
    }
  }
  return out;
}

function addressSetIsAll(s: AddressSet): boolean {
  return s.ranges.length === 1 && s.ranges[0]?.[0] === 0 && s.ranges[0]?.[1] === 0xffffffff;
}

export function importJunos(files: readonly InputFile[], options: ImportOptions): DeviceImport {
  const file = files[0] as InputFile;
  const imp = new JunosImport(file);
  const ledgers = [imp.ledger, ...files.slice(1).map((f) => {
    const l = new LineLedger(f.path, f.text);
    l.lines.forEach((_, i) => l.unknown(i + 1, 'junos takes one configuration file', true));
    return l;
  })];
  const parsed = parseJunos(file.text, imp.ledger);
  for (const s of parsed.inactive) imp.ignore(s, 'inactive (not in effect on the device)');
  for (const x of parsed.stray) imp.ledger.unknown(Math.min(x.line, imp.ledger.lines.length), x.reason, true);
  for (const s of parsed.statements) imp.statement(s);
  imp.ipv6Forwarding();
  imp.compileApplications();
  const device = options.deviceName ?? imp.hostname ?? (file.path.split('/').pop() ?? 'junos').replace(/\.[^.]*$/, '');

  // Filters: compiled once each, bound per interface and direction.
  const compiled = new Map<string, CompiledFilter>();
  for (const f of imp.filters.values()) compiled.set(f.name, compileFilter(f, imp.prefixLists, imp.ledger, file.path));
  const acls: RawAcl[] = [];
  const own = ownAddresses(imp.units.values());
  const interfaces: DeviceInterface[] = [];
  const routed = [...imp.units.values()].filter((u) => u.address || u.filters.in.length || u.filters.out.length || u.zone);
  const lo0 = imp.units.get('lo0.0');
  for (const u of routed) {
    interfaces.push({ name: u.name, cidr: u.address?.cidr, description: u.description, zone: u.zone ? safeName(u.zone) : undefined, line: { file: file.path, line: u.address?.line ?? u.declared } });
    if (imp.security && !u.zone && u.address) imp.ledger.approximated(u.address.line, `${u.name} is in no security zone (the SRX drops its traffic): modelled as an interface whose transit no zone-pair policy governs`);
    for (const dir of ['in', 'out'] as const) {
      const names = u.filters[dir];
      // No packet enters or leaves by the loopback: its input filter guards the device (below).
      if (u === lo0) continue;
      if (names.length === 0) continue;
      const missing = names.filter((n) => !compiled.has(n));
      const lines = u.filters[dir === 'in' ? 'inLines' : 'outLines'];
      if (missing.length > 0) {
        for (const l of lines) imp.ledger.unknown(l, `filter ${missing.join(', ')} is not defined`, true);
        continue;
      }
      const ruleNames = new RuleNames();
      const rules = names.flatMap((n) => (compiled.get(n) as CompiledFilter).rules.map((r) => ({ ...r, name: ruleNames.name(names.length > 1 ? `${n}-${r.name}` : r.name) })));
      acls.push({
        name: safeName(`${names.join('+')}-${u.name}-${dir}`),
        bind: { interface: safeName(u.name), direction: dir },
        default: 'deny',
        rules: renderRules(rules),
        description: describeLine(file.path, lines[0] as number, `filter ${dir === 'in' ? 'input' : 'output'} ${names.join(' ')} on ${u.name}, then the implicit discard`),
      });
    }
  }
  // The loopback filter guards what is addressed to the device, whichever interface it enters by.
  if (lo0 && lo0.filters.in.some((n) => !compiled.has(n))) for (const l of lo0.filters.inLines) imp.ledger.unknown(l, 'loopback filter is not defined', true);
  else if (lo0 && lo0.filters.in.length > 0) {
    const rules = lo0.filters.in.flatMap((n) => (compiled.get(n) as CompiledFilter).rules).map((r) => ({ ...r, dst: intersectSet(r.dst, own) }));
    const names = new RuleNames();
    const guarded: DraftRule[] = [...rules.map((r) => ({ ...r, name: names.name(r.name) })), { name: names.name('lo0-implicit-discard'), action: 'deny', src: ALL_ADDRESSES, dst: own, services: ['any'], description: describeLine(file.path, lo0.filters.inLines[0] as number, 'implicit discard at the end of the loopback filter') }];
    for (const u of routed) {
      if (u === lo0) continue;
      acls.push({ name: safeName(`lo0-${lo0.filters.in.join('+')}-${u.name}`), bind: { interface: safeName(u.name), direction: 'in' }, default: 'permit', rules: renderRules(guarded), description: 'the loopback filter, for packets addressed to the device (transit is not its concern)' });
    }
  }
  if (imp.security) {
    // host-inbound-traffic: what the SRX admits to itself on each zoned interface.
    for (const u of routed) {
      if (!u.zone || u === lo0) continue;
      const services = u.hostInbound ?? imp.zones.get(u.zone)?.hostInbound ?? [];
      acls.push(selfAccessAcl(safeName(`host-inbound-${u.name}`), safeName(u.name), own, services.includes('any') ? ['any'] : [...new Set(services)], `${file.path}: host-inbound-traffic of ${u.name} (zone ${u.zone}): the SRX admits only these services to itself`));
    }
  }
  const policyAcls = imp.security ? imp.compilePolicies() : [];
  acls.push(...policyAcls);
  const unitsOfZone = (zone: string) => (imp.zones.get(zone)?.interfaces ?? []).map((n) => imp.units.get(n)).filter((u): u is Unit => u !== undefined);
  const nat = compileNat(imp, unitsOfZone, policyAcls);
  const node = {
    kind: imp.security ? 'firewall' : 'router',
    ...(imp.security ? { stateful: true } : {}),
    interfaces: {},
    ...(imp.routes.length ? { routes: imp.routes } : {}),
    ...(acls.length ? { acls } : {}),
    ...(nat.length ? { nat } : {}),
  } as RawNode;
  return { device: safeName(device), interfaces, fragment: { nodes: { [safeName(device)]: node } }, ledgers };
}

export const junosImporter: Importer = {
  format: 'junos',
  description: 'Juniper Junos / SRX configuration (hierarchical or `display set`): firewall filters, security zones and policies, NAT, static routes',
  importDevice: importJunos,
};

/** For render comparisons (Aerleon): every `firewall family inet filter` of a configuration as rules, applied or not. */
export function junosFilterRules(file: InputFile): { filters: Map<string, DraftRule[]>; ledger: LineLedger } {
  const imp = new JunosImport(file);
  const parsed = parseJunos(file.text, imp.ledger);
  for (const s of parsed.inactive) imp.ignore(s, 'inactive (not in effect on the device)');
  for (const s of parsed.statements) imp.statement(s);
  const filters = new Map<string, DraftRule[]>();
  for (const f of imp.filters.values()) filters.set(f.name, compileFilter(f, imp.prefixLists, imp.ledger, file.path).rules);
  return { filters, ledger: imp.ledger };
}

