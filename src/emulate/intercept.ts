/**
 * Gateways that take packets not addressed to them: a zero-trust PEP terminates requests for the resources
 * behind its resource side, and a relay allowance with `dst` intercepts packets for those addresses. In the
 * kernel such destinations are made local to the gateway's namespace for packets arriving on the intercepting
 * side (a `local` route in a table consulted for that interface), and its input filter then decides, in the
 * same order as the simulator (src/engine/nodes/zt-pep.ts, relay.ts).
 */
import { ALL_ADDRESSES, EMPTY_SET, addressSetFromRanges, addressSetIntersect, addressSetIsEmpty, addressSetMinus, addressSetUnion, type AddressSet } from '../net/address-set.js';
import { prefixFirst, prefixLast } from '../net/ipv4.js';
import type { HostNode, PepNode, RelayNode, Topology, TopologyNode } from '../topology/model.js';
import { nftMatchLines } from './nft.js';

export function ownAddressSet(node: TopologyNode): AddressSet {
  return addressSetFromRanges([...node.interfaces.values()].flatMap((i) => (i.address === undefined ? [] : [[i.address, i.address] as const])));
}

/**
 * Destinations whose longest-prefix routes on `node` (in `vrf`) include one leaving by `iface`: the resources
 * "behind" that interface. Same-length routes are ECMP, so any of them counts.
 */
export function routedVia(node: TopologyNode, vrf: string, iface: string): AddressSet {
  const routes = node.routes.filter((r) => r.vrf === vrf);
  const lengths = [...new Set(routes.map((r) => r.prefix.length))].sort((a, b) => b - a);
  let covered: AddressSet = EMPTY_SET;
  let behind: AddressSet = EMPTY_SET;
  for (const length of lengths) {
    const atLength = routes.filter((r) => r.prefix.length === length);
    let claimed: AddressSet = EMPTY_SET;
    for (const r of atLength) {
      const set = addressSetFromRanges([[prefixFirst(r.prefix), prefixLast(r.prefix)]]);
      claimed = addressSetUnion(claimed, set);
      const t = r.target;
      const leaves = (t.type === 'via' || t.type === 'interface') && t.interface === iface;
      if (leaves) behind = addressSetUnion(behind, addressSetMinus(set, covered));
    }
    covered = addressSetUnion(covered, claimed);
  }
  return behind;
}

/** Where the PEP terminates requests: resources behind its resource side, never its own addresses. */
export function pepIntercepts(node: PepNode): AddressSet {
  const client = node.interfaces.get(node.clientSide);
  if (!client) return EMPTY_SET;
  return addressSetMinus(routedVia(node, client.vrf, node.resourceSide), ownAddressSet(node));
}

export function relayIntercepts(node: RelayNode): AddressSet {
  return addressSetMinus(addressSetUnion(...node.allow.map((a) => a.dst ?? EMPTY_SET)), ownAddressSet(node));
}

function listed(values: readonly string[] | undefined, value: string | undefined): boolean {
  return values === undefined || (value !== undefined && values.includes(value));
}

function hostAddresses(h: HostNode): AddressSet {
  return addressSetFromRanges([...h.interfaces.values()].flatMap((i) => (i.address === undefined ? [] : [[i.address, i.address + h.count - 1] as const])));
}

/**
 * Sources whose identity satisfies the roles and postures: a probe carries its start host's identity,
 * so in the kernel identity becomes the set of those hosts' addresses.
 */
export function sourcesWithIdentity(topology: Topology, roles: readonly string[] | undefined, postures: readonly string[] | undefined): AddressSet {
  if (roles === undefined && postures === undefined) return ALL_ADDRESSES;
  const hosts = [...topology.nodes.values()].filter((n): n is HostNode => n.kind === 'host');
  return addressSetUnion(...hosts.filter((h) => listed(roles, h.identity.userRole) && listed(postures, h.identity.devicePosture)).map(hostAddresses));
}

/** Destinations whose data class (the first label that contains them) is one of `classes`. */
export function destinationsOfClass(node: PepNode, classes: readonly string[] | undefined): AddressSet {
  if (classes === undefined) return ALL_ADDRESSES;
  let covered: AddressSet = EMPTY_SET;
  let out: AddressSet = EMPTY_SET;
  for (const d of node.dataClasses) {
    if (classes.includes(d.dataClass)) out = addressSetUnion(out, addressSetMinus(d.resources, covered));
    covered = addressSetUnion(covered, d.resources);
  }
  return out;
}

function quote(text: string): string {
  return `"${text.replace(/["\\\n]/g, "'").slice(0, 120)}"`;
}

/** The PEP's input filter: intercepted destinations on the client side, accepted services, then its rules. */
export function compilePep(topology: Topology, node: PepNode, ifname: (n: string) => string): string {
  const behind = pepIntercepts(node);
  const out = [
    `# segproof: zt-pep "${node.name}": terminates requests for resources behind ${node.resourceSide}, from clients on ${node.clientSide}; never forwards`,
    '# identity rules are compiled to the addresses of the hosts whose identity satisfies them (a probe carries its host\'s identity)',
    'table inet segproof_gateway {',
    '  chain input {',
    '    type filter hook input priority filter; policy drop;',
    `    iifname "lo" accept comment ${quote('own traffic')}`,
  ];
  const behindLines = nftMatchLines(ALL_ADDRESSES, behind, [{ protocol: undefined, srcPorts: { first: 0, last: 65535 }, dstPorts: { first: 0, last: 65535 } }]);
  if (behindLines) for (const l of behindLines) out.push(`    iifname "${ifname(node.clientSide)}" ${l} jump pep_admit comment ${quote('a resource behind the resource side')}`);
  out.push(`    counter comment ${quote('anything else is refused (policy drop)')}`, '  }', '  chain pep_admit {');
  for (const l of nftMatchLines(ALL_ADDRESSES, ALL_ADDRESSES, node.accepts) ?? []) out.push(`    ${l} jump pep_rules comment ${quote('a service it accepts')}`);
  out.push(`    counter drop comment ${quote('not a service it accepts')}`, '  }', '  chain pep_rules {');
  for (const rule of node.rules) {
    const src = sourcesWithIdentity(topology, rule.userRoles, rule.devicePostures);
    const dst = addressSetIntersect(rule.resources, destinationsOfClass(node, rule.dataClasses));
    const services = rule.services.length === 0 ? [{ protocol: undefined, srcPorts: { first: 0, last: 65535 }, dstPorts: { first: 0, last: 65535 } }] : rule.services;
    const lines = addressSetIsEmpty(src) || addressSetIsEmpty(dst) ? undefined : nftMatchLines(src, dst, services);
    if (!lines) {
      out.push(`    # rule ${rule.name} matches no source or resource`);
      continue;
    }
    for (const l of lines) out.push(`    ${l}${l ? ' ' : ''}counter ${rule.action === 'permit' ? 'accept' : 'drop'} comment ${quote(`${node.name}: ${rule.action} rule ${rule.name}`)}`);
  }
  out.push(`    counter ${node.defaultAction === 'permit' ? 'accept' : 'drop'} comment ${quote(`${node.name}: default ${node.defaultAction}`)}`, '  }', '}');
  return `${out.join('\n')}\n`;
}
