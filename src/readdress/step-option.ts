/** `--step N|NAME`: the last step to apply, by its number (1 is the first) or its name. */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { didYouMean, listNames } from '../diagnostics/diagnostic.js';
import { excerpt } from '../diagnostics/escape.js';
import type { ReaddressPlan } from './plan.js';

export type StepOption = { readonly ok: true; readonly index: number | undefined } | { readonly ok: false; readonly diagnostic: Diagnostic };

/** Index (0-based) of the last step to apply; undefined (every step) when the option is not given. */
export function resolveStepOption(plan: ReaddressPlan, option: string | undefined): StepOption {
  if (option === undefined) return { ok: true, index: undefined };
  const names = plan.steps.map((s) => s.name);
  const byName = names.indexOf(option);
  if (byName >= 0) return { ok: true, index: byName };
  if (/^\d+$/.test(option)) {
    const n = Number(option);
    if (n >= 1 && n <= plan.steps.length) return { ok: true, index: n - 1 };
  }
  const guess = didYouMean(option, names);
  return {
    ok: false,
    diagnostic: {
      code: 'CLI001',
      severity: 'error',
      message: `--step "${excerpt(option)}" is neither a step number (1-${plan.steps.length}) nor a step name of plan "${plan.name}"`,
      location: undefined,
      expected: `a number from 1 to ${plan.steps.length}, or one of ${listNames(names)}`,
      hint: guess ? `did you mean "${guess}"?` : 'leave --step out to apply every step',
    },
  };
}
