/**
 * Options of the synthetic municipality generator and their defaults by body size (small, mid-size, large).
 * The size figures are engineering assumptions [I]; so are the firewall, rule and site defaults here.
 */
import { Rng } from './prng.js';

export const GENERATED_MODELS = ['alpha', 'beta', 'beta-prime'] as const;
export type GeneratedModel = (typeof GENERATED_MODELS)[number];

/**
 * Known leaks that can be injected for tests of the verifiers:
 * - `acl-opens-mn`: the core firewall's INET→MN policy starts with a permit from INET terminals to 宛名 on SMB (R1).
 * - `mn-reaches-proxy`: MN terminals may use the security-cloud proxy, i.e. reach the Internet (R1, reverse direction).
 * - `clipboard-to-inet`: the screen-transfer farm lets the clipboard flow from session host to client (F2 in β/β′, F1 in α).
 */
export const INSECURE_KINDS = ['acl-opens-mn', 'mn-reaches-proxy', 'clipboard-to-inet'] as const;
export type InsecureKind = (typeof INSECURE_KINDS)[number];

export interface MunicipalityOptions {
  /** Staff (職員) of the body; drives terminals, seats and the size-class defaults. */
  readonly staff: number;
  readonly model: GeneratedModel;
  readonly seed: number;
  /** Business-system servers (hosts tagged `business-system`). */
  readonly systems?: number | undefined;
  /** Segments in the MN, MN_GC, LG and INET zones (links to external networks and each relay's own VLAN are extra). */
  readonly segments?: number | undefined;
  /** Nodes of kind `firewall`: the core zone firewall plus in-zone firewalls. */
  readonly firewalls?: number | undefined;
  /** Rules on every firewall, summed over its ACLs. */
  readonly rulesPerFirewall?: number | undefined;
  /** Distinct physical sites (本庁 + 支所) over the MN/LG/INET segments. */
  readonly sites?: number | undefined;
  readonly insecure?: InsecureKind | undefined;
}

/** Every option decided: what the generator actually builds. */
export interface ResolvedMunicipalityOptions {
  readonly staff: number;
  readonly model: GeneratedModel;
  readonly seed: number;
  readonly systems: number;
  readonly segments: number;
  readonly firewalls: number;
  readonly rulesPerFirewall: number;
  readonly sites: number;
  readonly insecure: InsecureKind | undefined;
  readonly bodySize: BodySize;
  /** Terminals (sum of pool counts) per member of staff. */
  readonly terminalRatio: number;
  /** Screen-transfer seats per member of staff. */
  readonly seatRatio: number;
}

export type BodySize = 'small' | 'mid' | 'large';

type Range = readonly [number, number];

interface SizeDefaults {
  readonly segments: Range;
  readonly systems: Range;
  readonly sites: Range;
  readonly firewalls: Range;
  readonly rulesPerFirewall: Range;
  readonly terminalRatio: Readonly<Record<GeneratedModel, Range>>;
  readonly seatRatio: Readonly<Record<GeneratedModel, Range>>;
}

/** Size rows; β has no row of its own and borrows β′ terminals (both put terminals in INET) with more seats. */
export const SIZE_DEFAULTS: Readonly<Record<BodySize, SizeDefaults>> = {
  small: {
    segments: [6, 15], systems: [30, 80], sites: [1, 3], firewalls: [1, 2], rulesPerFirewall: [40, 150],
    terminalRatio: { alpha: [1.2, 1.6], beta: [1.0, 1.2], 'beta-prime': [1.0, 1.2] },
    seatRatio: { alpha: [0.8, 1.0], beta: [0.3, 0.5], 'beta-prime': [0.1, 0.3] },
  },
  mid: {
    segments: [15, 60], systems: [80, 250], sites: [2, 10], firewalls: [2, 6], rulesPerFirewall: [150, 800],
    terminalRatio: { alpha: [1.2, 1.5], beta: [1.0, 1.2], 'beta-prime': [1.0, 1.2] },
    seatRatio: { alpha: [0.8, 1.0], beta: [0.3, 0.5], 'beta-prime': [0.1, 0.3] },
  },
  large: {
    segments: [60, 300], systems: [250, 800], sites: [5, 40], firewalls: [6, 40], rulesPerFirewall: [800, 4000],
    terminalRatio: { alpha: [1.1, 1.4], beta: [1.0, 1.1], 'beta-prime': [1.0, 1.1] },
    seatRatio: { alpha: [0.8, 1.0], beta: [0.2, 0.4], 'beta-prime': [0.05, 0.2] },
  },
};

/** Upper bounds that keep every zone inside its /12 address block and VLAN ids below 4095. */
export const LIMITS = Object.freeze({
  staff: [10, 100_000] as Range,
  segments: [0, 2000] as Range,
  systems: [0, 5000] as Range,
  firewalls: [1, 1000] as Range,
  rulesPerFirewall: [0, 100_000] as Range,
  sites: [1, 500] as Range,
});

export function bodySizeOf(staff: number): BodySize {
  if (staff <= 300) return 'small';
  if (staff <= 5000) return 'mid';
  return 'large';
}

/** Segments every municipality has (see municipality.ts): MN servers/clients/WAN, MN_GC, LG ×2, INET ×3. */
export const BASE_SEGMENTS = 10;
/** Business systems every municipality has (the 20 standardised systems and the 14 core systems of catalogue.ts). */
export const REQUIRED_SYSTEMS = 34;
/** Rules the core firewall needs for its designed policy; more when a leak is injected. */
export const CORE_POLICY_RULES = 27;

