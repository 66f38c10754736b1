/** Half-applied cut-over states: what each holds, and the states that cannot be built. */
import { describe, expect, it } from 'vitest';
import { changedEntries, halfAppliedStates } from '../../src/migrate/half-applied.js';
import { REFERENCE, step } from './support.js';

const at = { file: 'plan.yaml', line: 3, column: 5 };

describe('half-applied states between step 1 and step 2 of the reference migration', async () => {
  const [before, after] = await Promise.all([step(REFERENCE[1] as string), step(REFERENCE[2] as string)]);

  it('lists the devices and segments that change, not the hosts whose zone follows a re-designated segment', () => {
    const changed = changedEntries(before.topology, after.topology);
    expect(changed).toContain('segment:cur_lg_servers');
    expect(changed).toContain('hp-cms');
    expect(changed).not.toContain('docmgmt');
  });

  it('takes a device whole from the next step and relabels the hosts of a re-designated segment', () => {
    const { states, diagnostics } = halfAppliedStates(before.topology, after.topology, { entries: ['segment:cur_lg_servers', 'hp-cms', 'core-fw'], location: at });
    expect(diagnostics).toEqual([]);
    expect(states.map((s) => s.applied)).toEqual([['segment:cur_lg_servers'], ['segment:cur_lg_servers', 'hp-cms']]);
    const first = states[0]!.topology;
    expect(first.segments.get('cur_lg_servers')?.zone).toBe('INET_NEW');
    expect(first.nodes.get('docmgmt')?.zone).toBe('INET_NEW');
    expect(first.nodes.get('hp-cms')?.interfaces.get('lan')?.segment).toBe('cur_inet_servers');
    expect(first.zones.has('INET_NEW')).toBe(true);
    const second = states[1]!.topology;
    expect(second.nodes.get('hp-cms')?.interfaces.get('lan')?.segment).toBe('cur_lg_servers');
    // core-fw is still step 1's until the last entry, which is step 2 itself.
    expect(second.nodes.get('core-fw')).toEqual(before.topology.nodes.get('core-fw'));
    expect(second.nodes.get('core-fw')).not.toBe(before.topology.nodes.get('core-fw'));
  });

  it('names the device and the segment it lacks when a segment is removed while still in use', async () => {
    const [s2, s3] = await Promise.all([step(REFERENCE[2] as string), step(REFERENCE[3] as string)]);
    const { states, diagnostics } = halfAppliedStates(s2.topology, s3.topology, { entries: ['segment:cur_inet_vb', 'virtual-browsers', 'core-fw'], location: at });
    expect(states).toEqual([]);
    expect(diagnostics).toEqual([expect.objectContaining({ code: 'MIG006', location: at, message: expect.stringContaining('segment "cur_inet_vb" is removed while core-fw, virtual-browsers still have interfaces on it') })]);
  });

  it('names the device and interface whose new address lies outside a segment that has not changed yet', () => {
    // Renumber cur_lg_servers in the next step: docmgmt's new address does not fit the old prefix.
    const renumbered = { ...after.topology.segments.get('cur_lg_servers')!, prefix: { network: (10 << 24 | 22 << 16 | 10 << 8) >>> 0, length: 24 } };
    const docmgmt = after.topology.nodes.get('docmgmt')!;
    const moved = { ...docmgmt, interfaces: new Map([['lan', { ...docmgmt.interfaces.get('lan')!, address: (10 << 24 | 22 << 16 | 10 << 8 | 14) >>> 0 }]]) };
    const next = { ...after.topology, segments: new Map([...after.topology.segments, ['cur_lg_servers', renumbered]]), nodes: new Map([...after.topology.nodes, ['docmgmt', moved]]) };
    const { diagnostics } = halfAppliedStates(before.topology, next, { entries: ['docmgmt', 'segment:cur_lg_servers', 'core-fw'], location: at });
    expect(diagnostics.map((d) => d.message)).toEqual([expect.stringMatching(/device "docmgmt" needs interface lan's address 10\.22\.10\.14 outside segment "cur_lg_servers" \(10\.20\.10\.0\/24 until segment:cur_lg_servers changes\)/)]);
    expect(diagnostics[0]?.hint).toContain('before "docmgmt"');
  });
});
