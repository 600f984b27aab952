import { listPackage } from '@electron/asar';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parse } from 'yaml';
import { makeStandInRelease, serveMirror, type Mirror } from './support/electron-mirror';
import { copyProject, type ProjectCopy } from './support/project-copy';

/**
 * `npm run dist` builds installers; this checks the part every target shares, `electron-builder
 * --dir` for Linux, with the real configuration and Electron fetched from a mirror on 127.0.0.1.
 */
const pkg = JSON.parse(await readFile('package.json', 'utf8')) as { devDependencies: Record<string, string>; dependencies: Record<string, string> };

let work: string;
let project: ProjectCopy;
let mirror: Mirror;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'ck-dist-'));
  project = await copyProject();
  mirror = await serveMirror(await makeStandInRelease(work, pkg.devDependencies.electron));
}, 120_000);

afterAll(async () => {
  await mirror?.close();
  await project?.remove();
  await rm(work, { recursive: true, force: true });
});

it('packs the built main, preload and renderer into app.asar, with no dev dependency', async () => {
  const config = parse(await readFile(join(project.dir, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;
  // The shipped configuration keeps every production fuse on.
  expect(config.electronFuses).toMatchObject({
    runAsNode: false,
    enableCookieEncryption: true,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
  });
  // The stand-in `electron` is a shell script with no fuse wire to flip, so this one test build
  // turns fuse flipping off; the real configuration above is what `npm run dist` uses.
  delete config.electronFuses;
  const testConfig = join(work, 'electron-builder.test.json');
  await writeFile(testConfig, JSON.stringify(config));

  const env = {
    ELECTRON_MIRROR: mirror.url,
    electron_use_remote_checksums: '1',
    electron_config_cache: join(work, 'electron-cache'),
    ELECTRON_BUILDER_CACHE: join(work, 'builder-cache'),
    // No signing identity or update publishing on a test machine.
    CSC_IDENTITY_AUTO_DISCOVERY: 'false',
  };
  const build = await execa('npm', ['run', 'build'], { cwd: project.dir, reject: false, all: true });
  expect(build.exitCode, build.all).toBe(0);
  const pack = await execa('npx', ['electron-builder', '--linux', '--dir', '--publish', 'never', '--config', testConfig], {
    cwd: project.dir,
    env,
    reject: false,
    all: true,
    timeout: 300_000,
  });
  expect(pack.exitCode, pack.all).toBe(0);
  expect(mirror.requests.some((path) => path.endsWith('.zip'))).toBe(true);

  const unpacked = join(project.dir, 'dist', 'linux-unpacked');
  expect(existsSync(join(unpacked, 'container-kit'))).toBe(true);
  const asar = join(unpacked, 'resources', 'app.asar');
  const files = listPackage(asar, { isPack: false }).map((file) => file.replaceAll('\\', '/'));
  for (const entry of ['/package.json', '/out/main/index.js', '/out/preload/index.cjs', '/out/renderer/index.html']) expect(files).toContain(entry);
  // The window and tray icons, unpacked beside the archive where the OS can read them.
  for (const icon of ['icon.png', 'tray.png', 'tray@2x.png'])
    expect(existsSync(join(unpacked, 'resources', 'app.asar.unpacked', 'resources', icon))).toBe(true);
  for (const dev of Object.keys(pkg.devDependencies)) expect(files.filter((file) => file.startsWith(`/node_modules/${dev}/`))).toEqual([]);
  for (const dep of Object.keys(pkg.dependencies)) expect(files).toContain(`/node_modules/${dep}/package.json`);
  expect(files.filter((file) => file.endsWith('.map'))).toEqual([]);

  const { size } = await stat(asar);
  console.log(`app.asar: ${(size / 1024 / 1024).toFixed(2)} MiB, ${files.length} entries`);
}, 400_000);
