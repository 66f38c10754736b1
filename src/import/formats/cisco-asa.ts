/**
 * `segproof import cisco-asa`: a Cisco ASA running-config as a stateful segproof firewall.
 *
 * Mapping (ASA 8.3+ semantics: ACLs and NAT rules name real addresses):
 * * each interface with a `nameif` is a segproof interface of that name and a vendor zone of its own;
 *   every ordered pair of interfaces gets a zone-pair ACL saying what the security levels allow
 *   without an ACL: higher → lower passes, lower → higher does not, equal only with
 *   `same-security-traffic permit inter-interface` (a packet back out of its own interface only with
 *   `… intra-interface`). Where an interface has an inbound access-group, or a global one exists, the
 *   ACL decides instead, so the pair's ACL permits and the `in` ACL (interface entries, then global
 *   entries, then the implicit deny) filters.
 * * `access-group NAME out interface IF` binds an `out` ACL.
 * * traffic to and from the ASA itself is governed by management commands (`ssh`, `http`, `icmp`),
 *   not by access-groups: modelled as permitted (the `in` ACLs start with a rule permitting the
 *   device's own addresses, `out` ACLs one permitting its own sources) — an over-approximation.
 *   For the same reason `access-group NAME in interface IF control-plane` (to-the-box only) is left
 *   out, approximated: the interface's transit access-group stays in force for transit traffic.
 * * `route IF PREFIX MASK NEXTHOP`; object NAT and twice NAT of single addresses (static) and
 *   dynamic PAT to the interface address or one host; anything else NAT is unknown and verdict-changing.
 */
import { formatIpv4, maskOf, parseIpv4 } from '../../net/ipv4.js';
import type { IncludeFile, RawAcl, RawNat, RawNode, RawRoute, RawRule } from '../../topology/format.js';
import { LineLedger } from '../ledger.js';
import { NameSpace, safeName } from '../names.js';
import type { DeviceImport, DeviceInterface, Importer, ImportOptions, InputFile } from '../types.js';
import { ANY_PORTS, maskLength, parseAclEntry, portNumber, protocolOf, rangeRefs, type AclContext, type CiscoService, type Range } from './cisco-acl-line.js';
import { entryRule, lineDescription, markAll, parseBlocks, type Block } from './cisco-config.js';

interface AsaInterface {
  readonly vendor: string;
  readonly line: number;
  nameif?: string;
  level: number;
  address?: number;
  length?: number;
  description?: string;
  shutdown: boolean;
  managementOnly?: number;
  /** The first `ipv6 address` / `ipv6 enable` line: the interface forwards IPv6 (routed mode). */
  ipv6Line?: number;
}

interface NetObject {
  /** segproof address refs; undefined when not understood. */
  refs?: string[];
  /** the single address of a `host` object (for NAT). */
  host?: string;
  line: number;
  nat: Block[];
}

const HARMLESS: readonly [RegExp, string][] = [
  [/^(ASA Version|hostname|domain-name|enable|passwd|names|dns|ftp mode|pager|logging|no logging|mtu|asdm|arp|no arp|timeout|user-identity|aaa|snmp-server|no snmp-server|crypto|threat-detection|ssl|dhcpd|dhcprelay|webvpn|group-policy|tunnel-group|class-map|policy-map|service-policy|prompt|call-home|Cryptochecksum|no call-home|console|dynamic-access-policy-record|license|boot|mac-address|username|firewall transparent|jumbo-frame|ntp|clock|banner|terminal|privilege|resource|service|no service|failover|no failover|monitor-interface|management-access|vpn|tls-proxy|phone-proxy|ipv6|no ipv6|end|track|sla|router-id|object-group icmp-type|http server|no http|telnet timeout|ssh timeout|ssh version|ssh key-exchange|ssh scopy|ssh cipher|ssh stricthostkeycheck|ssh pubkey-chain|flow-export|nat-assigned-to-public-ip|no nat-assigned|auth-prompt|quota|ip local pool|ip audit|ip verify reverse-path)\b/, 'does not filter or forward transit IPv4 packets'],
];

