/**
 * The resolved, immutable topology that every engine reads. Names are resolved to objects or
 * to flattened address/service lists; every policy element remembers where it was written.
 */
import type { SourceLocation } from '../diagnostics/diagnostic.js';
import type { Ipv4, Prefix } from '../net/ipv4.js';
import type { AddressSet } from '../net/address-set.js';
import type { ServiceMatch } from '../net/ports.js';
import type { GuidelineVersion, NodeKind, RawInventory, SanitiseMethod, SegmentationModel, ZoneClass } from './format.js';

export type { AddressSet };
export type { NodeKind, ZoneClass, SegmentationModel, GuidelineVersion, SanitiseMethod };
export type Inventory = Readonly<RawInventory>;

export const DEFAULT_VRF = 'default';

export interface Zone {
  readonly name: string;
  readonly class: ZoneClass;
  readonly description?: string | undefined;
  readonly location: SourceLocation | undefined;
}

export interface LogicalNetwork {
  readonly name: string;
  readonly tenant?: string | undefined;
  readonly description?: string | undefined;
}

export interface Segment {
  readonly name: string;
  readonly zone: string;
  readonly prefix: Prefix;
  readonly vlan?: number | undefined;
  readonly vrf: string;
  readonly site?: string | undefined;
  readonly location: SourceLocation | undefined;
}

export interface Interface {
  readonly name: string;
  readonly node: string;
  readonly segment: string;
  /** Undefined for an unnumbered interface. For a pool, the first member's address. */
  readonly address: Ipv4 | undefined;
  readonly vrf: string;
  readonly mac?: string | undefined;
  /** Strict uRPF: packets entering here whose source is not routed back out of this interface are dropped. */
  readonly urpf?: 'strict' | undefined;
}

export type RouteTarget =
  | { readonly type: 'via'; readonly nextHop: Ipv4; readonly interface: string }
  | { readonly type: 'interface'; readonly interface: string }
  | { readonly type: 'drop' }
  /** Installed by a declared leak: continue the lookup in another VRF of the same node. */
  | { readonly type: 'leak'; readonly vrf: string };

export interface Route {
  readonly vrf: string;
  readonly prefix: Prefix;
  readonly target: RouteTarget;
  readonly origin: 'connected' | 'static' | 'gateway' | 'leak';
  readonly location: SourceLocation | undefined;
}


export interface AclRule {
  readonly name: string;
  readonly index: number;
  readonly action: 'permit' | 'deny';
  readonly src: AddressSet;
  readonly dst: AddressSet;
  /** Matches if any entry matches; empty never happens (defaults to any). */
  readonly services: readonly ServiceMatch[];
  readonly location: SourceLocation | undefined;
  /** Free text; `segproof import` writes the vendor file:line the rule came from. */
  readonly description?: string | undefined;
  /** `log: true`: the device logs the packets this rule decides (traces say so; emulation emits an nftables `log`). */
  readonly log?: boolean | undefined;
}

export type AclBinding =
  | { readonly type: 'interface'; readonly interface: string; readonly direction: 'in' | 'out' }
  | { readonly type: 'zone-pair'; readonly fromZone: string; readonly toZone: string };

export interface Acl {
  readonly name: string;
  readonly node: string;
  readonly binding: AclBinding;
  readonly defaultAction: 'permit' | 'deny';
  readonly rules: readonly AclRule[];
  readonly location: SourceLocation | undefined;
}

export interface NatRule {
  readonly name: string;
  readonly type: 'source' | 'destination';
  readonly interface: string;
  readonly src: AddressSet;
  readonly dst: AddressSet;
  readonly services: readonly ServiceMatch[];
  readonly translateTo: Ipv4;
  readonly translatePort?: number | undefined;
  readonly location: SourceLocation | undefined;
}

export interface RouteLeak {
  readonly from: string;
  readonly to: string;
  readonly prefixes: AddressSet;
  readonly location: SourceLocation | undefined;
}

interface NodeBase {
  readonly name: string;
  readonly kind: NodeKind;
  readonly zone: string;
  readonly site?: string | undefined;
  readonly description?: string | undefined;
  readonly tags: readonly string[];
  readonly inventory: Inventory;
  readonly interfaces: ReadonlyMap<string, Interface>;
  /** Connected, static, gateway and leak routes, per VRF, in declaration order. */
  readonly routes: readonly Route[];
  readonly leaks: readonly RouteLeak[];
  readonly location: SourceLocation | undefined;
}

export interface HostNode extends NodeBase {
  readonly kind: 'host';
  readonly role: 'terminal' | 'server';
  /** Pool size; 1 for a single host. Members take consecutive addresses from the interface address. */
  readonly count: number;
  readonly listens: readonly ServiceMatch[];
  readonly identity: { readonly userRole?: string | undefined; readonly devicePosture?: string | undefined };
}

