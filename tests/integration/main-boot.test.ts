import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { CHANNEL_NAMES, IPC_EVENT, IPC_INVOKE } from '../../src/shared/contract/names';
import { BootedMain } from './support/fake-electron/boot-child';
import type { ChildState, MenuNode, SecurityProbe } from './support/fake-electron/protocol';
import { waitFor } from './support/test-core';
import { TEST_ENGINES, freePort, uniqueName } from './support/test-engines';
import { TestObjects } from './support/test-objects';

/**
 * The main process exactly as built (`out/main/index.js`), booted in plain Node with a stand-in for
 * the `electron` module (support/fake-electron), against the real engines. Checks the wiring that
 * unit tests of src/main/shell cannot see: what the built entry actually creates, registers and
 * releases. The main runs in a child process, so "it exits by itself after quit" is measurable.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const MAIN_FILE = join(ROOT, 'out', 'main', 'index.js');
const DOCKER = TEST_ENGINES.find((e) => e.kind === 'docker')!;

type Envelope = { ok: true; data: unknown } | { ok: false; error: { code: string; message: string } };

let main: BootedMain;
let userData: string;
let objects: TestObjects;
/** The URL the window loaded: the only sender the app answers IPC for. */
let appUrl: string;
/** Every child and folder this file started or made, for afterAll even when a test failed. */
const booted: Array<{ main: BootedMain; userData: string }> = [];

/** Starts the built main in a child `node` with the stand-in, and waits until its window loaded and its tray has a menu. */
async function boot(): Promise<{ main: BootedMain; userData: string; appUrl: string }> {
  if (!existsSync(MAIN_FILE)) {
    throw new Error(`${MAIN_FILE} is missing: run \`npm run build\` first (npm test builds before the integration tests).`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'ck-boot-userdata-'));
  const env = { ...process.env };
  // The built file must load the built renderer, with nothing from the outer shell steering it.
  for (const name of ['ELECTRON_RENDERER_URL', 'ELECTRON_RUN_AS_NODE', 'NODE_OPTIONS']) delete env[name];
  const child = new BootedMain({ mainFile: MAIN_FILE, userData: dir, cwd: ROOT, env });
  booted.push({ main: child, userData: dir });
  const load = await child.waitForEvent('window-load', 20_000, 'the main window to load its page');
  await child.waitForEvent('tray-menu', 10_000, 'the first tray menu');
  return { main: child, userData: dir, appUrl: load.url };
}

/** Waits for the child to end by itself; if it does not, ends it and fails saying so. */
async function expectExitsByItself(child: BootedMain, after: string): Promise<void> {
  const exit = await child.waitForExit(10_000);
  if (!exit) {
    await child.kill();
    throw new Error(
      `The main process did not exit by itself within 10 s of ${after}: something it opened is still open (the stand-in released its own IPC channel).\n--- main process output ---\n${child.output}`,
    );
  }
  expect(exit, child.output).toEqual({ code: 0, signal: null });
  expect(child.all('app-exit'), 'app.exit() was not needed').toEqual([]);
  expect(child.all('uncaught')).toEqual([]);
  expect(child.output).not.toMatch(/cleanup took longer|cleanup failed|dispose failed|start-up failed|core\.start failed/);
}

/** The quit as the stand-in saw it: held for cleanup (tray, IPC, then the core and its engines), then through. */
function quitSequence(child: BootedMain, from: number): string[] {
  const kinds = ['app-before-quit', 'tray-destroyed', 'ipc-remove-handler', 'window-closed', 'app-will-quit', 'app-quit', 'channel-released'];
  return child.events
    .slice(from)
    .filter((e) => kinds.includes(e.kind))
    .map((e) => (e.kind === 'app-before-quit' ? `${e.kind}:${e.prevented ? 'held' : 'go'}` : e.kind));
}

function invoke(channel: string, payload: unknown, senderUrl = appUrl): Promise<Envelope> {
  return main.send<Envelope>({ command: 'invoke', channel: IPC_INVOKE, args: [channel, payload], senderUrl });
}

const labelsOf = (menu: MenuNode[] | null | undefined): string[] => (menu ?? []).flatMap((item) => (item.label === undefined ? [] : [item.label]));

function topLevel(menu: MenuNode[] | null | undefined, label: string): MenuNode {
  const item = (menu ?? []).find((i) => i.label === label);
  if (!item) throw new Error(`no "${label}" menu in ${JSON.stringify(labelsOf(menu))}`);
  return item;
}

