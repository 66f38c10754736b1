/**
 * `--order <step>=dev1,dev2,…` (repeatable): the cut-over order into one step, named by the step file's
 * base name (the step the devices change into) or by the plan step's name. Wins over the plan's `order`.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { didYouMean } from '../diagnostics/diagnostic.js';
import type { CutoverOrder } from './half-applied.js';

export function parseOrderOptions(values: readonly string[], stepLabels: readonly string[], planStepNames: readonly string[] = []): { orders: Map<number, CutoverOrder>; diagnostics: Diagnostic[] } {
  const orders = new Map<number, CutoverOrder>();
  const diagnostics: Diagnostic[] = [];
  for (const value of values) {
    const eq = value.indexOf('=');
    const step = eq < 0 ? '' : value.slice(0, eq).trim();
    const entries = eq < 0 ? [] : value.slice(eq + 1).split(',').map((e) => e.trim()).filter((e) => e.length > 0);
    if (step === '' || entries.length === 0) {
      diagnostics.push({ code: 'MIG003', severity: 'error', message: `--order "${value}" is not <step>=<device>,<device>,…`, location: undefined, expected: '--order step2-redesignate=segment:cur_lg_servers,hp-cms,core-fw', hint: 'name the step the devices change into, then the devices (and segment:NAME entries) in the order they change' });
      continue;
    }
    const byLabel = stepLabels.indexOf(step);
    const byPlan = planStepNames.indexOf(step);
    const target = byLabel > 0 ? byLabel : byPlan >= 0 ? byPlan + 1 : -1;
    if (target < 1) {
      const known = [...stepLabels.slice(1), ...planStepNames];
      diagnostics.push({
        code: 'MIG004', severity: 'error', message: byLabel === 0 ? `--order names ${step}, the first step: nothing changes into it` : `--order names step "${step}", which is neither a step file nor a plan step`,
        location: undefined, expected: `one of: ${known.join(', ')}`, hint: didYouMean(step, known) ?? 'name a step file (without .yaml) after the first, or a plan step',
      });
      continue;
    }
    if (orders.has(target)) {
      diagnostics.push({ code: 'MIG003', severity: 'error', message: `--order is given twice for ${stepLabels[target]}`, location: undefined, expected: 'one --order per step', hint: 'merge the two lists into one' });
      continue;
    }
    orders.set(target, { entries, location: undefined });
  }
  return { orders, diagnostics };
}
