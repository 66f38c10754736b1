/**
 * The vitest matchers of segproof/testing on the reference networks: each passes where the network keeps
 * the property and fails where a broken variant breaks it, and the failure text carries the witness packet,
 * its trace and the deciding rule's file:line.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import '../../src/testing/vitest.js';
import { loadNetwork, SegproofTestError, type Network } from '../../src/testing/index.js';

let city: Network;
let opensMn: Network;
let relayIntoMn: Network;
let alphaTown: Network;

beforeAll(async () => {
  city = await loadNetwork('topologies/beta-prime-city.yaml');
  opensMn = await loadNetwork('topologies/broken/acl-opens-mn-to-inet.yaml');
  relayIntoMn = await loadNetwork('topologies/broken/relay-forwards-into-mn.yaml');
  alphaTown = await loadNetwork('topologies/alpha-town.yaml');
});

/** The message of the assertion error `assertion` throws. */
function failure(assertion: () => void): string {
  try {
    assertion();
  } catch (error) {
    if (error instanceof SegproofTestError) throw new Error(`expected a failed assertion, got bad input: ${error.message}`);
    return (error as Error).message;
  }
  throw new Error('expected the assertion to fail, and it passed');
}

/** The diagnostics text of the bad-input error `call` throws. */
function badInput(call: () => void): string {
  try {
    call();
  } catch (error) {
    if (error instanceof SegproofTestError) return error.message;
    throw error;
  }
  throw new Error('expected a SegproofTestError, and the call returned');
}

describe('toBeIsolated', () => {
  it('holds where the reference city keeps INET and the Internet away from MN', () => {
    expect(city).toBeIsolated('class:INET', 'class:MN');
    expect(city).toBeIsolated('class:INTERNET', ['class:MN', 'class:MN_GC']);
    expect(city).toBeIsolated('INET', 'lg-file', 'SMB');
  });

  it('fails on the rule that opens MN, with the witness, its trace and the rule file:line', () => {
    const message = failure(() => expect(opensMn).toBeIsolated('class:INET', 'class:MN'));
    expect(message).toContain('expected class:INET to be isolated from class:MN, but packets arrive');
    expect(message).toContain('reach atena');
    expect(message).toMatch(/witness: tcp 10\.30\.0\.10:\d+ -> 10\.10\.10\.11:443 from inet-terminals — simulator confirms it reaches atena/);
    expect(message).toContain('permit by rule temporary-vendor-access (topologies/broken/acl-opens-mn-to-inet.yaml:285)');
  });

  it('restricted to a service: the opened rule lets tcp/443 in', () => {
    const message = failure(() => expect(opensMn).toBeIsolated('inet-terminals', 'atena', 'tcp/443'));
    expect(message).toContain('on tcp/443');
    expect(message).toContain('temporary-vendor-access');
  });

  it('.not fails where the network is isolated, and says so', () => {
    expect(opensMn).not.toBeIsolated('class:INET', 'class:MN');
    const message = failure(() => expect(city).not.toBeIsolated('class:INET', 'class:MN'));
    expect(message).toContain('but none can (checked exhaustively)');
  });
});

describe('toReach', () => {
  it('holds for a business flow every header of which gets through', () => {
    expect(city).toReach('inet-terminals', 'groupware', 'HTTPS');
    expect(city).toReach('mn-terminals', 'gc-juminkiroku', 'HTTPS');
  });

  it('fails where nothing of the service arrives, naming the dropping rule', () => {
    const message = failure(() => expect(city).toReach('inet-terminals', 'atena', 'tcp/443'));
    expect(message).toContain('No tcp/443 traffic from inet-terminals arrives at atena');
    expect(message).toContain('deny by rule deny-and-log (logged) (topologies/beta-prime-city.yaml:300)');
  });

  it('fails where part of the service is dropped, and shows which part', () => {
    const message = failure(() => expect(city).toReach('inet-terminals', 'groupware', 'tcp/443-444'));
    expect(message).toContain('Part of the tcp/443-444 traffic from inet-terminals arrives at groupware: these headers do not');
    expect(message).toContain('dst 10.30.10.11/32 proto tcp dport 444');
    expect(message).toMatch(/witness: tcp 10\.30\.0\.10:\d+ -> 10\.30\.10\.11:444/);
  });
});

