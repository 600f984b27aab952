import Docker from 'dockerode';
import type { IncomingMessage } from 'node:http';
import type { Container, ContainerDetails } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import type {
  ContainerEngine,
  CreateContainerSpec,
  CreateNetworkSpec,
  EngineCapabilities,
  EngineIdentity,
  EventHandlers,
  EventSubscription,
  ExecResult,
  NetworkStatsHandlers,
} from '../container-engine';
import type { Network } from '../../../shared/contract';
import { execInContainer } from './docker-exec';
import { DockerNetworkApi } from './docker-network-api';
import { createBody } from './docker-create';
import { JsonLineDecoder, toContainerEvent, toNetworkEvent } from './docker-events';
import { normalizeContainer, normalizeDetails, type DockerInspect } from './docker-normalize';
import { toAppError } from './docker-errors';
import { containerAt } from './docker-paths';
import { refuseEngineRedirects } from './engine-redirects';
import { openNetworkStats } from './docker-stats-stream';

export interface DockerEngineOptions {
  /** `unix:///path/to.sock` or `tcp://host:port` (no TLS). */
  endpoint: string;
  /** How many inspects run at once when loading the whole list. */
  concurrency?: number;
}

interface VersionPayload {
  Version?: string;
  ApiVersion?: string;
  Platform?: { Name?: string };
  Components?: Array<{ Name?: string; Version?: string }>;
}

/** Tells Docker from Podman by what `/version` says about its components. */
export function identify(v: VersionPayload): EngineIdentity {
  const podman = v.Components?.find((c) => /podman/i.test(c.Name ?? ''));
  if (podman || /podman/i.test(v.Platform?.Name ?? '')) {
    return { kind: 'podman', product: 'Podman', version: podman?.Version ?? v.Version ?? 'unknown', apiVersion: v.ApiVersion ?? null };
  }
  return { kind: 'docker', product: 'Docker', version: v.Version ?? 'unknown', apiVersion: v.ApiVersion ?? null };
}

export function dockerodeOptions(endpoint: string): Docker.DockerOptions {
  const url = new URL(endpoint);
  if (url.protocol === 'unix:') return { socketPath: decodeURIComponent(url.pathname) };
  if (url.protocol === 'tcp:' || url.protocol === 'http:') {
    return { host: url.hostname, port: Number(url.port || 2375), protocol: 'http' };
  }
  throw new AppError('INVALID_INPUT', `Unsupported engine endpoint ${endpoint}: use unix:///path or tcp://host:port`);
}

/** Docker and Podman, through the Docker Engine API. */
export class DockerEngine implements ContainerEngine {
  readonly id: string;
  readonly endpoint: string;
  private readonly docker: Docker;
  private readonly concurrency: number;
  private readonly streams = new Set<IncomingMessage>();
  private kind: 'docker' | 'podman' = 'docker';
  private readonly networks: DockerNetworkApi;
  readonly capabilities: EngineCapabilities = {
    connectRunning: true,
    networkDrivers: ['bridge', 'macvlan', 'ipvlan'],
    perNetworkDns: false,
    dnsDomains: false,
  };

  constructor(options: DockerEngineOptions) {
    this.id = options.endpoint;
    this.endpoint = options.endpoint;
    refuseEngineRedirects();
    this.docker = new Docker(dockerodeOptions(options.endpoint));
    this.concurrency = options.concurrency ?? 8;
    this.networks = new DockerNetworkApi(this.docker, this.id, this.endpoint, () => this.kind);
  }

  async probe(signal?: AbortSignal): Promise<EngineIdentity> {
    try {
      // dockerode honours abortSignal here; its typings lag behind.
      const version = (await (this.docker.version as (o: object) => Promise<unknown>).call(this.docker, { abortSignal: signal })) as VersionPayload;
      const identity = identify(version);
      this.kind = identity.kind === 'podman' ? 'podman' : 'docker';
      return identity;
    } catch (err) {
      if (signal?.aborted) {
        throw new AppError('ENGINE_UNAVAILABLE', `The engine at ${this.endpoint} did not answer in time.`, { endpoint: this.endpoint });
      }
      throw toAppError(err, this.endpoint);
    }
  }

  async ping(signal?: AbortSignal): Promise<void> {
    try {
      await (this.docker.ping as (o: object) => Promise<unknown>).call(this.docker, { abortSignal: signal });
    } catch (err) {
      throw signal?.aborted
        ? new AppError('ENGINE_UNAVAILABLE', `The engine at ${this.endpoint} stopped answering.`, { endpoint: this.endpoint })
        : toAppError(err, this.endpoint);
    }
  }

