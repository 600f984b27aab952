/**
 * Channel and event names only, with no zod: the sandboxed preload imports this file and must stay
 * tiny. `contract/index.ts` checks at compile time that these lists match the schemas exactly.
 */
export const CHANNEL_NAMES = [
  'engines.list',
  'containers.list',
  'containers.inspect',
  'containers.start',
  'containers.stop',
  'containers.restart',
  'containers.remove',
  'settings.get',
  'settings.update',
  'ports.check',
  'ports.owner',
  'ports.suggest',
  'ports.export',
  'containers.create',
  'networks.list',
  'networks.inspect',
  'networks.create',
  'networks.remove',
  'networks.connect',
  'networks.disconnect',
  'dns.resolve',
  'dns.containerConfig',
  'dns.hostConfig',
  'dns.check',
  'dns.domains.list',
  'dns.domains.create',
  'dns.domains.delete',
  'diagnostics.facts',
  'diagnostics.run',
  'troubleshoot.run',
  'firewall.status',
  'monitor.watch',
  'monitor.unwatch',
] as const;

export const EVENT_NAMES = [
  'engines.changed',
  'containers.changed',
  'ui.command',
  'ports.conflict',
  'networks.changed',
  'diagnostics.progress',
  'monitor.sample',
  'diagnostics.alert',
] as const;

export type ChannelName = (typeof CHANNEL_NAMES)[number];
export type EventName = (typeof EVENT_NAMES)[number];

/** The Electron IPC channel every request travels on, and the one events come back on. */
export const IPC_INVOKE = 'container-kit:invoke';
export const IPC_EVENT = 'container-kit:event';
