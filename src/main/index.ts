/// <reference types="electron-vite/node" />
// The Electron entry: wiring only. Behaviour lives in ./core (shared with browser mode) and ./shell.
import { join } from 'node:path';
import { app, BrowserWindow, Menu } from 'electron';
import icon from '../../resources/icon.png?asset';
// tray@2x.png sits beside it and is picked up by Electron on high-DPI screens.
import trayIcon from '../../resources/tray.png?asset';
import { createAppCore, type AppCore } from './core/app-core';
import { buildAppMenuTemplate } from './shell/app-menu';
import { registerIpc } from './shell/electron-ipc';
import { cleanupBeforeQuit } from './shell/lifecycle';
import { createMainWindow, resolveRendererEntry, revealWindow, WINDOW_TITLE } from './shell/main-window';
import { registerConflictNotifications } from './shell/notifications';
import { applySecurityRestrictions } from './shell/security-restrictions';
import { createTray } from './shell/tray';

const isMac = process.platform === 'darwin';
const entry = resolveRendererEntry({ isPackaged: app.isPackaged, env: process.env, mainDir: import.meta.dirname });
let mainWindow: BrowserWindow | undefined;

/** For the tray and notifications: the window, brought forward or re-created (macOS keeps running without one). */
function showMainWindow(): void {
  if (mainWindow) revealWindow(mainWindow);
  else if (app.isReady()) openMainWindow();
}

function openMainWindow(): void {
  mainWindow = createMainWindow({
    entry,
    preloadPath: join(import.meta.dirname, '../preload/index.cjs'),
    iconPath: icon,
    stateFile: join(app.getPath('userData'), 'window-state.json'),
  });
  mainWindow.on('closed', () => {
    mainWindow = undefined;
  });
}

async function main(): Promise<void> {
  await app.whenReady();
  applySecurityRestrictions(entry.url);

  const core: AppCore = createAppCore({ settingsFile: join(app.getPath('userData'), 'settings.json') });
  const unbindIpc = registerIpc(core, entry.url);
  // Shell pieces created later register their teardown here; it runs before the core goes away.
  const disposers: Array<() => void> = [];
  cleanupBeforeQuit(app, async () => {
    for (const dispose of disposers.splice(0)) {
      // One failing teardown must not stop the engines from being released.
      try {
        dispose();
      } catch (error) {
        console.error('[main] dispose failed', error);
      }
    }
    unbindIpc();
    await core.dispose();
  });

  const template = buildAppMenuTemplate({
    isMac,
    isDev: !app.isPackaged,
    appName: WINDOW_TITLE,
    send: (command) => core.emit('ui.command', { command }),
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));

  // Before core.start(), so neither misses the first engine snapshots or a conflict found at start-up;
  // both reach the window lazily through showMainWindow, so it need not exist yet.
  // Quitting from the tray goes through app.quit() like everything else, so cleanup runs.
  disposers.push(createTray(core, { iconPath: trayIcon, showWindow: showMainWindow, quit: () => app.quit() }));
  disposers.push(registerConflictNotifications(core, { showWindow: showMainWindow }));

  // A failed start (no engine reachable, say) is the core's to report through its events; the window
  // still opens so the user sees that state instead of an app that vanished.
  core.start().catch((error: unknown) => console.error('[main] core.start failed', error));
  openMainWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openMainWindow();
  });
}

if (!app.requestSingleInstanceLock()) {
  // Another instance is running; it receives 'second-instance' and shows its window.
  app.quit();
} else {
  app.on('second-instance', showMainWindow);
  app.on('window-all-closed', () => {
    if (!isMac) app.quit();
  });
  main().catch((error: unknown) => {
    console.error('[main] start-up failed', error);
    app.exit(1);
  });
}
