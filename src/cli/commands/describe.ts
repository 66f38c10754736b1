import { describeCell, describeHeaders, describeLine } from '../../i18n/describe-ja.js';
import type { Lang } from '../../i18n/lang.js';
import { classJa } from '../../i18n/terms-ja.js';
import { summariseTopology, type TopologySummary } from '../../topology/summary.js';
import { EXIT } from '../io.js';
import { INCLUDE_ROOT_FLAGS, INCLUDE_ROOT_HELP, LANG_FLAGS, LANG_HELP, collectIncludeRoot, langOrReport, loadTopologyOrReport } from '../load-topology.js';
import { renderTable } from '../table.js';
import type { RegisterCommand } from './index.js';

export const registerDescribeCommand: RegisterCommand = (program, io, setExitCode) => {
  program
    .command('describe')
    .description('summarise a topology: zones, segments, nodes by kind, pools, the ACLs of every firewall and router')
    .argument('<topology>', 'topology file (YAML or JSON)')
    .option(INCLUDE_ROOT_FLAGS, INCLUDE_ROOT_HELP, collectIncludeRoot)
    .option('--json', 'machine-readable output')
    .option(LANG_FLAGS, LANG_HELP)
    .action(async (file: string, options: { json?: boolean; includeRoot?: string[]; lang?: string }) => {
      const json = options.json ?? false;
      const lang = langOrReport(options.lang, io, json);
      if (!lang) return setExitCode(EXIT.badInput);
      const topology = await loadTopologyOrReport(file, io, json, options, lang);
      if (!topology) return setExitCode(EXIT.badInput);
      const summary = summariseTopology(topology);
      io.stdout(json ? JSON.stringify(summary, null, 2) : renderSummary(summary, lang));
      setExitCode(EXIT.ok);
    });
};

/** The summary as text in `lang` (English sentences, rewritten by describe-ja.ts's templates for Japanese). */
export function renderSummary(s: TopologySummary, lang: Lang = 'en'): string {
  const say = (text: string) => describeLine(text, lang);
  const table = (header: readonly string[], rows: readonly (readonly (string | number)[])[]) => renderTable(describeHeaders(header, lang), rows);
  const out: string[] = [];
  out.push(say(`Topology "${s.name}"${s.model ? ` — model ${s.model}` : ''}${s.guidelineVersion ? `, guideline ${s.guidelineVersion}` : ''}`));
  out.push(say(`${s.totals.nodes} nodes, ${s.totals.endpoints} endpoints (pools expanded), ${s.segments.length} segments, ${s.totals.rules} ACL rules, ${s.files.length} file(s)`));
  out.push('', say('Zones'));
  out.push(table(['zone', 'class', 'segments', 'terminals', 'servers', 'nodes by kind'], s.zones.map((z) => [
    z.zone, lang === 'ja' ? classJa(z.class) : z.class, z.segments, z.terminals, z.servers,
    describeCell(Object.entries(z.nodesByKind).map(([k, n]) => `${k} ${n}`).join(', '), lang),
  ])));
  out.push('', say('Segments'));
  out.push(table(['segment', 'zone', 'prefix', 'vlan', 'vrf', 'site'], s.segments.map((g) => [g.name, g.zone, g.prefix, g.vlan ?? '', g.vrf, g.site ?? ''])));
  out.push('', say('Nodes by kind'));
  for (const [kind, names] of Object.entries(s.nodesByKind)) {
    const shown = names.length > 12 ? `${names.slice(0, 12).join(', ')} … (+${names.length - 12})` : names.join(', ');
    out.push(say(`  ${kind} (${names.length}): ${shown}`));
  }
  if (s.pools.length) {
    out.push('', say('Pools'));
    out.push(table(['node', 'zone', 'role', 'count'], s.pools.map((p) => [p.node, p.zone, describeCell(p.role, lang), p.count])));
  }
  if (s.logicalNetworks.length > 1) out.push('', say(`Logical networks: ${s.logicalNetworks.join(', ')}`));
  out.push(...renderPolicies(s.policies, lang));
  return out.join('\n');
}

/** Nodes without an ACL listed by name, at most this many. */
const WITHOUT_ACL_SHOWN = 12;

/** One table of every ACL of the firewalls and routers; nodes without any are named with what that means. */
function renderPolicies(policies: TopologySummary['policies'], lang: Lang): string[] {
  if (policies.length === 0) return [];
  const say = (text: string) => describeLine(text, lang);
  const out = ['', say('Policies (ACLs of firewalls and routers; every applicable ACL must permit)')];
  const withAcls = policies.filter((p) => p.acls.length > 0);
  if (withAcls.length > 0) {
    const rows = withAcls.flatMap((p) =>
      p.acls.map((a, i) => [
        i === 0 ? describeCell(`${p.node} (${p.kind}${p.stateful ? ', stateful' : ''}; no ACL: ${p.withoutAcl})`, lang) : '',
        a.name, a.binding, a.rules, `${a.permits}/${a.denies}`, a.logged, describeCell(a.defaultAction, lang), a.location ?? '',
      ]),
    );
    out.push(renderTable(describeHeaders(['node', 'acl', 'binding', 'rules', 'permit/deny', 'logged', 'default', 'at'], lang), rows));
  }
  for (const kind of ['firewall', 'router'] as const) {
    const bare = policies.filter((p) => p.kind === kind && p.acls.length === 0).map((p) => p.node);
    if (bare.length === 0) continue;
    const names = bare.length > WITHOUT_ACL_SHOWN ? `${bare.slice(0, WITHOUT_ACL_SHOWN).join(', ')} … (+${bare.length - WITHOUT_ACL_SHOWN})` : bare.join(', ');
    const meaning = kind === 'firewall' ? 'deny everything they would forward (no policy, no passage)' : 'permit everything they route';
    out.push(say(`  ${kind}s without an ACL (${bare.length}), which ${meaning}: ${names}`));
  }
  return out;
}
