/**
 * `segproof import cisco-ios`: a Cisco IOS / IOS-XE router (NX-OS-style `ip access-list NAME` and
 * `A/len` prefixes accepted too), optionally with its forwarding table (`show ip route`-like dump in
 * the Stanford `Prefix Next-Hop Interface` format) as a second file.
 *
 * Mapping:
 * * A router without zone-based firewall is a segproof `router`: stateless, permits when no ACL
 *   applies. `ip access-group NAME in|out` binds the ACL (implicit deny at its end) to the interface
 *   and to each of its secondary addresses (one segproof interface per address; a secondary in a
 *   subnet of its own is unknown and verdict-changing: it shares the primary's broadcast domain, which
 *   segproof's separate segments do not); an access-group
 *   naming an ACL that does not exist, or one without entries (only remarks, or every entry deleted),
 *   filters nothing on IOS ("an interface or command with an empty access list applied to it permits
 *   all traffic"), so nothing is bound.
 * * With `zone-member security` on any interface the device is a stateful `firewall`; see cisco-zbf.ts.
 * * `ip route` static routes; with a forwarding table, its entries replace static and dynamic routes.
 *   Without one, a `router bgp/ospf/eigrp/rip/isis` block is unknown and verdict-changing: the routes
 *   it learns are missing, and missing routes could hide a path.
 * * NAT: `ip nat inside source static A B` and `ip nat inside source list ACL interface IF overload`
 *   become destination NAT on the outside interfaces' ingress and source NAT on their egress. IOS
 *   filters an outside interface's `in` ACL before translating, segproof after; when such an ACL
 *   exists the NAT line is unknown (verdict-changing) rather than silently misordered.
 */
import { formatIpv4, maskOf, parseIpv4 } from '../../net/ipv4.js';
import type { IncludeFile, RawAcl, RawNat, RawNode, RawRoute, RawRule } from '../../topology/format.js';
import { LineLedger } from '../ledger.js';
import { NameSpace, safeName } from '../names.js';
import type { DeviceImport, DeviceInterface, Importer, ImportOptions, InputFile } from '../types.js';
import { ANY_PORTS, maskLength, parseAclEntry, portNumber, protocolOf, type AclContext, type CiscoAclEntry, type CiscoService, type Range } from './cisco-acl-line.js';
import { entryRule, lineDescription, markAll, parseBlocks, type Block } from './cisco-config.js';
import { parseForwardingTable } from './cisco-routes.js';
import { buildZbf, isZbfBlock } from './cisco-zbf.js';

/** One ACL as written: numbered lines or a named block. */
export interface IosAcl {
  readonly name: string;
  readonly standard: boolean;
  /**
   * In sequence-number order, the order IOS evaluates them in (not file order: `15 permit …` written
   * after `20 deny …` comes first). `seq`: the entry's sequence number, explicit or as IOS assigns it
   * (10 past the highest so far), the vendor's stable name for it.
   */
  readonly entries: { readonly line: number; readonly tokens: readonly string[]; readonly text: string; seq: number }[];
  /** Parsed entries (filled once every object-group is known). */
  parsed?: { line: number; text: string; seq: number; result: ReturnType<typeof parseAclEntry> }[];
  used: boolean;
}

export interface IosInterface {
  readonly name: string;
  readonly line: number;
  description?: string;
  primary?: { address: number; length: number };
  primaryLine?: number;
  secondaries: { address: number; length: number; line: number }[];
  shutdown: boolean;
  accessGroups: { in?: { acl: string; line: number }; out?: { acl: string; line: number } };
  zone?: string;
  natSide?: 'inside' | 'outside';
  /** `ip directed-broadcast [ACL]`: packets to a subnet's broadcast address go out as link-layer broadcasts. */
  directedBroadcastLine?: number;
  /** The first `ipv6 address` / `ipv6 enable` line: the interface takes part in IPv6. */
  ipv6Line?: number;
}

/** What the ZBF builder and the NAT mapping read from the parsed configuration. */
export interface IosConfig {
  readonly file: string;
  readonly ledger: LineLedger;
  readonly acls: Map<string, IosAcl>;
  readonly interfaces: IosInterface[];
  readonly aclContext: AclContext;
  /** Rules of an ACL (its name in segproof rule names is not needed: rule names come from lines). */
  rulesOf(acl: IosAcl): RawRule[];
}

const HARMLESS_TOP: readonly [RegExp, string][] = [
  [/^(end|exit|version|service|no service|boot|boot-start-marker|boot-end-marker|hostname)\b/, 'device housekeeping'],
  [/^(logging|no logging|ntp|sntp|clock|snmp-server|snmp|rmon|alias|privilege|exception|scheduler|call-home|archive|license|diagnostic|memory|errdisable|power|udld|transceiver|platform|hw-module|card|module|kron|event|process|system|call|wsma|netconf|restconf|energywise|cts|stopbits|security|login|secure|tftp-server|macro|file|no file)\b/, 'management, logging or hardware setting'],
  [/^(aaa|no aaa|enable|username|tacacs-server|radius-server|radius|tacacs|key|crypto pki|crypto key|crypto ca|dot1x|access-session|authentication)\b/, 'authentication and management credentials'],
  [/^(ip domain|ip domain-name|ip domain-lookup|no ip domain|no ip domain-lookup|ip name-server|ip host|ip cef|no ip cef|ip tcp|ip forward-protocol|ip http|no ip http|ip ssh|ip scp|ip ftp|ip tftp|ip rcmd|ip bootp|no ip bootp|no ip source-route|ip source-route|ip classless|ip subnet-zero|ip finger|no ip finger|ip flow-export|ip flow-cache|ip flow-top-talkers|ip sla|track|ip dhcp|no ip dhcp|ip multicast-routing|ip pim|ip igmp|ip mroute|ip dvmrp|ip msdp|ip arp|ip radius|ip tacacs|ip accounting|ip options|no ip gratuitous-arps|ip gratuitous-arps|ip icmp|ip routing|ip device|ip auth-proxy|ip admission|ip vrf|vrf definition|multilink|control-plane|redundancy|spanning-tree|cdp|no cdp|lldp|vtp|port-channel|mac-address-table|mac address-table|mls|monitor|vlan|no vlan|no crypto ipsec nat-transparency|dns|default|fabric|feature|diagnostics|mpls ldp|ip ospf name-lookup|ip bgp-community|ip community-list|ip extcommunity-list|ip prefix-list|ip as-path|no ip bgp|spanning|qos|no mls|class-map|policy-map|table-map|parameter-map type regex|ip telnet|line|ip icmp|no ip icmp|ip ips|ip inspect name)\b/, 'does not filter or forward unicast IPv4 packets'],
];

