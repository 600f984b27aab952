import type { Checker } from '../../diagnostics/checker';
import { defaultNetworkName, type WalkContext } from '../walk-context';

/** Without a default route, packets for anything outside the container's own subnets have nowhere to go. */
export const defaultRoute: Checker<WalkContext> = {
  id: 'default-route',
  title: 'The container has a default route',
  applicable: (ctx) => ctx.container.state === 'running' && !!ctx.facts,
  async check(ctx) {
    const facts = ctx.facts!;
    if (facts.sources.routes === 'none')
      return { status: 'warn', summary: 'Could not read the routing table inside the container (no ip and no /proc/net/route).', evidence: [], fixes: [] };
    const evidence = [
      `routes read via ${facts.sources.routes}`,
      ...facts.routes.map((r) => `${r.destination}${r.gateway ? ` via ${r.gateway}` : ''} dev ${r.iface}`),
    ];
    const routes = facts.routes.filter((r) => r.destination === '0.0.0.0/0' || r.destination === '::/0');
    if (routes.length)
      return { status: 'pass', summary: `Default route via ${routes.map((r) => `${r.gateway ?? 'direct'} on ${r.iface}`).join(', ')}.`, evidence, fixes: [] };
    return {
      status: 'fail',
      summary: `${ctx.container.name} has no default route: only its own subnets are reachable.`,
      evidence,
      fixes: [`Connect it to a network with a gateway: ${ctx.cli} network connect ${defaultNetworkName(ctx)} ${ctx.container.name}`],
    };
  },
};
