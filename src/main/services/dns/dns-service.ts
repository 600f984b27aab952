import type { Container, ContainerRef, DnsCheck, DnsConfig, ResolveResult } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import { parseNslookup } from '../../../shared/dns-lookup-output';
import { findContainerByRef } from '../../../shared/host-address';
import { parseResolvConf } from '../../../shared/resolv-conf';
import { requireAvailable, type EngineRegistry } from '../../engines/engine-registry';
import type { EngineSupervisor } from '../../engines/engine-supervisor';
import type { NetworksService } from '../networks/networks-service';

export interface HostResolver extends DnsConfig {
  source: string;
  raw: string;
}

/** Docker's embedded DNS answers on this address inside every container on a user network. */
const DOCKER_EMBEDDED_DNS = '127.0.0.11';

/**
 * Name resolution as the container sees it: every lookup runs inside the container (nslookup,
 * with argv, never a shell), so the answer is the one the application inside would get.
 */
export class DnsService {
  constructor(
    private readonly engines: EngineRegistry,
    private readonly networks: NetworksService,
    private readonly readHost: () => Promise<HostResolver>,
  ) {}

  async resolve(ref: ContainerRef, name: string, timeoutMs = 3000): Promise<ResolveResult> {
    const { s, c } = this.running(ref);
    const command = ['nslookup', name];
    const started = Date.now();
    const r = await s.engine.exec(c.id, command, { timeoutMs });
    const durationMs = Date.now() - started;
    const output = `${r.stdout}${r.stderr}`.trim();
    if (r.timedOut) {
      return {
        name,
        addresses: [],
        server: null,
        ok: false,
        error: `No answer within ${timeoutMs} ms: the resolver did not respond.`,
        command,
        output,
        durationMs,
      };
    }
    if (r.exitCode === 126 || r.exitCode === 127 || /executable file not found|not found in \$PATH|no such file/i.test(output)) {
      return {
        name,
        addresses: [],
        server: null,
        ok: false,
        error: 'This image has no nslookup; Container Kit cannot run a lookup inside it.',
        command,
        output,
        durationMs,
      };
    }
    const parsed = parseNslookup(output, name);
    const ok = parsed.addresses.length > 0 && !parsed.error;
    return {
      name,
      addresses: parsed.addresses,
      server: parsed.server,
      ok,
      error: ok ? null : (parsed.error ?? 'The lookup returned no address.'),
      command,
      output,
      durationMs,
    };
  }

  async containerConfig(ref: ContainerRef): Promise<DnsConfig & { raw: string }> {
    const { s, c } = this.running(ref);
    const r = await s.engine.exec(c.id, ['cat', '/etc/resolv.conf'], { timeoutMs: 3000 });
    if (r.timedOut || r.exitCode !== 0)
      throw new AppError('ENGINE_ERROR', `Could not read /etc/resolv.conf in ${c.name}: ${(r.stderr || r.stdout).trim() || 'timed out'}`);
    return { ...parseResolvConf(r.stdout), raw: r.stdout };
  }

  hostConfig(): Promise<HostResolver> {
    return this.readHost();
  }

  /** The engine's DNS answers for container names, and the container's resolver points where the engine says. */
  async check(ref: ContainerRef, names?: string[]): Promise<DnsCheck> {
    const { s, c } = this.running(ref);
    const resolvConf = await this.containerConfig(ref);
    const expected = this.expectedNameservers(s, c);
    const targets = names?.length ? names : this.peers(s, c);
    const lookups = await Promise.all(targets.map((n) => this.resolve(ref, n)));
    const userNetworks = this.networks.cached(s.snapshot.id).filter((n) => n.dnsEnabled && c.networks.some((a) => a.network === n.name));
    const pointsRight = expected.length === 0 || expected.some((e) => resolvConf.nameservers.includes(e));
    const failed = lookups.filter((l) => !l.ok);
    let cause: string | null = null;
    let fix: string | null = null;
    if (!pointsRight) {
      cause = `The container's resolver uses ${resolvConf.nameservers.join(', ') || 'no nameserver'}, not the engine's DNS (${expected.join(', ')}), so container names cannot resolve.`;
      fix = 'Remove custom --dns settings that replace the engine resolver, or recreate the container on a user-defined network.';
    } else if (failed.length > 0) {
      cause =
        userNetworks.length === 0
          ? `${c.name} is not on a user-defined network with DNS; on the default network containers do not resolve each other by name.`
          : `Lookup of ${failed.map((f) => f.name).join(', ')} failed: ${failed[0].error}`;
      fix =
        userNetworks.length === 0
          ? 'Create a network (Networks → Create) and connect both containers to it; then use the container name as the host name.'
          : 'Check that the name is a container or alias on a network this container shares.';
    }
    const ok = cause === null;
    const summary = ok
      ? `DNS works: ${lookups.length ? lookups.map((l) => `${l.name} → ${l.addresses.join(', ')}`).join('; ') : 'the resolver points at the engine'}.`
      : (cause ?? 'DNS check failed');
    return {
      ok,
      summary,
      expectedNameservers: expected,
      resolvConf: { nameservers: resolvConf.nameservers, search: resolvConf.search, options: resolvConf.options },
      lookups,
      cause,
      fix,
    };
  }

  /** Apple `container system dns` local domains; other engines have no such thing. */
  async domains(engineId: string, change?: { create?: string; delete?: string; localhost?: string }): Promise<{ domains: string[] }> {
    const s = this.engines.get(engineId);
    const e = s.engine;
    if (!e.capabilities.dnsDomains || !e.listDnsDomains) {
      throw new AppError('UNSUPPORTED', `${s.snapshot.name} has no local DNS domains; containers resolve each other by name on user-defined networks.`);
    }
    if (change?.create) await e.createDnsDomain?.(change.create, change.localhost);
    if (change?.delete) await e.deleteDnsDomain?.(change.delete);
    return { domains: await e.listDnsDomains() };
  }

  private expectedNameservers(s: EngineSupervisor, c: Container): string[] {
    const onUserNetwork = this.networks.cached(s.snapshot.id).filter((n) => !n.isDefault && c.networks.some((a) => a.network === n.name));
    if (onUserNetwork.length === 0) return [];
    if (s.snapshot.kind === 'docker') return [DOCKER_EMBEDDED_DNS];
    // Podman's aardvark-dns and Apple's resolver answer on the network's gateway.
    return onUserNetwork.flatMap((n) => n.subnets.map((x) => x.gateway).filter((g): g is string => !!g));
  }

  /** Names worth resolving: other containers on the user networks this one shares, then its own name. */
  private peers(s: EngineSupervisor, c: Container): string[] {
    const shared = new Set(c.networks.map((a) => a.network));
    const others = s.containers.filter((o) => o.id !== c.id && o.state === 'running' && o.networks.some((a) => shared.has(a.network) && a.dnsNames.length > 0));
    return [...others.slice(0, 3).map((o) => o.name), ...(c.networks.some((a) => a.dnsNames.length) ? [c.name] : [])];
  }

  private running(ref: ContainerRef): { s: EngineSupervisor; c: Container } {
    const s = requireAvailable(this.engines, ref.engineId);
    const c = findContainerByRef(s.containers, ref.id);
    if (!c) throw new AppError('NOT_FOUND', `No container ${ref.id} on ${s.snapshot.name}.`);
    if (c.state !== 'running') throw new AppError('CONFLICT', `${c.name} is ${c.state}: start it to look inside.`);
    return { s, c };
  }
}
