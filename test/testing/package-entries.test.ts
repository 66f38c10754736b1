/**
 * The package's entry points: every `exports` target is built from a source file, the testing entries
 * load their peer dependencies only where needed, and no command of the CLI imports fast-check or vitest (they are optional peers, absent where only the CLI is installed).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
  exports: Record<string, string | { types: string; default: string }>;
  peerDependencies: Record<string, string>;
  peerDependenciesMeta: Record<string, { optional: boolean }>;
  devDependencies: Record<string, string>;
};

/** Static imports and re-exports, side-effect imports, and `import('…')` (the CLI loads each command's module so). */
const IMPORT = /^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/gm;

/** Every module the file imports, transitively (any command the CLI may run): source files and the packages they name. */
function staticGraph(entry: string): { files: Set<string>; packages: Map<string, string> } {
  const files = new Set<string>();
  const packages = new Map<string, string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2] ?? m[3] ?? '';
      if (/^import\s+type\s/.test(m[0].trim()) || /^export\s+type\s/.test(m[0].trim())) continue;
      if (spec.startsWith('.')) visit(path.resolve(path.dirname(file), spec.replace(/\.js$/, '.ts')));
      else if (!packages.has(spec)) packages.set(spec, path.relative('.', file));
    }
  };
  visit(path.resolve(entry));
  return { files, packages };
}

const sourceOf = (target: string) => target.replace(/^\.\/dist\//, '').replace(/\.d\.ts$|\.js$/, '.ts');

describe('package entry points', () => {
  it('every exports target is compiled from a source file, with its declarations beside it', () => {
    for (const [entry, target] of Object.entries(pkg.exports)) {
      if (entry === './package.json') continue;
      expect(typeof target, entry).toBe('object');
      const t = target as { types: string; default: string };
      expect(sourceOf(t.default), entry).toBe(sourceOf(t.types));
      expect(existsSync(sourceOf(t.default)), `${entry} → ${sourceOf(t.default)}`).toBe(true);
    }
    expect(Object.keys(pkg.exports)).toEqual(expect.arrayContaining(['.', './testing', './testing/vitest', './testing/arbitraries']));
  });

  it('fast-check and vitest are optional peers (and development dependencies for this repository\'s tests)', () => {
    for (const name of ['fast-check', 'vitest']) {
      expect(pkg.peerDependencies[name]).toBeDefined();
      expect(pkg.peerDependenciesMeta[name]?.optional).toBe(true);
      expect(pkg.devDependencies[name]).toBeDefined();
    }
  });

  it('the CLI and segproof/testing import neither fast-check nor vitest; each peer is loaded by its own entry only', () => {
    const forbidden = (packages: Map<string, string>) => [...packages].filter(([p]) => p === 'fast-check' || p === 'vitest' || p.startsWith('@vitest/'));
    const cli = staticGraph('src/cli/main.ts');
    expect(cli.files.size).toBeGreaterThan(50);
    expect(forbidden(cli.packages)).toEqual([]);
    expect(forbidden(staticGraph('src/index.ts').packages)).toEqual([]);
    expect(forbidden(staticGraph('src/testing/index.ts').packages)).toEqual([]);
    expect(forbidden(staticGraph('src/testing/vitest.ts').packages).map(([p]) => p)).toEqual(['vitest']);
    expect(forbidden(staticGraph('src/testing/arbitraries.ts').packages).map(([p]) => p)).toEqual(['fast-check']);
  });
});
