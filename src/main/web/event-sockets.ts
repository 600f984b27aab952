import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { AppCore } from '../core/app-core';
import { guardSocket, refuseUpgrade } from './raw-socket';

/** The channel is one-way (server → page); nothing a page sends needs more than this. */
const MAX_PAYLOAD = 64 * 1024;
const PING_MS = 30_000;
/** A client this far behind has stopped reading; it is dropped instead of buffered for without end. */
const MAX_BUFFERED = 4 * 1024 * 1024;

export interface EventSockets {
  /** Takes over an upgrade the caller has already authorised; refuses with 503 when full. */
  accept(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  size(): number;
  close(): void;
}

/** Pushes every core event to every connected page as `{ event, payload }`. */
export function createEventSockets(onEvent: AppCore['onEvent'], maxClients: number): EventSockets {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_PAYLOAD });
  // Not emitted with noServer today; listened to so that a future one cannot end the process.
  wss.on('error', () => undefined);
  const clients = new Set<WebSocket>();

  const unsubscribe = onEvent((event, payload) => {
    const message = JSON.stringify({ event, payload });
    for (const ws of clients) {
      if (ws.readyState !== ws.OPEN) continue;
      if (ws.bufferedAmount > MAX_BUFFERED) ws.terminate();
      else ws.send(message);
    }
  });

  const attach = (ws: WebSocket): void => {
    clients.add(ws);
    // A bad frame (over MAX_PAYLOAD, invalid UTF-8, a protocol error) or a reset is reported here;
    // ws has already started closing this one connection. Unheard, the error ends the process.
    ws.on('error', () => undefined);
    let alive = true;
    ws.on('pong', () => (alive = true));
    const ping = setInterval(() => {
      if (!alive) return void ws.terminate();
      alive = false;
      ws.ping();
    }, PING_MS);
    ws.on('close', () => {
      clearInterval(ping);
      clients.delete(ws);
    });
    ws.on('message', () => undefined); // requests go over HTTP
  };

  return {
    accept(req, socket, head) {
      guardSocket(socket);
      if (clients.size >= maxClients) return refuseUpgrade(socket, 503, 'Service Unavailable');
      wss.handleUpgrade(req, socket, head, attach);
    },
    size: () => clients.size,
    close() {
      unsubscribe();
      for (const ws of clients) ws.terminate();
      wss.close();
    },
  };
}
