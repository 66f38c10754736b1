/**
 * A re-addressing plan as the commands use it: ordered steps, each renumbering prefixes (with host-level
 * exceptions), re-designating segments (new zone or VRF, same addresses) and relocating nodes (another
 * segment, a new address). `plan-format.ts` parses the YAML; everything else reads this model.
 */
import type { SourceLocation } from '../diagnostics/diagnostic.js';
import type { Ipv4, Prefix } from '../net/ipv4.js';

/** `from` → `to`, offset-preserving: address `from.network + k` becomes `to.network + k`. Equal lengths. */
export interface PrefixMapping {
  readonly from: Prefix;
  readonly to: Prefix;
  /** The segment whose prefix this renumbers (its prefix becomes `to` or the segment named by `toSegment`). */
  readonly segment?: string | undefined;
  /** The segment (new or existing in the renumbered topology) the addresses land in, when not `segment` itself. */
  readonly toSegment?: string | undefined;
  readonly location: SourceLocation;
}

/** One address that does not follow its prefix's mapping (or is renumbered alone). Wins over prefix mappings. */
export interface HostMapping {
  readonly from: Ipv4;
  readonly to: Ipv4;
  readonly location: SourceLocation;
}

/** A segment changes zone (and so zone class) and/or logical network and keeps its addresses (seed 004, step 2). */
export interface Redesignation {
  readonly segment: string;
  readonly zone?: string | undefined;
  readonly vrf?: string | undefined;
  readonly location: SourceLocation;
}

/** A node's interface moves to another segment with a new address (its old address maps to `address`). */
export interface Relocation {
  readonly node: string;
  /** The interface that moves; omitted when the node has one. */
  readonly interface?: string | undefined;
  readonly segment: string;
  readonly address: Ipv4;
  /** A moved host's new default gateway, when its old one is not on the new segment. */
  readonly gateway?: Ipv4 | undefined;
  readonly location: SourceLocation;
}

export interface PlanStep {
  readonly name: string;
  readonly description?: string | undefined;
  readonly mappings: readonly PrefixMapping[];
  readonly hosts: readonly HostMapping[];
  readonly redesignations: readonly Redesignation[];
  readonly relocations: readonly Relocation[];
  /** The order devices are changed in on the cut-over day (node names; `segment:NAME` for a segment). */
  readonly order?: readonly string[] | undefined;
  /** Where each `order` entry is written (same indices). */
  readonly orderLocations?: readonly SourceLocation[] | undefined;
  readonly location: SourceLocation;
}

export interface ReaddressPlan {
  readonly file: string;
  readonly name: string;
  readonly description?: string | undefined;
  readonly steps: readonly PlanStep[];
}
