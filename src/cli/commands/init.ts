/**
 * `segproof init <dir>`: scaffolds a project that tests its network in its own repository: a small β′
 * town (topology and includes), a scenario, vitest tests with segproof's matchers, a package.json and a CI
 * workflow running verify, the tests and `segproof diff --fail-on …` against the base branch.
 *
 * The template is the example project this package ships (examples/beta-prime-town, whose tests run in
 * segproof's own CI), so what init writes is always a project that verifies and whose tests pass. Only
 * package.json is adapted: the project's name (the folder's) and the segproof version to depend on.
 * Nothing is overwritten: if any file exists, nothing is written (INIT001, exit 2).
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { EXIT } from '../io.js';
import { reportDiagnostics } from '../load-topology.js';
import type { RegisterCommand } from './index.js';

/** The example project init copies, relative to the package root. */
export const TEMPLATE_DIR = path.join('examples', 'beta-prime-town');

/** Every file of the project, as init writes it. */
export const PROJECT_FILES: readonly string[] = [
  'README.md',
  'package.json',
  'network/town.yaml',
  'network/parts/mn.yaml',
  'network/parts/edge.yaml',
  'scenarios/town.yaml',
  'test/network.test.ts',
  '.github/workflows/segproof.yml',
];

/** The folder of segproof's own package.json, found upwards from this module (dist/ or src/ alike). */
function packageRoot(): { root: string; version: string } | undefined {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest)) {
      const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'segproof') return { root: dir, version: pkg.version ?? '0.0.0' };
    }
    const up = path.dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

/** An npm package name from the folder's name: lower case, `[a-z0-9._-]`, not starting with `.` or `_`. */
export function projectName(dir: string): string {
  const name = path.basename(path.resolve(dir)).toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[._-]+/, '').slice(0, 214);
  return name === '' ? 'network' : name;
}

/** The template's package.json for this project: its name, and the running segproof's version. */
function adaptManifest(text: string, name: string, version: string): string {
  const pkg = JSON.parse(text) as { name: string; devDependencies: Record<string, string> };
  pkg.name = name;
  pkg.devDependencies.segproof = `^${version}`;
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

export type InitResult = { readonly ok: true; readonly files: readonly string[] } | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

/** Writes the project into `dir` (created if missing); refuses, writing nothing, if any of its files exists. */
export async function initProject(dir: string): Promise<InitResult> {
  const where = packageRoot();
  const template = where && path.join(where.root, TEMPLATE_DIR);
  const missing = template === undefined ? PROJECT_FILES : PROJECT_FILES.filter((f) => !existsSync(path.join(template, f)));
  if (where === undefined || template === undefined || missing.length > 0) {
    return {
      ok: false,
      diagnostics: [{
        code: 'INIT003', severity: 'error', message: `the project template is incomplete: ${missing.join(', ')} missing from ${template ?? 'the segproof package'}`, location: undefined,
        expected: `segproof's package with its ${TEMPLATE_DIR} folder`, hint: 'reinstall segproof (npm install segproof)',
      }],
    };
  }
  const existing = PROJECT_FILES.filter((f) => existsSync(path.join(dir, f)));
  if (existing.length > 0) {
    return {
      ok: false,
      diagnostics: existing.map((f) => ({
        code: 'INIT001' as const, severity: 'error' as const, message: `${path.join(dir, f)} exists; segproof init writes nothing over existing files`,
        location: { file: path.join(dir, f), line: 1, column: 1 }, expected: 'a folder without the project\'s files (an empty or new folder)',
        hint: existing.length === PROJECT_FILES.length ? 'the project is already there' : 'move the file away, or run segproof init in another folder',
      })),
    };
  }
  const written: string[] = [];
  try {
    for (const f of PROJECT_FILES) {
      const text = await readFile(path.join(template, f), 'utf8');
      const target = path.join(dir, f);
      await mkdir(path.dirname(target), { recursive: true });
      // `wx`: a file that appeared since the check above is not overwritten either.
      await writeFile(target, f === 'package.json' ? adaptManifest(text, projectName(dir), where.version) : text, { flag: 'wx' });
      written.push(f);
    }
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
    return {
      ok: false,
      diagnostics: [{
        code: 'INIT002', severity: 'error', message: `cannot write the project into ${dir} (${reason}) after ${written.length} of ${PROJECT_FILES.length} files`,
        location: undefined, expected: 'a folder segproof may create files in', hint: written.length > 0 ? `remove what was written (${written.join(', ')}) and check the folder's permissions` : 'check the path and the folder\'s permissions',
      }],
    };
  }
  return { ok: true, files: written };
}

export const registerInitCommand: RegisterCommand = (program, io, setExitCode) => {
  program
    .command('init')
    .description('scaffold a project that tests its network: a β′ town, a scenario, vitest tests with segproof\'s matchers, package.json and a CI workflow; exit 0, 2 a file exists or cannot be written')
    .argument('<dir>', 'the project folder (created if missing)')
    .option('--json', 'machine-readable output')
    .action(async (dir: string, options: { json?: boolean }) => {
      const json = options.json ?? false;
      const result = await initProject(dir);
      if (!result.ok) {
        reportDiagnostics(result.diagnostics, io, json);
        return setExitCode(EXIT.badInput);
      }
      if (json) io.stdout(JSON.stringify({ ok: true, dir, files: result.files }, null, 2));
      else {
        io.stdout([
          `Created ${result.files.length} files in ${dir}:`,
          ...result.files.map((f) => `  ${f}`),
          '',
          'Next:',
          `  cd ${dir} && npm install`,
          '  npx segproof verify network/town.yaml   # the β′ invariants and scenarios/town.yaml',
          '  npx vitest run                          # the regression tests in test/',
        ].join('\n'));
      }
      setExitCode(EXIT.ok);
    });
};
