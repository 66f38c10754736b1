/**
 * Routers and firewalls: destination NAT at ingress → route → ingress ACLs → zone-pair ACLs →
 * egress ACLs → source NAT at egress. A stateful firewall passes return traffic of a session it
 * accepted without ACLs; any node that translated a session undoes the translation for its replies.
 */
import { formatIpv4 } from '../../net/ipv4.js';
import type { PacketHeader } from '../../net/header.js';
import type { FilteringNode } from '../../topology/model.js';
import { applyNat } from '../nat.js';
import { evaluatePolicy, zoneOfInterface } from '../policy.js';
import { ownInterface } from '../routing.js';
import { findSession, reverseHeader, type SessionEntry } from '../state.js';
import { urpfAccepts } from '../urpf.js';
import type { AclCheck, NatRewrite } from '../trace.js';
import { routeAndForward, type BranchPolicy } from './forward.js';
import { emptyDraft, end, type Arrival, type HopDraft, type SimContext, type Step } from './types.js';

function portRewrite(type: 'source' | 'destination', before: PacketHeader, after: PacketHeader, rule: string): NatRewrite | undefined {
  const b = type === 'destination' ? { ip: before.dst, port: before.dstPort } : { ip: before.src, port: before.srcPort };
  const a = type === 'destination' ? { ip: after.dst, port: after.dstPort } : { ip: after.src, port: after.srcPort };
  if (b.ip === a.ip && b.port === a.port) return undefined;
  return { rule, type, before: b, after: a, reverse: true, location: undefined };
}

export function filteringBehaviour(ctx: SimContext, arrival: Arrival): Step[] {
  const node = arrival.node as FilteringNode;
  const ingress = arrival.ingress?.name;
  const draft = emptyDraft();
  const stateful = node.kind === 'firewall' && node.stateful;

  // Anti-spoofing first, for every packet entering an interface that declares it (replies too).
  if (arrival.ingress !== undefined && !urpfAccepts(node, arrival.ingress, arrival.header.src)) {
    const description = `strict uRPF on ${arrival.ingress.name}: the route back to ${formatIpv4(arrival.header.src)} does not leave by ${arrival.ingress.name}`;
    return [end(draft, 'denied-in', `${node.name}: ${description} (a forged source)`, { deciding: { policy: `${node.name} uRPF`, rule: undefined, description, location: node.location } })];
  }

  // Return traffic of a session this node recorded: undo NAT; a stateful firewall skips its ACLs.
  const session = ingress === undefined ? undefined : findSession(ctx.sessions, node.name, arrival.header);
  if (session) {
    const restored = reverseHeader(session.entered);
    const routed: PacketHeader = { ...arrival.header, dst: restored.dst, dstPort: restored.dstPort };
    const unSnat = portRewrite('destination', arrival.header, routed, 'undo source NAT');
    if (unSnat) draft.nat.push(unSnat);
    draft.notes.push(
      session.stateful
        ? `return traffic of a session ${node.name} accepted: passes without ACLs (stateful)`
        : `return traffic of a session ${node.name} translated: NAT undone, ACLs still apply (stateless)`,
    );
    if (ownInterface(node, routed.dst)) {
      return [end(draft, 'delivered', `reply reached ${node.name}, which sent the session`)];
    }
    const policy: BranchPolicy = (d, branch) => {
      if (!session.stateful) {
        const verdict = evaluatePolicy(ctx.topology, node, ingress, branch.egress.name, routed);
        d.acls.push(...verdict.checks);
        if (verdict.action === 'deny') return { type: 'stop', step: denied(ctx, d, verdict, node, ingress, branch.egress.name) };
      }
      const unDnat = portRewrite('source', routed, restored, 'undo destination NAT');
      if (unDnat) d.nat.push(unDnat);
      return { type: 'pass', header: restored };
    };
    return routeAndForward(ctx, node, arrival.vrf, routed, draft, policy);
  }

  // Destination NAT on the ingress interface, before routing.
  let header = arrival.header;
  if (ingress !== undefined) {
    const dnat = applyNat(node, 'destination', ingress, header);
    if (dnat.rewrite) draft.nat.push(dnat.rewrite);
    header = dnat.header;
  }

  // Addressed to the node itself: only its ingress ACLs apply.
  if (ingress !== undefined && ownInterface(node, header.dst)) {
    const verdict = evaluatePolicy(ctx.topology, node, ingress, undefined, header);
    draft.acls.push(...verdict.checks);
    if (verdict.action === 'deny') return [denied(ctx, draft, verdict, node, ingress, undefined)];
    return [end(draft, 'delivered', `${formatIpv4(header.dst)} is ${node.name}'s own address`)];
  }

  const policy: BranchPolicy = (d, branch) => {
    const verdict = evaluatePolicy(ctx.topology, node, ingress, branch.egress.name, header);
    d.acls.push(...verdict.checks);
    if (verdict.action === 'deny') return { type: 'stop', step: denied(ctx, d, verdict, node, ingress, branch.egress.name) };
    if (verdict.noPolicy && ingress !== undefined) d.notes.push(`router ${node.name} has no ACL for this path: permitted`);
    const snat = applyNat(node, 'source', branch.egress.name, header);
    if (snat.rewrite) d.nat.push(snat.rewrite);
    const translated = d.nat.length > 0;
    const created: SessionEntry | undefined =
      stateful || translated ? { node: node.name, entered: arrival.header, left: snat.header, stateful } : undefined;
    return { type: 'pass', header: snat.header, created };
  };
  return routeAndForward(ctx, node, arrival.vrf, header, draft, policy);
}

function denied(
  ctx: SimContext,
  draft: HopDraft,
  verdict: { checks: readonly AclCheck[]; stage: string },
  node: FilteringNode,
  ingress: string | undefined,
  egress: string | undefined,
): Step {
  if (verdict.stage === 'no-policy') {
    const side = (iface: string | undefined) =>
      iface === undefined ? '(itself)' : `${iface} (zone ${zoneOfInterface(ctx.topology, node, iface) ?? '?'})`;
    return end(draft, 'denied-in', `firewall ${node.name} has no ACL for in ${side(ingress)} -> out ${side(egress)}: default deny (no policy, no passage)`, {
      deciding: { policy: `${node.name} (no policy)`, rule: undefined, description: `firewall ${node.name}: no ACL applies (default deny)`, location: node.location },
    });
  }
  const last = verdict.checks[verdict.checks.length - 1] as AclCheck;
  const disposition = verdict.stage === 'out' ? 'denied-out' : 'denied-in';
  const by = `${last.rule === undefined ? 'the default of' : `rule ${last.rule} of`} ACL ${last.acl} (${last.binding})`;
  return end(draft, disposition, `${node.name}: denied by ${by}`, { deciding: { policy: last.acl, rule: last.rule, description: by, location: last.location } });
}
