import { beforeEach, describe, expect, it, vi } from 'vitest';
import { CHANNEL_NAMES, EVENT_NAMES, IPC_EVENT, IPC_INVOKE } from '../../src/shared/contract/names';

const electron = vi.hoisted(() => ({
  contextBridge: { exposeInMainWorld: vi.fn() },
  ipcRenderer: { invoke: vi.fn(), on: vi.fn() },
}));
vi.mock('electron', () => electron);

type Bridge = {
  invoke(channel: unknown, request?: unknown): Promise<unknown>;
  on(event: unknown, listener: unknown): () => void;
  platform: string;
};

async function loadPreload(): Promise<{ bridge: Bridge; emit: (...args: unknown[]) => void }> {
  vi.resetModules();
  electron.contextBridge.exposeInMainWorld.mockReset();
  electron.ipcRenderer.invoke.mockReset();
  electron.ipcRenderer.on.mockReset();
  await import('../../src/preload/index');
  const bridge = electron.contextBridge.exposeInMainWorld.mock.calls[0][1] as Bridge;
  const ipcListener = electron.ipcRenderer.on.mock.calls[0][1] as (...args: unknown[]) => void;
  const fakeIpcEvent = { sender: electron.ipcRenderer, senderId: 0, ports: [] };
  return { bridge, emit: (...args) => ipcListener(fakeIpcEvent, ...args) };
}

describe('preload bridge', () => {
  let bridge: Bridge;
  let emit: (...args: unknown[]) => void;

  beforeEach(async () => {
    ({ bridge, emit } = await loadPreload());
  });

  it('exposes exactly one object, containerKit, with invoke, on and platform', () => {
    expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
    expect(electron.contextBridge.exposeInMainWorld.mock.calls[0][0]).toBe('containerKit');
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'on', 'platform']);
    expect(bridge.platform).toBe(process.platform);
  });

  it('listens on the event channel exactly once', () => {
    expect(electron.ipcRenderer.on).toHaveBeenCalledTimes(1);
    expect(electron.ipcRenderer.on.mock.calls[0][0]).toBe(IPC_EVENT);
  });

  it.each([['nope'], ['__proto__'], ['constructor'], ['engines.list ']])('rejects unknown channel %j locally with INVALID_INPUT', async (channel) => {
    const result = await bridge.invoke(channel, {});
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(electron.ipcRenderer.invoke).not.toHaveBeenCalled();
  });

  it.each([[42], [undefined], [null], [{ toString: () => 'engines.list' }]])('rejects non-string channel %j without IPC', async (channel) => {
    const result = await bridge.invoke(channel, {});
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(electron.ipcRenderer.invoke).not.toHaveBeenCalled();
  });

  it.each(CHANNEL_NAMES.map((c) => [c]))('forwards known channel %s on the invoke channel', async (channel) => {
    const envelope = { ok: true, data: { hello: channel } };
    electron.ipcRenderer.invoke.mockResolvedValueOnce(envelope);
    const request = { id: 'abc' };
    await expect(bridge.invoke(channel, request)).resolves.toBe(envelope);
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledWith(IPC_INVOKE, channel, request);
  });

  it('delivers only the payload to subscribers of that event, never the IpcRendererEvent', () => {
    const listener = vi.fn();
    const other = vi.fn();
    bridge.on('containers.changed', listener);
    bridge.on('engines.changed', other);
    const payload = { type: 'remove', engineId: 'docker', id: 'x' };
    emit('containers.changed', payload);
    expect(listener).toHaveBeenCalledTimes(1);
    expect(listener.mock.calls[0]).toEqual([payload]);
    expect(other).not.toHaveBeenCalled();
    for (const arg of listener.mock.calls[0]) {
      expect(arg).not.toHaveProperty('sender');
    }
  });

  it('unsubscribes, and an unsubscribe is idempotent and independent per subscription', () => {
    const listener = vi.fn();
    const off1 = bridge.on('ui.command', listener);
    const off2 = bridge.on('ui.command', listener);
    emit('ui.command', { command: 'containers.refresh' });
    expect(listener).toHaveBeenCalledTimes(2);
    off1();
    off1();
    emit('ui.command', { command: 'containers.refresh' });
    expect(listener).toHaveBeenCalledTimes(3);
    off2();
    emit('ui.command', { command: 'containers.refresh' });
    expect(listener).toHaveBeenCalledTimes(3);
  });

  it('accepts every contract event and refuses others', () => {
    for (const name of EVENT_NAMES) expect(() => bridge.on(name, () => {})).not.toThrow();
    expect(() => bridge.on('not.an.event', () => {})).toThrow(TypeError);
    expect(() => bridge.on(7, () => {})).toThrow(TypeError);
    expect(() => bridge.on('ui.command', 'not a function')).toThrow(TypeError);
  });

  it('ignores events with no subscribers or malformed names, and isolates a throwing listener', () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    const good = vi.fn();
    bridge.on('engines.changed', () => {
      throw new Error('boom');
    });
    bridge.on('engines.changed', good);
    expect(() => emit('containers.changed', {})).not.toThrow();
    expect(() => emit(123, {})).not.toThrow();
    emit('engines.changed', { engines: [] });
    expect(good).toHaveBeenCalledWith({ engines: [] });
    expect(spy).toHaveBeenCalled();
    spy.mockRestore();
  });
});