export const ciscoAsaImporter: Importer = {
  format: 'cisco-asa',
  description: 'Cisco ASA running-config (access-lists with objects and object-groups, access-groups, security levels, routes, object and twice NAT)',
  importDevice(files: readonly InputFile[], options: ImportOptions): DeviceImport {
    const [config] = files;
    if (!config) throw new Error('cisco-asa needs a configuration file');
    const ledger = new LineLedger(config.path, config.text);
    const extra = files.slice(1).map((f) => {
      const l = new LineLedger(f.path, f.text);
      l.lines.forEach((_, k) => l.unknown(k + 1, 'cisco-asa reads one configuration file', true));
      return l;
    });
    const blocks = parseBlocks(ledger);
    let hostname: string | undefined;
    const interfaces: AsaInterface[] = [];
    const objects = new Map<string, NetObject>();
    const serviceObjects = new Map<string, CiscoService[]>();
    const addressObjects: Record<string, string[]> = {};
    const addressNames = new NameSpace();
    const addressRef = new Map<string, string>();
    const serviceGroups = new Map<string, CiscoService[]>();
    const portGroups = new Map<string, Range[]>();
    const protocolGroups = new Map<string, (number | undefined)[]>();
    let sameInter = false;
    let sameIntra = false;
    const aclLines = new Map<string, Block[]>();
    const groupsBinding: { acl: string; direction: 'in' | 'out' | 'global'; iface?: string; line: number }[] = [];
    // `access-group NAME in interface IF control-plane`: filters only traffic to the ASA itself, which
    // the model permits (see `to-the-box` below); it must not take the place of the transit ACL.
    const controlPlane: { acl: string; line: number }[] = [];
    const routeBlocks: Block[] = [];
    const twiceNat: Block[] = [];
    const mgmt: Block[] = [];
    const pendingGroups: Block[] = [];

    for (const b of blocks) {
      const t = b.tokens;
      const head = `${t[0]} ${t[1] ?? ''}`;
      if (t[0] === 'hostname') {
        hostname = t[1];
        ledger.understood(b.line);
      } else if (t[0] === 'interface') interfaces.push(readInterface(b, ledger));
      else if (head === 'object network') objects.set(t[2] ?? '', readNetObject(b, ledger));
      else if (head === 'object service') {
        const svc = b.children.find((c) => c.tokens[0] === 'service');
        const parsed = svc ? serviceObjectEntry(svc.tokens.slice(1)) : undefined;
        ledger.understood(b.line);
        for (const c of b.children) {
          if (c.tokens[0] === 'description') ledger.ignored(c.line, 'description');
          else if (c === svc && parsed) ledger.understood(c.line);
        }
        if (parsed) serviceObjects.set(t[2] ?? '', parsed);
      } else if (t[0] === 'object-group' && t[1] !== 'icmp-type') pendingGroups.push(b);
      else if (t[0] === 'access-list' && t[1]) {
        // `access-list NAME line N …` inserts the entry at line N of the list (remarks count), as
        // `show access-list` numbers them; without `line` it is appended
        const lines = aclLines.get(t[1]) ?? [];
        const at = t[2] === 'line' && /^\d+$/.test(t[3] ?? '') ? Math.max(0, Math.min(Number(t[3]) - 1, lines.length)) : lines.length;
        lines.splice(at, 0, b);
        aclLines.set(t[1], lines);
      }
      else if (t[0] === 'clear' && t[1] === 'configure' && t[2] === 'access-list' && t[3]) {
        // The list is deleted; what follows defines it afresh (as Aerleon and config pushes write it).
        for (const old of aclLines.get(t[3]) ?? []) ledger.ignored(old.line, `deleted by \`clear configure access-list ${t[3]}\` at line ${b.line}`);
        aclLines.delete(t[3]);
        ledger.understood(b.line);
      }
      else if (t[0] === 'access-group') {
        if (t[2] === 'global') groupsBinding.push({ acl: t[1] ?? '', direction: 'global', line: b.line });
        else if (t[2] === 'in' && t[3] === 'interface' && t[4] && t[5] === 'control-plane') controlPlane.push({ acl: t[1] ?? '', line: b.line });
        else if ((t[2] === 'in' || t[2] === 'out') && t[3] === 'interface' && t[4]) groupsBinding.push({ acl: t[1] ?? '', direction: t[2], iface: t[4], line: b.line });
      } else if (t[0] === 'same-security-traffic' && t[1] === 'permit') {
        if (t[2] === 'inter-interface') sameInter = true;
        if (t[2] === 'intra-interface') sameIntra = true;
        ledger.understood(b.line);
      } else if (t[0] === 'route') routeBlocks.push(b);
      else if (t[0] === 'nat') twiceNat.push(b);
      else if (['ssh', 'http', 'telnet', 'icmp'].includes(t[0] ?? '') && !/^(ssh|telnet) (timeout|version|key-exchange|scopy|cipher|stricthostkeycheck|pubkey-chain)/.test(t.join(' ')) && head !== 'http server') mgmt.push(b);
      else if (t[0] === 'router') {
        ledger.unknown(b.line, `${t.slice(0, 2).join(' ')}: dynamically learned routes are not in the configuration; missing routes could hide a path`, true);
        for (const c of b.children) markAll(c, (n) => ledger.unknown(n, `part of the routing-protocol block at line ${b.line}`, false));
      } else if (isRelay(t)) {
        markAll(b, (n) => ledger.unknown(n, relayReason(t), true));
      } else {
        for (const [re, reason] of HARMLESS) if (re.test(t.join(' '))) markAll(b, (n) => ledger.ignored(n, reason));
      }
    }
    // A routed-mode ASA forwards IPv6 between every interface (with a nameif) that has an IPv6 address or
    // `ipv6 enable`: there is no global switch. Between two such interfaces IPv6 passes the IPv4
    // access-groups, a path the IPv4 model misses, so each interface's enabling line is verdict-changing.
    // With one such interface nothing is routed and the IPv6 lines stay ignored.
    const ipv6Interfaces = interfaces.filter((i) => i.ipv6Line !== undefined && i.nameif !== undefined && !i.shutdown);
    if (ipv6Interfaces.length >= 2) {
      const reason = `IPv6 is forwarded between ${ipv6Interfaces.map((i) => i.nameif).join(', ')}, past the IPv4 access-groups: segproof models IPv4 only`;
      for (const i of ipv6Interfaces) ledger.unknown(i.ipv6Line as number, reason, true);
    }
    for (const b of mgmt) ledger.approximated(b.line, 'management access to the ASA itself: modelled as open to every packet that reaches it');

    // object-groups, in dependency order (group-object may refer forward)
    const groupBlocks = new Map(pendingGroups.map((b) => [b.tokens[2] ?? '', b]));
    const groupProblems: { name: string; line: number; reason: string }[] = [];
    const netRef = (name: string): string | undefined => {
      const obj = objects.get(name);
      if (obj) {
        if (!obj.refs) return undefined;
        const ref = addressRef.get(name) ?? addressNames.name(name);
        addressRef.set(name, ref);
        addressObjects[ref] = obj.refs;
        return ref;
      }
      const g = groupBlocks.get(name);
      if (g && g.tokens[1] === 'network') return resolveGroup(g, new Set()) ? addressRef.get(name) : undefined;
      return undefined;
    };
    const resolveGroup = (b: Block, seen: Set<string>): boolean => {
      const name = b.tokens[2] ?? '';
      if (addressRef.has(name) || serviceGroups.has(name) || portGroups.has(name) || protocolGroups.has(name)) return true;
      if (seen.has(name)) return false;
      seen.add(name);
      const kind = b.tokens[1];
      ledger.understood(b.line);
      const problem = (c: Block, reason: string) => groupProblems.push({ name, line: c.line, reason });
      if (kind === 'network') {
        const refs: string[] = [];
        for (const c of b.children) {
          const t = c.tokens;
          if (t[0] === 'description') {
            ledger.ignored(c.line, 'description');
            continue;
          }
          let ref: string | undefined;
          if (t[0] === 'network-object' && t[1] === 'host') ref = parseIpv4(t[2] ?? '') === undefined ? undefined : `${t[2]}/32`;
          else if (t[0] === 'network-object' && t[1] === 'object') ref = netRef(t[2] ?? '');
          else if (t[0] === 'network-object') ref = maskRef(t[1], t[2]);
          else if (t[0] === 'group-object') {
            const inner = groupBlocks.get(t[1] ?? '');
            ref = inner && resolveGroup(inner, seen) ? addressRef.get(t[1] ?? '') : undefined;
          }
          if (ref === undefined) problem(c, `network object-group member not understood: ${c.text.trim()}`);
          else {
            refs.push(ref);
            ledger.understood(c.line);
          }
        }
        const ref = addressNames.name(name);
        addressRef.set(name, ref);
        addressObjects[ref] = refs;
        return true;
      }
      if (kind === 'service' && b.tokens[3] !== undefined) {
        const protocol = b.tokens[3];
        const ranges: Range[] = [];
        for (const c of b.children) {
          const t = c.tokens;
          if (t[0] === 'description') {
            ledger.ignored(c.line, 'description');
            continue;
          }
          let r: Range[] | undefined;
          if (t[0] === 'port-object') r = portOp(t.slice(1), protocol === 'udp' ? 17 : protocol === 'tcp' ? 6 : undefined);
          else if (t[0] === 'group-object') {
            const inner = groupBlocks.get(t[1] ?? '');
            r = inner && resolveGroup(inner, seen) ? portGroups.get(t[1] ?? '') : undefined;
          }
          if (!r) problem(c, `port object-group member not understood: ${c.text.trim()}`);
          else {
            ranges.push(...r);
            ledger.understood(c.line);
          }
        }
        portGroups.set(name, ranges);
        // a typed group in the protocol position means its protocol(s) with these destination ports
        const protocols = protocol === 'tcp-udp' ? [6, 17] : protocol === 'tcp' ? [6] : protocol === 'udp' ? [17] : [];
        serviceGroups.set(name, protocols.flatMap((p) => ranges.map((d) => ({ protocol: p, src: ANY_PORTS, dst: d }))));
        return true;
      }
      if (kind === 'service') {
        const out: CiscoService[] = [];
        for (const c of b.children) {
          const t = c.tokens;
          if (t[0] === 'description') {
            ledger.ignored(c.line, 'description');
            continue;
          }
          let s: CiscoService[] | undefined;
          if (t[0] === 'service-object' && t[1] === 'object') s = serviceObjects.get(t[2] ?? '');
          else if (t[0] === 'service-object') s = serviceObjectEntry(t.slice(1));
          else if (t[0] === 'group-object') {
            const inner = groupBlocks.get(t[1] ?? '');
            s = inner && resolveGroup(inner, seen) ? serviceGroups.get(t[1] ?? '') : undefined;
          }
          if (!s) problem(c, `service object-group member not understood: ${c.text.trim()}`);
          else {
            out.push(...s);
            ledger.understood(c.line);
          }
        }
        serviceGroups.set(name, out);
        return true;
      }
      if (kind === 'protocol') {
        const out: (number | undefined)[] = [];
        for (const c of b.children) {
          const t = c.tokens;
          if (t[0] === 'description') {
            ledger.ignored(c.line, 'description');
            continue;
          }
          const p = t[0] === 'protocol-object' ? protocolOf(t[1] ?? '') : { ok: false as const };
          if (!p.ok) problem(c, `protocol object-group member not understood: ${c.text.trim()}`);
          else {
            out.push(p.protocol);
            ledger.understood(c.line);
          }
        }
        protocolGroups.set(name, out);
        return true;
      }
      return false;
    };
    for (const b of pendingGroups) resolveGroup(b, new Set());

    const byNameif = new Map(interfaces.filter((i) => i.nameif && !i.shutdown && i.address !== undefined).map((i) => [i.nameif as string, i]));
    const ctx: AclContext = {
      style: 'mask',
      addressGroup: netRef,
      serviceGroup: (name) => serviceGroups.get(name) ?? serviceObjects.get(name),
      portGroup: (name) => portGroups.get(name),
      protocolGroup: (name) => protocolGroups.get(name),
      interfaceAddress: (name) => {
        const i = byNameif.get(name);
        return i?.address === undefined ? undefined : `${formatIpv4(i.address)}/32`;
      },
    };

    // access-lists: extended entries become rules; the fate of each line depends on whether it is used
    const used = new Set(groupsBinding.map((g) => g.acl));
    const rulesOf = new Map<string, RawRule[]>();
    for (const [name, lines] of aclLines) {
      const rules: RawRule[] = [];
      for (const b of lines) {
        let t = b.tokens.slice(2);
        if (t[0] === 'line' && /^\d+$/.test(t[1] ?? '')) t = t.slice(2);
        if (t[0] === 'remark') {
          ledger.ignored(b.line, 'remark');
          continue;
        }
        if (t[0] === 'standard' || t[0] === 'webtype' || t[0] === 'ethertype') {
          if (used.has(name)) ledger.unknown(b.line, `${t[0]} access-list bound to an interface: not modelled`, true);
          else ledger.ignored(b.line, `${t[0]} access-list (used by routing, VPN or layer 2, not by an access-group)`);
          continue;
        }
        if (t[0] === 'extended') t = t.slice(1);
        if (t.some((x) => x === 'any6' || x.includes(':'))) {
          ledger.ignored(b.line, 'IPv6 (segproof models IPv4 only)');
          continue;
        }
        const parsed = parseAclEntry(t, ctx);
        if (!parsed.ok) {
          ledger.unknown(b.line, `access-list ${name}: ${parsed.reason}`, used.has(name));
          continue;
        }
        const { rule, fate } = entryRule(parsed.entry, `l${b.line}`, lineDescription(config.path, b.line, b.text));
        if (rule) rules.push(rule);
        if (fate.fate === 'approximated' && used.has(name)) ledger.approximated(b.line, fate.reason);
        else ledger.understood(b.line);
      }
      rulesOf.set(name, rules);
    }
    for (const p of groupProblems) ledger.unknown(p.line, p.reason, true);
    for (const c of controlPlane) {
      ledger.approximated(c.line, `control-plane access-group: ${c.acl} filters only traffic to the ASA's own addresses, which segproof cannot bind an ACL to; ignored (traffic to the device is modelled as permitted, so at least as many packets pass as on the device); the interface's transit access-group still applies`);
    }

    // interfaces, zones and ACLs
    const deviceInterfaces: DeviceInterface[] = [];
    const placed = [...byNameif.values()];
    for (const i of placed) {
      deviceInterfaces.push({ name: i.nameif as string, cidr: `${formatIpv4(i.address as number)}/${i.length as number}`, description: i.description ?? `ASA ${i.vendor}, security-level ${i.level}`, zone: safeName(i.nameif as string), line: { file: config.path, line: i.line } });
    }
    const self = placed.map((i) => `${formatIpv4(i.address as number)}/32`);
    const global = groupsBinding.find((g) => g.direction === 'global');
    const globalRules = global ? rulesOf.get(global.acl) : undefined;
    if (global) {
      if (globalRules) ledger.understood(global.line);
      else ledger.unknown(global.line, `access-list ${global.acl} is not defined`, true);
    }
    const names = new NameSpace();
    const acls: RawAcl[] = [];
    const inOf = new Map<string, { acl: string; line: number }>();
    const outOf = new Map<string, { acl: string; line: number }>();
    for (const g of groupsBinding) {
      if (g.direction === 'global') continue;
      if (!byNameif.has(g.iface as string)) {
        ledger.unknown(g.line, `interface ${g.iface ?? ''} has no nameif with an address, or is shut down`, false);
        continue;
      }
      if (!rulesOf.has(g.acl)) {
        ledger.unknown(g.line, `access-list ${g.acl} is not defined`, true);
        continue;
      }
      (g.direction === 'in' ? inOf : outOf).set(g.iface as string, { acl: g.acl, line: g.line });
      ledger.understood(g.line);
    }
    const toBox: RawRule = { name: 'to-the-box', action: 'permit', dst: self.length === 1 ? (self[0] as string) : self, description: 'ASA: traffic to the device is governed by ssh/http/icmp commands, not access-groups; modelled as permitted' };
    const fromBox: RawRule = { name: 'from-the-box', action: 'permit', src: self.length === 1 ? (self[0] as string) : self, description: 'ASA: traffic the device sends is not filtered by access-groups' };
    for (const i of placed) {
      const nameif = i.nameif as string;
      const bound = inOf.get(nameif);
      if (bound || globalRules) {
        const rules = [toBox, ...(bound ? (rulesOf.get(bound.acl) as RawRule[]) : []), ...(globalRules ?? [])];
        acls.push({ name: names.name(`${bound?.acl ?? global?.acl ?? 'global'}-${nameif}-in`), bind: { interface: safeName(nameif), direction: 'in' }, default: 'deny', rules: uniqueNames(rules), description: lineDescription(config.path, (bound ?? global)?.line as number, ledger.text((bound ?? global)?.line as number)) });
      } else {
        acls.push({ name: names.name(`to-the-box-${nameif}-in`), bind: { interface: safeName(nameif), direction: 'in' }, default: 'permit', rules: [], description: 'ASA: no inbound access-group; the security levels decide transit (zone-pair ACLs), traffic to the device is permitted' });
      }
      const out = outOf.get(nameif);
      acls.push(out
        ? { name: names.name(`${out.acl}-${nameif}-out`), bind: { interface: safeName(nameif), direction: 'out' }, default: 'deny', rules: uniqueNames([fromBox, ...(rulesOf.get(out.acl) as RawRule[])]), description: lineDescription(config.path, out.line, ledger.text(out.line)) }
        : { name: names.name(`from-the-box-${nameif}-out`), bind: { interface: safeName(nameif), direction: 'out' }, default: 'permit', rules: [], description: 'ASA: no outbound access-group' });
    }
    for (const a of placed) {
      for (const b of placed) {
        const from = a.nameif as string;
        const to = b.nameif as string;
        let pass: boolean;
        let why: string;
        if (a === b) {
          pass = sameIntra;
          why = sameIntra ? 'same-security-traffic permit intra-interface' : 'ASA: a packet does not leave by the interface it came in on';
        } else if (inOf.has(from) || globalRules) {
          pass = true;
          why = `the inbound access-group of ${from} decides`;
        } else if (a.level > b.level) {
          pass = true;
          why = `security-level ${a.level} > ${b.level}: permitted without an ACL`;
        } else if (a.level === b.level) {
          pass = sameInter;
          why = sameInter ? 'same-security-traffic permit inter-interface' : `equal security-level ${a.level}: denied without same-security-traffic`;
        } else {
          pass = false;
          why = `security-level ${a.level} < ${b.level}: denied without an ACL`;
        }
        acls.push({ name: names.name(`levels-${from}-to-${to}`), bind: { fromZone: safeName(from), toZone: safeName(to) }, default: pass ? 'permit' : 'deny', rules: [], description: `ASA: ${why}` });
      }
    }

    // routes
    const routes: RawRoute[] = [];
    for (const b of routeBlocks) {
      const t = b.tokens;
      const itf = byNameif.get(t[1] ?? '');
      const prefix = maskRef(t[2], t[3]);
      const via = parseIpv4(t[4] ?? '');
      const rest = t.slice(5);
      if (!itf || !prefix || via === undefined || rest.some((x) => x === 'track' || x === 'tunneled')) {
        ledger.unknown(b.line, !itf ? `interface ${t[1] ?? ''} has no nameif with an address` : 'route not understood (or tracked/tunneled)', true);
        continue;
      }
      if (((via & maskOf(itf.length as number)) >>> 0) !== (((itf.address as number) & maskOf(itf.length as number)) >>> 0)) {
        ledger.unknown(b.line, `next hop ${formatIpv4(via)} is not on ${t[1] ?? ''}'s subnet`, true);
        continue;
      }
      routes.push({ prefix, via: formatIpv4(via) });
      ledger.understood(b.line);
    }

    // NAT
    const nat: RawNat[] = [];
    const natNames = new NameSpace();
    const hostOf = (name: string): string | undefined => {
      if (parseIpv4(name) !== undefined) return name;
      return objects.get(name)?.host;
    };
    const addNat = (b: Block, realIf: string, mappedIf: string, kind: 'static' | 'dynamic', real: { refs: string[]; host?: string }, mapped: string): string | undefined => {
      const targets = mappedIf === 'any' ? placed.map((i) => i.nameif as string).filter((n) => n !== realIf) : [mappedIf];
      if (targets.some((n) => !byNameif.has(n))) return `interface ${mappedIf} has no nameif with an address`;
      for (const ifName of targets) {
        const mappedAddress = mapped === 'interface' ? formatIpv4(byNameif.get(ifName)?.address as number) : hostOf(mapped);
        if (mappedAddress === undefined) return `mapped address ${mapped} is not a single address (pools and subnets are not modelled)`;
        if (kind === 'static') {
          if (!real.host) return 'static NAT of more than one address is not modelled';
          nat.push({ name: natNames.name(`static-in-${ifName}-l${b.line}`), type: 'destination', interface: safeName(ifName), dst: `${mappedAddress}/32`, translateTo: real.host });
          nat.push({ name: natNames.name(`static-out-${ifName}-l${b.line}`), type: 'source', interface: safeName(ifName), src: `${real.host}/32`, translateTo: mappedAddress });
        } else {
          nat.push({ name: natNames.name(`dynamic-${ifName}-l${b.line}`), type: 'source', interface: safeName(ifName), src: real.refs.length === 1 ? (real.refs[0] as string) : real.refs, translateTo: mappedAddress });
        }
      }
      return undefined;
    };
    const natIfs = (token: string | undefined): [string, string] | undefined => {
      const m = /^\(([^,]+),([^)]+)\)$/.exec(token ?? '');
      return m ? [m[1] as string, m[2] as string] : undefined;
    };
    for (const [name, obj] of objects) {
      for (const b of obj.nat) {
        const t = b.tokens;
        const ifs = natIfs(t[1]);
        const kind = t[2];
        const extra = t.slice(4).filter((x) => x !== 'no-proxy-arp' && x !== 'route-lookup');
        if (!ifs || (kind !== 'static' && kind !== 'dynamic') || !t[3] || extra.length > 0 || !obj.refs) {
          ledger.unknown(b.line, `object NAT for ${name} not modelled (${extra.join(' ') || 'form not understood'})`, true);
          continue;
        }
        const problem = addNat(b, ifs[0], ifs[1], kind, { refs: obj.refs, ...(obj.host ? { host: obj.host } : {}) }, t[3]);
        if (problem) ledger.unknown(b.line, problem, true);
        else ledger.understood(b.line);
      }
    }
    for (const b of twiceNat) {
      const t = b.tokens;
      const ifs = natIfs(t[1]);
      // nat (real,mapped) [after-auto] [N] source static|dynamic REAL MAPPED
      let i = 2;
      if (t[i] === 'after-auto') i++;
      if (/^\d+$/.test(t[i] ?? '')) i++;
      const kind = t[i + 1];
      const realName = t[i + 2] ?? '';
      const real = objects.get(realName);
      const extra = t.slice(i + 4);
      if (!ifs || t[i] !== 'source' || (kind !== 'static' && kind !== 'dynamic') || !real?.refs || !t[i + 3] || extra.some((x) => x !== 'no-proxy-arp' && x !== 'route-lookup')) {
        ledger.unknown(b.line, 'twice NAT with a destination, service or pool clause is not modelled', true);
        continue;
      }
      const problem = addNat(b, ifs[0], ifs[1], kind, { refs: real.refs, ...(real.host ? { host: real.host } : {}) }, t[i + 3] as string);
      if (problem) ledger.unknown(b.line, problem, true);
      else ledger.understood(b.line);
    }

    const device = safeName(options.deviceName ?? hostname ?? config.path.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, ''));
    const node: RawNode = { kind: 'firewall', stateful: true, interfaces: {}, ...(routes.length ? { routes } : {}), acls, ...(nat.length ? { nat } : {}) };
    const fragment: IncludeFile = { ...(Object.keys(addressObjects).length ? { objects: { addresses: addressObjects } } : {}), nodes: { [device]: node } };
    return { device, interfaces: deviceInterfaces, fragment, ledgers: [ledger, ...extra] };
  },
};

