import { isLoopback, publishedPorts, type Checker } from '../../diagnostics/checker';
import type { WalkContext } from '../walk-context';

const label = (p: { hostIp: string; hostPort: number | null; containerPort: number; protocol: string }) =>
  `${p.hostIp || '0.0.0.0'}:${p.hostPort} → ${p.containerPort}/${p.protocol}`;

/** The port to suggest publishing: one the image exposes, else one something listens on, else 80. */
function containerPortToPublish(ctx: WalkContext): number {
  const exposed = ctx.allPorts.find((p) => p.hostPort === null && p.protocol === 'tcp');
  if (exposed) return exposed.containerPort;
  // 127.0.0.11 is Docker's embedded DNS, not the application.
  const listener = ctx.facts?.listeners.find((l) => l.protocol === 'tcp' && !isLoopback(l.address) && !l.address.startsWith('127.0.0.11'));
  return listener?.port ?? 80;
}

/** Without a published port nothing on the host forwards to the container at all. */
export const publishedPort: Checker<WalkContext> = {
  id: 'published-port',
  title: 'The container publishes a port to the host',
  applicable: (ctx) => ctx.container.state === 'running',
  async check(ctx) {
    const c = ctx.container;
    if (c.networkMode === 'host') {
      return {
        status: 'pass',
        summary: `${c.name} uses the host's network: no port mapping is needed, its servers listen on the host directly.`,
        evidence: ['network mode: host'],
        fixes: [],
      };
    }
    const ports = publishedPorts(c);
    const all = publishedPorts({ ...c, ports: ctx.allPorts });
    const evidence = all.length ? all.map((p) => `publishes ${label(p)}`) : ['publishes no port'];
    if (ports.length) return { status: 'pass', summary: `${c.name} publishes ${ports.map(label).join(', ')}.`, evidence, fixes: [] };
    const hostPort = ctx.hostPort ?? 8080;
    const run = `${ctx.cli} run -p ${hostPort}:${containerPortToPublish(ctx)} …`;
    if (ctx.hostPort !== undefined && all.length) {
      return {
        status: 'fail',
        summary: `${c.name} does not publish host port ${ctx.hostPort}; it publishes ${all.map(label).join(', ')}.`,
        evidence,
        fixes: [
          `Connect to ${all.map((p) => `${p.hostIp && p.hostIp !== '0.0.0.0' ? p.hostIp : 'localhost'}:${p.hostPort}`).join(' or ')} instead.`,
          `Or recreate the container with the port you want: ${run}`,
        ],
      };
    }
    return {
      status: 'fail',
      summary: `${c.name} publishes no port: nothing on the host forwards connections to it.`,
      evidence,
      fixes: [`Recreate the container with a published port (a running container's ports cannot be changed): ${run}`],
    };
  },
};
