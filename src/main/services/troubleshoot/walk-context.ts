import type { Network, PortBinding } from '../../../shared/contract';
import type { DiagnosticsContext } from '../diagnostics/checker';

/** A diagnosis context plus what the troubleshoot steps need to word their fixes and judge networks. */
export interface WalkContext extends DiagnosticsContext {
  /** `docker`, `podman` or `container`: the command the user types, for fixes to paste. */
  cli: string;
  /** The engine's networks (internal, default, DNS-enabled), read when the walk starts. */
  networks: Network[];
  /** Every port the container publishes, before narrowing to the host port asked about. */
  allPorts: PortBinding[];
  /** The host port the user asked about (web-unreachable), when one. */
  hostPort?: number;
}

/** The engine's network a container attachment refers to. */
export function networkOf(ctx: WalkContext, attachment: { network: string; networkId: string | null }): Network | undefined {
  return ctx.networks.find((n) => n.name === attachment.network || (attachment.networkId !== null && n.id === attachment.networkId));
}

/** The engine's default network name (bridge, podman, default), for fixes. */
export function defaultNetworkName(ctx: WalkContext): string {
  return (
    ctx.networks.find((n) => n.isDefault && n.driver === 'bridge')?.name ?? (ctx.cli === 'podman' ? 'podman' : ctx.cli === 'container' ? 'default' : 'bridge')
  );
}
