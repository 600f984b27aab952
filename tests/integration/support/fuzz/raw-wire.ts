/**
 * Raw TCP clients for the transport fuzz: HTTP requests and WebSocket frames written byte by byte,
 * including what node:http and ws refuse to send. Loopback only.
 */
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

export const LOOPBACK = '127.0.0.1';

export function openSocket(port: number, timeoutMs = 3000): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: LOOPBACK, port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('connect timed out'));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeListener('error', onError);
      socket.on('error', () => undefined); // resets from the server are expected
      resolve(socket);
    });
    const onError = (e: Error) => {
      clearTimeout(timer);
      reject(e);
    };
    socket.once('error', onError);
  });
}

export interface RawResponse {
  /** 0 when the server sent nothing parseable before closing or the deadline. */
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  /** The server closed the connection (FIN or RST) before the deadline. */
  closed: boolean;
  /** Raw bytes, latin1, for messages. */
  raw: string;
}

/** The first final (non-1xx) response head in `buf`: 100 Continue and friends are skipped. */
function parseHead(buf: Buffer, from = 0): { status: number; headers: Record<string, string>; headEnd: number } | null {
  const end = buf.indexOf('\r\n\r\n', from);
  if (end < 0) return null;
  const lines = buf.subarray(from, end).toString('latin1').split('\r\n');
  if (/^HTTP\/1\.[01] 1(?!01)\d\d/.test(lines[0] ?? '')) return parseHead(buf, end + 4);
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '');
  const headers: Record<string, string> = {};
  for (const line of lines.slice(1)) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return { status: m ? Number(m[1]) : 0, headers, headEnd: end + 4 };
}

/** The body of a chunked response, and whether its last chunk arrived. */
function dechunk(raw: Buffer): { body: Buffer; complete: boolean } {
  const parts: Buffer[] = [];
  let i = 0;
  for (;;) {
    const eol = raw.indexOf('\r\n', i);
    if (eol < 0) return { body: Buffer.concat(parts), complete: false };
    const size = parseInt(raw.subarray(i, eol).toString('latin1').split(';')[0], 16);
    if (!Number.isFinite(size)) return { body: Buffer.concat(parts), complete: false };
    if (size === 0) return { body: Buffer.concat(parts), complete: true };
    if (eol + 2 + size > raw.length) return { body: Buffer.concat([...parts, raw.subarray(eol + 2)]), complete: false };
    parts.push(raw.subarray(eol + 2, eol + 2 + size));
    i = eol + 2 + size + 2;
  }
}

function bodyOf(buf: Buffer, head: { headers: Record<string, string>; headEnd: number }): { body: Buffer; complete: boolean } {
  const rest = buf.subarray(head.headEnd);
  if (/chunked/i.test(head.headers['transfer-encoding'] ?? '')) return dechunk(rest);
  const length = head.headers['content-length'];
  if (length === undefined) return { body: rest, complete: false };
  return { body: rest.subarray(0, Number(length)), complete: rest.length >= Number(length) };
}

/**
 * Sends `request` and reads one response: done when its body is complete (Content-Length or
 * chunked), when the server closes, or at the deadline (then whatever arrived is returned).
 */
export async function exchange(port: number, request: Buffer | string, timeoutMs = 3000): Promise<RawResponse> {
  const socket = await openSocket(port);
  return new Promise((resolve) => {
    let buf = Buffer.alloc(0);
    let closed = false;
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      const head = parseHead(buf);
      resolve({
        status: head?.status ?? 0,
        headers: head?.headers ?? {},
        body: head ? bodyOf(buf, head).body : Buffer.alloc(0),
        closed,
        raw: buf.toString('latin1').slice(0, 2000),
      });
    };
    const timer = setTimeout(finish, timeoutMs);
    socket.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      const head = parseHead(buf);
      if (head && (head.status === 101 || bodyOf(buf, head).complete)) finish();
    });
    socket.on('close', () => {
      closed = true;
      finish();
    });
    socket.write(request);
  });
}

/** Writes `bytes` and resets the connection (RST, not FIN) once they are handed to the kernel. */
export async function sendThenReset(port: number, bytes: Buffer | string): Promise<void> {
  const socket = await openSocket(port);
  if (bytes.length > 0) await new Promise<void>((r) => socket.write(bytes, () => r()));
  socket.resetAndDestroy();
}

