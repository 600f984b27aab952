import { z } from 'zod';
import { PortCheckSchema, PortHolderSchema, ProtocolSchema, type PortHolder } from '../../shared/contract';
import { conflictLines, holderText, placeText } from './port-holders';

const DetailsSchema = z
  .object({
    /** The pre-flight check's failed checks. */
    checks: z.array(PortCheckSchema).optional(),
    /** The engine refused a port (a race): where, and who holds it now. */
    port: z.object({ hostIp: z.string(), hostPort: z.number().nullable(), protocol: ProtocolSchema }).partial().optional(),
    holders: z.array(PortHolderSchema).optional(),
    /** The container was created anyway and stays listed. */
    container: z.object({ engineId: z.string().optional(), id: z.string(), name: z.string().optional() }).optional(),
  })
  .loose();

export interface CreateErrorView {
  lines: string[];
  container: { engineId: string | null; id: string; name: string } | null;
}

/** What a failed create says beyond its message: who holds which port, and a kept container. */
export function describeCreateError(details: unknown, engineName: (id: string) => string): CreateErrorView {
  const parsed = DetailsSchema.safeParse(details);
  if (!parsed.success) return { lines: [], container: null };
  const d = parsed.data;
  const lines = (d.checks ?? []).flatMap((c) => conflictLines(c.conflicts, engineName));
  if (d.holders?.length) {
    const port = d.port;
    const where =
      port?.hostPort != null ? `Port ${placeText({ hostIp: port.hostIp ?? '', hostPort: port.hostPort, protocol: port.protocol ?? 'tcp' })} is ` : '';
    lines.push(where + d.holders.map((h: PortHolder) => holderText(h, engineName)).join('; '));
  }
  const c = d.container;
  return {
    lines,
    container: c ? { engineId: c.engineId ?? null, id: c.id, name: (c.name ?? c.id).replace(/^\//, '') } : null,
  };
}
