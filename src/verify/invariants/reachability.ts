/** The R invariants of DOMAIN.md §4, on the packet layer, from zone classes. */
import type { ZoneClass } from '../../topology/format.js';
import type { TopologyNode } from '../../topology/model.js';
import { classEndpoint, isEndpointNode, isGateway, nodeAddresses, type Endpoint } from '../endpoints.js';
import { exceptionApplies } from '../scenario/model.js';
import { packetArrivals } from '../packet-reach.js';
import { isolatedPacket } from '../properties/isolated.js';
import { checkOnlyVia } from '../properties/only-via.js';
import type { Violation } from '../result.js';
import { witnessFor } from '../witness.js';
import { HeaderSet } from '../../symbolic/header-set.js';
import type { VerifyContext } from '../context.js';
import { combine, type Invariant } from './types.js';

const MN: ZoneClass[] = ['MN', 'MN_GC'];
const has = (ctx: VerifyContext, classes: readonly ZoneClass[]) => [...ctx.topology.zones.values()].some((z) => classes.includes(z.class));
const na = (why: string) => ({ status: 'not-applicable' as const, notes: [why] });
const applies = (id: string) => (e: Parameters<typeof exceptionApplies>[0]) => exceptionApplies(e, id);
const endpointsOnly = (e: Endpoint): Endpoint => ({ ...e, members: e.members.filter(isEndpointNode) });

export const R1: Invariant = {
  id: 'R1',
  title: 'no packet from Internet or INET reaches MN/MN_GC, and none from MN/MN_GC reaches Internet or INET',
  basis: 'DOMAIN.md §2 #1 (X_INTERNET or INET → MN: NONE, 完全に遮断); 対策基準 3.(1)①',
  check: (ctx) => {
    if (!has(ctx, MN)) return na('no MN or MN_GC zone in this topology');
    const outside = classEndpoint(ctx.topology, ['INTERNET', 'INET']);
    const mn = classEndpoint(ctx.topology, MN);
    return combine([isolatedPacket(ctx, { from: outside, to: mn }, applies('R1')), isolatedPacket(ctx, { from: mn, to: outside }, applies('R1'))], ['checked both directions, all protocols, after NAT']);
  },
};

export const R2: Invariant = {
  id: 'R2',
  title: 'MN talks to the outside only to 中間サーバー (LGWAN), 住基ネット, MN_GC or a relay, and those cannot reach the Internet',
  basis: 'DOMAIN.md §2 #3, #5, #6; 対策基準 3.(1)① (通信経路の限定 + ポート限定; 外部接続先もインターネット接続不可)',
  check: (ctx) => {
    if (!has(ctx, ['MN'])) return na('no MN zone in this topology');
    const mn = classEndpoint(ctx.topology, ['MN']);
    const mnZones = new Set([...ctx.topology.zones.values()].filter((z) => MN.includes(z.class)).map((z) => z.name));
    const allowedClasses: ZoneClass[] = ['JUKI', 'LGWAN', 'MN_GC'];
    const classOf = (n: TopologyNode) => ctx.topology.zones.get(n.zone)?.class;
    const outside: Endpoint = {
      text: 'outside MN',
      addresses: { ranges: [[0, 0xffffffff]] },
      members: [...ctx.topology.nodes.values()].filter((n) => (isEndpointNode(n) || isGateway(n)) && !mnZones.has(n.zone)),
    };
    const { arrivals } = packetArrivals(ctx.topology, mn, outside, {});
    const violations: Violation[] = [];
    const destinations: TopologyNode[] = [];
    for (const a of arrivals) {
      const cls = classOf(a.node);
      if (a.node.kind === 'relay' || (cls !== undefined && allowedClasses.includes(cls))) {
        if (isEndpointNode(a.node)) destinations.push(a.node);
        continue;
      }
      if (violations.length >= ctx.maxViolations) continue;
      const [start, set] = [...a.origins][0] as [string, HeaderSet];
      violations.push({
        summary: `MN reaches ${a.node.name} (${a.node.kind}, zone ${a.node.zone}, class ${cls ?? '?'}), which is not 中間サーバー/住基ネット/MN_GC or a relay`,
        headerSummary: HeaderSet.unionAll([...a.origins.values()]).describe(12),
        witness: witnessFor(ctx.topology, set, start, a.node.name, ctx.forwarding),
        location: a.node.location,
      });
    }
    const internet = classEndpoint(ctx.topology, ['INTERNET']);
    const onward = destinations.map((d) =>
      isolatedPacket(ctx, { from: { text: d.name, addresses: nodeAddresses(d), members: [d] }, to: internet }, applies('R2')),
    );
    return combine([{ violations, notes: [], exceptionsUsed: [] }, ...onward], [
      `MN-originated packets reach ${destinations.map((d) => d.name).join(', ') || 'no allowed external destination'}; each checked for reach to the Internet`,
      'not checked: MAC restrictions of allow-list entries (the packet model has no MAC layer)',
    ]);
  },
};

export const R3: Invariant = {
  id: 'R3',
  title: 'no direct IP flow between LG and INET hosts: only gateways (screen transfer, sanitiser, relay, mail relay, proxy) on their served ports',
  basis: 'DOMAIN.md §2 #9, #12, #13; β/β′ measures table [004]',
  check: (ctx) => {
    if (!has(ctx, ['LG']) || !has(ctx, ['INET'])) return na('needs both an LG and an INET zone');
    const lg = classEndpoint(ctx.topology, ['LG']);
    const inet = classEndpoint(ctx.topology, ['INET']);
    return combine([
      isolatedPacket(ctx, { from: lg, to: endpointsOnly(inet) }, applies('R3')),
      isolatedPacket(ctx, { from: inet, to: endpointsOnly(lg) }, applies('R3')),
    ], ['packets accepted by a gateway on its served ports are allowed by definition; every other arrival at an LG/INET host is reported']);
  },
};

