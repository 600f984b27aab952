import type { PortSpec } from '../../../shared/port-spec';
import type { CreateContainerSpec } from '../container-engine';

type Binding = { HostIp: string; HostPort: string };

/**
 * Docker API `ExposedPorts` and `PortBindings` for our port specs, as `docker run -p` builds them:
 * ranges map pairwise, a host range with one container port lets the engine pick inside the range,
 * and an omitted host port lets it pick any.
 */
export function portBindings(specs: readonly PortSpec[]): {
  exposed: Record<string, Record<string, never>>;
  bindings: Record<string, Binding[]>;
} {
  const exposed: Record<string, Record<string, never>> = {};
  const bindings: Record<string, Binding[]> = {};
  const add = (containerPort: number, protocol: string, hostIp: string, hostPort: string): void => {
    const key = `${containerPort}/${protocol}`;
    exposed[key] = {};
    (bindings[key] ??= []).push({ HostIp: hostIp, HostPort: hostPort });
  };
  for (const s of specs) {
    const count = s.containerPortEnd - s.containerPortStart + 1;
    for (let i = 0; i < count; i++) {
      const containerPort = s.containerPortStart + i;
      let hostPort = '';
      if (s.hostPortStart !== null) {
        const hostEnd = s.hostPortEnd ?? s.hostPortStart;
        if (count === 1 && hostEnd > s.hostPortStart) hostPort = `${s.hostPortStart}-${hostEnd}`;
        else hostPort = String(s.hostPortStart + i);
      }
      add(containerPort, s.protocol, s.hostIp, hostPort);
    }
  }
  return { exposed, bindings };
}

const BUILTIN_MODES = new Set(['default', 'bridge', 'host', 'none']);

/**
 * The body of `POST /containers/create`. Host networking shares the host's stack, so port
 * mappings mean nothing there and are left out (Docker would only warn and drop them).
 */
export function createBody(spec: CreateContainerSpec, label: Record<string, string> = {}): Record<string, unknown> {
  const mode = spec.network && spec.network !== 'default' ? spec.network : undefined;
  const isolated = mode !== 'host';
  const { exposed, bindings } = portBindings(isolated ? spec.ports : []);
  const userNetwork = mode && !BUILTIN_MODES.has(mode) ? mode : undefined;
  const endpoint =
    userNetwork && ((spec.aliases?.length ?? 0) > 0 || spec.ipv4Address)
      ? {
          NetworkingConfig: {
            EndpointsConfig: {
              [userNetwork]: {
                Aliases: spec.aliases ?? [],
                ...(spec.ipv4Address ? { IPAMConfig: { IPv4Address: spec.ipv4Address } } : {}),
              },
            },
          },
        }
      : {};
  return {
    Image: spec.image,
    Env: spec.env,
    ...(spec.command && spec.command.length > 0 ? { Cmd: spec.command } : {}),
    ...(spec.hostname && isolated ? { Hostname: spec.hostname } : {}),
    ExposedPorts: exposed,
    Labels: label,
    HostConfig: {
      PortBindings: bindings,
      ...(mode ? { NetworkMode: mode } : {}),
      ...(spec.dns?.length ? { Dns: spec.dns } : {}),
      ...(spec.dnsSearch?.length ? { DnsSearch: spec.dnsSearch } : {}),
      ...(spec.dnsOptions?.length ? { DnsOptions: spec.dnsOptions } : {}),
    },
    ...endpoint,
  };
}
