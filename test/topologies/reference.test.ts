/**
 * The reference networks in topologies/ load without errors, keep the sizes and relationships their
 * README promises, and the broken variants stay small derivations of their base networks.
 * Files under a `parts/` folder are include-only fragments and are loaded through their includers.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadTopology } from '../../src/topology/load.js';
import type { Topology } from '../../src/topology/model.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../topologies');

function topologyFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'parts' ? [] : topologyFiles(full);
    // Re-addressing plans (top-level `plan:`) sit beside the topologies they renumber; they are not topologies.
    return /\.ya?ml$/.test(entry.name) && !/^plan:/m.test(readFileSync(full, 'utf8')) ? [full] : [];
  });
}

const rel = (file: string) => path.relative(ROOT, file).split(path.sep).join('/');

async function load(relativePath: string): Promise<Topology> {
  const result = await loadTopology(path.join(ROOT, relativePath));
  if (!result.ok) {
    const lines = result.diagnostics.map((d) => `${d.location?.file}:${d.location?.line}:${d.location?.column} ${d.code} ${d.message}`);
    throw new Error(`${relativePath} does not load:\n${lines.join('\n')}`);
  }
  return result.topology;
}

describe('reference topologies', () => {
  const files = topologyFiles(ROOT).map(rel).sort();

  it('has every file the README describes', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'alpha-town.yaml',
        'beta-city.yaml',
        'beta-prime-city.yaml',
        'beta-prime-prefecture.yaml',
        'beta-prime-migration/step0-alpha.yaml',
        'beta-prime-migration/step1-new-lg.yaml',
        'beta-prime-migration/step2-redesignate.yaml',
        'beta-prime-migration/step3-decommission.yaml',
        'shared-network-2030.yaml',
        'broken/acl-opens-mn-to-inet.yaml',
        'broken/screen-transfer-clipboard-on.yaml',
        'broken/relay-forwards-into-mn.yaml',
        'broken/tenant-route-leak.yaml',
      ]),
    );
  });

  it.each(files)('%s loads without errors or warnings', async (file) => {
    const result = await loadTopology(path.join(ROOT, file));
    const problems = result.ok ? result.warnings : result.diagnostics;
    expect(problems.map((d) => `${d.location?.file}:${d.location?.line} ${d.code} ${d.message}`)).toEqual([]);
  });
});

describe('sizes and structure', () => {
  it.each(topologyFiles(ROOT).map(rel).sort())('%s: no node labelled MN has a leg in LG or INET', async (file) => {
    const t = await load(file);
    const classOf = (segment: string) => t.zones.get(t.segments.get(segment)?.zone ?? '')?.class;
    const offenders = [...t.nodes.values()]
      .filter((n) => t.zones.get(n.zone)?.class === 'MN')
      .filter((n) => [...n.interfaces.values()].some((i) => ['LG', 'INET'].includes(classOf(i.segment) ?? '')))
      .map((n) => n.name);
    expect(offenders).toEqual([]);
  });


  it('the prefecture is prefecture-scale', async () => {
    const t = await load('beta-prime-prefecture.yaml');
    const hosts = [...t.nodes.values()].filter((n) => n.kind === 'host');
    const servers = hosts.filter((n) => n.role === 'server');
    const terminals = hosts.filter((n) => n.role === 'terminal').reduce((sum, n) => sum + n.count, 0);
    const firewalls = [...t.nodes.values()].filter((n) => n.kind === 'firewall');
    const sites = new Set([...t.segments.values()].map((s) => s.site).filter((s) => s !== undefined));
    expect(t.segments.size).toBeGreaterThanOrEqual(40);
    expect(servers.length).toBeGreaterThanOrEqual(250);
    expect(terminals).toBeGreaterThanOrEqual(5000);
    expect(firewalls.length).toBeGreaterThanOrEqual(3);
    expect(sites.size).toBeGreaterThanOrEqual(5);
  });

  it('the β′ city has about 700 staff worth of INET terminals and the 20 standard systems in MN_GC', async () => {
    const t = await load('beta-prime-city.yaml');
    const inetTerminals = [...t.nodes.values()].filter((n) => n.kind === 'host' && n.role === 'terminal' && t.zones.get(n.zone)?.class === 'INET');
    expect(inetTerminals.reduce((sum, n) => sum + (n.kind === 'host' ? n.count : 0), 0)).toBeGreaterThanOrEqual(700);
    const gcSystems = [...t.nodes.values()].filter((n) => n.kind === 'host' && t.zones.get(n.zone)?.class === 'MN_GC');
    expect(gcSystems).toHaveLength(20);
  });

  it('the 2030 network carries at least two municipal tenants as separate logical networks', async () => {
    const t = await load('shared-network-2030.yaml');
    const tenants = new Set([...t.logicalNetworks.values()].map((v) => v.tenant).filter((x) => x !== undefined));
    expect(tenants.size).toBeGreaterThanOrEqual(3);
    expect([...t.nodes.values()].filter((n) => n.kind === 'zt-pep').length).toBeGreaterThanOrEqual(4);
  });
});

describe('β′ migration steps', () => {
  const steps = ['step0-alpha', 'step1-new-lg', 'step2-redesignate', 'step3-decommission'].map((s) => `beta-prime-migration/${s}.yaml`);
  const mnClasses = new Set(['MN', 'MN_GC', 'JUKI']);

  /** MN-side nodes and segments as plain data (maps flattened), to compare across steps. */
  function mnConfiguration(t: Topology): string {
    const replacer = (_key: string, value: unknown) => (value instanceof Map ? [...value.entries()] : value);
    const inMn = (zone: string) => mnClasses.has(t.zones.get(zone)?.class ?? '');
    const nodes = [...t.nodes.values()].filter((n) => inMn(n.zone));
    const segments = [...t.segments.values()].filter((s) => inMn(s.zone));
    return JSON.stringify({ nodes, segments }, replacer);
  }

  it('keeps the MN configuration identical in every step (T4)', async () => {
    const configs = await Promise.all(steps.map(async (s) => mnConfiguration(await load(s))));
    expect(configs[0]?.length).toBeGreaterThan(1000);
    for (const c of configs) expect(c).toBe(configs[0]);
  });

  it('re-designates the current-LG blocks as INET in step 2 and removes the old INET in step 3', async () => {
    const [s1, s2, s3] = await Promise.all(steps.slice(1).map(load));
    const zoneClassOf = (t: Topology, segment: string) => t.zones.get(t.segments.get(segment)?.zone ?? '')?.class;
    expect(zoneClassOf(s1 as Topology, 'cur_lg_terminals')).toBe('LG');
    expect(zoneClassOf(s2 as Topology, 'cur_lg_terminals')).toBe('INET');
    expect(s2?.segments.has('cur_inet_vb')).toBe(true);
    expect(s3?.segments.has('cur_inet_vb')).toBe(false);
  });
});

