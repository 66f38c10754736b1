import { describe, expect, it } from 'vitest';
import { formatAddressSet } from '../../src/net/address-set.js';
import { formatService } from '../../src/net/ports.js';
import type { Trace } from '../../src/engine/trace.js';
import { fixture, fixtureVariant, only, path_, trace } from './helpers.js';

function sessions(t: Trace): string[] {
  return (t.sessions ?? []).map((s) => `${s.via ?? '-'} ${formatAddressSet(s.targets)} ${s.services.map(formatService).join(',')} ${s.carries}`);
}

describe('screen transfer', () => {
  it('terminates a display session from the client side and lists the session it opens', async () => {
    const t = only(trace(await fixture('gateway-lab'), 'term', 'st', { dstPort: 3389 }));
    expect([t.disposition, t.at]).toEqual(['terminated-at-gateway', 'st']);
    expect(sessions(t)).toEqual(['lg 10.20.0.50/32 tcp/3389 display session (input forward, pixels back; redirection on: clipboard client->host)']);
  });

  it('refuses an unserved port, the wrong side, and transit', async () => {
    const topo = await fixture('gateway-lab');
    const port = only(trace(topo, 'term', 'st', { dstPort: 80 }));
    expect([port.disposition, port.at]).toEqual(['denied-in', 'st']);
    expect(port.reason).toContain('tcp/80 is not a display protocol');
    const side = only(trace(topo, 'vdi', 'st.lg', { dstPort: 3389 }));
    expect([side.disposition, side.at]).toEqual(['denied-in', 'st']);
    expect(side.reason).toContain('serves clients only on inet');
    // term routes 10.20.0.60/32 via the gateway: the gateway must not forward it.
    const transit = only(trace(topo, 'term', 'lg-target', { dstPort: 3389 }));
    expect([transit.disposition, transit.at]).toEqual(['denied-in', 'st']);
    expect(transit.reason).toContain('gateways do not forward');
  });

  it('the session it opens is an ordinary flow from its host side', async () => {
    const t = only(trace(await fixture('gateway-lab'), 'st', 'vdi', { dstPort: 3389 }));
    expect(t.disposition).toBe('delivered');
    expect(t.flow.header.src).toBe(0x0a140014); // 10.20.0.20, the host-side address
    expect(t.hops[0]!.notes).toEqual([]);
  });

  it('notes a flow a gateway sends that is not one of its sessions', async () => {
    const t = only(trace(await fixture('gateway-lab'), 'st', 'lg-file', { dstPort: 445 }));
    expect(t.hops[0]!.notes.join(' ')).toContain('not one of the sessions st originates');
  });
});

describe('sanitiser, proxy and mail relay', () => {
  it('a sanitiser accepts on its in side and emits sanitised objects on its out side', async () => {
    const topo = await fixture('gateway-lab');
    const t = only(trace(topo, 'term', 'san'));
    expect(t.disposition).toBe('terminated-at-gateway');
    expect(sessions(t)).toEqual(['lg 10.20.0.51/32 tcp/445 sanitised objects (cdr)']);
    const fromLg = only(trace(topo, 'vdi', 'san.lg'));
    expect([fromLg.disposition, fromLg.reason]).toEqual(['denied-in', 'san: arrived on lg, but it serves incoming objects only on inet']);
  });

  it('a proxy and a mail relay terminate on their client side with their own upstream sessions', async () => {
    const topo = await fixture('gateway-lab');
    expect(sessions(only(trace(topo, 'term', 'px', { dstPort: 8080 })))).toEqual(['lg any tcp/443 proxied requests']);
    expect(sessions(only(trace(topo, 'term', 'mr', { dstPort: 25 })))).toEqual(['lg 10.20.0.52/32 tcp/25 relayed mail, sanitised (text-extract)']);
    expect(only(trace(topo, 'term', 'mr', { dstPort: 587 })).disposition).toBe('denied-in');
  });
});

describe('relay', () => {
  it('accepts a listed (source, service, MAC) tuple', async () => {
    const t = only(trace(await fixture('gateway-lab'), 'term', 'rl'));
    expect(t.disposition).toBe('terminated-at-gateway');
    expect(sessions(t)).toEqual(['- 10.20.0.51/32 tcp/445 relayed data']);
  });

  it('refuses a listed source whose MAC does not match, and an unlisted service', async () => {
    const topo = await fixture('gateway-lab');
    const mac = only(trace(topo, 'term2', 'rl'));
    expect(mac.disposition).toBe('denied-in');
    expect(mac.reason).toContain('source MAC seen: none declared');
    const service = only(trace(topo, 'term', 'rl', { dstPort: 80 }));
    expect(service.disposition).toBe('denied-in');
  });

  it('accepts the same source once its MAC matches', async () => {
    const topo = await fixtureVariant('gateway-lab', (s) => s.replace('address: 10.30.0.11 }', 'address: 10.30.0.11, mac: "02:00:00:00:00:01" }'));
    expect(only(trace(topo, 'term2', 'rl')).disposition).toBe('terminated-at-gateway');
  });
});

describe('zero-trust PEP', () => {
  it('admits by role, posture and the data class of the resource', async () => {
    const t = only(trace(await fixture('gateway-lab'), 'term', 'app'));
    expect([t.disposition, t.at]).toEqual(['terminated-at-gateway', 'pep']);
    expect(t.hops[1]!.acls[0]).toMatchObject({ acl: 'pep rules', action: 'permit', rule: 'staff-managed-internal' });
    expect(sessions(t)).toEqual(['res 10.40.0.10/32 tcp/443 authorised access (data class internal)']);
  });

  it('denies another data class, another posture, and a request addressed to the PEP itself', async () => {
    const topo = await fixture('gateway-lab');
    const secret = only(trace(topo, 'term', 'secret-app'));
    expect([secret.disposition, secret.deciding?.rule]).toEqual(['denied-in', undefined]);
    expect(secret.reason).toContain('data class secret');
    const posture = only(trace(topo, 'term', 'app', { identity: { devicePosture: 'unmanaged' } }));
    expect(posture.disposition).toBe('denied-in');
    expect(posture.reason).toContain('posture unmanaged');
    const self = only(trace(topo, 'term', 'pep'));
    expect(self.disposition).toBe('denied-in');
    expect(self.reason).toContain('names no resource');
  });
});

describe('hosts', () => {
  it('do not forward', async () => {
    const topo = await fixtureVariant('gateway-lab', (s) => s.replace('- { prefix: 10.20.0.60/32, via: 10.30.0.20 }', '- { prefix: 10.20.0.60/32, via: 10.30.0.11 }'));
    const t = only(trace(topo, 'term', 'lg-target'));
    expect(path_(t)).toEqual(['term', 'term2']);
    expect([t.disposition, t.reason]).toEqual(['denied-in', 'term2 is a host: hosts do not forward (destination 10.20.0.60 is not its address)']);
  });
});
