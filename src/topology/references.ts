/**
 * Resolution of address and service references. A reference is a literal (`10.1.0.0/16`,
 * `10.1.2.3`, `10.1.2.3-10.1.2.9`, `any`, `tcp/443`) or a name; address names are looked up as
 * address objects, then segments, then nodes; object groups may nest (cycles are reported).
 */
import type { Diagnostic, SourceLocation } from '../diagnostics/diagnostic.js';
import { didYouMean, listNames } from '../diagnostics/diagnostic.js';
import { ALL_ADDRESSES, EMPTY_SET, addressSetFromRanges, addressSetUnion, type AddressSet } from '../net/address-set.js';
import { formatPrefix, parseIpv4, parsePrefix, prefixFirst, prefixLast } from '../net/ipv4.js';
import { ANY_SERVICE, parseService, type ServiceMatch } from '../net/ports.js';

export interface RefSite {
  readonly location: SourceLocation;
  readonly notes: readonly string[];
}

interface Definition<T> {
  readonly refs: readonly string[];
  readonly site: (index: number) => RefSite;
  value?: T;
  resolving?: boolean;
}

/** Shared by every place that meets an IPv6 literal. */
export const IPV6_HINT = 'segproof models IPv4 only so far; describe the IPv6 part of the network with IPv4 stand-ins or leave it out';

const LOOKS_NUMERIC = /^[\d.]+(\/\d*)?$|^[\d.]+-[\d.]+$/;

export class ReferenceResolver {
  readonly diagnostics: Diagnostic[] = [];
  private readonly addressDefs = new Map<string, Definition<AddressSet>>();
  private readonly serviceDefs = new Map<string, Definition<readonly ServiceMatch[]>>();

  constructor(
    private readonly segmentSets: ReadonlyMap<string, AddressSet>,
    private readonly nodeSets: ReadonlyMap<string, AddressSet>,
  ) {}

  defineAddressObject(name: string, refs: readonly string[], site: (index: number) => RefSite): void {
    this.addressDefs.set(name, { refs, site });
  }

  defineServiceObject(name: string, refs: readonly string[], site: (index: number) => RefSite): void {
    this.serviceDefs.set(name, { refs, site });
  }

  addressObjectNames(): string[] {
    return [...this.addressDefs.keys()];
  }

  serviceObjectNames(): string[] {
    return [...this.serviceDefs.keys()];
  }

  /** Resolves every object once, so unused objects are checked too. */
  resolveAllObjects(): { addresses: Map<string, AddressSet>; services: Map<string, readonly ServiceMatch[]> } {
    const addresses = new Map<string, AddressSet>();
    const services = new Map<string, readonly ServiceMatch[]>();
    for (const name of this.addressDefs.keys()) addresses.set(name, this.addressObject(name));
    for (const name of this.serviceDefs.keys()) services.set(name, this.serviceObject(name));
    return { addresses, services };
  }

  addresses(refs: string | readonly string[] | undefined, site: (index: number) => RefSite): AddressSet {
    if (refs === undefined) return ALL_ADDRESSES;
    const list = typeof refs === 'string' ? [refs] : refs;
    return addressSetUnion(...list.map((ref, i) => this.address(ref, site(typeof refs === 'string' ? -1 : i))));
  }

  services(refs: string | readonly string[] | undefined, site: (index: number) => RefSite): readonly ServiceMatch[] {
    if (refs === undefined) return [ANY_SERVICE];
    const list = typeof refs === 'string' ? [refs] : refs;
    return list.flatMap((ref, i) => this.service(ref, site(typeof refs === 'string' ? -1 : i)));
  }

  private address(ref: string, site: RefSite): AddressSet {
    const text = ref.trim();
    if (text === 'any') return ALL_ADDRESSES;
    if (text.includes(':')) {
      this.report(site, 'TOPO040', `IPv6 address or prefix "${text}" is not supported`, 'an IPv4 address, prefix or range', IPV6_HINT);
      return EMPTY_SET;
    }
    if (LOOKS_NUMERIC.test(text)) return this.literalAddress(text, site);
    if (this.addressDefs.has(text)) return this.addressObject(text, site);
    const segment = this.segmentSets.get(text);
    if (segment) return segment;
    const node = this.nodeSets.get(text);
    if (node) return node;
    const known = [...this.addressDefs.keys(), ...this.segmentSets.keys(), ...this.nodeSets.keys()];
    const guess = didYouMean(text, known);
    this.report(site, 'TOPO024', `unknown name "${text}": not an address object, segment or node`, 'an address, a prefix, "any", or the name of an address object, segment or node', guess ? `did you mean "${guess}"?` : `known address objects: ${listNames(this.addressDefs.keys())}`);
    return EMPTY_SET;
  }

