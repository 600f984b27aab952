import { expect, test, type Page } from '@playwright/test';
import Docker from 'dockerode';
import { E2E_TOKEN } from '../../playwright.config';
import { freePort } from './support/free-port';
import { screenshotPath } from './support/screenshots';

/*
 * "curl localhost:PORT fails": a container whose httpd listens on 127.0.0.1 inside, behind a port
 * published on the host's loopback. The user opens it, runs the checks, then the guided
 * "I can't reach the web service" walk, and gets the cause and the fix. Traffic: loopback and the
 * test's own container only.
 */
const docker = new Docker({ socketPath: '/var/run/docker.sock' });
const LABEL = 'io.container-kit.test';
const NAME = `ck-e2e-loopback-${Date.now().toString(36)}`;

let hostPort = 0;

/** Other tests' containers may raise notifications meanwhile; they would cover the screenshots. */
async function dismissToasts(page: Page): Promise<void> {
  for (const close of await page.getByTestId('toast-dismiss').all()) await close.click().catch(() => undefined);
}

test.beforeAll(async () => {
  hostPort = await freePort();
  const c = await docker.createContainer({
    name: NAME,
    Image: 'localhost/ck-test:latest',
    Cmd: ['httpd', '-f', '-p', '127.0.0.1:80', '-h', '/www'],
    Labels: { [LABEL]: '1' },
    StopTimeout: 1,
    ExposedPorts: { '80/tcp': {} },
    HostConfig: { PortBindings: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: String(hostPort) }] } },
  });
  await c.start();
});

test.afterAll(async () => {
  await docker
    .getContainer(NAME)
    .remove({ force: true })
    .catch(() => undefined);
});

test("I can't reach the web service: a loopback-bound server is named as the cause, with the fix", async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto(`/?token=${E2E_TOKEN}`);
  const row = page.locator(`[data-testid="container-row"][data-name="${NAME}"]`);
  await expect(row).toHaveAttribute('data-state', 'running');
  // The quick check after the start (2.5 s after it, the page is open by then) already says so.
  const toast = page.getByTestId('toast').filter({ hasText: NAME });
  await expect(toast).toContainText('started, but its port is not reachable');
  await expect(toast).toContainText('127.0.0.1');
  await toast.getByTestId('toast-dismiss').click();
  await row.click();

  // The container's own Diagnose section: facts, then every check, streamed.
  const diagnose = page.getByRole('region', { name: 'Diagnose' });
  await expect(diagnose.getByTestId('fact-listeners')).toContainText('127.0.0.1:80');
  await diagnose.getByTestId('run-checks').click();
  const loopbackCheck = diagnose.locator('[data-testid="check-result"][data-check-id="listener-not-loopback-only"]');
  await expect(loopbackCheck).toHaveAttribute('data-status', 'fail');
  await expect(loopbackCheck).toContainText('127.0.0.1');
  await expect(diagnose.getByTestId('diagnose-summary')).toBeVisible();

  // Live network activity from the engine's stats stream: a rate appears from the second sample on.
  const activity = page.getByRole('region', { name: 'Network activity' });
  await expect(activity.getByTestId('activity-rates')).toContainText('/s', { timeout: 15_000 });
  await expect(activity.getByTestId('activity-connections')).toContainText(/\d/);
  await dismissToasts(page);
  await activity.evaluate((el) => el.scrollIntoView({ block: 'start' }));
  // A few more one-second samples, so the screenshot shows a line rather than a point.
  await page.waitForTimeout(3000);
  await page.screenshot({ path: screenshotPath('network-activity.png') });

  // The guided walk, preselected on this container.
  await diagnose.getByTestId('troubleshoot-link').click();
  await page.locator('[data-testid="scenario-card"][data-scenario="web-unreachable"]').click();
  await expect(page.getByTestId('ts-run')).toBeEnabled();
  await page.getByTestId('ts-run').click();

  const report = page.getByRole('region', { name: 'Troubleshoot report' });
  await expect(report).toHaveAttribute('data-verdict', 'cause-found');
  const cause = page.getByRole('region', { name: 'Cause' });
  await expect(cause).toContainText(/listens only on 127\.0\.0\.1 inside the container/);
  await expect(cause).toContainText('0.0.0.0');
  await expect(cause).toContainText("server.listen(port, '0.0.0.0')");
  // The walk stopped at the cause: the host-port step after it never ran.
  await expect(report.locator('[data-testid="check-result"][data-check-id="host-port-answers"]')).toHaveCount(0);
  await dismissToasts(page);
  await page.screenshot({ path: screenshotPath('troubleshoot.png') });

  await report.getByTestId('ts-copy-markdown').click();
  await expect(report.getByTestId('ts-copy-status')).toContainText('Copied');
  const markdown = await page.evaluate(() => navigator.clipboard.readText());
  expect(markdown).toContain("I can't reach the web service in my container");
  expect(markdown).toContain(NAME);
  expect(markdown).toMatch(/127\.0\.0\.1/);

  // The firewall view explains the same port: published on loopback, so no other machine reaches it.
  await page.getByTestId('nav-firewall').click();
  const portRow = page.locator(`[data-testid="fw-port-row"][data-container="${NAME}"]`);
  await expect(portRow).toContainText(String(hostPort));
  await expect(portRow).toHaveAttribute('data-reachable', 'no');
  await expect(portRow).toContainText('loopback');
  await dismissToasts(page);
  await page.screenshot({ path: screenshotPath('firewall.png') });
});