export const R4: Invariant = {
  id: 'R4',
  title: 'no packet path from LG to the Internet',
  basis: 'DOMAIN.md §2 #17 (LG → X_INTERNET: NONE in α, β, β′); 対策基準 3.(2)',
  check: (ctx, model) => {
    if (model === 'alpha-prime') return { status: 'not-checkable', notes: ['α′ allows local breakout to allow-listed SaaS with tenant restriction; the topology format has no LBO allow-list or tenant-restriction setting to check against'] };
    if (!has(ctx, ['LG']) || !has(ctx, ['INTERNET'])) return na('needs an LG and an INTERNET zone');
    return combine([isolatedPacket(ctx, { from: classEndpoint(ctx.topology, ['LG']), to: classEndpoint(ctx.topology, ['INTERNET']) }, applies('R4'))]);
  },
};

export const R5: Invariant = {
  id: 'R5',
  title: 'all INET → Internet egress traverses the security cloud (SECCLOUD)',
  basis: 'DOMAIN.md §2 #15 (via X_SECCLOUD proxy); 対策基準 3.(3); 004 手順2(3)',
  check: (ctx) => {
    if (!has(ctx, ['INET']) || !has(ctx, ['INTERNET'])) return na('needs an INET and an INTERNET zone');
    const seccloudZones = new Set([...ctx.topology.zones.values()].filter((z) => z.class === 'SECCLOUD').map((z) => z.name));
    const through = [...ctx.topology.nodes.values()].filter((n) => seccloudZones.has(n.zone)).map((n) => n.name);
    const outcome = checkOnlyVia(ctx, { from: classEndpoint(ctx.topology, ['INET']), to: classEndpoint(ctx.topology, ['INTERNET']), through, services: undefined }, applies('R5'), false);
    return combine([outcome], [
      `through: every node of a SECCLOUD zone (${through.length})`,
      'not recognised: a branch breakout "with FW logging" — the resolved model does not carry the ACL rule `log` flag, so such a breakout is reported as a bypass; declare it as an exception if approved',
    ]);
  },
};

export const R6: Invariant = {
  id: 'R6',
  title: 'screen transfer: session hosts cannot initiate to the client side; clients reach session hosts only through the gateway',
  basis: 'DOMAIN.md §3.1 (display protocol only, B never initiates to A), §2 #11/#12',
  check: (ctx) => {
    const gateways = [...ctx.topology.nodes.values()].filter((n) => n.kind === 'screen-transfer');
    if (gateways.length === 0) return na('no screen-transfer gateway in this topology');
    const parts = gateways.flatMap((g) => {
      if (g.kind !== 'screen-transfer') return [];
      const clientSegment = ctx.topology.segments.get(g.interfaces.get(g.clientSide)?.segment ?? '');
      const clientZone = clientSegment?.zone;
      if (!clientZone) return [];
      const clients = endpointsOnly(classEndpointOfZone(ctx, clientZone));
      const hosts: Endpoint = { text: `session hosts of ${g.name}`, addresses: g.targets, members: [...ctx.topology.nodes.values()].filter((n) => isEndpointNode(n) && n.kind !== 'external' && nodeAddresses(n).ranges.some(([lo, hi]) => g.targets.ranges.some(([a, b]) => lo <= b && a <= hi))) };
      return [
        isolatedPacket(ctx, { from: hosts, to: clients }, applies('R6')),
        isolatedPacket(ctx, { from: clients, to: hosts }, applies('R6')),
      ];
    });
    return combine(parts, [`gateways checked: ${gateways.map((g) => g.name).join(', ')}`, 'display port numbers themselves are product defaults (DOMAIN.md §7.4) and are not judged']);
  },
};

function classEndpointOfZone(ctx: VerifyContext, zone: string): Endpoint {
  const cls = ctx.topology.zones.get(zone)?.class;
  const e = classEndpoint(ctx.topology, cls ? [cls] : []);
  return { ...e, text: `zone ${zone}`, members: e.members.filter((n) => n.zone === zone) };
}

export const R7: Invariant = {
  id: 'R7',
  title: 'MN_GC is reachable only over a dedicated line from MN',
  basis: 'DOMAIN.md §2 #6 (MN ↔ MN_GC: DEDICATED); 003 先行事業',
  check: (ctx) => {
    if (!has(ctx, ['MN_GC'])) return na('no MN_GC zone in this topology');
    const gc = classEndpoint(ctx.topology, ['MN_GC']);
    const others = [...new Set([...ctx.topology.zones.values()].filter((z) => !MN.includes(z.class)).map((z) => z.class))];
    const lines = [...ctx.topology.nodes.values()].filter((n) => n.kind === 'dedicated-line').map((n) => n.name);
    const parts = [isolatedPacket(ctx, { from: classEndpoint(ctx.topology, others), to: gc }, applies('R7'))];
    if (has(ctx, ['MN'])) parts.push(checkOnlyVia(ctx, { from: classEndpoint(ctx.topology, ['MN']), to: gc, through: lines, services: undefined }, applies('R7'), false));
    return combine(parts, [`dedicated lines: ${lines.join(', ') || '(none)'}`, 'not recognised: LGWAN-based GovCloud access (DOMAIN.md §7.3); it would be reported as a path that avoids the dedicated line']);
  },
};
