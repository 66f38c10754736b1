/**
 * Header sets as readable ranges for diff reports: each box names only the fields its protocols carry
 * (`readableBoxes` in header-set.ts, which every header summary uses). The raw boxes stay exact in the JSON report.
 */
import { readableBoxes, type HeaderSet } from '../symbolic/header-set.js';

export { readableBoxes };

/** The set as text, one box per line (at most `limit`, then a `…` line). */
export function describeHeaders(set: HeaderSet, limit: number): string {
  return set.describe(limit);
}
