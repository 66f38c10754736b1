import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { flowsFor } from '../../src/engine/flow.js';
import { traceFlow } from '../../src/engine/simulate.js';
import { parsePrefix, prefixesOverlap, type Prefix } from '../../src/net/ipv4.js';
import type { RawNode, TopologyFile } from '../../src/topology/format.js';
import { arbitraryMunicipalityOptions } from '../../src/testing/topology-arbitraries.js';
import {
  checkMunicipalityOptions, generateMunicipality, minimumRulesPerFirewall, minimumSegments,
  REQUIRED_SYSTEMS, resolveGeneratedTopology, resolveMunicipalityOptions, SIZE_DEFAULTS, type MunicipalityOptions,
} from '../../src/topology/generate.js';
import { countsOfFile } from './counts.js';

const nodesOf = (f: TopologyFile): Record<string, RawNode> => f.nodes ?? {};
const zoneOfHost = (f: TopologyFile, name: string): string | undefined => {
  const n = nodesOf(f)[name];
  const itf = n ? Object.values(n.interfaces)[0] : undefined;
  return itf ? f.segments?.[itf.segment]?.zone : undefined;
};

describe('generateMunicipality determinism', () => {
  const cases: MunicipalityOptions[] = [
    { staff: 150, model: 'alpha', seed: 1 },
    { staff: 1500, model: 'beta', seed: 99, firewalls: 4, sites: 3 },
    { staff: 12000, model: 'beta-prime', seed: 7 },
  ];
  for (const options of cases) {
    it(`gives the same file for the same seed (${options.model}, ${options.staff} staff)`, () => {
      expect(JSON.stringify(generateMunicipality(options))).toBe(JSON.stringify(generateMunicipality({ ...options })));
    });
    it(`gives a different file for another seed (${options.model}, ${options.staff} staff)`, () => {
      const a = JSON.stringify(generateMunicipality(options));
      const b = JSON.stringify(generateMunicipality({ ...options, seed: options.seed + 1 }));
      expect(a).not.toBe(b);
    });
  }
});

describe('generateMunicipality sizes', () => {
  it('builds exactly the counts asked for', () => {
    const options = { staff: 1200, model: 'beta-prime', seed: 3, systems: 90, segments: 40, firewalls: 5, rulesPerFirewall: 120, sites: 4 } as const;
    const counts = countsOfFile(generateMunicipality(options));
    expect(counts.segments).toBe(40);
    expect(counts.firewalls).toBe(5);
    expect(counts.rulesPerFirewall).toEqual([120, 120, 120, 120, 120]);
    expect(counts.systems).toBe(90);
    expect(counts.sites).toBe(4);
  });

  it('accepts the minimum of every option', () => {
    const options: MunicipalityOptions = { staff: 10, model: 'alpha', seed: 0, systems: REQUIRED_SYSTEMS, segments: minimumSegments(1, 1), firewalls: 1, rulesPerFirewall: minimumRulesPerFirewall(undefined), sites: 1 };
    const counts = countsOfFile(generateMunicipality(options));
    expect(counts).toMatchObject({ segments: minimumSegments(1, 1), firewalls: 1, rulesPerFirewall: [minimumRulesPerFirewall(undefined)], systems: REQUIRED_SYSTEMS, sites: 1 });
  });

  it('holds for random options (sizes, terminal and seat ratios)', () => {
    fc.assert(
      fc.property(arbitraryMunicipalityOptions({ maxStaff: 4000 }), (options) => {
        const resolved = resolveMunicipalityOptions(options);
        const counts = countsOfFile(generateMunicipality(options));
        expect(counts.segments).toBe(resolved.segments);
        expect(counts.firewalls).toBe(resolved.firewalls);
        expect(new Set(counts.rulesPerFirewall)).toEqual(new Set([resolved.rulesPerFirewall]));
        expect(counts.systems).toBe(resolved.systems);
        expect(counts.sites).toBe(resolved.sites);
        expect(counts.terminals).toBe(Math.round(options.staff * resolved.terminalRatio));
        expect(counts.seats).toBe(Math.max(1, Math.round(options.staff * resolved.seatRatio)));
      }),
      { numRuns: 40 },
    );
  });

  for (const [staff, size] of [[200, 'small'], [1500, 'mid'], [15000, 'large']] as const) {
    for (const model of ['alpha', 'beta', 'beta-prime'] as const) {
      it(`defaults a ${size} ${model} body (${staff} staff) inside the size defaults`, () => {
        const d = SIZE_DEFAULTS[size];
        for (const seed of [1, 2, 3]) {
          const r = resolveMunicipalityOptions({ staff, model, seed });
          expect(r.bodySize).toBe(size);
          const within = (v: number, [lo, hi]: readonly [number, number], floor = lo) => {
            expect(v).toBeGreaterThanOrEqual(Math.max(lo, Math.min(floor, v)));
            expect(v).toBeLessThanOrEqual(Math.max(hi, floor));
          };
          within(r.segments, d.segments, minimumSegments(r.sites, r.firewalls));
          within(r.systems, d.systems, REQUIRED_SYSTEMS);
          within(r.firewalls, d.firewalls);
          within(r.sites, d.sites);
          const counts = countsOfFile(generateMunicipality({ staff, model, seed }));
          const [tlo, thi] = d.terminalRatio[model];
          expect(counts.terminals / staff).toBeGreaterThanOrEqual(tlo - 0.01);
          expect(counts.terminals / staff).toBeLessThanOrEqual(thi + 0.01);
          const [slo, shi] = d.seatRatio[model];
          expect(counts.seats / staff).toBeGreaterThanOrEqual(slo - 0.01);
          expect(counts.seats / staff).toBeLessThanOrEqual(shi + 0.01);
        }
      });
    }
  }
});

