import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BrowserWindow, nativeTheme, screen } from 'electron';
import { secureWebPreferences } from './security-restrictions';
import { fitToDisplays, loadWindowState, trackWindowState } from './window-state';

export const WINDOW_TITLE = 'Container Kit';
const DEFAULT_SIZE = { width: 1200, height: 800 };
const MIN_SIZE = { width: 800, height: 520 };

/** Where the renderer comes from. `url` is also the identity IPC senders are checked against. */
export interface RendererEntry {
  url: string;
  /** Set when the renderer is the built file (production); absent for the dev server. */
  file?: string;
}

/**
 * The dev server URL is honoured only when unpackaged: in a shipped app an environment variable
 * must never be able to point the trusted, IPC-enabled window at another site.
 */
export function resolveRendererEntry(options: { isPackaged: boolean; env: NodeJS.ProcessEnv; mainDir: string }): RendererEntry {
  const devUrl = options.env.ELECTRON_RENDERER_URL;
  if (!options.isPackaged && devUrl && /^https?:\/\//i.test(devUrl)) return { url: devUrl };
  const file = join(options.mainDir, '../renderer/index.html');
  return { url: pathToFileURL(file).href, file };
}

export interface MainWindowOptions {
  entry: RendererEntry;
  preloadPath: string;
  iconPath?: string;
  /** JSON file remembering bounds, maximized and full-screen between runs. */
  stateFile: string;
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const saved = loadWindowState(options.stateFile);
  const workAreas = screen.getAllDisplays().map((display) => display.workArea);
  const bounds = saved ? fitToDisplays(saved.bounds, workAreas) : DEFAULT_SIZE;

  const win = new BrowserWindow({
    ...bounds,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    title: WINDOW_TITLE,
    // Shown on ready-to-show, painted in the theme's colour meanwhile, so there is no white flash.
    show: false,
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#1e1f22' : '#ffffff',
    ...(options.iconPath ? { icon: options.iconPath } : {}),
    webPreferences: secureWebPreferences(options.preloadPath),
  });

  win.once('ready-to-show', () => {
    if (saved?.isMaximized) win.maximize();
    win.show();
    if (saved?.isFullScreen) win.setFullScreen(true);
  });
  trackWindowState(win, options.stateFile);

  const loading = options.entry.file ? win.loadFile(options.entry.file) : win.loadURL(options.entry.url);
  loading.catch((error: unknown) => console.error('[main-window] could not load the renderer', error));
  return win;
}

/** For a second launch or a dock click: bring the existing window forward instead of a new one. */
export function revealWindow(win: BrowserWindow): void {
  if (win.isDestroyed()) return;
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}