/** Interface + global entries can repeat a rule name only if a line were in both; keep names unique anyway. */
function uniqueNames(rules: readonly RawRule[]): RawRule[] {
  const ns = new NameSpace();
  return rules.map((r) => ({ ...r, name: ns.name(r.name) }));
}

function maskRef(a: string | undefined, m: string | undefined): string | undefined {
  const address = parseIpv4(a ?? '');
  const mask = parseIpv4(m ?? '');
  if (address === undefined || mask === undefined) return undefined;
  const len = maskLength(mask);
  return len === undefined ? undefined : `${formatIpv4((address & maskOf(len)) >>> 0)}/${len}`;
}

function portOp(t: readonly string[], protocol: number | undefined): Range[] | undefined {
  const p = (k: number) => portNumber(t[k] ?? '', protocol);
  const a = p(1);
  if (t[0] === 'range') {
    const b = p(2);
    return a === undefined || b === undefined || t.length !== 3 ? undefined : [[a, b]];
  }
  if (a === undefined || t.length !== 2) return undefined;
  if (t[0] === 'eq') return [[a, a]];
  if (t[0] === 'lt') return a === 0 ? [] : [[0, a - 1]];
  if (t[0] === 'gt') return a === 65535 ? [] : [[a + 1, 65535]];
  if (t[0] === 'neq') return ([[0, a - 1], [a + 1, 65535]] as Range[]).filter(([x, y]) => x <= y);
  return undefined;
}

