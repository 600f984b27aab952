#!/usr/bin/env node
// `npm start` and `npm run dev`: make sure Electron's binary is there, then run electron-vite.
//
// Since Electron 42 the `electron` package downloads its binary lazily, on the first
// `require('electron')`. electron-vite never requires it: it reads node_modules/electron/path.txt
// and throws "Electron uninstall" when the file is missing. So this runs Electron's own installer
// first (which honours ELECTRON_MIRROR, electron_config_cache, electron_use_remote_checksums and
// the proxy variables of @electron/get), or uses an Electron the user points at.
//
//   node scripts/with-electron.mjs preview|dev [electron-vite options…]
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const electronDir = dirname(require.resolve('electron/package.json'));
const electronVersion = require('electron/package.json').version;
const electronViteCli = join(dirname(require.resolve('electron-vite/package.json')), 'bin', 'electron-vite.js');
// A download over a slow link takes minutes; one that never ends is a proxy swallowing it.
const INSTALL_TIMEOUT_MS = 10 * 60_000;

/** The executable's path inside Electron's dist folder, as Electron's installer writes it to path.txt. */
function executableInDist() {
  const pathFile = join(electronDir, 'path.txt');
  if (existsSync(pathFile)) return readFileSync(pathFile, 'utf8').trim();
  if (process.platform === 'darwin') return 'Electron.app/Contents/MacOS/Electron';
  return process.platform === 'win32' ? 'electron.exe' : 'electron';
}

function installedBinary() {
  if (!existsSync(join(electronDir, 'path.txt'))) return null;
  const binary = join(electronDir, 'dist', executableInDist());
  return existsSync(binary) ? binary : null;
}

/** One short paragraph, no stack trace: what failed, how to retry, the alternatives. */
function giveUp(whatFailed) {
  console.error(
    [
      `Container Kit could not start Electron: ${whatFailed}`,
      'Retry with `npm start` once the download can get through (set ELECTRON_MIRROR to use a mirror;',
      'behind a proxy, set ELECTRON_GET_USE_PROXY=1 and GLOBAL_AGENT_HTTPS_PROXY).',
      'To use an Electron that is already installed, set ELECTRON_OVERRIDE_DIST_PATH to its folder',
      'or ELECTRON_EXEC_PATH to its executable.',
      '`npm run web` serves the same app in your browser, without Electron.',
    ].join('\n'),
  );
  process.exit(1);
}

/** The first line of the installer's error output, which carries the error's message (not its stack). */
function firstErrorLine(stderr) {
  const lines = String(stderr ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('at '));
  return lines[0] ?? 'no error message';
}

function installElectron() {
  console.log(`Electron ${electronVersion} is not installed yet: running Electron's installer (once).`);
  const result = spawnSync(process.execPath, [join(electronDir, 'install.js')], {
    stdio: ['ignore', 'inherit', 'pipe'],
    encoding: 'utf8',
    timeout: INSTALL_TIMEOUT_MS,
  });
  if (result.error?.code === 'ETIMEDOUT') giveUp(`downloading Electron ${electronVersion} did not finish within ${INSTALL_TIMEOUT_MS / 60_000} minutes.`);
  if (result.error) giveUp(`Electron's installer could not run (${result.error.message}).`);
  if (result.status !== 0) {
    const source = process.env.ELECTRON_MIRROR ? `the mirror ${process.env.ELECTRON_MIRROR}` : "Electron's releases on GitHub";
    giveUp(`downloading Electron ${electronVersion} from ${source} failed (${firstErrorLine(result.stderr)}).`);
  }
  const binary = installedBinary();
  if (!binary) giveUp(`Electron's installer finished, but there is no binary in ${join(electronDir, 'dist')}.`);
  return binary;
}

function resolveElectron() {
  const execPath = process.env.ELECTRON_EXEC_PATH;
  if (execPath) return existsSync(execPath) ? execPath : giveUp(`ELECTRON_EXEC_PATH is ${execPath}, and there is no file there.`);
  const overrideDist = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (overrideDist) {
    const binary = join(overrideDist, executableInDist());
    return existsSync(binary) ? binary : giveUp(`ELECTRON_OVERRIDE_DIST_PATH is ${overrideDist}, and it holds no ${executableInDist()}.`);
  }
  return installedBinary() ?? installElectron();
}

const binary = resolveElectron();
// electron-vite takes ELECTRON_EXEC_PATH as the binary and skips its own path.txt lookup.
const child = spawn(process.execPath, [electronViteCli, ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, ELECTRON_EXEC_PATH: binary },
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
