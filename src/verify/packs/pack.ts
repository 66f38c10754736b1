/** An invariant pack: the invariants a model is held to. */
import type { SegmentationModel } from '../../topology/model.js';
import type { Invariant } from '../invariants/types.js';
import { P1, P2, P3, P4, P7 } from '../invariants/inventory.js';
import { R6 } from '../invariants/screen-transfer.js';
import { Z3 } from '../invariants/tenancy.js';
import { Z1, Z2, Z4 } from '../invariants/zero-trust.js';
import { matrixView } from '../matrix/views.js';

export interface Pack {
  readonly model: SegmentationModel;
  readonly invariants: readonly Invariant[];
}

const view = (...ids: string[]) => ids.map(matrixView);

/**
 * The three-tier models' pack: the separation matrix's views, screen-transfer direction, the inventory, and
 * tenant isolation (municipalities sharing a Government Cloud or a prefecture's network keep their tenants apart
 * under every model; not applicable without two tenants).
 */
export const THREE_TIER: readonly Invariant[] = [
  ...view('R1', 'R2', 'R3', 'R4', 'R5'), R6, ...view('R7', 'R8', 'R9', 'F1', 'F2', 'F3', 'F4', 'F5'), P1, P2, P3, P4, P7, Z3,
];

/** The 2030 pack: PEP configuration, tenant isolation, the zero-trust matrix's views (MN's own rows included), and the inventory. */
export const ZERO_TRUST: readonly Invariant[] = [Z1, Z2, Z3, Z4, ...view('Z5', 'F6', 'Z6', 'R1', 'R2', 'R8', 'F3', 'F4'), P4, P7];

/** Every invariant segproof knows, in report order (IDs an exception may name). */
export const ALL_INVARIANTS: readonly Invariant[] = [...THREE_TIER, ...ZERO_TRUST.filter((z) => !THREE_TIER.includes(z))];
