import type { Container, ContainerDetails, Network } from '../../../shared/contract';
import { AppError, isAppError } from '../../../shared/errors';
import type {
  ContainerEngine,
  CreateContainerSpec,
  CreateNetworkSpec,
  EngineCapabilities,
  EngineIdentity,
  EventHandlers,
  EventSubscription,
  ExecResult,
} from '../container-engine';
import { runCli, type CliResult } from './apple-cli';
import { appleCreateArgs } from './apple-create';
import { changeDnsDomain, listDnsDomains, osascriptRunner, type AdminScriptRunner } from './apple-dns';
import { appleExec } from './apple-exec';
import { APPLE_NO_CONNECT, appleNetworkCreateArgs, checkNetworkName, mapNetworkRemoveError, toNetwork } from './apple-networks';
import { appleContainerId, isSystemRunning, normalizeContainer, normalizeContainerDetails, parseAppleVersion } from './apple-normalize';
import { Poller, type PollSnapshot } from './apple-poller';
import {
  AppleContainerListSchema,
  AppleNetworkListSchema,
  AppleSystemStatusSchema,
  parseCliJson,
  type AppleContainer,
  type AppleNetwork,
  type AppleSystemStatus,
} from './apple-schemas';

export interface AppleContainerEngineOptions {
  /** Absolute path of the `container` binary (see `findAppleContainerCli`). */
  binary: string;
  pollIntervalMs?: number;
  /** Per CLI call. */
  timeoutMs?: number;
  /** Runs the administrator-prompt AppleScript for `system dns create/delete` (tests pass a fake). */
  adminRunner?: AdminScriptRunner;
}

/**
 * Ids are passed as argv entries, never through a shell; this check also guarantees an id can
 * never start with `-` and be read by the CLI as an option (`--help`, `--all`).
 */
const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

function checkId(id: string): string {
  if (typeof id !== 'string' || id.length > 256 || !SAFE_ID.test(id)) {
    throw new AppError('INVALID_INPUT', `Not a valid Apple container id: ${JSON.stringify(String(id).slice(0, 80))}`);
  }
  return id;
}

