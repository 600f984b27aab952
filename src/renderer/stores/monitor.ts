import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { ContainerRef, NetworkSample } from '../../shared/contract';
import { api, ApiError } from '../api/client';
import { containerKey, keyOf } from '../lib/containers';
import { pushRing } from '../lib/network-activity';

/** How often a watched container's lease is renewed; the main process stops samples at expiry. */
export const RENEW_MS = 5000;
const MIN_RENEW_MS = 500;

interface Lease {
  ref: ContainerRef;
  /** Watchers of this container (a panel, a view); the stream stops when the last one leaves. */
  count: number;
  timer: ReturnType<typeof setTimeout> | null;
}

/**
 * Live network samples of the containers someone is looking at. Watching takes a lease the main
 * process honours until `expiresAt`; it is renewed every few seconds while watched and released
 * (`monitor.unwatch`) when the last watcher leaves.
 */
export const useMonitorStore = defineStore('monitor', () => {
  /** The last SAMPLE_LIMIT samples per container key, oldest first. */
  const samples = ref<Record<string, NetworkSample[]>>({});
  const errors = ref<Record<string, ApiError | null>>({});
  const intervals = ref<Record<string, number>>({});
  const leases = new Map<string, Lease>();
  let subscribed = false;

  function subscribe(): void {
    if (subscribed) return;
    subscribed = true;
    api.on('monitor.sample', onSample);
    // Leases may have expired while the event stream was down: take them again now.
    api.onReconnect(() => leases.forEach((_, key) => void renew(key)));
  }

  /** The watched key a sample belongs to: engines may report the full id of a container watched by a short one. */
  function keyForSample(s: NetworkSample): string | null {
    const exact = keyOf(s.engineId, s.containerId);
    if (leases.has(exact)) return exact;
    for (const [key, lease] of leases) {
      if (lease.ref.engineId !== s.engineId) continue;
      if (s.containerId.startsWith(lease.ref.id) || lease.ref.id.startsWith(s.containerId)) return key;
    }
    return null;
  }

  function onSample(s: NetworkSample): void {
    const key = keyForSample(s);
    if (key) samples.value[key] = pushRing(samples.value[key] ?? [], s);
  }

  function schedule(key: string, delay: number): void {
    const lease = leases.get(key);
    if (!lease) return;
    if (lease.timer) clearTimeout(lease.timer);
    lease.timer = setTimeout(() => void renew(key), delay);
  }

  async function renew(key: string): Promise<void> {
    const lease = leases.get(key);
    if (!lease) return;
    try {
      const answer = await api.invoke('monitor.watch', lease.ref);
      if (leases.get(key) !== lease) return;
      errors.value[key] = null;
      intervals.value[key] = answer.intervalMs;
      // Renew well before expiry, even when the main process hands out short leases.
      const left = Date.parse(answer.expiresAt) - Date.now();
      const delay = Number.isFinite(left) ? Math.min(RENEW_MS, Math.max(MIN_RENEW_MS, left / 2)) : RENEW_MS;
      schedule(key, delay);
    } catch (e) {
      if (leases.get(key) !== lease) return;
      errors.value[key] = ApiError.wrap(e);
      schedule(key, RENEW_MS);
    }
  }

  /** Starts (or joins) the stream of one container; the first watcher starts from an empty chart. */
  function watch(c: ContainerRef): Promise<void> {
    subscribe();
    const key = containerKey(c);
    const existing = leases.get(key);
    if (existing) {
      existing.count++;
      return Promise.resolve();
    }
    leases.set(key, { ref: { engineId: c.engineId, id: c.id }, count: 1, timer: null });
    samples.value[key] = [];
    errors.value[key] = null;
    return renew(key);
  }

  /** Leaves the stream; the last watcher stops renewing and releases the lease. Samples stay for display. */
  async function unwatch(c: ContainerRef): Promise<void> {
    const key = containerKey(c);
    const lease = leases.get(key);
    if (!lease) return;
    if (--lease.count > 0) return;
    if (lease.timer) clearTimeout(lease.timer);
    leases.delete(key);
    try {
      await api.invoke('monitor.unwatch', lease.ref);
    } catch {
      // The lease expires on its own anyway.
    }
  }

  return {
    samples,
    errors,
    intervals,
    watch,
    unwatch,
    isWatching: (c: ContainerRef) => leases.has(containerKey(c)),
    samplesFor: (c: ContainerRef): NetworkSample[] => samples.value[containerKey(c)] ?? [],
  };
});
