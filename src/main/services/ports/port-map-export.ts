import { stringify } from 'yaml';
import type { Container, Engine } from '../../../shared/contract';

const WILDCARD = new Set(['', '0.0.0.0', '::']);

function shortSpec(hostIp: string, hostPort: number, containerPort: number, protocol: string): string {
  const ip = WILDCARD.has(hostIp) ? '' : hostIp.includes(':') ? `[${hostIp}]:` : `${hostIp}:`;
  return `${ip}${hostPort}:${containerPort}${protocol === 'tcp' ? '' : `/${protocol}`}`;
}

/**
 * The running containers' port map as a docker-compose style document: a record of what is
 * published where, which `docker compose` can also read back.
 */
export function exportPortMap(containers: readonly Container[], engines: readonly Engine[], now = new Date()): { yaml: string; fileName: string } {
  const running = containers.filter((c) => c.state === 'running').sort((a, b) => a.name.localeCompare(b.name));
  const names = new Map<string, number>();
  const services: Record<string, unknown> = {};
  const networks = new Set<string>();
  for (const c of running) {
    const engine = engines.find((e) => e.id === c.engineId);
    const base = c.name.replace(/[^a-zA-Z0-9_.-]/g, '-') || c.id.slice(0, 12);
    const n = (names.get(base) ?? 0) + 1;
    names.set(base, n);
    const ports = [...new Set(
      c.ports.filter((p) => p.hostPort !== null).map((p) => shortSpec(p.hostIp, p.hostPort!, p.containerPort, p.protocol)),
    )];
    const userNetworks = c.networks.map((a) => a.network).filter((n) => !['bridge', 'podman', 'host', 'none', 'default'].includes(n));
    userNetworks.forEach((x) => networks.add(x));
    services[n === 1 ? base : `${base}-${engine?.kind ?? 'engine'}${n}`] = {
      image: c.image,
      container_name: c.name,
      ...(ports.length ? { ports } : {}),
      ...(userNetworks.length ? { networks: userNetworks } : {}),
      'x-container-kit': { engine: engine?.name ?? c.engineId, id: c.id.slice(0, 12) },
    };
  }
  const doc: Record<string, unknown> = { services };
  if (networks.size) doc.networks = Object.fromEntries([...networks].sort().map((n) => [n, { external: true }]));
  const header = `# Port map of the running containers, exported by Container Kit on ${now.toISOString()}\n`;
  const stamp = now.toISOString().slice(0, 19).replace(/[:T]/g, '-');
  return { yaml: header + stringify(doc, { lineWidth: 0 }), fileName: `port-map-${stamp}.yaml` };
}
