import type { Container } from '../../../../shared/contract';
import { findOther } from '../../diagnostics/checker';
import type { WalkContext } from '../walk-context';

/** The peers the user named, found among the engine's other containers (undefined: no such container). */
export function namedPeers(ctx: WalkContext): Array<{ ref: string; peer: Container | undefined }> {
  return (ctx.peers ?? []).map((ref) => ({ ref, peer: findOther(ctx, ref) }));
}

/** Two host-mode containers share the host's network, though neither has an attachment. */
export function bothOnHost(a: Container, b: Container): boolean {
  return a.networkMode === 'host' && b.networkMode === 'host';
}
