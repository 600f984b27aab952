import { readdirSync, realpathSync, statSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import type { Engine } from '../../shared/contract';

export interface EndpointCandidate {
  endpoint: string;
  /** Socket path for unix endpoints, used to de-duplicate symlinked sockets. */
  socketPath: string | null;
  source: Engine['source'];
}

export interface DiscoveryContext {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  home: string;
  /** Sockets the user added in settings: `unix:///path`, `tcp://host:port` or an absolute path. */
  extraSockets: readonly string[];
  exists?: (path: string) => boolean;
}

export function defaultDiscoveryContext(extraSockets: readonly string[] = []): DiscoveryContext {
  return { env: process.env, platform: process.platform, home: homedir(), extraSockets };
}

/** `/var/run/docker.sock` → `unix:///var/run/docker.sock`; URLs pass through. */
export function toEndpoint(value: string): string | null {
  const v = value.trim();
  if (isAbsolute(v)) return `unix://${v}`;
  if (/^unix:\/\/\//.test(v)) return v;
  if (/^(tcp|http):\/\/[^/\s]+/.test(v)) return v.replace(/^http:/, 'tcp:').replace(/\/+$/, '');
  return null;
}

function socketPathOf(endpoint: string): string | null {
  return endpoint.startsWith('unix://') ? endpoint.slice('unix://'.length) : null;
}

/** Podman machine sockets on macOS live under per-machine folders whose names the user chose. */
function podmanMachineSockets(ctx: DiscoveryContext): string[] {
  const out: string[] = [];
  const dirs = [join(ctx.home, '.local/share/containers/podman/machine'), join(ctx.env.TMPDIR ?? tmpdir(), 'podman')];
  for (const dir of dirs) {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      if (name.endsWith('-api.sock') || name === 'podman.sock') out.push(join(dir, name));
      else out.push(join(dir, name, 'podman.sock'));
    }
  }
  return out;
}

/** Well-known sockets, in the order a user would expect them listed. */
export function wellKnownSockets(ctx: DiscoveryContext): string[] {
  const h = ctx.home;
  const list = [
    '/var/run/docker.sock',
    join(h, '.docker/run/docker.sock'),
    join(h, '.docker/desktop/docker.sock'),
    join(h, '.orbstack/run/docker.sock'),
    join(h, '.colima/default/docker.sock'),
    join(h, '.colima/docker.sock'),
    join(h, '.rd/docker.sock'),
    join(h, '.lima/default/sock/docker.sock'),
    '/run/podman/podman.sock',
  ];
  if (ctx.env.XDG_RUNTIME_DIR) list.push(join(ctx.env.XDG_RUNTIME_DIR, 'podman/podman.sock'), join(ctx.env.XDG_RUNTIME_DIR, 'docker.sock'));
  if (ctx.platform === 'darwin') list.push(...podmanMachineSockets(ctx));
  return list;
}

function isSocket(path: string): boolean {
  try {
    return statSync(path).isSocket();
  } catch {
    return false;
  }
}

function canonical(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/**
 * Every engine endpoint worth trying: DOCKER_HOST and the user's sockets always (so a user sees
 * that the one they configured is down), well-known sockets only when they exist. One engine
 * reachable through two paths (`/var/run` → `/run`) is listed once.
 */
export function discoverEndpoints(ctx: DiscoveryContext): EndpointCandidate[] {
  const exists = ctx.exists ?? isSocket;
  const out: EndpointCandidate[] = [];
  const seen = new Set<string>();
  const add = (endpoint: string | null, source: Engine['source'], mustExist: boolean): void => {
    if (!endpoint) return;
    const socketPath = socketPathOf(endpoint);
    if (mustExist && socketPath && !exists(socketPath)) return;
    const key = socketPath ? `unix://${canonical(socketPath)}` : endpoint;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ endpoint, socketPath, source });
  };
  if (ctx.env.DOCKER_HOST) add(toEndpoint(ctx.env.DOCKER_HOST), 'env', false);
  for (const s of ctx.extraSockets) add(toEndpoint(s), 'settings', false);
  for (const s of wellKnownSockets(ctx)) add(`unix://${s}`, 'discovered', true);
  return out;
}
