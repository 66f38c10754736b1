/**
 * `ip addr` and `ip route` dumps of a Linux router: its interfaces with their IPv4 addresses
 * (primary and secondary), and its main routing table (connected, via, device, blackhole /
 * unreachable / prohibit). Each line is accounted for in the file's ledger.
 */
import { formatPrefix, maskOf, parseIpv4, parsePrefix, prefixLast, type Ipv4, type Prefix } from '../../net/ipv4.js';
import { LineLedger } from '../ledger.js';
import type { InputFile } from '../types.js';

export interface LinuxAddress {
  readonly address: Ipv4;
  readonly prefix: Prefix;
  readonly broadcast: Ipv4 | undefined;
  readonly secondary: boolean;
  readonly line: number;
}

export interface LinuxInterface {
  readonly name: string;
  readonly up: boolean;
  readonly loopback: boolean;
  readonly addresses: LinuxAddress[];
  readonly line: number;
  readonly file: string;
  /** Lines of the interface's IPv6 addresses other than link-local and host scope (`ip addr` dumps only). */
  readonly ipv6Lines?: number[];
}

export interface LinuxRoute {
  readonly prefix: Prefix;
  /** unicast: forwarded (via a gateway or out of a device); drop: blackhole, unreachable or prohibit. */
  readonly type: 'unicast' | 'drop';
  readonly via?: Ipv4 | undefined;
  readonly dev?: string | undefined;
  readonly metric: number;
  /** A route the kernel adds for an interface address (proto kernel, scope link): implied by the interface. */
  readonly connected: boolean;
  readonly line: number;
}

/** Which dump a file is: `ip addr` has numbered interface headers, `ip route` has route lines. */
export function dumpKind(text: string): 'ip-addr' | 'ip-route' | undefined {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '').slice(0, 20);
  if (lines.some((l) => /^\d+:\s+\S+?(@\S+)?:\s+</.test(l))) return 'ip-addr';
  if (lines.length > 0 && lines.every((l) => ROUTE_START.test(l.trim()) || /^\s*nexthop\s/.test(l))) return 'ip-route';
  return undefined;
}

const ROUTE_START = /^(default|blackhole|unreachable|prohibit|throw|unicast|local|broadcast|multicast|anycast|nat|\d{1,3}(\.\d{1,3}){0,3}(\/\d{1,2})?)(\s|$)/;

export function parseIpAddr(file: InputFile): { interfaces: LinuxInterface[]; ledger: LineLedger } {
  const ledger = new LineLedger(file.path, file.text);
  const interfaces: LinuxInterface[] = [];
  let current: LinuxInterface | undefined;
  ledger.lines.forEach((raw, i) => {
    const line = i + 1;
    const text = raw.trim();
    if (text === '') return;
    const header = /^\d+:\s+([^\s:@]+)(?:@\S+)?:\s+<([^>]*)>/.exec(text);
    if (header) {
      const flags = (header[2] ?? '').split(',');
      current = { name: header[1] as string, up: flags.includes('UP'), loopback: flags.includes('LOOPBACK'), addresses: [], line, file: file.path, ipv6Lines: [] };
      interfaces.push(current);
      if (current.loopback) ledger.ignored(line, 'the loopback interface: packets of the device to itself');
      else if (!current.up) ledger.approximated(line, 'the interface is down; modelled as up (its addresses and routes count)');
      else ledger.understood(line);
      return;
    }
    const inet = /^inet\s+(\d+\.\d+\.\d+\.\d+)(?:\/(\d+))?(.*)$/.exec(text);
    if (inet && current) {
      const address = parseIpv4(inet[1] as string);
      const length = inet[2] === undefined ? 32 : Number(inet[2]);
      const rest = inet[3] ?? '';
      const peer = /\bpeer\s/.test(rest);
      if (address === undefined || !(length >= 0 && length <= 32) || peer) {
        ledger.unknown(line, peer ? 'point-to-point addresses (peer) are not modelled' : 'malformed IPv4 address', true);
        return;
      }
      if (current.loopback) {
        ledger.ignored(line, 'loopback address: local to the device (127.0.0.0/8 is always its own)');
        return;
      }
      const brd = /\bbrd\s+(\d+\.\d+\.\d+\.\d+)/.exec(rest);
      current.addresses.push({
        address,
        prefix: { network: (address & maskOf(length)) >>> 0, length },
        broadcast: brd ? parseIpv4(brd[1] as string) : undefined,
        secondary: /\bsecondary\b/.test(rest),
        line,
      });
      ledger.understood(line);
      return;
    }
    if (/^inet6\s/.test(text)) {
      if (current && !/\bscope\s+(link|host)\b/.test(text)) current.ipv6Lines?.push(line);
      return ledger.ignored(line, 'IPv6 is not modelled by segproof');
    }
    if (/^(link\/|valid_lft|altname|alias)/.test(text)) return ledger.ignored(line, 'link-layer details, lifetimes and names do not change a verdict');
    ledger.unknown(line, 'not an `ip addr` line segproof knows', false);
  });
  markIpv6Forwarding(interfaces, ledger);
  markSharedLinks(interfaces, ledger);
  return { interfaces, ledger };
}

