/**
 * Route lookup and hand-off, shared by every node that sends packets: one step per ECMP branch,
 * ending in no-route / null-routed / loop (leak cycle), or handing the packet to the neighbour that
 * owns the next hop. A per-branch `policy` (ACLs, NAT) may end the branch or rewrite the header.
 */
import type { PacketHeader } from '../../net/header.js';
import { formatIpv4, formatPrefix } from '../../net/ipv4.js';
import type { Route, TopologyNode } from '../../topology/model.js';
import type { ResolvedRoute } from '../routing.js';
import { sameHeader, type SessionEntry } from '../state.js';
import type { RouteUse } from '../trace.js';
import { copyDraft, end, type HopDraft, type SimContext, type Step } from './types.js';

export type ForwardBranch = Extract<ResolvedRoute, { type: 'forward' }>;

/** What a policy decides for one branch: stop here, or continue with this header. */
export type PolicyResult =
  | { readonly type: 'stop'; readonly step: Step }
  | { readonly type: 'pass'; readonly header: PacketHeader; readonly created?: SessionEntry | undefined };

export type BranchPolicy = (draft: HopDraft, branch: ForwardBranch) => PolicyResult;

export function routeUse(route: Route): RouteUse {
  const t = route.target;
  const target =
    t.type === 'via'
      ? `via ${formatIpv4(t.nextHop)} on ${t.interface}`
      : t.type === 'interface'
        ? `interface ${t.interface}`
        : t.type === 'drop'
          ? 'drop'
          : `continue in vrf ${t.vrf}`;
  return { vrf: route.vrf, prefix: route.prefix, origin: route.origin, target, location: route.location };
}

/** Routes `header` from `node` in `vrf`; `fallback` supplies routes when the table has none (implicit gateways). */
export function routeAndForward(
  ctx: SimContext,
  node: TopologyNode,
  vrf: string,
  header: PacketHeader,
  base: HopDraft,
  policy?: BranchPolicy,
  fallback?: () => readonly ResolvedRoute[],
): Step[] {
  let branches = ctx.forwarding.lookup(node.name, vrf, header.dst);
  if (branches.length === 0 && fallback) branches = fallback();
  if (branches.length === 0) {
    return [end(copyDraft(base), 'no-route', `${node.name} has no route for ${formatIpv4(header.dst)} in vrf ${vrf}`)];
  }
  return branches.map((branch) => {
    const draft = copyDraft(base);
    draft.routes.push(...branch.routes.map(routeUse));
    const last = branch.routes[branch.routes.length - 1] as Route;
    switch (branch.type) {
      case 'drop':
        return end(draft, 'null-routed', `${formatPrefix(last.prefix)} is a null route on ${node.name}`);
      case 'leak-cycle':
        return end(draft, 'loop', `route leaks on ${node.name} form a cycle: vrf ${branch.vrfs.join(' -> ')}`);
      case 'unresolved': {
        if (branch.egress) draft.egress = branch.egress.name;
        draft.nextHop = branch.nextHop;
        const phantom = ctx.phantom;
        if (phantom && branch.egress?.segment === phantom.segment && branch.nextHop === phantom.address && branch.nextHop === header.dst) {
          draft.nextNode = `(host on ${phantom.segment})`;
          return end(draft, 'delivered', `reached the unnamed host ${formatIpv4(header.dst)} on segment ${phantom.segment}`);
        }
        return end(draft, 'no-route', `${node.name}: ${branch.reason}`);
      }
      case 'forward': {
        draft.egress = branch.egress.name;
        draft.nextHop = branch.nextHop;
        draft.nextNode = branch.neighbour.node.name;
        const decided = policy ? policy(draft, branch) : ({ type: 'pass', header } as const);
        if (decided.type === 'stop') return decided.step;
        if (!sameHeader(decided.header, header)) draft.headerOut = decided.header;
        return { type: 'next', hop: draft, to: branch.neighbour, via: branch.egress, header: decided.header, created: decided.created };
      }
    }
  });
}
