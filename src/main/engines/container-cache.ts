import type { Container, ContainersChanged } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { findContainerByRef } from '../../shared/host-address';
import type { ContainerEngine, ContainerEvent } from './container-engine';
import { sameJson } from './same-json';

/** What a cache needs from its supervisor: who it speaks for, and whether its answers still count. */
export interface CacheOwner {
  readonly engineId: string;
  /** Changes are pushed only while the engine is available; a snapshot follows reconnection. */
  isAvailable(): boolean;
  /** Bumped on every (re)connection: a read that began under an older one is thrown away. */
  generation(): number;
}

/**
 * The cached snapshot with the state an event reported. The status text is the engine's own
 * ("Up 3 minutes"), which an event does not carry: it is left empty until the follow-up read, rather
 * than invented.
 */
function patched(c: Container, patch: NonNullable<ContainerEvent['statePatch']>): Container {
  return {
    ...c,
    state: patch.state,
    status: patch.state === c.state ? c.status : '',
    ...(patch.state === 'running' && patch.at ? { startedAt: patch.at } : {}),
  };
}

/**
 * One engine's containers, kept live from its event stream: per event it applies what the event
 * says at once and re-reads just the one container the event names.
 */
export class ContainerCache {
  private readonly cache = new Map<string, Container>();
  /** Per-container refresh state: one read in flight, at most one more queued behind it. */
  private readonly inflight = new Map<string, { again: boolean; done: Promise<Container | null> }>();
  /** Bumped when an event patches a container, so a read that began earlier can't undo the patch. */
  private readonly patchEpoch = new Map<string, number>();
  /** Containers that changed while the full list was loading; re-read once it lands. */
  private pendingDuringLoad: Set<string> | null = null;

  constructor(
    private readonly engine: Pick<ContainerEngine, 'getContainer'>,
    private readonly owner: CacheOwner,
    private readonly push: (change: ContainersChanged) => void,
    /** A read that finds the engine gone reports it here, so the supervisor reconnects. */
    private readonly engineLost: (error: AppError) => void,
  ) {}

  get list(): Container[] {
    return [...this.cache.values()];
  }

  get size(): number {
    return this.cache.size;
  }

  /** From now until `loaded`, events only note which containers to re-read. */
  beginLoad(): void {
    this.pendingDuringLoad = new Set();
  }

  /**
   * Replaces the cache with a full list. `announce` sends the snapshot; the containers that changed
   * meanwhile are re-read after it, so their upserts follow the snapshot rather than precede it.
   */
  loaded(containers: Container[], announce: () => void): void {
    this.cache.clear();
    for (const c of containers) this.cache.set(c.id, c);
    announce();
    const pending = this.pendingDuringLoad ?? new Set<string>();
    this.pendingDuringLoad = null;
    for (const id of pending) void this.refresh(id).catch(() => undefined);
  }

  /** The connection that was loading went away: nothing is waiting for its list any more. */
  cancelLoad(): void {
    this.pendingDuringLoad = null;
  }

  /** Forgets everything (the engine was lost); says whether there was anything to forget. */
  clear(): boolean {
    const had = this.cache.size > 0;
    this.cache.clear();
    return had;
  }

  /**
   * Re-reads one container; used after actions and for each event. When a read is already in
   * flight the caller gets the result of one that starts after its call, never an older one.
   */
  refresh(id: string): Promise<Container | null> {
    const running = this.inflight.get(id);
    if (running) {
      running.again = true;
      return running.done;
    }
    const entry: { again: boolean; done: Promise<Container | null> } = { again: false, done: Promise.resolve(null) };
    entry.done = this.readUntilSettled(id, entry).finally(() => this.inflight.delete(id));
    this.inflight.set(id, entry);
    return entry.done;
  }

  onEvent(event: ContainerEvent): void {
    if (this.pendingDuringLoad) {
      this.pendingDuringLoad.add(event.id);
      return;
    }
    if (event.action === 'remove') {
      // The event may carry a short id or a name; drop whichever cached container it names.
      const match = this.find(event.id);
      if (match) this.remove(match.id);
      return;
    }
    if (event.container) {
      this.upsert(event.container);
      return;
    }
    const cached = event.statePatch ? this.find(event.id) : undefined;
    if (cached && event.statePatch) {
      this.patchEpoch.set(cached.id, (this.patchEpoch.get(cached.id) ?? 0) + 1);
      this.upsert(patched(cached, event.statePatch));
    }
    void this.refresh(cached?.id ?? event.id).catch((err) => {
      if (err instanceof AppError && err.code === 'ENGINE_UNAVAILABLE') this.engineLost(err);
    });
  }

  upsert(container: Container): void {
    const prev = this.cache.get(container.id);
    if (prev && sameJson(prev, container)) return;
    this.cache.set(container.id, container);
    if (this.owner.isAvailable()) this.push({ type: 'upsert', engineId: this.owner.engineId, container });
  }

  remove(id: string): void {
    this.patchEpoch.delete(id);
    if (!this.cache.delete(id)) return;
    if (this.owner.isAvailable()) this.push({ type: 'remove', engineId: this.owner.engineId, id });
  }

  private async readUntilSettled(id: string, entry: { again: boolean }): Promise<Container | null> {
    const gen = this.owner.generation();
    let latest: Container | null;
    do {
      entry.again = false;
      const epoch = this.patchEpoch.get(id) ?? 0;
      latest = await this.engine.getContainer(id);
      if (gen !== this.owner.generation()) return latest;
      if ((this.patchEpoch.get(id) ?? 0) !== epoch) {
        entry.again = true; // read before the latest event: stale, read again
        continue;
      }
      if (latest) this.upsert(latest);
      else this.remove(id);
    } while (entry.again);
    return latest;
  }

  private find(idOrName: string): Container | undefined {
    const direct = this.cache.get(idOrName);
    if (direct) return direct;
    return findContainerByRef(this.cache.values(), idOrName);
  }
}
