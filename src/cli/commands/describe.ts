import { summariseTopology, type TopologySummary } from '../../topology/summary.js';
import { EXIT } from '../io.js';
import { INCLUDE_ROOT_FLAGS, INCLUDE_ROOT_HELP, collectIncludeRoot, loadTopologyOrReport } from '../load-topology.js';
import { renderTable } from '../table.js';
import type { RegisterCommand } from './index.js';

export const registerDescribeCommand: RegisterCommand = (program, io, setExitCode) => {
  program
    .command('describe')
    .description('summarise a topology: zones, segments, nodes by kind, pools, the ACLs of every firewall and router')
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
  out.push(...renderPolicies(s.policies));
  return out.join('\n');
}

/** Nodes without an ACL listed by name, at most this many. */
const WITHOUT_ACL_SHOWN = 12;

/** One table of every ACL of the firewalls and routers; nodes without any are named with what that means. */
function renderPolicies(policies: TopologySummary['policies']): string[] {
  if (policies.length === 0) return [];
  const out = ['', 'Policies (ACLs of firewalls and routers; every applicable ACL must permit)'];
  const withAcls = policies.filter((p) => p.acls.length > 0);
  if (withAcls.length > 0) {
    const rows = withAcls.flatMap((p) =>
      p.acls.map((a, i) => [
        i === 0 ? `${p.node} (${p.kind}${p.stateful ? ', stateful' : ''}; no ACL: ${p.withoutAcl})` : '',
        a.name, a.binding, a.rules, `${a.permits}/${a.denies}`, a.logged, a.defaultAction, a.location ?? '',
      ]),
    );
    out.push(renderTable(['node', 'acl', 'binding', 'rules', 'permit/deny', 'logged', 'default', 'at'], rows));
  }
  for (const kind of ['firewall', 'router'] as const) {
    const bare = policies.filter((p) => p.kind === kind && p.acls.length === 0).map((p) => p.node);
    if (bare.length === 0) continue;
    const names = bare.length > WITHOUT_ACL_SHOWN ? `${bare.slice(0, WITHOUT_ACL_SHOWN).join(', ')} … (+${bare.length - WITHOUT_ACL_SHOWN})` : bare.join(', ');
    const meaning = kind === 'firewall' ? 'deny everything they would forward (no policy, no passage)' : 'permit everything they route';
    out.push(`  ${kind}s without an ACL (${bare.length}), which ${meaning}: ${names}`);
  }
  return out;
}
