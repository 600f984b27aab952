import type { Handlers } from '../../shared/contract';
import type { ContainersService } from '../services/containers/containers-service';
import type { EngineRegistry } from '../engines/engine-registry';
import type { SettingsStore } from '../services/settings/settings-store';
import type { ContainerCreator } from '../services/containers/container-creator';
import type { PortsService } from '../services/ports/ports-service';
import { exportPortMapPaced } from '../services/ports/port-map-export';
import type { NetworksService } from '../services/networks/networks-service';
import type { DnsService } from '../services/dns/dns-service';
import type { DiagnosticsService } from '../services/diagnostics/diagnostics-service';
import type { TroubleshootService } from '../services/troubleshoot/troubleshoot-service';
import type { FirewallService } from '../services/firewall/firewall-service';
import type { NetworkMonitor } from '../services/monitor/network-monitor';

export interface Services {
  engines: EngineRegistry;
  containers: ContainersService;
  settings: SettingsStore;
  ports: PortsService;
  creator: ContainerCreator;
  networks: NetworksService;
  dns: DnsService;
  diagnostics: DiagnosticsService;
  troubleshoot: TroubleshootService;
  firewall: FirewallService;
  monitor: NetworkMonitor;
}

/** One line per channel: which service method answers it. Nothing else belongs here. */
export function bindHandlers(s: Services): Handlers {
  return {
    'engines.list': async () => s.engines.list(),
    'containers.list': async (req) => s.containers.list(req),
    'containers.inspect': (req) => s.containers.inspect(req),
    'containers.start': (req) => s.containers.start(req),
    'containers.stop': (req) => s.containers.stop(req),
    'containers.restart': (req) => s.containers.restart(req),
    'containers.remove': (req) => s.containers.remove(req),
    'settings.get': async () => s.settings.get(),
    'settings.update': async (req) => s.settings.update(req),
    'ports.check': (req) => s.ports.check(req.specs, req.exclude),
    'ports.owner': (req) => s.ports.owner(req.hostPort, req.protocol, req.hostIp),
    'ports.suggest': (req) => s.ports.suggest(req),
    'ports.export': (req) => exportPortMapPaced(s.containers.list(req), s.engines.list()),
    'containers.create': (req) => s.creator.create(req),
    'networks.list': (req) => s.networks.list(req.engineId, true),
    'networks.inspect': (req) => s.networks.inspect(req.engineId, req.id),
    'networks.create': (req) => s.networks.create(req),
    'networks.remove': (req) => s.networks.remove(req.engineId, req.id),
    'networks.connect': (req) => s.networks.connect(req),
    'networks.disconnect': (req) => s.networks.disconnect(req),
    'dns.resolve': (req) => s.dns.resolve(req, req.name, req.timeoutMs),
    'dns.containerConfig': (req) => s.dns.containerConfig(req),
    'dns.hostConfig': () => s.dns.hostConfig(),
    'dns.check': (req) => s.dns.check(req, req.names),
    'dns.domains.list': (req) => s.dns.domains(req.engineId),
    'dns.domains.create': (req) => s.dns.domains(req.engineId, { create: req.domain, localhost: req.localhost }),
    'dns.domains.delete': (req) => s.dns.domains(req.engineId, { delete: req.domain }),
    'diagnostics.facts': (req) => s.diagnostics.facts(req, req.disableTools),
    'diagnostics.run': (req) => s.diagnostics.run(req),
    'troubleshoot.run': (req) => s.troubleshoot.run(req),
    'firewall.status': (req) => s.firewall.status(req.engineId),
    'monitor.watch': async (req) => s.monitor.watch(req),
    'monitor.unwatch': async (req) => s.monitor.unwatch(req),
  };
}
