import { errorDetails, type PortHolder } from '../../shared/contract';
import type { AppErrorShape } from '../../shared/errors';
import { conflictLines, holderText, placeText } from './port-holders';

export interface CreateErrorView {
  lines: string[];
  container: { engineId: string | null; id: string; name: string } | null;
}

/**
 * What a failed create says beyond its message, from its typed CONFLICT details: who holds which
 * port (the pre-flight checks, or the port the engine refused), and a container kept anyway.
 */
export function describeCreateError(error: Pick<AppErrorShape, 'code' | 'details'>, engineName: (id: string) => string): CreateErrorView {
  const d = errorDetails(error, 'CONFLICT');
  if (!d) return { lines: [], container: null };
  if ('checks' in d) return { lines: d.checks.flatMap((c) => conflictLines(c.conflicts, engineName)), container: null };
  if (!('holders' in d)) return { lines: [], container: null };
  const lines: string[] = [];
  if (d.holders.length) {
    const { port } = d;
    const where = port.hostPort !== null ? `Port ${placeText({ hostIp: port.hostIp, hostPort: port.hostPort, protocol: port.protocol })} is ` : '';
    lines.push(where + d.holders.map((h: PortHolder) => holderText(h, engineName)).join('; '));
  }
  const c = d.container;
  return {
    lines,
    container: c ? { engineId: c.engineId, id: c.id, name: (c.name || c.id).replace(/^\//, '') } : null,
  };
}