describe('toOnlyReachVia', () => {
  it('holds: INET reaches the Internet only through the security cloud', () => {
    expect(city).toOnlyReachVia('INET', 'internet', 'seccloud-fw');
  });

  it('fails with a witness path that avoids the node', () => {
    const message = failure(() => expect(city).toOnlyReachVia('inet-terminals', 'groupware', 'seccloud-fw'));
    expect(message).toContain('reach groupware without passing seccloud-fw');
    expect(message).toContain('simulator confirms it reaches groupware');
    expect(message).toContain('core-fw (firewall)');
  });
});

describe('toSatisfy', () => {
  it('holds for the pack invariants the reference networks keep (with their scenarios\' exceptions)', () => {
    for (const id of ['R1', 'R2', 'F3', 'P1']) expect(city).toSatisfy(id);
    expect(alphaTown).toSatisfy('R4');
  });

  it('fails on a broken network, listing violations with witnesses and chains', () => {
    const r1 = failure(() => expect(opensMn).toSatisfy('R1'));
    expect(r1).toContain('to satisfy R1');
    expect(r1).toContain('cell INET>MN');
    expect(r1).toContain('temporary-vendor-access (topologies/broken/acl-opens-mn-to-inet.yaml:285)');
    const f3 = failure(() => expect(relayIntoMn).toSatisfy('F3'));
    expect(f3).toMatch(/reaches mn-file \(MN\) in \d steps: internet → .* → application-bridge → mn-file/);
    expect(f3).toMatch(/step 1: internet —/);
  });

  it('keeps vitest\'s own toSatisfy for predicates', () => {
    expect(3).toSatisfy((n: number) => n > 2);
    expect(failure(() => expect(1).toSatisfy((n: number) => n > 2, 'more than two'))).toContain('to satisfy more than two');
  });

  it('refuses an invariant the model has not, or one that does not apply, instead of passing or failing', () => {
    expect(badInput(() => expect(city).toSatisfy('Z1'))).toContain('TEST003: invariant Z1 is not in the beta-prime pack');
    expect(badInput(() => expect(city).toSatisfy('R99'))).toContain('hint: did you mean "R9"?');
    expect(badInput(() => expect(alphaTown).not.toSatisfy('P1'))).toContain('TEST003: P1 is not-applicable on alpha-town');
  });
});

describe('toHaveNoNewPermits', () => {
  it('holds against itself and for a class the change does not touch', () => {
    expect(city).toHaveNoNewPermits(city, 'MN');
    expect(opensMn).toHaveNoNewPermits(city, 'LGWAN');
  });

  it('fails on the change that opens MN, with witnesses in both versions and the rule file:line', () => {
    const message = failure(() => expect(opensMn).toHaveNoNewPermits(city, 'MN'));
    expect(message).toMatch(/expected no new permits into class MN compared with beta-prime-city \(topologies\/beta-prime-city\.yaml\), but \d+ appear/);
    expect(message).toContain('INET>MN: asset-mgmt now reaches atena');
    expect(message).toContain('before: denied-in at core-fw by rule deny-and-log of ACL INET_TO_MN (zone-pair INET -> MN) (topologies/beta-prime-city.yaml:300)');
    expect(message).toContain('after:  delivered at atena via asset-mgmt → core-fw → mn-core → atena');
    expect(message).toContain('(topologies/broken/acl-opens-mn-to-inet.yaml:285)');
  });
});

describe('bad matcher arguments are errors, never verdicts', () => {
  it('an unknown endpoint, with a suggestion, also under .not', () => {
    const text = badInput(() => expect(city).not.toBeIsolated('inet-terminal', 'class:MN'));
    expect(text).toContain('TEST002: from "inet-terminal"');
    expect(text).toContain('did you mean "inet-terminals"?');
  });

  it('an unknown service, node or zone class', () => {
    expect(badInput(() => expect(city).toReach('inet-terminals', 'groupware', 'HTTSP'))).toContain('did you mean "HTTPS"?');
    expect(badInput(() => expect(city).toOnlyReachVia('INET', 'internet', 'seccloud'))).toContain('"seccloud" is not a node');
    expect(badInput(() => expect(city).toHaveNoNewPermits(city, 'MNN'))).toContain('TEST002: toClass "MNN" is not a zone class');
  });

  it('something that is not a network', () => {
    expect(badInput(() => expect('topologies/beta-prime-city.yaml').toBeIsolated('INET', 'MN'))).toContain('expect() was given string, not a network');
  });

  it('a reach question with no sender', () => {
    expect(badInput(() => expect(city).toReach('core-fw', 'groupware', 'tcp/443'))).toContain('TEST003: toReach(core-fw, groupware) has nothing to check');
  });
});
