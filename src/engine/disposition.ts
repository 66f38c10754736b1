/**
 * The closed set of flow dispositions: how a concrete packet's journey ends. One table, kept
 * identical in meaning to ARCHITECTURE.md ("Dispositions"). The order matches the replay engine's
 * integer codes (src/replay/disposition.ts), which only ever append.
 */
export const DISPOSITION_TABLE = [
  {
    name: 'delivered',
    meaning: 'reached the node that owns the destination address: a host or pool member, a router, firewall or dedicated line addressed itself, or (for a reply) the sender of the flow',
  },
  {
    name: 'denied-in',
    meaning: 'dropped on entering a node: an ingress or zone-pair ACL, a firewall with no policy, a gateway refusing it, a host asked to forward',
  },
  { name: 'denied-out', meaning: 'dropped by an egress ACL' },
  { name: 'no-route', meaning: 'a node had no route for the destination (or the next hop did not resolve)' },
  { name: 'null-routed', meaning: 'matched a `drop` route' },
  {
    name: 'loop',
    meaning: 'the packet came back to a (node, VRF, header) it had already visited, or route leaks on one node form a cycle; the looping hops are listed',
  },
  { name: 'exits-network', meaning: 'handed to an external network that owns the destination' },
  {
    name: 'terminated-at-gateway',
    meaning: 'accepted by a gateway on a served port; the sessions it may originate next are listed',
  },
  { name: 'hop-limit', meaning: 'more than 64 hops without one of the above (a guard; a loop is reported as `loop`)' },
] as const;

export type Disposition = (typeof DISPOSITION_TABLE)[number]['name'];

export const DISPOSITIONS: readonly Disposition[] = DISPOSITION_TABLE.map((d) => d.name);

/** Nodes a packet may traverse before the trace ends as `hop-limit`. */
export const HOP_LIMIT = 64;

export function describeDisposition(d: Disposition): string {
  return DISPOSITION_TABLE.find((row) => row.name === d)?.meaning ?? d;
}

/** The flow got somewhere: a host, an external network, or a gateway that accepted the session. */
export function isReached(d: Disposition): boolean {
  return d === 'delivered' || d === 'exits-network' || d === 'terminated-at-gateway';
}
