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

/** The body of `POST /containers/create`. */
export function createBody(spec: CreateContainerSpec, label: Record<string, string> = {}): Record<string, unknown> {
  const { exposed, bindings } = portBindings(spec.ports);
  return {
    Image: spec.image,
    Env: spec.env,
    ...(spec.command && spec.command.length > 0 ? { Cmd: spec.command } : {}),
    ExposedPorts: exposed,
    Labels: label,
    HostConfig: {
      PortBindings: bindings,
      ...(spec.network ? { NetworkMode: spec.network } : {}),
    },
  };
}
