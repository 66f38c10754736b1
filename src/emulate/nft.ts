/**
 * Compiles a node's policy into an nftables rule set, following ARCHITECTURE.md "Packet semantics":
 * strict uRPF first (a prerouting chain before DNAT, see urpfChain); DNAT in prerouting; in forward: (stateful) `ct state established,related accept`, the ingress-interface ACL
 * chains, the zone-pair chains, the egress-interface chains, each keeping first-match order with its explicit
 * default (`return` on permit so later chains run, `drop` on deny); a firewall drops what no ACL applied to;
 * SNAT in postrouting; packets to the node's own addresses and packets it sends meet the input/output chains
 * (see ownAddressChains). Gateways get an input filter that accepts only their served ports on the served side.
 * Every namespace also gets the probe recorder, which notes each packet delivered locally.
 * The output is meant to be read: comments name the ACL, the rule and where they were written. A rule
 * written with `log: true` logs what it decides (`log prefix "ACL/rule action: "` before the verdict).
 */
import type { SourceLocation } from '../diagnostics/diagnostic.js';
import { escapeControl } from '../diagnostics/escape.js';
import { addressSetFromRanges, addressSetIsAll, addressSetIsEmpty, type AddressSet } from '../net/address-set.js';
import { formatIpv4, formatPrefix, rangeToPrefixes } from '../net/ipv4.js';
import { PROTO, type PortRange, type ServiceMatch } from '../net/ports.js';
import type { Acl, FilteringNode, NatRule, Topology, TopologyNode } from '../topology/model.js';

const EMPTY: AddressSet = addressSetFromRanges([]);

/** Maps a topology interface name to its kernel name in the node's namespace. */
export type IfnameOf = (interfaceName: string) => string;

export const RECORDER_TABLE = 'segproof_probe';
export const RECORDER_SET_L4 = 'seen_l4';
export const RECORDER_SET_ICMP = 'seen_icmp';

/** A file name in a `#` comment line: escaped, so a name holding a newline cannot start a statement of its own. */
function where(loc: SourceLocation | undefined): string {
  return loc ? ` (${escapeControl(loc.file)}:${loc.line})` : '';
}

