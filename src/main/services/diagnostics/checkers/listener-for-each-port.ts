import { publishedPorts, type Checker } from '../checker';

/** Every published port needs something inside listening on its container port. */
export const listenerForEachPort: Checker = {
  id: 'listener-for-each-port',
  title: 'Something listens on every published port',
  applicable: (ctx) => ctx.container.state === 'running' && !!ctx.facts && publishedPorts(ctx.container).length > 0,
  async check(ctx) {
    const facts = ctx.facts!;
    if (facts.sources.listeners === 'none') {
      return { status: 'warn', summary: 'Could not read the listening sockets inside the container (no netstat and no /proc/net).', evidence: [], fixes: [] };
    }
    const evidence: string[] = [`listeners read via ${facts.sources.listeners}`];
    const missing: string[] = [];
    for (const p of publishedPorts(ctx.container)) {
      const hits = facts.listeners.filter((l) => l.protocol === p.protocol && l.port === p.containerPort);
      const label = `${p.hostIp || '0.0.0.0'}:${p.hostPort} → ${p.containerPort}/${p.protocol}`;
      if (hits.length) evidence.push(`${label}: listening on ${hits.map((h) => `${h.address}:${h.port}`).join(', ')}`);
      else {
        evidence.push(`${label}: nothing listens on ${p.containerPort}/${p.protocol}`);
        missing.push(`${p.containerPort}/${p.protocol}`);
      }
    }
    if (!missing.length) return { status: 'pass', summary: 'Every published port has a listener inside the container.', evidence, fixes: [] };
    const open = [...new Set(facts.listeners.filter((l) => !l.address.startsWith('127.0.0.11')).map((l) => `${l.port}/${l.protocol}`))];
    return {
      status: 'fail',
      summary: `Nothing inside ${ctx.container.name} listens on ${missing.join(', ')}: connections through the mapping are refused or reset.`,
      evidence,
      fixes: [
        'Start the server inside the container, or check its logs for why it did not start.',
        open.length
          ? `The container listens on ${open.join(', ')}: publish that port instead (e.g. -p <host>:${open[0].split('/')[0]}).`
          : 'Nothing listens at all inside the container: the application may not have started.',
      ],
    };
  },
};
