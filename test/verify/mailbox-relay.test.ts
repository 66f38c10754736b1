/**
 * A mail relay forwards mail one way; one that also serves mailboxes (POP3/IMAP) hands mail back to its
 * clients on the replies, which the model does not carry: verify reports a partial model instead of a proof.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadTopologyText } from '../../src/topology/load.js';
import { verifyTopology } from '../../src/verify/verify.js';

const BASE = readFileSync('test/adversarial/04-inet-lgwan-secure.yaml', 'utf8');

async function partial(text: string): Promise<readonly string[]> {
  const loaded = await loadTopologyText(text, 'relay.yaml');
  if (!loaded.ok) throw new Error('topology did not load');
  return verifyTopology(loaded.topology, { topologyFile: 'relay.yaml' }).partial ?? [];
}

describe('a mail relay that serves mailboxes', () => {
  it('is a proof as an SMTP relay', async () => {
    expect(await partial(BASE)).toEqual([]);
  });

  it('is a partial model when it accepts POP3 or IMAP', async () => {
    const pop = BASE.replace('    accepts: SMTP', '    accepts: [SMTP, tcp/110, tcp/993]');
    expect(pop).not.toBe(BASE);
    const reasons = await partial(pop);
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toMatch(/accepts tcp\/110, tcp\/993 \(POP3\/IMAP\)/);
  });
});
