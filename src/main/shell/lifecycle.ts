/** The slice of `app` used here, so tests can pass a fake. */
export interface QuittableApp {
  on(event: 'before-quit', listener: (event: { preventDefault(): void }) => void): unknown;
  quit(): void;
}

/**
 * `before-quit` cannot wait for a promise, so the first quit is held back until `cleanup` settles
 * (engine streams closed, settings flushed), then quitting resumes. A cleanup that hangs must not
 * keep the app alive: after `timeoutMs` it quits anyway.
 */
export function cleanupBeforeQuit(app: QuittableApp, cleanup: () => Promise<void>, timeoutMs = 3000): void {
  let state: 'running' | 'cleaning' | 'done' = 'running';
  app.on('before-quit', (event) => {
    if (state === 'done') return;
    event.preventDefault();
    if (state === 'cleaning') return;
    state = 'cleaning';
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        console.warn(`[lifecycle] cleanup took longer than ${timeoutMs} ms; quitting anyway`);
        resolve();
      }, timeoutMs);
    });
    const work = Promise.resolve()
      .then(cleanup)
      .catch((error: unknown) => console.error('[lifecycle] cleanup failed', error));
    void Promise.race([work, timeout]).then(() => {
      clearTimeout(timer);
      state = 'done';
      app.quit();
    });
  });
}
