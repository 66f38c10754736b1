/**
 * Every place in a topology file where an address, prefix or segment name is written: the scalars a
 * re-addressing plan may have to rewrite. Read from the YAML document itself (not the resolved model), so
 * each site keeps its source range and the rewrite changes that scalar and nothing else.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node as YamlNode, type Scalar, type YAMLMap } from 'yaml';

export type SiteKind =
  /** A prefix and nothing else (segment prefix, route prefix). */
  | 'prefix'
  /** One address (interface address, gateway, next hop, NAT translation). */
  | 'address'
  /** An address reference: a literal address, prefix or range, `any`, or an object, segment or node name. */
  | 'ref'
  /** An interface's `segment:`. */
  | 'segment-name'
  /** A segment's own name (its key under `segments`). */
  | 'segment-key'
  /** A segment's `zone:` or `vrf:`. */
  | 'segment-zone'
  | 'segment-vrf';

/** Whom a change belongs to in the change list: a device, a segment, an address object, shared settings. */
export interface SiteOwner {
  readonly kind: 'node' | 'segment' | 'object' | 'settings';
  readonly name: string;
}

export interface AddressSite {
  readonly file: string;
  readonly kind: SiteKind;
  readonly scalar: Scalar;
  readonly value: string;
  readonly owner: SiteOwner;
  /** Where in the owner, e.g. `acls[0].rules[3].src`, `interfaces.lan.address`. */
  readonly field: string;
  /** For an interface's address or segment: the node and interface. */
  readonly iface?: { readonly node: string; readonly name: string } | undefined;
  readonly line: number;
  readonly column: number;
}

export interface ParsedTopologyFile {
  readonly file: string;
  readonly text: string;
  readonly doc: Document;
  readonly lines: LineCounter;
  readonly sites: readonly AddressSite[];
  /** The mapping node of each segment (to add a `vrf:`), by name. */
  readonly segmentMaps: ReadonlyMap<string, YAMLMap>;
  /** The mapping node of each node (to add a `gateway:`), by name. */
  readonly nodeMaps: ReadonlyMap<string, YAMLMap>;
}

export function parseTopologyFile(file: string, text: string): ParsedTopologyFile {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, resolveKnownTags: false, uniqueKeys: false });
  const sites: AddressSite[] = [];
  const segmentMaps = new Map<string, YAMLMap>();
  const nodeMaps = new Map<string, YAMLMap>();

  const add = (kind: SiteKind, node: unknown, owner: SiteOwner, field: string, iface?: AddressSite['iface']) => {
    if (!isScalar(node) || node.range === undefined || node.range === null) return;
    const { line, col } = lines.linePos(node.range[0]);
    sites.push({ file, kind, scalar: node, value: String(node.value), owner, field, iface, line, column: col });
  };
  const refs = (node: unknown, owner: SiteOwner, field: string) => {
    if (isSeq(node)) node.items.forEach((item, i) => add('ref', item, owner, `${field}[${i}]`));
    else add('ref', node, owner, field);
  };

  const root = doc.contents;
  if (!isMap(root)) return { file, text, doc, lines, sites, segmentMaps, nodeMaps };

  for (const pair of mapOf(root.get('segments', true))?.items ?? []) {
    const name = keyText(pair.key);
    const owner: SiteOwner = { kind: 'segment', name };
    add('segment-key', pair.key, owner, 'name');
    const seg = mapOf(pair.value);
    if (!seg) continue;
    segmentMaps.set(name, seg);
    add('prefix', seg.get('prefix', true), owner, 'prefix');
    add('segment-zone', seg.get('zone', true), owner, 'zone');
    add('segment-vrf', seg.get('vrf', true), owner, 'vrf');
  }

  const objects = mapOf(root.get('objects', true));
  for (const pair of mapOf(objects?.get('addresses', true))?.items ?? []) {
    refs(pair.value, { kind: 'object', name: keyText(pair.key) }, 'value');
  }

  for (const section of ['defaults', 'groups'] as const) {
    for (const pair of mapOf(root.get(section, true))?.items ?? []) {
      add('address', mapOf(pair.value)?.get('gateway', true), { kind: 'settings', name: `${section}.${keyText(pair.key)}` }, 'gateway');
    }
  }

  for (const pair of mapOf(root.get('nodes', true))?.items ?? []) {
    const name = keyText(pair.key);
    const owner: SiteOwner = { kind: 'node', name };
    const node = mapOf(pair.value);
    if (!node) continue;
    nodeMaps.set(name, node);
    add('address', node.get('gateway', true), owner, 'gateway');
    for (const ip of mapOf(node.get('interfaces', true))?.items ?? []) {
      const ifName = keyText(ip.key);
      const iface = mapOf(ip.value);
      add('address', iface?.get('address', true), owner, `interfaces.${ifName}.address`, { node: name, name: ifName });
      add('segment-name', iface?.get('segment', true), owner, `interfaces.${ifName}.segment`, { node: name, name: ifName });
    }
    seqOf(node.get('routes', true)).forEach((route, i) => {
      add('prefix', route.get('prefix', true), owner, `routes[${i}].prefix`);
      add('address', route.get('via', true), owner, `routes[${i}].via`);
    });
    seqOf(node.get('leaks', true)).forEach((leak, i) => refs(leak.get('prefixes', true), owner, `leaks[${i}].prefixes`));
    seqOf(node.get('acls', true)).forEach((acl, a) => {
      const aclName = String(acl.get('name') ?? a);
      seqOf(acl.get('rules', true)).forEach((rule, r) => {
        const ruleName = String(rule.get('name') ?? r);
        for (const f of ['src', 'dst'] as const) refs(rule.get(f, true), owner, `acl ${aclName} rule ${ruleName} ${f}`);
      });
    });
    seqOf(node.get('nat', true)).forEach((nat, i) => {
      const natName = String(nat.get('name') ?? i);
      for (const f of ['src', 'dst'] as const) refs(nat.get(f, true), owner, `nat ${natName} ${f}`);
      add('address', nat.get('translateTo', true), owner, `nat ${natName} translateTo`);
    });
    refs(node.get('targets', true), owner, 'targets');
    refs(node.get('owns', true), owner, 'owns');
    seqOf(node.get('allow', true)).forEach((allow, i) => {
      refs(allow.get('src', true), owner, `allow[${i}].src`);
      refs(allow.get('dst', true), owner, `allow[${i}].dst`);
    });
    refs(mapOf(node.get('onward', true))?.get('to', true), owner, 'onward.to');
    // A PEP's `rules` hold resources; a firewall's rules are under `acls`.
    seqOf(node.get('rules', true)).forEach((rule, i) => refs(rule.get('resources', true), owner, `rules[${String(rule.get('name') ?? i)}].resources`));
  }
  return { file, text, doc, lines, sites, segmentMaps, nodeMaps };
}

function keyText(key: unknown): string {
  return isScalar(key) ? String(key.value) : String(key);
}

function mapOf(node: unknown): YAMLMap | undefined {
  return isMap(node) ? node : undefined;
}

function seqOf(node: unknown): YAMLMap[] {
  return isSeq(node) ? node.items.filter((i): i is YAMLMap => isMap(i as YamlNode)) : [];
}
