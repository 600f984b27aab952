import { join } from 'node:path';

/**
 * Where end-to-end screenshots go: test-results/ on every run, so `npm test` never rewrites
 * tracked files; `npm run docs:screenshots` sets CK_SCREENSHOT_DIR=docs to refresh the README's.
 */
export function screenshotPath(name: string): string {
  return join(process.env.CK_SCREENSHOT_DIR ?? 'test-results/screenshots', name);
}