export interface FilteringNode extends NodeBase {
  readonly kind: 'router' | 'firewall';
  readonly stateful: boolean;
  readonly acls: readonly Acl[];
  readonly nat: readonly NatRule[];
}

export interface Redirection {
  readonly clientToHost: boolean;
  readonly hostToClient: boolean;
}

export interface ScreenTransferNode extends NodeBase {
  readonly kind: 'screen-transfer';
  readonly clientSide: string;
  readonly hostSide: string;
  readonly protocols: readonly ServiceMatch[];
  readonly targets: AddressSet;
  readonly targetServices: readonly ServiceMatch[];
  readonly redirection: {
    readonly clipboard: Redirection;
    readonly file: Redirection;
    readonly drive: Redirection;
    readonly printer: Redirection;
  };
}

export interface SanitiserNode extends NodeBase {
  readonly kind: 'sanitiser';
  readonly inSide: string;
  readonly outSide: string;
  readonly method: SanitiseMethod;
  readonly accepts: readonly ServiceMatch[];
  readonly targets: AddressSet;
  readonly targetServices: readonly ServiceMatch[];
  /** Declared content (source systems or data classes); undefined when not declared. */
  readonly carries?: readonly string[] | undefined;
}

export interface RelayAllowance {
  readonly src: AddressSet;
  /** Undefined: the relay's own addresses. */
  readonly dst: AddressSet | undefined;
  readonly services: readonly ServiceMatch[];
  readonly mac?: string | undefined;
}

export interface RelayNode extends NodeBase {
  readonly kind: 'relay';
  readonly allow: readonly RelayAllowance[];
  readonly onward: { readonly to: AddressSet; readonly services: readonly ServiceMatch[] };
  readonly carries?: readonly string[] | undefined;
}

export interface AppGatewayNode extends NodeBase {
  readonly kind: 'proxy' | 'mail-relay';
  readonly clientSide: string;
  readonly upstreamSide: string;
  readonly accepts: readonly ServiceMatch[];
  readonly targets: AddressSet;
  readonly targetServices: readonly ServiceMatch[];
  readonly sanitise?: SanitiseMethod | undefined;
  readonly carries?: readonly string[] | undefined;
}

export interface PepRule {
  readonly name: string;
  readonly action: 'permit' | 'deny';
  readonly userRoles: readonly string[] | undefined;
  readonly devicePostures: readonly string[] | undefined;
  readonly dataClasses: readonly string[] | undefined;
  readonly resources: AddressSet;
  readonly services: readonly ServiceMatch[];
  readonly location: SourceLocation | undefined;
}

export interface PepNode extends NodeBase {
  readonly kind: 'zt-pep';
  readonly clientSide: string;
  readonly resourceSide: string;
  readonly accepts: readonly ServiceMatch[];
  /** Data class per resource address set. */
  readonly dataClasses: readonly { readonly resources: AddressSet; readonly dataClass: string }[];
  readonly rules: readonly PepRule[];
  readonly defaultAction: 'permit' | 'deny';
  readonly logging: boolean;
}

export interface DedicatedLineNode extends NodeBase {
  readonly kind: 'dedicated-line';
  readonly provider?: string | undefined;
}

export interface ExternalNode extends NodeBase {
  readonly kind: 'external';
  readonly owns: AddressSet;
}

export type TopologyNode =
  | HostNode
  | FilteringNode
  | ScreenTransferNode
  | SanitiserNode
  | RelayNode
  | AppGatewayNode
  | PepNode
  | DedicatedLineNode
  | ExternalNode;

export interface Topology {
  readonly name: string;
  readonly description?: string | undefined;
  readonly model?: SegmentationModel | undefined;
  readonly guidelineVersion?: GuidelineVersion | undefined;
  /** Main file first, then includes in load order. */
  readonly files: readonly string[];
  readonly zones: ReadonlyMap<string, Zone>;
  readonly logicalNetworks: ReadonlyMap<string, LogicalNetwork>;
  readonly segments: ReadonlyMap<string, Segment>;
  readonly nodes: ReadonlyMap<string, TopologyNode>;
  readonly addressObjects: ReadonlyMap<string, AddressSet>;
  readonly serviceObjects: ReadonlyMap<string, readonly ServiceMatch[]>;
  /** Device configurations the files were made from (`segproof import`), in load order. */
  readonly imports?: readonly ImportRecord[] | undefined;
}

/** Written by `segproof import`: a partial import left verdict-changing lines unmodelled. */
export interface ImportRecord {
  readonly format: string;
  readonly files: readonly string[];
  readonly partial: boolean;
  readonly unknownVerdictChanging: number;
  /** The topology file that carries the record. */
  readonly recordedIn: string;
}
