import { stringify } from 'yaml';
import type { Container, Engine } from '../../../shared/contract';
import { formatHostPort } from '../../../shared/host-address';
import { pacer } from '../../core/event-loop';

/** Compose's short syntax: `8080:80`, `127.0.0.1:8080:80`, `[::1]:5353:53/udp`; every interface needs no address. */
function shortSpec(hostIp: string, hostPort: number, containerPort: number, protocol: string): string {
  return `${formatHostPort(hostIp, hostPort, '')}:${containerPort}${protocol === 'tcp' ? '' : `/${protocol}`}`;
}

interface PortMapDocument {
  /** By service name, in the order first named (a later same-named one replaces it, as in an object). */
  services: Map<string, unknown>;
  networks: string[];
}

/** The compose document's content: one service per running container, and the networks they use. */
function portMapDocument(containers: readonly Container[], engines: readonly Engine[]): PortMapDocument {
  const running = containers.filter((c) => c.state === 'running').sort((a, b) => a.name.localeCompare(b.name));
  const names = new Map<string, number>();
  const services = new Map<string, unknown>();
  const networks = new Set<string>();
  for (const c of running) {
    const engine = engines.find((e) => e.id === c.engineId);
    const base = c.name.replace(/[^a-zA-Z0-9_.-]/g, '-') || c.id.slice(0, 12);
    const n = (names.get(base) ?? 0) + 1;
    names.set(base, n);
    const ports = [...new Set(c.ports.filter((p) => p.hostPort !== null).map((p) => shortSpec(p.hostIp, p.hostPort!, p.containerPort, p.protocol)))];
    const userNetworks = c.networks.map((a) => a.network).filter((n) => !['bridge', 'podman', 'host', 'none', 'default'].includes(n));
    userNetworks.forEach((x) => networks.add(x));
    services.set(n === 1 ? base : `${base}-${engine?.kind ?? 'engine'}${n}`, {
      image: c.image,
      container_name: c.name,
      ...(ports.length ? { ports } : {}),
      ...(userNetworks.length ? { networks: userNetworks } : {}),
      'x-container-kit': { engine: engine?.name ?? c.engineId, id: c.id.slice(0, 12) },
    });
  }
  return { services, networks: [...networks].sort() };
}

const YAML_OPTIONS = { lineWidth: 0 };

function wrap(now: Date, body: string): { yaml: string; fileName: string } {
  const header = `# Port map of the running containers, exported by Container Kit on ${now.toISOString()}\n`;
  const stamp = now.toISOString().slice(0, 19).replace(/[:T]/g, '-');
  return { yaml: header + body, fileName: `port-map-${stamp}.yaml` };
}

const networksSection = (networks: readonly string[]) => Object.fromEntries(networks.map((n) => [n, { external: true }]));

/**
 * The running containers' port map as a docker-compose style document: a record of what is
 * published where, which `docker compose` can also read back.
 */
export function exportPortMap(containers: readonly Container[], engines: readonly Engine[], now = new Date()): { yaml: string; fileName: string } {
  const doc = portMapDocument(containers, engines);
  const body: Record<string, unknown> = { services: Object.fromEntries(doc.services) };
  if (doc.networks.length) body.networks = networksSection(doc.networks);
  return wrap(now, stringify(body, YAML_OPTIONS));
}

const indent = (text: string): string => text.replace(/^(?=.)/gm, '  ');

/**
 * The same document, for `ports.export`: YAML is slow to write (200 services take 60–130 ms in one
 * go), so each service is written on its own, indented under `services:`, with the event loop
 * handed back between slices. The text is the same as exportPortMap's.
 */
export async function exportPortMapPaced(
  containers: readonly Container[],
  engines: readonly Engine[],
  now = new Date(),
): Promise<{ yaml: string; fileName: string }> {
  const doc = portMapDocument(containers, engines);
  if (doc.services.size === 0) return exportPortMap(containers, engines, now);
  const pace = pacer({ every: 32 });
  let body = 'services:\n';
  for (const [name, service] of doc.services) {
    body += indent(stringify({ [name]: service }, YAML_OPTIONS));
    await pace();
  }
  if (doc.networks.length) body += `networks:\n${indent(stringify(networksSection(doc.networks), YAML_OPTIONS))}`;
  return wrap(now, body);
}