/** nft comments are double-quoted strings of at most 128 bytes, on one line. */
function comment(text: string): string {
  const clean = escapeControl(text.replace(/["\\]/g, "'"));
  const bytes = Buffer.from(clean, 'utf8');
  return `comment "${bytes.length <= 120 ? clean : `${bytes.subarray(0, 117).toString('utf8').replace(/\uFFFD+$/, '')}...`}"`;
}

/** Bytes of a log prefix: the kernel keeps at most 127. */
const LOG_PREFIX_BYTES = 64;

/**
 * `log prefix "…"` for a rule written with `log: true`, placed before its verdict as a device logs what the
 * rule decides. The prefix names the ACL and the rule, quoted like a comment and cut to the kernel's limit.
 */
export function logStatement(aclName: string, ruleName: string, action: 'permit' | 'deny'): string {
  const clean = escapeControl(`${aclName}/${ruleName} ${action}: `.replace(/["\\]/g, "'"));
  const bytes = Buffer.from(clean, 'utf8');
  const prefix = bytes.length <= LOG_PREFIX_BYTES ? clean : `${bytes.subarray(0, LOG_PREFIX_BYTES - 5).toString('utf8').replace(/\uFFFD+$/, '')}...: `;
  return `log prefix "${prefix}"`;
}

function quoteIf(name: string): string {
  return `"${name}"`;
}

function ifnameSet(names: readonly string[]): string {
  return names.length === 1 ? quoteIf(names[0] as string) : `{ ${names.map(quoteIf).join(', ')} }`;
}

/** `10.0.0.0/8`, `10.0.0.1-10.0.0.9`, or an anonymous set of those. */
export function nftAddressSet(set: AddressSet): string {
  const parts = set.ranges.flatMap(([lo, hi]) => {
    const prefixes = rangeToPrefixes(lo, hi);
    if (prefixes.length <= 2) return prefixes.map((p) => (p.length === 32 ? formatIpv4(p.network) : formatPrefix(p)));
    return [`${formatIpv4(lo)}-${formatIpv4(hi)}`];
  });
  return parts.length === 1 ? (parts[0] as string) : `{ ${parts.join(', ')} }`;
}

function portText(r: PortRange): string {
  return r.first === r.last ? String(r.first) : `${r.first}-${r.last}`;
}

function isAnyPort(r: PortRange): boolean {
  return r.first === 0 && r.last === 65535;
}

/** Match expression for one service entry ('' matches every packet). */
export function nftServiceMatch(s: ServiceMatch): string {
  if (s.protocol === undefined) return '';
  if (s.protocol === PROTO.tcp || s.protocol === PROTO.udp) {
    const name = s.protocol === PROTO.tcp ? 'tcp' : 'udp';
    const parts = [`meta l4proto ${name}`];
    if (!isAnyPort(s.srcPorts)) parts.push(`${name} sport ${portText(s.srcPorts)}`);
    if (!isAnyPort(s.dstPorts)) parts.push(`${name} dport ${portText(s.dstPorts)}`);
    return parts.join(' ');
  }
  if (s.protocol === PROTO.icmp) {
    const parts = ['meta l4proto icmp'];
    if (s.icmpType !== undefined) parts.push(`icmp type ${s.icmpType}`);
    if (s.icmpCode !== undefined) parts.push(`icmp code ${s.icmpCode}`);
    return parts.join(' ');
  }
  return `meta l4proto ${s.protocol}`;
}

/**
 * One nft line per service entry, all with the same verdict, so the rule's first-match position is kept.
 * Undefined when the rule can never match (an empty address set).
 */
export function nftMatchLines(src: AddressSet, dst: AddressSet, services: readonly ServiceMatch[]): string[] | undefined {
  if (addressSetIsEmpty(src) || addressSetIsEmpty(dst) || services.length === 0) return undefined;
  const addr: string[] = [];
  if (!addressSetIsAll(src)) addr.push(`ip saddr ${nftAddressSet(src)}`);
  if (!addressSetIsAll(dst)) addr.push(`ip daddr ${nftAddressSet(dst)}`);
  const lines = services.map((s) => [...addr, nftServiceMatch(s)].filter((p) => p !== '').join(' '));
  // `any` among the services makes the others redundant; keep one line that matches everything.
  return lines.includes(addr.join(' ')) ? [addr.join(' ')] : [...new Set(lines)];
}

function aclChainName(index: number): string {
  return `acl_${index}`;
}

function describeBinding(acl: Acl): string {
  const b = acl.binding;
  return b.type === 'interface' ? `bound ${b.direction} on ${b.interface}` : `bound to zone pair ${b.fromZone} -> ${b.toZone}`;
}

function aclChain(acl: Acl, index: number): string[] {
  const out = [`  # ACL "${acl.name}"${where(acl.location)} ${describeBinding(acl)}, default ${acl.defaultAction}`, `  chain ${aclChainName(index)} {`];
  for (const rule of acl.rules) {
    const verdict = `${rule.log ? `${logStatement(acl.name, rule.name, rule.action)} ` : ''}${rule.action === 'permit' ? 'return' : 'drop'}`;
    const lines = nftMatchLines(rule.src, rule.dst, rule.services);
    const label = `${acl.name}: ${rule.action} rule ${rule.name}${where(rule.location)}`;
    if (!lines) {
      out.push(`    # ${label} can never match (an empty address set)`);
      continue;
    }
    for (const line of lines) out.push(`    ${line}${line ? ' ' : ''}counter ${verdict} ${comment(label)}`);
  }
  out.push(`    counter ${acl.defaultAction === 'permit' ? 'return' : 'drop'} ${comment(`${acl.name}: default ${acl.defaultAction}`)}`);
  out.push('  }');
  return out;
}

/** Interfaces of a node whose segment lies in a zone. */
function interfacesInZone(topology: Topology, node: TopologyNode, zone: string): string[] {
  return [...node.interfaces.values()].filter((i) => topology.segments.get(i.segment)?.zone === zone).map((i) => i.name);
}

/** Whether an ACL applies to a packet entering on `iif` and leaving on `oif`. */
export function aclApplies(topology: Topology, node: TopologyNode, acl: Acl, iif: string, oif: string): boolean {
  const b = acl.binding;
  if (b.type === 'interface') return b.direction === 'in' ? b.interface === iif : b.interface === oif;
  const zoneOf = (name: string) => {
    const itf = node.interfaces.get(name);
    return itf ? topology.segments.get(itf.segment)?.zone : undefined;
  };
  return zoneOf(iif) === b.fromZone && zoneOf(oif) === b.toZone;
}

function bindingOrder(acl: Acl): number {
  const b = acl.binding;
  if (b.type === 'zone-pair') return 1;
  return b.direction === 'in' ? 0 : 2;
}

function natLines(rule: NatRule, ifname: IfnameOf): string[] {
  const label = `NAT ${rule.name}${where(rule.location)}: ${rule.type} on ${rule.interface} to ${formatIpv4(rule.translateTo)}${rule.translatePort === undefined ? '' : `:${rule.translatePort}`}`;
  const iface = rule.type === 'destination' ? `iifname ${quoteIf(ifname(rule.interface))}` : `oifname ${quoteIf(ifname(rule.interface))}`;
  const verb = rule.type === 'destination' ? 'dnat' : 'snat';
  // Port translation needs a transport protocol in the match; `any` becomes one line each for tcp and udp.
  const services = rule.translatePort === undefined ? rule.services : rule.services.flatMap((s) => (s.protocol === undefined ? [{ ...s, protocol: PROTO.tcp }, { ...s, protocol: PROTO.udp }] : [s]));
  const lines = nftMatchLines(rule.src, rule.dst, services);
  if (!lines) return [`    # ${label} can never match (an empty address set)`];
  const target = rule.translatePort === undefined ? formatIpv4(rule.translateTo) : `${formatIpv4(rule.translateTo)}:${rule.translatePort}`;
  return lines.map((line) => `    ${iface}${line ? ` ${line}` : ''} counter ${verb} ip to ${target} ${comment(label)}`);
}

/** Strict uRPF on one interface of a router or firewall, as plan.ts realises it. */
export interface UrpfCheck {
  /** Topology name of the interface. */
  readonly interface: string;
  readonly ifname: string;
  /** Mark that sends the FIB lookup to the interface's VRF table (an `ip rule fwmark`); undefined: the main table. */
  readonly mark: number | undefined;
  /** Sources accepted without the FIB check: engine/urpf.ts accepts them for a reason the kernel table cannot express. */
  readonly unchecked: AddressSet;
}

/**
 * Strict uRPF (engine/urpf.ts) in the kernel: for every packet entering a checked interface (replies too),
 * before destination NAT (priority mangle), the FIB is asked for the route back to the source and the packet is
 * dropped unless one of its next hops leaves by that interface (`fib saddr . iif oif missing`). The fib
 * expression looks up as if from `lo`, so `ip rule iif` never picks a VRF table for it; a VRF interface marks
 * the packet with its table number for the lookup (plan.ts installs `fwmark <table> lookup <table>`) and
 * clears the mark again, so forwarding still selects the table by `iif`. Sources the model accepts because
 * of a route leak or a null route beside a route out of the interface skip the check (`unchecked`): the
 * kernel table holds the leaked VRF's routes or only the null route there, and segproof never drops more
 * than the device would.
 */
function urpfChain(node: FilteringNode, checks: readonly UrpfCheck[]): string[] {
  if (checks.length === 0) return [];
  const out = [
    "  # strict uRPF: the route back to the source, in the ingress interface's VRF table, must leave by that interface",
    '  chain urpf {',
    '    type filter hook prerouting priority mangle; policy accept;',
  ];
  for (const c of checks) {
    const itf = node.interfaces.get(c.interface);
    const label = `${node.name}: strict uRPF on ${c.interface}`;
    if (c.mark !== undefined) out.push(`    iifname ${quoteIf(c.ifname)} meta mark set ${c.mark} ${comment(`${label}: look up VRF ${itf?.vrf ?? '?'} (table ${c.mark})`)}`);
    const exempt = addressSetIsEmpty(c.unchecked) ? '' : `ip saddr != ${nftAddressSet(c.unchecked)} `;
    if (exempt) out.push(`    # ${escapeControl(label)}: sources ${nftAddressSet(c.unchecked)} pass unchecked (decided by a route leak or a null route the kernel table cannot express)`);
    out.push(`    iifname ${quoteIf(c.ifname)} ${exempt}fib saddr . ${c.mark === undefined ? '' : 'mark . '}iif oif missing counter drop ${comment(`${label}: no route back to the source leaves by ${c.interface}`)}`);
    if (c.mark !== undefined) out.push(`    iifname ${quoteIf(c.ifname)} meta mark set 0 ${comment(`${label}: forwarding selects the table by iif`)}`);
  }
  out.push('  }');
  return out;
}

/**
 * The rule set of a router or firewall; `urpf` lists its interfaces with strict uRPF; `natOwned` the addresses
 * plan.ts puts on its interfaces because it answers for them by NAT (not its own: see ownAddressChains).
 */
export function compileFilteringNode(topology: Topology, node: FilteringNode, ifname: IfnameOf, urpf: readonly UrpfCheck[] = [], natOwned: AddressSet = EMPTY): string {
  const isFirewall = node.kind === 'firewall';
  const out: string[] = [
    `# segproof: ${node.kind} "${node.name}"${where(node.location)}${isFirewall ? (node.stateful ? ', stateful' : ', stateless') : ', stateless router'}`,
    'table ip segproof {',
    ...urpfChain(node, urpf),
  ];
  const dnat = node.nat.filter((n) => n.type === 'destination');
  const snat = node.nat.filter((n) => n.type === 'source');
  if (dnat.length > 0) {
    out.push('  chain prerouting {', '    type nat hook prerouting priority dstnat; policy accept;');
    for (const rule of dnat) out.push(...natLines(rule, ifname));
    out.push('  }');
  }
  if (snat.length > 0) {
    out.push('  chain postrouting {', '    type nat hook postrouting priority srcnat; policy accept;');
    for (const rule of snat) out.push(...natLines(rule, ifname));
    out.push('  }');
  }

  const ordered = node.acls.map((acl, index) => ({ acl, index })).sort((a, b) => bindingOrder(a.acl) - bindingOrder(b.acl) || a.index - b.index);
  out.push('  chain forward {', `    type filter hook forward priority filter; policy ${isFirewall ? 'drop' : 'accept'};`);
  if (isFirewall && node.stateful) out.push(`    ct state established,related accept ${comment('stateful: return traffic of accepted sessions')}`);
  for (const { acl, index } of ordered) {
    const b = acl.binding;
    let selector: string;
    if (b.type === 'interface') {
      selector = `${b.direction === 'in' ? 'iifname' : 'oifname'} ${quoteIf(ifname(b.interface))}`;
    } else {
      const from = interfacesInZone(topology, node, b.fromZone);
      const to = interfacesInZone(topology, node, b.toZone);
      if (from.length === 0 || to.length === 0) {
        out.push(`    # ACL "${acl.name}" (zone pair ${b.fromZone} -> ${b.toZone}) applies to no interface pair of this node`);
        continue;
      }
      selector = `iifname ${ifnameSet(from.map(ifname))} oifname ${ifnameSet(to.map(ifname))}`;
    }
    out.push(`    ${selector} jump ${aclChainName(index)} ${comment(`ACL ${acl.name} ${describeBinding(acl)}`)}`);
  }
  if (isFirewall) {
    // Only interface pairs that some ACL applies to pass; the chain policy drops the rest (no policy = no passage).
    const names = [...node.interfaces.keys()];
    const pairs: string[] = [];
    for (const iif of names) {
      for (const oif of names) {
        if (node.acls.some((acl) => aclApplies(topology, node, acl, iif, oif))) pairs.push(`${quoteIf(ifname(iif))} . ${quoteIf(ifname(oif))}`);
      }
    }
    if (pairs.length > 0) out.push(`    iifname . oifname { ${pairs.join(', ')} } accept ${comment('every applicable ACL permitted')}`);
    out.push(`    counter ${comment('firewall default: no applicable ACL, no passage (policy drop)')}`);
  }
  out.push('  }');
  out.push(...ownAddressChains(node, ordered, ifname, natOwned));
  for (const { acl, index } of ordered) out.push(...aclChain(acl, index));
  out.push('}');
  return `${out.join('\n')}\n`;
}

/**
 * Packets addressed to the node itself (input hook, after DNAT: the same point the simulator checks its own
 * addresses) meet only the `in` ACLs of their ingress interface; zone pairs never apply. A firewall refuses
 * what no `in` ACL applies to, a router accepts it; a stateful firewall passes replies of sessions it accepted
 * (conntrack). Packets the node sends itself (output hook) meet only the `out` ACLs of their egress interface.
 * The addresses it holds only because it answers for them by NAT are not its own: a packet reaching the input
 * hook still addressed to one was not translated (DNAT and the untranslation of replies happen in prerouting),
 * and the simulator finds no route for it (the next hop is the node itself), so it is dropped first.
 */
function ownAddressChains(node: FilteringNode, ordered: readonly { acl: Acl; index: number }[], ifname: IfnameOf, natOwned: AddressSet): string[] {
  const isFirewall = node.kind === 'firewall';
  const bound = (direction: 'in' | 'out') => ordered.filter(({ acl }) => acl.binding.type === 'interface' && acl.binding.direction === direction);
  const jumps = (list: readonly { acl: Acl; index: number }[], match: 'iifname' | 'oifname') =>
    list.map(({ acl, index }) => {
      const b = acl.binding as Extract<Acl['binding'], { type: 'interface' }>;
      return `    ${match} ${quoteIf(ifname(b.interface))} jump ${aclChainName(index)} ${comment(`ACL ${acl.name} ${describeBinding(acl)}`)}`;
    });
  const inAcls = bound('in');
  const out: string[] = [
    '  # packets addressed to the node itself: only the in ACLs of the ingress interface',
    '  chain input {',
    `    type filter hook input priority filter; policy ${isFirewall ? 'drop' : 'accept'};`,
    ...(addressSetIsEmpty(natOwned) ? [] : [`    ip daddr ${nftAddressSet(natOwned)} counter drop ${comment('answered for by NAT, not its own: untranslated, no route (the next hop is itself)')}`]),
    `    iifname "lo" accept ${comment('packets the node sends to itself')}`,
  ];
  if (isFirewall && node.stateful) out.push(`    ct state established,related accept ${comment('stateful: replies of sessions it accepted')}`);
  out.push(...jumps(inAcls, 'iifname'));
  if (isFirewall) {
    const guarded = [...new Set(inAcls.map(({ acl }) => (acl.binding as Extract<Acl['binding'], { type: 'interface' }>).interface))];
    if (guarded.length > 0) out.push(`    iifname ${ifnameSet(guarded.map(ifname))} accept ${comment('every in ACL of the ingress interface permitted')}`);
    out.push(`    counter ${comment('firewall: no in ACL on the ingress interface, no passage (policy drop)')}`);
  }
  out.push('  }');
  const outAcls = bound('out');
  if (outAcls.length > 0) {
    out.push('  # packets the node sends itself: only the out ACLs of the egress interface', '  chain output {', '    type filter hook output priority filter; policy accept;', ...jumps(outAcls, 'oifname'), '  }');
  }
  return out;
}

/** A gateway's packet behaviour: it accepts only its served ports on the served side, and never forwards. */
export interface GatewayAcceptance {
  /** Kernel interface name; undefined: any interface. */
  readonly ifname: string | undefined;
  readonly src: AddressSet;
  readonly dst: AddressSet;
  readonly services: readonly ServiceMatch[];
  readonly mac?: string | undefined;
  readonly label: string;
}

export function compileGateway(node: TopologyNode, accepts: readonly GatewayAcceptance[]): string {
  const out = [
    `# segproof: ${node.kind} "${node.name}"${where(node.location)}: terminates sessions on its served ports, never forwards (ip_forward=0)`,
    'table inet segproof_gateway {',
    '  chain input {',
    '    type filter hook input priority filter; policy drop;',
    `    iifname "lo" accept ${comment('own traffic')}`,
  ];
  for (const a of accepts) {
    const lines = nftMatchLines(a.src, a.dst, a.services);
    if (!lines) {
      out.push(`    # ${a.label} can never match`);
      continue;
    }
    const prefix = [a.ifname === undefined ? '' : `iifname ${quoteIf(a.ifname)}`, a.mac === undefined ? '' : `ether saddr ${a.mac.toLowerCase()}`].filter((p) => p !== '').join(' ');
    for (const line of lines) out.push(`    ${[prefix, line].filter((p) => p !== '').join(' ')} counter accept ${comment(a.label)}`);
  }
  out.push(`    counter ${comment('anything else to the gateway is refused (policy drop)')}`, '  }', '}');
  return `${out.join('\n')}\n`;
}

/** Records every locally delivered probe, keyed so NAT cannot hide it: (proto, source port) or the echo id. */
export function compileRecorder(): string {
  return [
    '# segproof: probe recorder — notes each packet delivered to this namespace (after any input filter)',
    `table inet ${RECORDER_TABLE} {`,
    `  set ${RECORDER_SET_L4} { typeof ip saddr . meta l4proto . th sport . ip daddr . th dport; flags dynamic; size 262144; }`,
    `  set ${RECORDER_SET_ICMP} { typeof ip saddr . ip daddr . icmp id; flags dynamic; size 65536; }`,
    '  chain input {',
    '    type filter hook input priority 10; policy accept;',
    `    meta l4proto { tcp, udp } add @${RECORDER_SET_L4} { ip saddr . meta l4proto . th sport . ip daddr . th dport }`,
    `    icmp type echo-request add @${RECORDER_SET_ICMP} { ip saddr . ip daddr . icmp id }`,
    '  }',
    '}',
    '',
  ].join('\n');
}
