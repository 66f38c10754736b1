/**
 * Golden traces on the reference networks. Each case is a story: a chain of flows (a gateway's
 * next session follows the flow it terminated) and the direct attempts that must fail. The test
 * checks each step's disposition and deciding rule here, and the full text against the golden file.
 */
import type { Disposition } from '../../src/engine/disposition.js';

export interface GoldenStep {
  readonly title: string;
  readonly from: string;
  readonly to: string;
  readonly proto?: 'tcp' | 'udp' | 'icmp';
  readonly dport?: number;
  /** Overrides of the source host's zero-trust identity. */
  readonly identity?: { readonly userRole?: string; readonly devicePosture?: string };
  readonly expect: Disposition;
  /** Where the trace must end. */
  readonly at: string;
  /** The deciding rule (or ACL default: `ACL_NAME default`) a denial must name. */
  readonly deciding?: string;
  /** How the reply ends, when not back at the sender (delivered / exits-network). */
  readonly replyExpect?: Disposition;
  /** This flow is a session the previous step's gateway may originate: check it is listed. */
  readonly continuesPrevious?: boolean;
}

export interface GoldenCase {
  readonly name: string;
  readonly topology: string;
  readonly story: string;
  readonly steps: readonly GoldenStep[];
}

const CITY = 'topologies/beta-prime-city.yaml';

const MN_TARGETS = ['atena', 'chukan-connector', 'shinsei-kanri', 'mn-file', 'mn-ad', 'mn-terminals', 'juki-cs', 'juki-terminals'];
const PROBES: readonly { proto: 'tcp' | 'udp' | 'icmp'; dport?: number }[] = [
  { proto: 'tcp', dport: 443 },
  { proto: 'tcp', dport: 445 },
  { proto: 'udp', dport: 53 },
  { proto: 'icmp' },
];

