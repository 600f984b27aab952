/**
 * An in-memory stand-in for the `electron` module, for booting the built main process
 * (`out/main/index.js`) in plain Node. It implements what src/main/** imports from 'electron' and
 * behaves like Electron where the main process can tell the difference (ready, quit sequence,
 * duplicate ipcMain handlers, template validation, loadFile of a missing file, …).
 *
 * It reports what the app does to the parent test over the child-process IPC channel
 * (`{ type: 'event', kind, ... }`) and answers the test's commands
 * (`{ type: 'command', id, command, ... }` → `{ type: 'reply', id, ok, value | error }`).
 * The message shapes are described in ./protocol.ts.
 *
 * It never opens a window, a URL or a notification, and never touches the network.
 * `app.getPath('userData')` is the folder in CK_FAKE_ELECTRON_USER_DATA (required).
 */
import { EventEmitter } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

// ---------------------------------------------------------------------------------------------
// Reporting to the test

/** @param {string} kind @param {Record<string, unknown>} [data] */
function report(kind, data = {}) {
  if (typeof process.send !== 'function' || !process.connected) return;
  try {
    process.send({ type: 'event', kind, at: Date.now(), ...toPlain(data) });
  } catch (error) {
    process.stderr.write(`[fake-electron] could not report ${kind}: ${String(error)}\n`);
  }
}

/** JSON-safe copy: functions become '[function]', cycles and class instances are cut short. */
function toPlain(value, depth = 0, seen = new WeakSet()) {
  if (value === null || value === undefined) return value;
  if (typeof value === 'function') return '[function]';
  if (typeof value !== 'object') return typeof value === 'bigint' ? String(value) : value;
  if (depth > 12 || seen.has(value)) return '[…]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => toPlain(v, depth + 1, seen));
  if (value instanceof NativeImage) return { nativeImage: value.path };
  if (value instanceof Menu) return { menu: serializeMenu(value) };
  /** @type {Record<string, unknown>} */
  const out = {};
  for (const [k, v] of Object.entries(value)) out[k] = toPlain(v, depth + 1, seen);
  return out;
}

class ElectronEvent {
  defaultPrevented = false;
  preventDefault() {
    this.defaultPrevented = true;
  }
}

// ---------------------------------------------------------------------------------------------
// nativeImage, nativeTheme, screen, clipboard, dialog, shell

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