const HARMLESS_INTERFACE: readonly [RegExp, string][] = [
  [/^(switchport|no switchport|spanning-tree|speed|duplex|mtu|bandwidth|negotiation|no negotiation|media-type|cdp|no cdp|lldp|load-interval|keepalive|no keepalive|logging|no logging|channel-group|arp|hold-queue|delay|carrier-delay|power|udld|storm-control|mls|wrr-queue|rcv-queue|priority-queue|flowcontrol|lacp|dampening|ntp|snmp|no snmp|ip mtu|ip tcp adjust-mss|ip route-cache|no ip route-cache|ip mroute-cache|no ip mroute-cache|ip pim|ip igmp|ip cgmp|ip dvmrp|ip flow|ip ospf|ip rip|ip eigrp|ip authentication|ip hello-interval|ip hold-time|ip summary-address|ip split-horizon|no ip split-horizon|ip bandwidth-percent|ip sap|ip multicast|no ip redirects|ip redirects|no ip unreachables|ip unreachables|no ip proxy-arp|ip proxy-arp|no ip directed-broadcast|no ip mask-reply|no ip local-proxy-arp|ip local-proxy-arp|ip accounting|ip nbar|ip virtual-reassembly|no ip virtual-reassembly|service-policy|encapsulation|standby|vrrp|glbp|mac-address|shutdown|no shutdown|description|no description|no ip address|no ipv6|mpls|tag-switching|pvc|ppp|dialer|no peer|no fair-queue|fair-queue|ip dhcp|no mop|no ip route-cache cef|source|ip igmp|tunnel mode|nameif|security-level|bfd|physical-layer|channel-protocol|no lldp|async|no peer|group-range)\b/, 'interface setting that does not filter or forward unicast IPv4 packets'],
];

/** `10.1.2.0/24` for an interface address with its prefix length. */
function subnetText(a: { address: number; length: number }): string {
  return `${formatIpv4((a.address & maskOf(a.length)) >>> 0)}/${a.length}`;
}

function harmless(tokens: readonly string[], table: readonly [RegExp, string][]): string | undefined {
  const text = tokens.join(' ');
  for (const [re, reason] of table) if (re.test(text)) return reason;
  return undefined;
}

function parseAddressMask(a: string | undefined, m: string | undefined): { address: number; length: number; consumed: number } | undefined {
  if (a === undefined) return undefined;
  if (a.includes('/')) {
    const [x, l] = a.split('/');
    const address = parseIpv4(x ?? '');
    const length = Number(l);
    if (address === undefined || !/^\d{1,2}$/.test(l ?? '') || length > 32) return undefined;
    return { address, length, consumed: 1 };
  }
  const address = parseIpv4(a);
  const mask = parseIpv4(m ?? '');
  if (address === undefined || mask === undefined) return undefined;
  const length = maskLength(mask);
  return length === undefined ? undefined : { address, length, consumed: 2 };
}

const isStandardNumber = (n: number) => (n >= 1 && n <= 99) || (n >= 1300 && n <= 1999);
const isExtendedNumber = (n: number) => (n >= 100 && n <= 199) || (n >= 2000 && n <= 2699);

/** Service entries of an IOS `object-group service` line: `tcp [source OP P] [OP P]`, `tcp-udp eq P`, `icmp [TYPE]`, `ip`, a protocol. */
function serviceGroupEntry(tokens: readonly string[]): CiscoService[] | undefined {
  const proto = tokens[0]?.toLowerCase() ?? '';
  const protocols = proto === 'tcp-udp' ? [6, 17] : (() => {
    const p = protocolOf(proto);
    return p.ok ? [p.protocol] : undefined;
  })();
  if (!protocols) return undefined;
  if (protocols.length === 1 && protocols[0] !== 6 && protocols[0] !== 17) {
    if (protocols[0] === 1 && tokens[1] !== undefined) {
      const parsed = parseAclEntry(['permit', 'icmp', 'any', 'any', ...tokens.slice(1)], { style: 'wildcard' });
      return parsed.ok ? [...parsed.entry.services] : undefined;
    }
    return tokens.length === 1 ? [{ protocol: protocols[0], src: ANY_PORTS, dst: ANY_PORTS }] : undefined;
  }
  let i = 1;
  const read = (): Range[] | undefined | null => {
    const op = tokens[i]?.toLowerCase();
    if (op === undefined) return null;
    const port = (k: number) => portNumber(tokens[k] ?? '', protocols.length === 1 ? protocols[0] : undefined);
    if (op === 'eq') {
      const out: Range[] = [];
      let k = i + 1;
      while (port(k) !== undefined) {
        out.push([port(k) as number, port(k) as number]);
        k++;
      }
      i = k;
      return out.length ? out : undefined;
    }
    if (op === 'range') {
      const a = port(i + 1);
      const b = port(i + 2);
      i += 3;
      return a === undefined || b === undefined ? undefined : [[a, b]];
    }
    if (op === 'lt' || op === 'gt' || op === 'neq') {
      const p = port(i + 1);
      i += 2;
      if (p === undefined) return undefined;
      if (op === 'lt') return [[0, p - 1]];
      if (op === 'gt') return [[p + 1, 65535]];
      return ([[0, p - 1], [p + 1, 65535]] as Range[]).filter(([a, b]) => a <= b);
    }
    return undefined;
  };
  let src: Range[] = [ANY_PORTS];
  let dst: Range[] = [ANY_PORTS];
  if (tokens[i]?.toLowerCase() === 'source') {
    i++;
    const s = read();
    if (!s) return undefined;
    src = s;
  }
  if (i < tokens.length) {
    const d = read();
    if (!d) return undefined;
    dst = d;
  }
  if (i < tokens.length) return undefined;
  const out: CiscoService[] = [];
  for (const protocol of protocols) for (const s of src) for (const d of dst) out.push({ protocol, src: s, dst: d });
  return out;
}

