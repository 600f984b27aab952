import type { PortBinding } from '../../shared/contract';

/** Host addresses meaning "every interface": not worth showing next to the port. */
const WILDCARD_HOSTS = new Set(['', '0.0.0.0', '::', '[::]']);
const HTTPS_PORTS = new Set([443, 8443]);

export interface PortLink {
  label: string;
  href: string;
  binding: PortBinding;
}

export function hostPrefix(hostIp: string): string {
  if (WILDCARD_HOSTS.has(hostIp)) return '';
  return hostIp.includes(':') ? `[${hostIp}]:` : `${hostIp}:`;
}

export function portLabel(p: PortBinding): string {
  const target = `${p.containerPort}/${p.protocol}`;
  return p.hostPort === null ? target : `${hostPrefix(p.hostIp)}${p.hostPort}→${target}`;
}

export function portHref(hostPort: number): string {
  const scheme = HTTPS_PORTS.has(hostPort) ? 'https' : 'http';
  return `${scheme}://localhost:${hostPort}`;
}

/**
 * One link per published port. Engines often report the same port once for IPv4 and once for
 * IPv6 (0.0.0.0 and ::); those read identically, so they collapse into one link.
 */
export function publishedPortLinks(ports: readonly PortBinding[]): PortLink[] {
  const seen = new Set<string>();
  const links: PortLink[] = [];
  for (const binding of ports) {
    if (binding.hostPort === null) continue;
    const label = portLabel(binding);
    if (seen.has(label)) continue;
    seen.add(label);
    links.push({ label, href: portHref(binding.hostPort), binding });
  }
  return links;
}

/** Exposed but not published: reachable only from other containers. */
export function exposedOnly(ports: readonly PortBinding[]): string[] {
  const published = new Set(
    ports.filter((p) => p.hostPort !== null).map((p) => `${p.containerPort}/${p.protocol}`),
  );
  const labels = ports
    .filter((p) => p.hostPort === null)
    .map(portLabel)
    .filter((label) => !published.has(label));
  return [...new Set(labels)];
}
