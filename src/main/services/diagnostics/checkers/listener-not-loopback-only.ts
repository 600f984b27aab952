import { isWildcardAddress } from '../../../../shared/host-address';
import { isLoopback, publishedPorts, type Checker } from '../checker';

export const BIND_ALL_FIXES = [
  "Make the server listen on 0.0.0.0 (all interfaces) inside the container, not on 127.0.0.1: the port mapping arrives on the container's network interface, which a loopback-only server never sees.",
  'BusyBox httpd: `httpd -p 0.0.0.0:80` (or just `-p 80`).',
  "Node.js: `server.listen(port, '0.0.0.0')`.",
  'Flask: `flask run --host=0.0.0.0`; Django: `runserver 0.0.0.0:8000`; Vite: `--host 0.0.0.0`.',
];

/** The most common cause of "connection refused" through a port mapping. */
export const listenerNotLoopbackOnly: Checker = {
  id: 'listener-not-loopback-only',
  title: 'Listeners accept connections from outside the container',
  applicable: (ctx) => ctx.container.state === 'running' && !!ctx.facts && ctx.facts.sources.listeners !== 'none' && publishedPorts(ctx.container).length > 0,
  async check(ctx) {
    const facts = ctx.facts!;
    const evidence: string[] = [];
    const loopOnly: string[] = [];
    let seen = 0;
    for (const p of publishedPorts(ctx.container)) {
      const hits = facts.listeners.filter((l) => l.protocol === p.protocol && l.port === p.containerPort);
      if (!hits.length) continue;
      seen++;
      const where = hits.map((h) => `${h.address}:${h.port}`).join(', ');
      if (hits.every((h) => isLoopback(h.address))) {
        loopOnly.push(`${p.containerPort}/${p.protocol}`);
        evidence.push(`${p.containerPort}/${p.protocol} listens only on ${where} (loopback)`);
      } else {
        const kind = hits.some((h) => isWildcardAddress(h.address)) ? 'all interfaces' : 'a container address';
        evidence.push(`${p.containerPort}/${p.protocol} listens on ${where} (${kind})`);
      }
    }
    if (!seen)
      return {
        status: 'skipped',
        summary: 'No published port has a listener to inspect (see "Something listens on every published port").',
        evidence,
        fixes: [],
      };
    if (!loopOnly.length)
      return { status: 'pass', summary: 'The listeners behind published ports accept connections from outside the container.', evidence, fixes: [] };
    return {
      status: 'fail',
      summary: `${loopOnly.join(', ')} listens only on 127.0.0.1 inside the container, so connections through the port mapping are refused. This is the most common cause of "connection refused" through a port mapping.`,
      evidence,
      fixes: BIND_ALL_FIXES,
    };
  },
};