interface ObjectGroups {
  readonly addressNames: NameSpace;
  readonly addresses: Record<string, string[]>;
  /** vendor name → segproof address object name */
  readonly addressRef: Map<string, string>;
  readonly services: Map<string, CiscoService[]>;
}

/** `object-group network|service NAME` blocks. Members of unknown shape make the group unknown (verdict-changing only when used). */
function readObjectGroups(blocks: readonly Block[], ledger: LineLedger): { groups: ObjectGroups; problems: Map<string, { line: number; reason: string }> } {
  const groups: ObjectGroups = { addressNames: new NameSpace(), addresses: {}, addressRef: new Map(), services: new Map() };
  const problems = new Map<string, { line: number; reason: string }>();
  const serviceBlocks: Block[] = [];
  for (const b of blocks) {
    if (b.tokens[0] !== 'object-group') continue;
    const kind = b.tokens[1];
    const name = b.tokens[2] ?? '';
    if (kind === 'network') {
      const ref = groups.addressNames.name(name);
      groups.addressRef.set(name, ref);
      const refs: string[] = [];
      ledger.understood(b.line);
      for (const c of b.children) {
        const t = c.tokens;
        const head = t[0]?.toLowerCase();
        if (head === 'description') {
          ledger.ignored(c.line, 'description');
          continue;
        }
        if (head === 'host' && parseIpv4(t[1] ?? '') !== undefined && t.length === 2) refs.push(`${formatIpv4(parseIpv4(t[1] as string) as number)}/32`);
        else if (head === 'range' && parseIpv4(t[1] ?? '') !== undefined && parseIpv4(t[2] ?? '') !== undefined) refs.push(`${t[1]}-${t[2]}`);
        else if (head === 'group-object' && t[1] !== undefined) refs.push(groups.addressNames.name(t[1]));
        else if (head === 'any') refs.push('any');
        else {
          const am = parseAddressMask(t[0], t[1]);
          if (am && am.consumed === t.length) refs.push(`${formatIpv4((am.address & maskOf(am.length)) >>> 0)}/${am.length}`);
          else {
            problems.set(name, { line: c.line, reason: `network object-group member not understood: ${c.text.trim()}` });
            continue;
          }
        }
        ledger.understood(c.line);
      }
      groups.addresses[ref] = refs;
    } else if (kind === 'service') serviceBlocks.push(b);
  }
  // service groups may include each other: resolve in dependency order
  const pending = new Map(serviceBlocks.map((b) => [b.tokens[2] ?? '', b]));
  const resolve = (name: string, seen: Set<string>): CiscoService[] | undefined => {
    const known = groups.services.get(name);
    if (known) return known;
    const b = pending.get(name);
    if (!b || seen.has(name)) return undefined;
    seen.add(name);
    const out: CiscoService[] = [];
    ledger.understood(b.line);
    for (const c of b.children) {
      const head = c.tokens[0]?.toLowerCase();
      if (head === 'description') {
        ledger.ignored(c.line, 'description');
        continue;
      }
      const entries = head === 'group-object' ? resolve(c.tokens[1] ?? '', seen) : serviceGroupEntry(c.tokens);
      if (!entries) {
        problems.set(name, { line: c.line, reason: `service object-group member not understood: ${c.text.trim()}` });
        continue;
      }
      out.push(...entries);
      ledger.understood(c.line);
    }
    groups.services.set(name, out);
    return out;
  };
  for (const name of pending.keys()) resolve(name, new Set());
  return { groups, problems };
}

/**
 * Adds an entry where IOS puts it: by its sequence number (an entry without one gets 10 past the
 * highest so far, i.e. it is appended). A sequence number already taken is refused by IOS
 * ("% Duplicate sequence number"), so that line is left out.
 */
function addEntry(acl: IosAcl, ledger: LineLedger, entry: { line: number; tokens: readonly string[]; text: string }, explicit: number | undefined): void {
  const last = acl.entries[acl.entries.length - 1];
  const seq = explicit ?? (last ? last.seq : 0) + 10;
  const taken = acl.entries.find((e) => e.seq === seq);
  if (taken) {
    ledger.ignored(entry.line, `IOS refuses it: sequence number ${seq} is already taken in ACL ${acl.name} (line ${taken.line})`);
    return;
  }
  const at = acl.entries.findIndex((e) => e.seq > seq);
  acl.entries.splice(at < 0 ? acl.entries.length : at, 0, { ...entry, seq });
}

