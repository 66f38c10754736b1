/**
 * Dispositions as small integer codes, so results fit in typed arrays. The names and their order come
 * from the one table in src/engine/disposition.ts (which only ever appends); a code is the index of
 * its name there, so codes are part of the worker protocol and stay stable.
 */
import { DISPOSITIONS as ENGINE_DISPOSITIONS, HOP_LIMIT as ENGINE_HOP_LIMIT, type Disposition } from '../engine/disposition.js';

export const DISPOSITIONS: readonly Disposition[] = ENGINE_DISPOSITIONS;
export type DispositionName = Disposition;

function codeOf(name: Disposition): number {
  return DISPOSITIONS.indexOf(name);
}

export const D_DELIVERED = codeOf('delivered');
export const D_DENIED_IN = codeOf('denied-in');
export const D_DENIED_OUT = codeOf('denied-out');
export const D_NO_ROUTE = codeOf('no-route');
export const D_NULL_ROUTED = codeOf('null-routed');
export const D_LOOP = codeOf('loop');
export const D_EXITS_NETWORK = codeOf('exits-network');
export const D_TERMINATED = codeOf('terminated-at-gateway');
export const D_HOP_LIMIT = codeOf('hop-limit');
export const DISPOSITION_COUNT = DISPOSITIONS.length;

/** Hops after which a flow ends as `hop-limit` (ARCHITECTURE.md). */
export const HOP_LIMIT = ENGINE_HOP_LIMIT;

export function dispositionName(code: number): DispositionName {
  const name = DISPOSITIONS[code];
  if (name === undefined) throw new RangeError(`unknown disposition code ${code}`);
  return name;
}

export function dispositionCode(name: string): number {
  return (DISPOSITIONS as readonly string[]).indexOf(name);
}

/** The flow got where it was going: a host, an external network, or a gateway that accepted the session. */
export function isReached(code: number): boolean {
  return code === D_DELIVERED || code === D_EXITS_NETWORK || code === D_TERMINATED;
}
