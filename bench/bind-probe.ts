/**
 * The slow way other tools check a port: bind a socket, and close it again. Kept for the benchmark
 * that compares it with HostPortTable (one read of the socket tables answers every port); the
 * service never uses it, because it costs a socket per port, can't say who holds the port, and
 * for ports below 1024 a non-root user gets EACCES whether or not the port is taken.
 */
import { createServer } from 'node:net';
import { createSocket } from 'node:dgram';
import type { Protocol } from '../src/shared/contract/model';
import { parseAddress } from '../src/main/services/ports/addresses';

/**
 * Resolves true when a socket could be bound to hostIp:port right now. '' means every address:
 * it is probed on '::' (dual-stack, so it also fails when only IPv4 holds the port) — or on
 * '0.0.0.0' where the host has no IPv6. SCTP has no Node socket API and is reported as unknown
 * (rejects).
 * The oracle of the integration tests and the baseline of the bench: the app reads
 * the socket tables instead of binding.
 */
export async function bindProbe(hostIp: string, port: number, protocol: Protocol): Promise<boolean> {
  if (protocol === 'sctp') throw new Error('bindProbe: SCTP cannot be probed from Node');
  if (hostIp === '' || hostIp === '*') {
    try {
      return await probeOnce('::', 6, port, protocol);
    } catch {
      return probeOnce('0.0.0.0', 4, port, protocol); // no IPv6 on this host
    }
  }
  const parsed = parseAddress(hostIp);
  if (!parsed) throw new Error(`bindProbe: not an IP address: ${hostIp}`);
  return probeOnce(parsed.address, parsed.family, port, protocol).catch(() => false);
}

const BUSY = new Set(['EADDRINUSE', 'EACCES', 'EPERM']);

/** true = bound fine; false = port busy (or forbidden); rejects for other errors (e.g. EAFNOSUPPORT). */
function probeOnce(host: string, family: 4 | 6, port: number, protocol: 'tcp' | 'udp'): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const fail = (err: NodeJS.ErrnoException) => (BUSY.has(err.code ?? '') ? resolve(false) : reject(err));
    if (protocol === 'tcp') {
      const server = createServer();
      server.once('error', fail);
      // exclusive: in a cluster worker, don't borrow the primary's handle — we want a real bind.
      server.listen({ host, port, exclusive: true, ipv6Only: false }, () => server.close(() => resolve(true)));
    } else {
      const socket = createSocket({ type: family === 6 ? 'udp6' : 'udp4', ipv6Only: false });
      socket.once('error', (err) => {
        socket.close();
        fail(err);
      });
      socket.bind({ address: host, port, exclusive: true }, () => socket.close(() => resolve(true)));
    }
  });
}
