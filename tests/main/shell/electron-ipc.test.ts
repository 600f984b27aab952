import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppCore, EventListener } from '../../../src/main/core/app-core';
import { IPC_EVENT, IPC_INVOKE } from '../../../src/shared/contract/names';

type Handler = (...args: any[]) => any;

const electron = vi.hoisted(() => {
  const handlers = new Map<string, Handler>();
  const windows: unknown[] = [];
  return {
    handlers,
    windows,
    ipcMain: {
      handle: vi.fn((channel: string, handler: Handler) => handlers.set(channel, handler)),
      removeHandler: vi.fn((channel: string) => handlers.delete(channel)),
    },
    BrowserWindow: { getAllWindows: vi.fn(() => windows) },
  };
});
vi.mock('electron', () => ({ ipcMain: electron.ipcMain, BrowserWindow: electron.BrowserWindow }));

import { registerIpc } from '../../../src/main/shell/electron-ipc';

const APP_URL = 'file:///app/out/renderer/index.html';

function fakeCore() {
  const listeners = new Set<EventListener>();
  const core = {
    invoke: vi.fn(async (channel: string) => ({ ok: true as const, data: { channel } })),
    onEvent: vi.fn((listener: EventListener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    }),
  } satisfies Pick<AppCore, 'invoke' | 'onEvent'>;
  return { core, fire: (...args: Parameters<EventListener>) => listeners.forEach((l) => l(...args)), listeners };
}

function fakeWindow(destroyed = false, contentsDestroyed = false) {
  return {
    isDestroyed: () => destroyed,
    webContents: { isDestroyed: () => contentsDestroyed, send: vi.fn() },
  };
}

const invoke = (frame: { url: string } | null, channel: unknown, payload: unknown) =>
  electron.handlers.get(IPC_INVOKE)!({ senderFrame: frame }, channel, payload);

describe('registerIpc', () => {
  let fake: ReturnType<typeof fakeCore>;
  let dispose: () => void;

  beforeEach(() => {
    vi.clearAllMocks();
    electron.handlers.clear();
    electron.windows.length = 0;
    fake = fakeCore();
    dispose = registerIpc(fake.core, APP_URL);
  });

  it('handles exactly the invoke channel', () => {
    expect(electron.ipcMain.handle).toHaveBeenCalledTimes(1);
    expect(electron.ipcMain.handle.mock.calls[0][0]).toBe(IPC_INVOKE);
  });

  it('forwards a trusted request to core.invoke and returns its envelope', async () => {
    const payload = { engineId: 'docker', id: 'abc' };
    await expect(invoke({ url: `${APP_URL}#/c/abc` }, 'containers.inspect', payload)).resolves.toEqual({
      ok: true,
      data: { channel: 'containers.inspect' },
    });
    expect(fake.core.invoke).toHaveBeenCalledWith('containers.inspect', payload);
  });

  it.each([[{ url: 'https://evil.example/' }], [{ url: 'file:///tmp/index.html' }], [{ url: 'about:blank' }], [null]])(
    'answers UNAUTHORIZED to sender %j without touching the core',
    async (frame) => {
      const result = await invoke(frame, 'containers.list', {});
      expect(result).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
      expect(fake.core.invoke).not.toHaveBeenCalled();
    },
  );

  it('rejects a non-string channel with INVALID_INPUT', async () => {
    const result = await invoke({ url: APP_URL }, { evil: true }, {});
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(fake.core.invoke).not.toHaveBeenCalled();
  });

  it('turns a throwing core into an INTERNAL envelope', async () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    fake.core.invoke.mockRejectedValueOnce(new Error('secret stack'));
    const result = await invoke({ url: APP_URL }, 'engines.list', {});
    expect(result).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'Unexpected error.' } });
    spy.mockRestore();
  });

  it('forwards core events to every live window and skips destroyed ones', () => {
    const live = fakeWindow();
    const another = fakeWindow();
    const gone = fakeWindow(true);
    const goneContents = fakeWindow(false, true);
    electron.windows.push(live, gone, goneContents, another);
    const payload = { engines: [] };
    fake.fire('engines.changed', payload);
    expect(live.webContents.send).toHaveBeenCalledWith(IPC_EVENT, 'engines.changed', payload);
    expect(another.webContents.send).toHaveBeenCalledWith(IPC_EVENT, 'engines.changed', payload);
    expect(gone.webContents.send).not.toHaveBeenCalled();
    expect(goneContents.webContents.send).not.toHaveBeenCalled();
  });

  it('dispose removes the handler and the event subscription', () => {
    dispose();
    expect(electron.ipcMain.removeHandler).toHaveBeenCalledWith(IPC_INVOKE);
    expect(fake.listeners.size).toBe(0);
    const win = fakeWindow();
    electron.windows.push(win);
    fake.fire('ui.command', { command: 'containers.refresh' });
    expect(win.webContents.send).not.toHaveBeenCalled();
  });
});
