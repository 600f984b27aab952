import type { CheckResult, TroubleshootReport } from '../../../shared/contract';
import { runChecks, type Checker } from '../diagnostics/checker';

export interface WalkOptions {
  /** Deadline of each step, in ms. */
  timeoutMs?: number;
  /** Each step as it finishes, before the next one starts. */
  onStep?: (result: CheckResult) => void;
}

/** Runs the steps one after another and stops at the first failure: later steps assume it passed. */
export async function walk<C>(steps: readonly Checker<C>[], ctx: C, options: WalkOptions = {}): Promise<CheckResult[]> {
  const done: CheckResult[] = [];
  for (const step of steps) {
    const [result] = await runChecks([step], ctx, { timeoutMs: options.timeoutMs });
    done.push(result);
    options.onStep?.(result);
    if (result.status === 'fail') break;
  }
  return done;
}

/** A failed step is the cause; all passed is no problem; otherwise some step could not tell. */
export function verdictOf(steps: readonly CheckResult[]): Pick<TroubleshootReport, 'verdict' | 'cause'> {
  const failed = steps.find((s) => s.status === 'fail');
  if (failed) return { verdict: 'cause-found', cause: { stepId: failed.id, summary: failed.summary, fixes: failed.fixes } };
  return { verdict: steps.length > 0 && steps.every((s) => s.status === 'pass') ? 'no-problem' : 'inconclusive', cause: null };
}
