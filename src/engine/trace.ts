/** What a concrete trace records: every hop with the route, NAT and ACL decisions, and the fate. */
import type { SourceLocation } from '../diagnostics/diagnostic.js';
import type { AddressSet } from '../net/address-set.js';
import type { PacketHeader } from '../net/header.js';
import type { Ipv4, Prefix } from '../net/ipv4.js';
import type { ServiceMatch } from '../net/ports.js';
import type { NodeKind, Route } from '../topology/model.js';
import type { Disposition } from './disposition.js';
import type { Flow } from './flow.js';

export interface RouteUse {
  readonly vrf: string;
  readonly prefix: Prefix;
  readonly origin: Route['origin'];
  /** `via 10.0.0.1 on eth0`, `interface eth0`, `drop`, `continue in vrf X`. */
  readonly target: string;
  readonly location: SourceLocation | undefined;
}

export interface AclCheck {
  readonly acl: string;
  /** `in on eth0`, `out on eth1`, `zone-pair INET -> MN`, `zt-pep rules`. */
  readonly binding: string;
  readonly action: 'permit' | 'deny';
  /** The deciding rule; undefined when the ACL's default decided. */
  readonly rule: string | undefined;
  /** The rule's location, or the ACL's when the default decided. */
  readonly location: SourceLocation | undefined;
  /** The deciding rule's description (for an imported rule: the vendor file:line it came from). */
  readonly ruleDescription?: string | undefined;
  /** The deciding rule logs the packet (`log: true`). */
  readonly logged?: boolean | undefined;
}

export interface NatRewrite {
  readonly rule: string;
  readonly type: 'source' | 'destination';
  readonly before: { readonly ip: Ipv4; readonly port: number };
  readonly after: { readonly ip: Ipv4; readonly port: number };
  /** True when undoing a translation for return traffic of a recorded session. */
  readonly reverse: boolean;
  readonly location: SourceLocation | undefined;
}

export interface Hop {
  readonly node: string;
  readonly kind: NodeKind | 'segment-host';
  /** Undefined where the packet originates. */
  readonly ingress: string | undefined;
  readonly vrf: string;
  /** The header as it arrived (or was sent, at the origin). */
  readonly header: PacketHeader;
  readonly nat: readonly NatRewrite[];
  readonly routes: readonly RouteUse[];
  readonly acls: readonly AclCheck[];
  readonly egress?: string | undefined;
  readonly nextHop?: Ipv4 | undefined;
  readonly nextNode?: string | undefined;
  /** The header as it left, when NAT changed it. */
  readonly headerOut?: PacketHeader | undefined;
  readonly notes: readonly string[];
}

/** A session a gateway may originate after accepting one: targets × services through one of its interfaces. */
export interface GatewaySession {
  readonly via: string | undefined;
  readonly targets: AddressSet;
  readonly services: readonly ServiceMatch[];
  /** What crosses: `display session`, `sanitised objects (cdr)`, … */
  readonly carries: string;
}

export interface DecidingRule {
  /** ACL, gateway or PEP policy name. */
  readonly policy: string;
  /** The deciding rule; undefined when a default or a built-in behaviour decided. */
  readonly rule: string | undefined;
  /** In words: `rule deny-and-log of ACL INET_TO_LG`, `firewall fw: no ACL applies (default deny)`. */
  readonly description: string;
  readonly location: SourceLocation | undefined;
}

/** One ECMP choice along the way: branch `index` (1-based) of `of` at `node`. */
export interface BranchChoice {
  readonly node: string;
  readonly index: number;
  readonly of: number;
}

export interface Trace {
  readonly direction: 'forward' | 'reply';
  readonly flow: Flow;
  readonly branch: readonly BranchChoice[];
  readonly hops: readonly Hop[];
  readonly disposition: Disposition;
  /** The node where the trace ended. */
  readonly at: string;
  readonly reason: string;
  readonly deciding?: DecidingRule | undefined;
  /** For `terminated-at-gateway`. */
  readonly sessions?: readonly GatewaySession[] | undefined;
  /** For `loop`: indexes of the hops that repeat (first visit … last hop). */
  readonly loop?: { readonly firstHop: number; readonly nodes: readonly string[] } | undefined;
  /** With --bidirectional: the reply's traces (one per ECMP branch), or why there is none. */
  readonly reply?: readonly Trace[] | undefined;
  readonly noReply?: string | undefined;
  readonly notes: readonly string[];
}
