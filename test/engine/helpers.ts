/** Loading fixtures and tracing flows by their text form, for the engine tests. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { flowsFor, type FlowRequest } from '../../src/engine/flow.js';
import { traceFlow, type TraceOptions } from '../../src/engine/simulate.js';
import type { Trace } from '../../src/engine/trace.js';
import { loadTopology } from '../../src/topology/load.js';
import type { Topology } from '../../src/topology/model.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const cache = new Map<string, Promise<Topology>>();

/** Loads a topology by repository-relative path (locations then read `test/engine/fixtures/x.yaml:12`). */
export function loadRepoTopology(relativePath: string): Promise<Topology> {
  let p = cache.get(relativePath);
  if (!p) {
    p = (async () => {
      // Relative to the working directory (the repository root under vitest), so locations read short.
      const result = await loadTopology(path.relative(process.cwd(), path.join(REPO_ROOT, relativePath)));
      if (!result.ok) throw new Error(`${relativePath} does not load:\n${result.diagnostics.map((d) => `${d.code} ${d.message}`).join('\n')}`);
      return result.topology;
    })();
    cache.set(relativePath, p);
  }
  return p;
}

export function fixture(name: string): Promise<Topology> {
  return loadRepoTopology(`test/engine/fixtures/${name}.yaml`);
}

export type Request = Omit<FlowRequest, 'from' | 'to' | 'protocol'> & { protocol?: number };

/** Traces `from` → `to` (text forms as on the command line); one flow only. */
export function trace(topology: Topology, from: string, to: string, fields: Request = {}, options: TraceOptions = {}): Trace[] {
  const flows = flowsFor(topology, { from, to, protocol: 6, dstPort: 443, ...fields });
  if (!flows.ok) throw new Error(flows.diagnostic.message);
  if (flows.value.length !== 1) throw new Error(`expected one flow, got ${flows.value.length}`);
  return traceFlow(topology, flows.value[0]!, options);
}

export function only(traces: readonly Trace[]): Trace {
  if (traces.length !== 1) throw new Error(`expected one trace, got ${traces.length}: ${traces.map((t) => t.disposition).join(', ')}`);
  return traces[0]!;
}

export function path_(t: Trace): string[] {
  return t.hops.map((h) => h.node);
}

/** A fixture with its text edited (for variants such as a stateless firewall); fails if the edit does not apply. */
export async function fixtureVariant(name: string, edit: (text: string) => string): Promise<Topology> {
  const { readFile } = await import('node:fs/promises');
  const { loadTopologyText } = await import('../../src/topology/load.js');
  const file = `test/engine/fixtures/${name}.yaml`;
  const text = await readFile(path.join(REPO_ROOT, file), 'utf8');
  const edited = edit(text);
  if (edited === text) throw new Error(`the edit changed nothing in ${file}`);
  const result = await loadTopologyText(edited, path.join(REPO_ROOT, file));
  if (!result.ok) throw new Error(`${file} (edited) does not load:\n${result.diagnostics.map((d) => `${d.code} ${d.message}`).join('\n')}`);
  return result.topology;
}
