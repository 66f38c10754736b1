/**
 * The alpha pack: the three-tier R and F invariants from zone classes and the P invariants from the
 * inventory. Invariants whose scope excludes alpha (see each invariant) report not-applicable.
 */
import { THREE_TIER, type Pack } from './pack.js';

export const alphaPack: Pack = { model: 'alpha', invariants: THREE_TIER };