class NativeImage {
  /** @param {string} path */
  constructor(path) {
    this.path = path;
    /** @type {{ width: number; height: number } | null} */
    this.size = null;
    try {
      const bytes = readFileSync(path);
      // Like Electron: an unreadable or non-image file gives an empty image, not an error.
      if (bytes.subarray(0, 8).equals(PNG_SIGNATURE)) this.size = { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
    } catch {
      this.size = null;
    }
    this.template = false;
  }
  isEmpty() {
    return this.size === null;
  }
  getSize() {
    return this.size ?? { width: 0, height: 0 };
  }
  setTemplateImage(on) {
    this.template = Boolean(on);
  }
  isTemplateImage() {
    return this.template;
  }
  resize() {
    return this;
  }
}

export const nativeImage = {
  /** @param {string} path */
  createFromPath: (path) => new NativeImage(path),
  createEmpty: () => new NativeImage(''),
};

class NativeTheme extends EventEmitter {
  shouldUseDarkColors = false;
  shouldUseHighContrastColors = false;
  themeSource = 'system';
}
export const nativeTheme = new NativeTheme();

const DISPLAY = {
  id: 1,
  bounds: { x: 0, y: 0, width: 1920, height: 1080 },
  workArea: { x: 0, y: 0, width: 1920, height: 1050 },
  size: { width: 1920, height: 1080 },
  workAreaSize: { width: 1920, height: 1050 },
  scaleFactor: 1,
  rotation: 0,
  internal: false,
};
class Screen extends EventEmitter {
  getAllDisplays() {
    return [structuredClone(DISPLAY)];
  }
  getPrimaryDisplay() {
    return structuredClone(DISPLAY);
  }
  getDisplayMatching() {
    return structuredClone(DISPLAY);
  }
  getDisplayNearestPoint() {
    return structuredClone(DISPLAY);
  }
  getCursorScreenPoint() {
    return { x: 0, y: 0 };
  }
}
export const screen = new Screen();

let clipboardText = '';
export const clipboard = {
  writeText(text) {
    clipboardText = String(text);
    report('clipboard-write', { text: clipboardText });
  },
  readText: () => clipboardText,
  clear() {
    clipboardText = '';
  },
};

export const dialog = {
  showMessageBox: async (...args) => {
    report('dialog', { method: 'showMessageBox', args });
    return { response: 0, checkboxChecked: false };
  },
  showMessageBoxSync: (...args) => {
    report('dialog', { method: 'showMessageBoxSync', args });
    return 0;
  },
  showErrorBox: (title, content) => report('dialog', { method: 'showErrorBox', args: [title, content] }),
  showOpenDialog: async (...args) => {
    report('dialog', { method: 'showOpenDialog', args });
    return { canceled: true, filePaths: [] };
  },
  showSaveDialog: async (...args) => {
    report('dialog', { method: 'showSaveDialog', args });
    return { canceled: true, filePath: '' };
  },
};

/** Records; never opens anything. */
export const shell = {
  openExternal: async (url) => report('shell', { method: 'openExternal', url }),
  openPath: async (path) => {
    report('shell', { method: 'openPath', path });
    return '';
  },
  showItemInFolder: (path) => report('shell', { method: 'showItemInFolder', path }),
};

// ---------------------------------------------------------------------------------------------
// Menu

class MenuItem {
  /** @param {Record<string, any>} options */
  constructor(options) {
    if (!options || typeof options !== 'object') throw new TypeError('Invalid template for MenuItem');
    // Electron's own check (lib/browser/api/menu.ts).
    if (options.label === undefined && options.role === undefined && options.type === undefined) {
      throw new TypeError('Invalid template for MenuItem: must have at least one of label, role or type');
    }
    this.id = options.id;
    this.label = options.label;
    this.role = options.role;
    this.type = options.type ?? (options.submenu ? 'submenu' : 'normal');
    this.enabled = options.enabled ?? true;
    this.visible = options.visible ?? true;
    this.checked = options.checked ?? false;
    this.accelerator = options.accelerator;
    this.toolTip = options.toolTip;
    this.click = typeof options.click === 'function' ? options.click : undefined;
    /** @type {Menu | undefined} */
    this.submenu = options.submenu === undefined ? undefined : options.submenu instanceof Menu ? options.submenu : Menu.buildFromTemplate(options.submenu);
  }
}

export class Menu extends EventEmitter {
  /** @type {Menu | null} */
  static applicationMenu = null;

  /** @type {MenuItem[]} */
  items = [];

  /** @param {unknown} template */
  static buildFromTemplate(template) {
    if (!Array.isArray(template)) throw new TypeError('Invalid template for Menu: Menu template must be an array');
    const menu = new Menu();
    for (const item of template) menu.append(item instanceof MenuItem ? item : new MenuItem(item));
    return menu;
  }

  /** @param {Menu | null} menu */
  static setApplicationMenu(menu) {
    if (menu !== null && !(menu instanceof Menu)) throw new TypeError('Invalid menu');
    Menu.applicationMenu = menu;
    report('app-menu', { menu: menu ? serializeMenu(menu) : null });
  }

  static getApplicationMenu() {
    return Menu.applicationMenu;
  }

