import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { ContainerRef, PortCheck, RequestOf, ResultOf } from '../../shared/contract';
import type { PortSpec } from '../../shared/port-spec';
import { api, ApiError } from '../api/client';
import { specKey } from '../lib/port-rows';

/** Live checks wait this long after the last change, so typing "8080" asks once, not four times. */
export const CHECK_DEBOUNCE_MS = 150;

export const usePortsStore = defineStore('ports', () => {
  /** The latest answered check, by `specKey`. */
  const results = ref<Record<string, PortCheck>>({});
  /** A check is scheduled or in flight: its answer may still change what the rows say. */
  const pending = ref(false);
  const error = ref<ApiError | null>(null);
  let seq = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let settlePrevious: (() => void) | null = null;

  /** Drops whatever is scheduled; a debounced call that never ran resolves to null. */
  function cancel(): void {
    seq++;
    if (timer) clearTimeout(timer);
    timer = null;
    settlePrevious?.();
    settlePrevious = null;
  }

  async function run(mine: number, specs: PortSpec[], exclude?: ContainerRef): Promise<PortCheck[] | null> {
    try {
      const { checks } = await api.invoke('ports.check', exclude ? { specs, exclude } : { specs });
      // A newer request was made meanwhile: this answer describes rows that no longer exist.
      if (mine !== seq) return null;
      const next: Record<string, PortCheck> = {};
      specs.forEach((spec, i) => {
        if (checks[i]) next[specKey(spec)] = checks[i];
      });
      results.value = next;
      error.value = null;
      return checks;
    } catch (e) {
      if (mine !== seq) return null;
      results.value = {};
      error.value = ApiError.wrap(e);
      return null;
    } finally {
      if (mine === seq) pending.value = false;
    }
  }

  /**
   * Checks specs against the host and every engine, debounced: only the latest call is sent, and an
   * answer that arrives after a newer call is ignored. Resolves to null when superseded or failed.
   */
  function check(specs: PortSpec[], exclude?: ContainerRef): Promise<PortCheck[] | null> {
    cancel();
    const mine = seq;
    if (specs.length === 0) {
      results.value = {};
      error.value = null;
      pending.value = false;
      return Promise.resolve([]);
    }
    pending.value = true;
    return new Promise((resolve) => {
      settlePrevious = () => resolve(null);
      timer = setTimeout(() => {
        timer = null;
        settlePrevious = null;
        void run(mine, specs, exclude).then(resolve);
      }, CHECK_DEBOUNCE_MS);
    });
  }

  function resultFor(spec: PortSpec): PortCheck | undefined {
    return results.value[specKey(spec)];
  }

  function reset(): void {
    cancel();
    results.value = {};
    error.value = null;
    pending.value = false;
  }

  function suggest(request: RequestOf<'ports.suggest'>): Promise<ResultOf<'ports.suggest'>> {
    return api.invoke('ports.suggest', request);
  }

  function owner(request: RequestOf<'ports.owner'>): Promise<ResultOf<'ports.owner'>> {
    return api.invoke('ports.owner', request);
  }

  /** Every engine's published and configured ports as YAML (or one engine's). */
  function exportYaml(engineId?: string): Promise<ResultOf<'ports.export'>> {
    return api.invoke('ports.export', engineId ? { engineId } : {});
  }

  return { results, pending, error, check, resultFor, reset, suggest, owner, exportYaml };
});
