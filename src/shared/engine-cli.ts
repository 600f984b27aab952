import type { EngineKind } from './contract/model';

/** The command users type for an engine, for fixes they can paste; Docker's when the kind is unknown. */
export function engineCli(kind: EngineKind | null | undefined): 'docker' | 'podman' | 'container' {
  return kind === 'podman' ? 'podman' : kind === 'apple' ? 'container' : 'docker';
}
