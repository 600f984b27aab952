import { expect, test } from '@playwright/test';
import Docker from 'dockerode';
import { E2E_TOKEN } from '../../playwright.config';
import { screenshotPath } from './support/screenshots';

const docker = new Docker({ socketPath: '/var/run/docker.sock' });
const ENGINE_ID = 'unix:///var/run/docker.sock';
const suffix = Date.now().toString(36);
const NETWORK = `ck-e2e-net-${suffix}`;
const A = `ck-e2e-a-${suffix}`;
const B = `ck-e2e-b-${suffix}`;

test.afterAll(async () => {
  for (const name of [A, B])
    await docker
      .getContainer(name)
      .remove({ force: true })
      .catch(() => undefined);
  await docker
    .getNetwork(NETWORK)
    .remove()
    .catch(() => undefined);
});

async function createContainer(page: import('@playwright/test').Page, name: string): Promise<void> {
  await page.getByTestId('nav-new-container').click();
  const form = page.getByTestId('new-container-form');
  await form.getByTestId('engine-select').selectOption(ENGINE_ID);
  await form.getByTestId('image-input').fill('localhost/ck-test:latest');
  await form.getByTestId('name-input').fill(name);
  await form.getByTestId('command-input').fill('httpd -f -p 80 -h /www');
  await form.getByTestId('container-network-select').selectOption(NETWORK);
  await expect(form.getByTestId('create-button')).toBeEnabled();
  await form.getByTestId('create-button').click();
  await expect(page.locator(`[data-testid="container-row"][data-name="${name}"]`)).toHaveAttribute('data-state', 'running');
}

test('a network made in the UI holds two containers, the map shows them, and one resolves the other', async ({ page }) => {
  await page.goto(`/?token=${E2E_TOKEN}`);
  await page.getByTestId('nav-networks').click();
  await page.getByTestId('create-network-open').click();
  const form = page.getByTestId('create-network-form');
  await form.getByTestId('network-engine-select').selectOption(ENGINE_ID);
  await form.getByTestId('network-name-input').fill(NETWORK);
  await form.getByTestId('network-subnet-input').fill('10.247.3.0/24');
  await form.getByTestId('network-gateway-input').fill('10.247.4.1');
  await expect(form.getByTestId('network-field-error').first()).toBeVisible();
  await form.getByTestId('network-gateway-input').fill('10.247.3.1');
  await form.getByTestId('create-network-submit').click();
  await expect(page.locator(`[data-testid="network-row"][data-name="${NETWORK}"]`)).toBeVisible();

  await createContainer(page, A);
  await createContainer(page, B);

  await page.getByTestId('nav-map').click();
  const map = page.getByTestId('network-map');
  await expect(map).toBeVisible();
  const nodes = page.getByTestId('map-node');
  await expect(nodes.filter({ hasText: NETWORK })).toHaveCount(1);
  await expect(nodes.filter({ hasText: A })).toContainText(/10\.247\.3\.\d+/);
  await expect(nodes.filter({ hasText: B })).toContainText(/10\.247\.3\.\d+/);
  await page.screenshot({ path: screenshotPath('network-map.png') });

  await page.getByTestId('nav-containers').click();
  await page.locator(`[data-testid="container-row"][data-name="${B}"]`).click();
  const panel = page.getByTestId('detail-panel');
  await panel.getByTestId('dns-resolve-input').fill(A);
  await panel.getByTestId('dns-resolve-button').click();
  const result = panel.getByTestId('dns-resolve-result');
  await expect(result).toHaveAttribute('data-ok', 'true');
  await expect(result).toContainText(/10\.247\.3\.\d+/);
});
