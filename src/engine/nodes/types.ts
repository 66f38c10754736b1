/** What a node behaviour sees (a packet arriving or being sent) and what it returns (one step per ECMP branch). */
import type { PacketHeader } from '../../net/header.js';
import type { Ipv4 } from '../../net/ipv4.js';
import type { Interface, Topology, TopologyNode } from '../../topology/model.js';
import type { Disposition } from '../disposition.js';
import type { Identity } from '../flow.js';
import type { Forwarding, SegmentOwner } from '../routing.js';
import type { SessionEntry } from '../state.js';
import type { AclCheck, DecidingRule, GatewaySession, NatRewrite, RouteUse } from '../trace.js';

export interface SimContext {
  readonly topology: Topology;
  readonly forwarding: Forwarding;
  readonly direction: 'forward' | 'reply';
  /** Connection state recorded by the forward trace (read by the reply). */
  readonly sessions: readonly SessionEntry[];
  readonly identity: Identity;
  /** The unnamed host a segment start stands for, so its reply can be delivered. */
  readonly phantom: { readonly segment: string; readonly address: Ipv4 } | undefined;
}

export interface Arrival {
  readonly node: TopologyNode;
  /** Undefined when the node originates the packet. */
  readonly ingress: Interface | undefined;
  readonly vrf: string;
  readonly header: PacketHeader;
  /** The neighbour that handed the packet over (its egress interface), for MAC checks. */
  readonly previous: { readonly node: TopologyNode; readonly interface: Interface } | undefined;
}

/** A hop under construction; the simulator adds node, kind and the arrival fields. */
export interface HopDraft {
  nat: NatRewrite[];
  routes: RouteUse[];
  acls: AclCheck[];
  notes: string[];
  egress?: string | undefined;
  nextHop?: Ipv4 | undefined;
  nextNode?: string | undefined;
  headerOut?: PacketHeader | undefined;
}

export type Step =
  | {
      readonly type: 'end';
      readonly hop: HopDraft;
      readonly disposition: Disposition;
      readonly reason: string;
      readonly deciding?: DecidingRule | undefined;
      readonly sessions?: readonly GatewaySession[] | undefined;
      readonly created?: SessionEntry | undefined;
    }
  | {
      readonly type: 'next';
      readonly hop: HopDraft;
      readonly to: SegmentOwner;
      readonly via: Interface;
      readonly header: PacketHeader;
      readonly created?: SessionEntry | undefined;
    };

export type NodeBehaviour = (ctx: SimContext, arrival: Arrival) => Step[];

export function emptyDraft(): HopDraft {
  return { nat: [], routes: [], acls: [], notes: [] };
}

export function copyDraft(d: HopDraft): HopDraft {
  return { ...d, nat: [...d.nat], routes: [...d.routes], acls: [...d.acls], notes: [...d.notes] };
}

export function end(
  hop: HopDraft,
  disposition: Disposition,
  reason: string,
  extra: { deciding?: DecidingRule; sessions?: readonly GatewaySession[]; created?: SessionEntry } = {},
): Step {
  return { type: 'end', hop, disposition, reason, ...extra };
}
