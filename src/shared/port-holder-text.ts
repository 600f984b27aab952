import type { PortHolder } from './contract/ports';
import { formatHostPort } from './host-address';

const at = (h: { hostIp: string; hostPort: number; protocol: string }): string => `${formatHostPort(h.hostIp, h.hostPort)}/${h.protocol}`;

const bare = (name: string): string => name.replace(/^\//, '');

/**
 * Who holds a port, as a noun: "pid 1234 (node server.js)", "container web", "stopped container
 * db", "docker-proxy for container web". The one wording of a holder: the sentences below (errors,
 * notifications) and the renderer's port rows build on it.
 */
export function holderName(h: PortHolder): string {
  switch (h.kind) {
    case 'process':
      if (h.pid === null) return `a process of another user${h.user ? ` (${h.user})` : ''}`;
      return `pid ${h.pid}${h.command ? ` (${h.command})` : ''}`;
    case 'container':
      return `${h.running ? '' : 'stopped '}container ${bare(h.containerName)}`;
    case 'engine-proxy':
      return h.containerName ? `${h.proxy} for container ${bare(h.containerName)}` : `${h.proxy}${h.pid ? ` (pid ${h.pid})` : ''}`;
  }
}

/** One holder in words: who it is and how it holds the port. Used in errors, notifications and the UI. */
export function describeHolder(h: PortHolder): string {
  switch (h.kind) {
    case 'process':
      return `${holderName(h)} listening on ${at(h)}`;
    case 'container':
      return h.running ? `${holderName(h)}, which publishes ${at(h)}` : `${holderName(h)}, which will claim ${at(h)} when it starts`;
    case 'engine-proxy':
      return h.containerName ? `${holderName(h)} on ${at(h)}` : `the engine's port forwarder ${holderName(h)} on ${at(h)}`;
  }
}

export function describeHolders(holders: readonly PortHolder[]): string {
  if (holders.length === 0) return 'something outside Container Kit’s view (another user, or a VM)';
  return holders.map(describeHolder).join('; ');
}
