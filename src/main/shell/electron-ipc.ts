import { BrowserWindow, ipcMain } from 'electron';
import type { AppCore } from '../core/app-core';
import { IPC_EVENT, IPC_INVOKE, fail, type Envelope } from '../../shared/contract';
import { isTrustedSender } from './security-restrictions';

/**
 * Binds the core to Electron IPC and nothing more: validation and behaviour belong to the core, so
 * Electron and browser mode answer identically. Returns a function that unbinds everything.
 */
export function registerIpc(core: Pick<AppCore, 'invoke' | 'onEvent'>, appUrl: string): () => void {
  ipcMain.handle(IPC_INVOKE, async (event, channel: unknown, payload: unknown): Promise<Envelope<unknown>> => {
    if (!isTrustedSender(event.senderFrame, appUrl)) {
      return fail({ code: 'UNAUTHORIZED', message: 'This page may not call Container Kit.' });
    }
    if (typeof channel !== 'string') {
      return fail({ code: 'INVALID_INPUT', message: 'The channel name must be a string.' });
    }
    try {
      return await core.invoke(channel, payload);
    } catch (error) {
      // The core promises never to throw; if it does, the page still gets an envelope, not a bare Error.
      console.error('[ipc] core.invoke threw', channel, error);
      return fail({ code: 'INTERNAL', message: 'Unexpected error.' });
    }
  });

  const unsubscribe = core.onEvent((name, payload) => {
    for (const win of BrowserWindow.getAllWindows()) {
      if (win.isDestroyed() || win.webContents.isDestroyed()) continue;
      win.webContents.send(IPC_EVENT, name, payload);
    }
  });

  return () => {
    unsubscribe();
    ipcMain.removeHandler(IPC_INVOKE);
  };
}