  append(item) {
    this.items.push(item);
  }
  insert(position, item) {
    this.items.splice(position, 0, item);
  }
  getMenuItemById(id) {
    for (const item of this.items) {
      if (item.id === id) return item;
      const inner = item.submenu?.getMenuItemById(id);
      if (inner) return inner;
    }
    return null;
  }
  popup() {}
  closePopup() {}
}

/** The menu as the test reads it: labels, roles, ids, flags; no functions. */
function serializeMenu(menu) {
  return menu.items.map((item) => {
    /** @type {Record<string, unknown>} */
    const out = { type: item.type, enabled: item.enabled, visible: item.visible, hasClick: Boolean(item.click) };
    for (const key of ['id', 'label', 'role', 'accelerator', 'toolTip']) if (item[key] !== undefined) out[key] = item[key];
    if (item.submenu) out.submenu = serializeMenu(item.submenu);
    return out;
  });
}

/** @param {Menu | null | undefined} menu @param {string[]} path */
function findMenuItem(menu, path) {
  let items = menu?.items ?? [];
  /** @type {MenuItem | undefined} */
  let found;
  for (const label of path) {
    found = items.find((i) => i.label === label || i.id === label);
    if (!found) throw new Error(`No menu item "${label}" (path ${JSON.stringify(path)}) in ${JSON.stringify(items.map((i) => i.label ?? i.role))}`);
    items = found.submenu?.items ?? [];
  }
  if (!found) throw new Error('Empty menu path');
  return found;
}

// ---------------------------------------------------------------------------------------------
// Tray, Notification

/** @type {Tray[]} */
const trays = [];

export class Tray extends EventEmitter {
  /** @param {NativeImage | string} image */
  constructor(image) {
    super();
    const img = typeof image === 'string' ? new NativeImage(image) : image;
    if (!(img instanceof NativeImage)) throw new TypeError('Tray: image must be a NativeImage or a path');
    this.image = img;
    /** @type {Menu | null} */
    this.menu = null;
    this.toolTip = '';
    this.destroyed = false;
    trays.push(this);
    report('tray-created', { imagePath: img.path, imageEmpty: img.isEmpty() });
  }
  /** @param {Menu | null} menu */
  setContextMenu(menu) {
    this.assertAlive();
    if (menu !== null && !(menu instanceof Menu)) throw new TypeError('Tray.setContextMenu: not a Menu');
    this.menu = menu;
    report('tray-menu', { menu: menu ? serializeMenu(menu) : null });
  }
  setToolTip(text) {
    this.assertAlive();
    this.toolTip = String(text);
    report('tray-tooltip', { toolTip: this.toolTip });
  }
  setImage(image) {
    this.image = typeof image === 'string' ? new NativeImage(image) : image;
  }
  setTitle() {}
  isDestroyed() {
    return this.destroyed;
  }
  destroy() {
    if (this.destroyed) return;
    this.destroyed = true;
    report('tray-destroyed');
  }
  assertAlive() {
    if (this.destroyed) throw new Error('Object has been destroyed');
  }
}

export class Notification extends EventEmitter {
  static isSupported() {
    return true;
  }
  constructor(options = {}) {
    super();
    this.options = options;
  }
  show() {
    report('notification', { title: this.options.title, body: this.options.body });
  }
  close() {
    this.emit('close', new ElectronEvent());
  }
}

// ---------------------------------------------------------------------------------------------
// ipcMain

class IpcMain extends EventEmitter {
  /** @type {Map<string, Function>} */
  handlers = new Map();

