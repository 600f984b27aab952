import { Menu, Tray, nativeImage } from 'electron';
import type { AppCore } from '../core/app-core';
import type { ChannelName, ContainerRef } from '../../shared/contract';
import { openExternalIfSafe } from './security-restrictions';
import { buildTrayMenu, trayTooltip, type TrayActions, type TrayState } from './tray-menu';

/** The slice of the core the tray uses, so tests can pass a fake. */
export type TrayCore = Pick<AppCore, 'invoke' | 'onEvent' | 'emit'> & {
  readonly services: {
    containers: { list(): TrayState['containers'] };
    engines: { list(): TrayState['engines'] };
  };
};

export interface TrayOptions {
  /** `resources/tray.png`; `tray@2x.png` beside it is picked up by Electron for high-DPI screens. */
  iconPath: string;
  showWindow(): void;
  quit(): void;
  /** Events arrive in bursts (a compose up upserts every container): rebuild once per burst. */
  debounceMs?: number;
  /** How long the tray says "connecting" when discovery reports nothing at all (no engine found). */
  discoveryGraceMs?: number;
  platform?: NodeJS.Platform;
}

type ContainerAction = Extract<ChannelName, 'containers.start' | 'containers.stop' | 'containers.restart'>;

/**
 * The tray icon and its menu of running containers. State is re-read from the services (the same
 * caches `containers.list` answers from) whenever an event says it changed, so the menu cannot
 * drift from what the window shows even if an event was dropped. Returns a dispose function.
 */
export function createTray(core: TrayCore, options: TrayOptions): () => void {
  const debounceMs = options.debounceMs ?? 100;
  const platform = options.platform ?? process.platform;

  const image = nativeImage.createFromPath(options.iconPath);
  if (image.isEmpty()) console.warn('[tray] icon not found or unreadable:', options.iconPath);
  // No template image on macOS: the icon is a coloured badge, and a template keeps only its alpha,
  // which would turn it into a featureless square.
  const tray = new Tray(image);

  const act = (channel: ContainerAction, ref: ContainerRef): void => {
    // Through invoke, not the service, so the tray gets the same validation and error mapping as the page.
    core
      .invoke(channel, { engineId: ref.engineId, id: ref.id })
      .then((result) => {
        if (!result.ok) console.warn(`[tray] ${channel} failed`, result.error.message);
      })
      .catch((error: unknown) => console.error(`[tray] ${channel} threw`, error));
  };

  const actions: TrayActions = {
    openUrl: (url) => openExternalIfSafe(url),
    startContainer: (ref) => act('containers.start', ref),
    stopContainer: (ref) => act('containers.stop', ref),
    restartContainer: (ref) => act('containers.restart', ref),
    openContainer: (ref) => {
      options.showWindow();
      core.emit('ui.command', { command: 'container.open', target: { engineId: ref.engineId, id: ref.id } });
    },
    openApp: () => options.showWindow(),
    quit: () => options.quit(),
  };

  let disposed = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Until discovery reports, an empty engine list means "not yet" (see endDiscovery below).
  let discovering = true;
  let lastMenu = '';
  let lastTooltip = '';

  const readState = (): TrayState => {
    try {
      return { containers: core.services.containers.list(), engines: core.services.engines.list(), discovering };
    } catch (error) {
      // A broken read must not take the tray down; it shows "no engine" until the next event.
      console.error('[tray] could not read state', error);
      return { containers: [], engines: [], discovering };
    }
  };

  const rebuild = (): void => {
    timer = undefined;
    if (disposed || tray.isDestroyed()) return;
    const state = readState();
    const template = buildTrayMenu(state, actions);
    // JSON drops the click functions, leaving labels, ids and enabled flags: if none changed, keep
    // the current menu, because replacing it closes the menu under the user's pointer on some
    // platforms, and status-only upserts ("Up 3 minutes") arrive constantly.
    const fingerprint = JSON.stringify(template);
    if (fingerprint !== lastMenu) {
      lastMenu = fingerprint;
      tray.setContextMenu(Menu.buildFromTemplate(template));
    }
    const tooltip = trayTooltip(state);
    if (tooltip !== lastTooltip) {
      lastTooltip = tooltip;
      tray.setToolTip(tooltip);
    }
  };

  const schedule = (): void => {
    if (disposed || timer) return;
    timer = setTimeout(rebuild, debounceMs);
  };

  // The tray is created before the core starts (so it misses no snapshot); discovery has reported
  // once the first engines.changed arrives, or after a grace period when no engine exists at all.
  const endDiscovery = (): void => {
    if (!discovering) return;
    discovering = false;
    clearTimeout(discoveryTimer);
    schedule();
  };
  const discoveryTimer = setTimeout(endDiscovery, options.discoveryGraceMs ?? 5000);
  discoveryTimer.unref?.();

  const unsubscribe = core.onEvent((event) => {
    if (event === 'engines.changed') endDiscovery();
    if (event === 'containers.changed' || event === 'engines.changed') schedule();
  });

  // Windows opens nothing on a left click when a context menu is set; users expect the app there.
  if (platform === 'win32') tray.on('click', () => options.showWindow());

  rebuild();

  return () => {
    if (disposed) return;
    disposed = true;
    if (timer) clearTimeout(timer);
    timer = undefined;
    clearTimeout(discoveryTimer);
    unsubscribe();
    if (!tray.isDestroyed()) tray.destroy();
  };
}
