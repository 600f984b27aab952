import { describe, expect, it } from 'vitest';
import { toAppError } from '../../../../src/main/engines/docker/docker-errors';
import { AppError } from '../../../../src/shared/errors';

const EP = 'unix:///var/run/docker.sock';

/** Shaped like what dockerode / docker-modem rejects with. */
function httpError(statusCode: number, message: string | null, reason = 'server error'): Error {
  return Object.assign(new Error(`(HTTP code ${statusCode}) ${reason} - ${message ?? ''}`), {
    statusCode,
    reason,
    json: message === null ? null : { message },
  });
}

function sysError(code: string): Error {
  return Object.assign(new Error(`connect ${code} /var/run/docker.sock`), { code, errno: -1, syscall: 'connect' });
}

describe('toAppError', () => {
  it.each(['ECONNREFUSED', 'ENOENT', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTSOCK'])('%s → ENGINE_UNAVAILABLE naming the endpoint', (code) => {
    const e = toAppError(sysError(code), EP);
    expect(e).toBeInstanceOf(AppError);
    expect(e.code).toBe('ENGINE_UNAVAILABLE');
    expect(e.message).toContain(EP);
    expect(e.message).toContain(code);
    expect(e.details).toEqual({ endpoint: EP });
  });

  it('EACCES → ENGINE_UNAVAILABLE that says it is a permission problem', () => {
    const e = toAppError(sysError('EACCES'), EP);
    expect(e.code).toBe('ENGINE_UNAVAILABLE');
    expect(e.message).toMatch(/permission/i);
    expect(e.message).toContain(EP);
  });

  it('404 → NOT_FOUND naming the object', () => {
    const e = toAppError(httpError(404, 'No such container: web', 'no such container'), EP, 'container web');
    expect(e.code).toBe('NOT_FOUND');
    expect(e.message).toContain('container web');
    expect(e.message).toMatch(/^No such container web/);
  });

  it('404 without a name keeps the engine message', () => {
    expect(toAppError(httpError(404, 'page not found'), EP)).toMatchObject({ code: 'NOT_FOUND', message: 'page not found' });
  });

  it('409 → CONFLICT with the engine message', () => {
    const msg = 'You cannot remove a running container 16fe5e546c5e. Stop the container before attempting removal or force remove';
    const e = toAppError(httpError(409, msg, 'conflict'), EP, 'container web');
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toBe(msg);
  });

  it('400 → INVALID_INPUT', () => {
    expect(toAppError(httpError(400, 'bad parameter'), EP).code).toBe('INVALID_INPUT');
  });

  it('500 → ENGINE_ERROR carrying the engine json.message and the status', () => {
    const e = toAppError(httpError(500, 'driver failed programming external connectivity: port is already allocated'), EP, 'container web');
    expect(e.code).toBe('ENGINE_ERROR');
    expect(e.message).toBe('driver failed programming external connectivity: port is already allocated');
    expect(e.details).toEqual({ endpoint: EP, statusCode: 500 });
  });

  it('uses a string json body, then the reason, then the message', () => {
    expect(toAppError({ statusCode: 500, json: '  plain text from engine \n' }, EP).message).toBe('plain text from engine');
    expect(toAppError({ statusCode: 500, json: null, reason: 'server error' }, EP).message).toBe('server error');
    expect(toAppError(new Error('socket hang up'), EP)).toMatchObject({ code: 'ENGINE_ERROR', message: 'socket hang up' });
    expect(toAppError(undefined, EP)).toMatchObject({ code: 'ENGINE_ERROR', message: 'unknown engine error' });
  });

  it('passes an AppError through unchanged', () => {
    const original = new AppError('CONFLICT', 'already there', { x: 1 });
    expect(toAppError(original, EP, 'container web')).toBe(original);
  });
});

describe('Podman answering a vanished object with a 500', () => {
  it('is NOT_FOUND, so a list skips a container removed while it was being read', () => {
    const msg = 'container 94d6e56d1f9c01181f0325d33a990bac9e172b1af5e088acc3b849eaacf4b072 does not exist in database: no such container';
    const e = toAppError(httpError(500, msg), 'unix:///run/podman/podman.sock', 'container 94d6e56d1f9c');
    expect(e.code).toBe('NOT_FOUND');
    expect(e.message).toContain(msg);
  });

  it('other 500s stay ENGINE_ERROR', () => {
    expect(toAppError(httpError(500, 'crun: executable file `nc` not found in $PATH: No such file or directory'), EP).code).toBe('ENGINE_ERROR');
  });
});
