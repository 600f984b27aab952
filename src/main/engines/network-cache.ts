import type { Network, NetworksChanged } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { CacheOwner } from './container-cache';
import type { ContainerEngine, NetworkEvent } from './container-engine';
import { sameJson } from './same-json';

/** One engine's networks, kept from its event stream and re-read whenever the user asks directly. */
export class NetworkCache {
  private readonly cache = new Map<string, Network>();

  constructor(
    private readonly engine: Pick<ContainerEngine, 'inspectNetwork' | 'listNetworks'>,
    private readonly owner: CacheOwner,
    private readonly push: (change: NetworksChanged) => void,
  ) {}

  get list(): Network[] {
    return [...this.cache.values()];
  }

  /** Replaces the cache with a full list. Pushes nothing: the supervisor sends the snapshot. */
  loaded(networks: Network[]): void {
    this.cache.clear();
    for (const n of networks) this.cache.set(n.id, n);
  }

  /** Forgets everything (the engine was lost), telling listeners if there was anything. */
  clear(): void {
    if (this.cache.size === 0) return;
    this.cache.clear();
    this.push({ type: 'snapshot', engineId: this.owner.engineId, networks: [] });
  }

  /** Re-reads one network (after create/connect, or for an event) and pushes it. */
  async refresh(idOrName: string): Promise<Network | null> {
    const known = this.find(idOrName);
    try {
      const n = await this.engine.inspectNetwork(idOrName);
      this.cache.set(n.id, n);
      if (known && known.id !== n.id) this.cache.delete(known.id);
      if (this.owner.isAvailable()) this.push({ type: 'upsert', engineId: this.owner.engineId, network: n });
      return n;
    } catch (err) {
      if (err instanceof AppError && err.code === 'NOT_FOUND') {
        if (known) this.forget(known.id);
        return null;
      }
      throw err;
    }
  }

  /**
   * Re-reads every network. Not every engine reports network events (Podman 4's compat stream
   * leaves some out), so what the user asks for directly is read fresh.
   */
  async reload(): Promise<Network[]> {
    const fresh = await this.engine.listNetworks();
    const changed = fresh.length !== this.cache.size || fresh.some((n) => !sameJson(n, this.cache.get(n.id)));
    this.loaded(fresh);
    if (changed && this.owner.isAvailable()) this.push({ type: 'snapshot', engineId: this.owner.engineId, networks: fresh });
    return fresh;
  }

  forget(id: string): void {
    if (this.cache.delete(id) && this.owner.isAvailable()) this.push({ type: 'remove', engineId: this.owner.engineId, id });
  }

  onEvent(event: NetworkEvent): void {
    if (event.action === 'remove') {
      const known = this.find(event.id);
      if (known) this.forget(known.id);
      return;
    }
    if (event.network) {
      this.cache.set(event.network.id, event.network);
      if (this.owner.isAvailable()) this.push({ type: 'upsert', engineId: this.owner.engineId, network: event.network });
      return;
    }
    void this.refresh(event.id).catch(() => undefined);
  }

  private find(idOrName: string): Network | undefined {
    return this.list.find((n) => n.id === idOrName || n.name === idOrName);
  }
}
