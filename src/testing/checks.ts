/**
 * The questions behind the matchers, independent of any test framework: each returns whether it holds and
 * the text a failing assertion shows (for `.not`, the text says what does hold). The texts are verify's:
 * violations with the violating header ranges, a witness packet and its hop-by-hop trace, where every ACL
 * consulted names its deciding rule with file:line.
 *
 * Packet questions (`isolated`, `reaches`, `onlyReachesVia`) are asked of the plain network, without the
 * scenario's exceptions; `satisfies` runs an invariant of the model's pack as `segproof verify` does, with
 * them. Bad arguments throw SegproofTestError (never a failed or passed assertion).
 */
import type { ServiceMatch } from '../net/ports.js';
import { formatService } from '../net/ports.js';
import type { Topology } from '../topology/model.js';
import { ZONE_CLASSES } from '../topology/format.js';
import { didYouMean } from '../diagnostics/diagnostic.js';
import { ReachCache } from '../diff/cache.js';
import { diffTopologies } from '../diff/diff.js';
import { evaluateGates, parseGates, describeMatch } from '../diff/gates.js';
import { ALL_INVARIANTS, PACKS } from '../verify/packs/index.js';
import { checkOnlyVia } from '../verify/properties/only-via.js';
import { isolatedPacket } from '../verify/properties/isolated.js';
import { resultLines } from '../verify/report/text.js';
import { partialReasons } from '../verify/partial-model.js';
import type { CheckResult, Violation } from '../verify/result.js';
import { runInvariant } from '../verify/verify.js';
import { endpointArgument, nodesArgument, serviceArgument, zoneClassArgument, type EndpointRef, type ServiceRef } from './arguments.js';
import { failArgument } from './errors.js';
import { networkOf, type Network } from './network.js';
import { checkEveryHeaderReaches } from './reach-every-header.js';

/** A network the matchers accept: one from loadNetwork, or a topology already loaded. */
export type NetworkSubject = Network | Topology;

export interface CheckOutcome {
  readonly pass: boolean;
  /** What went against the assertion: the violations when `pass` is false, what holds when it is true. */
  readonly message: string;
}

const NO_EXCEPTIONS = () => false;

/** A network made from a partial import proves nothing about the devices: no matcher answers on it. */
function complete(subject: NetworkSubject): Network {
  const net = networkOf(subject);
  const partial = partialReasons(net.topology);
  if (partial.length > 0) {
    failArgument('TEST003', `network ${net.name} is a partial model: ${partial.join('; ')}`, 'a topology whose imports understood every verdict-changing line', 'complete the import (see `segproof import`) before testing against it');
  }
  return net;
}

function timed<T>(fn: () => T): [T, number] {
  const t0 = performance.now();
  return [fn(), performance.now() - t0];
}

function checkText(id: string, title: string, violations: readonly Violation[], notes: readonly string[], durationMs: number): string {
  const result: CheckResult = {
    id, kind: 'property', title, status: violations.length > 0 ? 'fail' : 'pass', notes, violations, exceptionsUsed: [], durationMs,
  };
  return resultLines(result, true).join('\n');
}

const servicesText = (services: readonly ServiceMatch[] | undefined) => (services ? ` on ${services.map(formatService).join(', ')}` : '');

/** No header (of `service`, when given) sent by a member of `from` arrives at a member of `to`, under the attacker. */
export function checkIsolated(subject: NetworkSubject, from: EndpointRef, to: EndpointRef, service?: ServiceRef): CheckOutcome {
  const net = complete(subject);
  const f = endpointArgument(net.topology, from, 'from');
  const t = endpointArgument(net.topology, to, 'to');
  const services = service === undefined ? undefined : serviceArgument(net.topology, service, 'service');
  const [outcome, ms] = timed(() => isolatedPacket(net.plain, { from: f, to: t, services }, NO_EXCEPTIONS));
  const title = `isolated: ${f.text} ↛ ${t.text}${servicesText(services)} in ${net.name} (packet layer, exhaustive: forged sources, any next hop)`;
  const text = checkText('toBeIsolated', title, outcome.violations, outcome.notes, ms);
  return outcome.violations.length > 0
    ? { pass: false, message: `expected ${f.text} to be isolated from ${t.text}${servicesText(services)}, but packets arrive:\n${text}` }
    : { pass: true, message: `expected packets from ${f.text} to arrive at ${t.text}${servicesText(services)}, but none can (checked exhaustively):\n${text}` };
}

