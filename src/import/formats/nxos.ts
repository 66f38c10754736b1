/**
 * `segproof import cisco-nxos`: NX-OS IPv4 ACLs as Aerleon's `cisconx` target renders them
 * (`ip access-list NAME`, `A/len` prefixes, optional sequence numbers, `statistics per-entry`).
 * ACL-only: see aerleon-acl-renderings.ts for the synthetic interfaces, the implicit deny and the order of
 * the entries (by sequence number, not file order).
 */
import { aclRenderingImporter, type AclDialect } from './aerleon-acl-renderings.js';

const dialect: AclDialect = {
  format: 'cisco-nxos',
  description: 'Cisco NX-OS ACLs (ip access-list NAME …; ACL-only, e.g. Aerleon cisconx output): each ACL on a synthetic interface of its name',
  platform: 'NX-OS',
  heads: ['ip access-list'],
  style: 'wildcard',
  harmlessChildren: ['statistics per-entry'],
};

export const nxosImporter = aclRenderingImporter(dialect);
