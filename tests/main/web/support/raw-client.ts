/**
 * Raw TCP clients: they send what node:http and ws refuse to send (broken request lines, huge
 * headers, a reset in the middle of a request), which is what an attacker on the machine can do.
 */
import { connect, type Socket } from 'node:net';

export function connectRaw(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port }, () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Sends `text` and resolves with everything the server wrote until it closed (or `ms` passed). */
export async function rawExchange(port: number, text: string | Buffer, ms = 5000): Promise<string> {
  const socket = await connectRaw(port);
  return new Promise((resolve) => {
    let got = '';
    const timer = setTimeout(() => done(), ms);
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(got);
    };
    socket.on('data', (d) => (got += d.toString('latin1')));
    socket.on('error', done);
    socket.on('close', done);
    socket.write(text);
  });
}

/** Writes `text` and resets the connection (RST, not FIN) as soon as the bytes are handed to the kernel. */
export async function sendThenReset(port: number, text: string): Promise<void> {
  const socket = await connectRaw(port);
  socket.on('error', () => undefined);
  await new Promise<void>((resolve) => socket.write(text, () => resolve()));
  socket.resetAndDestroy();
}

/** Resolves once the peer closes the socket; `closed` says whether that happened within `ms`. */
export function waitClosed(socket: Socket, ms: number): Promise<{ closed: boolean; data: string }> {
  return new Promise((resolve) => {
    let data = '';
    const timer = setTimeout(() => resolve({ closed: false, data }), ms);
    socket.on('data', (d) => (data += d.toString('latin1')));
    socket.on('error', () => undefined);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve({ closed: true, data });
    });
  });
}

export const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
