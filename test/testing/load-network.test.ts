/**
 * loadNetwork compiles a topology once per content: the same bytes give the same Network, and an edit to
 * the main file, to an include or to the scenario gives a fresh one (never a stale answer).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadNetwork, SegproofTestError } from '../../src/testing/index.js';

let dir: string;
let main: string;
let include: string;
let scenario: string;

beforeEach(() => {
  // The α town with its includes and its scenario, laid out as in the repository.
  dir = mkdtempSync(path.join(tmpdir(), 'segproof-load-network-'));
  cpSync('topologies/alpha-town.yaml', path.join(dir, 'topologies', 'alpha-town.yaml'));
  cpSync('topologies/parts', path.join(dir, 'topologies', 'parts'), { recursive: true });
  cpSync('scenarios/alpha-town.yaml', path.join(dir, 'scenarios', 'alpha-town.yaml'));
  main = path.join(dir, 'topologies', 'alpha-town.yaml');
  include = path.join(dir, 'topologies', 'parts', 'town-mn.yaml');
  scenario = path.join(dir, 'scenarios', 'alpha-town.yaml');
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

function edit(file: string, from: string, to: string): void {
  const text = readFileSync(file, 'utf8');
  expect(text).toContain(from);
  writeFileSync(file, text.replace(from, to));
}

describe('loadNetwork', () => {
  it('serves the same network while no file changed, also by file URL', async () => {
    const first = await loadNetwork(main);
    expect(first.topology.files.length).toBe(3);
    expect(await loadNetwork(main)).toBe(first);
    expect(await loadNetwork(pathToFileURL(main))).toBe(first);
  });

  it('recompiles when an include changes, and when it changes back', async () => {
    const first = await loadNetwork(main);
    expect(first.topology.segments.get('mn_servers')?.vlan).toBe(110);
    edit(include, 'vlan: 110,', 'vlan: 119,');
    const edited = await loadNetwork(main);
    expect(edited).not.toBe(first);
    expect(edited.topology.segments.get('mn_servers')?.vlan).toBe(119);
    edit(include, 'vlan: 119,', 'vlan: 110,');
    expect((await loadNetwork(main)).topology.segments.get('mn_servers')?.vlan).toBe(110);
  });

  it('recompiles when the main file changes', async () => {
    const first = await loadNetwork(main);
    edit(main, 'name: alpha-town', 'name: alpha-town-edited');
    const edited = await loadNetwork(main);
    expect(edited.name).toBe('alpha-town-edited');
    expect(first.name).toBe('alpha-town');
  });

  it('picks up the scenario verify would use, and recompiles when it changes', async () => {
    const first = await loadNetwork(main);
    expect(first.scenario?.file).toBeDefined();
    const exception = first.scenario?.exceptions[0];
    expect(exception).toBeDefined();
    const name = exception?.name ?? '';
    edit(scenario, `name: ${name}`, `name: ${name}-renamed`);
    const edited = await loadNetwork(main);
    expect(edited.scenario?.exceptions[0]?.name).toBe(`${name}-renamed`);
    expect((await loadNetwork(main, { scenario: false })).scenario).toBeUndefined();
  });

  it('reports a missing include as TEST001 with the loader\'s diagnostic, not a stale network', async () => {
    await loadNetwork(main);
    unlinkSync(include);
    const error = await loadNetwork(main).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SegproofTestError);
    const codes = (error as SegproofTestError).diagnostics.map((d) => d.code);
    expect(codes[0]).toBe('TEST001');
    expect(codes).toContain('TOPO002');
    expect((error as SegproofTestError).message).toContain('town-mn.yaml');
  });
});
