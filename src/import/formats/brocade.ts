/**
 * `segproof import brocade`: Brocade (FastIron/NetIron) IPv4 ACLs as Aerleon's `brocade` target renders
 * them (`ip access-list extended|standard NAME`, IOS-style wildcards), and as FastIron 08.0.50 and later
 * writes them, with sequence numbers (`sequence 10 permit …`).
 * ACL-only: see aerleon-acl-renderings.ts for the synthetic interfaces, the implicit deny and the order of
 * the entries: FastIron evaluates them by sequence number (an entry
 * written without one gets 10 past the highest so far), not by their place in the file. Whether a remark
 * takes a number of its own is not documented clearly enough to rely on: where it would change the
 * order, the entries concerned are unknown and verdict-changing.
 */
import { aclRenderingImporter, type AclDialect } from './aerleon-acl-renderings.js';

const dialect: AclDialect = {
  format: 'brocade',
  description: 'Brocade ACLs (ip access-list extended NAME …; ACL-only, e.g. Aerleon brocade output): each ACL on a synthetic interface of its name',
  platform: 'Brocade',
  heads: ['ip access-list'],
  style: 'wildcard',
  harmlessChildren: [],
  sequenceKeyword: 'sequence',
  remarksNumbered: 'unsure',
};

export const brocadeImporter = aclRenderingImporter(dialect);