function readAcls(blocks: readonly Block[], ledger: LineLedger): Map<string, IosAcl> {
  const acls = new Map<string, IosAcl>();
  for (const b of blocks) {
    const t = b.tokens;
    // `no ip access-list extended NAME` / `no access-list N` (as Aerleon and config pushes write them
    // before a definition): the list is deleted, and what follows defines it afresh.
    const removed = t[0] !== 'no' ? undefined : t[1] === 'access-list' ? t[2] : t[1] === 'ip' && t[2] === 'access-list' ? (t[3] === 'standard' || t[3] === 'extended' ? t[4] : t[3]) : undefined;
    if (removed !== undefined) {
      for (const entry of acls.get(removed)?.entries ?? []) ledger.ignored(entry.line, `deleted by \`no … access-list ${removed}\` at line ${b.line}`);
      acls.delete(removed);
      ledger.understood(b.line);
      continue;
    }
    if (t[0] === 'access-list' && t[1] !== undefined && /^\d+$/.test(t[1])) {
      const n = Number(t[1]);
      if (!isStandardNumber(n) && !isExtendedNumber(n)) continue;
      const acl = acls.get(t[1]) ?? { name: t[1], standard: isStandardNumber(n), entries: [], used: false };
      acls.set(t[1], acl);
      if (t[2] === 'remark') ledger.ignored(b.line, 'remark');
      else if (t[2] === 'dynamic') continue; // left unmarked: lock-and-key entries are not modelled
      else addEntry(acl, ledger, { line: b.line, tokens: t.slice(2), text: b.text }, undefined);
    } else if (t[0] === 'ip' && t[1] === 'access-list' && t[2] !== undefined) {
      let standard = false;
      let name = t[2];
      if (t[2] === 'standard' || t[2] === 'extended') {
        standard = t[2] === 'standard';
        name = t[3] ?? '';
      } else if (t[2] === 'resequence' && t[3] !== undefined && t.slice(4).every((x) => /^\d+$/.test(x)) && t.length <= 6) {
        // `ip access-list resequence NAME [START [STEP]]` renumbers the entries (order kept), which
        // decides where entries written with a sequence number afterwards go
        const acl = acls.get(t[3]);
        const start = Number(t[4] ?? 10);
        const step = Number(t[5] ?? 10);
        acl?.entries.forEach((e, k) => (e.seq = start + k * step));
        if (acl) ledger.understood(b.line);
        else ledger.ignored(b.line, `ACL ${t[3]} is not defined: nothing to renumber`);
        continue;
      } else if (['logging', 'resequence', 'log-update', 'role-based', 'persistent'].includes(t[2])) {
        ledger.ignored(b.line, 'ACL housekeeping');
        continue;
      }
      if (/^\d+$/.test(name)) standard = isStandardNumber(Number(name));
      const acl = acls.get(name) ?? { name, standard, entries: [], used: false };
      acls.set(name, acl);
      ledger.understood(b.line);
      for (const c of b.children) {
        let tokens = c.tokens;
        let seq: string | undefined;
        if (/^\d+$/.test(tokens[0] ?? '')) {
          seq = tokens[0];
          tokens = tokens.slice(1);
        }
        if (tokens[0] === 'remark' || tokens[0] === 'statistics' || tokens[0] === 'fragments') {
          ledger.ignored(c.line, tokens[0] === 'remark' ? 'remark' : 'ACL housekeeping');
          continue;
        }
        if (seq === undefined && tokens[0] === 'no' && /^\d+$/.test(tokens[1] ?? '') && tokens.length === 2) {
          // `no 20`: deletes the entry with that sequence number
          const k = acl.entries.findIndex((e) => e.seq === Number(tokens[1]));
          const gone = acl.entries[k];
          if (gone) {
            acl.entries.splice(k, 1);
            ledger.ignored(gone.line, `deleted by \`no ${tokens[1]}\` at line ${c.line}`);
            ledger.understood(c.line);
          } else ledger.ignored(c.line, `ACL ${name} has no entry ${tokens[1]}: nothing deleted`);
          continue;
        }
        addEntry(acl, ledger, { line: c.line, tokens, text: c.text }, seq === undefined ? undefined : Number(seq));
      }
    }
  }
  return acls;
}

