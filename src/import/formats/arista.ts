/**
 * `segproof import arista-eos`: Arista EOS IPv4 ACLs as Aerleon's `arista` target renders them
 * (`ip access-list [standard] NAME`, `A/len` prefixes, named ports such as `www`, `smtp`, `https`,
 * `statistics per-entry` / `counters per-entry`).
 * ACL-only: see aerleon-acl-renderings.ts for the synthetic interfaces, the implicit deny and the order of
 * the entries (by sequence number, not file order).
 */
import { aclRenderingImporter, type AclDialect } from './aerleon-acl-renderings.js';

const dialect: AclDialect = {
  format: 'arista-eos',
  description: 'Arista EOS ACLs (ip access-list NAME …; ACL-only, e.g. Aerleon arista output): each ACL on a synthetic interface of its name',
  platform: 'Arista EOS',
  heads: ['ip access-list'],
  style: 'wildcard',
  harmlessChildren: ['statistics per-entry', 'counters per-entry'],
};

export const aristaImporter = aclRenderingImporter(dialect);
