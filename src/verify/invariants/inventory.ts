/** The P invariants (inventory and policy attributes), from `inventory` attributes. An undeclared attribute is a failure: nothing is assumed. */
import type { Inventory, TopologyNode, ZoneClass } from '../../topology/model.js';
import { classesOf } from '../matrix/attacker.js';
import type { Violation } from '../result.js';
import type { VerifyContext } from '../context.js';
import type { Invariant, InvariantOutcome } from './types.js';

export type Requirement = { readonly key: keyof Inventory; readonly ok: (v: unknown) => boolean; readonly want: string };
const isTrue: Requirement['ok'] = (v) => v === true;

/** Hosts of a class: by their zone or by a segment one of their NICs is on (a dual-homed LG/INET PC is an INET host too). */
function hostsOfClass(ctx: VerifyContext, cls: ZoneClass, role?: 'terminal' | 'server'): TopologyNode[] {
  return [...ctx.topology.nodes.values()].filter((n) => n.kind === 'host' && classesOf(ctx.topology, n).has(cls) && (role === undefined || n.role === role));
}

function requireAll(nodes: readonly TopologyNode[], reqs: readonly Requirement[], what: string): InvariantOutcome {
  if (nodes.length === 0) return { status: 'not-applicable', notes: [`no ${what} in this topology`] };
  const violations: Violation[] = [];
  for (const n of nodes) {
    const missing = reqs.filter((r) => !r.ok(n.inventory[r.key]));
    if (missing.length === 0) continue;
    violations.push({
      summary: `In the inventory of ${n.name}, ${missing.map((r) => `${String(r.key)} is ${n.inventory[r.key] === undefined ? 'not declared' : JSON.stringify(n.inventory[r.key])} (required: ${r.want})`).join('; ')}.`,
      location: n.location,
    });
  }
  return { status: violations.length ? 'fail' : 'pass', violations, notes: [`${nodes.length} ${what} checked`] };
}

/** What P1, P2 and P3 require of an INET host's inventory (the migration's T1 and T2 read the same lists). */
export const P1_REQUIREMENTS: readonly Requirement[] = [
  { key: 'epp', ok: isTrue, want: 'true' }, { key: 'edr', ok: isTrue, want: 'true' },
  { key: 'assetManagement', ok: isTrue, want: 'true' }, { key: 'patching', ok: isTrue, want: 'true' },
];
export const P2_REQUIREMENTS: readonly Requirement[] = [{ key: 'logCollection', ok: isTrue, want: 'true' }];
export const P3_REQUIREMENTS: readonly Requirement[] = [{ key: 'holdsResidentData', ok: (v) => v === false, want: 'false' }];

const beta = (model: string) => model === 'beta' || model === 'beta-prime';

export const P1: Invariant = {
  id: 'P1',
  title: 'every terminal and server in INET has EPP, EDR, asset management and patching',
  basis: 'docs/guideline-basis.md#b-endpoint',
  check: (ctx, model) => {
    if (!beta(model)) return { status: 'not-applicable', notes: ['P1 applies to β and β′'] };
    return requireAll(hostsOfClass(ctx, 'INET'), P1_REQUIREMENTS, 'INET hosts');
  },
};

export const P2: Invariant = {
  id: 'P2',
  title: 'every business system in INET feeds operation logs to monitoring',
  basis: 'docs/guideline-basis.md#b-logs',
  check: (ctx, model) => {
    if (model !== 'beta-prime') return { status: 'not-applicable', notes: ['P2 applies to β′'] };
    return requireAll(hostsOfClass(ctx, 'INET', 'server'), P2_REQUIREMENTS, 'INET servers');
  },
};

export const P3: Invariant = {
  id: 'P3',
  title: 'no terminal, system or file server in INET stores 住民情報',
  basis: 'docs/guideline-basis.md#b-resident-data',
  check: (ctx, model) => {
    if (!beta(model)) return { status: 'not-applicable', notes: ['P3 applies to β and β′'] };
    return requireAll(hostsOfClass(ctx, 'INET'), P3_REQUIREMENTS, 'INET terminals and servers');
  },
};

const FILE_SERVER = /file[ -]?server|ファイルサーバ|文書管理|document/i;

export const P4: Invariant = {
  id: 'P4',
  title: 'file and document servers have 課室-level (section) access control or finer',
  basis: 'docs/guideline-basis.md#b-access-control',
  check: (ctx) => {
    const servers = [...ctx.topology.nodes.values()].filter((n) => n.kind === 'host' && n.role === 'server' && (FILE_SERVER.test(n.inventory.systemName ?? '') || n.tags.some((t) => FILE_SERVER.test(t))));
    const out = requireAll(servers, [{ key: 'accessControl', ok: (v) => v === 'section' || v === 'subsection', want: 'section or subsection' }], 'file/document servers (systemName or tag mentioning file server/ファイルサーバ/文書管理/document)');
    return { ...out, notes: [...(out.notes ?? []), 'servers are recognised by name or tag only'] };
  },
};

export const P7: Invariant = {
  id: 'P7',
  title: 'MN terminals: two-factor authentication, export blocked, no wireless LAN (EAP-TLS only from R7.3)',
  basis: 'docs/guideline-basis.md#b-mn-terminal',
  check: (ctx) => {
    const r73 = ctx.topology.guidelineVersion === 'R7.3';
    const out = requireAll([...hostsOfClass(ctx, 'MN', 'terminal'), ...hostsOfClass(ctx, 'MN_GC', 'terminal')], [
      { key: 'twoFactorAuth', ok: isTrue, want: 'true' },
      { key: 'exportBlocked', ok: isTrue, want: 'true' },
      { key: 'wlan', ok: (v) => v === 'none' || (r73 && v === 'eap-tls'), want: r73 ? 'none or eap-tls' : 'none' },
    ], 'MN terminals');
    return { ...out, notes: [...(out.notes ?? []), 'not checked: permitted-USB-device control (not in the inventory format)', `WLAN rule for guideline ${ctx.topology.guidelineVersion ?? '(none declared: pre-R7.3 rule applied)'}`] };
  },
};
