/** Replay reports name a flow's header with only the fields its protocol carries. */
import { describe, expect, it } from 'vitest';
import { formatFlowRow } from '../../src/replay/report.js';

describe('formatFlowRow', () => {
  it('TCP and UDP: addresses with ports', () => {
    expect(formatFlowRow({ src: '10.0.0.1', dst: '10.0.0.2', proto: 'tcp', sport: 49152, dport: 443 })).toBe('10.0.0.1:49152 -> 10.0.0.2:443 tcp');
    expect(formatFlowRow({ src: '10.0.0.1', dst: '10.0.0.2', proto: 'udp', sport: 5353, dport: 53 })).toBe('10.0.0.1:5353 -> 10.0.0.2:53 udp');
  });

  it('ICMP: type and code (held in the port columns), no ports', () => {
    expect(formatFlowRow({ src: '10.0.0.1', dst: '10.0.0.2', proto: 'icmp', sport: 8, dport: 0 })).toBe('10.0.0.1 -> 10.0.0.2 icmp type 8 code 0');
  });

  it('other protocols: addresses only', () => {
    expect(formatFlowRow({ src: '10.0.0.1', dst: '10.0.0.2', proto: 'gre', sport: 0, dport: 0 })).toBe('10.0.0.1 -> 10.0.0.2 gre');
  });
});
