import { defineConfig } from '@playwright/test';

const port = Number(process.env.CK_E2E_PORT ?? 47_813);
// Browser mode refuses tokens under 32 characters.
export const E2E_TOKEN = process.env.CK_E2E_TOKEN ?? 'e2e-token-not-secret-but-long-enough-0123456789';

export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    browserName: 'chromium',
    viewport: { width: 1360, height: 820 },
    launchOptions: {
      // Debian's Chromium; Playwright's own browser download is not reachable here.
      executablePath: process.env.CK_CHROMIUM ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  webServer: {
    // Browser mode started exactly as a user types it; port, token and settings folder come
    // through the environment variables the README documents.
    command: 'npm run web',
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
    // `npm run web` builds first.
    timeout: 120_000,
    env: { CK_PORT: String(port), CK_TOKEN: E2E_TOKEN, CK_CONFIG_DIR: 'test-results/e2e-config' },
  },
});
