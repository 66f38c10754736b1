/** emulate --flows starts a logged flow where replay does: never from the Internet for an address on a segment that no interface holds. */
import { describe, expect, it } from 'vitest';
import { AddressOwners } from '../../src/emulate/owners.js';
import { parseIpv4 } from '../../src/net/ipv4.js';
import { loadTopology } from '../../src/topology/load.js';

const CITY = 'topologies/beta-prime-city.yaml';

describe('flow senders for emulate --flows', () => {
  it('agree with replay: held addresses have their node, unheld segment addresses none, the rest their external', async () => {
    const loaded = await loadTopology(CITY);
    if (!loaded.ok) throw new Error('city does not load');
    const owners = new AddressOwners(loaded.topology);
    const ip = (text: string) => parseIpv4(text) as number;
    expect(owners.sender(ip('10.30.10.11'))?.node).toBe(owners.owner(ip('10.30.10.11'))?.node);
    expect(owners.owner(ip('10.30.10.250'))?.role).toBe('external');
    expect(owners.sender(ip('10.30.10.250'))).toBeUndefined();
    expect(owners.sender(ip('198.51.100.7'))?.role).toBe('external');
  });
});
