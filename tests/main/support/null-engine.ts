import type { Container, ContainerDetails, Network } from '../../../src/shared/contract';
import { AppError } from '../../../src/shared/errors';
import type {
  ContainerEngine,
  EngineCapabilities,
  EngineIdentity,
  EventHandlers,
  EventSubscription,
  ExecResult,
} from '../../../src/main/engines/container-engine';

/**
 * A ContainerEngine that does nothing, for unit tests of the code around engines (supervisor,
 * registry, services). Tests extend it and override what they exercise.
 */
export class NullEngine implements ContainerEngine {
  readonly id: string = 'unix:///null.sock';
  readonly endpoint: string = 'unix:///null.sock';
  readonly capabilities: EngineCapabilities = { connectRunning: true, networkDrivers: ['bridge'], perNetworkDns: false, dnsDomains: false };

  async probe(): Promise<EngineIdentity> {
    return { kind: 'docker', product: 'Docker', version: '1.0', apiVersion: '1.41' };
  }
  async listContainers(): Promise<Container[]> {
    return [];
  }
  async getContainer(_id: string): Promise<Container | null> {
    return null;
  }
  async inspectContainer(id: string): Promise<ContainerDetails> {
    throw new AppError('NOT_FOUND', `no container ${id}`);
  }
  async startContainer(_id: string): Promise<void> {}
  async stopContainer(_id: string, _timeoutSeconds?: number): Promise<void> {}
  async restartContainer(_id: string, _timeoutSeconds?: number): Promise<void> {}
  async removeContainer(_id: string, _force?: boolean): Promise<void> {}
  async createContainer(): Promise<string> {
    throw new AppError('UNSUPPORTED', 'not in this test');
  }
  async listNetworks(): Promise<Network[]> {
    return [];
  }
  async inspectNetwork(id: string): Promise<Network> {
    throw new AppError('NOT_FOUND', `no network ${id}`);
  }
  async createNetwork(): Promise<string> {
    throw new AppError('UNSUPPORTED', 'not in this test');
  }
  async removeNetwork(): Promise<void> {}
  async connectNetwork(): Promise<void> {}
  async disconnectNetwork(): Promise<void> {}
  async exec(_id: string, _command: string[], _options: { timeoutMs: number }): Promise<ExecResult> {
    return { exitCode: 0, stdout: '', stderr: '', timedOut: false };
  }
  watch(_handlers: EventHandlers): EventSubscription {
    return { close: () => undefined };
  }
  dispose(): void {}
}
