import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

type Handler = (...args: any[]) => any;

const electron = vi.hoisted(() => {
  const created: any[] = [];
  const loading = { result: (): Promise<void> => Promise.resolve() };
  class FakeBrowserWindow {
    options: any;
    handlers = new Map<string, Handler>();
    loadFile = vi.fn(() => loading.result());
    loadURL = vi.fn(() => loading.result());
    show = vi.fn();
    focus = vi.fn();
    restore = vi.fn();
    maximize = vi.fn();
    setFullScreen = vi.fn();
    minimized = false;
    destroyed = false;
    constructor(options: unknown) {
      this.options = options;
      created.push(this);
    }
    on(event: string, handler: Handler) {
      this.handlers.set(event, handler);
      return this;
    }
    once(event: string, handler: Handler) {
      return this.on(event, handler);
    }
    isMinimized = () => this.minimized;
    isDestroyed = () => this.destroyed;
    isMaximized = () => false;
    isFullScreen = () => false;
    getNormalBounds = () => ({ x: 0, y: 0, width: 1, height: 1 });
  }
  return {
    created,
    loading,
    BrowserWindow: FakeBrowserWindow,
    nativeTheme: { shouldUseDarkColors: true },
    screen: { getAllDisplays: vi.fn(() => [{ workArea: { x: 0, y: 0, width: 1920, height: 1050 } }]) },
    // security-restrictions imports these; the window code never calls them.
    app: {},
    session: {},
    shell: {},
  };
});
vi.mock('electron', () => electron);

import { createMainWindow, resolveRendererEntry, revealWindow } from '../../../src/main/shell/main-window';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ck-main-window-'));
  electron.created.length = 0;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('resolveRendererEntry', () => {
  it('uses the built file when no dev server is set', () => {
    const entry = resolveRendererEntry({ isPackaged: false, env: {}, mainDir: '/app/out/main' });
    expect(entry).toEqual({ file: '/app/out/renderer/index.html', url: pathToFileURL('/app/out/renderer/index.html').href });
  });
  it('uses the dev server when unpackaged', () => {
    const env = { ELECTRON_RENDERER_URL: 'http://localhost:5173' };
    expect(resolveRendererEntry({ isPackaged: false, env, mainDir: '/app/out/main' })).toEqual({ url: 'http://localhost:5173' });
  });
  it('ignores the dev server variable in a packaged app, and non-http values', () => {
    const packaged = resolveRendererEntry({ isPackaged: true, env: { ELECTRON_RENDERER_URL: 'https://evil.example' }, mainDir: '/a/main' });
    expect(packaged.file).toBeDefined();
    const odd = resolveRendererEntry({ isPackaged: false, env: { ELECTRON_RENDERER_URL: 'javascript:1' }, mainDir: '/a/main' });
    expect(odd.file).toBeDefined();
  });
});

describe('createMainWindow', () => {
  const entryFile = { url: 'file:///app/out/renderer/index.html', file: '/app/out/renderer/index.html' };

  it('creates a hardened, hidden window with title, minimum size, background and icon', () => {
    createMainWindow({ entry: entryFile, preloadPath: '/app/out/preload/index.cjs', iconPath: '/icon.png', stateFile: join(dir, 's.json') });
    const { options } = electron.created[0];
    expect(options).toMatchObject({
      title: 'Container Kit',
      show: false,
      width: 1200,
      height: 800,
      icon: '/icon.png',
      backgroundColor: '#1e1f22',
      webPreferences: { preload: '/app/out/preload/index.cjs', contextIsolation: true, sandbox: true, nodeIntegration: false },
    });
    expect(options.minWidth).toBeGreaterThan(0);
    expect(options.minHeight).toBeGreaterThan(0);
  });

  it('loads the file in production and the URL in development', () => {
    createMainWindow({ entry: entryFile, preloadPath: '/p', stateFile: join(dir, 's.json') });
    expect(electron.created[0].loadFile).toHaveBeenCalledWith('/app/out/renderer/index.html');
    createMainWindow({ entry: { url: 'http://localhost:5173' }, preloadPath: '/p', stateFile: join(dir, 's.json') });
    expect(electron.created[1].loadURL).toHaveBeenCalledWith('http://localhost:5173');
    expect(electron.created[1].loadFile).not.toHaveBeenCalled();
  });

  it('shows only on ready-to-show, restoring maximized and full screen', () => {
    const stateFile = join(dir, 's.json');
    writeFileSync(stateFile, JSON.stringify({ bounds: { x: 5000, y: 40, width: 900, height: 600 }, isMaximized: true, isFullScreen: true }));
    createMainWindow({ entry: entryFile, preloadPath: '/p', stateFile });
    const win = electron.created[0];
    // The saved bounds were on a monitor that is gone: centred on the remaining one.
    expect(win.options).toMatchObject({ x: 510, y: 225, width: 900, height: 600 });
    expect(win.show).not.toHaveBeenCalled();
    win.handlers.get('ready-to-show')!();
    expect(win.maximize).toHaveBeenCalled();
    expect(win.show).toHaveBeenCalled();
    expect(win.setFullScreen).toHaveBeenCalledWith(true);
    expect([...win.handlers.keys()]).toEqual(expect.arrayContaining(['resize', 'move', 'close']));
  });

  it('logs instead of crashing when the renderer fails to load', async () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    electron.loading.result = () => Promise.reject(new Error('ERR_CONNECTION_REFUSED'));
    try {
      createMainWindow({ entry: { url: 'http://localhost:5173' }, preloadPath: '/p', stateFile: join(dir, 's.json') });
      await vi.waitFor(() => expect(spy).toHaveBeenCalledWith('[main-window] could not load the renderer', expect.any(Error)));
    } finally {
      electron.loading.result = () => Promise.resolve();
      spy.mockRestore();
    }
  });
});

describe('revealWindow', () => {
  it('restores a minimized window and focuses it', () => {
    const win = new electron.BrowserWindow({});
    win.minimized = true;
    revealWindow(win as never);
    expect(win.restore).toHaveBeenCalled();
    expect(win.show).toHaveBeenCalled();
    expect(win.focus).toHaveBeenCalled();
  });
  it('leaves a destroyed window alone', () => {
    const win = new electron.BrowserWindow({});
    win.destroyed = true;
    revealWindow(win as never);
    expect(win.show).not.toHaveBeenCalled();
  });
});
