import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanupBeforeQuit } from '../../../src/main/shell/lifecycle';

function fakeApp() {
  let listener: ((event: { preventDefault(): void }) => void) | undefined;
  const app = {
    on: vi.fn((_event: 'before-quit', l: typeof listener) => {
      listener = l;
    }),
    quit: vi.fn(() => {
      // Electron emits before-quit again when quit() is called.
      beforeQuit();
    }),
  };
  const beforeQuit = () => {
    const event = { preventDefault: vi.fn() };
    listener!(event);
    return event;
  };
  return { app, beforeQuit };
}

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('cleanupBeforeQuit', () => {
  it('holds the first quit until cleanup finishes, then quits for real', async () => {
    const { app, beforeQuit } = fakeApp();
    let finish!: () => void;
    const cleanup = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    cleanupBeforeQuit(app, cleanup);

    const first = beforeQuit();
    expect(first.preventDefault).toHaveBeenCalled();
    await Promise.resolve();
    expect(cleanup).toHaveBeenCalledTimes(1);

    // Quitting again while cleaning up neither restarts cleanup nor lets the app go early.
    expect(beforeQuit().preventDefault).toHaveBeenCalled();
    expect(app.quit).not.toHaveBeenCalled();

    finish();
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalledTimes(1));
    expect(cleanup).toHaveBeenCalledTimes(1);
  });

  it('lets the quit through after the cleanup is done', async () => {
    const { app, beforeQuit } = fakeApp();
    cleanupBeforeQuit(app, async () => {});
    beforeQuit();
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalled());
    expect(beforeQuit().preventDefault).not.toHaveBeenCalled();
  });

  it('quits even when cleanup fails', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const { app, beforeQuit } = fakeApp();
    cleanupBeforeQuit(app, async () => {
      throw new Error('boom');
    });
    beforeQuit();
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalledTimes(1));
  });

  it('quits after the timeout when cleanup hangs', async () => {
    vi.useFakeTimers();
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { app, beforeQuit } = fakeApp();
    cleanupBeforeQuit(app, () => new Promise<void>(() => {}), 1000);
    beforeQuit();
    await vi.advanceTimersByTimeAsync(999);
    expect(app.quit).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(app.quit).toHaveBeenCalledTimes(1);
  });
});
