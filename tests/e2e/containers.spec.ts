import { expect, test } from '@playwright/test';
import Docker from 'dockerode';
import { E2E_TOKEN } from '../../playwright.config';
import { freePort } from './support/free-port';
import { screenshotPath } from './support/screenshots';

// The real engines that scripts/test-env.sh provides; the app in browser mode finds them itself.
const docker = new Docker({ socketPath: '/var/run/docker.sock' });
const podman = new Docker({ socketPath: '/run/podman/podman.sock' });
const LABEL = 'io.container-kit.test';
const created: Array<{ engine: Docker; id: string }> = [];
const networks: Array<{ engine: Docker; name: string }> = [];

async function startContainer(
  name: string,
  hostPort: number,
  opts: { engine?: Docker; port?: number; network?: string; aliases?: string[] } = {},
): Promise<string> {
  const engine = opts.engine ?? docker;
  const port = opts.port ?? 80;
  const c = await engine.createContainer({
    name,
    Image: 'localhost/ck-test:latest',
    Cmd: ['httpd', '-f', '-p', String(port), '-h', '/www'],
    Labels: { [LABEL]: '1' },
    StopTimeout: 1,
    ExposedPorts: { [`${port}/tcp`]: {} },
    HostConfig: {
      PortBindings: { [`${port}/tcp`]: [{ HostIp: '127.0.0.1', HostPort: String(hostPort) }] },
      NetworkMode: opts.network,
    },
    NetworkingConfig: opts.network ? { EndpointsConfig: { [opts.network]: { Aliases: opts.aliases ?? [] } } } : undefined,
  });
  created.push({ engine, id: c.id });
  await c.start();
  return c.id;
}

async function network(engine: Docker, name: string, subnet: string): Promise<string> {
  await engine.createNetwork({ Name: name, Driver: 'bridge', Labels: { [LABEL]: '1' }, IPAM: { Driver: 'default', Config: [{ Subnet: subnet }] } });
  networks.push({ engine, name });
  return name;
}

test.afterAll(async () => {
  for (const c of created)
    await c.engine
      .getContainer(c.id)
      .remove({ force: true })
      .catch(() => undefined);
  for (const n of networks)
    await n.engine
      .getNetwork(n.name)
      .remove()
      .catch(() => undefined);
});

test('the list shows a container the test created, and stopping it from the UI updates it live', async ({ page }) => {
  const suffix = Date.now().toString(36);
  const name = `ck-e2e-web-${suffix}`;
  const hostPort = await freePort();
  const webId = await startContainer(name, hostPort);
  // Company for the screenshot: a service on its own network, and one on the other engine.
  const net = await network(docker, `ck-e2e-net-${suffix}`, '10.243.9.0/24');
  await startContainer(`ck-e2e-api-${suffix}`, await freePort(), { network: net, aliases: ['api'], port: 8080 });
  await startContainer(`ck-e2e-podman-${suffix}`, await freePort(), { engine: podman, port: 8443 });

  await page.goto(`/?token=${E2E_TOKEN}`);
  // The token leaves the address bar once the page has it.
  await expect(page).not.toHaveURL(/token=/);

  const row = page.locator(`[data-testid="container-row"][data-name="${name}"]`);
  await expect(row).toBeVisible();
  await expect(row).toHaveAttribute('data-state', 'running');
  const link = row.getByTestId('port-link').first();
  await expect(link).toHaveAttribute('href', `http://localhost:${hostPort}`);
  await expect(link).toContainText(String(hostPort));

  await expect(page.locator(`[data-testid="container-row"][data-name="ck-e2e-podman-${suffix}"]`)).toBeVisible();
  await row.click();
  const panel = page.getByTestId('detail-panel');
  await expect(panel).toContainText(name);
  await expect(panel).toContainText(/172\.\d+\.\d+\.\d+/); // its address on the default bridge
  await page.screenshot({ path: screenshotPath('screenshot.png') });

  await panel.getByTestId('action-stop').click();
  const dialog = page.getByTestId('confirm-dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByTestId('confirm-ok').click();
  await expect(row).toHaveAttribute('data-state', 'exited');

  // A change made outside the app arrives by itself, without a reload.
  await docker.getContainer(webId).start();
  await expect(row).toHaveAttribute('data-state', 'running');
});

test('a container created outside the app appears without a reload', async ({ page }) => {
  await page.goto(`/?token=${E2E_TOKEN}`);
  await expect(page.getByTestId('engine-status').first()).toBeVisible();
  const name = `ck-e2e-late-${Date.now().toString(36)}`;
  await startContainer(name, await freePort());
  await expect(page.locator(`[data-testid="container-row"][data-name="${name}"]`)).toBeVisible();
});

test('the API refuses a request without the token, or with a wrong one', async ({ request }) => {
  const none = await request.post('/api/containers.list', { data: {} });
  expect(none.status()).toBe(401);
  expect(await none.json()).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
  const wrong = await request.post('/api/containers.list', { data: {}, headers: { authorization: 'Bearer nope' } });
  expect(wrong.status()).toBe(401);
  const right = await request.post('/api/containers.list', { data: {}, headers: { authorization: `Bearer ${E2E_TOKEN}` } });
  expect(right.status()).toBe(200);
  expect(await right.json()).toMatchObject({ ok: true });
});