/** The address whose subnet is the interface's own (segproof's connected route): the first primary one. */
export function primaryAddress(i: LinuxInterface): LinuxAddress | undefined {
  return i.addresses.find((a) => !a.secondary) ?? i.addresses[0];
}

/**
 * The first address of each further subnet on the interface (not the primary's, not a /32 host
 * address): segproof models each as an interface and segment of its own, `<name>-sec<k>`.
 */
export function extraSubnets(i: LinuxInterface): LinuxAddress[] {
  const primary = primaryAddress(i);
  if (!primary) return [];
  const seen = new Set([formatPrefix(primary.prefix)]);
  const out: LinuxAddress[] = [];
  for (const a of i.addresses) {
    const key = formatPrefix(a.prefix);
    if (a.prefix.length === 32 || seen.has(key)) continue;
    seen.add(key);
    out.push(a);
  }
  return out;
}

/**
 * Two subnets on one interface share its link, one broadcast domain: a host of either takes (or ARPs
 * for) an address of the other and reaches its hosts directly, past the device and its rule set.
 * segproof puts each subnet on a segment of its own, which can lie in another zone; whether the two
 * land in zones of one class is only known once the interfaces are placed, after the import is
 * summarised, so the address of every further subnet is unknown and verdict-changing.
 */
function markSharedLinks(interfaces: readonly LinuxInterface[], ledger: LineLedger): void {
  for (const i of interfaces) {
    if (i.loopback) continue;
    const primary = primaryAddress(i);
    for (const a of extraSubnets(i)) {
      ledger.unknown(a.line, `${formatPrefix(a.prefix)} and ${formatPrefix((primary as LinuxAddress).prefix)} share ${i.name}'s broadcast domain; hosts of one reach the other without the router (segproof puts each subnet on a segment of its own)`, true);
    }
  }
}

/**
 * IPv6 forwarded between two interfaces passes the IPv4 rule set (ip6tables or an `ip6` table, not in
 * the input, filters it): a path the IPv4 model misses. Linux forwards IPv6 only with
 * `net.ipv6.conf.all.forwarding=1` (default 0), but none of the inputs (iptables-save, nft -j,
 * `ip addr`, `ip route`) shows sysctls, so forwarding cannot be ruled out. Sound choice: when two or
 * more up, non-loopback interfaces have IPv6 addresses beyond link-local (with which the kernel has
 * prefixes to route between), each such interface's first one is unknown and verdict-changing. A
 * dump with IPv6 on one interface, or only link-local addresses, keeps its `inet6` lines ignored.
 */
function markIpv6Forwarding(interfaces: readonly LinuxInterface[], ledger: LineLedger): void {
  const v6 = interfaces.filter((i) => i.up && !i.loopback && (i.ipv6Lines?.length ?? 0) > 0);
  if (v6.length < 2) return;
  const reason = `IPv6 addresses on ${v6.map((i) => i.name).join(', ')}: if the device forwards IPv6 (net.ipv6.conf.all.forwarding=1, which these dumps cannot show) it passes IPv6 past the IPv4 rule set, a path segproof does not model (for a device that does not forward IPv6, leave the inet6 lines out of the dump)`;
  for (const i of v6) ledger.unknown(i.ipv6Lines?.[0] as number, reason, true);
}

