import type { Container } from '../../shared/contract';
import { displayName } from './containers';

function textFields(c: Container): string[] {
  const fields = [displayName(c), c.image];
  for (const n of c.networks) {
    fields.push(n.network, ...n.aliases, ...n.dnsNames);
    for (const ip of [n.ipAddress, n.ipv6Address]) if (ip) fields.push(ip);
  }
  for (const p of c.ports) if (p.hostIp) fields.push(p.hostIp);
  return fields.map((f) => f.toLowerCase());
}

/** Port numbers match whole ("80" must not match 8080), optionally with the protocol ("53/udp"). */
function portTokens(c: Container): Set<string> {
  const tokens = new Set<string>();
  for (const p of c.ports) {
    tokens.add(String(p.containerPort));
    tokens.add(`${p.containerPort}/${p.protocol}`);
    if (p.hostPort !== null) {
      tokens.add(String(p.hostPort));
      tokens.add(`${p.hostPort}/${p.protocol}`);
    }
  }
  return tokens;
}

/**
 * Every whitespace-separated term must match something: a substring of the name, image, network
 * names and IPs, a prefix of the id, or a whole port number.
 */
export function matchesSearch(c: Container, query: string): boolean {
  const terms = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (terms.length === 0) return true;
  const fields = textFields(c);
  const ports = portTokens(c);
  const id = c.id.toLowerCase();
  return terms.every((term) => id.startsWith(term) || ports.has(term) || fields.some((field) => field.includes(term)));
}
