import { Notification } from 'electron';
import type { AppCore } from '../core/app-core';
import type { ContainersChanged, DiagnosticsAlert, PortConflictEvent } from '../../shared/contract';
import { NotificationRegistry } from './notification-registry';

export interface ConflictNotificationOptions {
  showWindow(): void;
  /** Injected by tests (a fake clock); the default remembers 500 keys for 10 minutes each. */
  registry?: NotificationRegistry;
}

export function conflictTitle(event: Pick<PortConflictEvent, 'hostPort' | 'protocol'>): string {
  // tcp is what everyone means by "port 8080"; name the protocol only when it is not.
  const port = event.protocol === 'tcp' ? `${event.hostPort}` : `${event.hostPort}/${event.protocol}`;
  return `Port ${port} is already in use`;
}

export function alertTitle(alert: Pick<DiagnosticsAlert, 'containerName'>): string {
  return `${alert.containerName} started, but its port is not reachable`;
}

interface Shown {
  title: string;
  body: string;
  engineId: string | null;
  containerId: string | null;
}

/**
 * Desktop notifications for `ports.conflict` and for the quick check after a start
 * (`diagnostics.alert`), deduplicated by the registry. Clicking one brings the
 * window up on the container that could not get its port. Returns a dispose function.
 */
export function registerConflictNotifications(core: Pick<AppCore, 'onEvent' | 'emit'>, options: ConflictNotificationOptions): () => void {
  const registry = options.registry ?? new NotificationRegistry();
  // Electron drops a notification's click handler when the object is garbage-collected, so every
  // notification on screen is referenced here until it is clicked, closed or has failed.
  const live = new Set<Notification>();

  const show = (event: Shown): void => {
    const notification = new Notification({ title: event.title, body: event.body, silent: false });
    live.add(notification);
    const forget = (): void => {
      live.delete(notification);
    };
    notification.on('click', () => {
      forget();
      options.showWindow();
      if (event.engineId && event.containerId) {
        core.emit('ui.command', { command: 'container.open', target: { engineId: event.engineId, id: event.containerId } });
      }
    });
    notification.on('close', forget);
    notification.on('failed', (_e, error) => {
      forget();
      console.warn('[notifications] could not show a notification', error);
    });
    notification.show();
  };

  const notify = (key: { key: string; engineId: string | null; containerId: string | null }, shown: Shown): void => {
    // Checked per event, not once: on Linux a notification daemon can appear after start-up.
    if (!Notification.isSupported()) return;
    if (!registry.shouldNotify(key)) return;
    try {
      show(shown);
    } catch (error) {
      console.error('[notifications] showing a notification failed', error);
    }
  };
  const onConflict = (event: PortConflictEvent): void =>
    notify(event, { title: conflictTitle(event), body: event.message, engineId: event.engineId, containerId: event.containerId });
  const onAlert = (alert: DiagnosticsAlert): void =>
    notify(
      { key: `start-check:${alert.engineId}/${alert.containerId}:${alert.checkId}`, engineId: alert.engineId, containerId: alert.containerId },
      { title: alertTitle(alert), body: alert.summary, engineId: alert.engineId, containerId: alert.containerId },
    );

  const onContainers = (change: ContainersChanged): void => {
    // A removed container's conflicts are moot; if it comes back with the same id, that is news.
    if (change.type === 'remove') registry.clearContainer(change.engineId, change.id);
  };

  const unsubscribe = core.onEvent((name, payload) => {
    // The core validated payloads against the contract before emitting, so the casts are sound.
    if (name === 'ports.conflict') onConflict(payload as PortConflictEvent);
    else if (name === 'diagnostics.alert') onAlert(payload as DiagnosticsAlert);
    else if (name === 'containers.changed') onContainers(payload as ContainersChanged);
  });

  return () => {
    unsubscribe();
    for (const notification of live) notification.close();
    live.clear();
  };
}
