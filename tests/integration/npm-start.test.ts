import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeStandInRelease, serveMirror, type Mirror, type StandInRelease } from './support/electron-mirror';
import { copyProject, type ProjectCopy } from './support/project-copy';

/**
 * `npm start` exactly as a user types it, with no internet: Electron's own installer fetches a
 * stand-in "release" (a zip whose `electron` only records how it was launched) from a mirror on
 * 127.0.0.1, and electron-vite launches it on the built app. Runs in a copy of the project so the
 * developer's node_modules/electron is never touched.
 */
const ELECTRON_VERSION: string = JSON.parse(await readFile('node_modules/electron/package.json', 'utf8')).version;

let work: string;
let project: ProjectCopy;
let release: StandInRelease;
let mirror: Mirror;

function npmStart(env: Record<string, string>) {
  const inherited = { ...process.env };
  // The outer environment must not decide which Electron runs.
  for (const name of ['ELECTRON_EXEC_PATH', 'ELECTRON_OVERRIDE_DIST_PATH', 'ELECTRON_MIRROR', 'electron_config_cache', 'ELECTRON_RUN_AS_NODE'])
    delete inherited[name];
  return execa('npm', ['start'], { cwd: project.dir, env: { ...inherited, ...env }, extendEnv: false, reject: false, all: true, timeout: 180_000 });
}

async function standInLaunches(log: string): Promise<Array<{ cwd: string; args: string[] }>> {
  if (!existsSync(log)) return [];
  const launches: Array<{ cwd: string; args: string[] }> = [];
  let current: { cwd: string; args: string[] } | undefined;
  for (const line of (await readFile(log, 'utf8')).split('\n')) {
    if (line.startsWith('cwd=')) current = { cwd: line.slice(4), args: [] };
    else if (line.startsWith('arg=')) current?.args.push(line.slice(4));
    else if (line === 'end' && current) launches.push(current);
  }
  return launches;
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'ck-npm-start-'));
  project = await copyProject();
  release = await makeStandInRelease(work, ELECTRON_VERSION);
  mirror = await serveMirror(release);
}, 120_000);

afterAll(async () => {
  await mirror?.close();
  await project?.remove();
  await rm(work, { recursive: true, force: true });
});

describe('npm start, as typed, against a local Electron mirror', () => {
  const electronDir = () => join(project.dir, 'node_modules', 'electron');
  const env = (cache: string) => ({
    ELECTRON_MIRROR: mirror.url,
    electron_use_remote_checksums: '1',
    electron_config_cache: cache,
    CK_STANDIN_LOG: join(work, 'launches.log'),
  });

  it('downloads Electron once with its own installer, then launches it on the built app from the project root', async () => {
    const first = await npmStart(env(join(work, 'cache')));
    expect(first.exitCode, first.all).toBe(0);
    expect(mirror.requests).toEqual(expect.arrayContaining([`/v${ELECTRON_VERSION}/${release.zipName}`, `/v${ELECTRON_VERSION}/SHASUMS256.txt`]));
    // Unpacked into node_modules/electron/dist, with path.txt naming the executable.
    expect((await readFile(join(electronDir(), 'path.txt'), 'utf8')).trim()).toBe('electron');
    expect(existsSync(join(electronDir(), 'dist', 'electron'))).toBe(true);
    expect((await readFile(join(electronDir(), 'dist', 'version'), 'utf8')).trim()).toBe(`v${ELECTRON_VERSION}`);

    const [launch] = await standInLaunches(join(work, 'launches.log'));
    expect(launch).toBeDefined();
    // electron-vite runs Electron on the project (".") from its root; package.json's main is the built entry.
    expect(launch.cwd).toBe(project.dir);
    expect(launch.args[0]).toBe('.');
    const main: string = JSON.parse(await readFile(join(project.dir, 'package.json'), 'utf8')).main;
    expect(main).toBe('out/main/index.js');
    expect(existsSync(join(project.dir, main))).toBe(true);
  }, 240_000);

  it('does not download again on the second start', async () => {
    const before = mirror.requests.length;
    const second = await npmStart(env(join(work, 'cache')));
    expect(second.exitCode, second.all).toBe(0);
    expect(mirror.requests.slice(before)).toEqual([]);
    expect(await standInLaunches(join(work, 'launches.log'))).toHaveLength(2);
  }, 240_000);

  it('says what failed and what to do, without a stack trace, when the download fails', async () => {
    await mirror.close();
    await rm(join(electronDir(), 'dist'), { recursive: true, force: true });
    await rm(join(electronDir(), 'path.txt'), { force: true });
    // A fresh cache: the zip cached by the first run would otherwise install with no network at all.
    const failed = await npmStart(env(join(work, 'empty-cache')));
    expect(failed.exitCode).not.toBe(0);
    expect(failed.all).toContain(`downloading Electron ${ELECTRON_VERSION} from the mirror ${mirror.url} failed`);
    expect(failed.all).toContain('Retry with `npm start`');
    expect(failed.all).toContain('ELECTRON_OVERRIDE_DIST_PATH');
    expect(failed.all).toContain('ELECTRON_EXEC_PATH');
    expect(failed.all).toContain('`npm run web` serves the same app in your browser');
    expect(failed.all).not.toMatch(/^\s+at /m);
    expect(await standInLaunches(join(work, 'launches.log'))).toHaveLength(2);
  }, 240_000);
});
