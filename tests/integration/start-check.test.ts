/**
 * The quick check after a container starts, on real Docker and Podman: a server bound to
 * 127.0.0.1 inside raises a `diagnostics.alert`; one bound to 0.0.0.0 raises none. No traffic
 * leaves the containers (the check only reads their sockets).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DiagnosticsAlert } from '../../src/shared/contract';
import { TEST_ENGINES, freePort } from './support/test-engines';
import { TestObjects } from './support/test-objects';
import { TestCore, waitFor } from './support/test-core';

describe.each(TEST_ENGINES)('quick check on start, $kind', (testEngine) => {
  const objects = new TestObjects(testEngine);
  let app: TestCore;

  beforeAll(async () => {
    app = new TestCore([testEngine], { quickCheckOnStart: true });
    await app.start();
    await app.waitForEngine(testEngine.endpoint, 'available', 15_000);
  });
  afterEach(() => objects.cleanup());
  afterAll(() => app?.dispose());

  const alertsFor = (id: string) =>
    app.events.filter((e) => e.event === 'diagnostics.alert' && (e.payload as DiagnosticsAlert).containerId === id).map((e) => e.payload as DiagnosticsAlert);

  const start = async (bind: string) => {
    const hostPort = await freePort();
    const c = await objects.container({
      cmd: ['httpd', '-f', '-p', `${bind}:80`, '-h', '/www'],
      ports: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: String(hostPort) }] },
    });
    await app.waitForChange((ch) => ch.type === 'upsert' && ch.container.id === c.id && ch.container.state === 'running', 10_000);
    return c;
  };

  it('a server on 127.0.0.1 inside is reported after the start, with the fix', async () => {
    const c = await start('127.0.0.1');
    const [alert] = await waitFor(() => (alertsFor(c.id).length ? alertsFor(c.id) : undefined), 15_000, 'a diagnostics.alert');
    expect(alert).toMatchObject({ engineId: testEngine.endpoint, containerName: c.name, checkId: 'listener-not-loopback-only' });
    expect(alert.summary).toMatch(/127\.0\.0\.1/);
    expect(alert.fixes.join('\n')).toMatch(/0\.0\.0\.0/);
  });

  it('a server on 0.0.0.0 raises nothing', async () => {
    const bad = await start('127.0.0.1');
    const good = await start('0.0.0.0');
    // The loopback one is the witness that the check ran meanwhile: the good one had its chance too.
    await waitFor(() => (alertsFor(bad.id).length ? true : undefined), 15_000, 'the witness alert');
    await new Promise((r) => setTimeout(r, 500));
    expect(alertsFor(good.id)).toEqual([]);
  });
});
