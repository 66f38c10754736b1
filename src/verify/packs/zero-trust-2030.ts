/**
 * The 2030 zero-trust pack. Staff PCs reach every resource through a PEP that authenticates and authorises
 * each access (docs/guideline-basis.md#b-zero-trust), so zone-class isolation is not the rule to prove;
 * PEP-only access (Z5), the Internet kept off the shared base (Z6), identity on every rule (Z4) and tenant
 * isolation (Z3) are. MN on premises is the exception: it stays apart (R1, R2, R8 and F3, F4 on its rows),
 * and the MN area of the Government Cloud sends nothing to the Internet.
 */
import { ZERO_TRUST, type Pack } from './pack.js';

export const zeroTrust2030Pack: Pack = { model: 'zero-trust-2030', invariants: ZERO_TRUST };
