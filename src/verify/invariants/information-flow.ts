/** The F invariants of DOMAIN.md §4 on the information-flow graph, from zone classes. */
import type { ZoneClass } from '../../topology/format.js';
import { RAW_DATA, COMPROMISING } from '../../flowgraph/channels.js';
import { classEndpoint } from '../endpoints.js';
import { exceptionApplies } from '../scenario/model.js';
import { isolatedFlow } from '../properties/isolated.js';
import type { VerifyContext } from '../context.js';
import { combine, type Invariant } from './types.js';

const has = (ctx: VerifyContext, classes: readonly ZoneClass[]) => [...ctx.topology.zones.values()].some((z) => classes.includes(z.class));
const na = (why: string) => ({ status: 'not-applicable' as const, notes: [why] });

export const F1: Invariant = {
  id: 'F1',
  title: 'every data object entering LG from INET or the Internet passes a sanitiser',
  basis: 'DOMAIN.md §2 #9 (INET → LG: SANITISE), §3.2; 対策基準 3.(2)①',
  check: (ctx) => {
    if (!has(ctx, ['LG']) || !has(ctx, ['INET', 'INTERNET'])) return na('needs an LG zone and an INET or INTERNET zone');
    return combine([
      isolatedFlow(ctx, {
        from: classEndpoint(ctx.topology, ['INTERNET', 'INET']),
        to: classEndpoint(ctx.topology, ['LG']),
        allow: ['pixels', 'control', 'sanitised-data'],
        propagate: RAW_DATA,
      }, (e) => exceptionApplies(e, 'F1')),
    ], ['raw data chains only: screen-transfer control into LG is the design of β/β′ (#12) and is not a data object; it is covered by F3 and P1']);
  },
};

export const F2: Invariant = {
  id: 'F2',
  title: 'no data object leaves LG for INET or the Internet except through a relay',
  basis: 'DOMAIN.md §2 #13 (LG → INET data: NONE except RELAY fed from LGWANメール/LGWAN-ASP); 004 β/β′ measures table (クリップボード等の転送は禁止)',
  check: (ctx, model) => {
    if (model !== 'beta' && model !== 'beta-prime') return na('F2 applies to β and β′');
    if (!has(ctx, ['LG']) || !has(ctx, ['INET', 'INTERNET'])) return na('needs an LG zone and an INET or INTERNET zone');
    return combine([
      isolatedFlow(ctx, {
        from: classEndpoint(ctx.topology, ['LG']),
        to: classEndpoint(ctx.topology, ['INET', 'INTERNET']),
        allow: ['pixels', 'control', 'sanitised-data'],
        propagate: RAW_DATA,
        exemptEdge: (edge) => ctx.topology.nodes.get(edge.from)?.kind === 'relay',
      }, (e) => exceptionApplies(e, 'F2')),
    ], ['data relayed by a relay node is allowed; not checked: that the relay is fed only from LGWANメール / LGWAN-ASP (what feeds it is not in the model beyond its allow list)']);
  },
};

export const F3: Invariant = {
  id: 'F3',
  title: 'no data or control from the Internet or INET reaches MN/MN_GC by any chain of gateways, except declared 特定通信',
  basis: 'DOMAIN.md §2 #1 and #4 (特定通信 only); R2.5.22 見直し',
  check: (ctx) => {
    if (!has(ctx, ['MN', 'MN_GC'])) return na('no MN or MN_GC zone in this topology');
    if (!has(ctx, ['INET', 'INTERNET'])) return na('no INET or INTERNET zone in this topology');
    return combine([
      isolatedFlow(ctx, {
        from: classEndpoint(ctx.topology, ['INTERNET', 'INET']),
        to: classEndpoint(ctx.topology, ['MN', 'MN_GC']),
        allow: ['pixels'],
        propagate: COMPROMISING,
      }, (e) => exceptionApplies(e, 'F3')),
    ], ['chains of raw data and control through hosts and gateways; the 特定通信 chain must be declared as a scenario exception']);
  },
};
