/**
 * `readdress check` on a small town: a faithful renumbering is equal; look-alikes that each differ in one
 * place are reported with a witness naming the rule or route and its line; re-designations and relocations
 * are expected by the plan; a flow log's changed fates; and the β′ city with a plan of topologies/plans/.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkReaddress, type ReachDifference } from '../../src/readdress/check.js';
import { checkFlowLog } from '../../src/readdress/check-flows.js';
import { planAddressMap } from '../../src/readdress/header-map-pieces.js';
import { loadPlan } from '../../src/readdress/plan-format.js';
import type { ReaddressPlan } from '../../src/readdress/plan.js';
import { loadTopology } from '../../src/topology/load.js';
import type { Topology } from '../../src/topology/model.js';

const dir = 'test/readdress/fixtures-check';

async function topology(file: string): Promise<Topology> {
  const r = await loadTopology(file);
  if (!r.ok) throw new Error(`${file} does not load: ${r.diagnostics.map((d) => d.message).join('; ')}`);
  return r.topology;
}

async function plan(file: string): Promise<ReaddressPlan> {
  const r = await loadPlan(file);
  if (!r.plan) throw new Error(`${file} does not load`);
  return r.plan;
}

async function check(renumberedFile: string, planFile = path.join(dir, 'plan.yaml'), originalFile = path.join(dir, 'town.yaml')) {
  return checkReaddress({
    original: await topology(originalFile),
    originalFile,
    renumbered: await topology(renumberedFile),
    renumberedFile,
    plan: await plan(planFile),
  });
}

function find(list: readonly ReachDifference[], source: string, destination: string, reachedIn: 'original' | 'renumbered'): ReachDifference {
  const d = list.find((x) => x.source === source && x.destination === destination && x.reachedIn === reachedIn);
  if (!d) throw new Error(`no difference ${source} -> ${destination} (${reachedIn}) among ${list.map((x) => `${x.source}->${x.destination}/${x.reachedIn}`).join(', ')}`);
  return d;
}

describe('readdress check on the town', () => {
  it('a faithful renumbering behaves as the original renamed', async () => {
    const r = await check(path.join(dir, 'town-renumbered.yaml'));
    expect(r.reach).toEqual([]);
    expect(r.flowEdges).toEqual([]);
    expect(r.missingSources).toEqual([]);
    expect(r.unexplained).toBe(0);
    expect(r.sourcesCompared).toBe(10);
    // What the comparison leaves out: the new homes in the original, the old homes in the renumbered network.
    expect(r.notCompared).toEqual({ original: ['10.20.0.3', '10.21.10.0-10.21.10.255'], renumbered: ['10.20.0.2', '10.20.10.0-10.20.10.255'] });
  });

  it('an ACL literal left on the old prefix: terminals no longer reach the file server, the witness names the rule', async () => {
    const file = path.join(dir, 'lookalike-acl-literal.yaml');
    const r = await check(file);
    expect(r.unexplained).toBeGreaterThan(0);
    const d = find(r.reach, 'terminal', 'files', 'original');
    expect(d.headers).toBe('src 10.20.20.0/24 dst 10.21.10.11/32 proto tcp dport 445');
    const w = d.witness!;
    expect(w.confirmed).toBe(true);
    expect(w.original.text).toBe('tcp 10.20.20.10:49152 -> 10.20.10.11:445');
    expect(w.renumbered.text).toBe('tcp 10.20.20.10:49152 -> 10.21.10.11:445');
    expect(w.original.side.decidingRule).toMatchObject({ node: 'fw', rule: 'files', location: `${path.join(dir, 'town.yaml')}:37` });
    expect(w.renumbered.side).toMatchObject({ disposition: 'denied-in', at: 'fw' });
    expect(w.renumbered.side.decidingRule).toMatchObject({ policy: 'TERMINALS_TO_SERVERS', file });
    // The flow graph loses the terminal's packet edge to the file server too.
    expect(r.flowEdges.some((e) => e.in === 'original' && e.from === 'terminal' && e.to === 'files')).toBe(true);
  });

  it('a route next hop left on the router\'s old address: no route at the firewall, the witness names the route and its line', async () => {
    const file = path.join(dir, 'lookalike-route-next-hop.yaml');
    const r = await check(file);
    const w = find(r.reach, 'inet-client', 'web', 'original').witness!;
    expect(w.confirmed).toBe(true);
    expect(w.renumbered.side).toMatchObject({ disposition: 'no-route', at: 'fw' });
    expect(w.renumbered.side.decidingRule).toMatchObject({ node: 'fw', location: `${file}:29` });
    expect(w.renumbered.side.decidingRule?.description).toContain('via 10.20.0.2');
  });

  it('a NAT rule left translating to the old address: the published server is no longer reached, the witness names the NAT rule', async () => {
    const file = path.join(dir, 'lookalike-nat-left.yaml');
    const r = await check(file);
    const d = find(r.reach, 'inet-client', 'web', 'original');
    expect(d.headers).toContain('dst 172.16.0.100/32 proto tcp dport 8443');
    const w = d.witness!;
    expect(w.confirmed).toBe(true);
    // Untranslated, they leave by the default route; the Internet routes 172.16.0.0/12 back (more specific
    // than the 0.0.0.0/0 it owns), and fw denies them there: they reach nothing else instead.
    expect(w.renumbered.side).toMatchObject({ disposition: 'denied-in', at: 'fw' });
    expect(w.renumbered.side.decidingRule).toMatchObject({ rule: 'publish-web', location: `${file}:48` });
    expect(r.reach.filter((x) => x.destination === 'internet')).toEqual([]);
  });

  it('an address object renumbered into the wrong host: the Internet client reaches the file server instead of the web server', async () => {
    const file = path.join(dir, 'lookalike-object-wrong-host.yaml');
    const r = await check(file);
    const gained = find(r.reach, 'inet-client', 'files', 'renumbered');
    expect(gained.headers).toContain('dst 10.21.10.11/32 proto tcp dport 443');
    expect(gained.witness?.confirmed).toBe(true);
    expect(gained.witness?.renumbered.side.decidingRule).toMatchObject({ rule: 'web', location: `${file}:41` });
    expect(find(r.reach, 'inet-client', 'web', 'original').witness?.confirmed).toBe(true);
  });

  it('differences at a re-designated segment are expected by the plan; others are not', async () => {
    const original = await topology(path.join(dir, 'town.yaml'));
    const base = await plan(path.join(dir, 'plan.yaml'));
    const step = base.steps[0]!;
    const redesignating: ReaddressPlan = { ...base, steps: [{ ...step, redesignations: [{ segment: 'lg_terminals', zone: 'LG_S', location: step.location }] }] };
    // The renumbered town as the look-alike: its broken rule concerns the terminals, now on the re-designated segment.
    const renumbered = await topology(path.join(dir, 'lookalike-acl-literal.yaml'));
    const r = checkReaddress({ original, originalFile: 'town.yaml', renumbered, renumberedFile: 'renumbered.yaml', plan: redesignating });
    const d = find(r.reach, 'terminal', 'files', 'original');
    expect(d.expected).toBe('source terminal is on segment lg_terminals, re-designated by step renumber-servers');
    expect(r.unexplained).toBe(0);
    expect(r.expected).toBeGreaterThan(0);
    // Without the re-designation the same differences are unexplained.
    const plain = checkReaddress({ original, originalFile: 'town.yaml', renumbered, renumberedFile: 'renumbered.yaml', plan: base, witnesses: false });
    expect(plain.expected).toBe(0);
    expect(plain.unexplained).toBe(r.expected);
  });

  it('a relocated node\'s differences are expected by the plan', async () => {
    const { applyPlan } = await import('../../src/readdress/apply.js');
    const townFile = path.join(dir, 'town.yaml');
    const original = await topology(townFile);
    const base = await plan(path.join(dir, 'plan.yaml'));
    const step = base.steps[0]!;
    // The web server moves onto the terminals' segment: who reaches it changes, by intent.
    const relocation = { node: 'web', segment: 'lg_terminals', address: 0x0a141432, gateway: 0x0a141401, location: step.location };
    const relocating: ReaddressPlan = { ...base, steps: [{ ...step, relocations: [relocation] }] };
    const applied = await applyPlan(townFile, relocating);
    expect(applied.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const r = checkReaddress({ original, originalFile: townFile, renumbered: applied.topology!, renumberedFile: 'renumbered', plan: relocating });
    expect(r.reach.length).toBeGreaterThan(0);
    expect(r.unexplained).toBe(0);
    const d = find(r.reach, 'inet-client', 'web', 'original');
    expect(d.expected).toBe('destination web is relocated by step renumber-servers');
    expect(d.witness?.renumbered.text).toBe('tcp 172.16.0.10:49152 -> 10.20.20.50:443');
  });
});

describe('readdress check --flows', () => {
  it('replays the log through both versions, renamed on one side, and lists the rows whose fate changes', async () => {
    const original = await topology(path.join(dir, 'town.yaml'));
    const p = await plan(path.join(dir, 'plan.yaml'));
    const map = planAddressMap(p, original);
    const faithful = await checkFlowLog(original, await topology(path.join(dir, 'town-renumbered.yaml')), path.join(dir, 'flows.csv'), map);
    if (!faithful.ok) throw new Error('flows do not load');
    expect(faithful.value.comparison.changedRows).toBe(0);
    expect(faithful.value.failing).toBe(false);
    // The row without a sender is reported in both versions, never replayed from the Internet.
    expect(faithful.value.unowned.original.rows).toBe(1);
    expect(faithful.value.unowned.renumbered.rows).toBe(1);
    expect(faithful.value.unowned.original.examples[0]).toMatchObject({ src: '10.20.20.200', line: 7 });

    const nat = await checkFlowLog(original, await topology(path.join(dir, 'lookalike-nat-left.yaml')), path.join(dir, 'flows.csv'), map);
    if (!nat.ok) throw new Error('flows do not load');
    expect(nat.value.failing).toBe(true);
    expect(nat.value.comparison.changedRows).toBe(1);
    const example = nat.value.comparison.pairs[0]!.examples[0]!;
    expect(example).toMatchObject({ line: 4, src: '172.16.0.10', dst: '172.16.0.100' });
    expect(example.before).toMatchObject({ disposition: 'delivered', at: 'web' });
    // Not translated any more, it leaves by the default route; the Internet routes 172.16.0.0/12 back (more
    // specific than the 0.0.0.0/0 it owns) and the firewall denies it there.
    expect(example.after).toMatchObject({ disposition: 'denied-in', at: 'fw' });

    const acl = await checkFlowLog(original, await topology(path.join(dir, 'lookalike-acl-literal.yaml')), path.join(dir, 'flows.csv'), map);
    if (!acl.ok) throw new Error('flows do not load');
    const row = acl.value.comparison.pairs[0]!.examples[0]!;
    expect(row).toMatchObject({ line: 3, renamed: { src: '10.20.20.10', dst: '10.21.10.11' } });
    expect(row.after).toMatchObject({ disposition: 'denied-in', at: 'fw' });
  });
});

describe('readdress check on the β′ city', () => {
  it('the city renumbered by city-lg-one-block behaves as the original renamed', async () => {
    const { applyPlan } = await import('../../src/readdress/apply.js');
    const cityFile = 'topologies/beta-prime-city.yaml';
    const p = await plan('topologies/plans/city-lg-one-block.yaml');
    const applied = await applyPlan(cityFile, p);
    expect(applied.topology).toBeDefined();
    const r = checkReaddress({ original: await topology(cityFile), originalFile: cityFile, renumbered: applied.topology!, renumberedFile: 'renumbered', plan: p });
    expect(r.reach).toEqual([]);
    expect(r.flowEdges).toEqual([]);
    expect(r.missingSources).toEqual([]);
    expect(r.sourcesCompared).toBeGreaterThan(80);
    expect(r.notCompared).toEqual({ original: ['10.60.0.0-10.60.255.255'], renumbered: ['10.20.0.0-10.20.255.255'] });
  });
});
