/**
 * Recognises the many ways Docker, Docker Desktop and Podman (netavark, rootlessport, pasta,
 * slirp4netns, gvproxy) say "that host port is taken", and pulls out which port when they say it.
 * Engines word this differently per version and platform, so each pattern cites where it comes from.
 */
import type { PortProtocol } from './port-spec';

export interface EnginePortConflict {
  /** As the engine printed it, without brackets; '' when it named no address (":5984" = all interfaces). */
  hostIp: string;
  /** null when the engine did not say which port (gvproxy, slirp4netns, Podman remote's 409). */
  hostPort: number | null;
  protocol: PortProtocol;
}

/** Texts that mean the host port is held by someone else. */
const CONFLICT_SIGNS: readonly RegExp[] = [
  /port is already allocated/i, // Docker: "Bind for 0.0.0.0:8000 failed: port is already allocated"
  /EADDRINUSE/, // Docker for Mac (vpnkit): "Error starting userland proxy: … (Failure EADDRINUSE)"
  /(?:bind|listen)[^\n]*address already in use/i, // Go's net errors, moby 28/29, rootlessport, netavark, pasta
  /external connectivity[^\n]*address already in use/i, // moby: "driver failed programming external connectivity … address already in use"
  /Only one usage of each socket address/i, // Windows WSAEADDRINUSE (Docker Desktop for Windows)
  /bind: An attempt was made to access a socket in a way forbidden/i, // Windows: port in a Hyper-V excluded range
  /failed to bind any port/i, // pasta "Failed to bind any port for '-t …'", seen from Podman 5.0.2
  /proxy already running/i, // gvproxy (Podman machine): something went wrong with the request: "proxy already running"
  /unable to upgrade to tcp, received 409/i, // Podman remote attach after a port clash (podman#22285)
  /slirp_add_hostfwd failed/i, // slirp4netns (old rootless Podman)
];

/** Same words, but not about a TCP/UDP port: a Unix socket, or Docker IPAM's static-IP clash. */
const NOT_A_PORT = /listen unix|unix socket|\.sock:/i;

const PROTOCOLS: readonly PortProtocol[] = ['tcp', 'udp', 'sctp'];

function protocolOf(text: string | undefined): PortProtocol {
  const p = (text ?? '').toLowerCase().replace(/[46]$/, '');
  return (PROTOCOLS as readonly string[]).includes(p) ? (p as PortProtocol) : 'tcp';
}

function portOf(text: string | undefined): number | null {
  if (text === undefined || !/^[0-9]{1,5}$/.test(text)) return null;
  const n = Number(text);
  return n >= 1 && n <= 65535 ? n : null;
}

/** `0.0.0.0:80`, `[::]:80`, `:::80` (old moby printed IPv6 bare), `:5984` → address and port. */
function splitAddress(addr: string): { hostIp: string; hostPort: number | null } {
  const bracketed = /^\[([^\]]*)\]:([0-9]+)$/.exec(addr);
  if (bracketed) return { hostIp: bracketed[1], hostPort: portOf(bracketed[2]) };
  const colon = addr.lastIndexOf(':');
  if (colon < 0) return { hostIp: '', hostPort: portOf(addr) };
  return { hostIp: addr.slice(0, colon), hostPort: portOf(addr.slice(colon + 1)) };
}

/** moby 28's PortBinding.String(): `host-ip:host-port[-end]:container-ip:container-port/proto`, IPv6 in brackets. */
function splitBinding(binding: string): EnginePortConflict {
  const ip = /^\[([^\]]*)\]:|^([0-9]{1,3}(?:\.[0-9]{1,3}){3}):/.exec(binding);
  const rest = ip ? binding.slice(ip[0].length) : binding;
  return {
    hostIp: ip ? (ip[1] ?? ip[2]) : '',
    hostPort: portOf(/^([0-9]+)/.exec(rest)?.[1]),
    protocol: protocolOf(/\/([a-z]+)$/i.exec(binding)?.[1]),
  };
}