const NOT_RUNNING_HINT = 'Run `container system start` in Terminal, then try again.';
const LIST_ARGS = ['ls', '-a', '--format', 'json'] as const;
const NETWORK_LIST_ARGS = ['network', 'ls', '--format', 'json'] as const;
const byName = <T extends { name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

export class AppleContainerEngine implements ContainerEngine {
  readonly id: string;
  readonly endpoint: string;
  private readonly binary: string;
  private readonly pollIntervalMs: number;
  private readonly timeoutMs: number;
  private readonly adminRunner: AdminScriptRunner;
  private readonly subscriptions = new Set<EventSubscription>();
  /** Cancels in-flight CLI calls on dispose so none outlives the engine. */
  private readonly lifetime = new AbortController();
  /**
   * Apple has no `network connect`/`disconnect`: networks are attached at create time only, and
   * `perNetworkDns` is false because DNS servers are per container. `bridge` is the generic driver
   * the UI asks for; Apple creates it as a `nat` network (`hostOnly` with `internal`).
   */
  readonly capabilities: EngineCapabilities = {
    connectRunning: false,
    networkDrivers: ['bridge'],
    perNetworkDns: false,
    dnsDomains: true,
  };

  constructor(options: AppleContainerEngineOptions) {
    this.binary = options.binary;
    this.pollIntervalMs = options.pollIntervalMs ?? 2000;
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.adminRunner = options.adminRunner ?? osascriptRunner;
    this.id = `cli:${options.binary}`;
    this.endpoint = options.binary;
  }

  private run(args: readonly string[], extra: { okExitCodes?: number[]; signal?: AbortSignal } = {}): Promise<CliResult> {
    if (this.lifetime.signal.aborted) {
      return Promise.reject(new AppError('ENGINE_UNAVAILABLE', 'The Apple container engine was disposed.'));
    }
    const cancelSignal = extra.signal ? AbortSignal.any([extra.signal, this.lifetime.signal]) : this.lifetime.signal;
    return runCli(this.binary, args, { timeoutMs: this.timeoutMs, okExitCodes: extra.okExitCodes, cancelSignal });
  }

  async probe(signal?: AbortSignal): Promise<EngineIdentity> {
    const status = await this.systemStatus(signal);
    if (!isSystemRunning(status)) {
      throw new AppError('ENGINE_UNAVAILABLE', `The Apple container services are ${status.status}. ${NOT_RUNNING_HINT}`);
    }
    const version = parseAppleVersion(status.apiServerVersion) ?? (await this.cliVersion(signal)) ?? 'unknown';
    return { kind: 'apple', product: 'Apple container', version, apiVersion: null };
  }

  private async systemStatus(signal?: AbortSignal): Promise<AppleSystemStatus> {
    let res: CliResult;
    try {
      // Exit 1 is the documented "not running"/"unregistered" answer, with JSON on stdout.
      res = await this.run(['system', 'status', '--format', 'json'], { okExitCodes: [1], signal });
    } catch (e) {
      // Before 0.10 `system status` had no --format; its exit code alone says whether it runs.
      if (isAppError(e) && e.code === 'ENGINE_ERROR' && /unknown option|unexpected argument/i.test(e.message)) {
        const plain = await this.run(['system', 'status'], { okExitCodes: [1], signal });
        return { status: plain.exitCode === 0 ? 'running' : 'not running' };
      }
      throw e;
    }
    try {
      return parseCliJson(AppleSystemStatusSchema, res.stdout, 'system status --format json');
    } catch (e) {
      if (res.exitCode === 0) throw e;
      const why = res.stderr || res.stdout.trim() || `exit code ${res.exitCode}`;
      throw new AppError('ENGINE_UNAVAILABLE', `The Apple container services are not running (${why}). ${NOT_RUNNING_HINT}`);
    }
  }

  private async cliVersion(signal?: AbortSignal): Promise<string | null> {
    try {
      const res = await this.run(['--version'], { signal });
      return parseAppleVersion(res.stdout) ?? (res.stdout.trim() || null);
    } catch {
      // The system answered as running; a missing version is not a reason to call it unavailable.
      return null;
    }
  }

  private async listRaw(): Promise<AppleContainer[]> {
    const res = await this.run(LIST_ARGS);
    return parseCliJson(AppleContainerListSchema, res.stdout, LIST_ARGS.join(' '));
  }

  async listContainers(): Promise<Container[]> {
    // The API server returns containers in no particular order.
    return (await this.listRaw()).map((c) => normalizeContainer(c, this.id)).sort(byName);
  }

  /** `inspect` prints an array even for one id; an unknown id fails with "container not found". */
  private async inspectRaw(id: string): Promise<AppleContainer> {
    checkId(id);
    const res = await this.run(['inspect', id]);
    const items = parseCliJson(AppleContainerListSchema, res.stdout, `inspect ${id}`);
    const match = items.find((c) => appleContainerId(c) === id) ?? items[0];
    if (!match) throw new AppError('NOT_FOUND', `container not found: ${id}`);
    return match;
  }

  async getContainer(id: string): Promise<Container | null> {
    try {
      return normalizeContainer(await this.inspectRaw(id), this.id);
    } catch (e) {
      if (isAppError(e) && e.code === 'NOT_FOUND') return null;
      throw e;
    }
  }

  async inspectContainer(id: string): Promise<ContainerDetails> {
    return normalizeContainerDetails(await this.inspectRaw(id), this.id);
  }

  async startContainer(id: string): Promise<void> {
    await this.run(['start', checkId(id)]);
  }

  async stopContainer(id: string, timeoutSeconds?: number): Promise<void> {
    const args = ['stop'];
    if (timeoutSeconds !== undefined) {
      if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 0 || timeoutSeconds > 2_147_483_647) {
        throw new AppError('INVALID_INPUT', `Stop timeout must be a whole number of seconds, got ${timeoutSeconds}`);
      }
      args.push('--time', String(timeoutSeconds));
    }
    args.push(checkId(id));
    await this.run(args);
  }

  /** The CLI has no restart in the versions we support: stop (if it is up), then start. */
  async restartContainer(id: string, timeoutSeconds?: number): Promise<void> {
    const current = await this.inspectRaw(id);
    const state = normalizeContainer(current, this.id).state;
    if (state === 'running' || state === 'stopping') await this.stopContainer(id, timeoutSeconds);
    await this.startContainer(id);
  }

  async removeContainer(id: string, force = false): Promise<void> {
    await this.run(force ? ['rm', '--force', checkId(id)] : ['rm', checkId(id)]);
  }

  /** `container create` prints the new id (the name, when one was given). */
  async createContainer(spec: CreateContainerSpec): Promise<string> {
    const result = await this.run(appleCreateArgs(spec));
    const id = result.stdout.trim().split('\n').pop()?.trim() || spec.name;
    if (!id) throw new AppError('ENGINE_ERROR', 'container create printed no id.');
    return id;
  }

  private async networksRaw(): Promise<AppleNetwork[]> {
    const res = await this.run(NETWORK_LIST_ARGS);
    return parseCliJson(AppleNetworkListSchema, res.stdout, NETWORK_LIST_ARGS.join(' '));
  }

  /** Members come from the container list: Apple's network payload names no containers. */
  async listNetworks(): Promise<Network[]> {
    const [networks, containers] = await Promise.all([this.networksRaw(), this.listContainers()]);
    return networks.map((n) => toNetwork(n, this.id, containers)).sort(byName);
  }

  /** `network inspect` prints an array; an unknown name fails with "network not found" (or prints `[]`). */
  async inspectNetwork(id: string): Promise<Network> {
    checkNetworkName(id);
    const [res, containers] = await Promise.all([this.run(['network', 'inspect', id]), this.listContainers()]);
    const items = parseCliJson(AppleNetworkListSchema, res.stdout, `network inspect ${id}`);
    const match = items.find((n) => n.id === id || (n.configuration ?? n.config)?.name === id) ?? items[0];
    if (!match) throw new AppError('NOT_FOUND', `network not found: ${id}`);
    return toNetwork(match, this.id, containers);
  }

  /** `network create` prints the new network's id, which is its name. */
  async createNetwork(spec: CreateNetworkSpec): Promise<string> {
    const res = await this.run(appleNetworkCreateArgs(spec));
    return res.stdout.trim().split('\n').pop()?.trim() || spec.name;
  }

  async removeNetwork(id: string): Promise<void> {
    try {
      await this.run(['network', 'rm', checkNetworkName(id)]);
    } catch (e) {
      throw mapNetworkRemoveError(e, id);
    }
  }

  async connectNetwork(network: string, container: string, _options?: { aliases: string[] }): Promise<void> {
    throw new AppError('UNSUPPORTED', APPLE_NO_CONNECT, { network, container });
  }

  async disconnectNetwork(network: string, container: string, _force?: boolean): Promise<void> {
    throw new AppError('UNSUPPORTED', APPLE_NO_CONNECT, { network, container });
  }

  async exec(id: string, command: string[], options: { timeoutMs: number }): Promise<ExecResult> {
    checkId(id);
    if (this.lifetime.signal.aborted) throw new AppError('ENGINE_UNAVAILABLE', 'The Apple container engine was disposed.');
    return appleExec(this.binary, id, command, { timeoutMs: options.timeoutMs, cancelSignal: this.lifetime.signal });
  }

  listDnsDomains(): Promise<string[]> {
    return listDnsDomains((args) => this.run(args));
  }

  /** Needs root: runs behind the macOS administrator prompt (see apple-dns.ts). */
  createDnsDomain(domain: string, localhost?: string): Promise<void> {
    return changeDnsDomain(this.binary, this.adminRunner, { action: 'create', domain, localhost }, this.lifetime.signal);
  }

  deleteDnsDomain(domain: string): Promise<void> {
    return changeDnsDomain(this.binary, this.adminRunner, { action: 'delete', domain }, this.lifetime.signal);
  }

  /** One `ls` feeds both the container diff and the network members; a failed `network ls` is skipped. */
  private async pollSnapshot(): Promise<PollSnapshot> {
    const [raw, networks] = await Promise.all([this.listRaw(), this.networksRaw().catch(() => null)]);
    const containers = raw.map((c) => normalizeContainer(c, this.id)).sort(byName);
    return { containers, networks: networks ? networks.map((n) => toNetwork(n, this.id, containers)).sort(byName) : null };
  }

  watch(handlers: EventHandlers): EventSubscription {
    const poller = new Poller(
      () => this.pollSnapshot(),
      this.pollIntervalMs,
      handlers,
      () => this.subscriptions.delete(subscription),
    );
    const subscription: EventSubscription = { close: () => poller.close() };
    this.subscriptions.add(subscription);
    poller.start();
    return subscription;
  }

  dispose(): void {
    for (const s of [...this.subscriptions]) s.close();
    this.lifetime.abort();
  }
}
