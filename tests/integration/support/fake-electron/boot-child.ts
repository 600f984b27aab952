import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ChildEvent, ChildEventKind, Command, EventOf, Reply } from './protocol';

/** `node --import <this>` maps `electron` to the stand-in before the main process loads. */
const REGISTER_HOOK = resolve(import.meta.dirname, 'register.mjs');

export interface BootOptions {
  /** The built main process, e.g. out/main/index.js. */
  mainFile: string;
  /** What the stand-in answers for app.getPath('userData'). */
  userData: string;
  cwd: string;
  env?: NodeJS.ProcessEnv;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * The built main process in a child `node`, with the fake `electron`: records every event the
 * stand-in reports and everything the app prints, and sends commands over the child's IPC channel.
 */
export class BootedMain {
  readonly events: ChildEvent[] = [];
  output = '';
  readonly exited: Promise<Exit>;
  exit: Exit | undefined;

  private readonly child: ChildProcess;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();

  constructor(options: BootOptions) {
    this.child = spawn(process.execPath, ['--import', pathToFileURL(REGISTER_HOOK).href, options.mainFile], {
      cwd: options.cwd,
      env: { ...(options.env ?? process.env), CK_FAKE_ELECTRON_USER_DATA: options.userData },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'json',
    });
    this.child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString('utf8')));
    this.child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString('utf8')));
    this.child.on('message', (message: ChildEvent | Reply) => {
      if (message.type === 'event') this.events.push(message);
      else if (message.type === 'reply') {
        const waiter = this.pending.get(message.id);
        this.pending.delete(message.id);
        if (!waiter) return;
        if (message.ok) waiter.resolve(message.value);
        else waiter.reject(new Error(`stand-in: ${message.error}`));
      }
    });
    this.exited = new Promise<Exit>((resolveExit) => {
      this.child.on('exit', (code, signal) => {
        this.exit = { code, signal };
        for (const waiter of this.pending.values()) waiter.reject(new Error(`the main process exited (${code ?? signal}) before replying`));
        this.pending.clear();
        resolveExit(this.exit);
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Sends a command to the stand-in and resolves with its answer. */
  send<T = unknown>(command: Command, timeoutMs = 15_000): Promise<T> {
    if (this.exit || !this.child.connected) return Promise.reject(new Error(`the main process is gone (${JSON.stringify(this.exit)})\n${this.output}`));
    const id = this.nextId++;
    return new Promise<T>((resolvePromise, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`no reply to ${command.command} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (value) => {
          clearTimeout(timer);
          resolvePromise(value as T);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      this.child.send({ type: 'command', id, ...command });
    });
  }

  all<K extends ChildEventKind>(kind: K): Array<EventOf<K>> {
    return this.events.filter((e): e is EventOf<K> => e.kind === kind);
  }

  latest<K extends ChildEventKind>(kind: K): EventOf<K> | undefined {
    return this.all(kind).at(-1);
  }

  /** Resolves with the first reported event of `kind` (from index `from` on) that matches. */
  async waitForEvent<K extends ChildEventKind>(
    kind: K,
    timeoutMs: number,
    what: string,
    match: (event: EventOf<K>) => boolean = () => true,
  ): Promise<EventOf<K>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.all(kind).find(match);
      if (found) return found;
      if (this.exit) throw new Error(`waiting for ${what}: the main process exited (${JSON.stringify(this.exit)})\n${this.output}`);
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n--- main process output ---\n${this.output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** The exit, or undefined if the process is still running after `timeoutMs`. */
  async waitForExit(timeoutMs: number): Promise<Exit | undefined> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<undefined>((r) => (timer = setTimeout(() => r(undefined), timeoutMs)));
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Ends the child by its pid if it is still running (a failed test must not leave it behind). */
  async kill(): Promise<void> {
    if (this.exit || this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }
}
