/**
 * Finds the container a diagnosis or troubleshoot run is about. Read fresh from the engine, not
 * from the supervisor's cache: the user asks right after starting or changing a container, and an
 * event may not have landed yet.
 */
import type { Container, ContainerRef } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import { findContainerByRef } from '../../../shared/host-address';
import { requireAvailable, type EngineRegistry } from '../../engines/engine-registry';
import type { EngineSupervisor } from '../../engines/engine-supervisor';

export interface Subject {
  supervisor: EngineSupervisor;
  container: Container;
}

export async function findSubject(engines: EngineRegistry, ref: ContainerRef): Promise<Subject> {
  const supervisor = requireAvailable(engines, ref.engineId);
  // A cached prefix match lets a short id work on engines whose lookup wants the full one.
  const cached = findContainerByRef(supervisor.containers, ref.id);
  const container = (await supervisor.engine.getContainer(ref.id)) ?? (cached ? await supervisor.engine.getContainer(cached.id) : null);
  if (!container) throw new AppError('NOT_FOUND', `No container ${ref.id} on ${supervisor.snapshot.name}.`);
  return { supervisor, container };
}

export function requireRunning(c: Container): void {
  if (c.state !== 'running') throw new AppError('CONFLICT', `${c.name} is ${c.state}: start it to look inside.`);
}

/** Chosen by the renderer to match progress to its run, or made here: 32 letters and digits. */
export function runIdFor(requested: string | undefined): string {
  return requested ?? crypto.randomUUID().replaceAll('-', '');
}
