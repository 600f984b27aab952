import type { Duplex } from 'node:stream';

/**
 * Node's HTTP server drops its own 'error' listener from a socket it hands to 'upgrade'. Without
 * one, any write to a client that has reset the connection (ECONNRESET, EPIPE) is an uncaught
 * exception that ends the process; this must run before anything touches the socket.
 */
export function guardSocket(socket: Duplex): void {
  if (!socket.listeners('error').includes(destroyOnError)) socket.on('error', destroyOnError);
}

function destroyOnError(this: Duplex): void {
  this.destroy();
}

/** Answers an upgrade request with a bare HTTP status and closes once it is written. */
export function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  guardSocket(socket);
  if (!socket.writable) return void socket.destroy();
  // Closed once written, not when the peer closes: the server keeps sockets half-open otherwise.
  socket.once('finish', () => socket.destroy());
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