  private literalAddress(text: string, site: RefSite): AddressSet {
    const dash = text.indexOf('-');
    if (dash > 0) {
      const first = parseIpv4(text.slice(0, dash));
      const last = parseIpv4(text.slice(dash + 1));
      if (first === undefined || last === undefined || first > last) {
        this.report(site, 'TOPO040', `malformed address range "${text}"`, 'a range such as 10.0.0.10-10.0.0.20 (first ≤ last)', 'write both ends as dotted quads');
        return EMPTY_SET;
      }
      return addressSetFromRanges([[first, last]]);
    }
    const parsed = parsePrefix(text);
    if (parsed.ok) return addressSetFromRanges([[prefixFirst(parsed.prefix), prefixLast(parsed.prefix)]]);
    if (parsed.reason === 'non-canonical') {
      this.report(site, 'TOPO041', `non-canonical prefix "${text}": host bits are set`, 'a prefix whose address has no bits set beyond its length', `write ${formatPrefix(parsed.canonical)}`);
    } else {
      this.report(site, 'TOPO040', `malformed address or prefix "${text}"`, 'an IPv4 address such as 10.1.2.3 or a prefix such as 10.1.0.0/16', 'each octet is 0-255 without leading zeros; the length is 0-32');
    }
    return EMPTY_SET;
  }

  private addressObject(name: string, useSite?: RefSite): AddressSet {
    const def = this.addressDefs.get(name) as Definition<AddressSet>;
    if (def.value) return def.value;
    if (def.resolving) {
      this.report(useSite ?? def.site(-1), 'TOPO031', `address object "${name}" refers to itself`, 'object groups that form a tree', 'remove the reference that closes the cycle');
      return EMPTY_SET;
    }
    def.resolving = true;
    def.value = addressSetUnion(...def.refs.map((ref, i) => this.address(ref, def.site(i))));
    def.resolving = false;
    return def.value;
  }

  private service(ref: string, site: RefSite): readonly ServiceMatch[] {
    const text = ref.trim();
    if (this.serviceDefs.has(text)) return this.serviceObject(text, site);
    const parsed = parseService(text);
    if (parsed.ok) return [parsed.service];
    if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(text) && !text.includes('/')) {
      const guess = didYouMean(text, this.serviceDefs.keys());
      this.report(site, 'TOPO025', `unknown service object "${text}"`, 'a service such as tcp/443, udp/53, icmp/8, any, or the name of a service object', guess ? `did you mean "${guess}"?` : `known service objects: ${listNames(this.serviceDefs.keys())}`);
    } else {
      this.report(site, 'TOPO045', `malformed service "${text}": ${parsed.reason}`, 'protocol/ports such as tcp/443, udp/1000-2000, tcp/1024-65535:443, icmp/8, gre', 'ports are 0-65535');
    }
    return [];
  }

  private serviceObject(name: string, useSite?: RefSite): readonly ServiceMatch[] {
    const def = this.serviceDefs.get(name) as Definition<readonly ServiceMatch[]>;
    if (def.value) return def.value;
    if (def.resolving) {
      this.report(useSite ?? def.site(-1), 'TOPO031', `service object "${name}" refers to itself`, 'object groups that form a tree', 'remove the reference that closes the cycle');
      return [];
    }
    def.resolving = true;
    def.value = def.refs.flatMap((ref, i) => this.service(ref, def.site(i)));
    def.resolving = false;
    return def.value;
  }

  private report(site: RefSite, code: Diagnostic['code'], message: string, expected: string, hint: string): void {
    this.diagnostics.push({ code, severity: 'error', message, location: site.location, expected, hint, notes: site.notes });
  }
}
