/**
 * `segproof import yamaha-rtx`: a YAMAHA RTX router (`show config`, or a saved config.txt; often
 * Shift_JIS with Japanese descriptions: description lines are ignored whatever their bytes).
 *
 * Filtering (RTX command reference, `ip INTERFACE secure filter`): the static filters listed for a
 * direction are tried in order and the first that matches decides (pass/reject); once any filter is
 * applied to a direction, a packet that matches none is discarded (the implicit reject). An
 * interface without a list passes everything. Dynamic filters (`dynamic D1 …`) record sessions
 * whose replies then pass; static filters take precedence, so a packet a static filter rejects stays
 * rejected, and a packet that no static filter matches passes when a dynamic filter matches it
 * (modelled as permit rules after the static ones). The replies of sessions are modelled by making
 * the RTX a stateful firewall as soon as one dynamic filter is applied — stateful for every session,
 * which lets at least as much pass (the lines are marked approximated). Without dynamic filters the
 * RTX is a stateless router.
 *
 * NAT (`ip IF nat descriptor N`) sits on the outer interface IF, and its filters see outer
 * addresses: a packet arriving on IF meets `secure filter in` BEFORE the destination is translated
 * (static masquerade or static NAT), and a packet leaving by IF meets `secure filter out` AFTER its
 * source is translated. segproof translates the destination before every ACL and the source after
 * them, so the filters of a NAT interface are re-stated for translated packets: every pass filter
 * that admits the outer address is repeated first, for the inner address and port (which also admits
 * packets sent to the inner address directly, and leaves out rejects of translated packets: both let
 * at least as much pass, so those lines are marked approximated). On an inside interface (no NAT
 * descriptor) the filters see inside addresses both ways — a request before the outer interface
 * translates it, a reply after the outer interface has undone the translation — as segproof's do.
 */
import type { AddressSet } from '../../net/address-set.js';
import type { RawAcl, RawNat, RawNode, RawRoute } from '../../topology/format.js';
import { LineLedger } from '../ledger.js';
import { safeName } from '../names.js';
import type { DeviceImport, DeviceInterface, ImportOptions, Importer, InputFile } from '../types.js';
import { fgWords } from './fortigate-parse.js';
import { ALL_ADDRESSES, addressRefs, describeLine, intersectSet, prefixSet, renderRules, RuleNames, type DraftRule } from './junos-shared.js';
import { DYNAMIC_APPLICATIONS, parseStaticFilter, rtxAddress, rtxPorts, type StaticFilter } from './yamaha-rtx-filter.js';

interface Iface {
  readonly name: string;
  cidr?: string | undefined;
  line: number;
  description?: string | undefined;
  readonly lists: { in?: { statics: string[]; dynamics: string[]; line: number }; out?: { statics: string[]; dynamics: string[]; line: number } };
  nat?: { descriptor: string; line: number } | undefined;
}

interface Dynamic {
  readonly number: string;
  readonly line: number;
  readonly src: AddressSet;
  readonly dst: AddressSet;
  readonly services: readonly string[];
  readonly wide?: string | undefined;
  /** `in` filters: connections in the other direction the session admits (their addresses are ignored, as on the RTX). */
  readonly reverse?: readonly string[] | undefined;
}

interface Descriptor {
  type?: string;
  typeLine?: number;
  outer?: { value: string; line: number };
  inner?: { set: AddressSet; line: number };
  readonly statics: { line: number; inner: string; protocol: string; outerPort: string; innerPort: string }[];
  readonly oneToOne: { line: number; outer: string; inner: string }[];
  incoming?: { line: number; forward: string };
}

