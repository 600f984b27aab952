import { matchesContainerRef } from '../../../../shared/host-address';
import { publishedPorts, type Checker } from '../checker';

/**
 * On the host, each published port should be held by the engine's forwarder for this container
 * (docker-proxy, conmon, rootlessport…) and by no other process: another holder answers instead.
 */
export const hostPortHeldByMapping: Checker = {
  id: 'host-port-held-by-mapping',
  title: "Host ports are held by this container's mapping",
  applicable: (ctx) => ctx.container.state === 'running' && !!ctx.hostPorts && publishedPorts(ctx.container).length > 0,
  async check(ctx) {
    const table = ctx.hostPorts!;
    const c = ctx.container;
    const ips = new Set(c.networks.map((n) => n.ipAddress).filter(Boolean));
    const evidence: string[] = [];
    const foreign: string[] = [];
    const otherContainer: string[] = [];
    let unheld = 0;
    for (const p of publishedPorts(c)) {
      const label = `${p.hostIp || '0.0.0.0'}:${p.hostPort}/${p.protocol}`;
      const holders = await table.holdersOf(p.hostPort!, p.protocol, p.hostIp);
      if (!holders.length) {
        unheld++;
        evidence.push(`${label}: no host socket (the engine forwards with firewall rules only)`);
        continue;
      }
      for (const { holder, proxyTarget } of holders) {
        // Host tables only report sockets; a container claim comes from the engines, not from here.
        if (holder.kind === 'container') continue;
        const who = `${holder.command?.split(/\s+/)[0] ?? 'unknown process'}${holder.pid ? ` (pid ${holder.pid})` : ''} on ${holder.hostIp}:${holder.hostPort}`;
        if (holder.kind !== 'engine-proxy') {
          // A socket whose owner we cannot see (another user's process) is not evidence of a conflict.
          if (holder.pid === null) evidence.push(`${label}: held by ${who}, owner not visible`);
          else {
            foreign.push(label);
            evidence.push(`${label}: held by ${who}, not by the engine`);
          }
          continue;
        }
        const forUs =
          !proxyTarget ||
          (proxyTarget.containerId !== undefined && matchesContainerRef(c, proxyTarget.containerId)) ||
          (proxyTarget.containerName !== undefined && proxyTarget.containerName === c.name) ||
          (proxyTarget.containerIp !== undefined && ips.has(proxyTarget.containerIp));
        evidence.push(
          `${label}: ${holder.proxy} ${who}${proxyTarget?.containerIp ? ` → ${proxyTarget.containerIp}:${proxyTarget.containerPort}` : ''}${forUs ? '' : ' (another container)'}`,
        );
        if (!forUs) otherContainer.push(label);
      }
    }
    if (foreign.length || otherContainer.length) {
      return {
        status: 'fail',
        summary: `${[...foreign, ...otherContainer].join(', ')} ${foreign.length ? 'is held by another process' : "is held by another container's mapping"}: connections to it reach that, not ${c.name}.`,
        evidence,
        fixes: ['Stop the other process or container, or publish this container on a different host port.'],
      };
    }
    if (unheld)
      return {
        status: 'warn',
        summary: 'Some published ports have no host socket; the engine relies on firewall rules, which loopback traffic may bypass.',
        evidence,
        fixes: [],
      };
    return { status: 'pass', summary: "Every published port is held by the engine's forwarder for this container.", evidence, fixes: [] };
  },
};