describe('generateMunicipality contents', () => {
  for (const model of ['alpha', 'beta', 'beta-prime'] as const) {
    it(`has every required system, gateway and zone (${model})`, () => {
      const f = generateMunicipality({ staff: 300, model, seed: 11 });
      const nodes = nodesOf(f);
      const standard = Object.keys(nodes).filter((n) => n.startsWith('gc-'));
      expect(standard).toHaveLength(20);
      for (const n of standard) expect(zoneOfHost(f, n)).toBe('MN_GC');
      for (const n of ['mn-atena', 'mn-chukan-connector', 'mn-juki-cs']) expect(zoneOfHost(f, n)).toBe('MN');
      for (const n of ['lgwan-mail', 'lgwan-asp-gateway', 'payroll']) expect(zoneOfHost(f, n)).toBe('LG');
      for (const n of ['website-cms', 'internet-mail']) expect(zoneOfHost(f, n)).toBe('INET');
      expect([zoneOfHost(f, 'mn-file-server'), zoneOfHost(f, 'lg-file-server'), zoneOfHost(f, 'inet-file-server')]).toEqual(['MN', 'LG', 'INET']);
      for (const n of ['groupware', 'document-mgmt', 'financial-accounting']) expect(nodes[n]?.kind).toBe('host');
      expect(f.segments?.['seccloud-uplink']?.zone).toBe('X_SECCLOUD');
      const kinds = Object.values(nodes).map((n) => n.kind);
      for (const k of ['sanitiser', 'screen-transfer', 'proxy', 'relay', 'mail-relay', 'dedicated-line', 'external', 'firewall'] as const) expect(kinds).toContain(k);
      const classes = new Set(Object.values(f.zones ?? {}).map((z) => z.class));
      for (const c of ['MN', 'MN_GC', 'LG', 'INET', 'INTERNET', 'LGWAN', 'JUKI', 'GOVCLOUD', 'SECCLOUD']) expect(classes).toContain(c);
    });
  }

  it('places systems and terminals by model (docs/guideline-basis.md#b-models)', () => {
    const place = (model: 'alpha' | 'beta' | 'beta-prime') => {
      const f = generateMunicipality({ staff: 500, model, seed: 4 });
      return ['groupware', 'document-mgmt', 'financial-accounting', 'payroll'].map((n) => zoneOfHost(f, n));
    };
    expect(place('alpha')).toEqual(['LG', 'LG', 'LG', 'LG']);
    expect(place('beta')).toEqual(['INET', 'LG', 'LG', 'LG']);
    expect(place('beta-prime')).toEqual(['INET', 'INET', 'INET', 'LG']);
    const terminalsIn = (model: 'alpha' | 'beta-prime', zone: string) => {
      const f = generateMunicipality({ staff: 500, model, seed: 4 });
      return Object.entries(nodesOf(f)).reduce((n, [name, node]) => n + (node.kind === 'host' && node.role === 'terminal' && zoneOfHost(f, name) === zone ? (node.count ?? 1) : 0), 0);
    };
    expect(terminalsIn('alpha', 'LG')).toBeGreaterThan(terminalsIn('alpha', 'INET') * 5);
    expect(terminalsIn('beta-prime', 'INET')).toBeGreaterThan(terminalsIn('beta-prime', 'LG') * 5);
  });

  it('never overlaps two segments (checked pairwise, independently of the allocator)', () => {
    fc.assert(
      fc.property(arbitraryMunicipalityOptions({ maxStaff: 20000 }), (options) => {
        const prefixes = Object.entries(generateMunicipality(options).segments ?? {}).map(([name, s]) => {
          const p = parsePrefix(s.prefix);
          if (!p.ok) throw new Error(`${name}: bad prefix ${s.prefix}`);
          return [name, p.prefix] as [string, Prefix];
        });
        for (let i = 0; i < prefixes.length; i++) {
          for (let j = i + 1; j < prefixes.length; j++) {
            const [a, pa] = prefixes[i] as [string, Prefix];
            const [b, pb] = prefixes[j] as [string, Prefix];
            if (prefixesOverlap(pa, pb)) throw new Error(`${a} overlaps ${b}`);
          }
        }
      }),
      { numRuns: 25 },
    );
  });
});

