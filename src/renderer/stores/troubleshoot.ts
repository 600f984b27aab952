import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { CheckResult, RequestOf, TroubleshootReport } from '../../shared/contract';
import { api, ApiError } from '../api/client';
import { mergeResult, newRunId } from '../lib/checks';
import { copyText } from '../lib/clipboard';

export type TroubleshootRequest = Omit<RequestOf<'troubleshoot.run'>, 'runId'>;

export interface TroubleshootRun {
  runId: string;
  request: TroubleshootRequest;
  pending: boolean;
  /** Steps as they finish, in the order they ran; the report's steps replace them at the end. */
  steps: CheckResult[];
  report: TroubleshootReport | null;
  error: ApiError | null;
}

export const COPIED_NOTICE_MS = 3000;

/** One troubleshooting run at a time: the newest replaces the last, whose report stays until then. */
export const useTroubleshootStore = defineStore('troubleshoot', () => {
  const current = ref<TroubleshootRun | null>(null);
  /** The last finished report (of any scenario). */
  const lastReport = ref<TroubleshootReport | null>(null);
  /** What the last copy did, for the message next to the button. */
  const copyState = ref<'idle' | 'copied' | 'failed'>('idle');
  let copyTimer: ReturnType<typeof setTimeout> | null = null;

  async function run(request: TroubleshootRequest): Promise<TroubleshootReport | null> {
    const runId = newRunId();
    current.value = { runId, request, pending: true, steps: [], report: null, error: null };
    copyState.value = 'idle';
    const mine = () => (current.value?.runId === runId ? current.value : null);
    const positions = new Map<string, number>();
    const off = api.on('diagnostics.progress', (p) => {
      const run = p.runId === runId ? mine() : null;
      if (!run || !run.pending) return;
      positions.set(p.result.id, p.position);
      run.steps = mergeResult(run.steps, p.result, (id) => positions.get(id));
    });
    try {
      const report = await api.invoke('troubleshoot.run', { ...request, runId });
      const run = mine();
      if (run) current.value = { ...run, pending: false, steps: report.steps, report };
      lastReport.value = report;
      return report;
    } catch (e) {
      const run = mine();
      if (run) current.value = { ...run, pending: false, error: ApiError.wrap(e) };
      return null;
    } finally {
      off();
    }
  }

  /** Copies the report as Markdown and says so for a few seconds. */
  async function copyMarkdown(report: TroubleshootReport | null = current.value?.report ?? lastReport.value): Promise<boolean> {
    if (!report) return false;
    const ok = await copyText(report.markdown);
    copyState.value = ok ? 'copied' : 'failed';
    if (copyTimer) clearTimeout(copyTimer);
    copyTimer = setTimeout(() => (copyState.value = 'idle'), COPIED_NOTICE_MS);
    return ok;
  }

  return { current, lastReport, copyState, run, copyMarkdown };
});
