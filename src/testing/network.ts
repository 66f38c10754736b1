/**
 * The network a test asks questions of: a loaded topology, the scenario `segproof verify` would use with
 * it, and the verification state (forwarding tables, flow graph, separation matrix) its matchers share.
 *
 * `loadNetwork` compiles a file once per test run: the cache is keyed by the bytes of the topology, every
 * include it read and its scenario, re-read on every call, so an edited file is never served stale and an
 * unchanged one is not compiled twice.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultScenarioFor } from '../cli/commands/verify.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { loadTopology } from '../topology/load.js';
import type { Topology } from '../topology/model.js';
import { VerifyContext } from '../verify/context.js';
import { KNOWN_CHECK_IDS } from '../verify/packs/index.js';
import { checkScenarioTopology, readScenario, resolveScenario } from '../verify/scenario/load.js';
import type { Scenario } from '../verify/scenario/model.js';
import { SegproofTestError } from './errors.js';

export interface LoadNetworkOptions {
  /**
   * The scenario whose exceptions `toSatisfy` applies (its properties are not run by the matchers). Default:
   * the one `segproof verify` picks up, `scenarios/<topology name>.yaml` beside the topologies folder or in
   * the working directory; `false` for none.
   */
  readonly scenario?: string | URL | false | undefined;
  /** Further folders includes may be read from (`--include-root`). */
  readonly includeRoots?: readonly string[] | undefined;
}

export class Network {
  private plainValue: VerifyContext | undefined;
  private withExceptionsValue: VerifyContext | undefined;

  constructor(
    readonly topology: Topology,
    /** The topology file as given (a label for an in-memory topology). */
    readonly file: string,
    readonly scenario: Scenario | undefined = undefined,
  ) {}

  get name(): string {
    return this.topology.name;
  }

  /** Verification state without exceptions: what the property matchers ask is the plain question. */
  get plain(): VerifyContext {
    return (this.plainValue ??= new VerifyContext(this.topology, []));
  }

  /** Verification state with the scenario's exceptions, as `segproof verify` runs the invariant pack. */
  get withExceptions(): VerifyContext {
    return (this.withExceptionsValue ??= new VerifyContext(this.topology, this.scenario?.exceptions ?? []));
  }
}

const wrapped = new WeakMap<Topology, Network>();

/** The Network of an already loaded topology (no scenario), one per topology. */
export function networkOf(subject: Network | Topology): Network {
  if (subject instanceof Network) return subject;
  let net = wrapped.get(subject);
  if (!net) wrapped.set(subject, (net = new Network(subject, subject.files[0] ?? subject.name)));
  return net;
}

interface CacheEntry {
  /** Absolute paths of every file the network was built from: topology, includes, scenario. */
  readonly files: readonly string[];
  readonly digest: string;
  readonly network: Network;
}

const cache = new Map<string, CacheEntry>();

async function digestOf(files: readonly string[]): Promise<string> {
  const hash = createHash('sha256');
  for (const f of files) {
    // A file that vanished digests differently from any content, so the entry is rebuilt (and the load reports it).
    const bytes = await readFile(f).catch(() => undefined);
    hash.update(`${f}\u0000${bytes === undefined ? 'missing' : `${bytes.length}\u0000`}`);
    if (bytes) hash.update(bytes);
  }
  return hash.digest('hex');
}

/** A path as reports show it: relative to the working directory when inside it (a file URL included). */
function asPath(p: string | URL): string {
  const file = p instanceof URL ? fileURLToPath(p) : p;
  const relative = path.relative(process.cwd(), path.resolve(file));
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

/** Loads and compiles a topology for tests; throws SegproofTestError (TEST001 and the file's diagnostics) when it has errors. */
export async function loadNetwork(file: string | URL, options: LoadNetworkOptions = {}): Promise<Network> {
  const topologyFile = asPath(file);
  const scenarioFile = options.scenario === false ? undefined : options.scenario === undefined ? defaultScenarioFor(topologyFile) : asPath(options.scenario);
  const key = JSON.stringify([path.resolve(topologyFile), scenarioFile === undefined ? null : path.resolve(scenarioFile), options.includeRoots ?? []]);
  const cached = cache.get(key);
  if (cached && (await digestOf(cached.files)) === cached.digest) return cached.network;

  const loaded = await loadTopology(topologyFile, { includeRoots: options.includeRoots });
  if (!loaded.ok) cannotLoad(topologyFile, loaded.diagnostics);
  const topology = loaded.topology;
  let scenario: Scenario | undefined;
  if (scenarioFile !== undefined) {
    const parsed = await readScenario(path.relative(process.cwd(), scenarioFile) || scenarioFile); // shown in reports as verify shows it
    if (!parsed.ok) cannotLoad(topologyFile, parsed.diagnostics);
    const mismatch = checkScenarioTopology(parsed.value, topologyFile);
    const resolved = resolveScenario(parsed.value, topology, KNOWN_CHECK_IDS);
    const problems = [...(mismatch ? [mismatch] : []), ...(resolved.ok ? [] : resolved.diagnostics)];
    if (problems.length > 0 || !resolved.ok) cannotLoad(topologyFile, problems);
    scenario = resolved.value;
  }
  const files = [...topology.files.map((f) => path.resolve(f)), ...(scenarioFile === undefined ? [] : [path.resolve(scenarioFile)])];
  const network = new Network(topology, topologyFile, scenario);
  cache.set(key, { files, digest: await digestOf(files), network });
  return network;
}

function cannotLoad(file: string, diagnostics: readonly Diagnostic[]): never {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  throw new SegproofTestError([
    {
      code: 'TEST001',
      severity: 'error',
      message: `network "${file}" cannot be loaded: ${errors} error${errors === 1 ? '' : 's'} below`,
      location: undefined,
      expected: 'a topology (and scenario) that `segproof validate` and `segproof verify` accept',
      hint: `run "segproof validate ${file}" for the same diagnostics`,
    },
    ...diagnostics,
  ]);
}