describe('generateMunicipality security', () => {
  /** The structural argument in municipality.ts, checked on the file. */
  const mnBoundaryPermits = (f: TopologyFile): string[] => {
    const classOf = (zone: string) => f.zones?.[zone]?.class ?? '';
    const isMn = (zone: string) => classOf(zone) === 'MN' || classOf(zone) === 'MN_GC';
    const out: string[] = [];
    for (const [name, node] of Object.entries(nodesOf(f))) {
      if (node.kind !== 'firewall' && node.kind !== 'router') continue;
      const zones = new Set(Object.values(node.interfaces).map((i) => f.segments?.[i.segment]?.zone ?? ''));
      if (name !== 'fw-core') {
        if (zones.size !== 1) out.push(`${name} spans zones ${[...zones].join(', ')}`);
        continue;
      }
      for (const acl of node.acls ?? []) {
        if (!('fromZone' in acl.bind) || isMn(acl.bind.fromZone) === isMn(acl.bind.toZone)) continue;
        if (acl.default === 'permit') out.push(`${acl.name} defaults to permit`);
        for (const r of acl.rules) if (r.action === 'permit') out.push(`${acl.name}/${r.name}`);
      }
    }
    return out;
  };

  it('has no permit across the MN boundary in the secure baseline, whatever the options', () => {
    fc.assert(
      fc.property(arbitraryMunicipalityOptions({ maxStaff: 3000 }), (options) => {
        expect(mnBoundaryPermits(generateMunicipality(options))).toEqual([]);
      }),
      { numRuns: 30 },
    );
  });

  it('has exactly the injected permit when asked for a leak', () => {
    expect(mnBoundaryPermits(generateMunicipality({ staff: 700, model: 'beta', seed: 2, insecure: 'acl-opens-mn' }))).toEqual(['INET-to-MN/tmp-vendor-maintenance']);
    expect(mnBoundaryPermits(generateMunicipality({ staff: 700, model: 'beta', seed: 2, insecure: 'mn-reaches-proxy' }))).toEqual(['MN-to-X_SECCLOUD/mn-web-exception']);
    const st = nodesOf(generateMunicipality({ staff: 700, model: 'beta', seed: 2, insecure: 'clipboard-to-inet' }))['st-lg-vdi'];
    expect(st?.kind === 'screen-transfer' && st.redirection?.clipboard?.hostToClient).toBe(true);
  });

  const trace = (options: MunicipalityOptions, from: string, to: string, dstPort: number) => {
    const loaded = resolveGeneratedTopology(generateMunicipality(options));
    if (!loaded.ok) throw new Error('generated topology does not resolve');
    const flows = flowsFor(loaded.topology, { from, to, protocol: 6, dstPort });
    if (!flows.ok) throw new Error(flows.diagnostic.message);
    return traceFlow(loaded.topology, flows.value[0] as (typeof flows.value)[number]).map((t) => `${t.disposition}@${t.at}`);
  };

  it('denies INET terminals to 宛名 at fw-core, and delivers with the injected leak (simulator)', () => {
    for (const model of ['alpha', 'beta', 'beta-prime'] as const) {
      const options = { staff: 700, model, seed: 5, firewalls: 4, sites: 3 };
      expect(trace(options, 'term-inet-clients', 'mn-atena', 445)).toEqual(['denied-in@fw-core']);
      expect(trace({ ...options, insecure: 'acl-opens-mn' }, 'term-inet-clients', 'mn-atena', 445)).toEqual(['delivered@mn-atena']);
      expect(trace(options, 'term-mn-clients', 'seccloud-proxy', 8080)).toEqual(['denied-in@fw-core']);
      expect(trace({ ...options, insecure: 'mn-reaches-proxy' }, 'term-mn-clients', 'seccloud-proxy', 8080)).toEqual(['terminated-at-gateway@seccloud-proxy']);
    }
  });

  it('lets the designed flows through (simulator)', () => {
    const options = { staff: 900, model: 'beta-prime', seed: 8, firewalls: 5, sites: 2 } as const;
    expect(trace(options, 'term-inet-clients', 'seccloud-proxy', 8080)).toEqual(['terminated-at-gateway@seccloud-proxy']);
    expect(trace(options, 'term-inet-clients', 'st-lg-vdi', 3389)).toEqual(['terminated-at-gateway@st-lg-vdi']);
    expect(trace(options, 'mn-atena', 'relay-chukan', 443)).toEqual(['terminated-at-gateway@relay-chukan']);
    expect(trace(options, 'lgwan-mail', 'lgwan', 25)).toEqual(['exits-network@lgwan']);
    expect(trace(options, 'gc-resident-registry', 'mn-atena', 443)).toEqual(['delivered@mn-atena']);
    expect(trace(options, 'term-inet-clients', 'lg-file-server', 445)).toEqual(['denied-in@fw-core']);
  });
});