/** `tcp [source OP P] [destination OP P]`, `icmp [TYPE [CODE]]`, a protocol (service objects and service-object lines). */
function serviceObjectEntry(t: readonly string[]): CiscoService[] | undefined {
  const proto = t[0] ?? '';
  const protocols = proto === 'tcp-udp' ? [6, 17] : (() => {
    const p = protocolOf(proto);
    return p.ok ? [p.protocol] : undefined;
  })();
  if (!protocols) return undefined;
  if (protocols[0] === 1 && protocols.length === 1) {
    const parsed = parseAclEntry(['permit', 'icmp', 'any', 'any', ...t.slice(1)], { style: 'mask' });
    return parsed.ok ? [...parsed.entry.services] : undefined;
  }
  let src: Range[] = [ANY_PORTS];
  let dst: Range[] = [ANY_PORTS];
  let i = 1;
  const protocol = protocols.length === 1 ? protocols[0] : undefined;
  while (i < t.length) {
    const side = t[i];
    if (side !== 'source' && side !== 'destination') return undefined;
    const op = t[i + 1];
    const len = op === 'range' ? 3 : 2;
    const r = portOp(t.slice(i + 1, i + 1 + len), protocol);
    if (!r) return undefined;
    if (side === 'source') src = r;
    else dst = r;
    i += 1 + len;
  }
  const out: CiscoService[] = [];
  for (const p of protocols) for (const s of src) for (const d of dst) out.push({ protocol: p, src: s, dst: d });
  return out;
}