  handle(channel, handler) {
    // Electron refuses a second handler for one channel.
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    if (typeof handler !== 'function') throw new TypeError(`Expected handler to be a function, but found type '${typeof handler}'`);
    this.handlers.set(channel, handler);
    report('ipc-handle', { channel });
  }
  handleOnce(channel, handler) {
    this.handle(channel, (...args) => {
      this.removeHandler(channel);
      return handler(...args);
    });
  }
  removeHandler(channel) {
    this.handlers.delete(channel);
    report('ipc-remove-handler', { channel });
  }
}
export const ipcMain = new IpcMain();

// ---------------------------------------------------------------------------------------------
// session

class WebRequest {
  /** @type {Function | null} */
  headersReceived = null;
  onHeadersReceived(filterOrListener, maybeListener) {
    this.headersReceived = typeof filterOrListener === 'function' ? filterOrListener : (maybeListener ?? null);
  }
  onBeforeRequest() {}
  onBeforeSendHeaders() {}
}

class Session extends EventEmitter {
  /** @type {Function | null} */
  permissionRequestHandler = null;
  /** @type {Function | null} */
  permissionCheckHandler = null;
  webRequest = new WebRequest();
  setPermissionRequestHandler(handler) {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler) {
    this.permissionCheckHandler = handler;
  }
  setDevicePermissionHandler() {}
  setDisplayMediaRequestHandler() {}
  setSpellCheckerEnabled() {}
  async clearCache() {}
  async clearStorageData() {}
}

let readyForSessions = false;
const defaultSession = new Session();
export const session = {
  get defaultSession() {
    // Electron: sessions exist only once the app is ready.
    if (!readyForSessions) throw new Error('Session can only be received when app is ready');
    return defaultSession;
  },
  fromPartition: () => defaultSession,
};

// ---------------------------------------------------------------------------------------------
// BrowserWindow

let nextWebContentsId = 1;

class WebContents extends EventEmitter {
  /** @param {BrowserWindow} win */
  constructor(win) {
    super();
    this.id = nextWebContentsId++;
    this.window = win;
    this.destroyed = false;
    this.url = '';
    /** @type {Function | null} */
    this.windowOpenHandler = null;
  }
  get session() {
    return defaultSession;
  }
  send(channel, ...args) {
    if (this.destroyed) throw new Error('Object has been destroyed');
    report('web-contents-send', { windowId: this.window.id, channel, args });
  }
  setWindowOpenHandler(handler) {
    this.windowOpenHandler = handler;
  }
  isDestroyed() {
    return this.destroyed;
  }
  getURL() {
    return this.url;
  }
  isLoading() {
    return false;
  }
  async loadURL(url) {
    return this.load('loadURL', String(url), undefined);
  }
  async loadFile(file, options = {}) {
    const url = new URL(pathToFileURL(String(file)).href);
    if (options.hash) url.hash = options.hash;
    if (options.search) url.search = options.search;
    return this.load('loadFile', url.href, String(file));
  }
  /** @param {string} method @param {string} url @param {string | undefined} file */
  async load(method, url, file) {
    // No 'will-navigate' here: Electron does not emit it for loads the main process starts itself.
    report('window-load', {
      windowId: this.window.id,
      method,
      url,
      file: file ?? null,
      fileExists: file ? existsSync(file) : null,
      // What guards the page at the moment it starts loading.
      guards: {
        windowOpenHandler: Boolean(this.windowOpenHandler),
        willNavigateListeners: this.listenerCount('will-navigate'),
        willRedirectListeners: this.listenerCount('will-redirect'),
        permissionRequestHandler: Boolean(defaultSession.permissionRequestHandler),
        permissionCheckHandler: Boolean(defaultSession.permissionCheckHandler),
        headersReceived: Boolean(defaultSession.webRequest.headersReceived),
      },
    });
    // Electron rejects with ERR_FILE_NOT_FOUND (-6) for a missing file.
    if (file && !existsSync(file)) {
      await Promise.resolve();
      const error = Object.assign(new Error(`ERR_FILE_NOT_FOUND (-6) loading '${url}'`), { code: 'ERR_FILE_NOT_FOUND', errno: -6, url });
      this.emit('did-fail-load', new ElectronEvent(), -6, 'ERR_FILE_NOT_FOUND', url, true);
      throw error;
    }
    this.url = url;
    await Promise.resolve();
    this.emit('did-finish-load', new ElectronEvent());
    setImmediate(() => {
      if (!this.window.destroyed) this.window.emit('ready-to-show', new ElectronEvent());
    });
  }
  openDevTools() {}
  closeDevTools() {}
  isDevToolsOpened() {
    return false;
  }
  reload() {}
  focus() {}
}

/** @type {BrowserWindow[]} */
const windows = [];
let nextWindowId = 1;

export class BrowserWindow extends EventEmitter {
  static getAllWindows() {
    return [...windows];
  }
  static getFocusedWindow() {
    return windows.find((w) => w.focused) ?? null;
  }
  static fromWebContents(contents) {
    return windows.find((w) => w.webContents === contents) ?? null;
  }
  static fromId(id) {
    return windows.find((w) => w.id === id) ?? null;
  }

