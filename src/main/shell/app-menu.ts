import type { MenuItemConstructorOptions } from 'electron';
import type { UiCommand } from '../../shared/contract';

export type MenuCommand = UiCommand['command'];

export interface AppMenuOptions {
  isMac: boolean;
  /** Unpackaged builds keep reload and the developer tools; shipped builds do not. */
  isDev: boolean;
  appName: string;
  /** Forwards a command to the renderer, which applies it to the current selection. */
  send: (command: MenuCommand) => void;
}

/**
 * Container shortcuts. Refresh takes CmdOrCtrl+R because that is what users press to refresh a list;
 * page reload therefore exists only in development, moved to F5 / Shift+F5 so nothing collides
 * (the default force-reload shortcut is CmdOrCtrl+Shift+R, which here means Restart).
 */
export const CONTAINER_SHORTCUTS: ReadonlyArray<{ label: string; command: MenuCommand; accelerator: string }> = [
  { label: 'New Container…', command: 'containers.new', accelerator: 'CmdOrCtrl+N' },
  { label: 'Start', command: 'container.start', accelerator: 'CmdOrCtrl+Shift+S' },
  { label: 'Stop', command: 'container.stop', accelerator: 'CmdOrCtrl+Shift+X' },
  { label: 'Restart', command: 'container.restart', accelerator: 'CmdOrCtrl+Shift+R' },
  { label: 'Remove…', command: 'container.remove', accelerator: 'CmdOrCtrl+Backspace' },
  { label: 'Refresh', command: 'containers.refresh', accelerator: 'CmdOrCtrl+R' },
  { label: 'Find…', command: 'containers.focusSearch', accelerator: 'CmdOrCtrl+F' },
  { label: 'Running Only', command: 'containers.toggleRunningOnly', accelerator: 'CmdOrCtrl+Shift+E' },
  { label: 'Troubleshoot…', command: 'container.troubleshoot', accelerator: 'CmdOrCtrl+T' },
];

function containerMenu(send: AppMenuOptions['send']): MenuItemConstructorOptions {
  const item = (command: MenuCommand): MenuItemConstructorOptions => {
    const shortcut = CONTAINER_SHORTCUTS.find((s) => s.command === command);
    if (!shortcut) throw new Error(`No menu entry for ${command}`);
    return { label: shortcut.label, accelerator: shortcut.accelerator, click: () => send(command) };
  };
  return {
    label: 'Container',
    submenu: [
      item('containers.new'),
      { type: 'separator' },
      item('container.start'),
      item('container.stop'),
      item('container.restart'),
      item('container.remove'),
      { type: 'separator' },
      item('containers.refresh'),
      item('containers.focusSearch'),
      item('containers.toggleRunningOnly'),
      { type: 'separator' },
      item('container.troubleshoot'),
    ],
  };
}

function viewMenu(isDev: boolean, send: AppMenuOptions['send']): MenuItemConstructorOptions {
  const devItems: MenuItemConstructorOptions[] = isDev
    ? [{ role: 'reload', accelerator: 'F5' }, { role: 'forceReload', accelerator: 'Shift+F5' }, { role: 'toggleDevTools' }, { type: 'separator' }]
    : [];
  return {
    label: 'View',
    submenu: [
      ...devItems,
      { label: 'Firewall', click: () => send('view.firewall') },
      { type: 'separator' },
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
}

export function buildAppMenuTemplate(options: AppMenuOptions): MenuItemConstructorOptions[] {
  const { isMac, isDev, appName, send } = options;
  // macOS already has About in the app menu; elsewhere it belongs under Help.
  const help: MenuItemConstructorOptions = { role: 'help', submenu: [{ role: 'about', label: `About ${appName}` }] };
  return [
    ...(isMac ? [{ role: 'appMenu', label: appName } satisfies MenuItemConstructorOptions] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    viewMenu(isDev, send),
    containerMenu(send),
    { role: 'windowMenu' },
    ...(isMac ? [] : [help]),
  ];
}
