/**
 * A Cisco forwarding-table dump in the Stanford backbone's format: a `Prefix Next Hop Interface`
 * header, then `<prefix> <next-hop | attached | receive | drop | multicast> [<interface>]` lines.
 * Entries become static routes of the device (several entries for one prefix are ECMP, as in the
 * table). A `receive` entry is the router's own address; `attached` entries inside a connected
 * prefix are the connected route itself (host adjacencies); anything routed to Null0 is a null route.
 */
import { formatIpv4, maskOf, parseIpv4 } from '../../net/ipv4.js';
import type { RawRoute } from '../../topology/format.js';
import type { LineLedger } from '../ledger.js';
import { safeName } from '../names.js';

export interface ConnectedPrefix {
  /** segproof-side interface name (vendor name, or vendor name + `-secN` for a secondary address). */
  readonly name: string;
  readonly address: number;
  readonly network: number;
  readonly length: number;
}

const inPrefix = (ip: number, network: number, length: number) => length === 0 || ((ip & maskOf(length)) >>> 0) === network;

/**
 * Routes of one table. `addressesOf` maps a vendor interface to its segproof interfaces (none when it
 * is shut down or has no IPv4 address: routes out of it cannot be placed and are unknown).
 */
export function parseForwardingTable(ledger: LineLedger, file: string, connected: readonly ConnectedPrefix[], addressesOf: ReadonlyMap<string, readonly string[]>): RawRoute[] {
  void file;
  const routes: RawRoute[] = [];
  const own = new Set(connected.map((c) => c.address));
  let previous: string | undefined;
  ledger.lines.forEach((text, k) => {
    const n = k + 1;
    let t = text.trim().split(/\s+/);
    if (text.trim() === '') return;
    // an indented line is one more (ECMP) next hop of the prefix above it
    if (/^\s/.test(text) && previous !== undefined) t = [previous, ...t];
    if (t[0] === 'Prefix') {
      ledger.ignored(n, 'table header');
      return;
    }
    const [a, l] = (t[0] ?? '').split('/');
    const address = parseIpv4(a ?? '');
    const length = Number(l);
    if (address === undefined || !/^\d{1,2}$/.test(l ?? '') || length > 32) {
      ledger.unknown(n, 'not a forwarding-table entry (prefix next-hop interface)', true);
      return;
    }
    const network = (address & maskOf(length)) >>> 0;
    const prefix = `${formatIpv4(network)}/${length}`;
    previous = prefix;
    const hop = t[1] ?? '';
    const iface = t[2];
    const isNull = iface !== undefined && /^null/i.test(iface);
    if (hop === 'drop' || isNull) {
      routes.push({ prefix, drop: true });
      ledger.understood(n);
      return;
    }
    if (hop === 'multicast') {
      ledger.ignored(n, 'multicast (segproof models unicast)');
      return;
    }
    if (hop === 'receive') {
      if (length === 32 && own.has(network)) ledger.understood(n);
      else if (length === 32 && (network === 0 || network === 0xffffffff || connected.some((c) => c.length < 31 && (network === c.network || network === ((c.network | ~maskOf(c.length)) >>> 0))))) {
        ledger.ignored(n, 'network or broadcast address: no unicast flow targets it');
      } else ledger.unknown(n, 'the router receives packets to this address (HSRP or another address segproof does not give it); it is not a target of its own in the model', false);
      return;
    }
    const placed = iface === undefined ? undefined : addressesOf.get(iface);
    if (hop === 'attached') {
      if (!iface || !placed || placed.length === 0) {
        ledger.unknown(n, `attached to ${iface ?? '(no interface)'}, which has no IPv4 address in the configuration or is shut down`, true);
        return;
      }
      const placedSet = new Set(placed);
      if (connected.some((c) => placedSet.has(c.name) && c.length <= length && inPrefix(network, c.network, c.length))) {
        ledger.understood(n); // the connected route (or a host adjacency inside it)
        return;
      }
      routes.push({ prefix, interface: safeName(placed[0] as string) });
      ledger.understood(n);
      return;
    }
    const via = parseIpv4(hop);
    if (via === undefined) {
      ledger.unknown(n, `next hop "${hop}" not understood`, true);
      return;
    }
    const on = connected.find((c) => c.address !== via && c.length < 32 && inPrefix(via, c.network, c.length) && (!placed || placed.includes(c.name)));
    if (!on) {
      ledger.unknown(n, `next hop ${hop} is on no addressed, enabled interface of the configuration${iface ? ` (${iface})` : ''}`, true);
      return;
    }
    routes.push({ prefix, via: formatIpv4(via) });
    ledger.understood(n);
  });
  return routes;
}