export const ciscoIosImporter: Importer = {
  format: 'cisco-ios',
  description: 'Cisco IOS/IOS-XE running-config (ACLs, object-groups, access-groups, static routes, zone-based firewall, basic NAT), optionally followed by a forwarding-table dump',
  importDevice(files: readonly InputFile[], options: ImportOptions): DeviceImport {
    const [config, ...dumps] = files;
    if (!config) throw new Error('cisco-ios needs a configuration file');
    const ledger = new LineLedger(config.path, config.text);
    const blocks = parseBlocks(ledger);
    const tableLedgers = dumps.map((d) => new LineLedger(d.path, d.text));
    const hasTable = tableLedgers.length > 0;

    const { groups, problems: groupProblems } = readObjectGroups(blocks, ledger);
    const acls = readAcls(blocks, ledger);
    const usedGroups = new Set<string>();
    const interfaces: IosInterface[] = [];
    const aclContext: AclContext = {
      style: 'wildcard',
      addressGroup: (name) => {
        const ref = groups.addressRef.get(name);
        if (ref !== undefined) usedGroups.add(name);
        return ref;
      },
      serviceGroup: (name) => {
        const s = groups.services.get(name);
        if (s !== undefined) usedGroups.add(name);
        return s;
      },
    };
    for (const acl of acls.values()) {
      acl.parsed = acl.entries.map((e) => ({ line: e.line, text: e.text, seq: e.seq, result: parseAclEntry(e.tokens, aclContext, acl.standard) }));
    }
    const rulesOf = (acl: IosAcl): RawRule[] => {
      const rules: RawRule[] = [];
      // Rules are named by the entry's sequence number, as `show access-lists` numbers them (explicit, or
      // 10 past the highest before it), so that `diff` pairs an entry across versions of the file.
      const names = new NameSpace();
      for (const p of acl.parsed ?? []) {
        if (!p.result.ok) continue;
        const { rule } = entryRule(p.result.entry, names.name(`s${p.seq}`), lineDescription(config.path, p.line, p.text));
        if (rule) rules.push(rule);
      }
      return rules;
    };

    let hostname: string | undefined;
    let ipv6Routing: Block | undefined;
    const routeMaps = new Map<string, Block[]>();
    for (const b of blocks) if (b.tokens[0] === 'route-map' && b.tokens[1]) routeMaps.set(b.tokens[1], [...(routeMaps.get(b.tokens[1]) ?? []), b]);
    const pbrMaps = new Set<string>();
    const routingBlocks: Block[] = [];
    const staticRoutes: { route: RawRoute; line: number; via?: number; iface?: string }[] = [];
    const natBlocks: Block[] = [];
    const zbfBlocks: Block[] = [];

    for (const b of blocks) {
      const t = b.tokens;
      const head2 = `${t[0]} ${t[1] ?? ''}`;
      if (t[0] === 'hostname') {
        hostname = t[1];
        ledger.understood(b.line);
      } else if (t[0] === 'interface') interfaces.push(readInterface(b, ledger, acls, routeMaps, pbrMaps));
      else if (t[0] === 'access-list' || head2 === 'ip access-list' || t[0] === 'object-group') continue; // marked below
      else if (head2 === 'no access-list' || (head2 === 'no ip' && t[2] === 'access-list')) continue; // marked by readAcls
      else if (head2 === 'ip route') staticRoutes.push(...readStaticRoute(b, ledger, hasTable));
      else if (head2 === 'ip nat') natBlocks.push(b);
      else if (isZbfBlock(t)) zbfBlocks.push(b);
      else if (t[0] === 'router') routingBlocks.push(b);
      else if (t[0] === 'route-map') continue; // after interfaces: PBR or routing policy
      else if (head2 === 'ipv6 unicast-routing') ipv6Routing = b;
      else if (t[0] === 'ipv6' || head2 === 'no ipv6') markAll(b, (n) => ledger.ignored(n, 'IPv6 (segproof models IPv4 only)'));
      else if (t[0] === 'line') readLine(b, ledger, acls);
      else if (head2 === 'ip default-network' || head2 === 'no ip' && t[2] === 'routing' || head2 === 'no ip' && t[2] === 'classless' || head2 === 'ip wccp' || head2 === 'ip policy') {
        markAll(b, (n) => ledger.unknown(n, 'changes forwarding in a way segproof does not model', true));
      } else if (head2 === 'crypto map' || head2 === 'crypto isakmp' || head2 === 'crypto ipsec' || head2 === 'crypto dynamic-map') {
        markAll(b, (n) => ledger.ignored(n, 'VPN definition: it filters or forwards only where an interface applies a crypto map (marked there)'));
      } else {
        const reason = harmless(t, HARMLESS_TOP);
        if (reason) markAll(b, (n) => ledger.ignored(n, reason));
        // anything else stays unmarked: the ledger reports it unknown and verdict-changing
      }
    }
    // IPv6 routed between two interfaces passes every IPv4 ACL: the model, IPv4 only, would miss that path.
    const ipv6Interfaces = interfaces.filter((i) => i.ipv6Line !== undefined && !i.shutdown);
    if (ipv6Routing) {
      const reason = ipv6Interfaces.length >= 2
        ? `IPv6 is routed between ${ipv6Interfaces.map((i) => i.name).join(', ')}, past the IPv4 ACLs: segproof models IPv4 only`
        : 'IPv6 routing, with fewer than two IPv6 interfaces: nothing is routed (segproof models IPv4 only)';
      markAll(ipv6Routing, (n) => (ipv6Interfaces.length >= 2 ? ledger.unknown(n, reason, true) : ledger.ignored(n, reason)));
    }
    for (const [name, maps] of routeMaps) {
      for (const b of maps) {
        if (pbrMaps.has(name)) markAll(b, (n) => ledger.unknown(n, `route-map ${name} steers packets by policy-based routing, which segproof does not model`, true));
        else markAll(b, (n) => ledger.ignored(n, 'routing policy for dynamic routing protocols (their effect is in the forwarding table, or flagged at the router block)'));
      }
    }
    for (const b of routingBlocks) {
      if (hasTable) markAll(b, (n) => ledger.ignored(n, 'dynamic routing: the routes it learns are taken from the forwarding table given'));
      else {
        ledger.unknown(b.line, `${b.tokens.slice(0, 2).join(' ')}: dynamically learned routes are not in the configuration (give the forwarding table as a second file); missing routes could hide a path`, true);
        for (const c of b.children.flatMap((x) => [x, ...x.children.flatMap(function all(y): Block[] { return [y, ...y.children.flatMap(all)]; })])) ledger.unknown(c.line, `part of the routing-protocol block at line ${b.line}`, false);
      }
    }

    const device = options.deviceName ?? hostname ?? config.path.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '');
    const iosConfig: IosConfig = { file: config.path, ledger, acls, interfaces, aclContext, rulesOf };
    const zbf = buildZbf(zbfBlocks, iosConfig);

    // interfaces as segproof interfaces (one per address) and their ACL bindings
    const deviceInterfaces: DeviceInterface[] = [];
    const aclNames = new NameSpace();
    const aclsOut: RawAcl[] = [];
    const addressesOf = new Map<string, string[]>();
    // connected prefixes must not overlap (segproof segments are disjoint): a later overlapping one is left out
    const taken: { network: number; length: number; owner: string }[] = [];
    const overlapping = (a: { address: number; length: number }) => {
      const network = (a.address & maskOf(a.length)) >>> 0;
      return taken.find((t) => {
        const m = maskOf(Math.min(t.length, a.length));
        return ((t.network & m) >>> 0) === ((network & m) >>> 0);
      });
    };
    const take = (a: { address: number; length: number }, owner: string) => taken.push({ network: (a.address & maskOf(a.length)) >>> 0, length: a.length, owner });
    for (const itf of interfaces) {
      // `ip directed-broadcast` (IOS default since 12.0: off): a packet routed to the broadcast address of
      // one of the interface's subnets leaves as a link-layer broadcast, received by every host there. In
      // segproof that address belongs to no host, so what an ACL lets through to it (Wake-on-LAN, a smurf)
      // reaches no one in the model: less than on the device.
      if (itf.directedBroadcastLine !== undefined) {
        const subnets = [itf.primary, ...itf.secondaries].filter((a): a is { address: number; length: number } => a !== undefined && a.length < 31);
        if (itf.shutdown || subnets.length === 0) ledger.ignored(itf.directedBroadcastLine, itf.shutdown ? 'the interface is shut down' : 'the interface has no subnet with a broadcast address');
        else ledger.unknown(itf.directedBroadcastLine, `directed broadcasts to ${subnets.map(subnetText).join(', ')} reach every host on it (segproof delivers a packet to a subnet's broadcast address to no host)`, true);
      }
      if (itf.shutdown || !itf.primary) continue;
      const clash = overlapping(itf.primary);
      if (clash) {
        ledger.unknown(itf.primaryLine ?? itf.line, `the subnet overlaps ${clash.owner}'s: the interface is left out (segproof segments are disjoint)`, true);
        continue;
      }
      take(itf.primary, itf.name);
      const primary = itf.primary;
      const names: string[] = [itf.name];
      const zone = zbf.active ? safeName(itf.zone ?? zbf.unzoned) : undefined;
      deviceInterfaces.push({ name: itf.name, cidr: `${formatIpv4(itf.primary.address)}/${itf.primary.length}`, description: itf.description, zone, line: { file: config.path, line: itf.line } });
      itf.secondaries.forEach((s, k) => {
        const other = overlapping(s);
        if (other) {
          ledger.unknown(s.line, other.owner === itf.name ? `a second address in a subnet ${itf.name} already connects: the router answers at it too, which segproof (one address per interface and segment) leaves out` : `the subnet overlaps ${other.owner}'s: left out (segproof segments are disjoint)`, other.owner !== itf.name);
          return;
        }
        take(s, itf.name);
        // One interface, one link: the secondary subnet shares the primary's broadcast domain, so a host of
        // either takes (or ARPs for) an address of the other and reaches its hosts directly, past the
        // router and its ACLs. segproof gives each subnet a segment of its own (which can lie in another
        // zone), a separation the device does not have. Whether the two land in zones of one class is
        // only known once the interfaces are placed, after the import is summarised: marked always.
        ledger.unknown(s.line, `${subnetText(s)} and ${subnetText(primary)} share ${itf.name}'s broadcast domain; hosts of one reach the other without the router (segproof puts each subnet on a segment of its own)`, true);
        const name = `${itf.name}-sec${k + 1}`;
        names.push(name);
        deviceInterfaces.push({ name, cidr: `${formatIpv4(s.address)}/${s.length}`, description: `secondary address of ${itf.name}`, zone, line: { file: config.path, line: s.line } });
      });
      addressesOf.set(itf.name, names);
      for (const direction of ['in', 'out'] as const) {
        const group = itf.accessGroups[direction];
        const acl = group ? acls.get(group.acl) : undefined;
        // undefined or empty: IOS filters nothing with it (the access-group line says so in the ledger)
        if (!group || !acl || acl.entries.length === 0) continue;
        acl.used = true;
        const rules = rulesOf(acl);
        for (const n of names) {
          aclsOut.push({ name: aclNames.name(`${acl.name}-${n}-${direction}`), bind: { interface: safeName(n), direction }, default: 'deny', rules, description: lineDescription(config.path, group.line, ledger.text(group.line)) });
        }
      }
    }
    const selfAddresses = deviceInterfaces.map((d) => (d.cidr as string).split('/')[0] as string);
    // IOS out ACLs do not filter packets the router sends itself (its replies included); segproof's do,
    // so each starts with a rule permitting the router's own addresses as sources (forged ones pass too)
    if (selfAddresses.length > 0) {
      const own = selfAddresses.map((a) => `${a}/32`);
      const fromSelf: RawRule = { name: 'from-self', action: 'permit', src: own.length === 1 ? (own[0] as string) : own, description: 'IOS: an out ACL does not filter what the router sends itself; permitted (over-approximation: a forged source of these addresses passes too)' };
      aclsOut.forEach((a, k) => {
        if ('direction' in a.bind && a.bind.direction === 'out') aclsOut[k] = { ...a, rules: [fromSelf, ...a.rules] };
      });
    }
    aclsOut.push(...zbf.acls(addressesOf, selfAddresses, aclNames));

    // NAT
    const nat = readNat(natBlocks, iosConfig, addressesOf);

    // ACL lines: fate per parse; a parse failure counts as verdict-changing only in a used ACL
    for (const acl of acls.values()) {
      for (const p of acl.parsed ?? []) {
        if (!p.result.ok) {
          ledger.unknown(p.line, `ACL ${acl.name}: ${p.result.reason}`, acl.used);
          continue;
        }
        const { fate } = entryRule(p.result.entry, 'x', '');
        if (fate.fate === 'approximated' && acl.used) ledger.approximated(p.line, fate.reason);
        else ledger.understood(p.line);
      }
      if (!acl.used) for (const e of acl.entries) if (ledger.text(e.line).trim() !== '') ledger.understood(e.line);
    }
    for (const [name, problem] of groupProblems) ledger.unknown(problem.line, problem.reason, usedGroups.has(name));

    // routes: the forwarding table, else static routes
    let routes: RawRoute[];
    const connected = deviceInterfaces.flatMap((d) => {
      const [a, l] = (d.cidr as string).split('/');
      const address = parseIpv4(a as string) as number;
      const length = Number(l);
      return [{ name: d.name, address, network: (address & maskOf(length)) >>> 0, length }];
    });
    if (hasTable) {
      routes = [];
      for (const [k, dump] of dumps.entries()) routes.push(...parseForwardingTable(tableLedgers[k] as LineLedger, dump.path, connected, addressesOf));
    } else {
      routes = [];
      for (const s of staticRoutes) {
        if (s.via !== undefined && !connected.some((c) => c.length > 0 && ((s.via as number) & maskOf(c.length)) >>> 0 === c.network && c.address !== s.via)) {
          ledger.unknown(s.line, `next hop ${formatIpv4(s.via)} is on no connected, addressed interface: the route cannot be placed`, true);
          continue;
        }
        if (s.iface !== undefined && !addressesOf.has(s.iface)) {
          ledger.unknown(s.line, `exit interface ${s.iface} has no IPv4 address or is shut down`, true);
          continue;
        }
        routes.push(s.route);
      }
    }

    const node: RawNode = zbf.active
      ? { kind: 'firewall', stateful: true, interfaces: {}, ...(routes.length ? { routes } : {}), ...(aclsOut.length ? { acls: aclsOut } : {}), ...(nat.length ? { nat } : {}) }
      : { kind: 'router', interfaces: {}, ...(routes.length ? { routes } : {}), ...(aclsOut.length ? { acls: aclsOut } : {}), ...(nat.length ? { nat } : {}) };
    const fragment: IncludeFile = {
      ...(Object.keys(groups.addresses).length ? { objects: { addresses: groups.addresses } } : {}),
      nodes: { [safeName(device)]: node },
    };
    return { device: safeName(device), interfaces: deviceInterfaces, fragment, ledgers: [ledger, ...tableLedgers] };
  },
};

