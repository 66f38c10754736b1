/**
 * The `yaml` package, loaded on first use. The subset parser (yaml-subset.ts) reads most topologies
 * without it, and importing it is a noticeable part of a command's start-up; only a file the subset
 * declines, a scenario or a flow file needs it. The package is CommonJS under Node, so `require` gives
 * the same module instance an `import` elsewhere would.
 */
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';

let loaded: typeof Yaml | undefined;

export function yamlPackage(): typeof Yaml {
  return (loaded ??= createRequire(import.meta.url)('yaml') as typeof Yaml);
}
