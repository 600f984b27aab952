import type { PortConflict, PortHolder } from '../../shared/contract';
import { formatHostPort } from '../../shared/host-address';
import { holderName } from '../../shared/port-holder-text';

type EngineName = (engineId: string) => string;

/** Who holds a host port, in the words the port rows and the create error use (the holder named by the shared wording). */
export function holderText(h: PortHolder, engineName: EngineName): string {
  const who = holderName(h);
  switch (h.kind) {
    case 'process':
    case 'engine-proxy':
      return `held by ${who}`;
    case 'container':
      return h.running ? `published by ${who} (${engineName(h.engineId)})` : `claimed by ${who} — it will clash when it starts`;
  }
}

/** "127.0.0.1:8080/tcp", or "8080/tcp" on all interfaces. */
export function placeText(p: Pick<PortConflict, 'hostIp' | 'hostPort' | 'protocol'>): string {
  return `${formatHostPort(p.hostIp, p.hostPort, '')}/${p.protocol}`;
}

/** One line per conflict: "Port 8080/tcp is held by pid 1234 (node server.js)". */
export function conflictLines(conflicts: readonly PortConflict[], engineName: EngineName): string[] {
  return conflicts.map((c) => {
    const who = c.holders.length ? c.holders.map((h) => holderText(h, engineName)).join('; ') : 'in use by something outside Container Kit’s view';
    return `Port ${placeText(c)} is ${who}`;
  });
}
