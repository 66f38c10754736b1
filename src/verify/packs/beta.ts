/**
 * The beta pack: the three-tier R and F invariants from zone classes and the P invariants from the
 * inventory. Invariants whose scope excludes beta (see each invariant) report not-applicable.
 */
import { THREE_TIER, type Pack } from './pack.js';

export const betaPack: Pack = { model: 'beta', invariants: THREE_TIER };
