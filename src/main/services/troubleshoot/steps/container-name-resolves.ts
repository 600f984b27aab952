import { dnsResolver } from '../../diagnostics/checkers/dns-resolver';
import { peersOf, type Checker } from '../../diagnostics/checker';
import type { WalkContext } from '../walk-context';

/** A container name the engine's DNS must know: a peer on a shared user network, else this container's own. */
function nameToTry(ctx: WalkContext): string | null {
  const peer = peersOf({ ...ctx, peers: undefined }).find(({ peer }) =>
    peer?.networks.some((n) => n.dnsNames.length && ctx.container.networks.some((m) => m.network === n.network && m.dnsNames.length)),
  );
  if (peer?.peer) return peer.peer.name;
  return ctx.container.networks.some((n) => n.dnsNames.length) ? ctx.container.name : null;
}

export const containerNameResolves: Checker<WalkContext> = {
  id: 'container-name-resolves',
  title: 'Container names resolve on its user-defined network',
  applicable: (ctx) => ctx.container.state === 'running',
  async check(ctx, signal) {
    const name = nameToTry(ctx);
    if (!name) {
      return {
        status: 'skipped',
        summary: `${ctx.container.name} is on no user-defined network: only there does the engine's DNS answer for container names.`,
        evidence: [`networks: ${ctx.container.networks.map((n) => n.network).join(', ') || ctx.container.networkMode || 'none'}`],
        fixes: [],
      };
    }
    return dnsResolver.check({ ...ctx, peers: undefined, others: [], dnsName: name }, signal);
  },
};
