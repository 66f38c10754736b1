/**
 * The 2030 zero-trust pack: PEP invariants and the inventory invariants. The three-tier R and F
 * invariants are not in it: in the 2030 model staff PCs reach every resource through a PEP that
 * authenticates and authorises each access (DOMAIN.md §1.3 ②, §2 #20), so zone-class isolation is not
 * the rule to prove; tenant isolation (Z3) is, and further isolations belong in the scenario file.
 */
import { P4, P5, P6, P7, P8, Z1, Z2 } from '../invariants/inventory.js';
import { Z3 } from '../invariants/tenancy.js';
import type { Pack } from './pack.js';

export const zeroTrust2030Pack: Pack = { model: 'zero-trust-2030', invariants: [Z1, Z2, Z3, P4, P5, P6, P7, P8] };