/** pasta's option argument: `[address[%interface]/]host-ports[:guest-ports]`, e.g. `127.0.0.1/8080-8080:80-80`. */
function pastaOption(flag: string, optarg: string, port: number | null): EnginePortConflict {
  const slash = optarg.lastIndexOf('/');
  const address = slash < 0 ? '' : optarg.slice(0, slash).replace(/%.*$/, '');
  const first = /^([0-9]+)/.exec(slash < 0 ? optarg : optarg.slice(slash + 1))?.[1];
  return { hostIp: address, hostPort: port ?? portOf(first), protocol: flag === 'u' ? 'udp' : 'tcp' };
}

type Extractor = (m: RegExpExecArray) => EnginePortConflict;

/** Most specific first: moby 28/29 name the container address too, which must not be taken for the host's. */
const EXTRACTORS: ReadonlyArray<[RegExp, Extractor]> = [
  // moby 28 bridge driver, published host-port range: "failed to bind host port 8001 for 0.0.0.0:8000-8010:172.17.0.2:80/tcp: …"
  [/failed to bind host port ([0-9]+) for (\S+?):\s/i, (m) => ({ ...splitBinding(m[2]), hostPort: portOf(m[1]) })],
  // moby 28: "failed to bind host port for 0.0.0.0:8000:172.31.0.2:8000/tcp: address already in use"
  [/failed to bind host port for (\S+?):\s/i, (m) => splitBinding(m[1])],
  // moby 29 (netip.AddrPort): "failed to bind host port 127.0.0.1:57005/tcp: …", "[::1]:16379/udp"
  [/failed to bind host port (\S+?)\/(tcp|udp|sctp)\b/i, (m) => ({ ...splitAddress(m[1]), protocol: protocolOf(m[2]) })],
  // pasta: "Failed to bind port 5000 (Address already in use) for option '-t 5000-5000:80-80', exiting"
  [/Failed to bind port ([0-9]+) \([^)]*\) for option '-([tu]) ?([^']*)'/i, (m) => pastaOption(m[2], m[3], portOf(m[1]))],
  [/Failed to bind port ([0-9]+)/i, (m) => ({ hostIp: '', hostPort: portOf(m[1]), protocol: 'tcp' })],
  [/Failed to bind any port for '-([tu]) ?([^']*)'/i, (m) => pastaOption(m[1], m[2], null)],
  // Docker userland proxy: "Bind for 0.0.0.0:8000 failed: …", vpnkit: "Bind for 0.0.0.0:80: unexpected error (Failure EADDRINUSE)"
  [/Bind for (\S+?):?\s+(?:failed|unexpected)/i, (m) => ({ ...splitAddress(m[1]), protocol: 'tcp' })],
  // Docker Desktop: "Ports are not available: exposing port TCP 0.0.0.0:5000 -> 0.0.0.0:0: listen tcp …"
  [/exposing port (tcp|udp|sctp) (\S+) ->/i, (m) => ({ ...splitAddress(m[2]), protocol: protocolOf(m[1]) })],
  // Go net errors everywhere: "listen tcp4 :5984: bind: …", "listen tcp6 [::]:8080: bind: …", "listen udp 0.0.0.0:53: bind: …"
  [/listen (tcp[46]?|udp[46]?|sctp) (\S+?):?\s*bind:/i, (m) => ({ ...splitAddress(m[2]), protocol: protocolOf(m[1]) })],
];

/**
 * The host port an engine error says is taken, or null when the message is about something else.
 * `hostPort` is null for the engines that report a clash without naming the port.
 */
export function classifyEnginePortError(message: string): EnginePortConflict | null {
  if (!CONFLICT_SIGNS.some((re) => re.test(message)) || NOT_A_PORT.test(message)) return null;
  for (const [re, extract] of EXTRACTORS) {
    const m = re.exec(message);
    if (m) return extract(m);
  }
  return { hostIp: '', hostPort: null, protocol: 'tcp' };
}
