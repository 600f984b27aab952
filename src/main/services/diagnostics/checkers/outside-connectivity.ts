import type { Checker } from '../checker';
import { execIn, lastLine } from './exec-in-container';

/** Reaches only the target the caller names (`host:port` → TCP with nc, `host` → ping). No default target. */
export const outsideConnectivity: Checker = {
  id: 'outside-connectivity',
  title: 'Reaches the chosen outside target',
  applicable: (ctx) => ctx.container.state === 'running',
  async check(ctx) {
    const target = ctx.outsideTarget?.trim();
    if (!target) return { status: 'skipped', summary: 'no target set', evidence: [], fixes: [] };
    const m = /^\[?([^\]\s]+?)\]?(?::(\d{1,5}))?$/.exec(target);
    if (!m || m[1].startsWith('-')) return { status: 'fail', summary: `not a host or host:port: ${target}`, evidence: [], fixes: [] };
    const argv = m[2] ? ['nc', '-w', '2', m[1], m[2]] : ['ping', '-c', '1', '-W', '2', m[1]];
    const r = await execIn(ctx, ctx.container.id, argv, 3000);
    const evidence = [`${argv.join(' ')}: ${r.ok ? 'ok' : lastLine(r.output) || 'failed'} (${r.ms} ms)`];
    if (r.ok) return { status: 'pass', summary: `${target} is reachable from ${ctx.container.name}.`, evidence, fixes: [] };
    const gw = ctx.facts?.routes.find((x) => x.destination.endsWith('/0'));
    return {
      status: 'fail',
      summary: `${target} is not reachable from ${ctx.container.name}.`,
      evidence: [...evidence, gw ? `default route via ${gw.gateway} on ${gw.iface}` : 'no default route: the network may be internal'],
      fixes: gw
        ? ['Check the host firewall and NAT for container traffic, and any proxy the network requires.']
        : ['The container has no default route: an internal network cannot reach outside; attach it to a non-internal network.'],
    };
  },
};
