import { _electron as electron, expect, test } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Electron's binary, if this machine has one (its installer can't download it everywhere). */
function electronBinary(): string | null {
  if (process.env.ELECTRON_EXEC_PATH && existsSync(process.env.ELECTRON_EXEC_PATH)) return process.env.ELECTRON_EXEC_PATH;
  const dir = resolve('node_modules/electron');
  const pathTxt = join(dir, 'path.txt');
  if (!existsSync(pathTxt)) return null;
  const bin = join(dir, 'dist', readFileSync(pathTxt, 'utf8').trim());
  return existsSync(bin) ? bin : null;
}

const binary = electronBinary();
const SKIP_REASON =
  'SKIPPED: no Electron binary on this machine (node_modules/electron/dist is empty and ELECTRON_EXEC_PATH is unset); the desktop shell was not launched. Browser-mode tests cover the same renderer and services.';
if (!binary) console.warn(SKIP_REASON);

test.describe('desktop app (Electron)', () => {
  test.skip(!binary, SKIP_REASON);

  test('opens a sandboxed window with the typed bridge and the container list', async () => {
    const app = await electron.launch({ executablePath: binary!, args: [resolve('out/main/index.js')] });
    try {
      const window = await app.firstWindow();
      await expect(window).toHaveTitle(/Container Kit/);
      expect(await window.evaluate(() => typeof (window as unknown as { containerKit?: unknown }).containerKit)).toBe('object');
      expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
      await expect(window.getByTestId('engine-status').first()).toBeVisible();
    } finally {
      await app.close();
    }
  });
});
