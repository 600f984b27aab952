import { describe, expect, it } from 'vitest';
import { pacer, yieldToEventLoop } from '../../../src/main/core/event-loop';

/** Set once the loop has turned: a setImmediate callback only runs after the current microtasks. */
function loopTurns(): { readonly turned: boolean } {
  const state = { turned: false };
  setImmediate(() => (state.turned = true));
  return state;
}

describe('yieldToEventLoop', () => {
  it('lets what waits for the loop run before the caller goes on', async () => {
    const loop = loopTurns();
    await Promise.resolve();
    expect(loop.turned).toBe(false); // a resolved promise is not a turn of the loop
    await yieldToEventLoop();
    expect(loop.turned).toBe(true);
  });
});

describe('pacer', () => {
  it('yields once every `every` units', async () => {
    const pace = pacer({ every: 3, budgetMs: 60_000 });
    const loop = loopTurns();
    expect(pace()).toBeUndefined();
    expect(pace()).toBeUndefined();
    const due = pace();
    expect(due).toBeInstanceOf(Promise);
    await due;
    expect(loop.turned).toBe(true);
    expect(pace()).toBeUndefined(); // the count starts again
  });

  it('counts a unit worth many as many', () => {
    const pace = pacer({ every: 100, budgetMs: 60_000 });
    expect(pace(99)).toBeUndefined();
    expect(pace(1)).toBeInstanceOf(Promise);
  });

  it('yields when the time budget is spent, whatever the count', () => {
    const pace = pacer({ every: 1_000_000, budgetMs: 5 });
    const start = performance.now();
    while (performance.now() - start < 10) {
      /* a slow unit of work */
    }
    expect(pace()).toBeInstanceOf(Promise);
  });

  it('makes every loop sharing it wait on the same yield, so the event loop really turns', async () => {
    const pace = pacer({ every: 4, budgetMs: 60_000 });
    const loop = loopTurns();
    const seenByB: boolean[] = [];
    const a = (async () => {
      for (let i = 0; i < 4; i++) await pace();
    })();
    const b = (async () => {
      for (let i = 0; i < 4; i++) {
        await pace();
        seenByB.push(loop.turned);
      }
    })();
    await Promise.all([a, b]);
    // b's steps after the limit ran only once the loop had turned.
    expect(seenByB.at(-1)).toBe(true);
  });
});
