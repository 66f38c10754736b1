/**
 * Address plan of a generated municipality: each zone draws from its own /12 (so prefixes say which
 * zone they are in, as real plans do) and every segment is sized to what is attached to it. Aligned
 * allocation of power-of-two blocks in descending size never overlaps and never leaves a gap.
 */
import { parsePrefix, type Prefix } from '../../net/ipv4.js';

export type AddressBlock = 'MN' | 'MN_GC' | 'LG' | 'INET' | 'LINK';

export const ADDRESS_BLOCKS: Readonly<Record<AddressBlock, string>> = {
  MN: '10.16.0.0/12',
  MN_GC: '10.32.0.0/12',
  LG: '10.48.0.0/12',
  INET: '10.64.0.0/12',
  LINK: '10.252.0.0/16',
};

/** What the external networks stand for; none of it overlaps the blocks above except the Internet's 0.0.0.0/0. */
export const EXTERNAL_SPACE = Object.freeze({
  internet: '0.0.0.0/0',
  lgwan: '172.16.0.0/14',
  chukan: '172.20.0.0/16',
  juki: '172.24.0.0/16',
  govcloud: '172.28.0.0/16',
});

export interface SegmentDemand {
  readonly name: string;
  readonly block: AddressBlock;
  /** Addresses attached (interfaces, hosts, pool members). */
  readonly used: number;
  /** Smallest prefix size to use (host segments get at least a /24, links a /29). */
  readonly minSize: number;
}

export function blockPrefix(block: AddressBlock): Prefix {
  const parsed = parsePrefix(ADDRESS_BLOCKS[block]);
  if (!parsed.ok) throw new Error(`bad address block ${ADDRESS_BLOCKS[block]}`);
  return parsed.prefix;
}

/** Power-of-two size holding `used` addresses plus network and broadcast. */
export function segmentSize(used: number, minSize: number): number {
  let size = minSize;
  while (size < used + 2) size *= 2;
  return size;
}

export function allocatePrefixes(demands: readonly SegmentDemand[]): Map<string, Prefix> {
  const out = new Map<string, Prefix>();
  const byBlock = new Map<AddressBlock, { demand: SegmentDemand; size: number; order: number }[]>();
  demands.forEach((demand, order) => {
    const list = byBlock.get(demand.block) ?? [];
    list.push({ demand, size: segmentSize(demand.used, demand.minSize), order });
    byBlock.set(demand.block, list);
  });
  for (const [block, list] of byBlock) {
    const base = blockPrefix(block);
    const end = base.network + 2 ** (32 - base.length);
    list.sort((a, b) => b.size - a.size || a.order - b.order);
    let cursor = base.network;
    for (const { demand, size } of list) {
      // Sizes only shrink along the list, so the cursor is always aligned to the next size.
      if (cursor + size > end) throw new RangeError(`address block ${ADDRESS_BLOCKS[block]} is too small for the ${block} segments`);
      out.set(demand.name, { network: cursor, length: 32 - Math.log2(size) });
      cursor += size;
    }
  }
  return out;
}
