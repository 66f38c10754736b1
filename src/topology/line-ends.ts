/**
 * Files saved on Windows end their lines with CR LF. The subset parser (yaml-subset.ts) reads LF only, so
 * such a file is parsed with its CRs taken out and every offset mapped back: a CR outside a line end has
 * no place in what the subset accepts, and inside one it is no part of any value.
 */
export interface LfText {
  readonly text: string;
  /** The offset in the original text of an offset in `text`. */
  readonly original: (offset: number) => number;
}

/** `text` with LF line ends, or undefined when a CR stands anywhere but before a LF. */
export function withLfLineEnds(text: string): LfText | undefined {
  if (!text.includes('\r')) return { text, original: (offset) => offset };
  const crs: number[] = []; // offsets in the LF text of the line ends that had a CR
  for (let i = text.indexOf('\r'); i >= 0; i = text.indexOf('\r', i + 1)) {
    if (text.charCodeAt(i + 1) !== 10) return undefined;
    crs.push(i - crs.length);
  }
  const positions = Int32Array.from(crs);
  return {
    text: text.replaceAll('\r\n', '\n'),
    original: (offset) => {
      // CRs removed before `offset`: those whose line end lies at or before it.
      let low = 0;
      let high = positions.length;
      while (low < high) {
        const mid = (low + high) >> 1;
        if ((positions[mid] as number) < offset) low = mid + 1;
        else high = mid;
      }
      return offset + low;
    },
  };
}
