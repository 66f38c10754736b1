/**
 * `segproof import cisco-iosxr`: IOS-XR IPv4 ACLs as Aerleon's `ciscoxr` target renders them
 * (`ipv4 access-list NAME`, protocol `ipv4`, wildcards, optional sequence numbers).
 * ACL-only: see aerleon-acl-renderings.ts for the synthetic interfaces, the implicit deny and the order of
 * the entries (by sequence number, not file order).
 */
import { aclRenderingImporter, type AclDialect } from './aerleon-acl-renderings.js';

const dialect: AclDialect = {
  format: 'cisco-iosxr',
  description: 'Cisco IOS-XR ACLs (ipv4 access-list NAME …; ACL-only, e.g. Aerleon ciscoxr output): each ACL on a synthetic interface of its name',
  platform: 'IOS-XR',
  heads: ['ipv4 access-list'],
  style: 'wildcard',
  harmlessChildren: [],
};

export const iosxrImporter = aclRenderingImporter(dialect);
