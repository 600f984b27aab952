import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { vi } from 'vitest';
import type { PortConflictEvent, PortHolder } from '../../../src/shared/contract';
import { CHECK_DEBOUNCE_MS } from '../../../src/renderer/stores/ports';
import { DOCKER } from './fixtures';

export function processHolder(hostPort: number, pid: number | null = 1234, command: string | null = 'node server.js'): PortHolder {
  return { kind: 'process', pid, command, user: 'me', hostIp: '0.0.0.0', hostPort, protocol: 'tcp' };
}

export function containerHolder(hostPort: number, containerName: string, running = true): PortHolder {
  return {
    kind: 'container',
    engineId: DOCKER,
    containerId: `${containerName}-id`,
    containerName,
    state: running ? 'running' : 'exited',
    running,
    hostIp: '',
    hostPort,
    protocol: 'tcp',
  };
}

export function proxyHolder(hostPort: number, containerName: string | null): PortHolder {
  return {
    kind: 'engine-proxy',
    proxy: 'docker-proxy',
    pid: 4321,
    command: 'docker-proxy -proto tcp',
    hostIp: '0.0.0.0',
    hostPort,
    protocol: 'tcp',
    engineId: containerName ? DOCKER : null,
    containerId: containerName ? `${containerName}-id` : null,
    containerName,
  };
}

export function conflictEvent(overrides: Partial<PortConflictEvent> = {}): PortConflictEvent {
  return {
    key: 'docker#a1#8080/tcp',
    source: 'engine',
    engineId: DOCKER,
    containerId: 'a1',
    containerName: 'web',
    hostIp: '',
    hostPort: 8080,
    protocol: 'tcp',
    holders: [processHolder(8080)],
    message: 'Port 8080/tcp is held by pid 1234 (node server.js).',
    ...overrides,
  };
}

/** Lets the debounced live check fire and its answer arrive (fake timers for setTimeout only). */
export async function settleChecks(): Promise<void> {
  await vi.advanceTimersByTimeAsync(CHECK_DEBOUNCE_MS + 1);
  await flushPromises();
}

/** Form helpers over the data-testids the end-to-end test uses too. */
export function portForm(wrapper: VueWrapper) {
  const rows = () => wrapper.findAll('[data-testid="port-row"]');
  const row = (i: number) => rows()[i];
  return {
    rows,
    row,
    specInput: (i: number) => row(i).find('[data-testid="port-spec-input"]'),
    specValues: () => rows().map((r) => (r.find('[data-testid="port-spec-input"]').element as HTMLInputElement).value),
    createDisabled: () => wrapper.find('[data-testid="create-button"]').attributes('disabled') !== undefined,
    async typeSpec(i: number, text: string) {
      await row(i).find('[data-testid="port-spec-input"]').setValue(text);
    },
  };
}

/** A promise plus its resolver, for answers that arrive out of order. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/**
 * Route components load lazily (a real import), which takes longer than one flush; the first
 * import of a view in a test file transforms its whole tree, well over a second on a busy machine.
 */
export async function untilRoute(router: { currentRoute: { value: { path: string } } }, path: string): Promise<void> {
  await vi.waitFor(
    () => {
      if (router.currentRoute.value.path !== path) throw new Error(`still at ${router.currentRoute.value.path}, want ${path}`);
    },
    { timeout: 5000 },
  );
  await flushPromises();
}
