import type { Container } from '../../../../shared/contract';
import { isLoopback, peersOf, sharedNetworks, type Checker, type DiagnosticsContext } from '../checker';
import { parseNetstat } from '../facts-parsers';
import { execIn, lastLine } from './exec-in-container';
import { engineCli } from '../../../../shared/engine-cli';

/** TCP ports the peer accepts from outside itself: its own netstat, else its declared ports. */
async function peerPorts(ctx: DiagnosticsContext, peer: Container): Promise<number[]> {
  const r = await execIn(ctx, peer.id, ['netstat', '-tln'], 1000);
  const fromNetstat = r.ok
    ? parseNetstat(r.output)
        .filter((l) => l.protocol === 'tcp' && !isLoopback(l.address))
        .map((l) => l.port)
    : [];
  const declared = peer.ports.filter((p) => p.protocol === 'tcp').map((p) => p.containerPort);
  return [...new Set([...fromNetstat, ...declared])].slice(0, 2);
}

/** Can this container reach `target` (an IP or a name)? TCP connects with nc, and one ping. */
async function reach(ctx: DiagnosticsContext, target: string, ports: number[]): Promise<{ ok: boolean; lines: string[] }> {
  const id = ctx.container.id;
  const probes = await Promise.all([
    execIn(ctx, id, ['ping', '-c', '1', '-W', '1', target], 1800).then((r) => ({ what: `ping ${target}`, r })),
    ...ports.map((port) => execIn(ctx, id, ['nc', '-w', '1', target, String(port)], 1800).then((r) => ({ what: `nc ${target} ${port}`, r }))),
  ]);
  const lines = probes.map(({ what, r }) => {
    const note = /permission denied/i.test(r.output)
      ? 'ping not permitted in this container (no NET_RAW)'
      : r.ok
        ? 'ok'
        : lastLine(r.output) || (r.timedOut ? 'timed out' : 'failed');
    return `${what}: ${r.ok ? 'ok' : note} (${r.ms} ms)`;
  });
  return { ok: probes.some((p) => p.r.ok), lines };
}

export const peerConnectivity: Checker = {
  id: 'peer-connectivity',
  title: 'Reaches peer containers',
  applicable: (ctx) => ctx.container.state === 'running' && peersOf(ctx).length > 0,
  async check(ctx) {
    const c = ctx.container;
    const evidence: string[] = [];
    const problems: string[] = [];
    const fixes = new Set<string>();
    await Promise.all(
      peersOf(ctx).map(async ({ ref, peer }) => {
        if (!peer) {
          problems.push(`no container ${ref}`);
          return;
        }
        const shared = sharedNetworks(c, peer);
        if (!shared.length) {
          problems.push(
            `${c.name} and ${peer.name} are not on a shared network (no shared network: ${c.name} is on ${c.networks.map((n) => n.network).join(', ') || 'none'}, ${peer.name} on ${peer.networks.map((n) => n.network).join(', ') || 'none'})`,
          );
          fixes.add(
            `Connect both containers to one user-defined network (e.g. \`${engineCli(ctx.engineKind)} network connect <net> ${peer.name}\`), then address ${peer.name} by name.`,
          );
          return;
        }
        if (peer.state !== 'running') {
          problems.push(`${peer.name} is ${peer.state}`);
          fixes.add(`Start ${peer.name}.`);
          return;
        }
        const ports = await peerPorts(ctx, peer);
        await Promise.all(
          shared.map(async (net) => {
            const peerNet = peer.networks.find((n) => n.network === net.network);
            const targets = [peerNet?.ipAddress, peerNet?.dnsNames.length ? peer.name : null].filter((t): t is string => !!t);
            // By IP and by name at once: each is an exec round trip, and they don't depend on each other.
            const reached = await Promise.all(targets.map((target) => reach(ctx, target, ports)));
            targets.forEach((target, i) => {
              const r = reached[i];
              evidence.push(
                `${peer.name} via ${target} on ${net.network}${ports.length ? ` (ports ${ports.join(', ')})` : ''}:`,
                ...r.lines.map((l) => `  ${l}`),
              );
              if (!r.ok) problems.push(`${peer.name} is not reachable at ${target} on ${net.network}`);
            });
            if (!peerNet?.dnsNames.length) evidence.push(`${net.network} has no container DNS: ${peer.name} is reachable by IP only.`);
          }),
        );
        if (!ports.length) evidence.push(`${peer.name} listens on no TCP port outside loopback; only ping was tried.`);
      }),
    );
    if (!problems.length) return { status: 'pass', summary: `${c.name} reaches its peers.`, evidence, fixes: [] };
    if (!fixes.size) fixes.add('Check that the peer listens on 0.0.0.0 and that no firewall rule between the containers drops traffic.');
    return { status: 'fail', summary: `${problems.join('; ')}.`, evidence, fixes: [...fixes] };
  },
};
