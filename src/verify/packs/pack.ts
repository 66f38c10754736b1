/** An invariant pack: the invariants a model is held to; the others are listed as not applicable. */
import type { SegmentationModel } from '../../topology/model.js';
import type { Invariant } from '../invariants/types.js';
import { F1, F2, F3 } from '../invariants/information-flow.js';
import { P1, P2, P3, P4, P5, P6, P7, P8, T_INVARIANTS, Z1, Z2 } from '../invariants/inventory.js';
import { R1, R2, R3, R4, R5, R6, R7 } from '../invariants/reachability.js';

export interface Pack {
  readonly model: SegmentationModel;
  readonly invariants: readonly Invariant[];
}

/** Every invariant segproof knows, in report order. */
export const ALL_INVARIANTS: readonly Invariant[] = [R1, R2, R3, R4, R5, R6, R7, F1, F2, F3, P1, P2, P3, P4, P5, P6, P7, P8, Z1, Z2, ...T_INVARIANTS];

export const THREE_TIER: readonly Invariant[] = [R1, R2, R3, R4, R5, R6, R7, F1, F2, F3, P1, P2, P3, P4, P5, P6, P7, P8];
