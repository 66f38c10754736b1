/**
 * `segproof import brocade`: Brocade (FastIron/NetIron) IPv4 ACLs as Aerleon's `brocade` target renders
 * them (`ip access-list extended|standard NAME`, IOS-style wildcards).
 * ACL-only: see aerleon-acl-renderings.ts for the synthetic interfaces and the implicit deny.
 */
import { aclRenderingImporter } from './aerleon-acl-renderings.js';

export const brocadeImporter = aclRenderingImporter({
  format: 'brocade',
  description: 'Brocade ACLs (ip access-list extended NAME …; ACL-only, e.g. Aerleon brocade output): each ACL on a synthetic interface of its name',
  platform: 'Brocade',
  heads: ['ip access-list'],
  style: 'wildcard',
  harmlessChildren: [],
});