function readInterface(b: Block, ledger: LineLedger): AsaInterface {
  const itf: AsaInterface = { vendor: b.tokens.slice(1).join(''), line: b.line, level: 0, shutdown: false };
  ledger.understood(b.line);
  for (const c of b.children) {
    const t = c.tokens;
    if (t[0] === 'nameif' && t[1]) {
      itf.nameif = t[1];
      // ASA's defaults: inside 100, anything else 0, until security-level says otherwise
      if (itf.level === 0 && t[1] === 'inside') itf.level = 100;
      ledger.understood(c.line);
    } else if (t[0] === 'security-level' && /^\d+$/.test(t[1] ?? '')) {
      itf.level = Number(t[1]);
      ledger.understood(c.line);
    } else if (t[0] === 'ip' && t[1] === 'address' && parseIpv4(t[2] ?? '') !== undefined) {
      const len = maskLength(parseIpv4(t[3] ?? '') ?? -1);
      const extra = t.slice(4);
      if (len === undefined || (extra.length > 0 && !(extra[0] === 'standby' && extra.length === 2))) ledger.unknown(c.line, 'interface address not understood', true);
      else {
        itf.address = parseIpv4(t[2] as string);
        itf.length = len;
        if (extra.length) ledger.ignored(c.line, 'the standby address belongs to the failover peer');
        ledger.understood(c.line);
      }
    } else if (t[0] === 'shutdown') {
      itf.shutdown = true;
      ledger.understood(c.line);
    } else if (t[0] === 'description') {
      itf.description = c.text.trim().slice('description'.length).trim();
      ledger.ignored(c.line, 'description');
    } else if (t[0] === 'management-only') {
      itf.managementOnly = c.line;
      ledger.approximated(c.line, 'management-only: the ASA carries no transit traffic here; modelled as a normal interface (more passes)');
    } else if (isRelay(t)) {
      ledger.unknown(c.line, relayReason(t), true);
    } else if (/^(no|speed|duplex|mtu|vlan|nve-only|channel-group|lacp|ipv6|ddns|dhcp|pppoe|delay|flowcontrol|media-type|negotiation|mac-address)$/.test(t[0] ?? '')) {
      ledger.ignored(c.line, t[0] === 'ipv6' ? 'IPv6 (segproof models IPv4 only)' : 'interface setting that does not filter or forward unicast IPv4 packets');
      if (t[0] === 'ipv6' && (t[1] === 'address' || t[1] === 'enable')) itf.ipv6Line ??= c.line;
    }
  }
  return itf;
}

