import { summariseTopology, type TopologySummary } from '../../topology/summary.js';
import { EXIT } from '../io.js';
import { INCLUDE_ROOT_FLAGS, INCLUDE_ROOT_HELP, collectIncludeRoot, loadTopologyOrReport } from '../load-topology.js';
import { renderTable } from '../table.js';
import type { RegisterCommand } from './index.js';

export const registerDescribeCommand: RegisterCommand = (program, io, setExitCode) => {
  program
    .command('describe')
    .description('summarise a topology: zones, segments, nodes by kind, pools')
    .argument('<topology>', 'topology file (YAML or JSON)')
    .option(INCLUDE_ROOT_FLAGS, INCLUDE_ROOT_HELP, collectIncludeRoot)
    .option('--json', 'machine-readable output')
    .action(async (file: string, options: { json?: boolean; includeRoot?: string[] }) => {
      const json = options.json ?? false;
      const topology = await loadTopologyOrReport(file, io, json, options);
      if (!topology) return setExitCode(EXIT.badInput);
      const summary = summariseTopology(topology);
      io.stdout(json ? JSON.stringify(summary, null, 2) : renderSummary(summary));
      setExitCode(EXIT.ok);
    });
};

export function renderSummary(s: TopologySummary): string {
  const out: string[] = [];
  out.push(`Topology "${s.name}"${s.model ? ` — model ${s.model}` : ''}${s.guidelineVersion ? `, guideline ${s.guidelineVersion}` : ''}`);
  out.push(`${s.totals.nodes} nodes, ${s.totals.endpoints} endpoints (pools expanded), ${s.segments.length} segments, ${s.totals.rules} ACL rules, ${s.files.length} file(s)`);
  out.push('', 'Zones');
  out.push(renderTable(['zone', 'class', 'segments', 'terminals', 'servers', 'nodes by kind'], s.zones.map((z) => [z.zone, z.class, z.segments, z.terminals, z.servers, Object.entries(z.nodesByKind).map(([k, n]) => `${k} ${n}`).join(', ')])));
  out.push('', 'Segments');
  out.push(renderTable(['segment', 'zone', 'prefix', 'vlan', 'vrf', 'site'], s.segments.map((g) => [g.name, g.zone, g.prefix, g.vlan ?? '', g.vrf, g.site ?? ''])));
  out.push('', 'Nodes by kind');
  for (const [kind, names] of Object.entries(s.nodesByKind)) {
    const shown = names.length > 12 ? `${names.slice(0, 12).join(', ')} … (+${names.length - 12})` : names.join(', ');
    out.push(`  ${kind} (${names.length}): ${shown}`);
  }
  if (s.pools.length) {
    out.push('', 'Pools');
    out.push(renderTable(['node', 'zone', 'role', 'count'], s.pools.map((p) => [p.node, p.zone, p.role, p.count])));
  }
  if (s.logicalNetworks.length > 1) out.push('', `Logical networks: ${s.logicalNetworks.join(', ')}`);
  return out.join('\n');
}
