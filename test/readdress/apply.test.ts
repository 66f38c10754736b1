import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { memoryIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { formatIpv4, parseIpv4 } from '../../src/net/ipv4.js';
import { applyPlan } from '../../src/readdress/apply.js';
import { changeListJson, countChanges, renderChangeListText } from '../../src/readdress/change-list.js';
import { loadPlan } from '../../src/readdress/plan-format.js';
import type { ReaddressPlan } from '../../src/readdress/plan.js';

const CITY = 'topologies/beta-prime-city.yaml';
const TOWN = 'test/readdress/fixtures/town.yaml';

async function plan(file: string): Promise<ReaddressPlan> {
  const loaded = await loadPlan(file);
  if (!loaded.plan) throw new Error(`${file}: ${loaded.diagnostics.map((d) => d.message).join('; ')}`);
  return loaded.plan;
}

/** Every string value of a YAML text (keys and comments left out). */
function values(text: string): string[] {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(parse(text));
  return out;
}

const IN_OLD_LG = /\b10\.20\.\d{1,3}\.\d{1,3}/;

describe('readdress apply on the β′ city', async () => {
  const original = await readFile(CITY, 'utf8');
  const oneBlock = await applyPlan(CITY, await plan('topologies/plans/city-lg-one-block.yaml'));
  const text = oneBlock.files.get(CITY) as string;

  it('the renumbered topology loads, with no diagnostics', () => {
    expect(oneBlock.diagnostics).toEqual([]);
    expect(oneBlock.topology?.segments.get('lg_servers')?.prefix).toEqual({ network: parseIpv4('10.60.10.0'), length: 24 });
  });

  it('rewrites every address of the old LG written in a value; comments keep what they said', () => {
    expect(values(original).filter((v) => IN_OLD_LG.test(v)).length).toBeGreaterThan(40);
    expect(values(text).filter((v) => IN_OLD_LG.test(v))).toEqual([]);
    const comments = (t: string) => t.split('\n').map((l) => l.slice(l.indexOf('#'))).filter((c) => c.startsWith('#'));
    expect(comments(text)).toEqual(comments(original));
  });

  it('changes only the lines in the change list, and on them only the listed values', () => {
    const before = original.split('\n');
    const after = text.split('\n');
    expect(after.length).toBe(before.length);
    const listed = new Map<number, { old: string; new: string }[]>();
    for (const s of oneBlock.changes.steps) for (const g of s.groups) for (const c of g.changes) listed.set(c.line, [...(listed.get(c.line) ?? []), c]);
    for (let i = 0; i < before.length; i++) {
      const changes = listed.get(i + 1);
      if (!changes) {
        expect(after[i]).toBe(before[i]);
        continue;
      }
      let expected = before[i] as string;
      for (const c of changes) expected = expected.replace(c.old, c.new);
      expect(after[i]).toBe(expected);
    }
  });

  it('lists the changes per device in cut-over order, with file:line and old → new', () => {
    const step = oneBlock.changes.steps[0];
    expect(step?.groups.slice(0, 3).map((g) => g.owner.name)).toEqual(['core-fw', 'lgwan-proxy', 'st-gateway']);
    expect(step?.groups[0]?.changes[0]).toEqual({ file: CITY, line: 208, column: 47, field: 'interfaces.lg_srv.address', old: '10.20.10.1', new: '10.60.10.1', literal: false });
    const proxy = step?.groups.find((g) => g.owner.name === 'lgwan-proxy');
    expect(proxy?.changes.map((c) => `${c.field}: ${c.old} → ${c.new}`)).toEqual(['interfaces.lan.address: 10.20.10.20 → 10.60.10.20', 'routes[0].prefix: 10.20.0.0/16 → 10.60.0.0/16', 'routes[0].via: 10.20.10.1 → 10.60.10.1']);
    expect(proxy?.changes.filter((c) => c.literal).length).toBe(2);
    const settings = step?.groups.find((g) => g.owner.kind === 'settings');
    expect(settings?.owner.name).toBe('groups.lg-server');
    expect(countChanges(oneBlock.changes)).toEqual({ devices: 15, lines: 50, changes: 56, literals: 17 });
    const rendered = renderChangeListText(oneBlock.changes);
    expect(rendered).toContain('  device core-fw\n    topologies/beta-prime-city.yaml:208  interfaces.lg_srv.address: 10.20.10.1 → 10.60.10.1');
    expect((changeListJson(oneBlock.changes) as { totals: unknown }).totals).toEqual({ devices: 15, lines: 50, changes: 56, literals: 17 });
  });

  it('the per-segment plan moves the summary routes with the LG block and packs the segments', async () => {
    const perSegment = await applyPlan(CITY, await plan('topologies/plans/city-lg-per-segment.yaml'));
    expect(perSegment.diagnostics).toEqual([]);
    const t = perSegment.topology;
    const prefixOf = (s: string) => { const p = t?.segments.get(s)?.prefix; return p && `${formatIpv4(p.network)}/${p.length}`; };
    expect(['lg_servers', 'lg_vdi', 'lg_gateways', 'lg_terminals', 'tokutei_dmz', 'lg_lgwan_data'].map(prefixOf)).toEqual(['10.60.0.0/24', '10.60.1.0/24', '10.60.2.0/24', '10.60.3.0/26', '10.60.3.64/28', '10.60.3.80/28']);
    const routes = perSegment.changes.steps[0]?.groups.find((g) => g.owner.name === 'st-gateway')?.changes.map((c) => `${c.old} → ${c.new}`);
    expect(routes).toEqual(['10.20.40.11 → 10.60.2.11', '10.20.0.0/16 → 10.60.0.0/16', '10.20.40.1 → 10.60.2.1']);
  });
});

describe('readdress apply on a topology with includes', () => {
  it('rewrites the include too, steps in order, re-designations add the missing vrf key; --step stops early', async () => {
    const twoSteps = await plan('test/readdress/fixtures/town-two-steps.yaml');
    const all = await applyPlan(TOWN, twoSteps);
    expect(all.diagnostics.map((d) => d.code)).toEqual(['PLAN065', 'PLAN065']);
    expect([...all.files.keys()]).toEqual([TOWN, 'test/readdress/fixtures/parts/objects.yaml']);
    expect(all.files.get('test/readdress/fixtures/parts/objects.yaml')).toBe('# Address objects of the town.\nobjects:\n  addresses:\n    APP: 10.5.1.10          # the application server\n    LG_ALL: [10.5.1.0/24, 10.5.2.0/25]\n');
    const town = all.files.get(TOWN) as string;
    expect(town).toContain('  lg_users: { zone: LG_NEW, prefix: 10.5.2.0/25, vrf: lgvrf }\n');
    expect(town).toContain('src: "10.5.1.11"'); // a quoted scalar stays quoted
    expect(all.topology?.segments.get('lg_users')).toMatchObject({ zone: 'LG_NEW', vrf: 'lgvrf' });
    expect(all.changes.steps.map((s) => s.step)).toEqual(['servers', 'users']);
    expect(all.changes.steps[1]?.groups.map((g) => g.owner.name)).toEqual(['lg_users', 'fw', 'users', 'LG_ALL']);

    const first = await applyPlan(TOWN, twoSteps, { upToStep: 0 });
    expect(first.changes.steps.map((s) => s.step)).toEqual(['servers']);
    expect(first.topology?.segments.get('lg_users')).toMatchObject({ zone: 'LG', vrf: 'default' });
  });

  it('an external\'s owned block moves with a mapping that holds it, with the routes and rules that name it', async () => {
    const here = { file: 'inline', line: 1, column: 1 };
    const lgwanMoves: ReaddressPlan = {
      file: 'inline',
      name: 'lgwan-moves',
      steps: [{ name: 'one', mappings: [{ from: { network: parseIpv4('172.16.0.0') as number, length: 12 }, to: { network: parseIpv4('100.64.0.0') as number, length: 12 }, location: here }], hosts: [], redesignations: [], relocations: [], location: here }],
    };
    const result = await applyPlan(TOWN, lgwanMoves);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const fields = result.changes.steps[0]?.groups.flatMap((g) => g.changes.map((c) => `${g.owner.name} ${c.field}: ${c.old} → ${c.new}`));
    expect(fields).toEqual(['fw routes[0].prefix: 172.16.0.0/12 → 100.64.0.0/12', 'fw acl LG_TO_LGWAN rule mail dst: 172.16.1.25 → 100.64.1.25', 'lgwan owns: 172.16.0.0/12 → 100.64.0.0/12']);
  });

  it('a to-segment not in the topology renames the segment, and every reference to its name follows', async () => {
    const here = { file: 'inline', line: 1, column: 1 };
    const rename: ReaddressPlan = {
      file: 'inline',
      name: 'rename',
      steps: [{ name: 'one', mappings: [{ from: { network: parseIpv4('10.1.2.0') as number, length: 25 }, to: { network: parseIpv4('10.5.2.0') as number, length: 25 }, segment: 'lg_users', toSegment: 'lg_staff', location: here }], hosts: [], redesignations: [], relocations: [], location: here }],
    };
    const result = await applyPlan(TOWN, rename);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect([...(result.topology?.segments.keys() ?? [])]).toContain('lg_staff');
    expect(result.topology?.segments.has('lg_users')).toBe(false);
    const town = result.files.get(TOWN) as string;
    expect(town).toContain('  lg_staff: { zone: LG, prefix: 10.5.2.0/25 }\n');
    expect(town).toContain('{ name: users-to-app, action: permit, src: lg_staff, dst: APP, service: tcp/443 }');
    expect(town).toContain('lg_usr: { segment: lg_staff, address: 10.5.2.1 }');
  });

  it('a literal the plan splits is diagnosed and nothing is written', async () => {
    const result = await applyPlan(TOWN, await plan('test/readdress/fixtures/bad-split.yaml'));
    expect(result.files.size).toBe(0);
    expect(result.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code)).toEqual(['PLAN064', 'PLAN064']);
    expect(result.diagnostics[0]?.message).toContain('10.1.2.10-10.1.2.14 is split by 10.1.2.8/30 → 10.1.2.64/30');
  });
});

