/**
 * Channel kinds of the information-flow graph (DESIGN.md "Three layers of semantics"): what an edge
 * X → Y lets X cause to arrive at Y.
 */
export const CHANNEL_KINDS = [
  /** Raw data in packets (and the replies of a session: data flows back to the initiator). */
  'packet',
  /** Keyboard and mouse input of a screen-transfer client, operating the session host. */
  'control',
  /** The session host's screen, shown on the client. */
  'pixels',
  /** A new object emitted by a sanitiser (or a mail relay that text-izes). */
  'sanitised-data',
  /** Data a relay, proxy, mail relay or PEP forwards on unchanged. */
  'relayed-data',
  /** Screen-transfer redirections; each carries raw data. */
  'clipboard',
  'file',
  'drive',
  'printer',
] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/** Channels that carry data or control a receiver may act on: a host receiving them may be compromised. */
export const COMPROMISING: readonly ChannelKind[] = ['packet', 'control', 'relayed-data', 'clipboard', 'file', 'drive', 'printer'];

/** Channels that carry raw data objects (everything compromising except control). */
export const RAW_DATA: readonly ChannelKind[] = ['packet', 'relayed-data', 'clipboard', 'file', 'drive', 'printer'];

export function isChannelKind(text: string): text is ChannelKind {
  return (CHANNEL_KINDS as readonly string[]).includes(text);
}
