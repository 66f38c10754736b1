/**
 * Renders a plan as the `ip -batch` lines and sysctl settings that realise it. Every value comes from the
 * resolved model (identifiers, numbers, addresses) and is passed to `ip` as separate words; nothing here is
 * ever handed to a shell.
 */
import { formatIpv4, formatPrefix } from '../net/ipv4.js';
import type { EmulationPlan, KernelRoute, NodePlan } from './plan.js';

/** Bridges in the fabric namespace, then every veth pair: the bridge port stays, the peer goes to its node. */
export function fabricBatch(plan: EmulationPlan): string[] {
  const lines: string[] = [];
  for (const b of plan.bridges) {
    lines.push(`link add name ${b.name} type bridge stp_state 0 forward_delay 0`);
    lines.push(`link set dev ${b.name} up`);
  }
  for (const n of plan.nodes) {
    for (const itf of n.interfaces) {
      lines.push(`link add ${itf.fabricPort} type veth peer name ${itf.ifname} netns ${n.namespace}`);
      lines.push(`link set dev ${itf.fabricPort} master ${itf.bridge} up`);
    }
  }
  return lines;
}

function routeLine(r: KernelRoute): string {
  const table = `table ${r.table}`;
  const metric = r.metric === undefined ? '' : ` metric ${r.metric}`;
  const dst = formatPrefix(r.prefix);
  switch (r.type) {
    case 'blackhole':
      return `route add blackhole ${dst} ${table}${metric}`;
    case 'unreachable':
      return `route add unreachable ${dst} ${table}${metric}`;
    case 'throw':
      return `route add throw ${dst} ${table}`;
    case 'local':
      return `route add local ${dst} dev lo ${table}`;
    case 'unicast': {
      // `onlink`: the model resolves a next hop to the interface on its segment, whatever else the table holds.
      const hop = (h: { via?: number | undefined; dev: string }) => (h.via === undefined ? `dev ${h.dev}` : `via ${formatIpv4(h.via)} dev ${h.dev} onlink`);
      if (r.nexthops.length === 1) return `route add ${dst} ${hop(r.nexthops[0]!)} ${table}${metric}`;
      return `route add ${dst} ${table}${metric} ${r.nexthops.map((h) => `nexthop ${hop(h)}`).join(' ')}`;
    }
  }
}

export const NEIGHBOUR_QUEUE_PACKETS = 10000;

/** Addresses, links, routes and rules inside a node's namespace (`ip -n <ns> -batch -`). */
export function nodeBatch(n: NodePlan): string[] {
  const lines = ['link set dev lo up'];
  for (const a of n.loopbackAddresses) lines.push(`address add ${formatIpv4(a)}/32 dev lo`);
  for (const itf of n.interfaces) {
    if (itf.mac) lines.push(`link set dev ${itf.ifname} address ${itf.mac.toLowerCase()}`);
    // Connected routes are installed explicitly, in the interface's VRF table.
    for (const a of itf.addresses) lines.push(`address add ${formatIpv4(a)}/${itf.prefixLength} dev ${itf.ifname} noprefixroute`);
    // After the interface's own addresses, so those stay first for source selection: /32s it answers ARP for.
    for (const a of itf.natAddresses) lines.push(`address add ${formatIpv4(a)}/32 dev ${itf.ifname} noprefixroute`);
    lines.push(`link set dev ${itf.ifname} up`);
    // Hundreds of probes may wait on one unresolved neighbour; the default queue (about 100 packets) drops some.
    lines.push(`ntable change name arp_cache dev ${itf.ifname} queue ${NEIGHBOUR_QUEUE_PACKETS}`);
  }
  for (const r of n.routes) lines.push(routeLine(r));
  for (const rule of n.rules) lines.push(`rule add pref ${rule.pref}${rule.iif === undefined ? '' : ` iif ${rule.iif}`}${rule.fwmark === undefined ? '' : ` fwmark ${rule.fwmark}`} lookup ${rule.table}`);
  return lines;
}