/** The tray's entry for a container: its name, followed by its engine's name when several engines run. */
const trayEntry = (menu: MenuNode[] | null | undefined, name: string): MenuNode | undefined =>
  (menu ?? []).find((i) => i.label === name || i.label?.startsWith(`${name} (`));

async function currentTrayMenu(): Promise<MenuNode[] | null> {
  const state = await main.send<ChildState>({ command: 'state' });
  const live = state.trays.filter((t) => !t.destroyed);
  if (live.length !== 1) throw new Error(`expected one live tray, found ${live.length}`);
  return live[0].menu;
}

/** A failed wait on the tray says what the tray showed and what the engine says about the container. */
async function explained<T>(waiting: Promise<T>, containerId: string): Promise<T> {
  try {
    return await waiting;
  } catch (error) {
    const menu = await currentTrayMenu().catch((e: unknown) => `unreadable: ${String(e)}`);
    const engineSays = await objects.docker
      .getContainer(containerId)
      .inspect()
      .then((c) => `${c.Name} ${c.State.Status}`)
      .catch((e: unknown) => `inspect failed: ${String(e)}`);
    throw new Error(
      `${(error as Error).message}\nthe tray menu: ${JSON.stringify(menu)}\nthe engine says: ${engineSays}\n--- main process output ---\n${main.output}`,
      { cause: error },
    );
  }
}

const uiCommands = (): unknown[] =>
  main
    .all('web-contents-send')
    .filter((e) => e.channel === IPC_EVENT && e.args[0] === 'ui.command')
    .map((e) => e.args[1]);

beforeAll(() => {
  objects = new TestObjects(DOCKER);
});