  async listContainers(): Promise<Container[]> {
    const summaries = await this.call(() => this.docker.listContainers({ all: true }));
    const ids = summaries.map((s) => s.Id);
    const results: Container[] = [];
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < ids.length) {
        const id = ids[next++];
        const c = await this.getContainer(id);
        if (c) results.push(c); // removed between list and inspect: simply gone
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, ids.length) }, worker));
    return results.sort((a, b) => a.name.localeCompare(b.name));
  }

  async getContainer(id: string): Promise<Container | null> {
    try {
      return normalizeContainer(this.id, await this.inspectRaw(id));
    } catch (err) {
      if (err instanceof AppError && err.code === 'NOT_FOUND') return null;
      throw err;
    }
  }

  async inspectContainer(id: string): Promise<ContainerDetails> {
    return normalizeDetails(this.id, await this.inspectRaw(id));
  }

  async startContainer(id: string): Promise<void> {
    await this.idempotent(id, () => containerAt(this.docker, id).start());
  }

  async stopContainer(id: string, timeoutSeconds?: number): Promise<void> {
    await this.idempotent(id, () => containerAt(this.docker, id).stop(timeoutSeconds === undefined ? {} : { t: timeoutSeconds }));
  }

  async restartContainer(id: string, timeoutSeconds?: number): Promise<void> {
    await this.call(() => containerAt(this.docker, id).restart(timeoutSeconds === undefined ? {} : { t: timeoutSeconds }), `container ${id}`);
  }

  async removeContainer(id: string, force = false): Promise<void> {
    await this.call(() => containerAt(this.docker, id).remove({ force, v: false }), `container ${id}`);
  }

  async createContainer(spec: CreateContainerSpec): Promise<string> {
    const body = { ...createBody(spec), ...(spec.name ? { name: spec.name } : {}) };
    try {
      const created = await this.docker.createContainer(body);
      return created.id;
    } catch (err) {
      const e = toAppError(err, this.endpoint, `image ${spec.image}`);
      if (e.code === 'NOT_FOUND' && /image/i.test(e.message)) {
        throw new AppError('NOT_FOUND', `Image ${spec.image} is not on this engine. Pull or build it first (docker pull ${spec.image}).`, {
          kind: 'image',
          endpoint: this.endpoint,
          image: spec.image,
        });
      }
      throw e;
    }
  }

  listNetworks(): Promise<Network[]> {
    return this.networks.list();
  }

  inspectNetwork(id: string): Promise<Network> {
    return this.networks.inspect(id);
  }

  createNetwork(spec: CreateNetworkSpec): Promise<string> {
    return this.networks.create(spec);
  }

  removeNetwork(id: string): Promise<void> {
    return this.networks.remove(id);
  }

  connectNetwork(network: string, container: string, options: { aliases: string[]; ipv4Address?: string; ipv6Address?: string }): Promise<void> {
    return this.networks.connect(network, container, options);
  }

  disconnectNetwork(network: string, container: string, force: boolean): Promise<void> {
    return this.networks.disconnect(network, container, force);
  }

  async exec(id: string, command: string[], options: { timeoutMs: number }): Promise<ExecResult> {
    return this.call(() => execInContainer(this.docker, id, command, options.timeoutMs), `container ${id}`);
  }

  watch(handlers: EventHandlers): EventSubscription {
    let closed = false;
    let ended = false;
    let stream: IncomingMessage | null = null;
    const end = (error: Error | null): void => {
      if (ended || closed) return;
      ended = true;
      if (stream) this.streams.delete(stream);
      handlers.onEnd(error);
    };
    const decoder = new JsonLineDecoder();
    this.docker
      .getEvents({ filters: { type: ['container', 'network'] } })
      .then((s) => {
        stream = s as unknown as IncomingMessage;
        if (closed) return void stream.destroy();
        this.streams.add(stream);
        stream.setEncoding('utf8');
        stream.on('data', (chunk: string) =>
          decoder.push(chunk, (msg) => {
            if (closed) return;
            const event = toContainerEvent(msg);
            if (event) handlers.onEvent(event);
            const networkEvent = toNetworkEvent(msg);
            if (networkEvent) handlers.onNetworkEvent?.(networkEvent);
          }),
        );
        stream.on('end', () => end(null));
        stream.on('close', () => end(null));
        stream.on('error', (e) => end(e));
      })
      .catch((err) => end(toAppError(err, this.endpoint)));
    return {
      close: () => {
        closed = true;
        if (stream) {
          this.streams.delete(stream);
          stream.destroy();
        }
      },
    };
  }

  networkStats(id: string, handlers: NetworkStatsHandlers): EventSubscription {
    return openNetworkStats(this.docker, this.endpoint, id, this.streams, handlers);
  }

  dispose(): void {
    for (const s of this.streams) s.destroy();
    this.streams.clear();
  }

  private async inspectRaw(id: string): Promise<DockerInspect> {
    return await this.call(() => containerAt(this.docker, id).inspect(), `container ${id}`);
  }

  private async call<T>(fn: () => Promise<T>, what?: string): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw toAppError(err, this.endpoint, what);
    }
  }

  /** Start on a running container, or stop on a stopped one, is success (as the CLI treats it). */
  private async idempotent(id: string, fn: () => Promise<unknown>): Promise<void> {
    try {
      await fn();
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode === 304) return;
      throw toAppError(err, this.endpoint, `container ${id}`);
    }
  }
}
