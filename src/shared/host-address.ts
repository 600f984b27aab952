/**
 * Host addresses and container references, as main and the renderer both read them: which address
 * means "every interface", when two binds collide, how an address and port are written, which
 * scheme a published port opens with, and which container a ref names. One copy, so the create
 * check, the port form, the tray and the diagnostics cannot disagree.
 */
import { CidrError, parseIp } from './cidr';

/**
 * Host addresses meaning "every interface": '' (Docker's "no address given"), the IPv4 and IPv6
 * wildcards, and the IPv6 one in the bracketed form `-p [::]:8080:80` is written with.
 */
export const WILDCARD_ADDRESSES: ReadonlySet<string> = new Set(['', '0.0.0.0', '::', '[::]']);

/** Whether `address` binds every interface. `::ffff:0.0.0.0` is the IPv4 wildcard as an IPv6 socket reports it. */
export function isWildcardAddress(address: string): boolean {
  return WILDCARD_ADDRESSES.has(address) || address.toLowerCase() === '::ffff:0.0.0.0';
}

/** The RFC 5952 text of an address (brackets dropped, `0:0::1` → `::1`), or the text as given when it is not an IP (a name, a zone id). */
function canonical(address: string): string {
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  try {
    return parseIp(bare).text;
  } catch (e) {
    if (e instanceof CidrError) return bare;
    throw e;
  }
}

/**
 * Whether binds on host addresses `a` and `b` (same port and protocol) collide: the same address,
 * or either one a wildcard of EITHER family. `0.0.0.0` collides with `::1` and `::` with
 * `127.0.0.1` because on Linux Docker's `0.0.0.0` publish also listens on IPv6 (docker-proxy), and
 * `::` binds both families unless the socket is v6-only. This is the rule the create check
 * enforces (the engine refuses such a pair), so the port form warns about the same pairs.
 */
export function hostAddressesOverlap(a: string, b: string): boolean {
  return isWildcardAddress(a) || isWildcardAddress(b) || canonical(a) === canonical(b);
}

/** An address as it is written before `:port`: RFC 5952 text, IPv6 in brackets (`[::1]`). */
export function formatHost(address: string): string {
  const text = canonical(address);
  return text.includes(':') ? `[${text}]` : text;
}

/**
 * `127.0.0.1:8080`, `[::1]:8080`. A wildcard address is written as `wildcard` (`*:8080`,
 * `localhost:8080`), or as the bare port when `wildcard` is ''.
 */
export function formatHostPort(address: string, port: number | string, wildcard = '*'): string {
  if (isWildcardAddress(address)) return wildcard ? `${wildcard}:${port}` : String(port);
  return `${formatHost(address)}:${port}`;
}

const HTTPS_PORTS: ReadonlySet<number> = new Set([443, 8443]);

/** The scheme a browser opens a published port with: https when either side is 443 or 8443 (`-p 9443:443`, `-p 8443:80`). */
export function portScheme(hostPort: number, containerPort: number | null | undefined): 'http' | 'https' {
  return HTTPS_PORTS.has(hostPort) || (containerPort != null && HTTPS_PORTS.has(containerPort)) ? 'https' : 'http';
}

/**
 * Shortest id prefix a ref may be: 12, the short id `docker ps`, `podman ps` and this app print.
 * Docker's CLI takes any unique prefix, but our lookups are first-match over a list (they cannot
 * say "ambiguous"), and a short ref such as `cafe`, `db1` or `abc123` is as likely a name as an id:
 * below 12 characters a mistyped name could silently pick another container. Every id a user can
 * copy from the app or the CLI is at least 12 long, and 12 hex characters (48 bits) do not clash
 * by chance among one host's containers.
 */
export const MIN_ID_PREFIX = 12;

const HEX = /^[0-9a-f]+$/i;
const bareName = (name: string): string => name.replace(/^\//, '');

/**
 * Whether `ref` names `container`: its exact id, its exact name (a leading `/` ignored, as Docker
 * writes names), or a hex prefix of its id at least MIN_ID_PREFIX long. Only hex refs are prefixes:
 * Apple's `container` ids are the names the user chose, which its CLI matches exactly.
 */
export function matchesContainerRef(container: { id: string; name: string }, ref: string): boolean {
  if (!ref) return false;
  if (container.id === ref || bareName(container.name) === bareName(ref)) return true;
  return ref.length >= MIN_ID_PREFIX && HEX.test(ref) && container.id.toLowerCase().startsWith(ref.toLowerCase());
}

/** The container `ref` names, preferring an exact id, then an exact name, then an id prefix. */
export function findContainerByRef<T extends { id: string; name: string }>(containers: Iterable<T>, ref: string): T | undefined {
  let byName: T | undefined;
  let byPrefix: T | undefined;
  for (const c of containers) {
    if (c.id === ref) return c;
    if (!matchesContainerRef(c, ref)) continue;
    if (bareName(c.name) === bareName(ref)) byName ??= c;
    else byPrefix ??= c;
  }
  return byName ?? byPrefix;
}