afterAll(async () => {
  for (const { main: child, userData: dir } of booted) {
    await child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
  await objects?.cleanup();
});

describe('the built main process, booted with a stand-in for electron', () => {
  beforeAll(async () => {
    ({ main, userData, appUrl } = await boot());
  });

  it('creates one window: context isolation and sandbox on, no Node integration, and a preload and page that exist', async () => {
    const created = main.all('window-created');
    expect(created, 'exactly one BrowserWindow at start').toHaveLength(1);
    const prefs = created[0].options.webPreferences ?? {};
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    expect(prefs.nodeIntegrationInWorker ?? false).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames ?? false).toBe(false);
    expect(prefs.webSecurity ?? true).toBe(true);

    const preload = prefs.preload;
    expect(typeof preload).toBe('string');
    expect(isAbsolute(preload as string)).toBe(true);
    expect(existsSync(preload as string), `the preload ${String(preload)} must exist`).toBe(true);
    // A sandboxed preload can require nothing but electron (it gets no Node module loader).
    const preloadText = readFileSync(preload as string, 'utf8');
    const required = [...preloadText.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1]);
    expect(new Set(required)).toEqual(new Set(['electron']));
    // It knows every channel of the contract, and sends them on the channel the main listens on.
    expect(preloadText).toContain(IPC_INVOKE);
    for (const channel of CHANNEL_NAMES) expect(preloadText, `preload knows ${channel}`).toMatch(new RegExp(`["'\`]${channel.replace(/\./g, '\\.')}["'\`]`));

    const load = main.all('window-load');
    expect(load).toHaveLength(1);
    expect(load[0].method).toBe('loadFile');
    expect(load[0].file).toBe(join(ROOT, 'out', 'renderer', 'index.html'));
    expect(load[0].fileExists, `the renderer entry ${load[0].file} must exist`).toBe(true);
    expect(load[0].url).toBe(pathToFileURL(load[0].file!).href);
    // Shown on ready-to-show, i.e. once the page loaded.
    await main.waitForEvent('window-show', 5000, 'the window to be shown');
  });

  it('hardens the window and the session before the page loads', async () => {
    // In place when the load started, not added afterwards.
    expect(main.all('window-load')[0].guards).toEqual({
      windowOpenHandler: true,
      willNavigateListeners: 1,
      willRedirectListeners: 1,
      permissionRequestHandler: true,
      permissionCheckHandler: true,
      headersReceived: true,
    });
    // And what they do.
    const probe = await main.send<SecurityProbe>({ command: 'security', foreignUrl: 'https://example.invalid/', appUrl });
    expect(probe.webContentsCreatedListeners).toBeGreaterThanOrEqual(1);
    expect(probe.foreignNavigationPrevented).toBe(true);
    expect(probe.appNavigationPrevented).toBe(false);
    expect(probe.windowOpen).toEqual({ action: 'deny' });
    expect(probe.permissionRequestHandlerSet).toBe(true);
    expect(probe.permissionGranted).toBe(false);
    expect(probe.permissionCheck).toBe(false);
    expect(probe.appResponseHeaders?.['Content-Security-Policy']?.[0]).toContain("default-src 'self'");
  });

  it('registers one IPC handler that routes every contract channel, and answers engines.list with the real Docker engine', async () => {
    // One ipcMain.handle for the one invoke channel the preload uses; the router behind it knows the channels.
    expect(main.all('ipc-handle').map((e) => e.channel)).toEqual([IPC_INVOKE]);
    const state = await main.send<ChildState>({ command: 'state' });
    expect(state.handlers).toEqual([IPC_INVOKE]);

    for (const channel of CHANNEL_NAMES) {
      // A request no schema accepts: proves the channel is routed and validated, without side effects.
      const reply = await invoke(channel, 'not-a-request');
      expect(reply.ok, channel).toBe(false);
      if (!reply.ok) {
        expect(reply.error.code, channel).toBe('INVALID_INPUT');
        expect(reply.error.message, channel).toContain(`Invalid request for ${channel}`);
      }
    }
    const unknown = await invoke('no.such.channel', {});
    expect(unknown).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    // Another local page gets nothing, not even the list of engines.
    const foreign = await invoke('engines.list', {}, pathToFileURL(join(ROOT, 'out', 'renderer', 'other.html')).href);
    expect(foreign).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });

    const reply = await waitFor(
      async () => {
        const r = await invoke('engines.list', {});
        const engines = r.ok ? (r.data as Array<{ endpoint: string; status: string }>) : [];
        return engines.some((e) => e.endpoint === DOCKER.endpoint && e.status === 'available') ? r : undefined;
      },
      15_000,
      'engines.list to report the Docker engine available',
    );
    expect(Object.keys(reply).sort()).toEqual(['data', 'ok']);
    expect(reply.ok).toBe(true);
    if (!reply.ok) return;
    expect(Array.isArray(reply.data)).toBe(true);
    expect(reply.data).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: DOCKER.endpoint, endpoint: DOCKER.endpoint, kind: 'docker', status: 'available', error: null })]),
    );
  });

  it('sets the application menu the README describes, and its items reach the page', async () => {
    const menus = main.all('app-menu');
    expect(menus).toHaveLength(1);
    const menu = menus[0].menu;
    expect(labelsOf(menu)).toEqual(expect.arrayContaining(['View', 'Container']));

    const container = topLevel(menu, 'Container');
    expect(labelsOf(container.submenu)).toEqual(
      expect.arrayContaining(['New Container…', 'Start', 'Stop', 'Restart', 'Remove…', 'Refresh', 'Find…', 'Running Only', 'Troubleshoot…']),
    );
    for (const item of container.submenu ?? []) {
      if (item.type === 'separator') continue;
      expect(item.hasClick, item.label).toBe(true);
      expect(item.accelerator, item.label).toBeTruthy();
    }
    const view = topLevel(menu, 'View');
    expect(labelsOf(view.submenu)).toContain('Firewall');
    // Unpackaged: the developer items are there too.
    expect((view.submenu ?? []).map((i) => i.role)).toEqual(expect.arrayContaining(['reload', 'toggleDevTools']));
    expect((menu ?? []).map((i) => i.role)).toEqual(expect.arrayContaining(['fileMenu', 'editMenu', 'windowMenu']));

    // A click goes through the core to the window, as a `ui.command` event on the preload's event channel.
    await main.send({ command: 'click', menu: 'app', path: ['Container', 'Troubleshoot…'] });
    await main.send({ command: 'click', menu: 'app', path: ['View', 'Firewall'] });
    await main.send({ command: 'click', menu: 'app', path: ['Container', 'Stop'] });
    await waitFor(() => (uiCommands().length >= 3 ? true : undefined), 5000, 'three ui.command events sent to the window');
    expect(uiCommands()).toEqual([{ command: 'container.troubleshoot' }, { command: 'view.firewall' }, { command: 'container.stop' }]);
  });

  it('lists a running container with its ports in the tray, and drops it once it stops', async () => {
    const trays = main.all('tray-created');
    expect(trays).toHaveLength(1);
    expect(trays[0].imageEmpty, `tray icon ${trays[0].imagePath}`).toBe(false);
    expect(existsSync(trays[0].imagePath)).toBe(true);

    const name = uniqueName('boot');
    const hostPort = await freePort();
    const { id } = await objects.container({
      name,
      cmd: ['httpd', '-f', '-p', '80'],
      ports: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: String(hostPort) }] },
    });
    const portLabel = `127.0.0.1:${hostPort} → 80/tcp`;

    const entry = await explained(
      waitFor(
        async () => {
          const item = trayEntry(await currentTrayMenu(), name);
          return item && labelsOf(item.submenu).includes(portLabel) ? item : undefined;
        },
        20_000,
        `the tray to list ${name} with ${portLabel}`,
      ),
      id,
    );
    expect(entry.id).toBe(`container:${DOCKER.endpoint}/${id}`);
    expect(labelsOf(entry.submenu)).toEqual(expect.arrayContaining([portLabel, 'Open in Container Kit', 'Restart', 'Stop']));
    const portItem = entry.submenu!.find((i) => i.label === portLabel)!;
    expect(portItem.toolTip).toBe(`http://127.0.0.1:${hostPort}`);
    // Every change was pushed as a rebuilt menu, not read back from the test's side only.
    expect(trayEntry(main.latest('tray-menu')?.menu, name)).toBeDefined();
    // A port click opens the browser (the stand-in only records the URL).
    await main.send({ command: 'click', menu: 'tray', path: [entry.label!, portLabel] });
    await main.waitForEvent('shell', 5000, 'the port to be opened', (e) => e.method === 'openExternal' && e.url === `http://127.0.0.1:${hostPort}`);

    await objects.docker.getContainer(id).stop({ t: 1 });
    await explained(
      waitFor(async () => (trayEntry(await currentTrayMenu(), name) ? undefined : true), 30_000, `the tray menu to drop ${name} after it stopped`),
      id,
    );
    expect(trayEntry(main.latest('tray-menu')?.menu, name)).toBeUndefined();
  });

  // The tray is built before core.start() has discovered any engine: its first menu must say it is
  // connecting, not flash "No container engine available" until the first engines.changed.
  it('does not claim "no engine available" in the tray while the engines are still being connected', () => {
    const [first] = main.all('tray-menu');
    expect(labelsOf(first.menu)).not.toContain('No container engine available');
    expect(main.all('tray-tooltip')[0]?.toolTip).not.toMatch(/no engine available/);
  });

  // The tray and window icons are read from resources/ (electron-vite's `?asset` keeps public
  // assets in place, `../../resources/…` from out/main): an installed app has them only if
  // electron-builder.yml packs them.
  it('reads at start only files that `npm run dist` packs (electron-builder.yml `files`)', () => {
    const { files } = parseYaml(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as { files: string[] };
    const included = files.filter((f) => !f.startsWith('!'));
    const packed = (file: string): boolean => {
      const path = relative(ROOT, file).split(sep).join('/');
      return included.some((pattern) => (pattern.endsWith('/**') ? path.startsWith(pattern.slice(0, -2)) : path === pattern));
    };
    const window = main.all('window-created')[0].options;
    const read = {
      preload: String(window.webPreferences?.preload),
      page: String(main.all('window-load')[0].file),
      windowIcon: String(window.icon),
      trayIcon: main.all('tray-created')[0].imagePath,
    };
    expect(Object.entries(read).filter(([, file]) => !packed(file))).toEqual([]);
  });

  it('disposes the engines on quit and the process then exits by itself, with code 0', async () => {
    const from = main.events.length;
    await main.send({ command: 'quit' });
    await expectExitsByItself(main, 'app.quit()');
    expect(quitSequence(main, from)).toEqual([
      'app-before-quit:held',
      'tray-destroyed',
      'ipc-remove-handler',
      'app-before-quit:go',
      'window-closed',
      'app-will-quit',
      'app-quit',
      'channel-released',
    ]);
    // Everything the app keeps went to the user-data folder the stand-in named (the window's bounds, saved on close).
    expect(existsSync(join(userData, 'window-state.json'))).toBe(true);
  });
});

describe('closing the window on Linux or Windows', () => {
  it.skipIf(process.platform === 'darwin')('quits through the same cleanup, and the process exits by itself', async () => {
    const child = (await boot()).main;
    const from = child.events.length;
    await child.send({ command: 'close-window' });
    await expectExitsByItself(child, 'closing the last window');
    // 'window-all-closed' → app.quit(): the window is already gone when the quit is held for cleanup.
    expect(quitSequence(child, from)).toEqual([
      'window-closed',
      'app-before-quit:held',
      'tray-destroyed',
      'ipc-remove-handler',
      'app-before-quit:go',
      'app-will-quit',
      'app-quit',
      'channel-released',
    ]);
  });
});