const IGNORED_COMMANDS: readonly [RegExp, string][] = [
  [/^#/, 'comment'],
  [/^(login|administrator) (password|name|user)/, 'credentials (never copied)'],
  [/^(login user|user attribute|login timer)/, 'administrator accounts'],
  [/^(console|timezone|ntpdate|syslog|statistics|snmp|snmpv2c|snmpv3|telnetd|httpd|sshd|tftp host|sftpd|dns|dhcp|show|alarm|lan type|lan link-aggregation|lan count-limit|switch|operation|external-memory|usbhost|sd use|bridge member|save|packet-buffer|ip route change log|schedule at \d+ \d+\/\d+ [\d:*]+ \* (ntpdate|show|clear))/, 'management, DNS, DHCP or logging (no effect on forwarding)'],
  [/^(ipv6|ip6)\b/, 'IPv6 (segproof models IPv4 only)'],
  [/^description\b/, 'description'],
  [/^(ipsec|ike)\b/, 'IPsec parameters (tunnels are reported where traffic is routed into them)'],
  [/^(pp (auth|bind|always-on|keepalive|enable|disable|name)|pppoe|ppp|isdn|l2tp|tunnel (encapsulation|enable|disable|endpoint|name|backup))/, 'link-layer settings of a PP or tunnel interface'],
  [/^ip (filter source-route|filter directed-broadcast|icmp|routing process|simple-service|fragment|tos|lan\d+ proxyarp|\S+ (mtu|tcp mss|proxyarp|rip|igmp))/, 'no effect on the verdict'],
  [/^nat descriptor (timer|log|masquerade (port range|rlogin|session|ttl|unconvertible|url)|ftp|sip)/, 'NAT session settings'],
  [/^vlan\b/, 'VLAN tagging (layer 2)'],
];

class RtxImport {
  readonly ledger: LineLedger;
  readonly ifaces = new Map<string, Iface>();
  readonly statics = new Map<string, StaticFilter>();
  readonly dynamics = new Map<string, Dynamic>();
  readonly descriptors = new Map<string, Descriptor>();
  readonly routes: RawRoute[] = [];
  readonly routeVia: { line: number; iface: string }[] = [];
  prompt: string | undefined;
  context: { kind: 'pp' | 'tunnel'; n: string } | undefined;
  /** `ipv6 routing on|off` (the default is on). */
  ipv6Routing: { on: boolean; line: number } | undefined;
  /** Interfaces IPv6 commands name, with the first line naming each. */
  readonly ipv6Ifaces = new Map<string, number>();

  constructor(readonly file: InputFile) {
    this.ledger = new LineLedger(file.path, file.text);
  }

  iface(name: string, line: number): Iface {
    let i = this.ifaces.get(name);
    if (!i) this.ifaces.set(name, (i = { name, line, lists: {} }));
    return i;
  }

  descriptor(n: string): Descriptor {
    let d = this.descriptors.get(n);
    if (!d) this.descriptors.set(n, (d = { statics: [], oneToOne: [] }));
    return d;
  }

  /** The interface an `ip IF …` word names: `pp`/`tunnel` take the selected number. */
  ifName(word: string, line: number): string | undefined {
    if (word === 'pp' || word === 'tunnel') {
      if (!this.context || this.context.kind !== word) {
        this.ledger.unknown(line, `"ip ${word}" outside "${word} select N"`, true);
        return undefined;
      }
      return `${word}${this.context.n}`;
    }
    if (/^(lan\d+(\/\d+|\.\d+)?|bridge\d+|loopback\d+|vlan\d+|null)$/.test(word)) return word;
    return undefined;
  }

  line(n: number, raw: string): void {
    const t = raw.trim();
    if (t === '') return;
    const words = fgWords(t);
    if (!words) return this.ledger.unknown(n, 'a quote is never closed', true);
    const [a, b, c] = words;
    if (a === 'console' && b === 'prompt') {
      this.prompt = c;
      return this.ledger.understood(n);
    }
    if (a === 'dhcp' && ((b === 'service' && c === 'relay') || (b === 'relay' && c === 'server'))) {
      // The RTX forwards the segment's DHCP broadcasts to the server as its own packets, past the
      // interface's secure filter: a path the model does not have.
      return this.ledger.unknown(n, 'DHCP relay: the segment\'s DHCP broadcasts are forwarded to the server as the router\'s own packets, past its filters: a path segproof does not model', true);
    }
    if (a === 'ipv6') this.ipv6Line(n, words);
    for (const [re, reason] of IGNORED_COMMANDS) if (re.test(t)) return this.ledger.ignored(n, reason);
    if ((a === 'pp' || a === 'tunnel') && b === 'select') {
      this.context = c === 'none' || c === undefined ? undefined : { kind: a, n: c };
      return this.ledger.ignored(n, 'selects the interface the following lines configure');
    }
    if (a === 'ip' && (b === 'stealth' || c === 'intrusion')) return this.ledger.approximated(n, `${b === 'stealth' ? 'stealth' : 'intrusion detection'}: the device drops some packets the model passes`);
    if (a === 'ip' && b === 'filter') return this.filter(n, words.slice(2));
    if (a === 'ip' && b === 'route') return this.route(n, words.slice(2));
    if (a === 'nat' && b === 'descriptor') return this.nat(n, words.slice(2));
    if (a === 'ip' && b) {
      const name = this.ifName(b, n);
      if (name) return this.ipIface(n, name, words.slice(2));
    }
    if (a === 'schedule') return this.ledger.unknown(n, 'a schedule runs commands at set times: the configuration in force may differ', true);
    if (a === 'ip' && (words.includes('rip') || words.includes('ospf') || words.includes('bgp'))) return this.ledger.unknown(n, 'dynamic routing is not modelled: add learned routes as static routes', true);
    if (a === 'ospf' || a === 'bgp' || a === 'rip') return this.ledger.unknown(n, 'dynamic routing is not modelled: add learned routes as static routes', true);
    this.ledger.unknown(n, `"${words.slice(0, 3).join(' ')}" is not understood`, true);
  }

  /**
   * Records what an `ipv6 …` line says about IPv6 forwarding (the line itself stays ignored unless
   * ipv6Forwarding finds IPv6 routed): `ipv6 routing on|off`, and the interfaces it names: `ipv6 IF …`
   * (pp and tunnel in their `select` context), a prefix taken from another interface
   * (`ra-prefix@lan2`, `fe80::1%lan2`, `dhcp-prefix@lan2`) and a route's gateway (`gateway pp 1`,
   * `gateway dhcp lan2`, `gateway tunnel 1`, `gateway lan2`). An interface that only receives its
   * prefix by RA or DHCPv6-PD (the NGN IPoE uplink) has no `address` line, so any IPv6 command
   * naming it counts.
   */
  ipv6Line(n: number, words: readonly string[]): void {
    if (words[1] === 'routing' && (words[2] === 'on' || words[2] === 'off') && words.length === 3) {
      this.ipv6Routing = { on: words[2] === 'on', line: n };
      return;
    }
    const named = (i: string | undefined) => {
      if (i && !this.ipv6Ifaces.has(i)) this.ipv6Ifaces.set(i, n);
    };
    const w1 = words[1] ?? '';
    if (w1 === 'pp' || w1 === 'tunnel') named(this.context?.kind === w1 ? `${w1}${this.context.n}` : `${w1}?`);
    else if (/^(lan\d+(\/\d+|\.\d+)?|bridge\d+|vlan\d+)$/.test(w1)) named(w1);
    for (const w of words) for (const m of w.matchAll(/[@%]((lan|bridge|vlan)\d+)/g)) named(m[1]);
    const g = words.indexOf('gateway');
    if (g >= 0) {
      const [x, y] = [words[g + 1], words[g + 2]];
      if ((x === 'pp' || x === 'tunnel') && y) named(`${x}${y}`);
      else if (x === 'dhcp' && y) named(y);
      else if (x && /^(lan|bridge|vlan)\d+$/.test(x)) named(x);
    }
  }

  /**
   * IPv6 routed between two interfaces passes every IPv4 `secure filter`: a path the IPv4 model
   * misses. `ipv6 routing` is on by default, so with two or more interfaces named by IPv6 commands
   * the enabling line (`ipv6 routing on` when written, else the first IPv6 line naming each interface)
   * is unknown and verdict-changing. With `ipv6 routing off`, or one IPv6 interface, the IPv6 lines
   * stay ignored. (A RTX gives every LAN a link-local address, but without a prefix or route on two
   * interfaces it has nothing to route.)
   */
  ipv6Forwarding(): void {
    const r = this.ipv6Routing;
    if (r && !r.on) return this.ledger.ignored(r.line, 'IPv6 routing is off');
    const names = [...this.ipv6Ifaces.keys()];
    if (names.length < 2) {
      if (r) this.ledger.ignored(r.line, 'IPv6 routing, with fewer than two IPv6 interfaces: nothing is routed (segproof models IPv4 only)');
      return;
    }
    const reason = `IPv6 is routed between ${names.join(', ')}${r ? '' : ' (ipv6 routing is on by default)'}, past the IPv4 filters: segproof models IPv4 only`;
    if (r) this.ledger.unknown(r.line, reason, true);
    else for (const line of new Set(this.ipv6Ifaces.values())) this.ledger.unknown(line, reason, true);
  }

  ipIface(n: number, name: string, rest: readonly string[]): void {
    const i = this.iface(name, n);
    const [k, v, ...more] = rest;
    if (k === 'address') {
      if (v === 'dhcp' || v === 'dhcpc' || v === 'ipcp') return this.ledger.understood(n);
      if (!v) return this.ledger.unknown(n, 'address missing', true);
      const [addr, len] = v.split('/');
      const set = prefixSet(v);
      let prefix = len !== undefined && /^\d+$/.test(len) ? Number(len) : undefined;
      if (len !== undefined && prefix === undefined) {
        const m = prefixSet(`0.0.0.0/${len}`);
        prefix = m ? 32 - Math.log2((m.ranges[0]?.[1] ?? 0) + 1) : undefined;
      }
      if (!set || prefix === undefined || !Number.isInteger(prefix) || more.length > 0) return this.ledger.unknown(n, 'interface address is not understood', true);
      i.cidr = `${addr}/${prefix}`;
      i.line = n;
      return this.ledger.understood(n);
    }
    if (k === 'secondary' || (k === 'address' && more.length > 0)) return this.ledger.unknown(n, 'secondary addresses are not modelled (one address per interface)', true);
    if (k === 'secure' && v === 'filter') {
      const dir = more[0];
      if (dir !== 'in' && dir !== 'out') return this.ledger.unknown(n, `filter direction "${dir}" is not understood`, true);
      if (more[1] === 'name') return this.ledger.unknown(n, 'named filter sets are not modelled', true);
      const statics: string[] = [];
      const dynamics: string[] = [];
      let into = statics;
      for (const w of more.slice(1)) {
        if (w === 'dynamic') into = dynamics;
        else into.push(w);
      }
      i.lists[dir] = { statics, dynamics, line: n };
      return this.ledger.understood(n);
    }
    if (k === 'nat' && v === 'descriptor') {
      if (more.length !== 1) return this.ledger.unknown(n, 'several NAT descriptors on one interface are not modelled', true);
      i.nat = { descriptor: more[0] as string, line: n };
      return this.ledger.understood(n);
    }
    if (k === 'policy') return this.ledger.unknown(n, 'policy filters are not modelled', true);
    this.ledger.unknown(n, `interface setting "${rest.slice(0, 2).join(' ')}" is not understood`, true);
  }

  filter(n: number, rest: readonly string[]): void {
    if (rest[0] === 'dynamic') {
      const [, num, src, dst, ...tail] = rest;
      if (num === 'timer') return this.ledger.ignored(n, 'session timers');
      const s = rtxAddress(src);
      const d = rtxAddress(dst);
      if (!num || !/^\d+$/.test(num) || !s || !d || tail.length === 0) return this.ledger.unknown(n, 'dynamic filter is not understood', true);
      const options = tail.filter((w) => w.includes('='));
      const words = tail.filter((w) => !w.includes('='));
      for (const o of options) if (!/^(syslog|timeout)=/.test(o)) return this.ledger.unknown(n, `dynamic filter option "${o}" is not understood`, true);
      if (words[0] === 'filter') {
        // `filter F… [in G…] [out H…]`: F triggers, H are further connections the same way, G the other way.
        const lists: Record<'filter' | 'in' | 'out', string[]> = { filter: [], in: [], out: [] };
        let into: string[] = lists.filter;
        for (const w of words.slice(1)) {
          if (w === 'in' || w === 'out') into = lists[w];
          else if (/^\d+$/.test(w)) into.push(w);
          else return this.ledger.unknown(n, `"${w}" in a dynamic filter is not understood`, true);
        }
        // Resolved when compiled: the filters may come later in the file.
        this.dynamics.set(num, { number: num, line: n, src: s, dst: d, services: [...lists.filter, ...lists.out].map((f) => `filter:${f}`), ...(lists.in.length > 0 ? { reverse: lists.in } : {}) });
        if (lists.in.length > 0) return this.ledger.approximated(n, 'connections the "in" filters admit the other way are modelled as always admitted (the RTX admits them only after a trigger)');
        return this.ledger.understood(n);
      }
      const app = DYNAMIC_APPLICATIONS[words[0] as string];
      if (!app || words.length > 1) {
        this.dynamics.set(num, { number: num, line: n, src: s, dst: d, services: ['any'], wide: `application ${words[0]}: not known, any service assumed` });
        return this.ledger.approximated(n, `application ${words[0]} is not known: any service assumed`);
      }
      this.dynamics.set(num, { number: num, line: n, src: s, dst: d, services: app });
      return this.ledger.understood(n);
    }
    if (rest[0] === 'set' || rest[0] === 'list') return this.ledger.unknown(n, 'named filter sets are not modelled', true);
    const parsed = parseStaticFilter(rest, n);
    if (!parsed.ok) return this.ledger.unknown(n, parsed.reason, true);
    this.statics.set(parsed.filter.number, parsed.filter);
    this.ledger.understood(n);
  }

  route(n: number, rest: readonly string[]): void {
    const [net, kw, ...tail] = rest;
    const prefix = net === 'default' ? '0.0.0.0/0' : net && prefixSet(net) ? canonical(prefixSet(net) as AddressSet) : undefined;
    if (!prefix || kw !== 'gateway' || tail.length === 0) return this.ledger.unknown(n, 'static route is not understood', true);
    const [g, x, ...opts] = tail;
    let extra = opts;
    if (g === 'null' || g === 'reject') {
      this.routes.push({ prefix, drop: true });
      extra = x === undefined ? [] : [x, ...opts];
    } else if (g === 'pp' || g === 'tunnel') {
      if (!x) return this.ledger.unknown(n, 'route without the interface number', true);
      this.routes.push({ prefix, interface: `${g}${x}` });
      this.routeVia.push({ line: n, iface: `${g}${x}` });
    } else if (g === 'dhcp') return this.ledger.unknown(n, 'a gateway learned by DHCP is not known', true);
    else if (g && /^(lan\d+)$/.test(g)) {
      this.routes.push({ prefix, interface: g });
      this.routeVia.push({ line: n, iface: g });
      extra = x === undefined ? [] : [x, ...opts];
    } else if (g && prefixSet(g)) {
      this.routes.push({ prefix, via: g });
      extra = x === undefined ? [] : [x, ...opts];
    } else return this.ledger.unknown(n, `gateway "${g}" is not understood`, true);
    const gatewayWords = extra.filter((w) => w === 'gateway' || prefixSet(w) !== undefined);
    if (gatewayWords.length > 0) return this.ledger.approximated(n, 'several gateways (backup or load balancing) are modelled as equal-cost paths, only the first kept');
    const harmless = extra.every((w) => /^(metric|hide|weight|keepalive|filter)(=.*)?$|^\d+$/.test(w));
    if (!harmless) return this.ledger.unknown(n, `route option "${extra.join(' ')}" is not understood`, true);
    if (extra.some((w) => w.startsWith('filter'))) return this.ledger.unknown(n, 'a route chosen by filter (policy routing) is not modelled', true);
    this.ledger.understood(n);
  }

  nat(n: number, rest: readonly string[]): void {
    const [k, ...r] = rest;
    if (k === 'type') {
      const d = this.descriptor(r[0] ?? '');
      d.type = r[1];
      d.typeLine = n;
      if (!['masquerade', 'nat', 'nat-masquerade', 'none'].includes(r[1] ?? '')) return this.ledger.unknown(n, `NAT type ${r[1]} is not understood`, true);
      return this.ledger.understood(n);
    }
    if (k === 'address' && (r[0] === 'outer' || r[0] === 'inner') && r[1] && r[2]) {
      const d = this.descriptor(r[1]);
      if (r[0] === 'outer') d.outer = { value: r[2], line: n };
      else {
        const set = r[2] === 'auto' ? ALL_ADDRESSES : rtxAddress(r.slice(2).join(','));
        if (!set) return this.ledger.unknown(n, 'inner address range is not understood', true);
        d.inner = { set, line: n };
      }
      return this.ledger.understood(n);
    }
    if (k === 'masquerade' && r[0] === 'static' && r[1] && r[3] && r[4]) {
      const d = this.descriptor(r[1]);
      const named = (p: string | undefined) => (p === undefined ? undefined : rtxPorts(p)?.length === 1 ? (rtxPorts(p) as string[])[0] : undefined);
      const [outerText, innerText] = (r[5] ?? '').includes('=') ? (r[5] as string).split('=') : [r[5], r[5]];
      const outerPort = named(outerText);
      const innerPort = named(innerText);
      if (r[4] !== 'tcp' && r[4] !== 'udp') {
        d.statics.push({ line: n, inner: r[3], protocol: r[4], outerPort: '', innerPort: '' });
        return this.ledger.understood(n);
      }
      if (!outerPort || !innerPort || !/^\d+$/.test(outerPort) || !/^\d+$/.test(innerPort)) return this.ledger.unknown(n, 'static masquerade port is not understood', true);
      d.statics.push({ line: n, inner: r[3], protocol: r[4], outerPort, innerPort });
      return this.ledger.understood(n);
    }
    if (k === 'static' && r[0] && r[2]) {
      const [outer, inner] = r[2].split('=');
      if (!outer || !inner || (r[3] !== undefined && r[3] !== '1')) return this.ledger.unknown(n, 'static NAT of more than one address is not modelled', true);
      this.descriptor(r[0]).oneToOne.push({ line: n, outer, inner });
      return this.ledger.understood(n);
    }
    if (k === 'masquerade' && r[0] === 'incoming' && r[1]) {
      if (r[2] === 'reject' || r[2] === 'discard') return this.ledger.understood(n);
      if (r[2] === 'forward' && r[3]) {
        this.descriptor(r[1]).incoming = { line: n, forward: r[3] };
        return this.ledger.understood(n);
      }
      return this.ledger.unknown(n, `incoming action "${r[2]}" is not modelled`, true);
    }
    this.ledger.unknown(n, 'NAT descriptor statement is not understood', true);
  }
}

function canonical(set: AddressSet): string {
  const r = addressRefs(set)[0] as string;
  return r.includes('/') ? r : `${r}/32`;
}

const single = (ip: string) => prefixSet(ip) !== undefined && !ip.includes('/');

export function importYamahaRtx(files: readonly InputFile[], options: ImportOptions): DeviceImport {
  const file = files[0] as InputFile;
  const imp = new RtxImport(file);
  const ledgers = [imp.ledger, ...files.slice(1).map((f) => {
    const l = new LineLedger(f.path, f.text);
    l.lines.forEach((_, i) => l.unknown(i + 1, 'yamaha-rtx takes one configuration file', true));
    return l;
  })];
  imp.ledger.lines.forEach((raw, i) => imp.line(i + 1, raw));
  imp.ipv6Forwarding();
  const device = safeName(options.deviceName ?? imp.prompt ?? (file.path.split('/').pop() ?? 'rtx').replace(/\.[^.]*$/, ''));
  const ifaces = [...imp.ifaces.values()];
  const own = new Map(ifaces.filter((i) => i.cidr).map((i) => [i.name, (i.cidr as string).split('/')[0] as string]));

  // Routes into interfaces without an address cannot be placed (PPPoE with ipcp, IPsec tunnels).
  const unplaceable = new Set<string>();
  for (const r of imp.routeVia) {
    if (!imp.ifaces.get(r.iface)?.cidr) {
      imp.ledger.unknown(r.line, `${r.iface} has no fixed address, so segproof cannot place it: describe its link by hand (or give the interface an address)`, true);
      unplaceable.add(r.iface);
    }
  }
  const routes = imp.routes.filter((r) => r.interface === undefined || !unplaceable.has(r.interface));

  // NAT per outer interface.
  const nat: RawNat[] = [];
  const translations = new Map<string, { outer: string; inner: string; protocol?: string; outerPort?: string; innerPort?: string }[]>();
  const snatOf = new Map<string, { inner: AddressSet; outer: string }>();
  for (const i of ifaces) {
    if (!i.nat) continue;
    const d = imp.descriptors.get(i.nat.descriptor);
    if (!d || !d.type) {
      imp.ledger.unknown(i.nat.line, `NAT descriptor ${i.nat.descriptor} has no type`, true);
      continue;
    }
    if (d.type === 'none') continue;
    const outerValue = d.outer?.value ?? 'ipcp';
    let outer: string | undefined = outerValue === 'ipcp' || outerValue === 'primary' ? own.get(i.name) : outerValue.split('-')[0];
    if (outer && !single(outer)) outer = undefined;
    if (!outer) {
      imp.ledger.unknown(d.outer?.line ?? i.nat.line, `the outer address of NAT descriptor ${i.nat.descriptor} is not known (an address assigned by the provider)`, true);
      continue;
    }
    if (outerValue.includes('-') && d.outer) imp.ledger.approximated(d.outer.line, `outer addresses ${outerValue}: modelled as the first, ${outer}`);
    const list: { outer: string; inner: string; protocol?: string; outerPort?: string; innerPort?: string }[] = [];
    for (const s of [...d.statics, ...d.oneToOne.map((o) => ({ line: o.line, inner: o.inner, protocol: '', outerPort: '', innerPort: '', outer: o.outer }))]) {
      const ext = 'outer' in s ? (s as { outer: string }).outer : outer;
      const ported = s.protocol === 'tcp' || s.protocol === 'udp';
      nat.push({
        name: safeName(`nat${i.nat.descriptor}-static-${s.line}`),
        type: 'destination',
        interface: safeName(i.name),
        dst: ext,
        ...(ported ? { service: `${s.protocol}/${s.outerPort}` } : s.protocol ? { service: s.protocol } : {}),
        translateTo: s.inner,
        ...(ported && s.innerPort !== s.outerPort ? { translatePort: Number(s.innerPort) } : {}),
      });
      list.push({ outer: ext, inner: s.inner, ...(ported ? { protocol: s.protocol, outerPort: s.outerPort, innerPort: s.innerPort } : s.protocol ? { protocol: s.protocol } : {}) });
      if (!('outer' in s)) continue;
      nat.push({ name: safeName(`nat${i.nat.descriptor}-static-${s.line}-reverse`), type: 'source', interface: safeName(i.name), src: s.inner, translateTo: ext });
    }
    if (d.incoming) {
      nat.push({ name: safeName(`nat${i.nat.descriptor}-incoming`), type: 'destination', interface: safeName(i.name), dst: outer, translateTo: d.incoming.forward });
      list.push({ outer, inner: d.incoming.forward });
    }
    translations.set(i.name, list);
    if (d.type === 'masquerade' || d.type === 'nat-masquerade' || d.type === 'nat') {
      const inner = d.inner?.set ?? ALL_ADDRESSES;
      nat.push({ name: safeName(`nat${i.nat.descriptor}-${d.type}`), type: 'source', interface: safeName(i.name), ...(inner === ALL_ADDRESSES ? {} : { src: addressRefs(inner) }), translateTo: outer });
      snatOf.set(i.name, { inner, outer });
      if (d.type === 'nat' && d.oneToOne.length === 0) imp.ledger.approximated(d.typeLine as number, 'dynamic NAT from a pool: modelled as masquerade to the first outer address');
    }
  }

  // Filters per interface and direction.
  const acls: RawAcl[] = [];
  let anyDynamic = false;
  const ruleOf = (f: StaticFilter, names: RuleNames): DraftRule => ({
    name: names.name(`filter-${f.number}`), action: f.action, src: f.src, dst: f.dst, services: f.services, description: describeLine(file.path, f.line, imp.ledger.text(f.line)),
  });
  const servicesOf = (refs: readonly string[]) => refs.flatMap((x) => (x.startsWith('filter:') ? imp.statics.get(x.slice(7))?.services ?? ['?'] : [x]));
  // Connections a dynamic filter's "in" list admits the other way: the opposite list of the same interface.
  const reverseRules = new Map<string, Dynamic[]>();
  for (const i of ifaces) {
    for (const dir of ['in', 'out'] as const) {
      for (const num of i.lists[dir]?.dynamics ?? []) {
        const d = imp.dynamics.get(num);
        if (!d?.reverse) continue;
        const key = `${i.name} ${dir === 'in' ? 'out' : 'in'}`;
        reverseRules.set(key, [...(reverseRules.get(key) ?? []), { ...d, src: d.dst, dst: d.src, services: d.reverse.map((f) => `filter:${f}`) }]);
      }
    }
  }
  for (const i of ifaces) {
    for (const dir of ['in', 'out'] as const) {
      const list = i.lists[dir];
      if (!list) continue;
      const names = new RuleNames();
      const rules: DraftRule[] = [];
      let broken = false;
      for (const num of list.statics) {
        const f = imp.statics.get(num);
        if (!f) {
          imp.ledger.unknown(list.line, `filter ${num} is not defined`, true);
          broken = true;
          continue;
        }
        if (f.narrowed) imp.ledger.approximated(f.line, f.narrowed);
        if (f.wide) {
          if (f.action === 'deny') {
            imp.ledger.approximated(f.line, `${f.wide}: this reject is left out, so it rejects nothing`);
            continue;
          }
          imp.ledger.approximated(f.line, `${f.wide}: widened`);
        }
        rules.push(ruleOf(f, names));
      }
      for (const num of list.dynamics) {
        const d = imp.dynamics.get(num);
        if (!d) {
          imp.ledger.unknown(list.line, `dynamic filter ${num} is not defined`, true);
          broken = true;
          continue;
        }
        anyDynamic = true;
        const services = servicesOf(d.services);
        if (services.includes('?')) {
          imp.ledger.unknown(d.line, 'a filter this dynamic filter names is not defined', true);
          continue;
        }
        rules.push({ name: names.name(`dynamic-${d.number}`), action: 'permit', src: d.src, dst: d.dst, services, description: describeLine(file.path, d.line, imp.ledger.text(d.line)) });
      }
      for (const d of reverseRules.get(`${i.name} ${dir}`) ?? []) {
        const services = servicesOf(d.services);
        if (services.includes('?')) {
          imp.ledger.unknown(d.line, 'a filter this dynamic filter names is not defined', true);
          continue;
        }
        rules.push({ name: names.name(`dynamic-${d.number}-in`), action: 'permit', src: d.src, dst: d.dst, services, description: `${describeLine(file.path, d.line, imp.ledger.text(d.line))} (its "in" list, the other way)` });
      }
      if (list.dynamics.length > 0) imp.ledger.approximated(list.line, 'dynamic filters: the RTX passes replies of the sessions they record; modelled as a stateful firewall that passes replies of every session');
      if (broken) continue;
      // The filters of a NAT interface see outer addresses: re-state the pass filters for translated packets.
      const specialised: DraftRule[] = [];
      const snat = snatOf.get(i.name);
      if (dir === 'in') {
        for (const t of translations.get(i.name) ?? []) {
          const O = prefixSet(t.outer) as AddressSet;
          const I = prefixSet(t.inner) as AddressSet;
          for (const r of rules) {
            if (r.action !== 'permit' || intersectSet(r.dst, O).ranges.length === 0) continue;
            const services = translatedServices(r.services, t);
            if (services.length === 0) continue;
            specialised.push({ ...r, name: names.name(`${r.name}-translated`), dst: I, services, description: `${r.description} (as seen before ${t.outer} is translated to ${t.inner})` });
          }
        }
      } else if (snat) {
        const O = prefixSet(snat.outer) as AddressSet;
        for (const r of rules) {
          if (r.action !== 'permit' || intersectSet(r.src, O).ranges.length === 0 || r.src === ALL_ADDRESSES) continue;
          specialised.push({ ...r, name: names.name(`${r.name}-translated`), src: snat.inner, description: `${r.description} (as seen after the source is translated to ${snat.outer})` });
        }
      }
      if (specialised.length > 0) imp.ledger.approximated(list.line, 'filters of a NAT interface see outer addresses: pass filters are repeated for translated packets (also admitting the inner addresses directly), rejects of translated packets are left out');
      acls.push({
        name: safeName(`secure-filter-${i.name}-${dir}`),
        bind: { interface: safeName(i.name), direction: dir },
        default: 'deny',
        rules: renderRules([...specialised, ...rules]),
        description: describeLine(file.path, list.line, `ip ${i.name} secure filter ${dir} (first match; the implicit reject after the last)`),
      });
    }
  }
  if (anyDynamic) {
    // A firewall denies what no ACL applies to; the RTX passes what no filter list covers.
    for (const i of ifaces) {
      if (i.lists.in || unplaceable.has(i.name)) continue;
      acls.push({ name: safeName(`no-filter-${i.name}-in`), bind: { interface: safeName(i.name), direction: 'in' }, default: 'permit', rules: [], description: `no secure filter in on ${i.name}: the RTX passes everything` });
    }
  }
  const interfaces: DeviceInterface[] = ifaces
    .filter((i) => i.cidr || !unplaceable.has(i.name))
    .filter((i) => i.cidr || i.lists.in || i.lists.out || i.nat)
    .map((i) => ({ name: i.name, cidr: i.cidr, description: i.description, line: { file: file.path, line: i.line } }));
  const node = {
    kind: anyDynamic ? 'firewall' : 'router',
    ...(anyDynamic ? { stateful: true } : {}),
    interfaces: {},
    ...(routes.length ? { routes: routes.map((r) => (r.interface ? { ...r, interface: safeName(r.interface) } : r)) } : {}),
    ...(acls.length ? { acls } : {}),
    ...(nat.length ? { nat } : {}),
  } as RawNode;
  return { device, interfaces, fragment: { nodes: { [device]: node } }, ledgers };
}

/** Services of a rule as they read after a static translation (outer port → inner port). */
function translatedServices(services: readonly string[], t: { protocol?: string; outerPort?: string; innerPort?: string }): string[] {
  if (!t.protocol) return [...services];
  const out: string[] = [];
  for (const s of services) {
    const [proto, ports] = s.split('/');
    if (s === 'any' || (proto === t.protocol && (ports === undefined || ports === 'any'))) out.push(t.outerPort ? `${t.protocol}/${t.innerPort}` : t.protocol);
    else if (proto === t.protocol && ports) {
      const [sp, dp] = ports.includes(':') ? ports.split(':') : [undefined, ports];
      const [lo, hi] = (dp ?? '').split('-').map(Number);
      const port = Number(t.outerPort);
      if (dp === 'any' || (lo !== undefined && port >= lo && port <= (hi ?? lo))) out.push(`${t.protocol}/${sp ? `${sp}:` : ''}${t.innerPort}`);
    }
  }
  return out;
}

export const yamahaRtxImporter: Importer = {
  format: 'yamaha-rtx',
  description: 'YAMAHA RTX router (show config): ip filter / dynamic filters per interface, NAT descriptors, static routes',
  importDevice: importYamahaRtx,
};
