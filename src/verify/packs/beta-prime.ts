/**
 * The beta-prime pack: the three-tier R and F invariants from zone classes and the P invariants from the
 * inventory. Invariants whose scope excludes beta-prime (see each invariant) report not-applicable.
 */
import { THREE_TIER, type Pack } from './pack.js';

export const betaPrimePack: Pack = { model: 'beta-prime', invariants: THREE_TIER };
