/**
 * Where the keys and values of a file parsed by yaml-subset.ts start, found by data path. Kept compact:
 * one Int32Array holds, per list or mapping, a record of its entries (no object per node), so a file of a
 * million values keeps its positions in about twelve megabytes. The lookup walks the path as the
 * Document-based twin (source-document.ts) walks its node tree, and falls back to the nearest ancestor alike.
 *
 * A record at index r: its entry count n, then per entry the key's offset (for a list item: the item's),
 * the value's offset, and the value's own record (-1 for a scalar). A mapping's entries are in file order,
 * which is the order of Object.keys on its data (the data is not changed once parsed) except where
 * integer-like keys come first: those mappings keep their key order beside the records.
 */
export type DataPath = readonly (string | number)[];

/** Mappings with more keys than this get a key → index map on first lookup, so locating every entry stays linear. */
const INDEXED_KEYS = 16;

export interface PositionRecords {
  readonly root: unknown;
  readonly rootOffset: number;
  /** The root's record, -1 for a scalar root. */
  readonly rootRecord: number;
  readonly records: Int32Array;
  /** Key order by record, for mappings whose keys Object.keys would not list in file order. */
  readonly keyOrders: ReadonlyMap<number, readonly string[]>;
}

export class PositionTable {
  private readonly keyIndexes = new Map<number, Map<string, number>>();

  constructor(private readonly table: PositionRecords) {}

  /** Offset of the key (for list items: the item) or the value at `path`; the nearest ancestor's value when the path leaves the data. */
  offsetOf(path: DataPath, which: 'key' | 'value'): number {
    const records = this.table.records;
    let node = this.table.root;
    let record = this.table.rootRecord;
    let best = this.table.rootOffset;
    for (let i = 0; i < path.length; i++) {
      if (record < 0 || typeof node !== 'object' || node === null) return best;
      const step = path[i] as string | number;
      let entry: number;
      if (Array.isArray(node)) {
        if (typeof step !== 'number' || !Number.isInteger(step) || step < 0 || step >= (records[record] as number)) return best;
        entry = step;
        node = node[step];
      } else {
        const key = String(step);
        entry = this.keyIndex(record, node, key);
        if (entry < 0) return best;
        node = (node as Record<string, unknown>)[key];
      }
      const at = record + 1 + 3 * entry;
      if (i === path.length - 1 && which === 'key') return records[at] as number;
      best = records[at + 1] as number;
      record = records[at + 2] as number;
    }
    return best;
  }

  private keyIndex(record: number, map: object, key: string): number {
    const cached = this.keyIndexes.get(record);
    if (cached) return cached.get(key) ?? -1;
    const order = this.table.keyOrders.get(record);
    if (order) return order.indexOf(key);
    if ((this.table.records[record] as number) <= INDEXED_KEYS) {
      // for…in lists a plain object's own keys as Object.keys does, without allocating the list.
      let i = 0;
      for (const k in map) {
        if (k === key) return i;
        i++;
      }
      return -1;
    }
    const index = new Map(Object.keys(map).map((k, i) => [k, i]));
    this.keyIndexes.set(record, index);
    return index.get(key) ?? -1;
  }
}