/** Backbones (one per MN/LG/INET) exist once there are branch sites or in-zone firewalls; each branch needs two client segments. */
export function minimumSegments(sites: number, firewalls: number): number {
  return BASE_SEGMENTS + (sites > 1 || firewalls > 1 ? 3 : 0) + 2 * (sites - 1);
}

export function minimumRulesPerFirewall(insecure: InsecureKind | undefined): number {
  return CORE_POLICY_RULES + (insecure === 'acl-opens-mn' || insecure === 'mn-reaches-proxy' ? 1 : 0);
}

/** Every generated rule is one line of at least this many bytes (measured: 80 to about 130). */
export const MIN_BYTES_PER_RULE = 80;
/** … and of at least this many values as the loader counts them (countValues in input-limits.ts; measured: 11 and up). */
export const MIN_VALUES_PER_RULE = 10;

/**
 * A lower bound of the YAML size, bytes and values: firewalls × rules, before anything is generated (a file
 * too large to load is refused early).
 */
export function minimumSerialisedSize(options: ResolvedMunicipalityOptions): { bytes: number; values: number } {
  const rules = options.firewalls * options.rulesPerFirewall;
  return { bytes: rules * MIN_BYTES_PER_RULE, values: rules * MIN_VALUES_PER_RULE };
}

/** Problems with the options, as sentences; empty when they can be generated. */
export function checkMunicipalityOptions(options: MunicipalityOptions): string[] {
  const problems: string[] = [];
  const integer = (name: keyof typeof LIMITS, value: number | undefined): void => {
    if (value === undefined) return;
    const [min, max] = LIMITS[name];
    if (!Number.isInteger(value) || value < min || value > max) problems.push(`${name} must be an integer from ${min} to ${max} (got ${value})`);
  };
  integer('staff', options.staff);
  integer('segments', options.segments);
  integer('systems', options.systems);
  integer('firewalls', options.firewalls);
  integer('rulesPerFirewall', options.rulesPerFirewall);
  integer('sites', options.sites);
  if (!GENERATED_MODELS.includes(options.model)) problems.push(`model must be one of ${GENERATED_MODELS.join(', ')} (got ${String(options.model)})`);
  if (!Number.isSafeInteger(options.seed)) problems.push(`seed must be an integer (got ${options.seed})`);
  if (options.insecure !== undefined && !INSECURE_KINDS.includes(options.insecure)) {
    problems.push(`insecure must be one of ${INSECURE_KINDS.join(', ')} (got ${String(options.insecure)})`);
  }
  if (problems.length) return problems;
  if (options.systems !== undefined && options.systems < REQUIRED_SYSTEMS) {
    problems.push(`systems must be at least ${REQUIRED_SYSTEMS}: every municipality has the 20 standardised and 14 core systems (got ${options.systems})`);
  }
  const minRules = minimumRulesPerFirewall(options.insecure);
  if (options.rulesPerFirewall !== undefined && options.rulesPerFirewall < minRules) {
    problems.push(`rulesPerFirewall must be at least ${minRules}, the core firewall's designed policy (got ${options.rulesPerFirewall})`);
  }
  if (options.segments !== undefined) {
    const sites = options.sites ?? 1;
    const firewalls = options.firewalls ?? 1;
    const min = minimumSegments(sites, firewalls);
    if (options.segments < min) {
      problems.push(`segments must be at least ${min} for ${sites} site(s) and ${firewalls} firewall(s) (got ${options.segments})`);
    }
  }
  return problems;
}

/** Draws every unspecified option from the size-class defaults; throws RangeError on options that `checkMunicipalityOptions` rejects. */
export function resolveMunicipalityOptions(options: MunicipalityOptions): ResolvedMunicipalityOptions {
  const problems = checkMunicipalityOptions(options);
  if (problems.length) throw new RangeError(problems.join('; '));
  const rng = new Rng(options.seed).fork('options');
  const bodySize = bodySizeOf(options.staff);
  const d = SIZE_DEFAULTS[bodySize];
  const draw = (r: Range): number => rng.int(r[0], r[1]);
  let firewalls = options.firewalls ?? draw(d.firewalls);
  let sites = options.sites ?? draw(d.sites);
  if (options.segments !== undefined) {
    // Fit defaulted sites and firewalls into the segments the caller asked for (the check assumed 1 of each).
    if (options.sites === undefined) while (sites > 1 && minimumSegments(sites, firewalls) > options.segments) sites--;
    if (options.firewalls === undefined && minimumSegments(sites, firewalls) > options.segments) firewalls = 1;
  }
  const segments = options.segments ?? Math.max(draw(d.segments), minimumSegments(sites, firewalls));
  const systems = options.systems ?? Math.max(draw(d.systems), REQUIRED_SYSTEMS);
  const rulesPerFirewall = options.rulesPerFirewall ?? Math.max(draw(d.rulesPerFirewall), minimumRulesPerFirewall(options.insecure));
  const terminalRange = d.terminalRatio[options.model];
  const seatRange = d.seatRatio[options.model];
  return {
    staff: options.staff,
    model: options.model,
    seed: options.seed,
    systems,
    segments,
    firewalls,
    rulesPerFirewall,
    sites,
    insecure: options.insecure,
    bodySize,
    terminalRatio: rng.real(terminalRange[0], terminalRange[1]),
    seatRatio: rng.real(seatRange[0], seatRange[1]),
  };
}
