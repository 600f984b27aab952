import type { Engine } from '../../shared/contract';

export type EmptyKind = 'loading' | 'no-engines' | 'all-unavailable' | 'no-containers' | 'no-matches';

export interface EmptyInput {
  loaded: boolean;
  engines: readonly Pick<Engine, 'status'>[];
  total: number;
  shown: number;
}

/** Which explanation an empty container list needs, or null when there are rows to show. */
export function emptyKind({ loaded, engines, total, shown }: EmptyInput): EmptyKind | null {
  if (total > 0) return shown === 0 ? 'no-matches' : null;
  if (!loaded) return 'loading';
  if (engines.length === 0) return 'no-engines';
  if (engines.every((e) => e.status === 'unavailable')) return 'all-unavailable';
  // Nothing answered yet, but something is still connecting: too early to say "no containers".
  if (!engines.some((e) => e.status === 'available')) return 'loading';
  return 'no-containers';
}
