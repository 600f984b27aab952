import { afterEach, describe, expect, it } from 'vitest';
import { ApiError, api, setTransport } from '../../../src/renderer/api/client';
import { FakeTransport } from '../support/fake-transport';
import { container } from '../support/fixtures';

afterEach(() => setTransport(null));

describe('api client', () => {
  it('unwraps a successful envelope', async () => {
    const fake = new FakeTransport();
    fake.containers = [container({ id: 'a1', name: 'web' })];
    setTransport(fake);
    const list = await api.invoke('containers.list', {});
    expect(list.map((c) => c.name)).toEqual(['web']);
  });

  it('throws an ApiError carrying code, message and details', async () => {
    const fake = new FakeTransport();
    fake.fail('engines.list', { code: 'ENGINE_UNAVAILABLE', message: 'Docker is not running', details: { id: 'x' } });
    setTransport(fake);
    const error = await api.invoke('engines.list', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'ENGINE_UNAVAILABLE', message: 'Docker is not running', details: { id: 'x' } });
  });

  it('turns a transport that throws into an INTERNAL ApiError', async () => {
    const fake = new FakeTransport();
    fake.invoke = async () => {
      throw new Error('IPC channel closed');
    };
    setTransport(fake);
    await expect(api.invoke('settings.get', {})).rejects.toMatchObject({ code: 'INTERNAL', message: 'IPC channel closed' });
  });
});
