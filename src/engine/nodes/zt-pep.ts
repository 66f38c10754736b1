/**
 * Zero-trust policy enforcement point. Clients address the resource; the PEP sits on the path,
 * terminates the request on its client side, and admits it by identity (user role, device posture)
 * and the data class of the resource, first matching rule wins, then its default. An admitted
 * request ends `terminated-at-gateway` with one session: the PEP to that resource and service.
 * A request addressed to the PEP itself names no resource and is refused.
 */
import { anyServiceMatches } from '../../acl/service-match.js';
import { addressSetContains } from '../../net/address-set.js';
import type { PacketHeader } from '../../net/header.js';
import { formatIpv4 } from '../../net/ipv4.js';
import { ANY_PORT, PROTO, type ServiceMatch } from '../../net/ports.js';
import type { PepNode, PepRule } from '../../topology/model.js';
import type { Identity } from '../flow.js';
import { ownInterface } from '../routing.js';
import type { AclCheck, GatewaySession } from '../trace.js';
import { describeHeaderService, formatServices, gatewaySends, refuse, terminated } from './gateway.js';
import { emptyDraft, type Arrival, type SimContext, type Step } from './types.js';

/** The data class the PEP assigns to a resource address: its own label, else what the flow declares. */
export function dataClassOf(node: PepNode, dst: number, identity: Identity): string | undefined {
  return node.dataClasses.find((d) => addressSetContains(d.resources, dst))?.dataClass ?? identity.dataClass;
}

function listed(values: readonly string[] | undefined, value: string | undefined): boolean {
  return values === undefined || (value !== undefined && values.includes(value));
}

export function pepRuleMatches(rule: PepRule, h: PacketHeader, identity: Identity, dataClass: string | undefined): boolean {
  return (
    listed(rule.userRoles, identity.userRole) &&
    listed(rule.devicePostures, identity.devicePosture) &&
    listed(rule.dataClasses, dataClass) &&
    addressSetContains(rule.resources, h.dst) &&
    (rule.services.length === 0 || anyServiceMatches(rule.services, h))
  );
}

function exactService(h: PacketHeader): ServiceMatch {
  if (h.protocol === PROTO.tcp || h.protocol === PROTO.udp) return { protocol: h.protocol, srcPorts: ANY_PORT, dstPorts: { first: h.dstPort, last: h.dstPort } };
  if (h.protocol === PROTO.icmp) return { protocol: h.protocol, srcPorts: ANY_PORT, dstPorts: ANY_PORT, icmpType: h.icmpType, icmpCode: h.icmpCode };
  return { protocol: h.protocol, srcPorts: ANY_PORT, dstPorts: ANY_PORT };
}

export function pepBehaviour(ctx: SimContext, arrival: Arrival): Step[] {
  const node = arrival.node as PepNode;
  const h = arrival.header;
  if (arrival.ingress === undefined) {
    return gatewaySends(ctx, arrival, [{ via: node.resourceSide, targets: { ranges: [] }, services: [], carries: 'authorised access' }]);
  }
  const draft = emptyDraft();
  if (ownInterface(node, h.dst)) {
    return refuse(node, draft, `a request addressed to the PEP itself names no resource; clients address the resource behind it (resource side ${node.resourceSide})`);
  }
  const behind = ctx.forwarding.lookup(node.name, arrival.vrf, h.dst).some((b) => b.type === 'forward' && b.egress.name === node.resourceSide);
  if (!behind) return refuse(node, draft, `${formatIpv4(h.dst)} is not a resource behind its resource side ${node.resourceSide}; gateways do not forward`);
  if (arrival.ingress.name !== node.clientSide) {
    return refuse(node, draft, `arrived on ${arrival.ingress.name}, but it admits clients only on ${node.clientSide}`);
  }
  if (!anyServiceMatches(node.accepts, h)) {
    return refuse(node, draft, `${describeHeaderService(h)} is not a service it accepts (accepts ${formatServices(node.accepts)})`);
  }
  const identity = ctx.identity;
  const dataClass = dataClassOf(node, h.dst, identity);
  const rule = node.rules.find((r) => pepRuleMatches(r, h, identity, dataClass));
  const action = rule ? rule.action : node.defaultAction;
  const who = `role ${identity.userRole ?? '(none)'}, posture ${identity.devicePosture ?? '(none)'}, data class ${dataClass ?? '(unlabelled)'}`;
  const check: AclCheck = { acl: `${node.name} rules`, binding: `zt-pep (${who})`, action, rule: rule?.name, location: rule ? rule.location : node.location };
  draft.acls.push(check);
  if (node.logging) draft.notes.push('access decision logged');
  if (action === 'deny') {
    return refuse(node, draft, `${rule ? `rule ${rule.name}` : 'the default'} denies ${who}`, { policy: `${node.name} rules`, rule: rule?.name, description: rule ? `rule ${rule.name} of zt-pep ${node.name}` : `default of zt-pep ${node.name}`, location: check.location });
  }
  const sessions: GatewaySession[] = [
    { via: node.resourceSide, targets: { ranges: [[h.dst, h.dst]] }, services: [exactService(h)], carries: `authorised access (data class ${dataClass ?? 'unlabelled'})` },
  ];
  return terminated(node, draft, `${who} for ${formatIpv4(h.dst)} ${describeHeaderService(h)}`, sessions);
}
