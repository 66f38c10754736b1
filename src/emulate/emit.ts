/** `--emit-nft <dir>`: every node's rule set as a file, for review. */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { EmulationPlan } from './plan.js';

/** Writes `<node>.nft` (policy and recorder) per node; returns the files written. */
export async function emitNft(plan: EmulationPlan, dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const n of plan.nodes) {
    const file = path.join(dir, `${n.node}.nft`);
    const header = `# ${plan.topology}: node ${n.node} (${n.kind}), namespace ${n.namespace}\n# load with: ip netns exec ${n.namespace} nft -f ${path.basename(file)}\n`;
    await writeFile(file, `${header}${n.nft}`, 'utf8');
    written.push(file);
  }
  return written;
}
