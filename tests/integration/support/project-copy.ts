import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { execa } from 'execa';

const ROOT = resolve(import.meta.dirname, '../../..');
/** Build output, caches and reports: a fresh clone has none of them. */
const LEFT_OUT = new Set(['.git', 'node_modules', 'out', 'dist', 'test-results', 'playwright-report']);

export interface ProjectCopy {
  dir: string;
  remove(): Promise<void>;
}

/**
 * The project as a user has it after `npm install`, in a temporary folder: tests that install
 * Electron or package the app change node_modules/electron, which must never be the developer's.
 * node_modules is hard-linked (nothing there is written in place), except `electron`, which is a
 * real copy without any binary the developer may have installed.
 */
export async function copyProject(): Promise<ProjectCopy> {
  const dir = await mkdtemp(join(tmpdir(), 'ck-project-'));
  try {
    for (const entry of await readdir(ROOT)) {
      if (!LEFT_OUT.has(entry)) await cp(join(ROOT, entry), join(dir, entry), { recursive: true, verbatimSymlinks: true });
    }
    // GNU cp: -l hard-links every file, so a 300 MB tree takes well under a second.
    await execa('cp', ['-al', join(ROOT, 'node_modules'), join(dir, 'node_modules')]);
    const electron = join(ROOT, 'node_modules', 'electron');
    await rm(join(dir, 'node_modules', 'electron'), { recursive: true, force: true });
    await cp(electron, join(dir, 'node_modules', 'electron'), {
      recursive: true,
      filter: (source) => {
        const inside = relative(electron, source);
        return inside !== 'path.txt' && inside !== 'dist' && !inside.startsWith(`dist/`);
      },
    });
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
