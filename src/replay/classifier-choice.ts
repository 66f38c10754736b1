/**
 * Which ACL classifier the compiled network uses: src/acl/compiled.ts (per-field interval bitsets).
 * The main thread and every worker call this, so they always agree.
 */
import { compileAcl } from '../acl/compiled.js';
import type { ClassifierFactory } from './acl-classifier.js';

export function defaultClassifierFactory(): ClassifierFactory {
  return (acl) => compileAcl(acl);
}