/** Every header of `service` sent by each member of `from`, from its own addresses, arrives at each member of `to`. */
export function checkReaches(subject: NetworkSubject, from: EndpointRef, to: EndpointRef, service: ServiceRef): CheckOutcome {
  const net = complete(subject);
  const f = endpointArgument(net.topology, from, 'from');
  const t = endpointArgument(net.topology, to, 'to');
  const services = serviceArgument(net.topology, service, 'service');
  const [outcome, ms] = timed(() => checkEveryHeaderReaches(net.plain, f, t, services, net.plain.maxViolations));
  if (outcome.pairs === 0) {
    failArgument('TEST003', `toReach(${f.text}, ${t.text}) has nothing to check: ${f.members.length === 0 ? 'from has no members' : 'no host or external network of `from` sends to a member of `to` other than itself'}`, 'from naming hosts or external networks, to naming other nodes', 'check the references: a gateway or router does not originate business traffic');
  }
  const text = checkText('toReach', `reaches: ${f.text} → ${t.text}${servicesText(services)} in ${net.name} (every header)`, outcome.violations, outcome.notes, ms);
  return outcome.violations.length > 0
    ? { pass: false, message: `expected every ${services.map(formatService).join(', ')} header from ${f.text} to reach ${t.text}, but some do not:\n${text}` }
    : { pass: true, message: `expected some ${services.map(formatService).join(', ')} header from ${f.text} not to reach ${t.text}, but every one does:\n${text}` };
}

/** Whatever of `from` arrives at `to` passes a node of `through`: on the packet layer and, where `through` are gateways, the information-flow layer. */
export function checkOnlyReachesVia(subject: NetworkSubject, from: EndpointRef, to: EndpointRef, through: EndpointRef): CheckOutcome {
  const net = complete(subject);
  const f = endpointArgument(net.topology, from, 'from');
  const t = endpointArgument(net.topology, to, 'to');
  const nodes = nodesArgument(net.topology, through, 'through');
  const [outcome, ms] = timed(() => checkOnlyVia(net.plain, { from: f, to: t, through: nodes, services: undefined }, NO_EXCEPTIONS));
  const text = checkText('toOnlyReachVia', `only-via: ${f.text} → ${t.text} through ${nodes.join(', ')} in ${net.name}`, outcome.violations, outcome.notes, ms);
  return outcome.violations.length > 0
    ? { pass: false, message: `expected everything from ${f.text} to reach ${t.text} only through ${nodes.join(', ')}, but a path avoids it:\n${text}` }
    : { pass: true, message: `expected a path from ${f.text} to ${t.text} that avoids ${nodes.join(', ')}, but every path passes it:\n${text}` };
}

