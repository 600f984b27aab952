import type { PortBinding } from '../../shared/contract';
import { formatHost, isWildcardAddress, portScheme } from '../../shared/host-address';

export interface PortLink {
  label: string;
  href: string;
  binding: PortBinding;
}

/** The address before the port, with its colon; none for "every interface", not worth showing. */
export function hostPrefix(hostIp: string): string {
  return isWildcardAddress(hostIp) ? '' : `${formatHost(hostIp)}:`;
}

export function portLabel(p: PortBinding): string {
  const target = `${p.containerPort}/${p.protocol}`;
  return p.hostPort === null ? target : `${hostPrefix(p.hostIp)}${p.hostPort}→${target}`;
}

export function portHref(hostPort: number, containerPort?: number | null): string {
  return `${portScheme(hostPort, containerPort)}://localhost:${hostPort}`;
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
    links.push({ label, href: portHref(binding.hostPort, binding.containerPort), binding });
  }
  return links;
}

/** Exposed but not published: reachable only from other containers. */
export function exposedOnly(ports: readonly PortBinding[]): string[] {
  const published = new Set(ports.filter((p) => p.hostPort !== null).map((p) => `${p.containerPort}/${p.protocol}`));
  const labels = ports
    .filter((p) => p.hostPort === null)
    .map(portLabel)
    .filter((label) => !published.has(label));
  return [...new Set(labels)];
}
