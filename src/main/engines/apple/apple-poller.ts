import type { Container, Network } from '../../../shared/contract';
import { isAppError } from '../../../shared/errors';
import type { ContainerEvent, EventHandlers, NetworkEvent } from '../container-engine';

/** One poll: the containers, and the networks unless `network ls` failed this time. */
export interface PollSnapshot {
  containers: Container[];
  networks: Network[] | null;
}

/** id → JSON of the normalized item; the diff of two of these is the change. */
type Snapshot = Map<string, string>;

function diff<T extends { id: string }>(previous: Snapshot, items: readonly T[], next: Snapshot): { upserts: T[]; removed: string[] } {
  const upserts = items.filter((i) => previous.get(i.id) !== next.get(i.id));
  const removed = [...previous.keys()].filter((id) => !next.has(id));
  return { upserts, removed };
}

const snapshotOf = (items: ReadonlyArray<{ id: string }>): Snapshot => new Map(items.map((i) => [i.id, JSON.stringify(i)] as const));

/**
 * Apple's CLI has no event stream, so changes are found by diffing `ls` and `network ls` snapshots.
 * The first successful poll of each is the baseline and emits nothing.
 * Polls never overlap: the next one is scheduled only after the previous one settles.
 */
export class Poller {
  private closed = false;
  private ended = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private containers: Snapshot | null = null;
  private networks: Snapshot | null = null;

  constructor(
    private readonly poll: () => Promise<PollSnapshot>,
    private readonly intervalMs: number,
    private readonly handlers: EventHandlers,
    private readonly onClosed: () => void,
  ) {}

  start(): void {
    void this.tick();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.onClosed();
  }

  private async tick(): Promise<void> {
    this.timer = undefined;
    let snap: PollSnapshot;
    try {
      snap = await this.poll();
    } catch (e) {
      if (this.closed) return;
      if (isAppError(e) && e.code === 'ENGINE_UNAVAILABLE') {
        this.end(e);
        return;
      }
      // A transient CLI failure or one unreadable snapshot: keep the baselines and try again.
      this.schedule();
      return;
    }
    if (this.closed) return;
    for (const event of this.containerEvents(snap.containers)) {
      if (this.closed) return;
      this.deliver(() => this.handlers.onEvent(event));
    }
    for (const event of this.networkEvents(snap.networks)) {
      if (this.closed) return;
      this.deliver(() => this.handlers.onNetworkEvent?.(event));
    }
    this.schedule();
  }

  private deliver(call: () => void): void {
    try {
      call();
    } catch (err) {
      // A faulty listener must not stop change detection for everyone else.
      console.error('[apple-engine] event handler threw', err);
    }
  }

  private schedule(): void {
    if (!this.closed) this.timer = setTimeout(() => void this.tick(), this.intervalMs);
  }

  private containerEvents(containers: Container[]): ContainerEvent[] {
    const next = snapshotOf(containers);
    const previous = this.containers;
    this.containers = next;
    if (!previous) return [];
    const { upserts, removed } = diff(previous, containers, next);
    return [
      ...upserts.map((c): ContainerEvent => ({ id: c.id, action: 'upsert', container: c, raw: 'poll' })),
      ...removed.map((id): ContainerEvent => ({ id, action: 'remove', raw: 'poll' })),
    ];
  }

  /** A failed `network ls` (null) keeps the baseline: a blip must not read as every network removed. */
  private networkEvents(networks: Network[] | null): NetworkEvent[] {
    if (!networks) return [];
    const next = snapshotOf(networks);
    const previous = this.networks;
    this.networks = next;
    if (!previous) return [];
    const { upserts, removed } = diff(previous, networks, next);
    return [
      ...upserts.map((n): NetworkEvent => ({ id: n.id, action: 'upsert', network: n, raw: 'poll' })),
      ...removed.map((id): NetworkEvent => ({ id, action: 'remove', raw: 'poll' })),
    ];
  }

  private end(error: Error): void {
    if (this.ended) return;
    this.ended = true;
    this.close();
    this.handlers.onEnd(error);
  }
}
