/**
 * Names of the kernel objects an emulation creates. Every namespace of one run starts with the run prefix
 * `sp<6 hex>`, so a run's namespaces can be found (and removed) by prefix and never collide with another run's.
 */
import { createHash, randomBytes } from 'node:crypto';

export const RUN_PREFIX_PATTERN = /^sp[0-9a-f]{6}$/;
/** Linux limits interface names to 15 bytes (IFNAMSIZ - 1). */
export const IFNAME_MAX = 15;
const RESERVED_IFNAMES = new Set(['lo', 'all', 'default']);
const IFNAME_OK = /^[A-Za-z0-9_-]+$/;

export function newRunPrefix(): string {
  return `sp${randomBytes(3).toString('hex')}`;
}

export function isRunPrefix(text: string): boolean {
  return RUN_PREFIX_PATTERN.test(text);
}

/** The namespace holding every segment bridge. `.` cannot occur in a node name, so no node collides with it. */
export function fabricNamespace(prefix: string): string {
  return `${prefix}.fabric`;
}

/** Node names are identifiers (`[A-Za-z_][A-Za-z0-9_-]*`); long ones are shortened with a hash to stay distinct. */
export function nodeNamespace(prefix: string, node: string): string {
  return node.length <= 40 ? `${prefix}-${node}` : `${prefix}-${node.slice(0, 30)}-${shortHash(node, 8)}`;
}

export function shortHash(text: string, length: number): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

/**
 * Kernel name for a topology interface inside its node's namespace: the topology name when the kernel accepts
 * it, otherwise `i` plus a hash. `taken` holds the names already used in that namespace.
 */
export function kernelIfname(name: string, taken: ReadonlySet<string>): string {
  if (name.length <= IFNAME_MAX && IFNAME_OK.test(name) && !RESERVED_IFNAMES.has(name) && !name.startsWith('sp-') && !taken.has(name)) return name;
  for (let salt = 0; ; salt++) {
    const candidate = `i${shortHash(`${name}#${salt}`, 10)}`;
    if (!taken.has(candidate)) return candidate;
  }
}