  /** @param {Record<string, any>} [options] */
  constructor(options = {}) {
    super();
    if (!app.isReady()) throw new Error('Cannot create BrowserWindow before app is ready');
    this.id = nextWindowId++;
    this.options = options;
    this.destroyed = false;
    this.visible = false;
    this.focused = false;
    this.maximized = false;
    this.minimized = false;
    this.fullScreen = false;
    const width = options.width ?? 800;
    const height = options.height ?? 600;
    this.bounds = {
      x: options.x ?? Math.round((DISPLAY.workArea.width - width) / 2),
      y: options.y ?? Math.round((DISPLAY.workArea.height - height) / 2),
      width,
      height,
    };
    this.webContents = new WebContents(this);
    windows.push(this);
    // As in Electron: the hook sees the contents before the window is handed back to the caller.
    app.emit('web-contents-created', new ElectronEvent(), this.webContents);
    report('window-created', { windowId: this.id, options });
    app.emit('browser-window-created', new ElectronEvent(), this);
    if (options.show !== false) this.show();
  }
  loadURL(url, options) {
    return this.webContents.loadURL(url, options);
  }
  loadFile(file, options) {
    return this.webContents.loadFile(file, options);
  }
  show() {
    this.visible = true;
    this.focused = true;
    report('window-show', { windowId: this.id });
  }
  showInactive() {
    this.visible = true;
  }
  hide() {
    this.visible = false;
  }
  focus() {
    this.focused = true;
  }
  blur() {
    this.focused = false;
  }
  isVisible() {
    return this.visible;
  }
  isFocused() {
    return this.focused;
  }
  isDestroyed() {
    return this.destroyed;
  }
  isMinimized() {
    return this.minimized;
  }
  minimize() {
    this.minimized = true;
  }
  restore() {
    this.minimized = false;
  }
  isMaximized() {
    return this.maximized;
  }
  maximize() {
    this.maximized = true;
    this.emit('maximize');
  }
  unmaximize() {
    this.maximized = false;
    this.emit('unmaximize');
  }
  isFullScreen() {
    return this.fullScreen;
  }
  setFullScreen(on) {
    this.fullScreen = Boolean(on);
  }
  getBounds() {
    return { ...this.bounds };
  }
  getNormalBounds() {
    return { ...this.bounds };
  }
  setBounds(bounds) {
    this.bounds = { ...this.bounds, ...bounds };
  }
  setTitle(title) {
    this.options.title = title;
  }
  getTitle() {
    return this.options.title ?? '';
  }
  setMenuBarVisibility() {}
  setProgressBar() {}
  /** Like Electron: 'close' can be vetoed; otherwise the window goes and 'closed' follows. */
  close() {
    if (this.destroyed) return;
    const event = new ElectronEvent();
    this.emit('close', event);
    if (event.defaultPrevented) return;
    this.destroy();
  }
  destroy() {
    if (this.destroyed) return;
    this.destroyed = true;
    this.visible = false;
    this.webContents.destroyed = true;
    windows.splice(windows.indexOf(this), 1);
    this.webContents.emit('destroyed');
    this.emit('closed');
    report('window-closed', { windowId: this.id });
    if (windows.length === 0 && !quitting) {
      // Electron quits when the last window closes unless someone listens for 'window-all-closed'.
      if (app.listenerCount('window-all-closed') > 0) app.emit('window-all-closed');
      else app.quit();
    }
  }
}

// ---------------------------------------------------------------------------------------------
// app

const USER_DATA = process.env.CK_FAKE_ELECTRON_USER_DATA;

let ready = false;
/** True from the moment a quit got past 'before-quit' (windows then close without 'window-all-closed'). */
let quitting = false;
let quitDone = false;

class App extends EventEmitter {
  isPackaged = false;
  commandLine = { appendSwitch() {}, appendArgument() {}, hasSwitch: () => false, getSwitchValue: () => '' };

  constructor() {
    super();
    /** @type {Promise<void>} */
    this.readyPromise = new Promise((resolve) => this.once('ready', () => resolve()));
  }

  whenReady() {
    return this.readyPromise;
  }
  isReady() {
    return ready;
  }
  getName() {
    return 'container-kit';
  }
  setName() {}
  getVersion() {
    try {
      return JSON.parse(readFileSync(join(process.cwd(), 'package.json'), 'utf8')).version ?? '0.0.0';
    } catch {
      return '0.0.0';
    }
  }
  getLocale() {
    return 'en-US';
  }
  getAppPath() {
    return process.cwd();
  }
  /** @param {string} name */
  getPath(name) {
    if (!USER_DATA) throw new Error('fake electron: set CK_FAKE_ELECTRON_USER_DATA so the app never writes to the real user folders');
    switch (name) {
      case 'userData':
      case 'sessionData':
        return USER_DATA;
      case 'appData':
        return dirname(USER_DATA);
      case 'logs':
        return join(USER_DATA, 'logs');
      case 'crashDumps':
        return join(USER_DATA, 'Crashpad');
      case 'temp':
        return tmpdir();
      case 'home':
        return homedir();
      case 'exe':
        return process.execPath;
      case 'module':
        return process.execPath;
      case 'desktop':
      case 'documents':
      case 'downloads':
      case 'music':
      case 'pictures':
      case 'videos':
        return join(homedir(), name);
      default:
        throw new Error(`Failed to get '${name}' path`);
    }
  }
  setPath() {}
  requestSingleInstanceLock() {
    report('single-instance-lock');
    return true;
  }
  hasSingleInstanceLock() {
    return true;
  }
  releaseSingleInstanceLock() {}
  setAppUserModelId() {}
  focus() {}
  relaunch() {}
  setAboutPanelOptions() {}

