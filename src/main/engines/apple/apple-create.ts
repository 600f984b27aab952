import { formatPortSpec, type PortSpec } from '../../../shared/port-spec';
import { AppError } from '../../../shared/errors';
import type { CreateContainerSpec } from '../container-engine';

/**
 * Apple's `-p` takes `[host-ip:]host-port:container-port[/protocol]` and nothing else: no ranges,
 * no engine-picked host port. Say so instead of letting the CLI fail obscurely.
 */
function applePublish(spec: PortSpec): string {
  const ranged = spec.containerPortEnd !== spec.containerPortStart || (spec.hostPortEnd ?? spec.hostPortStart) !== spec.hostPortStart;
  if (spec.hostPortStart === null || ranged) {
    throw new AppError('UNSUPPORTED', `Apple container publishes single ports with an explicit host port; "${formatPortSpec(spec)}" needs one mapping per port.`, {
      spec,
    });
  }
  if (spec.protocol === 'sctp') throw new AppError('UNSUPPORTED', 'Apple container does not publish SCTP ports.', { spec });
  return formatPortSpec(spec);
}

/** argv for `container create`; every value is its own argument, never parsed by a shell. */
export function appleCreateArgs(spec: CreateContainerSpec): string[] {
  const args = ['create'];
  if (spec.name) args.push('--name', spec.name);
  if (spec.network) args.push('--network', spec.network);
  for (const p of spec.ports) args.push('--publish', applePublish(p));
  for (const e of spec.env) args.push('--env', e);
  args.push(spec.image, ...(spec.command ?? []));
  return args;
}
