/**
 * Recognises the container engines' own port forwarders among a port's holders, so a user sees
 * "Docker's proxy for 172.17.0.2:80" instead of an anonymous process — and, where the command
 * line says so, which container it forwards to:
 *
 * - docker-proxy (Docker's userland proxy, one per published port and family):
 *   `docker-proxy -proto tcp -host-ip 0.0.0.0 -host-port 8080 -container-ip 172.17.0.2 -container-port 80`
 * - conmon (rootful Podman with netavark: conmon opens the published port to reserve it while
 *   iptables does the forwarding; its args carry the container: `-c <id> … -n <name>`)
 * - rootlessport / rootlessport-child, slirp4netns, pasta / passt, rootlesskit (rootless Podman/Docker)
 * - gvproxy (Podman machine), com.docker.backend / com.docker.vpnkit / vpnkit-bridge /
 *   com.docker.slirp (Docker Desktop), wslrelay (WSL localhost forwarding)
 * - limactl hostagent (Lima, Colima, Rancher Desktop), and ssh only when it is Lima's/Colima's
 *   port-forwarding ssh (an arbitrary `ssh -L` is the user's own tunnel, not an engine's)
 * - OrbStack's helper
 */
import type { Protocol } from '../../../shared/contract/model';

export interface EngineProxyInfo {
  /** Short, stable name of the forwarder, e.g. 'docker-proxy', 'gvproxy', 'conmon'. */
  proxy: string;
  containerIp?: string;
  containerPort?: number;
  /** Podman's conmon names its container outright. */
  containerId?: string;
  containerName?: string;
  hostIp?: string;
  hostPort?: number;
  protocol?: Protocol;
}

/** Executable basename without directory or `.exe`, lower-cased. */
function baseName(path: string): string {
  return (path.split(/[\\/]/).pop() ?? '').replace(/\.exe$/i, '').toLowerCase();
}

/** Value following a flag (`-flag value`, `--flag value`, `-flag=value`, `--flag=value`). */
function flagValue(argv: string[], ...names: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    for (const name of names) {
      if (arg === name) return argv[i + 1];
      if (arg.startsWith(`${name}=`)) return arg.slice(name.length + 1);
    }
  }
  return undefined;
}

function portNumber(text: string | undefined): number | undefined {
  return text && /^\d+$/.test(text) && Number(text) <= 65535 ? Number(text) : undefined;
}

/** docker-proxy's flags (Go `flag` package: one or two dashes, with or without `=`). */
export function parseDockerProxyArgs(argv: string[]): Omit<EngineProxyInfo, 'proxy'> {
  const get = (name: string) => flagValue(argv, `-${name}`, `--${name}`);
  const proto = get('proto')?.toLowerCase();
  const info: Omit<EngineProxyInfo, 'proxy'> = {
    hostIp: get('host-ip'),
    hostPort: portNumber(get('host-port')),
    containerIp: get('container-ip'),
    containerPort: portNumber(get('container-port')),
    protocol: proto === 'tcp' || proto === 'udp' || proto === 'sctp' ? proto : undefined,
  };
  return Object.fromEntries(Object.entries(info).filter(([, v]) => v !== undefined));
}

const SIMPLE: Record<string, string> = {
  gvproxy: 'gvproxy',
  rootlessport: 'rootlessport',
  'rootlessport-child': 'rootlessport',
  slirp4netns: 'slirp4netns',
  pasta: 'pasta',
  'pasta.avx2': 'pasta',
  passt: 'passt',
  'passt.avx2': 'passt',
  rootlesskit: 'rootlesskit',
  'com.docker.backend': 'com.docker.backend',
  'com.docker.vpnkit': 'com.docker.vpnkit',
  'com.docker.slirp': 'com.docker.slirp',
  'vpnkit-bridge': 'vpnkit-bridge',
  vpnkit: 'vpnkit',
  wslrelay: 'wslrelay',
  'orbstack helper': 'orbstack',
  orbstack: 'orbstack',
};

/** Split a space-joined command line; lossy for args with spaces, hence argv is preferred. */
function toArgv(command: string[] | string | null | undefined): string[] {
  if (Array.isArray(command)) return command;
  return command ? command.trim().split(/\s+/) : [];
}

/**
 * @param command argv (best) or the command line joined with spaces.
 * @param name the short process name (comm on Linux, lsof's `c`, tasklist's image name), used
 *   when argv is unavailable or argv[0] was rewritten.
 */
export function recogniseEngineProxy(command: string[] | string | null | undefined, name?: string | null): EngineProxyInfo | null {
  const argv = toArgv(command);
  const candidates = [argv[0] ? baseName(argv[0]) : '', name ? baseName(name) : ''].filter(Boolean);
  // A command path with spaces (/Applications/OrbStack.app/…/OrbStack Helper) splits badly; the
  // whole string still identifies it.
  const whole = typeof command === 'string' ? command : argv.join(' ');

  for (const base of candidates) {
    if (base === 'docker-proxy') return { proxy: 'docker-proxy', ...parseDockerProxyArgs(argv) };
    if (base === 'conmon') {
      const info: EngineProxyInfo = { proxy: 'conmon' };
      const id = flagValue(argv, '-c', '--cid');
      const containerName = flagValue(argv, '-n', '--name');
      if (id) info.containerId = id;
      if (containerName) info.containerName = containerName;
      return info;
    }
    if (base === 'limactl') return argv.includes('hostagent') || !argv.length ? { proxy: 'limactl' } : null;
    if (base === 'ssh') return /[\\/]\.(lima|colima)[\\/]|\blima-|\bcolima\b/i.test(whole) ? { proxy: 'lima-ssh' } : null;
    const simple = SIMPLE[base];
    if (simple) return { proxy: simple };
    // lsof's table cuts commands to 9 characters: "com.docke" is all we get of com.docker.*.
    if (base === 'com.docke' || base.startsWith('com.docker.')) return { proxy: 'com.docker.backend' };
  }
  if (/OrbStack Helper/i.test(whole)) return { proxy: 'orbstack' };
  return null;
}
