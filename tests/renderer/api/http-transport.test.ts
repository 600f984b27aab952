// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { UNAUTHORIZED_MESSAGE, UNREACHABLE_MESSAGE, createHttpTransport, type HttpTransport } from '../../../src/renderer/api/http-transport';
import { TOKEN_STORAGE_KEY, takeTokenFromWindow } from '../../../src/renderer/api/token';

const loc = { protocol: 'http:', host: '127.0.0.1:4300' };
let transport: HttpTransport | null = null;

afterEach(() => {
  transport?.close();
  transport = null;
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

describe('http transport: requests', () => {
  it('posts the request with the bearer token and returns the envelope', async () => {
    const fetchMock = vi.fn(async () => jsonResponse(200, { ok: true, data: [] }));
    vi.stubGlobal('fetch', fetchMock);
    transport = createHttpTransport({ token: 's3cret', location: loc });

    const envelope = await transport.invoke('containers.list', { runningOnly: true });
    expect(envelope).toEqual({ ok: true, data: [] });
    expect(fetchMock).toHaveBeenCalledTimes(1);
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/containers.list');
    expect(init.method).toBe('POST');
    expect((init.headers as Record<string, string>).Authorization).toBe('Bearer s3cret');
    expect(JSON.parse(init.body as string)).toEqual({ runningOnly: true });
  });

  it('maps HTTP 401 to UNAUTHORIZED, telling the user to open the URL printed by npm run web', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response('Unauthorized', { status: 401 })),
    );
    transport = createHttpTransport({ token: 'wrong', location: loc });

    const envelope = await transport.invoke('engines.list', {});
    expect(envelope.ok).toBe(false);
    if (envelope.ok) return;
    expect(envelope.error.code).toBe('UNAUTHORIZED');
    expect(envelope.error.message).toBe(UNAUTHORIZED_MESSAGE);
    expect(envelope.error.message).toContain('npm run web');
  });

  it('passes error envelopes through whatever the status, and reports an unreachable server', async () => {
    const error = { code: 'NOT_FOUND', message: 'No such container: web' };
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => jsonResponse(404, { ok: false, error })),
    );
    transport = createHttpTransport({ token: 't', location: loc });
    expect(await transport.invoke('containers.inspect', { engineId: 'e', id: 'web' })).toEqual({ ok: false, error });

    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))),
    );
    const envelope = await transport.invoke('engines.list', {});
    expect(envelope).toMatchObject({ ok: false, error: { code: 'INTERNAL', message: UNREACHABLE_MESSAGE } });
    expect(UNREACHABLE_MESSAGE).toContain('Cannot reach the Container Kit server');
  });
});

class FakeSocket {
  static instances: FakeSocket[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((e: { data: string }) => void) | null = null;
  onclose: (() => void) | null = null;
  readyState = 0;
  constructor(readonly url: string) {
    FakeSocket.instances.push(this);
  }
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  send(event: string, payload: unknown) {
    this.onmessage?.({ data: JSON.stringify({ event, payload }) });
  }
  close() {
    this.onclose?.();
  }
}

describe('http transport: events', () => {
  it('dispatches socket messages and reconnects with backoff, signalling the reconnect', async () => {
    vi.useFakeTimers();
    FakeSocket.instances = [];
    transport = createHttpTransport({
      token: 'a b',
      location: { protocol: 'https:', host: 'example.test' },
      WebSocket: FakeSocket as unknown as typeof WebSocket,
    });
    const received: unknown[] = [];
    const reconnects = vi.fn();
    transport.on('ui.command', (p) => received.push(p));
    transport.onReconnect(reconnects);

    expect(FakeSocket.instances).toHaveLength(1);
    const first = FakeSocket.instances[0];
    expect(first.url).toBe('wss://example.test/api/events?token=a%20b');
    first.open();
    expect(reconnects).not.toHaveBeenCalled(); // the first connection is not a reconnect
    first.send('ui.command', { command: 'containers.refresh' });
    first.send('not.an.event', {});
    expect(received).toEqual([{ command: 'containers.refresh' }]);

    first.close();
    await vi.advanceTimersByTimeAsync(499);
    expect(FakeSocket.instances).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(FakeSocket.instances).toHaveLength(2);

    FakeSocket.instances[1].close(); // still down: wait doubles to 1 s
    await vi.advanceTimersByTimeAsync(999);
    expect(FakeSocket.instances).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(FakeSocket.instances).toHaveLength(3);

    FakeSocket.instances[2].open();
    expect(reconnects).toHaveBeenCalledTimes(1);
    FakeSocket.instances[2].send('ui.command', { command: 'containers.focusSearch' });
    expect(received).toHaveLength(2);
  });
});

describe('token from the URL', () => {
  it('takes ?token= from the search, stores it and removes it from the visible URL', () => {
    sessionStorage.clear();
    history.replaceState(null, '', '/?token=abc123&lang=en#/containers');
    expect(takeTokenFromWindow()).toBe('abc123');
    expect(sessionStorage.getItem(TOKEN_STORAGE_KEY)).toBe('abc123');
    expect(location.search).toBe('?lang=en');
    expect(location.hash).toBe('#/containers');
    expect(location.href).not.toContain('abc123');

    // A reload no longer has it in the URL but keeps working from sessionStorage.
    expect(takeTokenFromWindow()).toBe('abc123');
  });

  it('takes the token from the hash query too', () => {
    sessionStorage.clear();
    history.replaceState(null, '', '/#/settings?token=zz9');
    expect(takeTokenFromWindow()).toBe('zz9');
    expect(location.hash).toBe('#/settings');
    expect(location.href).not.toContain('zz9');
  });

  it('returns null when there is no token anywhere', () => {
    sessionStorage.clear();
    history.replaceState(null, '', '/#/containers');
    expect(takeTokenFromWindow()).toBeNull();
  });

  it('resyncs on the first open when state was read before the event stream was live', async () => {
    FakeSocket.instances = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => jsonResponse(200, { ok: true, data: [] })),
    );
    transport = createHttpTransport({ token: 't', location: loc, WebSocket: FakeSocket as unknown as typeof WebSocket });
    const reconnects = vi.fn();
    transport.on('containers.changed', () => {});
    transport.onReconnect(reconnects);
    // The list is answered first; a change made before the socket opens would be lost without a resync.
    await transport.invoke('containers.list', {});
    FakeSocket.instances[0].open();
    expect(reconnects).toHaveBeenCalledTimes(1);
    // Reads once the stream is live need no resync.
    await transport.invoke('containers.list', {});
    expect(reconnects).toHaveBeenCalledTimes(1);
  });
});