export function upgradeRequest(port: number, opts: { path?: string; token?: string | null; host?: string; extra?: string[]; key?: string } = {}): string {
  const path = opts.path ?? `/api/events${opts.token ? `?token=${encodeURIComponent(opts.token)}` : ''}`;
  return [
    `GET ${path} HTTP/1.1`,
    `Host: ${opts.host ?? `${LOOPBACK}:${port}`}`,
    'Connection: Upgrade',
    'Upgrade: websocket',
    'Sec-WebSocket-Version: 13',
    `Sec-WebSocket-Key: ${opts.key ?? randomBytes(16).toString('base64')}`,
    ...(opts.extra ?? []),
    '',
    '',
  ].join('\r\n');
}

/** A WebSocket upgraded by hand on a raw socket: 101 received, the socket ready for frames. */
export async function rawWebSocket(port: number, token: string): Promise<{ socket: Socket; leftover: Buffer }> {
  const socket = await openSocket(port);
  return new Promise((resolve, reject) => {
    let buf = Buffer.alloc(0);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no 101 within 3 s: ${buf.toString('latin1').slice(0, 200)}`));
    }, 3000);
    const onData = (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      const head = parseHead(buf);
      if (!head) return;
      clearTimeout(timer);
      socket.removeListener('data', onData);
      if (head.status !== 101) {
        socket.destroy();
        reject(new Error(`upgrade answered ${head.status}: ${buf.toString('latin1').slice(0, 200)}`));
      } else resolve({ socket, leftover: buf.subarray(head.headEnd) });
    };
    socket.on('data', onData);
    socket.write(upgradeRequest(port, { token }));
  });
}

export interface FrameSpec {
  fin?: boolean;
  /** RSV1..3 as a 3-bit number. */
  rsv?: number;
  opcode: number;
  payload?: Buffer;
  /** Clients must mask; false sends an unmasked frame. */
  masked?: boolean;
  /** Announce this length instead of the payload's (for truncated or absurd frames). */
  announcedLength?: bigint;
}

export function frame(spec: FrameSpec): Buffer {
  const payload = spec.payload ?? Buffer.alloc(0);
  const masked = spec.masked ?? true;
  const len = spec.announcedLength ?? BigInt(payload.length);
  const b0 = ((spec.fin ?? true) ? 0x80 : 0) | (((spec.rsv ?? 0) & 7) << 4) | (spec.opcode & 0x0f);
  let head: Buffer;
  if (len < 126n) head = Buffer.from([b0, (masked ? 0x80 : 0) | Number(len)]);
  else if (len < 65536n) {
    head = Buffer.alloc(4);
    head[0] = b0;
    head[1] = (masked ? 0x80 : 0) | 126;
    head.writeUInt16BE(Number(len), 2);
  } else {
    head = Buffer.alloc(10);
    head[0] = b0;
    head[1] = (masked ? 0x80 : 0) | 127;
    head.writeBigUInt64BE(len, 2);
  }
  if (!masked) return Buffer.concat([head, payload]);
  const key = randomBytes(4);
  const body = Buffer.from(payload);
  for (let i = 0; i < body.length; i++) body[i] ^= key[i % 4];
  return Buffer.concat([head, key, body]);
}

/** Resolves once the peer closes `socket`, or with closed=false after `ms`. */
export function waitForClose(socket: Socket, ms: number): Promise<{ closed: boolean; data: Buffer }> {
  return new Promise((resolve) => {
    let data = Buffer.alloc(0);
    if (socket.destroyed) return resolve({ closed: true, data });
    const timer = setTimeout(() => resolve({ closed: false, data }), ms);
    socket.on('data', (d: Buffer) => (data = Buffer.concat([data, d])));
    socket.once('close', () => {
      clearTimeout(timer);
      resolve({ closed: true, data });
    });
  });
}

/** The close code in the first close frame the server sent (unmasked server frames), if any. */
export function serverCloseCode(data: Buffer): number | null {
  let i = 0;
  while (i + 2 <= data.length) {
    const opcode = data[i] & 0x0f;
    let len = data[i + 1] & 0x7f;
    let off = i + 2;
    if (len === 126) {
      len = data.readUInt16BE(off);
      off += 2;
    } else if (len === 127) {
      len = Number(data.readBigUInt64BE(off));
      off += 8;
    }
    if (opcode === 0x8) return len >= 2 && off + 2 <= data.length ? data.readUInt16BE(off) : 1005;
    i = off + len;
  }
  return null;
}

export const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
