import type Docker from 'dockerode';
import type { IncomingMessage } from 'node:http';
import type { EventSubscription, NetworkStatsHandlers } from '../container-engine';
import { toAppError } from './docker-errors';
import { JsonLineDecoder } from './docker-events';
import { containerAt } from './docker-paths';
import { readStatsMessage } from './docker-stats';

/**
 * Opens `/containers/{id}/stats?stream=true` and hands out network counters. The stream is ended
 * by us when Docker starts sending zero-time messages (it never closes a stopped container's
 * stream by itself); Podman closes it on stop. `streams` lets the engine destroy it on dispose.
 */
export function openNetworkStats(
  docker: Docker,
  endpoint: string,
  id: string,
  streams: Set<IncomingMessage>,
  handlers: NetworkStatsHandlers,
): EventSubscription {
  let closed = false;
  let ended = false;
  let stream: IncomingMessage | null = null;
  const release = (): void => {
    if (!stream) return;
    streams.delete(stream);
    stream.destroy();
  };
  const end = (error: Error | null): void => {
    if (ended || closed) return;
    ended = true;
    release();
    handlers.onEnd(error);
  };
  const decoder = new JsonLineDecoder();
  containerAt(docker, id)
    .stats({ stream: true })
    .then((s) => {
      stream = s as unknown as IncomingMessage;
      if (closed || ended) return void stream.destroy();
      streams.add(stream);
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) =>
        decoder.push(chunk, (msg) => {
          if (closed || ended) return;
          const reading = readStatsMessage(msg);
          if (reading?.kind === 'counters') handlers.onStats(reading.counters);
          else if (reading?.kind === 'stopped') end(null);
        }),
      );
      stream.on('end', () => end(null));
      stream.on('close', () => end(null));
      stream.on('error', (e) => end(e));
    })
    .catch((err) => end(toAppError(err, endpoint, `container ${id}`)));
  return {
    close: () => {
      closed = true;
      release();
    },
  };
}
