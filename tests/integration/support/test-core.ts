import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ContainersChanged, Engine, EventName } from '../../../src/shared/contract';
import { createAppCore, type AppCore, type AppCoreOptions } from '../../../src/main/core/app-core';
import type { TestEngine } from './test-engines';

export interface Recorded {
  event: EventName;
  payload: unknown;
  at: number;
}

/** The real app core, pointed at exactly the test's engines, recording every event it pushes. */
export class TestCore {
  readonly core: AppCore;
  readonly events: Recorded[] = [];
  private readonly dir: string;

  constructor(engines: readonly TestEngine[], options: Pick<AppCoreOptions, 'readHostPorts' | 'quickCheckOnStart'> = {}) {
    this.dir = mkdtempSync(join(tmpdir(), 'ck-core-'));
    this.core = createAppCore({
      settingsFile: join(this.dir, 'settings.json'),
      appleCli: false,
      // Tests run the host-grab scan themselves, when they want it.
      conflictScanMs: 0,
      // Likewise the quick check after each start: it would exec into every container a test starts.
      quickCheckOnStart: false,
      ...options,
      discovery: () => ({
        env: { DOCKER_HOST: '' },
        platform: 'linux',
        home: this.dir,
        extraSockets: engines.map((e) => e.endpoint),
      }),
    });
    this.core.onEvent((event, payload) => this.events.push({ event, payload, at: Date.now() }));
  }

  async start(): Promise<void> {
    await this.core.start();
  }

  async call<T = unknown>(channel: string, payload: unknown): Promise<T> {
    const res = await this.core.invoke(channel, payload);
    if (!res.ok) throw Object.assign(new Error(`${res.error.code}: ${res.error.message}`), { code: res.error.code });
    return res.data as T;
  }

  engine(endpoint: string): Engine | undefined {
    return this.core.services.engines.list().find((e) => e.id === endpoint);
  }

  async waitForEngine(endpoint: string, status: Engine['status'], timeoutMs: number): Promise<Engine> {
    return waitFor(
      () => {
        const e = this.engine(endpoint);
        return e?.status === status ? e : undefined;
      },
      timeoutMs,
      `engine ${endpoint} to be ${status}`,
    );
  }

  /** Resolves with the first containers.changed event after `since` that matches. */
  waitForChange(match: (c: ContainersChanged) => boolean, timeoutMs: number, since = 0, what = 'a matching containers.changed event'): Promise<Recorded> {
    return waitFor(() => this.events.find((e) => e.at >= since && e.event === 'containers.changed' && match(e.payload as ContainersChanged)), timeoutMs, what);
  }

  async dispose(): Promise<void> {
    await this.core.dispose();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
