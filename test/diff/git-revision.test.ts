/**
 * `--git <rev>`: a topology and its includes as they are in a git revision, from a temporary tree that is
 * always removed; clear diagnostics when the folder is no repository, the revision is unknown, or the
 * file is absent there.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTopologyAtRevision } from '../../src/cli/git-revision.js';
import { formatIpv4 } from '../../src/net/ipv4.js';
import type { Topology } from '../../src/topology/model.js';

const fixture = path.resolve(import.meta.dirname, '../replay/fixtures/small-city.yaml');

let repo: string;
let scratch: string;
let savedTmp: string | undefined;

function git(...args: string[]): string {
  return execFileSync('git', args, { cwd: repo, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.invalid', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.invalid' } });
}

/** The small city with its web server moved into an include one folder up (`../parts/web.yaml`). */
function writeVersion(webAddress: string): void {
  const city = readFileSync(fixture, 'utf8');
  const start = city.indexOf('  web:\n');
  const end = city.indexOf('  lgsrv:\n');
  const main = `${city.slice(0, start)}${city.slice(end)}`.replace('name: small_city\n', 'name: small_city\ninclude: [../parts/web.yaml]\n');
  const web = city.slice(start, end).replace('10.1.0.5', webAddress);
  mkdirSync(path.join(repo, 'topologies'), { recursive: true });
  mkdirSync(path.join(repo, 'parts'), { recursive: true });
  writeFileSync(path.join(repo, 'topologies', 'city.yaml'), main);
  writeFileSync(path.join(repo, 'parts', 'web.yaml'), `nodes:\n${web}`);
}

function webAddress(t: Topology): string {
  return formatIpv4([...t.nodes.get('web')!.interfaces.values()][0]!.address!);
}

beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'segproof-gitrev-test-'));
  repo = path.join(scratch, 'repo');
  mkdirSync(repo);
  // Temporary trees go here, so the test can see that none is left behind.
  savedTmp = process.env.TMPDIR;
  process.env.TMPDIR = path.join(scratch, 'tmp');
  mkdirSync(process.env.TMPDIR);
  git('init', '-q');
  writeVersion('10.1.0.5');
  git('add', '.');
  git('commit', '-q', '-m', 'v1');
  // The work tree moves on: the include changes and a new file appears.
  writeVersion('10.1.0.6');
  writeFileSync(path.join(repo, 'topologies', 'new.yaml'), readFileSync(fixture, 'utf8'));
});

afterAll(() => {
  if (savedTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmp;
  rmSync(scratch, { recursive: true, force: true });
});

function leftBehind(): string[] {
  return readdirSync(path.join(scratch, 'tmp'));
}

describe('loadTopologyAtRevision', () => {
  it('loads the file and its includes as the revision has them, and removes its tree', async () => {
    const file = path.join(repo, 'topologies', 'city.yaml');
    // The include lies above the file's folder: allowed by an include root inside the repository, mapped into the revision's tree.
    const r = await loadTopologyAtRevision('HEAD', file, { includeRoot: [repo] });
    if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
    expect(webAddress(r.topology)).toBe('10.1.0.5');
    expect(r.label).toBe('HEAD:topologies/city.yaml');
    expect(leftBehind()).toEqual([]);
    // Paths into the removed tree read as <rev>:<path in the repository>.
    const fw = r.topology.nodes.get('fw')!;
    if (fw.kind !== 'firewall') throw new Error('fw is not a firewall');
    const acl = fw.acls[0]!;
    const relabelled = r.relabel({ at: `${acl.location!.file}:${acl.location!.line}`, list: [r.topology.files[1]] });
    expect(relabelled.at).toMatch(/^HEAD:topologies\/city\.yaml:\d+$/);
    expect(relabelled.list).toEqual(['HEAD:parts/web.yaml']);
    // The work tree's version is the other one.
    const extra = await loadTopologyAtRevision('HEAD', file, { includeRoot: [repo], whileCheckedOut: async (t) => t.files.length });
    expect(extra.ok && extra.extra).toBe(2);
    // Without the include root the include is refused, as it is for the work tree's file.
    const confined = await loadTopologyAtRevision('HEAD', file);
    expect(!confined.ok && confined.diagnostics[0]).toMatchObject({ code: 'TOPO005', location: { file: 'HEAD:topologies/city.yaml' } });
    expect(leftBehind()).toEqual([]);
  });

  it('resolves a relative path from another working directory, and a commit hash', async () => {
    const hash = git('rev-parse', 'HEAD').trim();
    const r = await loadTopologyAtRevision(hash.slice(0, 12), path.relative(process.cwd(), path.join(repo, 'topologies', 'city.yaml')), { includeRoot: [repo] });
    expect(r.ok && webAddress(r.topology)).toBe('10.1.0.5');
  });

  it('a file the revision does not have is DIFF004', async () => {
    const r = await loadTopologyAtRevision('HEAD', path.join(repo, 'topologies', 'new.yaml'));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.diagnostics[0]).toMatchObject({ code: 'DIFF004', message: 'topologies/new.yaml does not exist in revision HEAD' });
  });

  it('an unknown revision is DIFF003, and so is one that looks like an option', async () => {
    const file = path.join(repo, 'topologies', 'city.yaml');
    const unknown = await loadTopologyAtRevision('origin/nope', file);
    expect(!unknown.ok && unknown.diagnostics[0]).toMatchObject({ code: 'DIFF003', message: 'unknown git revision "origin/nope"' });
    expect(!unknown.ok && unknown.diagnostics[0]!.hint).toContain('fetch-depth: 0');
    const option = await loadTopologyAtRevision('--output=/tmp/x', file);
    expect(!option.ok && option.diagnostics[0]!.code).toBe('DIFF003');
    expect(leftBehind()).toEqual([]);
  });

  it('a file outside any repository is DIFF002', async () => {
    const outside = path.join(scratch, 'loose.yaml');
    writeFileSync(outside, readFileSync(fixture, 'utf8'));
    const r = await loadTopologyAtRevision('HEAD', outside);
    expect(!r.ok && r.diagnostics[0]).toMatchObject({ code: 'DIFF002' });
    expect(!r.ok && r.diagnostics[0]!.message).toContain('is not in a git repository');
  });

  it('a revision whose file does not load reports the problems at <rev>:<path>', async () => {
    writeFileSync(path.join(repo, 'topologies', 'bad.yaml'), 'segproof: 1\nname: [\n');
    git('add', 'topologies/bad.yaml');
    git('commit', '-q', '-m', 'bad');
    const r = await loadTopologyAtRevision('HEAD', path.join(repo, 'topologies', 'bad.yaml'));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.diagnostics[0]!.location?.file).toBe('HEAD:topologies/bad.yaml');
    expect(leftBehind()).toEqual([]);
  });
});