describe('municipality options', () => {
  it('reports options it cannot build', () => {
    expect(checkMunicipalityOptions({ staff: 500, model: 'beta', seed: 1 })).toEqual([]);
    expect(checkMunicipalityOptions({ staff: 500, model: 'beta', seed: 1, systems: 10 })[0]).toMatch(/systems must be at least 34/);
    expect(checkMunicipalityOptions({ staff: 500, model: 'beta', seed: 1, rulesPerFirewall: 5 })[0]).toMatch(/rulesPerFirewall must be at least/);
    expect(checkMunicipalityOptions({ staff: 500, model: 'beta', seed: 1, segments: 10, sites: 3 })[0]).toMatch(/segments must be at least 17/);
    expect(checkMunicipalityOptions({ staff: 5, model: 'beta', seed: 1 })[0]).toMatch(/staff must be an integer from 10/);
    expect(checkMunicipalityOptions({ staff: 500, model: 'gamma' as 'beta', seed: 1.5 })).toHaveLength(2);
    expect(() => generateMunicipality({ staff: 500, model: 'beta', seed: 1, firewalls: 0 })).toThrow(RangeError);
  });

  it('fits defaulted sites and firewalls into the segments asked for', () => {
    const r = resolveMunicipalityOptions({ staff: 20000, model: 'beta', seed: 1, segments: minimumSegments(1, 1) });
    expect(minimumSegments(r.sites, r.firewalls)).toBeLessThanOrEqual(r.segments);
    expect(countsOfFile(generateMunicipality({ staff: 20000, model: 'beta', seed: 1, segments: minimumSegments(1, 1) })).segments).toBe(minimumSegments(1, 1));
  });
});
