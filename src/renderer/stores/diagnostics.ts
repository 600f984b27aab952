import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { CheckResult, ContainerFacts, ContainerRef, DiagnosticsReport, RequestOf } from '../../shared/contract';
import { api, ApiError } from '../api/client';
import { mergeResult, newRunId } from '../lib/checks';
import { containerKey } from '../lib/containers';
import type { Slot } from './dns';

export type CheckInputs = Pick<RequestOf<'diagnostics.run'>, 'peers' | 'dnsName' | 'outsideTarget'>;

/** One container's latest run: results fill in as checks finish, then the final report replaces them. */
export interface DiagnosticsRun {
  runId: string;
  pending: boolean;
  results: CheckResult[];
  report: DiagnosticsReport | null;
  error: ApiError | null;
}

const emptySlot = <T>(): Slot<T> => ({ pending: false, data: null, error: null });

/**
 * Container network facts and diagnostics runs, per container. A run picks its own id so the
 * `diagnostics.progress` events of that run (and no other) land in it while the invoke is pending.
 */
export const useDiagnosticsStore = defineStore('diagnostics', () => {
  const facts = ref<Record<string, Slot<ContainerFacts>>>({});
  const runs = ref<Record<string, DiagnosticsRun>>({});
  /** The last finished report per container, kept while a newer run streams in. */
  const lastReports = ref<Record<string, DiagnosticsReport>>({});
  const factSeqs = new Map<string, number>();

  const refOf = (c: ContainerRef): ContainerRef => ({ engineId: c.engineId, id: c.id });

  async function loadFacts(c: ContainerRef): Promise<ContainerFacts | null> {
    const key = containerKey(c);
    const mine = (factSeqs.get(key) ?? 0) + 1;
    factSeqs.set(key, mine);
    facts.value[key] = { pending: true, data: facts.value[key]?.data ?? null, error: null };
    try {
      const data = await api.invoke('diagnostics.facts', refOf(c));
      if (factSeqs.get(key) === mine) facts.value[key] = { pending: false, data, error: null };
      return data;
    } catch (e) {
      if (factSeqs.get(key) === mine) facts.value[key] = { pending: false, data: null, error: ApiError.wrap(e) };
      return null;
    }
  }

  /** Runs every check on the container; a newer run of the same container supersedes this one. */
  async function run(c: ContainerRef, inputs: CheckInputs = {}): Promise<DiagnosticsReport | null> {
    const key = containerKey(c);
    const runId = newRunId();
    runs.value[key] = { runId, pending: true, results: [], report: null, error: null };
    const current = () => (runs.value[key]?.runId === runId ? runs.value[key] : null);
    // Subscribed before invoking: progress may arrive before the invoke's answer.
    const positions = new Map<string, number>();
    const off = api.on('diagnostics.progress', (p) => {
      const mine = p.runId === runId ? current() : null;
      if (!mine || !mine.pending) return;
      positions.set(p.result.id, p.position);
      mine.results = mergeResult(mine.results, p.result, (id) => positions.get(id));
    });
    try {
      const report = await api.invoke('diagnostics.run', { ...refOf(c), runId, ...clean(inputs) });
      const mine = current();
      if (mine) runs.value[key] = { ...mine, pending: false, results: report.results, report };
      lastReports.value[key] = report;
      if (report.facts) facts.value[key] = { pending: false, data: report.facts, error: null };
      return report;
    } catch (e) {
      const mine = current();
      if (mine) runs.value[key] = { ...mine, pending: false, error: ApiError.wrap(e) };
      return null;
    } finally {
      off();
    }
  }

  return {
    facts,
    runs,
    lastReports,
    loadFacts,
    run,
    factsFor: (c: ContainerRef): Slot<ContainerFacts> => facts.value[containerKey(c)] ?? emptySlot(),
    runFor: (c: ContainerRef): DiagnosticsRun | null => runs.value[containerKey(c)] ?? null,
    lastReportFor: (c: ContainerRef): DiagnosticsReport | null => lastReports.value[containerKey(c)] ?? null,
  };
});

/** Leaves unset inputs out: the main process treats a missing one as "don't contact anything". */
function clean(inputs: CheckInputs): CheckInputs {
  const out: CheckInputs = {};
  if (inputs.peers?.length) out.peers = inputs.peers;
  if (inputs.dnsName) out.dnsName = inputs.dnsName;
  if (inputs.outsideTarget) out.outsideTarget = inputs.outsideTarget;
  return out;
}