/** An invariant of the model's pack (R1, F3, P1 …) holds, with the scenario's exceptions, as `segproof verify` checks it. */
export function checkSatisfies(subject: NetworkSubject, invariantId: string): CheckOutcome {
  const net = complete(subject);
  const model = net.topology.model;
  if (model === undefined) failArgument('TEST003', `network ${net.name} declares no model, so it has no invariant pack to take ${invariantId} from`, 'a topology with `model:` (alpha, alpha-prime, beta, beta-prime, zero-trust-2030)', 'add `model:` to the topology, or test its properties with toBeIsolated / toReach / toOnlyReachVia');
  const invariant = PACKS[model].invariants.find((i) => i.id === invariantId);
  if (!invariant) {
    const known = PACKS[model].invariants.map((i) => i.id);
    const elsewhere = ALL_INVARIANTS.some((i) => i.id === invariantId);
    const guess = didYouMean(String(invariantId), known);
    failArgument('TEST003', elsewhere ? `invariant ${invariantId} is not in the ${model} pack` : `"${String(invariantId)}" is not an invariant ID`, `one of ${known.join(', ')}`, guess ? `did you mean "${guess}"?` : '`segproof explain <model>` lists the matrix views; the P invariants check the inventory');
  }
  const result = runInvariant(net.withExceptions, invariant, model);
  const text = resultLines(result, true).join('\n');
  if (result.status === 'not-applicable' || result.status === 'not-checkable') {
    failArgument('TEST003', `${invariantId} is ${result.status} on ${net.name}: ${result.notes.join('; ')}`, 'an invariant that applies to the network and can be checked from its model', 'assert only what the network can answer; a check that did not run neither holds nor fails');
  }
  const scenario = net.scenario ? ` (exceptions of ${net.scenario.file})` : '';
  return result.status === 'fail'
    ? { pass: false, message: `expected ${net.name} to satisfy ${invariantId}${scenario}, but it is violated:\n${text}` }
    : { pass: true, message: `expected ${net.name} to violate ${invariantId}${scenario}, but it holds:\n${text}` };
}

/** One cache of symbolic runs for every diff a test run makes: baselines compared repeatedly are computed once. */
const diffCache = new ReachCache();

/** No source reaches a destination of zone class `toClass` that it did not reach in `baseline` (`segproof diff --fail-on new-permit:to=CLASS`). */
export function checkNoNewPermits(subject: NetworkSubject, baseline: NetworkSubject, toClass: string): CheckOutcome {
  const net = complete(subject);
  const base = complete(baseline);
  const zoneClass = zoneClassArgument(toClass, 'toClass');
  if (![net.topology, base.topology].some((t) => [...t.zones.values()].some((z) => z.class === zoneClass))) {
    failArgument('TEST002', `neither ${base.name} nor ${net.name} has a zone of class ${zoneClass}`, `a class of one of their zones (${ZONE_CLASSES.filter((c) => [...net.topology.zones.values()].some((z) => z.class === c)).join(', ')})`, 'check the class name');
  }
  const report = diffTopologies({ topology: base.topology, file: base.file }, { topology: net.topology, file: net.file }, { cache: diffCache, statuses: false, flow: false });
  const gates = parseGates([`new-permit:to=${zoneClass}`]);
  if (!gates.ok) throw new Error(`internal: the gate for ${zoneClass} does not parse`);
  const verdict = evaluateGates(gates.gates, report);
  const matches = verdict.results.flatMap((r) => r.matches);
  if (matches.length === 0) {
    return { pass: true, message: `expected ${net.name} to newly reach class ${zoneClass} compared with ${base.name}, but nothing new arrives there (exact symbolic diff, ${report.changes.length} reach change(s) elsewhere)` };
  }
  const lines = matches.slice(0, 10).flatMap((m) => {
    const out = [`  ${describeMatch(m)}`];
    if (m.kind === 'reach' && m.change.witness) {
      const w = m.change.witness;
      out.push(`      before: ${w.before.sent ? `${w.before.disposition ?? 'not reached'} at ${w.before.at ?? '?'}${w.before.decidingRule ? ` by ${w.before.decidingRule.description}${w.before.decidingRule.location ? ` (${w.before.decidingRule.location})` : ''}` : ''}` : 'not sent (the start does not exist)'}`);
      out.push(`      after:  ${w.after.disposition ?? 'not reached'} at ${w.after.at ?? '?'} via ${w.after.path.join(' → ')}${w.after.decidingRule ? ` — ${w.after.decidingRule.description}${w.after.decidingRule.location ? ` (${w.after.decidingRule.location})` : ''}` : ''}`);
      out.push(`      headers: ${m.change.headers.split('\n').slice(0, 3).join('; ')}`);
    }
    return out;
  });
  if (matches.length > 10) lines.push(`  … ${matches.length - 10} more new permits into ${zoneClass}`);
  return { pass: false, message: `expected no new permits into class ${zoneClass} compared with ${base.name} (${base.file}), but ${matches.length} appear:\n${lines.join('\n')}` };
}
