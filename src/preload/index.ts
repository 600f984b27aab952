/**
 * The only door between the page and the main process. Sandboxed, so it is built as one CommonJS
 * file that requires nothing but `electron`: import names.ts only (never zod or the full contract).
 * The main process validates every payload; this side only keeps unknown names from crossing.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { CHANNEL_NAMES, EVENT_NAMES, IPC_EVENT, IPC_INVOKE } from '../shared/contract/names';

type Envelope = { ok: true; data: unknown } | { ok: false; error: { code: string; message: string } };
type Listener = (payload: unknown) => void;

const channelNames: ReadonlySet<string> = new Set(CHANNEL_NAMES);
const eventNames: ReadonlySet<string> = new Set(EVENT_NAMES);

/** One record per `on()` call, so subscribing the same function twice gives two independent handles. */
const subscribers = new Map<string, Set<{ listener: Listener }>>();

// A single IPC listener for all events; the IpcRendererEvent (which carries `sender`, i.e. ipcRenderer
// itself) stays here and only the payload reaches the page.
ipcRenderer.on(IPC_EVENT, (_event, name: unknown, payload: unknown) => {
  if (typeof name !== 'string') return;
  const set = subscribers.get(name);
  if (!set) return;
  for (const subscription of [...set]) {
    try {
      subscription.listener(payload);
    } catch (error) {
      // One broken listener must not starve the others.
      console.error(`[containerKit] listener for "${name}" threw`, error);
    }
  }
});

function invalid(message: string): Promise<Envelope> {
  return Promise.resolve({ ok: false, error: { code: 'INVALID_INPUT', message } });
}

const bridge = {
  invoke(channel: string, request: unknown): Promise<Envelope> {
    if (typeof channel !== 'string') return invalid('The channel name must be a string.');
    if (!channelNames.has(channel)) return invalid(`Unknown channel "${channel}".`);
    return ipcRenderer.invoke(IPC_INVOKE, channel, request) as Promise<Envelope>;
  },

  on(event: string, listener: Listener): () => void {
    if (typeof event !== 'string' || !eventNames.has(event)) {
      throw new TypeError(`Unknown event "${String(event)}".`);
    }
    if (typeof listener !== 'function') throw new TypeError('The listener must be a function.');
    const subscription = { listener };
    let set = subscribers.get(event);
    if (!set) {
      set = new Set();
      subscribers.set(event, set);
    }
    set.add(subscription);
    return () => {
      subscribers.get(event)?.delete(subscription);
    };
  },

  /** Lets the page pick platform conventions (⌘ vs Ctrl in shortcut hints) without Node access. */
  platform: process.platform,
};

contextBridge.exposeInMainWorld('containerKit', bridge);