export const GOLDEN_CASES: readonly GoldenCase[] = [
  {
    name: 'beta-prime-city--inet-terminal-to-internet',
    topology: CITY,
    story: 'An INET terminal reaches a web site through the city proxy and the security-cloud proxy; it has no direct route out.',
    steps: [
      { title: 'terminal to the city proxy', from: 'inet-terminals', to: 'inet-proxy', dport: 8080, expect: 'terminated-at-gateway', at: 'inet-proxy' },
      { title: 'city proxy to the security-cloud proxy', from: 'inet-proxy', to: 'seccloud-proxy', dport: 8080, expect: 'terminated-at-gateway', at: 'seccloud-proxy', continuesPrevious: true },
      { title: 'security-cloud proxy to the web site', from: 'seccloud-proxy', to: '93.184.216.34', dport: 443, expect: 'exits-network', at: 'internet', continuesPrevious: true },
      { title: 'direct attempt: terminal straight to the web site', from: 'inet-terminals', to: '93.184.216.34', dport: 443, expect: 'no-route', at: 'core-fw' },
      { title: 'direct attempt: terminal to the security-cloud proxy, bypassing the city proxy', from: 'inet-terminals', to: 'seccloud-proxy', dport: 8080, expect: 'denied-in', at: 'core-fw', deciding: 'INET_TO_SECCLOUD default' },
    ],
  },
  {
    name: 'beta-prime-city--inet-terminal-uses-lg-by-screen-transfer',
    topology: CITY,
    story: 'An INET terminal works on an LGWAN VDI desktop through the screen-transfer gateway; reaching the LG systems directly is denied.',
    steps: [
      { title: 'terminal opens a display session at the gateway', from: 'inet-terminals', to: 'st-gateway', dport: 443, expect: 'terminated-at-gateway', at: 'st-gateway' },
      { title: 'gateway opens the display session to a VDI desktop', from: 'st-gateway', to: 'lg-vdi-desktops', dport: 22443, expect: 'delivered', at: 'lg-vdi-desktops', continuesPrevious: true },
      { title: 'the VDI desktop uses payroll inside LG', from: 'lg-vdi-desktops', to: 'payroll', dport: 443, expect: 'delivered', at: 'payroll' },
      { title: 'direct attempt: terminal to payroll', from: 'inet-terminals', to: 'payroll', dport: 443, expect: 'denied-in', at: 'core-fw', deciding: 'deny-and-log' },
      { title: 'direct attempt: terminal to a VDI desktop on the display port', from: 'inet-terminals', to: 'lg-vdi-desktops', dport: 22443, expect: 'denied-in', at: 'core-fw', deciding: 'deny-and-log' },
      { title: 'direct attempt: terminal to the gateway on RDP, a port it does not serve', from: 'inet-terminals', to: 'st-gateway', dport: 3389, expect: 'denied-in', at: 'core-fw', deciding: 'INET_INTERNAL default' },
    ],
  },
  {
    name: 'beta-prime-city--file-enters-lg-through-sanitiser',
    topology: CITY,
    story: 'A file from INET reaches the LG file server only as a sanitised object from the sanitiser.',
    steps: [
      { title: 'terminal uploads the file to the sanitiser', from: 'inet-terminals', to: 'file-sanitiser', dport: 443, expect: 'terminated-at-gateway', at: 'file-sanitiser' },
      { title: 'sanitiser delivers the rebuilt file to the LG file server', from: 'file-sanitiser', to: 'lg-file', dport: 445, expect: 'delivered', at: 'lg-file', continuesPrevious: true },
      { title: 'direct attempt: terminal to the LG file server', from: 'inet-terminals', to: 'lg-file', dport: 445, expect: 'denied-in', at: 'core-fw', deciding: 'deny-and-log' },
      { title: 'direct attempt: INET file server to the LG file server', from: 'inet-file', to: 'lg-file', dport: 445, expect: 'denied-in', at: 'core-fw', deciding: 'deny-and-log' },
      { title: 'attempt: from the LG side into the sanitiser', from: 'lg-vdi-desktops', to: 'file-sanitiser.lg', dport: 443, expect: 'denied-in', at: 'core-fw', deciding: 'LG_INTERNAL default' },
    ],
  },
  {
    name: 'beta-prime-city--internet-into-mn-denied',
    topology: CITY,
    story: 'Every attempt from the Internet (and from INET) to every MN host is denied, each by a named rule or ACL default.',
    steps: [
      ...MN_TARGETS.flatMap((target) =>
        PROBES.map((p): GoldenStep => ({ title: `internet to ${target} ${p.proto}${p.dport ? `/${p.dport}` : ''}`, from: 'internet', to: target, ...p, expect: 'denied-in', at: 'seccloud-fw', deciding: 'FROM_INTERNET default' })),
      ),
      { title: 'the published mail address ends at the security-cloud MX, not in the city', from: 'internet', to: '203.0.113.1', dport: 25, expect: 'terminated-at-gateway', at: 'seccloud-mx' },
      ...MN_TARGETS.map((target): GoldenStep => ({ title: `INET terminal to ${target} tcp/443`, from: 'inet-terminals', to: target, dport: 443, expect: 'denied-in', at: 'core-fw', deciding: 'deny-and-log' })),
    ],
  },
  {
    name: 'broken-acl-opens-mn-to-inet--leak',
    topology: 'topologies/broken/acl-opens-mn-to-inet.yaml',
    story: 'The leftover rule temporary-vendor-access lets INET terminals reach MN servers.',
    steps: [
      // One-way: mn-core has no route back to INET, so the reply is lost — the packet still got in.
      { title: 'INET terminal reaches the MN file server', from: 'inet-terminals', to: 'mn-file', dport: 445, expect: 'delivered', at: 'mn-file', replyExpect: 'no-route' },
      { title: 'a one-way UDP datagram needs no reply', from: 'inet-terminals', to: 'atena', proto: 'udp', dport: 514, expect: 'delivered', at: 'atena', replyExpect: 'no-route' },
    ],
  },
  {
    name: 'broken-relay-forwards-into-mn--leak',
    topology: 'topologies/broken/relay-forwards-into-mn.yaml',
    story: 'A dual-homed relay accepts data from the INET groupware and delivers it to the MN file server.',
    steps: [
      { title: 'groupware hands data to the bridge', from: 'groupware', to: 'application-bridge.inet', dport: 443, expect: 'terminated-at-gateway', at: 'application-bridge' },
      { title: 'the bridge delivers it into MN', from: 'application-bridge', to: 'mn-file', dport: 445, expect: 'delivered', at: 'mn-file', continuesPrevious: true },
      { title: 'no single packet crosses: groupware to the MN file server directly', from: 'groupware', to: 'mn-file', dport: 445, expect: 'denied-in', at: 'core-fw', deciding: 'deny-and-log' },
    ],
  },
  {
    name: 'broken-screen-transfer-clipboard-on--leak',
    topology: 'topologies/broken/screen-transfer-clipboard-on.yaml',
    story: 'The screen-transfer session now carries clipboard and files from LG to INET (listed in the session it opens).',
    steps: [
      { title: 'terminal opens a display session; the session lists host-to-client redirection', from: 'inet-terminals', to: 'st-gateway', dport: 443, expect: 'terminated-at-gateway', at: 'st-gateway' },
      { title: 'gateway opens the display session to a VDI desktop', from: 'st-gateway', to: 'lg-vdi-desktops', dport: 22443, expect: 'delivered', at: 'lg-vdi-desktops', continuesPrevious: true },
    ],
  },
  {
    name: 'broken-tenant-route-leak--leak',
    topology: 'topologies/broken/tenant-route-leak.yaml',
    story: 'A route leak on bb-east makes every address of 乙町 (muni_b) routable from 甲市 (muni_a); one way only.',
    steps: [
      { title: '甲市 staff PC reaches an 乙町 staff PC through the leak', from: 'a-staff-pcs', to: 'b-staff-pcs', dport: 445, expect: 'delivered', at: 'b-staff-pcs', replyExpect: 'no-route' },
      { title: 'the reverse direction has no route', from: 'b-staff-pcs', to: 'a-staff-pcs', dport: 445, expect: 'no-route', at: 'bb-west' },
    ],
  },
  {
    name: 'shared-network-2030--zero-trust-access',
    topology: 'topologies/shared-network-2030.yaml',
    story: 'On the 2030 shared network, resources are reached only through PEPs that admit by role, posture and data class; tenants stay apart.',
    steps: [
      { title: 'an MN clerk of 甲市 asks its GovCloud PEP for the resident registry', from: 'a-mn-clerks', to: 'gc-a-juminkiroku', dport: 443, expect: 'terminated-at-gateway', at: 'pep-gc-a' },
      { title: 'the PEP opens the authorised session to the system', from: 'pep-gc-a', to: 'gc-a-juminkiroku', dport: 443, expect: 'delivered', at: 'gc-a-juminkiroku', continuesPrevious: true },
      { title: 'the same clerk from an unmanaged device is refused', from: 'a-mn-clerks', to: 'gc-a-juminkiroku', dport: 443, identity: { devicePosture: 'unmanaged' }, expect: 'denied-in', at: 'pep-gc-a', deciding: 'pep-gc-a rules default' },
      { title: 'ordinary staff are refused MN data', from: 'a-staff-pcs', to: 'gc-a-juminkiroku', dport: 443, expect: 'denied-in', at: 'pep-gc-a', deciding: 'pep-gc-a rules default' },
      { title: 'ordinary staff reach internal documents through their PEP', from: 'a-staff-pcs', to: 'a-docmgmt', dport: 443, expect: 'terminated-at-gateway', at: 'pep-a' },
      { title: 'but not personnel data', from: 'a-staff-pcs', to: 'a-payroll', dport: 443, expect: 'denied-in', at: 'pep-a', deciding: 'pep-a rules default' },
      { title: 'tenant isolation: 甲市 has no route into 乙町', from: 'a-staff-pcs', to: 'b-staff-pcs', dport: 445, expect: 'no-route', at: 'bb-east' },
    ],
  },
];
