/**
 * Which port conflicts deserve a desktop notification. Conflicts are re-detected over and over (every
 * preflight, every engine retry, every host scan); a notification for each would train the user to
 * ignore them, so each conflict (`key`: one container and port) is announced once, and again only
 * when it is new again: after it was cleared, or after it has been quiet for a long while.
 */

export interface NotificationRegistryOptions {
  /** A conflict not reported for this long counts as a new one. Default 10 minutes. */
  quietMs?: number;
  /** Upper bound on remembered keys; the least recently seen are forgotten first. Default 500. */
  maxEntries?: number;
  now?: () => number;
}

export interface NotifiableConflict {
  key: string;
  engineId?: string | null;
  containerId?: string | null;
}

interface Entry {
  lastSeen: number;
  engineId: string | null;
  containerId: string | null;
}

export const DEFAULT_QUIET_MS = 10 * 60 * 1000;
export const DEFAULT_MAX_ENTRIES = 500;

export class NotificationRegistry {
  private readonly quietMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;
  /** Insertion order is recency order: an entry is re-inserted whenever it is seen. */
  private readonly entries = new Map<string, Entry>();

  constructor(options: NotificationRegistryOptions = {}) {
    this.quietMs = options.quietMs ?? DEFAULT_QUIET_MS;
    this.maxEntries = Math.max(1, options.maxEntries ?? DEFAULT_MAX_ENTRIES);
    this.now = options.now ?? Date.now;
  }

  /**
   * Records that `conflict` was reported and says whether to notify. Every report, notified or not,
   * restarts the quiet period: a conflict that keeps being reported is still the same conflict.
   */
  shouldNotify(conflict: NotifiableConflict): boolean {
    const now = this.now();
    const previous = this.entries.get(conflict.key);
    const fresh = !previous || now - previous.lastSeen >= this.quietMs;
    this.entries.delete(conflict.key);
    this.entries.set(conflict.key, {
      lastSeen: now,
      engineId: conflict.engineId ?? null,
      containerId: conflict.containerId ?? null,
    });
    this.prune(now);
    return fresh;
  }

  /** The conflict was resolved: the next report of it is news again. */
  clear(key: string): void {
    this.entries.delete(key);
  }

  /** Every conflict of one container is resolved (it started with its ports, or it was removed). */
  clearContainer(engineId: string, containerId: string): void {
    for (const [key, entry] of this.entries) {
      if (entry.engineId === engineId && entry.containerId === containerId) this.entries.delete(key);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  private prune(now: number): void {
    // Entries past the quiet period would notify anyway, so dropping them changes nothing but memory.
    for (const [key, entry] of this.entries) {
      if (now - entry.lastSeen < this.quietMs) break; // the rest are more recent
      this.entries.delete(key);
    }
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }
}