/**
 * `dhcprelay server ADDR IF`, `dhcprelay enable IF` (global), `dhcprelay server ADDR` (interface mode,
 * 9.1+) and their `ipv6 dhcprelay` twins: the ASA relays the segment's DHCP broadcasts to the server as
 * its own packets, past the interface's access-group. `dhcprelay timeout`, `setroute` and
 * `information trust-all` only tune a relay these lines set up.
 */
function isRelay(t: readonly string[]): boolean {
  const u = t[0] === 'ipv6' ? t.slice(1) : t;
  return u[0] === 'dhcprelay' && (u[1] === 'server' || u[1] === 'enable');
}

function relayReason(t: readonly string[]): string {
  return `DHCP relay: the ASA forwards the segment's DHCP broadcasts to the server as its own packets, past the interface's access-group (${t.join(' ')}): a path segproof does not model`;
}

function readNetObject(b: Block, ledger: LineLedger): NetObject {
  const obj: NetObject = { line: b.line, nat: [] };
  ledger.understood(b.line);
  for (const c of b.children) {
    const t = c.tokens;
    if (t[0] === 'description') ledger.ignored(c.line, 'description');
    else if (t[0] === 'host' && parseIpv4(t[1] ?? '') !== undefined) {
      obj.refs = [`${t[1]}/32`];
      obj.host = t[1];
      ledger.understood(c.line);
    } else if (t[0] === 'subnet' && maskRef(t[1], t[2])) {
      obj.refs = [maskRef(t[1], t[2]) as string];
      ledger.understood(c.line);
    } else if (t[0] === 'range' && parseIpv4(t[1] ?? '') !== undefined && parseIpv4(t[2] ?? '') !== undefined) {
      obj.refs = rangeRefs([[parseIpv4(t[1] as string) as number, parseIpv4(t[2] as string) as number]]);
      ledger.understood(c.line);
    } else if (t[0] === 'nat') obj.nat.push(c);
    // fqdn and anything else stay unmarked: unknown, verdict-changing (the object's addresses are unknown)
  }
  return obj;
}
