import type { Checker } from '../../diagnostics/checker';
import { defaultNetworkName, networkOf, type WalkContext } from '../walk-context';

/** Network mode `none` and internal networks have no way out, whatever the container does. */
export const networkReachesOutside: Checker<WalkContext> = {
  id: 'network-reaches-outside',
  title: 'The container is on a network with a way out',
  applicable: (ctx) => ctx.container.state === 'running',
  async check(ctx) {
    const c = ctx.container;
    const mode = c.networkMode ?? '';
    const connect = `${ctx.cli} network connect ${defaultNetworkName(ctx)} ${c.name}`;
    if (mode === 'host')
      return { status: 'pass', summary: `${c.name} uses the host's network: it reaches what the host reaches.`, evidence: ['network mode: host'], fixes: [] };
    if (mode.startsWith('container:')) {
      return {
        status: 'pass',
        summary: `${c.name} shares the network of ${mode.slice('container:'.length)}: it reaches what that container reaches.`,
        evidence: [`network mode: ${mode}`],
        fixes: [],
      };
    }
    const attached = c.networks.filter((n) => n.network !== 'none');
    if (mode === 'none' || attached.length === 0) {
      return {
        status: 'fail',
        summary: `${c.name} has no network (network mode none): it has only loopback, so nothing outside is reachable.`,
        evidence: [`network mode: ${mode || 'unknown'}`, `networks: ${c.networks.map((n) => n.network).join(', ') || 'none'}`],
        fixes: [`Recreate the container without \`--network none\`, or connect it to a network: ${connect}`],
      };
    }
    const evidence = attached.map((a) => {
      const n = networkOf(ctx, a);
      return `${a.network}: ${n ? `${n.driver}${n.internal ? ', internal' : ''}` : 'not found among the engine networks'}`;
    });
    const internal = attached.filter((a) => networkOf(ctx, a)?.internal);
    if (internal.length === attached.length) {
      return {
        status: 'fail',
        summary: `${c.name} is only on internal network${internal.length > 1 ? 's' : ''} ${internal.map((n) => n.network).join(', ')}: an internal network has no route out, by design.`,
        evidence,
        fixes: [`Connect it to a network that is not internal as well: ${connect}`, 'Or recreate the network without --internal if it should reach outside.'],
      };
    }
    return {
      status: 'pass',
      summary: `${c.name} is on ${attached
        .filter((a) => !networkOf(ctx, a)?.internal)
        .map((a) => a.network)
        .join(', ')}, which is not internal.`,
      evidence,
      fixes: [],
    };
  },
};
