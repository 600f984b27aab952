import { describe, expect, it } from 'vitest';
import { requireAvailable, type EngineRegistry } from '../../../src/main/engines/engine-registry';
import type { EngineSupervisor } from '../../../src/main/engines/engine-supervisor';
import { ERROR_DETAILS_SCHEMAS } from '../../../src/shared/contract';
import { AppError } from '../../../src/shared/errors';

const ID = 'unix:///var/run/docker.sock';

/** A registry of one engine, up or down, with the snapshot fields requireAvailable reads. */
function registry(available: boolean, error: string | null = null): Pick<EngineRegistry, 'get'> {
  const supervisor = { available, snapshot: { id: ID, name: 'Docker 27.3.1', error } } as unknown as EngineSupervisor;
  return {
    get: (engineId: string) => {
      if (engineId !== ID) throw new AppError('NOT_FOUND', `No engine with id ${engineId}.`, { kind: 'engine', engineId });
      return supervisor;
    },
  };
}

function thrown(f: () => unknown): AppError {
  try {
    f();
  } catch (e) {
    return e as AppError;
  }
  throw new Error('did not throw');
}

describe('requireAvailable', () => {
  it('returns the supervisor of an available engine', () => {
    const engines = registry(true);
    expect(requireAvailable(engines, ID)).toBe(engines.get(ID));
  });

  it('throws ENGINE_UNAVAILABLE naming the engine and its last error, with typed details', () => {
    const err = thrown(() => requireAvailable(registry(false, 'The engine at unix:///var/run/docker.sock is not answering (ECONNREFUSED).'), ID));
    expect(err).toBeInstanceOf(AppError);
    expect(err.code).toBe('ENGINE_UNAVAILABLE');
    expect(err.message).toBe('Docker 27.3.1 is not available: The engine at unix:///var/run/docker.sock is not answering (ECONNREFUSED).');
    expect(err.details).toEqual({ engineId: ID });
    expect(ERROR_DETAILS_SCHEMAS.ENGINE_UNAVAILABLE.safeParse(err.details).success).toBe(true);
  });

  it('ends in a period without an error, and appends what to do', () => {
    expect(thrown(() => requireAvailable(registry(false), ID)).message).toBe('Docker 27.3.1 is not available.');
    expect(thrown(() => requireAvailable(registry(false), ID, 'start it to see live traffic')).message).toBe(
      'Docker 27.3.1 is not available; start it to see live traffic.',
    );
  });

  it('lets NOT_FOUND for an unknown engine through', () => {
    expect(thrown(() => requireAvailable(registry(true), 'tcp://nope:2375'))).toMatchObject({
      code: 'NOT_FOUND',
      details: { kind: 'engine', engineId: 'tcp://nope:2375' },
    });
  });
});
