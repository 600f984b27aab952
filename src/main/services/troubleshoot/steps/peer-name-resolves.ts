import { dnsResolver } from '../../diagnostics/checkers/dns-resolver';
import { sharedNetworks, type Checker } from '../../diagnostics/checker';
import type { WalkContext } from '../walk-context';
import { narrowed } from './delegate';
import { namedPeers } from './peers';

// The named peers only; the user's own dnsName belongs to another question.
const peerNames = narrowed(dnsResolver, (ctx) => ({ ...ctx, dnsName: undefined }));

/** Names resolve only where the engine runs a DNS for the network: user-defined networks, not the default bridge. */
export const peerNameResolves: Checker<WalkContext> = {
  id: 'peer-name-resolves',
  title: 'The other container resolves by name',
  applicable: (ctx) => ctx.container.state === 'running' && namedPeers(ctx).some((p) => p.peer),
  async check(ctx, signal) {
    const c = ctx.container;
    const noDns = namedPeers(ctx).filter(
      ({ peer }) => peer && !sharedNetworks(c, peer).some((n) => peer.networks.find((m) => m.network === n.network)?.dnsNames.length),
    );
    if (noDns.length) {
      const names = noDns.map((p) => p.peer!.name);
      const ips = noDns.flatMap(({ peer }) =>
        sharedNetworks(c, peer!).map((n) => `${peer!.name} is ${peer!.networks.find((m) => m.network === n.network)?.ipAddress ?? '?'} on ${n.network}`),
      );
      return {
        status: 'warn',
        summary: `${names.join(', ')} cannot be reached by name: on the engine's default network containers do not resolve each other's names, only IP addresses work.`,
        evidence: ips,
        fixes: [
          `Use a user-defined network, where the engine's DNS answers for container names:\n${ctx.cli} network create app-net\n${ctx.cli} network connect app-net ${c.name}\n${names.map((n) => `${ctx.cli} network connect app-net ${n}`).join('\n')}`,
        ],
      };
    }
    return peerNames.check(ctx, signal);
  },
};