function readInterface(b: Block, ledger: LineLedger, acls: Map<string, IosAcl>, routeMaps: Map<string, Block[]>, pbrMaps: Set<string>): IosInterface {
  const itf: IosInterface = { name: b.tokens.slice(1).join(''), line: b.line, secondaries: [], shutdown: false, accessGroups: {} };
  ledger.understood(b.line);
  for (const c of b.children) {
    const t = c.tokens;
    const text = t.join(' ');
    if (t[0] === 'description') {
      itf.description = c.text.trim().slice('description'.length).trim();
      ledger.ignored(c.line, 'description');
    } else if (t[0] === 'ip' && t[1] === 'address' && t[2] !== 'dhcp') {
      const am = parseAddressMask(t[2], t[3]);
      const secondary = t[t.length - 1] === 'secondary';
      if (!am) ledger.unknown(c.line, 'interface address not understood', true);
      else {
        if (secondary) itf.secondaries.push({ ...am, line: c.line });
        else {
          itf.primary = am;
          itf.primaryLine = c.line;
        }
        ledger.understood(c.line);
      }
    } else if (text === 'shutdown') {
      itf.shutdown = true;
      ledger.understood(c.line);
    } else if (t[0] === 'ip' && t[1] === 'access-group' && (t[3] === 'in' || t[3] === 'out') && t[2] !== undefined) {
      itf.accessGroups[t[3]] = { acl: t[2], line: c.line };
      const acl = acls.get(t[2]);
      if (!acl) ledger.ignored(c.line, `ACL ${t[2]} is not defined: IOS filters nothing with it`);
      else if (acl.entries.length === 0) ledger.ignored(c.line, `ACL ${t[2]} has no entries (only remarks, or all deleted): IOS permits all traffic through an empty access list, so nothing is bound`);
      else ledger.understood(c.line);
    } else if (t[0] === 'zone-member' && t[1] === 'security' && t[2]) {
      itf.zone = t[2];
      ledger.understood(c.line);
    } else if (t[0] === 'ip' && t[1] === 'nat' && (t[2] === 'inside' || t[2] === 'outside')) {
      itf.natSide = t[2];
      ledger.understood(c.line);
    } else if (t[0] === 'ip' && t[1] === 'verify' && t[2] === 'unicast') {
      ledger.approximated(c.line, 'unicast RPF check not modelled: packets with spoofed sources pass in the model (more than on the device)');
    } else if (t[0] === 'ip' && t[1] === 'policy' && t[2] === 'route-map' && t[3]) {
      if (routeMaps.has(t[3])) {
        pbrMaps.add(t[3]);
        ledger.unknown(c.line, `policy-based routing with route-map ${t[3]} is not modelled`, true);
      } else ledger.ignored(c.line, `route-map ${t[3]} is not defined in this configuration: IOS forwards by the routing table`);
    } else if (t[0] === 'ip' && t[1] === 'inspect') {
      ledger.unknown(c.line, 'CBAC inspection opens the interface ACLs for the replies of inspected sessions; segproof\'s router filters replies statelessly, so the model could deny replies the device passes', true);
    } else if (t[0] === 'ip' && t[1] === 'ips') {
      ledger.approximated(c.line, 'intrusion prevention not modelled: the model drops fewer packets than the device');
    } else if (t[0] === 'ip' && t[1] === 'helper-address') {
      // The relayed packets leave the router as its own, past the interface's inbound ACL: a path from this
      // segment to the helper that the model does not have (an INET VLAN's DHCP relayed to an LG server).
      ledger.unknown(c.line, `relays UDP broadcasts from this segment (DHCP and, by IOS default, TFTP, DNS, TACACS, time and NetBIOS) to ${t[2] ?? 'the helper'} as the router's own packets: a path segproof does not model`, true);
    } else if (t[0] === 'standby' && t.includes('ip')) {
      ledger.unknown(c.line, 'HSRP virtual address: the router also answers at it; segproof gives an interface one address, so the virtual address is not a target of its own', false);
    } else if (t[0] === 'ipv6') {
      ledger.ignored(c.line, 'IPv6 (segproof models IPv4 only)');
      if (t[1] === 'address' || t[1] === 'enable') itf.ipv6Line ??= c.line;
    } else if ((t[0] === 'ip' && t[1] === 'vrf' && t[2] === 'forwarding') || (t[0] === 'vrf' && t[1] === 'forwarding')) {
      ledger.unknown(c.line, 'VRF membership is not imported: the interface is modelled in the default routing table', true);
    } else if (t[0] === 'ip' && t[1] === 'directed-broadcast') {
      itf.directedBroadcastLine = c.line; // marked once the interface's subnets are known
    } else if (t[0] === 'ip' && t[1] === 'unnumbered') {
      ledger.unknown(c.line, 'unnumbered interface: it forwards without an address of its own, which the import cannot place', true);
    } else if (t[0] === 'tunnel' && (t[1] === 'source' || t[1] === 'destination')) {
      ledger.ignored(c.line, 'tunnel endpoint: the tunnel is modelled as the link its interface subnet stands for');
    } else if (t[0] === 'crypto' || (t[0] === 'ip' && t[1] === 'wccp') || (t[0] === 'tunnel' && t[1] !== 'mode') || (t[0] === 'mac' && t[1] === 'access-group')) {
      ledger.unknown(c.line, 'tunnel, VPN, redirection or layer-2 filter: not modelled', true);
    } else {
      const reason = harmless(t, HARMLESS_INTERFACE);
      if (reason) ledger.ignored(c.line, reason);
    }
  }
  return itf;
}

