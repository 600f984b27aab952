import type { PortConflict, PortHolder } from '../../shared/contract';

type EngineName = (engineId: string) => string;

const bare = (name: string): string => name.replace(/^\//, '');

/** Who holds a host port, in the words the port rows and the create error use. */
export function holderText(h: PortHolder, engineName: EngineName): string {
  switch (h.kind) {
    case 'process':
      if (h.pid === null) return `held by a process of another user${h.user ? ` (${h.user})` : ''}`;
      return `held by pid ${h.pid}${h.command ? ` (${h.command})` : ''}`;
    case 'container':
      return h.running
        ? `published by container ${bare(h.containerName)} (${engineName(h.engineId)})`
        : `claimed by stopped container ${bare(h.containerName)} — it will clash when it starts`;
    case 'engine-proxy':
      if (h.containerName) return `held by ${h.proxy} for container ${bare(h.containerName)}`;
      return `held by ${h.proxy}${h.pid ? ` (pid ${h.pid})` : ''}`;
  }
}

/** "127.0.0.1:8080/tcp", or "8080/tcp" on all interfaces. */
export function placeText(p: Pick<PortConflict, 'hostIp' | 'hostPort' | 'protocol'>): string {
  const wildcard = p.hostIp === '' || p.hostIp === '0.0.0.0' || p.hostIp === '::';
  const ip = wildcard ? '' : p.hostIp.includes(':') ? `[${p.hostIp}]:` : `${p.hostIp}:`;
  return `${ip}${p.hostPort}/${p.protocol}`;
}

/** One line per conflict: "Port 8080/tcp is held by pid 1234 (node server.js)". */
export function conflictLines(conflicts: readonly PortConflict[], engineName: EngineName): string[] {
  return conflicts.map((c) => {
    const who = c.holders.length
      ? c.holders.map((h) => holderText(h, engineName)).join('; ')
      : 'in use by something outside Container Kit’s view';
    return `Port ${placeText(c)} is ${who}`;
  });
}
