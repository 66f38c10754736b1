/** The P invariants of DOMAIN.md §4, from `inventory` attributes. An undeclared attribute is a failure: nothing is assumed. */
import type { Inventory, TopologyNode } from '../../topology/model.js';
import type { Violation } from '../result.js';
import type { VerifyContext } from '../context.js';
import type { Invariant, InvariantOutcome } from './types.js';

type Requirement = { readonly key: keyof Inventory; readonly ok: (v: unknown) => boolean; readonly want: string };
const isTrue: Requirement['ok'] = (v) => v === true;

function hostsOfClass(ctx: VerifyContext, cls: string, role?: 'terminal' | 'server'): TopologyNode[] {
  return [...ctx.topology.nodes.values()].filter((n) => n.kind === 'host' && ctx.topology.zones.get(n.zone)?.class === cls && (role === undefined || n.role === role));
}

function requireAll(nodes: readonly TopologyNode[], reqs: readonly Requirement[], what: string): InvariantOutcome {
  if (nodes.length === 0) return { status: 'not-applicable', notes: [`no ${what} in this topology`] };
  const violations: Violation[] = [];
  for (const n of nodes) {
    const missing = reqs.filter((r) => !r.ok(n.inventory[r.key]));
    if (missing.length === 0) continue;
    violations.push({
      summary: `${n.name}: ${missing.map((r) => `${String(r.key)} is ${n.inventory[r.key] === undefined ? 'not declared' : JSON.stringify(n.inventory[r.key])} (want ${r.want})`).join('; ')}`,
      location: n.location,
    });
  }
  return { status: violations.length ? 'fail' : 'pass', violations, notes: [`${nodes.length} ${what} checked`] };
}

const beta = (model: string) => model === 'beta' || model === 'beta-prime';

export const P1: Invariant = {
  id: 'P1',
  title: 'every terminal and server in INET has EPP, EDR, asset management and patching',
  basis: 'DOMAIN.md §4 P1; 004 β/β′ required measures (EDR etc. for INET terminals)',
  check: (ctx, model) => {
    if (!beta(model)) return { status: 'not-applicable', notes: ['P1 applies to β and β′'] };
    return requireAll(hostsOfClass(ctx, 'INET'), [
      { key: 'epp', ok: isTrue, want: 'true' }, { key: 'edr', ok: isTrue, want: 'true' },
      { key: 'assetManagement', ok: isTrue, want: 'true' }, { key: 'patching', ok: isTrue, want: 'true' },
    ], 'INET hosts');
  },
};

export const P2: Invariant = {
  id: 'P2',
  title: 'every business system in INET feeds operation logs to monitoring',
  basis: 'DOMAIN.md §4 P2; 004 β′ (業務システムのログ管理)',
  check: (ctx, model) => {
    if (model !== 'beta-prime') return { status: 'not-applicable', notes: ['P2 applies to β′'] };
    return requireAll(hostsOfClass(ctx, 'INET', 'server'), [{ key: 'logCollection', ok: isTrue, want: 'true' }], 'INET servers');
  },
};

export const P3: Invariant = {
  id: 'P3',
  title: 'no system or file server in INET stores 住民情報',
  basis: 'DOMAIN.md §4 P3; 004 調査表 機密性/住民情報',
  check: (ctx, model) => {
    if (!beta(model)) return { status: 'not-applicable', notes: ['P3 applies to β and β′'] };
    return requireAll(hostsOfClass(ctx, 'INET', 'server'), [{ key: 'holdsResidentData', ok: (v) => v === false, want: 'false' }], 'INET servers');
  },
};

const FILE_SERVER = /file[ -]?server|ファイルサーバ|文書管理|document/i;

