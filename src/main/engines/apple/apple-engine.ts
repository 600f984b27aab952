import type { Container, ContainerDetails } from '../../../shared/contract';
import { AppError, isAppError } from '../../../shared/errors';
import type {
  ContainerEngine,
  CreateContainerSpec,
  ContainerEvent,
  EngineIdentity,
  EventHandlers,
  EventSubscription,
} from '../container-engine';
import { runCli, type CliResult } from './apple-cli';
import { appleCreateArgs } from './apple-create';
import {
  appleContainerId,
  isSystemRunning,
  normalizeContainer,
  normalizeContainerDetails,
  parseAppleVersion,
} from './apple-normalize';
import {
  AppleContainerListSchema,
  AppleSystemStatusSchema,
  parseCliJson,
  type AppleContainer,
  type AppleSystemStatus,
} from './apple-schemas';

export interface AppleContainerEngineOptions {
  /** Absolute path of the `container` binary (see `findAppleContainerCli`). */
  binary: string;
  pollIntervalMs?: number;
  /** Per CLI call. */
  timeoutMs?: number;
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

export class AppleContainerEngine implements ContainerEngine {
  readonly id: string;
  readonly endpoint: string;
  private readonly binary: string;
  private readonly pollIntervalMs: number;
  private readonly timeoutMs: number;
  private readonly subscriptions = new Set<EventSubscription>();
  /** Cancels in-flight CLI calls on dispose so none outlives the engine. */
  private readonly lifetime = new AbortController();

  constructor(options: AppleContainerEngineOptions) {
    this.binary = options.binary;
    this.pollIntervalMs = options.pollIntervalMs ?? 2000;
    this.timeoutMs = options.timeoutMs ?? 15_000;
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
    const list = (await this.listRaw()).map((c) => normalizeContainer(c, this.id));
    // The API server returns containers in no particular order.
    return list.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
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

  watch(handlers: EventHandlers): EventSubscription {
    const poller = new Poller(() => this.listContainers(), this.pollIntervalMs, handlers, () =>
      this.subscriptions.delete(subscription),
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

/**
 * Apple's CLI has no event stream, so changes are found by diffing `ls` snapshots.
 * Polls never overlap: the next one is scheduled only after the previous one settles.
 */
class Poller {
  private closed = false;
  private ended = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** id → JSON of the normalized container; null until the first poll sets the baseline. */
  private snapshot: Map<string, string> | null = null;

  constructor(
    private readonly list: () => Promise<Container[]>,
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
    let containers: Container[];
    try {
      containers = await this.list();
    } catch (e) {
      if (this.closed) return;
      if (isAppError(e) && e.code === 'ENGINE_UNAVAILABLE') {
        this.end(e);
        return;
      }
      // A transient CLI failure or one unreadable snapshot: keep the baseline and try again.
      this.schedule();
      return;
    }
    if (this.closed) return;
    const events = this.diff(containers);
    for (const event of events) {
      if (this.closed) return;
      try {
        this.handlers.onEvent(event);
      } catch (err) {
        // A faulty listener must not stop change detection for everyone else.
        console.error('[apple-engine] event handler threw', err);
      }
    }
    this.schedule();
  }

  private schedule(): void {
    if (!this.closed) this.timer = setTimeout(() => void this.tick(), this.intervalMs);
  }

  private diff(containers: Container[]): ContainerEvent[] {
    const next = new Map(containers.map((c) => [c.id, JSON.stringify(c)] as const));
    const previous = this.snapshot;
    this.snapshot = next;
    if (!previous) return [];
    const events: ContainerEvent[] = [];
    for (const c of containers) {
      if (previous.get(c.id) !== next.get(c.id)) events.push({ id: c.id, action: 'upsert', container: c, raw: 'poll' });
    }
    for (const id of previous.keys()) {
      if (!next.has(id)) events.push({ id, action: 'remove', raw: 'poll' });
    }
    return events;
  }

  private end(error: Error): void {
    if (this.ended) return;
    this.ended = true;
    this.close();
    this.handlers.onEnd(error);
  }
}
