import type { IncomingMessage } from 'node:http';

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`The request body is over the ${formatBytes(limit)} limit.`);
    this.name = 'BodyTooLargeError';
  }
}

export function formatBytes(n: number): string {
  if (n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`;
  if (n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} bytes`;
}

/** A declared length over the limit is refused before a byte of the body is read. */
export function declaresTooLarge(req: IncomingMessage, limit: number): boolean {
  return Number(req.headers['content-length']) > limit;
}

/**
 * Reads the body as UTF-8, up to `limit` bytes. Past the limit it rejects with BodyTooLargeError
 * but keeps the stream flowing and drops the rest: the client is still sending, and a socket that
 * stops reading (or is destroyed) answers it with a reset instead of our 413.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<string> {
  if (declaresTooLarge(req, limit)) return Promise.reject(new BodyTooLargeError(limit));
  return new Promise((resolve, reject) => {
    let size = 0;
    let chunks: Buffer[] | null = [];
    req.on('data', (c: Buffer) => {
      if (!chunks) return;
      size += c.length;
      if (size <= limit) return void chunks.push(c);
      chunks = null;
      reject(new BodyTooLargeError(limit));
    });
    req.on('end', () => chunks && resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
    // A client that goes away mid-body ends with 'close' and no 'end'; settle rather than hang.
    req.on('close', () => reject(new Error('The client closed the connection before the body was complete.')));
  });
}
