import type { SegmentationModel } from '../../topology/model.js';
import { alphaPack } from './alpha.js';
import { alphaPrimePack } from './alpha-prime.js';
import { betaPack } from './beta.js';
import { betaPrimePack } from './beta-prime.js';
import type { Pack } from './pack.js';
import { zeroTrust2030Pack } from './zero-trust-2030.js';

export const PACKS: Readonly<Record<SegmentationModel, Pack>> = {
  alpha: alphaPack,
  'alpha-prime': alphaPrimePack,
  beta: betaPack,
  'beta-prime': betaPrimePack,
  'zero-trust-2030': zeroTrust2030Pack,
};

export { ALL_INVARIANTS, type Pack } from './pack.js';

import { MODELS } from '../../topology/format.js';
import { matrixCells } from '../matrix/cells.js';
import { ALL_INVARIANTS as INVARIANTS } from './pack.js';

/** What an exception's applies-to may name: an invariant or view ID, or a matrix cell (`MN>LGWAN`). */
export const KNOWN_CHECK_IDS: readonly string[] = [...new Set([...INVARIANTS.map((i) => i.id), ...MODELS.flatMap((m) => matrixCells(m).map((c) => c.id))])];
