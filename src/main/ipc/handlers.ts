import type { Handlers } from '../../shared/contract';
import type { ContainersService } from '../services/containers-service';
import type { EngineRegistry } from '../engines/engine-registry';
import type { SettingsStore } from '../services/settings-store';
import type { ContainerCreator } from '../services/container-creator';
import type { PortsService } from '../services/ports/ports-service';
import { exportPortMap } from '../services/ports/port-map-export';

export interface Services {
  engines: EngineRegistry;
  containers: ContainersService;
  settings: SettingsStore;
  ports: PortsService;
  creator: ContainerCreator;
}

/** One line per channel: which service method answers it. Nothing else belongs here. */
export function bindHandlers(s: Services): Handlers {
  return {
    'engines.list': async () => s.engines.list(),
    'containers.list': async (req) => s.containers.list(req),
    'containers.inspect': (req) => s.containers.inspect(req),
    'containers.start': (req) => s.creator.start(req),
    'containers.stop': (req) => s.containers.stop(req),
    'containers.restart': (req) => s.containers.restart(req),
    'containers.remove': (req) => s.containers.remove(req),
    'settings.get': async () => s.settings.get(),
    'settings.update': async (req) => s.settings.update(req),
    'ports.check': (req) => s.ports.check(req.specs, req.exclude),
    'ports.owner': (req) => s.ports.owner(req.hostPort, req.protocol, req.hostIp),
    'ports.suggest': (req) => s.ports.suggest(req),
    'ports.export': async (req) => exportPortMap(s.containers.list(req), s.engines.list()),
    'containers.create': (req) => s.creator.create(req),
  };
}
