import type { z } from 'zod';
import { channels } from './channels';
import { events } from './events';
import type { ChannelName, EventName } from './names';
import type { Envelope } from './envelope';

export * from './model';
export * from './names';
export * from './envelope';
export * from './error-details';
export * from './ports';
export * from './networks';
export * from './diagnostics';
export { channels } from './channels';
export { events, type ContainersChanged, type UiCommand } from './events';

export type RequestOf<C extends ChannelName> = z.input<(typeof channels)[C]['request']>;
export type ParsedRequestOf<C extends ChannelName> = z.output<(typeof channels)[C]['request']>;
export type ResultOf<C extends ChannelName> = z.output<(typeof channels)[C]['result']>;
export type EventOf<E extends EventName> = z.output<(typeof events)[E]>;

/** What the main process implements: one async function per channel. */
export type Handlers = { [C in ChannelName]: (request: ParsedRequestOf<C>) => Promise<ResultOf<C>> };

/** The transport-neutral API the renderer talks to (Electron preload, or HTTP + WebSocket). */
export interface ContainerKitBridge {
  invoke<C extends ChannelName>(channel: C, request: RequestOf<C>): Promise<Envelope<ResultOf<C>>>;
  on<E extends EventName>(event: E, listener: (payload: EventOf<E>) => void): () => void;
}

// Compile-time proof that the name lists (used by the preload) and the schemas agree exactly.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const channelNamesMatch: Same<keyof typeof channels, ChannelName> = true;
const eventNamesMatch: Same<keyof typeof events, EventName> = true;
void channelNamesMatch;
void eventNamesMatch;