function readLine(b: Block, ledger: LineLedger, acls: Map<string, IosAcl>): void {
  ledger.ignored(b.line, 'terminal line settings');
  for (const c of b.children) {
    if (c.tokens[0] === 'access-class') {
      void acls;
      ledger.approximated(c.line, 'management-session filter (access-class) not modelled: sessions to the device pass in the model wherever its in ACLs allow');
    } else ledger.ignored(c.line, 'terminal line settings');
  }
}

function readStaticRoute(b: Block, ledger: LineLedger, hasTable: boolean): { route: RawRoute; line: number; via?: number; iface?: string }[] {
  const t = b.tokens;
  if (t[2] === 'vrf' || t[2] === 'profile' || t[2] === 'static') {
    ledger.unknown(b.line, 'VRF or special static route not modelled', true);
    return [];
  }
  const prefix = parseAddressMask(t[2], t[3]);
  if (!prefix) {
    ledger.unknown(b.line, 'route prefix not understood', true);
    return [];
  }
  const network = `${formatIpv4((prefix.address & maskOf(prefix.length)) >>> 0)}/${prefix.length}`;
  let i = 2 + prefix.consumed;
  let iface: string | undefined;
  let via: number | undefined;
  if (t[i] !== undefined && parseIpv4(t[i] as string) === undefined && !/^\d+$/.test(t[i] as string)) {
    iface = t[i];
    i++;
  }
  if (t[i] !== undefined && parseIpv4(t[i] as string) !== undefined) {
    via = parseIpv4(t[i] as string);
    i++;
  }
  if (hasTable) {
    ledger.ignored(b.line, 'static route: the forwarding table given holds the routes in effect');
    return [];
  }
  if (iface !== undefined && /^null/i.test(iface)) {
    ledger.understood(b.line);
    return [{ route: { prefix: network, drop: true }, line: b.line }];
  }
  // trailing: distance, tag, name, permanent, track
  const rest = t.slice(i);
  if (rest.some((x) => x === 'track' || x === 'dhcp' || x === 'multicast')) {
    ledger.unknown(b.line, 'conditional static route (track/dhcp) not modelled', true);
    return [];
  }
  if (via === undefined && iface === undefined) {
    ledger.unknown(b.line, 'static route without next hop or interface', true);
    return [];
  }
  ledger.understood(b.line);
  if (via !== undefined) return [{ route: { prefix: network, via: formatIpv4(via) }, line: b.line, via }];
  return [{ route: { prefix: network, interface: safeName(iface as string) }, line: b.line, iface }];
}

