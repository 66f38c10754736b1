/**
 * `segproof init <dir>`: writes the example project exactly as examples/beta-prime-town holds it (whose
 * tests run in this repository's suite), the scaffolded topology verifies, and nothing is ever overwritten.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROJECT_FILES, TEMPLATE_DIR } from '../../src/cli/commands/init.js';
import { memoryIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';

let tmp: string;
beforeEach(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'segproof-init-'));
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

async function run(...args: string[]) {
  const io = memoryIo();
  const code = await main(['node', 'segproof', ...args], io);
  return { code, out: io.out.join('\n'), err: io.err.join('\n') };
}

/** Every file under `dir`, relative, with `/` separators. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => statSync(path.join(dir, f)).isFile())
    .map((f) => f.split(path.sep).join('/'))
    .sort();
}

describe('segproof init', () => {
  it('writes the example project, file for file, and lists what it wrote', async () => {
    const dir = path.join(tmp, 'beta-prime-town');
    const r = await run('init', dir);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain(`Created ${PROJECT_FILES.length} files in ${dir}`);
    expect(filesUnder(dir)).toEqual([...PROJECT_FILES].sort());
    expect(filesUnder(TEMPLATE_DIR)).toEqual([...PROJECT_FILES].sort());
    for (const f of PROJECT_FILES) expect(readFileSync(path.join(dir, f), 'utf8'), f).toBe(readFileSync(path.join(TEMPLATE_DIR, f), 'utf8'));
  });

  it('scaffolds a topology that verifies (its scenario found by name) and a project that depends on this segproof', async () => {
    const dir = path.join(tmp, 'My Town');
    expect((await run('init', dir)).code).toBe(0);
    const verify = await run('verify', path.join(dir, 'network', 'town.yaml'));
    expect(verify.code, verify.out + verify.err).toBe(0);
    expect(verify.out).toContain('All checked properties hold');
    expect(verify.out).toContain(`scenarios/town.yaml`);
    const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name: string; devDependencies: Record<string, string> };
    const own = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    expect(manifest.name).toBe('my-town');
    expect(manifest.devDependencies.segproof).toBe(`^${own.version}`);
    const workflow = readFileSync(path.join(dir, '.github', 'workflows', 'segproof.yml'), 'utf8');
    expect(workflow).toContain('segproof verify network/town.yaml');
    expect(workflow).toContain('vitest run');
    expect(workflow).toMatch(/segproof diff --git origin\/\$\{\{ github\.base_ref \}\} network\/town\.yaml\s+--fail-on new-permit:to=MN/);
  });

  it('refuses to overwrite: every existing file is INIT001, exit 2, and nothing is written', async () => {
    const dir = path.join(tmp, 'town');
    expect((await run('init', dir)).code).toBe(0);
    writeFileSync(path.join(dir, 'README.md'), 'my notes\n');
    const again = await run('init', dir);
    expect(again.code).toBe(2);
    expect(again.err.match(/error INIT001/g)?.length).toBe(PROJECT_FILES.length);
    expect(again.err).toContain(`${path.join(dir, 'README.md')}:1:1: error INIT001`);
    expect(readFileSync(path.join(dir, 'README.md'), 'utf8')).toBe('my notes\n');

    // One file in the way is enough to write nothing.
    const dir2 = path.join(tmp, 'existing');
    expect((await run('init', dir2)).code).toBe(0);
    for (const f of PROJECT_FILES.filter((f) => f !== 'scenarios/town.yaml')) rmSync(path.join(dir2, f));
    const one = await run('init', dir2, '--json');
    expect(one.code).toBe(2);
    const report = JSON.parse(one.err) as { ok: boolean; diagnostics: { code: string; location: { file: string } }[] };
    expect(report.diagnostics.map((d) => [d.code, d.location.file])).toEqual([['INIT001', path.join(dir2, 'scenarios', 'town.yaml')]]);
    expect(filesUnder(dir2)).toEqual(['scenarios/town.yaml']);
  });

  it('a path it cannot write into is INIT002, exit 2', async () => {
    const file = path.join(tmp, 'a-file');
    writeFileSync(file, '');
    const r = await run('init', path.join(file, 'project'));
    expect(r.code).toBe(2);
    expect(r.err).toContain('error INIT002');
    expect(r.err).toContain('after 0 of');
  });
});
