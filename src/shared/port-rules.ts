/**
 * Warnings about a port spec that parses fine but will hurt: a privileged host port, a publish on
 * every interface (worse for a database), or a host port the engine re-rolls on every start.
 * Each warning says why, what to change, and (when possible) the spec with that change applied.
 */
import type { PortWarning } from './contract/ports';
import { isWildcardAddress } from './host-address';
import { formatPortSpec, type PortSpec } from './port-spec';
import { databasesInRange, serviceForPort } from './port-services';

/** Ports below this need root, CAP_NET_BIND_SERVICE or a lowered net.ipv4.ip_unprivileged_port_start. */
export const FIRST_UNPRIVILEGED_PORT = 1024;

const range = (a: number, b: number): string => (a === b ? `${a}` : `${a}-${b}`);

/**
 * The unprivileged host port people conventionally use for `port`: the well-known service's
 * (22 → 2222), else port + 8000 (80 → 8080, 443 → 8443), else the port itself when already ≥ 1024.
 */
export function conventionalHostPort(port: number): number {
  const known = serviceForPort(port)?.defaultHostPort;
  if (known !== undefined && known >= FIRST_UNPRIVILEGED_PORT) return known;
  return port >= FIRST_UNPRIVILEGED_PORT ? port : port + 8000;
}

/** The spec with its host port(s) starting at `start` (a range keeps its length), or null if it won't fit. */
function withHostStart(spec: PortSpec, start: number, length: number): PortSpec | null {
  const end = start + length - 1;
  if (start < FIRST_UNPRIVILEGED_PORT || end > 65535) return null;
  return { ...spec, hostPortStart: start, hostPortEnd: end };
}

function privileged(spec: PortSpec): PortWarning | null {
  if (spec.hostPortStart === null || spec.hostPortStart >= FIRST_UNPRIVILEGED_PORT) return null;
  const end = spec.hostPortEnd ?? spec.hostPortStart;
  const length = end - spec.hostPortStart + 1;
  const ports = range(spec.hostPortStart, end);
  const fixedSpec =
    withHostStart(spec, conventionalHostPort(spec.hostPortStart), length) ?? withHostStart(spec, Math.max(FIRST_UNPRIVILEGED_PORT, 65536 - length), length);
  const fixedPorts = fixedSpec ? range(fixedSpec.hostPortStart as number, fixedSpec.hostPortEnd as number) : '';
  return {
    code: 'PRIVILEGED_PORT',
    message:
      `Host port ${ports} ${length > 1 ? 'includes ports' : 'is'} below 1024 (privileged): binding ${length > 1 ? 'them' : 'it'} needs root, ` +
      `CAP_NET_BIND_SERVICE or net.ipv4.ip_unprivileged_port_start lowered to ${spec.hostPortStart}. ` +
      'Rootless Podman and rootless Docker cannot bind it without that sysctl, so the container would fail to start.',
    fix: fixedSpec ? `Use host port ${fixedPorts} instead (1024 or above): publish ${formatPortSpec(fixedSpec)}.` : 'Use host ports of 1024 or above.',
    fixedSpec,
  };
}

function exposure(spec: PortSpec): PortWarning | null {
  if (!isWildcardAddress(spec.hostIp)) return null;
  const fixedSpec: PortSpec = { ...spec, hostIp: '127.0.0.1' };
  const where = spec.hostIp === '' ? 'all interfaces (0.0.0.0 and ::)' : `all interfaces (${spec.hostIp})`;
  const hostPorts = spec.hostPortStart === null ? 'the port' : `port ${range(spec.hostPortStart, spec.hostPortEnd ?? spec.hostPortStart)}`;
  const dbs = databasesInRange(spec.containerPortStart, spec.containerPortEnd, spec.protocol);
  // One warning, not two: for a database the stronger one replaces the general one (same fix).
  if (dbs.length > 0) {
    const names = dbs.map((d) => d.name).join(', ');
    return {
      code: 'DATABASE_EXPOSED',
      message:
        `${names} is published on ${where}: anyone who can reach this computer over the network can connect to ${hostPorts} ` +
        'and try to log in. Exposed databases with default or weak passwords are routinely found and taken over, ' +
        "and on Linux Docker's own firewall rules bypass ufw and firewalld.",
      fix: `Bind it to 127.0.0.1 so only this computer can connect (apps here still use localhost): publish ${formatPortSpec(fixedSpec)}.`,
      fixedSpec,
    };
  }
  return {
    code: 'ALL_INTERFACES',
    message:
      `Published on ${where}: other machines on your network can connect to ${hostPorts}, ` +
      "and on Linux Docker's own firewall rules bypass ufw and firewalld.",
    fix: `If only this computer needs it, bind it to 127.0.0.1: publish ${formatPortSpec(fixedSpec)}.`,
    fixedSpec,
  };
}

function engineAssigned(spec: PortSpec): PortWarning | null {
  if (spec.hostPortStart !== null) return null;
  const length = spec.containerPortEnd - spec.containerPortStart + 1;
  const fixedSpec = withHostStart(spec, conventionalHostPort(spec.containerPortStart), length);
  return {
    code: 'ENGINE_ASSIGNED',
    message:
      'No host port given: the engine picks a random free port each time the container starts, ' +
      'so its address changes after every restart and bookmarks or configs pointing at it break.',
    fix: fixedSpec ? `Choose a fixed host port: publish ${formatPortSpec(fixedSpec)}.` : 'Choose a fixed host port (host:container).',
    fixedSpec,
  };
}

/** Every warning for a spec, most serious first; [] when nothing is wrong. */
export function portWarnings(spec: PortSpec): PortWarning[] {
  return [privileged(spec), exposure(spec), engineAssigned(spec)].filter((w): w is PortWarning => w !== null);
}
