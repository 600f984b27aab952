import { defineStore } from 'pinia';
import { ref, type Ref } from 'vue';
import type { ContainerRef, DnsCheck, ResolveResult, ResultOf } from '../../shared/contract';
import { api, ApiError } from '../api/client';
import { containerKey } from '../lib/containers';

/** One question's state: still asking, its latest answer, or why it could not be answered. */
export interface Slot<T> {
  pending: boolean;
  data: T | null;
  error: ApiError | null;
}

export type ResolverConfig = ResultOf<'dns.containerConfig'>;
export type HostDnsConfig = ResultOf<'dns.hostConfig'>;

const empty = <T>(): Slot<T> => ({ pending: false, data: null, error: null });

/**
 * DNS questions asked from inside containers (and of the host). Answers are kept per container,
 * so reopening a container's panel shows what was last found for it.
 */
export const useDnsStore = defineStore('dns', () => {
  const resolvers = ref<Record<string, Slot<ResolverConfig>>>({});
  const lookups = ref<Record<string, Slot<ResolveResult>>>({});
  const checks = ref<Record<string, Slot<DnsCheck>>>({});
  const host = ref<Slot<HostDnsConfig>>(empty());
  const domains = ref<Record<string, Slot<string[]>>>({});
  /** Latest request per slot: a slower earlier answer must not replace a newer one. */
  const seqs = new Map<string, number>();

  async function ask<T>(tag: string, table: Ref<Record<string, Slot<T>>>, key: string, run: () => Promise<T>): Promise<T | null> {
    const seqKey = `${tag}:${key}`;
    const mine = (seqs.get(seqKey) ?? 0) + 1;
    seqs.set(seqKey, mine);
    const previous = table.value[key]?.data ?? null;
    table.value[key] = { pending: true, data: previous, error: null };
    try {
      const data = await run();
      if (seqs.get(seqKey) === mine) table.value[key] = { pending: false, data, error: null };
      return data;
    } catch (e) {
      if (seqs.get(seqKey) === mine) table.value[key] = { pending: false, data: null, error: ApiError.wrap(e) };
      return null;
    }
  }

  const refOf = (c: ContainerRef) => ({ engineId: c.engineId, id: c.id });

  /** Looks `name` up from inside the container; an NXDOMAIN is an answer (ok: false), not an error. */
  function resolve(c: ContainerRef, name: string): Promise<ResolveResult | null> {
    return ask('lookup', lookups, containerKey(c), () => api.invoke('dns.resolve', { ...refOf(c), name }));
  }

  function containerConfig(c: ContainerRef): Promise<ResolverConfig | null> {
    return ask('resolver', resolvers, containerKey(c), () => api.invoke('dns.containerConfig', refOf(c)));
  }

  function check(c: ContainerRef, names?: string[]): Promise<DnsCheck | null> {
    const request = names?.length ? { ...refOf(c), names } : refOf(c);
    return ask('check', checks, containerKey(c), () => api.invoke('dns.check', request));
  }

  async function hostConfig(): Promise<HostDnsConfig | null> {
    host.value = { ...host.value, pending: true, error: null };
    try {
      const data = await api.invoke('dns.hostConfig', {});
      host.value = { pending: false, data, error: null };
      return data;
    } catch (e) {
      host.value = { pending: false, data: null, error: ApiError.wrap(e) };
      return null;
    }
  }

  /** Apple `container system dns` domains of one engine. */
  function listDomains(engineId: string): Promise<string[] | null> {
    return ask('domains', domains, engineId, async () => (await api.invoke('dns.domains.list', { engineId })).domains);
  }

  function createDomain(engineId: string, domain: string, localhost?: string): Promise<string[] | null> {
    const request = localhost ? { engineId, domain, localhost } : { engineId, domain };
    return ask('domains', domains, engineId, async () => (await api.invoke('dns.domains.create', request)).domains);
  }

  function deleteDomain(engineId: string, domain: string): Promise<string[] | null> {
    return ask('domains', domains, engineId, async () => (await api.invoke('dns.domains.delete', { engineId, domain })).domains);
  }

  const slot = <T>(table: Record<string, Slot<T>>, key: string): Slot<T> => table[key] ?? empty<T>();

  return {
    resolvers,
    lookups,
    checks,
    host,
    domains,
    resolve,
    containerConfig,
    check,
    hostConfig,
    listDomains,
    createDomain,
    deleteDomain,
    lookupFor: (c: ContainerRef) => slot(lookups.value, containerKey(c)),
    resolverFor: (c: ContainerRef) => slot(resolvers.value, containerKey(c)),
    checkFor: (c: ContainerRef) => slot(checks.value, containerKey(c)),
  };
});