  /**
   * Electron's sequence: 'before-quit' (preventable) → every window is closed (a vetoed 'close'
   * cancels the quit) → 'will-quit' (preventable) → 'quit' → the process ends. Here the process is
   * not ended: the stand-in lets go of its own IPC channel, so the process ends only once the app has
   * released everything it opened (the test measures exactly that).
   */
  quit() {
    if (quitting || quitDone) return;
    const beforeQuit = new ElectronEvent();
    this.emit('before-quit', beforeQuit);
    report('app-before-quit', { prevented: beforeQuit.defaultPrevented });
    if (beforeQuit.defaultPrevented) return;
    quitting = true;
    for (const win of [...windows]) {
      win.close();
      if (!win.destroyed) {
        quitting = false;
        report('app-quit-cancelled', { reason: `window ${win.id} vetoed close` });
        return;
      }
    }
    const willQuit = new ElectronEvent();
    this.emit('will-quit', willQuit);
    report('app-will-quit', { prevented: willQuit.defaultPrevented });
    if (willQuit.defaultPrevented) {
      quitting = false;
      return;
    }
    quitDone = true;
    this.emit('quit', new ElectronEvent(), 0);
    report('app-quit', { exitCode: 0 });
    releaseChannel();
  }

  /** Electron: exits at once, without 'before-quit' or 'will-quit'. */
  exit(code = 0) {
    report('app-exit', { code });
    for (const win of [...windows]) win.destroy();
    process.exitCode = code;
    releaseChannel(() => process.exit(code));
  }
}

export const app = new App();

// Electron emits 'ready' once the main script's first turn is over.
setTimeout(() => {
  app.emit('will-finish-launching');
  ready = true;
  readyForSessions = true;
  app.emit('ready', new ElectronEvent(), {});
  report('app-ready');
}, 0);

// ---------------------------------------------------------------------------------------------
// Commands from the test

/** Lets go of the test's IPC channel, then (unref'd) tells stderr what still keeps the process up. */
function releaseChannel(then) {
  const finish = () => {
    if (process.connected) process.disconnect();
    then?.();
    const timer = setTimeout(() => {
      process.stderr.write(`[fake-electron] still running 3 s after quit; open resources: ${JSON.stringify(describeOpenHandles())}\n`);
    }, 3000);
    timer.unref();
  };
  if (typeof process.send === 'function' && process.connected) {
    // The message must be flushed before the channel is closed.
    process.send({ type: 'event', kind: 'channel-released', at: Date.now() }, () => finish());
  } else finish();
}

function describeOpenHandles() {
  const info = typeof process.getActiveResourcesInfo === 'function' ? process.getActiveResourcesInfo() : [];
  // Undocumented, but the only way to say *which* socket is still open.
  const handles = typeof process._getActiveHandles === 'function' ? process._getActiveHandles() : [];
  const described = handles.map((h) => {
    const name = h?.constructor?.name ?? typeof h;
    if (name === 'Socket') {
      if (h === process.stdout || h === process.stderr) return 'Socket(stdio)';
      // An HTTP request over a unix socket (dockerode) says where it goes; a bare socket only its peer.
      const request = h._httpMessage;
      if (request) return `Socket(${request.socketPath ?? request.host ?? ''} ${request.method ?? ''} ${request.path ?? ''})`;
      return `Socket(${h._pipeName ?? h.remoteAddress ?? 'unix/unnamed'}${h.remotePort ? `:${h.remotePort}` : ''})`;
    }
    if (name === 'ChildProcess') return `ChildProcess(${h.spawnargs?.join(' ')})`;
    return name;
  });
  return { resources: info, handles: described };
}

/** The event the app's IPC handler sees: the sender frame is what security-restrictions checks. */
function fakeInvokeEvent(senderUrl) {
  const win = windows[0];
  return {
    sender: win?.webContents,
    senderFrame: { url: senderUrl, origin: new URL(senderUrl).origin, routingId: 1, processId: 1 },
    frameId: 1,
    processId: 1,
  };
}

const commands = {
  /** Calls the handler registered with ipcMain.handle, as ipcRenderer.invoke(channel, ...args) would. */
  async invoke({ channel, args = [], senderUrl }) {
    const handler = ipcMain.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler(fakeInvokeEvent(senderUrl), ...args);
  },
  state() {
    return {
      handlers: [...ipcMain.handlers.keys()],
      windows: windows.map((w) => ({ id: w.id, url: w.webContents.url, visible: w.visible })),
      appMenu: Menu.applicationMenu ? serializeMenu(Menu.applicationMenu) : null,
      trays: trays.map((t) => ({ destroyed: t.destroyed, toolTip: t.toolTip, menu: t.menu ? serializeMenu(t.menu) : null })),
    };
  },
  /** Clicks a menu item by its label path, as the user would. */
  click({ menu, path }) {
    const root = menu === 'app' ? Menu.applicationMenu : trays.find((t) => !t.destroyed)?.menu;
    const item = findMenuItem(root, path);
    if (!item.click) throw new Error(`Menu item ${JSON.stringify(path)} has no click handler`);
    item.click(item, BrowserWindow.getFocusedWindow() ?? undefined, { triggeredByAccelerator: false });
    return true;
  },
  /** What the hardening installed on the session and the window's contents does with foreign input. */
  security({ foreignUrl, appUrl }) {
    const win = windows[0];
    if (!win) throw new Error('no window');
    const navigate = (url) => {
      const event = Object.assign(new ElectronEvent(), { url, isMainFrame: true });
      win.webContents.emit('will-navigate', event, url);
      return event.defaultPrevented;
    };
    let permissionGranted = null;
    defaultSession.permissionRequestHandler?.(win.webContents, 'geolocation', (granted) => (permissionGranted = granted), {});
    let headers = null;
    defaultSession.webRequest.headersReceived?.({ url: appUrl, responseHeaders: {} }, (response) => (headers = response.responseHeaders ?? null));
    return {
      webContentsCreatedListeners: app.listenerCount('web-contents-created'),
      foreignNavigationPrevented: navigate(foreignUrl),
      appNavigationPrevented: navigate(appUrl),
      windowOpen: win.webContents.windowOpenHandler?.({ url: foreignUrl, frameName: '', features: '', disposition: 'new-window' }) ?? null,
      permissionRequestHandlerSet: Boolean(defaultSession.permissionRequestHandler),
      permissionGranted,
      permissionCheck: defaultSession.permissionCheckHandler?.(win.webContents, 'geolocation', appUrl, {}) ?? null,
      appResponseHeaders: headers,
    };
  },
  /** The user closes the (first) window, as with its title bar's close button. */
  'close-window'() {
    const win = windows[0];
    if (!win) throw new Error('no window');
    setImmediate(() => win.close());
    return true;
  },
  quit() {
    // Asynchronously, like a menu click or the tray's Quit: the reply goes out first.
    setImmediate(() => app.quit());
    return true;
  },
};

process.on('message', (message) => {
  if (!message || message.type !== 'command') return;
  const { id, command } = message;
  const run = commands[command];
  Promise.resolve()
    .then(() => {
      if (!run) throw new Error(`unknown command ${command}`);
      return run(message);
    })
    .then(
      (value) => reply({ type: 'reply', id, ok: true, value: toPlain(value) }),
      (error) => reply({ type: 'reply', id, ok: false, error: error instanceof Error ? error.message : String(error) }),
    );
});

function reply(message) {
  if (process.connected) process.send(message);
}

process.on('uncaughtException', (error) => {
  report('uncaught', { error: error?.stack ?? String(error) });
  process.stderr.write(`[fake-electron] uncaught exception: ${error?.stack ?? String(error)}\n`);
  process.exitCode = 70;
  // Electron's main process shows an error dialog and keeps going; for a test a crash is a failure.
  releaseChannel(() => process.exit(70));
});
