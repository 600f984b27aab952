import type { PortHolder } from './contract/ports';

const at = (h: { hostIp: string; hostPort: number; protocol: string }): string =>
  `${h.hostIp && h.hostIp !== '0.0.0.0' && h.hostIp !== '::' ? (h.hostIp.includes(':') ? `[${h.hostIp}]` : h.hostIp) : '*'}:${h.hostPort}/${h.protocol}`;

/** One holder in words: who it is and how it holds the port. Used in errors, notifications and the UI. */
export function describeHolder(h: PortHolder): string {
  switch (h.kind) {
    case 'process':
      if (h.pid === null) return `a process of another user${h.user ? ` (${h.user})` : ''} listening on ${at(h)}`;
      return `pid ${h.pid}${h.command ? ` (${h.command})` : ''} listening on ${at(h)}`;
    case 'container':
      return h.running
        ? `container ${h.containerName}, which publishes ${at(h)}`
        : `stopped container ${h.containerName}, which will claim ${at(h)} when it starts`;
    case 'engine-proxy':
      return h.containerName
        ? `${h.proxy} for container ${h.containerName} on ${at(h)}`
        : `the engine's port forwarder ${h.proxy}${h.pid ? ` (pid ${h.pid})` : ''} on ${at(h)}`;
  }
}

export function describeHolders(holders: readonly PortHolder[]): string {
  if (holders.length === 0) return 'something outside Container Kit’s view (another user, or a VM)';
  return holders.map(describeHolder).join('; ');
}
