import { isLoopback, type Checker } from '../../diagnostics/checker';
import type { WalkContext } from '../walk-context';

/** Docker's embedded DNS lives on 127.0.0.11 inside the container's namespace, so that loopback address is fine. */
const EMBEDDED_DNS = '127.0.0.11';

export const resolvConfNameservers: Checker<WalkContext> = {
  id: 'resolv-conf-nameservers',
  title: '/etc/resolv.conf names a DNS server',
  applicable: (ctx) => ctx.container.state === 'running' && !!ctx.facts,
  async check(ctx) {
    const dns = ctx.facts!.dns;
    if (ctx.facts!.sources.dns === 'none') {
      return {
        status: 'fail',
        summary: `Could not read /etc/resolv.conf in ${ctx.container.name}: without it the resolver has no server to ask.`,
        evidence: [],
        fixes: ['Check that the image has an /etc/resolv.conf and that nothing mounts an empty one over it.'],
      };
    }
    const evidence = [
      `nameserver ${dns.nameservers.join(', ') || '(none)'}`,
      ...(dns.search.length ? [`search ${dns.search.join(' ')}`] : []),
      ...(dns.options.length ? [`options ${dns.options.join(' ')}`] : []),
    ];
    const dnsFix = `Give the container a DNS server: ${ctx.cli} run --dns <your DNS server> …, or set one in the engine's configuration.`;
    if (!dns.nameservers.length)
      return {
        status: 'fail',
        summary: `/etc/resolv.conf in ${ctx.container.name} lists no nameserver: lookups have nowhere to go.`,
        evidence,
        fixes: [dnsFix],
      };
    const unreachable = dns.nameservers.filter((n) => isLoopback(n) && n !== EMBEDDED_DNS);
    if (unreachable.length === dns.nameservers.length) {
      return {
        status: 'fail',
        summary: `${ctx.container.name} asks only ${unreachable.join(', ')}: a loopback address inside a container is the container itself, not the host's resolver.`,
        evidence,
        fixes: [
          dnsFix,
          'A host running systemd-resolved has 127.0.0.53 in its resolv.conf; the engine should replace it, so check custom --dns settings and mounts of /etc/resolv.conf.',
        ],
      };
    }
    return { status: 'pass', summary: `Asks ${dns.nameservers.join(', ')}.`, evidence, fixes: [] };
  },
};
