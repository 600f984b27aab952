import type { PortHolder, Protocol } from '../../../shared/contract';

/** What the port service needs from one read of the host's socket tables. */
export interface HostPortSnapshot {
  isFree(hostIp: string, hostPort: number, protocol: Protocol): boolean;
  /** Process and engine-proxy holders; proxies carry where they forward to, when known. */
  holdersOf(hostPort: number, protocol: Protocol, hostIp?: string): Promise<HostHolder[]>;
}

export interface HostHolder {
  holder: PortHolder;
  proxyTarget?: { containerIp?: string; containerPort?: number; containerId?: string; containerName?: string };
}

/** Reads the tables once; `protocols` limits the read to what the caller will ask about. */
export type ReadHostPorts = (protocols?: readonly Protocol[]) => Promise<HostPortSnapshot>;
