import { parseNslookup } from '../../../../shared/dns-lookup-output';
import { peersOf, sharedNetworks, type Checker, type DiagnosticsContext } from '../checker';
import { execIn } from './exec-in-container';

/**
 * The user's name, plus peers on shared user networks (where the engine's DNS answers for names).
 * On a user network the container's own name is asked too: the engine's resolver answers it
 * without any traffic leaving the host, which shows the resolver itself works.
 */
function names(ctx: DiagnosticsContext): string[] {
  const peers = peersOf(ctx)
    .filter(({ peer }) => peer && sharedNetworks(ctx.container, peer).some((n) => peer.networks.find((m) => m.network === n.network)?.dnsNames.length))
    .map(({ peer }) => peer!.name);
  const self = ctx.container.networks.some((n) => n.dnsNames.length > 0) ? [ctx.container.name.replace(/^\//, '')] : [];
  return [...new Set([...(ctx.dnsName ? [ctx.dnsName] : []), ...peers, ...self])];
}

export const dnsResolver: Checker = {
  id: 'dns-resolver',
  title: 'Names resolve inside the container',
  applicable: (ctx) => ctx.container.state === 'running',
  async check(ctx) {
    const list = names(ctx);
    const onUserNet = ctx.container.networks.some((n) => n.dnsNames.length > 0);
    const resolvers = ctx.facts?.dns.nameservers ?? [];
    const evidence = [`resolver: ${resolvers.join(', ') || 'none read'}${ctx.facts?.dns.search.length ? `; search ${ctx.facts.dns.search.join(' ')}` : ''}`];
    if (!list.length) {
      return {
        status: 'skipped',
        summary: onUserNet
          ? 'No name to resolve: pass one, or add a peer on a shared network.'
          : 'No name to resolve; on the default network containers do not resolve each other by name.',
        evidence,
        fixes: [],
      };
    }
    const lookups = await Promise.all(list.map(async (name) => ({ name, r: await execIn(ctx, ctx.container.id, ['nslookup', name], 2000) })));
    const failed: string[] = [];
    for (const { name, r } of lookups) {
      if (r.missing) return { status: 'warn', summary: 'This image has no nslookup; names cannot be checked from inside it.', evidence, fixes: [] };
      const parsed = parseNslookup(r.output, name);
      const ok = parsed.addresses.length > 0 && !parsed.error;
      evidence.push(
        `nslookup ${name}: ${ok ? parsed.addresses.join(', ') : (parsed.error ?? (r.timedOut ? 'timed out' : 'no address'))} (server ${parsed.server ?? '?'}, ${r.ms} ms)`,
      );
      if (!ok) failed.push(name);
    }
    if (!failed.length) return { status: 'pass', summary: `Resolved ${list.join(', ')}.`, evidence, fixes: [] };
    return {
      status: 'fail',
      summary: `${failed.join(', ')} did not resolve inside ${ctx.container.name}.`,
      evidence,
      fixes: onUserNet
        ? [
            'Check the spelling, and that the name is a container or alias on a network this container shares.',
            'Custom --dns servers replace the engine resolver and lose container names.',
          ]
        : ['Create a user-defined network and connect both containers to it; containers resolve each other by name only there.'],
    };
  },
};
