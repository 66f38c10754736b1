/**
 * The rule-hit section of a replay's text report. A generated town has a thousand rules, so by default
 * each node shows its most-hit rules and counts the rest; `--all-rules` lists every rule (the JSON report
 * always has every rule).
 */

export interface RuleHits {
  readonly node: string;
  readonly acl: string;
  readonly rule: string;
  readonly action: string;
  readonly hits: number;
  readonly location: string | undefined;
}

/** Rules shown per node unless every rule is asked for. */
export const TOP_RULES_PER_NODE = 5;

export interface RuleHitOptions {
  /** List every rule, in ACL order, instead of the top rules per node. */
  readonly allRules?: boolean;
}

function ruleLine(r: RuleHits): string {
  return `  ${String(r.hits).padStart(10)}  ${r.node}/${r.acl}/${r.rule} (${r.action})${r.hits === 0 ? '  NEVER HIT' : ''}${r.location ? `  ${r.location}` : ''}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function renderRuleHits(rules: readonly RuleHits[], options: RuleHitOptions = {}): string[] {
  const neverHit = rules.filter((r) => r.hits === 0).length;
  const byNode = new Map<string, RuleHits[]>();
  for (const r of rules) {
    const list = byNode.get(r.node) ?? [];
    if (list.length === 0) byNode.set(r.node, list);
    list.push(r);
  }
  const counts = `${plural(rules.length, 'rule')} on ${plural(byNode.size, 'node')}, ${neverHit} never hit`;
  if (options.allRules) return [`rule hits (${counts}):`, ...rules.map(ruleLine)];

  const out = [`rule hits (${counts}; the ${TOP_RULES_PER_NODE} most hit per node, --all-rules lists every rule):`];
  for (const [node, list] of byNode) {
    const hits = list.reduce((n, r) => n + r.hits, 0);
    out.push(`  ${node}: ${plural(hits, 'hit')} on ${plural(list.length, 'rule')}`);
    // Most hits first; ties keep ACL order, so the listing is stable.
    const top = list.filter((r) => r.hits > 0).sort((a, b) => b.hits - a.hits).slice(0, TOP_RULES_PER_NODE);
    for (const r of top) out.push(`  ${ruleLine(r)}`);
    const rest = list.length - top.length;
    if (rest > 0) {
      const restNever = list.filter((r) => r.hits === 0).length;
      const restHits = hits - top.reduce((n, r) => n + r.hits, 0);
      out.push(`      … ${plural(rest, 'more rule')}: ${plural(restHits, 'hit')}, ${restNever} never hit`);
    }
  }
  return out;
}
