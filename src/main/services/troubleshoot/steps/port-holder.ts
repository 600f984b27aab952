import type { Container, PortHolder, Protocol } from '../../../../shared/contract';
import type { Checker } from '../../diagnostics/checker';

export interface PortQuestion {
  hostIp: string;
  hostPort: number;
  protocol: Protocol;
  /** The container side, when a container wants the port: for the "publish another port" fix. */
  containerPort?: number;
}

export interface PortContext {
  /** Who holds a host port right now: host processes, engine proxies and containers. */
  owner(hostPort: number, protocol: Protocol, hostIp: string): Promise<{ holders: PortHolder[] }>;
  /** The container that wants the port; its own mapping is not a conflict. */
  container: Container | null;
  /** The CLI for an engine id (docker, podman, container). */
  cliFor(engineId: string | null): string;
  platform: NodeJS.Platform;
}

/** "Port 8080/tcp", or "127.0.0.1:8080/tcp" when the question is about one address. */
const where = (q: PortQuestion) => (q.hostIp && q.hostIp !== '0.0.0.0' ? `${q.hostIp}:${q.hostPort}/${q.protocol}` : `Port ${q.hostPort}/${q.protocol}`);

function isSelf(h: PortHolder, c: Container | null): boolean {
  if (!c) return false;
  if (h.kind === 'container') return h.engineId === c.engineId && h.containerId === c.id;
  if (h.kind === 'engine-proxy') return h.containerId === c.id || (h.containerName !== null && h.containerName === c.name);
  return false;
}

/** Commands that show and stop a host process holding a port, for this platform. */
function processCommands(q: PortQuestion, pid: number | null, platform: NodeJS.Platform): string[] {
  const p = q.hostPort;
  if (platform === 'win32') return [`netstat -ano -p ${q.protocol.toUpperCase()} | findstr :${p}`, ...(pid ? [`taskkill /PID ${pid}`] : [])];
  const lsof = q.protocol === 'udp' ? `lsof -nP -iUDP:${p}` : `lsof -nP -iTCP:${p} -sTCP:LISTEN`;
  const find = platform === 'linux' ? [`ss -l${q.protocol === 'udp' ? 'u' : 't'}np 'sport = :${p}'`, lsof] : [lsof];
  // Another user's process: the owner is visible only with root.
  return [...(pid ? find : find.map((c) => `sudo ${c}`)), ...(pid ? [`kill ${pid}`] : [])];
}

function remap(q: PortQuestion, ctx: PortContext): string {
  const c = ctx.container;
  return c
    ? `Or publish ${c.name} on another host port: ${ctx.cliFor(c.engineId)} run -p <free port>:${q.containerPort ?? '<container port>'} … (New container suggests a free one as you type the port).`
    : 'Or publish your container on another host port (New container suggests a free one as you type the port).';
}

const nameOf = (command: string | null) => command?.split(/\s+/)[0]?.split('/').pop() || 'unknown process';

/** One host port: who holds it, in the order that explains a bind failure (a live socket beats a claim). */
export function portHolderStep(q: PortQuestion): Checker<PortContext> {
  return {
    id: `port-holder-${q.hostPort}-${q.protocol}`,
    title: `Who holds host port ${q.hostPort}/${q.protocol}`,
    applicable: () => true,
    async check(ctx) {
      const all = (await ctx.owner(q.hostPort, q.protocol, q.hostIp)).holders;
      const holders = all.filter((h) => !isSelf(h, ctx.container));
      const evidence = all.map((h) => `${h.kind}: ${describe(h)}${isSelf(h, ctx.container) ? ' (the container itself)' : ''}`);
      const process = holders.find((h): h is Extract<PortHolder, { kind: 'process' }> => h.kind === 'process');
      if (process) {
        const who =
          process.pid === null ? `a process of another user${process.user ? ` (${process.user})` : ''}` : `${nameOf(process.command)} (pid ${process.pid})`;
        return {
          status: 'fail',
          summary: `${where(q)} is held by a host process: ${who}${process.hostIp ? ` on ${process.hostIp}` : ''}. The engine cannot bind a port a host process already listens on.`,
          evidence,
          fixes: [...processCommands(q, process.pid, ctx.platform), remap(q, ctx)],
        };
      }
      const running = holders.find((h): h is Extract<PortHolder, { kind: 'container' }> => h.kind === 'container' && h.running);
      if (running) {
        const cli = ctx.cliFor(running.engineId);
        return {
          status: 'fail',
          summary: `${where(q)} is held by container ${running.containerName}, which publishes it.`,
          evidence,
          fixes: [`${cli} stop ${running.containerName}`, remap(q, ctx)],
        };
      }
      const proxy = holders.find((h): h is Extract<PortHolder, { kind: 'engine-proxy' }> => h.kind === 'engine-proxy');
      if (proxy) {
        const cli = ctx.cliFor(proxy.engineId);
        return {
          status: 'fail',
          summary: proxy.containerName
            ? `${where(q)} is held by ${proxy.proxy}, the engine's port forwarder for container ${proxy.containerName}.`
            : `${where(q)} is held by the engine's port forwarder ${proxy.proxy}${proxy.pid ? ` (pid ${proxy.pid})` : ''} for a container Container Kit cannot see (another engine, or one being removed).`,
          evidence,
          fixes: proxy.containerName
            ? [`${cli} stop ${proxy.containerName}`, remap(q, ctx)]
            : [
                `${cli} ps -a --filter publish=${q.hostPort}`,
                'If no container shows, restart the engine: its forwarder outlived the container.',
                remap(q, ctx),
              ],
        };
      }
      const stopped = holders.filter((h): h is Extract<PortHolder, { kind: 'container' }> => h.kind === 'container');
      if (stopped.length) {
        return {
          status: 'warn',
          summary: `Nothing holds ${where(q).replace(/^Port/, 'port')} now, but stopped container ${stopped.map((s) => s.containerName).join(', ')} will claim it when started.`,
          evidence,
          fixes: [`Publish one of them on another host port, or do not run them at the same time.`],
        };
      }
      return {
        status: 'pass',
        summary: `Nothing holds ${where(q).replace(/^Port/, 'port')} now: it is free.`,
        evidence: evidence.length ? evidence : ['no socket and no container claim'],
        fixes: [],
      };
    },
  };
}

function describe(h: PortHolder): string {
  switch (h.kind) {
    case 'process':
      return `${h.pid === null ? 'owner not visible' : `pid ${h.pid}`} ${h.command ?? ''} on ${h.hostIp}:${h.hostPort}/${h.protocol}${h.user ? ` (user ${h.user})` : ''}`.replace(
        /\s+/g,
        ' ',
      );
    case 'container':
      return `${h.containerName} (${h.state}) publishes ${h.hostIp || '*'}:${h.hostPort}/${h.protocol}`;
    case 'engine-proxy':
      return `${h.proxy}${h.pid ? ` pid ${h.pid}` : ''} on ${h.hostIp}:${h.hostPort}/${h.protocol}${h.containerName ? ` for ${h.containerName}` : ''}`;
  }
}
