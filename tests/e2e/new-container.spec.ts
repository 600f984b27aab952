import { expect, test } from '@playwright/test';
import Docker from 'dockerode';
import { createServer, type Server } from 'node:net';
import { E2E_TOKEN } from '../../playwright.config';
import { screenshotPath } from './support/screenshots';

const docker = new Docker({ socketPath: '/var/run/docker.sock' });
const ENGINE_ID = 'unix:///var/run/docker.sock';
const servers: Server[] = [];
const names: string[] = [];

/** A real listener in this test process, on a port the kernel picks: the holder the form must name. */
function listenOnFreePort(): Promise<{ server: Server; port: number }> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as { port: number }).port }));
  });
}

test.afterAll(async () => {
  for (const s of servers) s.close();
  for (const name of names)
    await docker
      .getContainer(name)
      .remove({ force: true })
      .catch(() => undefined);
});

test('a busy port names its holder; the suggestion is taken, created, and listed with that port', async ({ page }) => {
  const { server, port: busy } = await listenOnFreePort();
  servers.push(server);
  const name = `ck-e2e-new-${Date.now().toString(36)}`;
  names.push(name);

  await page.goto(`/?token=${E2E_TOKEN}`);
  await page.getByTestId('nav-new-container').click();
  const form = page.getByTestId('new-container-form');
  await expect(form).toBeVisible();
  await form.getByTestId('engine-select').selectOption(ENGINE_ID);
  await form.getByTestId('image-input').fill('localhost/ck-test:latest');
  await form.getByTestId('name-input').fill(name);
  await form.getByTestId('command-input').fill('httpd -f -p 80 -h /www');

  const row = form.getByTestId('port-row').first();
  await row.getByTestId('port-spec-input').fill(`127.0.0.1:${busy}:80`);
  const conflict = row.getByTestId('port-conflict');
  await expect(conflict).toContainText(`pid ${process.pid}`);
  await expect(form.getByTestId('create-button')).toBeDisabled();
  await page.screenshot({ path: screenshotPath('new-container-conflict.png') });

  const use = row.getByTestId('use-suggestion');
  const suggested = Number((await use.textContent())?.match(/\d{2,5}/)?.[0]);
  expect(suggested).toBeGreaterThan(0);
  expect(suggested).not.toBe(busy);
  await use.click();
  await expect(row.getByTestId('port-free')).toBeVisible();
  await expect(form.getByTestId('create-button')).toBeEnabled();
  await form.getByTestId('create-button').click();

  const listed = page.locator(`[data-testid="container-row"][data-name="${name}"]`);
  await expect(listed).toBeVisible();
  await expect(listed).toHaveAttribute('data-state', 'running');
  await expect(listed.getByTestId('port-link').first()).toHaveAttribute('href', `http://localhost:${suggested}`);
  // The mapping is real: the container answers on the suggested port.
  const res = await page.request.get(`http://127.0.0.1:${suggested}/`);
  expect(await res.text()).toContain('ck-test');
});