export const P4: Invariant = {
  id: 'P4',
  title: 'file and document servers have 課室-level (section) access control or finer',
  basis: 'DOMAIN.md §4 P4 (課室 required, 係 recommended)',
  check: (ctx) => {
    const servers = [...ctx.topology.nodes.values()].filter((n) => n.kind === 'host' && n.role === 'server' && (FILE_SERVER.test(n.inventory.systemName ?? '') || n.tags.some((t) => FILE_SERVER.test(t))));
    const out = requireAll(servers, [{ key: 'accessControl', ok: (v) => v === 'section' || v === 'subsection', want: 'section or subsection' }], 'file/document servers (systemName or tag mentioning file server/ファイルサーバ/文書管理/document)');
    return { ...out, notes: [...(out.notes ?? []), 'servers are recognised by name or tag only'] };
  },
};

export const P5: Invariant = {
  id: 'P5',
  title: 'pre-adoption internal and external audit, reported to J-LIS; periodic audits',
  basis: 'DOMAIN.md §4 P5',
  check: () => ({ status: 'not-checkable', notes: ['audits are organisational facts the topology does not record'] }),
};

export const P6: Invariant = {
  id: 'P6',
  title: 'staff training, targeted-attack drills and a CSIRT',
  basis: 'DOMAIN.md §4 P6',
  check: () => ({ status: 'not-checkable', notes: ['training and CSIRT are organisational facts the topology does not record'] }),
};

export const P7: Invariant = {
  id: 'P7',
  title: 'MN terminals: two-factor authentication, export blocked, no wireless LAN (EAP-TLS only from R7.3)',
  basis: 'DOMAIN.md §2 #7, §4 P7; 対策基準 3.(1)②, 6.1(13); R7.3 (EAP-TLS)',
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

export const P8: Invariant = {
  id: 'P8',
  title: 'per-segment file servers; cross-segment exchange only via sanitisation; cloud storage separated by purpose',
  basis: 'DOMAIN.md §4 P8 [004]',
  check: () => ({ status: 'not-checkable', notes: ['file-server purpose and cloud-storage separation are not in the model; cross-segment exchange is checked by F1/F2'] }),
};

export const Z1: Invariant = {
  id: 'Z1',
  title: 'every zero-trust PEP logs its decisions',
  basis: 'DOMAIN.md §1.3 ② and §2 #20 (authn + authz + logging)',
  check: (ctx) => {
    const peps = [...ctx.topology.nodes.values()].filter((n) => n.kind === 'zt-pep');
    if (peps.length === 0) return { status: 'not-applicable', notes: ['no zt-pep in this topology'] };
    const violations = peps.filter((p) => p.kind === 'zt-pep' && !p.logging).map((p) => ({ summary: `${p.name}: logging is off`, location: p.location }));
    return { status: violations.length ? 'fail' : 'pass', violations, notes: [`${peps.length} PEP(s) checked`] };
  },
};

export const Z2: Invariant = {
  id: 'Z2',
  title: 'every zero-trust PEP denies by default',
  basis: 'DOMAIN.md §1.3 ② (no zone-implied trust; minimise the trust zone)',
  check: (ctx) => {
    const peps = [...ctx.topology.nodes.values()].filter((n) => n.kind === 'zt-pep');
    if (peps.length === 0) return { status: 'not-applicable', notes: ['no zt-pep in this topology'] };
    const violations = peps.filter((p) => p.kind === 'zt-pep' && p.defaultAction !== 'deny').map((p) => ({ summary: `${p.name}: default is permit`, location: p.location }));
    return { status: violations.length ? 'fail' : 'pass', violations, notes: [`${peps.length} PEP(s) checked`] };
  },
};

const migration = (id: string, title: string): Invariant => ({
  id,
  title,
  basis: `DOMAIN.md §4 ${id}, §5 (β′ migration)`,
  check: () => ({ status: 'not-applicable', notes: ['a migration invariant: it compares migration steps, not one topology'] }),
});

export const T_INVARIANTS: readonly Invariant[] = [
  migration('T1', 'P1/P2 hold when a system is relabelled INET'),
  migration('T2', 'P3 holds before step 2'),
  migration('T3', 'no address or VLAN overlap between coexisting segments'),
  migration('T4', 'MN configuration unchanged across steps'),
  migration('T5', 'old segments empty and unreferenced after step 3'),
];
