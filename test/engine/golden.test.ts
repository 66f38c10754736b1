/**
 * Golden traces (see golden-cases.ts). `UPDATE_GOLDEN=1 npx vitest run test/engine` rewrites the
 * files under test/engine/golden/; review the diff: they must be right, not just stable.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { anyServiceMatches } from '../../src/acl/service-match.js';
import { flowsFor } from '../../src/engine/flow.js';
import { renderTraces } from '../../src/engine/render.js';
import { buildForwarding } from '../../src/engine/routing.js';
import { traceFlow } from '../../src/engine/simulate.js';
import type { Trace } from '../../src/engine/trace.js';
import { addressSetContains } from '../../src/net/address-set.js';
import { protocolNumber } from '../../src/net/ports.js';
import { GOLDEN_CASES, type GoldenStep } from './golden-cases.js';
import { loadRepoTopology, REPO_ROOT } from './helpers.js';

const GOLDEN_DIR = path.join(REPO_ROOT, 'test/engine/golden');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

function commandFor(topology: string, s: GoldenStep): string {
  const ports = s.dport === undefined ? '' : ` --dport ${s.dport}`;
  const who = `${s.identity?.userRole ? ` --user-role ${s.identity.userRole}` : ''}${s.identity?.devicePosture ? ` --device-posture ${s.identity.devicePosture}` : ''}`;
  return `segproof trace ${topology} --from ${s.from} --to ${s.to} --proto ${s.proto ?? 'tcp'}${ports}${who} --bidirectional`;
}

function decidingName(t: Trace): string | undefined {
  if (!t.deciding) return undefined;
  return t.deciding.rule ?? `${t.deciding.policy} default`;
}

describe.each(GOLDEN_CASES)('golden $name', (c) => {
  it(c.story, async () => {
    const topology = await loadRepoTopology(c.topology);
    const forwarding = buildForwarding(topology);
    const parts = [`# ${c.name}`, `# ${c.story}`];
    let previous: Trace | undefined;
    for (const [i, step] of c.steps.entries()) {
      const flows = flowsFor(topology, { from: step.from, to: step.to, protocol: protocolNumber(step.proto ?? 'tcp') as number, dstPort: step.dport, identity: step.identity }, forwarding);
      if (!flows.ok) throw new Error(`${step.title}: ${flows.diagnostic.message}`);
      expect(flows.value, step.title).toHaveLength(1);
      const traces = traceFlow(topology, flows.value[0]!, { forwarding, bidirectional: true });
      expect(traces, step.title).toHaveLength(1);
      const t = traces[0]!;
      expect([t.disposition, t.at], `${step.title}: ${t.reason}`).toEqual([step.expect, step.at]);
      if (step.deciding !== undefined) expect(decidingName(t), step.title).toBe(step.deciding);
      if (t.disposition.startsWith('denied')) expect(t.deciding?.location, `${step.title}: a denial names where its rule is written`).toBeDefined();
      if (step.continuesPrevious) {
        expect(previous?.disposition, step.title).toBe('terminated-at-gateway');
        expect(step.from, step.title).toBe(previous?.at);
        const h = t.flow.header;
        const listed = (previous?.sessions ?? []).some((s) => addressSetContains(s.targets, h.dst) && anyServiceMatches(s.services, h));
        expect(listed, `${step.title}: the flow is one of the sessions ${step.from} may originate`).toBe(true);
      }
      // A flow that got somewhere gets its reply back through the same state.
      for (const reply of t.reply ?? []) {
        if (step.replyExpect) expect(reply.disposition, `${step.title}: reply ${reply.reason}`).toBe(step.replyExpect);
        else expect(['delivered', 'exits-network'], `${step.title}: reply ${reply.reason}`).toContain(reply.disposition);
      }
      parts.push('', `## ${i + 1}. ${step.title}`, `$ ${commandFor(c.topology, step)}`, renderTraces(traces));
      previous = t;
    }
    const text = `${parts.join('\n')}\n`;
    const file = path.join(GOLDEN_DIR, `${c.name}.txt`);
    if (UPDATE) {
      await mkdir(GOLDEN_DIR, { recursive: true });
      await writeFile(file, text);
      return;
    }
    if (!existsSync(file)) throw new Error(`missing golden ${path.relative(REPO_ROOT, file)}: run UPDATE_GOLDEN=1 npx vitest run test/engine and review it`);
    expect(text).toBe(await readFile(file, 'utf8'));
  });
});