describe('segproof readdress apply (CLI)', () => {
  const folders: string[] = [];
  afterAll(async () => {
    for (const f of folders) await rm(f, { recursive: true, force: true });
  });

  it('writes the main file and its include in their layout; the result validates; exit 0', async () => {
    const out = path.join(await mkdtemp(path.join(tmpdir(), 'segproof-readdress-test-')), 'renumbered');
    folders.push(path.dirname(out));
    const io = memoryIo();
    const code = await main(['node', 'segproof', 'readdress', 'apply', TOWN, 'test/readdress/fixtures/town-two-steps.yaml', '-o', out, '--step', 'servers'], io);
    expect(code, io.err.join('\n')).toBe(0);
    expect(io.out.join('\n')).toContain('step servers: 10 changes on 10 lines, 3 devices');
    expect(await readFile(path.join(out, 'parts/objects.yaml'), 'utf8')).toContain('APP: 10.5.1.10          # the application server');
    const validate = memoryIo();
    expect(await main(['node', 'segproof', 'validate', path.join(out, 'town.yaml')], validate)).toBe(0);
  });

  it('a plan that does not fit is exit 2 with located diagnostics; an unknown --step is exit 2', async () => {
    const out = path.join(await mkdtemp(path.join(tmpdir(), 'segproof-readdress-test-')), 'renumbered');
    folders.push(path.dirname(out));
    const io = memoryIo();
    expect(await main(['node', 'segproof', 'readdress', 'apply', TOWN, 'test/readdress/fixtures/bad-overlap.yaml', '-o', out], io)).toBe(2);
    expect(io.err.join('\n')).toContain('test/readdress/fixtures/bad-overlap.yaml:8:9: error PLAN060');
    const step = memoryIo();
    expect(await main(['node', 'segproof', 'readdress', 'apply', TOWN, 'test/readdress/fixtures/town-two-steps.yaml', '-o', out, '--step', 'sevrers'], step)).toBe(2);
    expect(step.err.join('\n')).toContain('did you mean "servers"?');
  });
});
