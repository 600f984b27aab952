import { sharedNetworks, type Checker } from '../../diagnostics/checker';
import { networkOf, type WalkContext } from '../walk-context';
import { bothOnHost, namedPeers } from './peers';

const NEW_NETWORK = 'app-net';

/** Containers reach each other only over a network both are attached to. */
export const sharedNetwork: Checker<WalkContext> = {
  id: 'shared-network',
  title: 'Both containers are on a shared network',
  applicable: (ctx) => namedPeers(ctx).some((p) => p.peer),
  async check(ctx) {
    const c = ctx.container;
    const nets = (x: typeof c) => x.networks.map((n) => n.network).join(', ') || x.networkMode || 'none';
    const evidence = [`${c.name}: ${nets(c)}`];
    const problems: string[] = [];
    const fixes: string[] = [];
    for (const { peer } of namedPeers(ctx)) {
      if (!peer) continue;
      evidence.push(`${peer.name}: ${nets(peer)}`);
      if (bothOnHost(c, peer) || sharedNetworks(c, peer).length) continue;
      problems.push(`${c.name} and ${peer.name} are on no shared network (${c.name} is on ${nets(c)}, ${peer.name} on ${nets(peer)})`);
      // Prefer a user-defined network this container already uses: it has DNS, so the peer is reachable by name too.
      const userNet = c.networks.find((a) => {
        const n = networkOf(ctx, a);
        return n ? !n.isDefault && !n.internal && n.dnsEnabled : a.dnsNames.length > 0;
      });
      if (userNet) fixes.push(`${ctx.cli} network connect ${userNet.network} ${peer.name}`);
      else
        fixes.push(
          [
            `${ctx.cli} network create ${NEW_NETWORK}`,
            `${ctx.cli} network connect ${NEW_NETWORK} ${c.name}`,
            `${ctx.cli} network connect ${NEW_NETWORK} ${peer.name}`,
          ].join('\n'),
        );
    }
    if (!problems.length) {
      const shared = namedPeers(ctx).flatMap(({ peer }) => (peer ? (bothOnHost(c, peer) ? ['host'] : sharedNetworks(c, peer).map((n) => n.network)) : []));
      return { status: 'pass', summary: `They share ${[...new Set(shared)].join(', ')}.`, evidence, fixes: [] };
    }
    return { status: 'fail', summary: `Not on a shared network: ${problems.join('; ')}.`, evidence, fixes: [...new Set(fixes)] };
  },
};
