import type { ContainerKitBridge } from '../../shared/contract';
import type { Transport } from './transport';

/** Wraps the preload's bridge. IPC events never drop while the window lives, so no reconnects. */
export function createElectronTransport(bridge: ContainerKitBridge): Transport {
  return {
    invoke: (channel, request) => bridge.invoke(channel, request),
    on: (event, listener) => bridge.on(event, listener),
    onReconnect: () => () => {},
  };
}
