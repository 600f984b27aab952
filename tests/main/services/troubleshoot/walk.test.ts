import { describe, expect, it } from 'vitest';
import type { CheckResult, CheckStatus } from '../../../../src/shared/contract';
import type { Checker } from '../../../../src/main/services/diagnostics/checker';
import { verdictOf, walk } from '../../../../src/main/services/troubleshoot/walk';

function step(id: string, status: CheckStatus, log: string[], ms = 5): Checker<object> {
  return {
    id,
    title: `step ${id}`,
    applicable: () => true,
    async check() {
      log.push(`start ${id}`);
      await new Promise((r) => setTimeout(r, ms));
      return { status, summary: `${id} ${status}`, evidence: [], fixes: status === 'fail' ? [`fix ${id}`] : [] };
    },
  };
}

const result = (id: string, status: CheckStatus): CheckResult => ({
  id,
  title: id,
  status,
  summary: `${id} ${status}`,
  evidence: [],
  fixes: [`fix ${id}`],
  durationMs: 1,
  timedOut: false,
});

describe('walk', () => {
  it('stops at the first failing step: later steps never start', async () => {
    const log: string[] = [];
    const steps = await walk([step('a', 'pass', log), step('b', 'warn', log), step('c', 'fail', log), step('d', 'pass', log)], {});
    expect(steps.map((s) => `${s.id}=${s.status}`)).toEqual(['a=pass', 'b=warn', 'c=fail']);
    expect(log).toEqual(['start a', 'start b', 'start c']);
  });

  it('streams each step as it finishes, before the next one starts', async () => {
    const log: string[] = [];
    await walk([step('a', 'pass', log, 30), step('b', 'pass', log, 1), step('c', 'skipped', log, 10)], {}, { onStep: (r) => log.push(`done ${r.id}`) });
    expect(log).toEqual(['start a', 'done a', 'start b', 'done b', 'start c', 'done c']);
  });

  it('a step past its deadline is a failure flagged timedOut, and ends the walk', async () => {
    const log: string[] = [];
    const steps = await walk([step('slow', 'pass', log, 500), step('after', 'pass', log)], {}, { timeoutMs: 50 });
    expect(steps).toEqual([expect.objectContaining({ id: 'slow', status: 'fail', timedOut: true, summary: 'timed out after 50 ms' })]);
    expect(log).toEqual(['start slow']);
  });
});

describe('verdictOf', () => {
  it('a failed step is the cause, with its summary and fixes', () => {
    expect(verdictOf([result('a', 'pass'), result('b', 'fail')])).toEqual({
      verdict: 'cause-found',
      cause: { stepId: 'b', summary: 'b fail', fixes: ['fix b'] },
    });
  });
  it('all passed is no problem', () => {
    expect(verdictOf([result('a', 'pass'), result('b', 'pass')])).toEqual({ verdict: 'no-problem', cause: null });
  });
  it('warnings or skipped steps without a failure are inconclusive, and so is an empty walk', () => {
    expect(verdictOf([result('a', 'pass'), result('b', 'warn')]).verdict).toBe('inconclusive');
    expect(verdictOf([result('a', 'pass'), result('b', 'skipped')]).verdict).toBe('inconclusive');
    expect(verdictOf([]).verdict).toBe('inconclusive');
  });
});
