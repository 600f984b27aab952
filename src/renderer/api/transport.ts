import type { ContainerKitBridge } from '../../shared/contract';

/**
 * What the renderer needs from a transport: the bridge contract, plus a signal that the event
 * stream was lost and came back, because any event sent while it was down is gone for good.
 */
export interface Transport extends ContainerKitBridge {
  onReconnect(listener: () => void): () => void;
}
