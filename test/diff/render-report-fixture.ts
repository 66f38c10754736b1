/**
 * A hand-made DiffReport for the gate and renderer tests: one new INET → MN reach opened by rule
 * temporary-vendor-access (line 120), one removed LG → LGWAN reach, a regression and a fix, a new
 * information-flow chain, a rule change and an endpoint that exists after only.
 */
import { DIFF_REPORT_VERSION, type ChangeWitness, type DiffReport, type ReachChange } from '../../src/diff/report.js';
import { parseIpv4 } from '../../src/net/ipv4.js';

const ip = (s: string): number => parseIpv4(s)!;

export const AFTER_FILE = 'topologies/broken/acl-opens-mn-to-inet.yaml';
export const BEFORE_FILE = 'topologies/beta-prime-city.yaml';

function witness(over: Partial<ChangeWitness> = {}): ChangeWitness {
  return {
    start: 'vendor_pc',
    startKind: 'node',
    header: { src: ip('10.30.0.10'), dst: ip('10.10.10.14'), protocol: 6, srcPort: 49152, dstPort: 445, icmpType: 0, icmpCode: 0 },
    text: 'tcp 10.30.0.10:49152 → 10.10.10.14:445',
    before: {
      sent: true,
      disposition: 'denied-in',
      at: 'mn-fw',
      reaches: false,
      decidingRule: { node: 'mn-fw', policy: 'INET_TO_MN', rule: 'deny-all', description: 'rule deny-all of ACL INET_TO_MN', location: `${BEFORE_FILE}:118`, file: BEFORE_FILE, line: 118 },
      path: ['vendor_pc', 'inet-core', 'mn-fw'],
    },
    after: {
      sent: true,
      disposition: 'delivered',
      at: 'mn_db',
      reaches: true,
      decidingRule: { node: 'mn-fw', policy: 'INET_TO_MN', rule: 'temporary-vendor-access', description: 'rule temporary-vendor-access of ACL INET_TO_MN', location: `${AFTER_FILE}:120`, file: AFTER_FILE, line: 120 },
      path: ['vendor_pc', 'inet-core', 'mn-fw', 'mn_db'],
    },
    confirmed: true,
    ...over,
  };
}

export const NEW_INET_TO_MN: ReachChange = {
  direction: 'new',
  source: 'vendor_pc',
  sourceKind: 'host',
  sourceClass: ['INET'],
  destination: 'mn_db',
  destinationKind: 'host',
  destinationClass: ['MN'],
  reach: ['delivered'],
  critical: true,
  classPair: 'INET>MN',
  headers: 'dst 10.10.10.14, proto tcp, dport 445',
  boxes: [{ dst: [[ip('10.10.10.14'), ip('10.10.10.14')]], protocol: [[6, 6]], dstPort: [[445, 445]] }],
  truncated: false,
  size: 65536,
  endpointOnlyInOneVersion: false,
  witness: witness(),
};

export const REMOVED_LG_TO_LGWAN: ReachChange = {
  direction: 'removed',
  source: 'lg_pc',
  sourceKind: 'pool',
  sourceClass: ['LG'],
  destination: 'lgwan',
  destinationKind: 'external',
  destinationClass: ['LGWAN'],
  reach: ['exits-network'],
  critical: true,
  classPair: 'LG>LGWAN',
  headers: 'dst 172.16.0.0-172.31.255.255, proto tcp, dport 25',
  boxes: [],
  truncated: false,
  size: 1048576,
  endpointOnlyInOneVersion: false,
  witness: {
    start: 'lg_pc',
    startKind: 'node',
    header: { src: ip('10.20.0.10'), dst: ip('172.16.0.1'), protocol: 6, srcPort: 49152, dstPort: 25, icmpType: 0, icmpCode: 0 },
    text: 'tcp 10.20.0.10:49152 → 172.16.0.1:25',
    before: { sent: true, disposition: 'exits-network', at: 'lgwan', reaches: true, path: ['lg_pc', 'lg-fw', 'lgwan'] },
    after: {
      sent: true,
      disposition: 'denied-out',
      at: 'lg-fw',
      reaches: false,
      decidingRule: { node: 'lg-fw', policy: 'LG_OUT', description: 'default of ACL LG_OUT', location: `${AFTER_FILE}:300`, file: AFTER_FILE, line: 300 },
      path: ['lg_pc', 'lg-fw'],
    },
    confirmed: true,
  },
};

export function sampleReport(over: Partial<DiffReport> = {}): DiffReport {
  return {
    version: DIFF_REPORT_VERSION,
    before: { file: BEFORE_FILE, name: 'beta_prime_city', model: 'beta-prime' },
    after: { file: AFTER_FILE, name: 'beta_prime_city', model: 'beta-prime' },
    changes: [NEW_INET_TO_MN, REMOVED_LG_TO_LGWAN],
    flowDelta: {
      appeared: [
        {
          key: 'vendor_pc -packet-> mn_db',
          source: 'vendor_pc',
          target: 'mn_db',
          sourceClass: ['INET'],
          targetClass: ['MN'],
          channel: 'packet',
          gateways: [],
          links: [{ from: 'vendor_pc', to: 'mn_db', channel: 'packet', reply: false, because: 'INET_TO_MN permits' }],
          critical: true,
        },
      ],
      disappeared: [],
    },
    statusChanges: [
      { id: 'R1', kind: 'invariant', title: 'No packet from INET reaches MN', before: 'pass', after: 'fail', violationsBefore: 0, violationsAfter: 1, regression: true, fixed: false, summaries: ['vendor_pc reaches mn_db tcp/445'] },
      { id: 'P3', kind: 'property', title: 'LG mail leaves through the relay', before: 'fail', after: 'pass', violationsBefore: 1, violationsAfter: 0, regression: false, fixed: true, summaries: ['lg_pc reaches lgwan directly'] },
    ],
    ruleChanges: [{ node: 'mn-fw', acl: 'INET_TO_MN', rule: 'temporary-vendor-access', kind: 'added', after: `${AFTER_FILE}:120`, detail: 'permits tcp/445 to mn_db' }],
    endpoints: { onlyBefore: [], onlyAfter: ['vendor_pc'] },
    ...over,
  };
}

export function emptyReport(): DiffReport {
  return sampleReport({ changes: [], flowDelta: { appeared: [], disappeared: [] }, statusChanges: [], ruleChanges: [], endpoints: { onlyBefore: [], onlyAfter: [] } });
}