/** `ip nat inside source static A B` and `ip nat inside source list ACL interface IF overload`. */
function readNat(blocks: readonly Block[], cfg: IosConfig, addressesOf: Map<string, string[]>): RawNat[] {
  const out: RawNat[] = [];
  const names = new NameSpace();
  const outside = cfg.interfaces.filter((i) => i.natSide === 'outside' && !i.shutdown && i.primary);
  const filteredOutside = outside.some((i) => i.accessGroups.in || i.accessGroups.out);
  for (const b of blocks) {
    const t = b.tokens;
    const text = t.join(' ');
    const unknown = (reason: string) => markAll(b, (n) => cfg.ledger.unknown(n, reason, true));
    if (/^ip nat (translation|log)\b/.test(text)) {
      cfg.ledger.ignored(b.line, 'NAT housekeeping');
      continue;
    }
    if (outside.length === 0) {
      unknown('NAT without an addressed `ip nat outside` interface');
      continue;
    }
    if (filteredOutside) {
      unknown('an ACL filters an `ip nat outside` interface: IOS filters it before translating (in) or after (out), segproof the other way round');
      continue;
    }
    const description = lineDescription(cfg.file, b.line, b.text);
    if (t[2] === 'inside' && t[3] === 'source' && t[4] === 'static' && parseIpv4(t[5] ?? '') !== undefined && parseIpv4(t[6] ?? '') !== undefined) {
      const rest = t.slice(7).filter((x) => x !== 'extendable' && x !== 'no-alias' && x !== 'no-payload');
      if (rest.length > 0) {
        unknown(`static NAT options not modelled: ${rest.join(' ')}`);
        continue;
      }
      for (const itf of outside) {
        for (const ifName of addressesOf.get(itf.name) ?? []) {
          out.push({ name: names.name(`static-in-${ifName}-l${b.line}`), type: 'destination', interface: safeName(ifName), dst: `${t[6]}/32`, translateTo: t[5] as string });
          out.push({ name: names.name(`static-out-${ifName}-l${b.line}`), type: 'source', interface: safeName(ifName), src: `${t[5]}/32`, translateTo: t[6] as string });
        }
      }
      void description;
      cfg.ledger.understood(b.line);
      continue;
    }
    if (t[2] === 'inside' && t[3] === 'source' && t[4] === 'list' && t[6] === 'interface' && t[8] === 'overload' && t.length === 9) {
      const acl = cfg.acls.get(t[5] ?? '');
      const itf = cfg.interfaces.find((i) => i.name === t[7]);
      if (!acl || !itf?.primary) {
        unknown(`ACL ${t[5] ?? ''} or interface ${t[7] ?? ''} unknown`);
        continue;
      }
      acl.used = true;
      const entries = (acl.parsed ?? []).map((p) => p.result);
      if (entries.some((e) => !e.ok || e.entry.action === 'deny' || e.entry.widened.length > 0)) {
        unknown(`NAT list ${acl.name} has deny or unparsed entries: which packets are translated cannot be expressed`);
        continue;
      }
      const srcs = entries.flatMap((e) => (e.ok ? [...(e as { entry: CiscoAclEntry }).entry.src.refs] : []));
      for (const ifName of addressesOf.get(itf.name) ?? []) {
        out.push({ name: names.name(`overload-${ifName}-l${b.line}`), type: 'source', interface: safeName(ifName), src: srcs.length === 1 ? (srcs[0] as string) : srcs, translateTo: formatIpv4(itf.primary.address) });
      }
      cfg.ledger.understood(b.line);
      continue;
    }
    // everything else (pools, outside source, port static, route-map) stays unmarked: unknown, verdict-changing
  }
  return out;
}
