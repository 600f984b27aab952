/**
 * The messages between the fake `electron` module (./electron.mjs, in the child process running the
 * built main) and the test. Types only: the stand-in is plain JavaScript so it runs under plain Node.
 */

/** One menu item as the stand-in reports it: what a user would see, no functions. */
export interface MenuNode {
  type: string;
  enabled: boolean;
  visible: boolean;
  hasClick: boolean;
  id?: string;
  label?: string;
  role?: string;
  accelerator?: string;
  toolTip?: string;
  submenu?: MenuNode[];
}

/** What was in place to guard the page when its load started. */
interface LoadGuards {
  windowOpenHandler: boolean;
  willNavigateListeners: number;
  willRedirectListeners: number;
  permissionRequestHandler: boolean;
  permissionCheckHandler: boolean;
  headersReceived: boolean;
}

interface Base {
  type: 'event';
  at: number;
}

/** What the app did, in the order it did it. */
export type ChildEvent = Base &
  (
    | { kind: 'app-ready' | 'single-instance-lock' | 'tray-destroyed' | 'channel-released' }
    | { kind: 'window-created'; windowId: number; options: Record<string, unknown> & { webPreferences?: Record<string, unknown> } }
    | {
        kind: 'window-load';
        windowId: number;
        method: 'loadFile' | 'loadURL';
        url: string;
        file: string | null;
        fileExists: boolean | null;
        guards: LoadGuards;
      }
    | { kind: 'window-show' | 'window-closed'; windowId: number }
    | { kind: 'web-contents-send'; windowId: number; channel: string; args: unknown[] }
    | { kind: 'ipc-handle' | 'ipc-remove-handler'; channel: string }
    | { kind: 'app-menu'; menu: MenuNode[] | null }
    | { kind: 'tray-created'; imagePath: string; imageEmpty: boolean }
    | { kind: 'tray-menu'; menu: MenuNode[] | null }
    | { kind: 'tray-tooltip'; toolTip: string }
    | { kind: 'notification'; title: string; body: string }
    | { kind: 'shell'; method: string; url?: string; path?: string }
    | { kind: 'app-before-quit' | 'app-will-quit'; prevented: boolean }
    | { kind: 'app-quit'; exitCode: number }
    | { kind: 'app-quit-cancelled'; reason: string }
    | { kind: 'app-exit'; code: number }
    | { kind: 'uncaught'; error: string }
    | { kind: 'dialog'; method: string; args: unknown[] }
    | { kind: 'clipboard-write'; text: string }
  );

export type ChildEventKind = ChildEvent['kind'];
/** The event(s) of one kind; unlike Extract, also picks members whose `kind` is a union of several. */
export type EventOf<K extends ChildEventKind> = ChildEvent extends infer E
  ? E extends { kind: infer EK }
    ? K extends EK
      ? E & { kind: K }
      : never
    : never
  : never;

export type Reply = { type: 'reply'; id: number } & ({ ok: true; value: unknown } | { ok: false; error: string });

/** What the test can ask the stand-in to do. */
export type Command =
  | { command: 'invoke'; channel: string; args: unknown[]; senderUrl: string }
  | { command: 'state' }
  | { command: 'click'; menu: 'app' | 'tray'; path: string[] }
  | { command: 'security'; foreignUrl: string; appUrl: string }
  | { command: 'close-window' }
  | { command: 'quit' };

export interface ChildState {
  handlers: string[];
  windows: Array<{ id: number; url: string; visible: boolean }>;
  appMenu: MenuNode[] | null;
  trays: Array<{ destroyed: boolean; toolTip: string; menu: MenuNode[] | null }>;
}

export interface SecurityProbe {
  webContentsCreatedListeners: number;
  foreignNavigationPrevented: boolean;
  appNavigationPrevented: boolean;
  windowOpen: { action: string } | null;
  permissionRequestHandlerSet: boolean;
  permissionGranted: boolean | null;
  permissionCheck: boolean | null;
  appResponseHeaders: Record<string, string[]> | null;
}
