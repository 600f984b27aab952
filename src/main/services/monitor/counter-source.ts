/**
 * Where a watched container's network counters come from: the engine's own stats stream when it
 * has one (Docker API engines), otherwise polling /proc/net/dev inside the container (Apple's CLI).
 */
import type { EngineKind } from '../../../shared/contract';
import type { ContainerEngine, ExecResult, NetworkStatsHandlers } from '../../engines/container-engine';
import { parseNetDevCounters } from './proc-net-dev';

export interface CounterSource {
  /** How often counters arrive, so the renderer knows what "live" means here. */
  readonly intervalMs: number;
  close(): void;
}

/**
 * The engines' stats cadence as measured here: Docker sends a message a second, Podman's compat
 * API one every 5 s (it ignores `interval`; see tests/fixtures/docker-stats/README.md).
 */
export const STREAM_CADENCE_MS: Record<EngineKind, number> = { docker: 1000, podman: 5000, apple: 1000 };

export interface PollOptions {
  pollMs: number;
  execTimeoutMs: number;
}

export function openCounterSource(
  engine: ContainerEngine,
  kind: EngineKind | null,
  id: string,
  handlers: NetworkStatsHandlers,
  poll: PollOptions,
): CounterSource {
  if (engine.networkStats) {
    const sub = engine.networkStats(id, handlers);
    return { intervalMs: STREAM_CADENCE_MS[kind ?? 'docker'], close: () => sub.close() };
  }
  return pollNetDev(engine, id, handlers, poll);
}

/** Reads /proc/net/dev every `pollMs`, one read at a time; a failed read ends the source. */
function pollNetDev(engine: ContainerEngine, id: string, handlers: NetworkStatsHandlers, poll: PollOptions): CounterSource {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;
  const end = (error: Error | null): void => {
    if (closed) return;
    closed = true;
    if (timer) clearTimeout(timer);
    handlers.onEnd(error);
  };
  const tick = async (): Promise<void> => {
    timer = null;
    let r: ExecResult;
    try {
      r = await engine.exec(id, ['cat', '/proc/net/dev'], { timeoutMs: poll.execTimeoutMs });
    } catch (err) {
      // NOT_FOUND / CONFLICT: the container is gone or stopped; the stream ends like Podman's does.
      return end(err instanceof Error ? err : new Error(String(err)));
    }
    if (closed) return;
    // A slow read skips one tick rather than ending the watch.
    if (!r.timedOut) {
      const counters = r.exitCode === 0 ? parseNetDevCounters(r.stdout, new Date()) : null;
      if (!counters) return end(new Error(`Could not read /proc/net/dev in ${id}: ${r.stderr.trim() || `exit code ${r.exitCode}`}`));
      handlers.onStats(counters);
    }
    if (!closed) timer = setTimeout(() => void tick(), poll.pollMs);
  };
  void tick();
  return {
    intervalMs: poll.pollMs,
    close: () => {
      closed = true;
      if (timer) clearTimeout(timer);
    },
  };
}
