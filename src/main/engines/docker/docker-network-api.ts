import type Docker from 'dockerode';
import type { Network } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import type { CreateNetworkSpec } from '../container-engine';
import { toAppError } from './docker-errors';
import { networkAt } from './docker-paths';
import { networkCreateBody, normalizeNetwork, type DockerNetworkPayload, type PodmanNetworkExtras } from './docker-networks';

/** Network calls of the Docker Engine API, shared by Docker and Podman (with Podman's extras). */
export class DockerNetworkApi {
  constructor(
    private readonly docker: Docker,
    private readonly engineId: string,
    private readonly endpoint: string,
    private readonly kind: () => 'docker' | 'podman',
  ) {}

  async list(): Promise<Network[]> {
    const [raw, extras] = await Promise.all([
      this.call(() => this.docker.listNetworks() as Promise<unknown>) as Promise<DockerNetworkPayload[]>,
      this.podmanExtras(),
    ]);
    // The list endpoint leaves out members on some engines; inspect each for the full picture.
    const full = await Promise.all(raw.map((n) => this.inspectRaw(n.Id).catch(() => n)));
    return full.map((n) => normalizeNetwork(this.engineId, n, this.kind(), extras.get(n.Name))).sort((a, b) => a.name.localeCompare(b.name));
  }

  async inspect(id: string): Promise<Network> {
    const [n, extras] = await Promise.all([this.inspectRaw(id), this.podmanExtras()]);
    return normalizeNetwork(this.engineId, n, this.kind(), extras.get(n.Name));
  }

  async create(spec: CreateNetworkSpec): Promise<string> {
    if (spec.dnsServers.length > 0) {
      throw new AppError(
        'UNSUPPORTED',
        `Per-network DNS servers are not supported by this engine's Docker-compatible API (Podman 4.5+ has podman network create --dns; Docker has none). Set DNS servers per container instead.`,
      );
    }
    const created = (await this.call(
      () => this.docker.createNetwork(networkCreateBody(spec) as unknown as Docker.NetworkCreateOptions),
      `network ${spec.name}`,
    )) as { id: string };
    return created.id;
  }

  async remove(id: string): Promise<void> {
    await this.call(() => networkAt(this.docker, id).remove(), `network ${id}`);
  }

  async connect(network: string, container: string, options: { aliases: string[]; ipv4Address?: string; ipv6Address?: string }): Promise<void> {
    const ipam = options.ipv4Address || options.ipv6Address ? { IPAMConfig: { IPv4Address: options.ipv4Address, IPv6Address: options.ipv6Address } } : {};
    await this.call(
      () => networkAt(this.docker, network).connect({ Container: container, EndpointConfig: { Aliases: options.aliases, ...ipam } }),
      `network ${network} or container ${container}`,
    );
  }

  async disconnect(network: string, container: string, force: boolean): Promise<void> {
    await this.call(() => networkAt(this.docker, network).disconnect({ Container: container, Force: force }), `network ${network} or container ${container}`);
  }

  private async inspectRaw(id: string): Promise<DockerNetworkPayload> {
    return await this.call(() => networkAt(this.docker, id).inspect(), `network ${id}`);
  }

  /** Podman's own API says whether aardvark-dns serves a network; the compat API does not. */
  private async podmanExtras(): Promise<Map<string, PodmanNetworkExtras>> {
    const out = new Map<string, PodmanNetworkExtras>();
    if (this.kind() !== 'podman') return out;
    const list = await new Promise<unknown>((resolve) =>
      this.docker.modem.dial({ path: '/v4.0.0/libpod/networks/json', method: 'GET', statusCodes: { 200: true } }, (err, data) => resolve(err ? [] : data)),
    );
    for (const n of Array.isArray(list) ? (list as Array<{ name?: string; dns_enabled?: boolean; network_dns_servers?: string[] }>) : []) {
      if (n.name) out.set(n.name, { dnsEnabled: n.dns_enabled ?? false, dnsServers: n.network_dns_servers ?? [] });
    }
    // The compat API calls the default network `bridge`; Podman itself calls it `podman`.
    const dflt = out.get('podman');
    if (dflt && !out.has('bridge')) out.set('bridge', dflt);
    return out;
  }

  private async call<T>(fn: () => Promise<T>, what?: string): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw toAppError(err, this.endpoint, what);
    }
  }
}
