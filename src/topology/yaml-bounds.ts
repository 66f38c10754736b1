/**
 * The bounds every YAML (and JSON) file segproof reads is held to, shared by the fast subset parser
 * (yaml-subset.ts) and the checks around the `yaml` package (yaml-limits.ts) without loading that package.
 */

/** Lists and mappings nested deeper than this are refused; topology files need fewer than ten levels. */
export const MAX_NESTING = 64;
/** Aliases in one file. */
export const MAX_ALIASES = 10_000;
/** Values that aliases may add to a file when expanded. */
export const MAX_ALIAS_EXPANSION = 1_000_000;
