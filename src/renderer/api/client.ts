import type { ChannelName, EventName, EventOf, RequestOf, ResultOf } from '../../shared/contract';
import { ApiError } from './api-error';
import { createElectronTransport } from './electron-transport';
import { createHttpTransport } from './http-transport';
import { takeTokenFromWindow } from './token';
import type { Transport } from './transport';

export { ApiError } from './api-error';
export type { Transport } from './transport';

let transport: Transport | null = null;

/** Electron when the preload exposed its bridge, otherwise the browser-mode HTTP server. */
export function detectTransport(): Transport {
  if (window.containerKit) return createElectronTransport(window.containerKit);
  return createHttpTransport({ token: takeTokenFromWindow() });
}

/**
 * Tests inject a fake; `null` makes the next call detect the real one again.
 * @internal the app itself always detects its transport
 */
export function setTransport(next: Transport | null): void {
  transport = next;
}

function current(): Transport {
  return (transport ??= detectTransport());
}

/**
 * The typed API the stores use: results come back unwrapped, failures are thrown as `ApiError`
 * with the contract's error code.
 */
export const api = {
  async invoke<C extends ChannelName>(channel: C, request: RequestOf<C>): Promise<ResultOf<C>> {
    let envelope;
    try {
      envelope = await current().invoke(channel, request);
    } catch (e) {
      throw ApiError.wrap(e);
    }
    if (envelope.ok) return envelope.data;
    throw ApiError.from(envelope.error);
  },

  on<E extends EventName>(event: E, listener: (payload: EventOf<E>) => void): () => void {
    return current().on(event, listener);
  },

  /** Called after the event stream came back from an outage: refetch, events were missed. */
  onReconnect(listener: () => void): () => void {
    return current().onReconnect(listener);
  },
};

/** Makes sure the token is lifted out of the URL before the router reads it. */
export function initApi(): void {
  current();
}