export function parseIpRoute(file: InputFile): { routes: LinuxRoute[]; ledger: LineLedger } {
  const ledger = new LineLedger(file.path, file.text);
  const routes: LinuxRoute[] = [];
  ledger.lines.forEach((raw, i) => {
    const line = i + 1;
    const text = raw.trim();
    if (text === '') return;
    if (/^nexthop\s/.test(text)) return ledger.unknown(line, 'multipath routes (nexthop) are not modelled', true);
    const words = text.split(/\s+/);
    let type: LinuxRoute['type'] = 'unicast';
    let k = 0;
    const first = words[0] as string;
    if (first === 'blackhole' || first === 'unreachable' || first === 'prohibit') {
      type = 'drop';
      k = 1;
    } else if (first === 'unicast') k = 1;
    else if (['local', 'broadcast', 'multicast', 'anycast', 'throw', 'nat'].includes(first)) {
      return ledger.unknown(line, `${first} routes are not modelled (dump the main table: ip route show)`, first !== 'local' && first !== 'broadcast');
    }
    const dest = words[k] ?? '';
    let prefix: Prefix | undefined;
    if (dest === 'default') prefix = { network: 0, length: 0 };
    else {
      const p = parsePrefix(dest.includes('/') ? dest : `${dest}/32`);
      prefix = p.ok ? p.prefix : undefined;
    }
    if (!prefix) return ledger.unknown(line, `"${dest}" is not an IPv4 destination`, true);
    const opt = (name: string) => {
      const at = words.indexOf(name, k + 1);
      return at < 0 ? undefined : words[at + 1];
    };
    const table = opt('table');
    if (table !== undefined && table !== 'main') return ledger.unknown(line, `routes of table ${table} (policy routing) are not modelled`, true);
    const viaText = opt('via');
    const via = viaText === undefined ? undefined : parseIpv4(viaText);
    if (viaText !== undefined && via === undefined) return ledger.unknown(line, `next hop "${viaText}" is not an IPv4 address`, true);
    const metric = Number(opt('metric') ?? 0);
    const dev = opt('dev');
    const connected = type === 'unicast' && via === undefined && opt('proto') === 'kernel' && opt('scope') === 'link';
    routes.push({ prefix, type, via, dev, metric: Number.isFinite(metric) ? metric : 0, connected, line });
    ledger.understood(line);
  });
  // The lowest metric wins among routes to one prefix; the others stand by.
  const best = new Map<string, LinuxRoute>();
  for (const r of routes) {
    const key = formatPrefix(r.prefix);
    const b = best.get(key);
    if (!b || r.metric < b.metric) best.set(key, r);
  }
  const kept = routes.filter((r) => best.get(formatPrefix(r.prefix)) === r);
  for (const r of routes) if (!kept.includes(r)) ledger.ignored(r.line, `a route to ${formatPrefix(r.prefix)} with a lower metric wins; this one only stands by`);
  return { routes: kept, ledger };
}

/** The routes the interfaces imply (the kernel's `proto kernel scope link` ones), for a dump without `ip route`. */
export function connectedRoutes(interfaces: readonly LinuxInterface[]): LinuxRoute[] {
  const out: LinuxRoute[] = [];
  const seen = new Set<string>();
  for (const i of interfaces) {
    if (i.loopback) continue;
    for (const a of i.addresses) {
      const key = `${formatPrefix(a.prefix)} ${i.name}`;
      if (seen.has(key) || a.prefix.length === 32) continue;
      seen.add(key);
      out.push({ prefix: a.prefix, type: 'unicast', dev: i.name, metric: 0, connected: true, line: a.line });
    }
  }
  return out;
}

/** Addresses the kernel treats as broadcast on a link: each address's `brd`, and its prefix's last address (prefixes up to /30). */
export function broadcastAddresses(interfaces: readonly LinuxInterface[]): Ipv4[] {
  const out = new Set<Ipv4>([0xffffffff]);
  for (const i of interfaces) {
    if (i.loopback) continue;
    for (const a of i.addresses) {
      if (a.broadcast !== undefined) out.add(a.broadcast);
      if (!a.secondary && a.prefix.length < 31) out.add(prefixLast(a.prefix));
    }
  }
  return [...out].sort((a, b) => a - b);
}


