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
    throw new AppError(
      'UNSUPPORTED',
      `Apple container publishes single ports with an explicit host port; "${formatPortSpec(spec)}" needs one mapping per port.`,
      {
        spec,
      },
    );
  }
  if (spec.protocol === 'sctp') throw new AppError('UNSUPPORTED', 'Apple container does not publish SCTP ports.', { spec });
  return formatPortSpec(spec);
}

const SAFE_NETWORK = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/**
 * `--network`: none for the builtin `default` (Apple attaches it anyway), `none` for no network,
 * otherwise a user network by name. Apple parses `<name>[,mac=…][,mtu=…]`, so a name never carries
 * a comma. Host networking does not exist: every Apple container is a VM with its own stack.
 */
function networkArgs(network: string | undefined): string[] {
  if (!network || network === 'default') return [];
  if (network === 'host') {
    throw new AppError(
      'UNSUPPORTED',
      'Apple container has no host network: each container is a lightweight VM with its own network stack. Publish ports (-p) instead.',
    );
  }
  if (!SAFE_NETWORK.test(network) || network.length > 256) {
    throw new AppError('INVALID_INPUT', `Not a valid Apple network name: ${JSON.stringify(network.slice(0, 80))}`);
  }
  return ['--network', network];
}

/** An option value that starts with `-` would be read by the CLI as another option. */
function value(option: string, v: string): string {
  if (v.length === 0 || v.startsWith('-')) throw new AppError('INVALID_INPUT', `Not a valid ${option} value: ${JSON.stringify(v.slice(0, 80))}`);
  return v;
}

/** What Apple's `--network` cannot express: no aliases, no fixed address, no hostname apart from the name. */
function refuseUnsupported(spec: CreateContainerSpec): void {
  if ((spec.aliases?.length ?? 0) > 0) {
    throw new AppError('UNSUPPORTED', 'Apple container has no network aliases: other containers reach this one by its name (<name>.<dns domain>).', {
      option: 'aliases',
    });
  }
  if (spec.ipv4Address) {
    throw new AppError('UNSUPPORTED', 'Apple container assigns container addresses itself; it cannot give a container a fixed IPv4 address.', {
      option: 'ipv4Address',
    });
  }
  if (spec.hostname && spec.hostname !== spec.name) {
    throw new AppError(
      'UNSUPPORTED',
      'Apple container names the host after the container (--name); it has no separate hostname option. Give the container that name instead.',
      { option: 'hostname' },
    );
  }
}

/** argv for `container create`; every value is its own argument, never parsed by a shell. */
export function appleCreateArgs(spec: CreateContainerSpec): string[] {
  refuseUnsupported(spec);
  const args = ['create'];
  if (spec.name) args.push('--name', spec.name);
  args.push(...networkArgs(spec.network));
  for (const ip of spec.dns ?? []) args.push('--dns', value('--dns', ip));
  for (const d of spec.dnsSearch ?? []) args.push('--dns-search', value('--dns-search', d));
  for (const o of spec.dnsOptions ?? []) args.push('--dns-option', value('--dns-option', o));
  if (spec.dnsDomain) args.push('--dns-domain', value('--dns-domain', spec.dnsDomain));
  for (const p of spec.ports) args.push('--publish', applePublish(p));
  for (const e of spec.env) args.push('--env', e);
  args.push(spec.image, ...(spec.command ?? []));
  return args;
}
