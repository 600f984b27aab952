import { EVENT_NAMES, type EventName } from '../../shared/contract/names';
import type { Envelope } from '../../shared/contract/envelope';
import type { Transport } from './transport';
import { isErrorCode } from './api-error';

export const UNAUTHORIZED_MESSAGE = 'Not authorized. Open Container Kit with the URL (including its ?token=…) that `npm run web` printed.';
export const UNREACHABLE_MESSAGE = 'Cannot reach the Container Kit server. Is `npm run web` still running?';

const MIN_RECONNECT_MS = 500;
const MAX_RECONNECT_MS = 5000;

export interface HttpTransportOptions {
  token: string | null;
  /** Where the page came from; `/api/…` is resolved against it. */
  location?: Pick<Location, 'protocol' | 'host'>;
  fetch?: typeof fetch;
  WebSocket?: typeof WebSocket;
}

export interface HttpTransport extends Transport {
  /** Stops the event socket and any pending reconnect (tests, page teardown). */
  close(): void;
}

type AnyListener = (payload: unknown) => void;

function failure(code: 'UNAUTHORIZED' | 'INTERNAL', message: string, details?: unknown): Envelope<never> {
  return { ok: false, error: details === undefined ? { code, message } : { code, message, details } };
}

function isEnvelope(value: unknown): value is Envelope<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  if (v.ok === true) return 'data' in v;
  if (v.ok !== false || typeof v.error !== 'object' || v.error === null) return false;
  const error = v.error as Record<string, unknown>;
  return isErrorCode(error.code) && typeof error.message === 'string';
}

export function createHttpTransport(options: HttpTransportOptions): HttpTransport {
  const { token } = options;
  const loc = options.location ?? window.location;
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const Socket = options.WebSocket ?? globalThis.WebSocket;

  const listeners = new Map<EventName, Set<AnyListener>>();
  const reconnectListeners = new Set<() => void>();
  let socket: WebSocket | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let retryDelay = MIN_RECONNECT_MS;
  let connectedBefore = false;
  let failedBefore = false;
  // A state read answered before the event stream is live can miss a change made in between
  // (a container started right after the page loaded): the first open then resyncs too.
  let answeredBeforeLive = false;
  let closed = false;

  async function invoke(channel: string, request: unknown): Promise<Envelope<never>> {
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (token) headers.Authorization = `Bearer ${token}`;
    let response: Response;
    try {
      response = await doFetch(`/api/${channel}`, { method: 'POST', headers, body: JSON.stringify(request ?? {}) });
    } catch (e) {
      return failure('INTERNAL', UNREACHABLE_MESSAGE, { cause: e instanceof Error ? e.message : String(e) });
    }
    if (response.status === 401) return failure('UNAUTHORIZED', UNAUTHORIZED_MESSAGE);
    if (socket?.readyState !== 1) answeredBeforeLive = true;

    let body: unknown;
    try {
      body = await response.json();
    } catch {
      body = undefined;
    }
    // The server answers errors with an envelope too, whatever the HTTP status.
    if (isEnvelope(body)) return body as Envelope<never>;
    return failure('INTERNAL', `Unexpected answer from the Container Kit server (HTTP ${response.status}).`);
  }

  function dispatch(raw: unknown): void {
    let message: { event?: unknown; payload?: unknown };
    try {
      message = JSON.parse(String(raw)) as { event?: unknown; payload?: unknown };
    } catch {
      return;
    }
    const event = message?.event;
    if (!(EVENT_NAMES as readonly unknown[]).includes(event)) return;
    for (const listener of [...(listeners.get(event as EventName) ?? [])]) {
      try {
        listener(message.payload);
      } catch (e) {
        console.error(`Listener for ${String(event)} failed`, e);
      }
    }
  }

  function connect(): void {
    if (closed || socket || !Socket) return;
    const scheme = loc.protocol === 'https:' ? 'wss' : 'ws';
    const ws = new Socket(`${scheme}://${loc.host}/api/events?token=${encodeURIComponent(token ?? '')}`);
    socket = ws;
    ws.onopen = () => {
      retryDelay = MIN_RECONNECT_MS;
      const missedEvents = connectedBefore || failedBefore || answeredBeforeLive;
      connectedBefore = true;
      if (missedEvents) for (const listener of [...reconnectListeners]) listener();
    };
    ws.onmessage = (e) => dispatch(e.data);
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      failedBefore = true;
      scheduleReconnect();
    };
  }

  function scheduleReconnect(): void {
    if (closed || retryTimer) return;
    const delay = retryDelay;
    retryDelay = Math.min(retryDelay * 2, MAX_RECONNECT_MS);
    retryTimer = setTimeout(() => {
      retryTimer = null;
      connect();
    }, delay);
  }

  return {
    invoke: invoke,
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      const entry = listener as AnyListener;
      set.add(entry);
      connect();
      return () => {
        set.delete(entry);
      };
    },
    onReconnect(listener) {
      reconnectListeners.add(listener);
      return () => {
        reconnectListeners.delete(listener);
      };
    },
    close() {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = null;
      const ws = socket;
      socket = null;
      ws?.close();
    },
  };
}