describe('broken variants are small derivations', () => {
  /** Lines that differ between two files (LCS-based), ignoring the header comment before `segproof:`. */
  function changedLines(a: string, b: string): number {
    const body = (text: string) => text.slice(text.indexOf('segproof:')).split('\n');
    const x = body(a);
    const y = body(b);
    let prev = new Array<number>(y.length + 1).fill(0);
    for (let i = 1; i <= x.length; i++) {
      const cur = new Array<number>(y.length + 1).fill(0);
      for (let j = 1; j <= y.length; j++) cur[j] = x[i - 1] === y[j - 1] ? (prev[j - 1] as number) + 1 : Math.max(prev[j] as number, cur[j - 1] as number);
      prev = cur;
    }
    const common = prev[y.length] as number;
    return x.length - common + (y.length - common);
  }

  it.each([
    ['broken/acl-opens-mn-to-inet.yaml', 'beta-prime-city.yaml'],
    ['broken/screen-transfer-clipboard-on.yaml', 'beta-prime-city.yaml'],
    ['broken/relay-forwards-into-mn.yaml', 'beta-prime-city.yaml'],
    ['broken/tenant-route-leak.yaml', 'shared-network-2030.yaml'],
  ])('%s differs from %s in only a few lines', (broken, base) => {
    const changed = changedLines(readFileSync(path.join(ROOT, broken), 'utf8'), readFileSync(path.join(ROOT, base), 'utf8'));
    expect(changed).toBeGreaterThan(2); // the name line plus at least one real change
    expect(changed).toBeLessThanOrEqual(20);
  });
});
