/**
 * An imported Linux device as a loaded standalone topology, and the simulator's verdict for a packet
 * entering it on one interface: forwarded out of an interface, delivered to the device, or dropped.
 * Standalone placement gives each interface's segment an unnumbered external network owning the
 * segment's other addresses, so a forwarded packet ends there (exits-network).
 */
import { addressSetFromRanges, addressSetContains, type AddressSet } from '../../../src/net/address-set.js';
import { prefixContains, type Ipv4 } from '../../../src/net/ipv4.js';
import { buildForwarding, type Forwarding } from '../../../src/engine/routing.js';
import { traceFlow } from '../../../src/engine/simulate.js';
import { broadcastAddresses, type LinuxInterface } from '../../../src/import/formats/linux-ip.js';
import { ledgerDiagnostics, summarise, type ImportSummary } from '../../../src/import/ledger.js';
import { safeName } from '../../../src/import/names.js';
import { placeDevice } from '../../../src/import/placement.js';
import { renderImport } from '../../../src/import/render.js';
import type { DeviceImport, Importer, InputFile } from '../../../src/import/types.js';
import type { TopologyFile } from '../../../src/topology/format.js';
import { loadTopologyText } from '../../../src/topology/load.js';
import type { FilteringNode, Topology } from '../../../src/topology/model.js';
import type { KernelOutcome, KernelProbe } from './linux-kernel.js';

export interface ImportedDevice {
  readonly imported: DeviceImport;
  readonly summary: ImportSummary;
  readonly yaml: string;
  readonly topology: Topology;
  readonly device: string;
}

/** Imports, places standalone, renders and loads (as `segproof import` would write it). */
export async function importAndLoad(importer: Importer, files: readonly InputFile[], extra?: (file: TopologyFile, imported: DeviceImport) => void): Promise<ImportedDevice> {
  const imported = importer.importDevice(files, {});
  const summary = summarise(imported.ledgers);
  const placed = placeDevice(imported, {});
  if (!placed.ok) throw new Error(`placement failed: ${placed.diagnostics.map((d) => d.message).join('; ')}`);
  const file = structuredClone(placed.file) as TopologyFile;
  extra?.(file, imported);
  const yaml = renderImport(file, importer.format, summary);
  const loaded = await loadTopologyText(yaml, `${imported.device}.yaml`);
  if (!loaded.ok) throw new Error(`imported topology does not load: ${loaded.diagnostics.slice(0, 5).map((d) => `${d.code} ${d.message}`).join('; ')}`);
  return { imported, summary, yaml, topology: loaded.topology, device: imported.device };
}

/** The reason linux-ip.ts gives an `inet6` line when two or more interfaces have IPv6 addresses (IPv6 may be forwarded). */
export const IPV6_FORWARDING_REASON = /^IPv6 addresses on .*net\.ipv6\.conf\.all\.forwarding=1/;

/**
 * The import's errors. `besideIpv6`: leaves out the `inet6` lines flagged because the device may forward
 * IPv6 (the kernel oracle's namespaces compare IPv4 only, so those lines are beside its point).
 */
export function errorsOf(imported: DeviceImport, besideIpv6 = false): string[] {
  return ledgerDiagnostics(imported.ledgers, false)
    .filter((d) => d.severity === 'error' && !(besideIpv6 && IPV6_FORWARDING_REASON.test(d.expected ?? '')))
    .map((d) => `${d.location?.file}:${d.location?.line}: ${d.message}`);
}

export interface Simulator {
  outcome(p: KernelProbe): { outcome: KernelOutcome; summary: string };
  /** Destinations the device takes as its own (its addresses, subnet broadcasts): compared as delivered. */
  readonly own: AddressSet;
  /** Whether the destination lies on the ingress interface's own subnet (a host there would not send it via the device). */
  onIngressSubnet(p: KernelProbe): boolean;
}

export function simulator(loaded: ImportedDevice, interfaces: readonly LinuxInterface[]): Simulator {
  const topology = loaded.topology;
  const forwarding: Forwarding = buildForwarding(topology);
  const node = topology.nodes.get(loaded.device) as FilteringNode;
  const kernelName = new Map(interfaces.map((i) => [safeName(i.name), i.name]));
  const own = addressSetFromRanges([
    ...interfaces.flatMap((i) => i.addresses.map((a) => [a.address, a.address] as const)),
    ...broadcastAddresses(interfaces).map((b) => [b, b] as const),
  ]);
  return {
    own,
    onIngressSubnet: (p) => interfaces.some((i) => i.name === p.ingress && i.addresses.some((a) => prefixContains(a.prefix, p.dst))),
    outcome(p) {
      const segment = node.interfaces.get(safeName(p.ingress))?.segment;
      if (!segment) throw new Error(`no segment for ${p.ingress}`);
      const header = { src: p.src, dst: p.dst, protocol: p.protocol, srcPort: p.srcPort, dstPort: p.dstPort, icmpType: p.icmpType, icmpCode: p.icmpCode };
      const [trace] = traceFlow(topology, { header, start: { type: 'segment', segment } }, { forwarding });
      if (!trace) throw new Error('no trace');
      const hop = trace.hops.find((h) => h.node === loaded.device);
      const deciding = trace.deciding ? `${trace.deciding.policy}/${trace.deciding.rule ?? 'default'}` : '';
      const checks = hop ? hop.acls.map((a) => `${a.acl}:${a.rule ?? 'default'}=${a.action}`).join(' ') : '';
      const summary = `${trace.disposition} at ${trace.at} ${deciding} ${checks}`.trim();
      if (!hop) return { outcome: { kind: 'dropped' }, summary: `${summary} (never reached the device)` };
      if (trace.at === loaded.device) return { outcome: trace.disposition === 'delivered' ? { kind: 'local' } : { kind: 'dropped' }, summary };
      // A secondary or broadcast address of the device: its in ACL decided (INPUT); segproof routes it on.
      if (addressSetContains(own, hop.headerOut?.dst ?? p.dst) && hop.nat.every((n) => n.type !== 'destination')) return { outcome: { kind: 'local' }, summary };
      return { outcome: { kind: 'forward', egress: kernelName.get(hop.egress ?? '') ?? hop.egress ?? '?' }, summary };
    },
  };
}

export function sameOutcome(a: KernelOutcome, b: KernelOutcome): boolean {
  return a.kind === b.kind && (a.kind !== 'forward' || (b.kind === 'forward' && a.egress === b.egress));
}

export function formatOutcome(o: KernelOutcome): string {
  return o.kind === 'forward' ? `forwarded out of ${o.egress}` : o.kind;
}

export type { Ipv4 };
