/**
 * The main process answers every window, the tray and the engines' heartbeats on one event loop.
 * The rule: no IPC call holds it for more than 50 ms. Work that grows with its input (ports to
 * check, processes to scan, lines to parse) runs in slices and hands the loop back in between.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * Lets timers, socket I/O and other IPC calls run before the caller goes on. An already resolved
 * promise would not: its continuation is a microtask, and microtasks all run before any of those.
 */
export function yieldToEventLoop(): Promise<void> {
  return nextTurn();
}

export interface PacerOptions {
  /** Units of work between two yields. */
  every?: number;
  /** Or this much time since the last yield, whichever comes first. */
  budgetMs?: number;
}

/** Call after each unit of work; resolves at once, or after a turn of the loop when one is due. */
export type Pace = (units?: number) => Promise<void> | undefined;

/**
 * Paces a long loop: `await pace()` after each unit (or `await pace(n)` after work worth n units)
 * yields once `every` units have run or `budgetMs` has passed, whichever is first. The count makes
 * the yields predictable, so tests can rely on them; the clock bounds a slice of slow units. The
 * 10 ms default leaves most of the 50 ms to the unit in progress and to whoever waits.
 *
 * Loops that run concurrently on one pacer (a pool of async workers) all wait on the same yield:
 * were only the one that hit the limit to wait, the others would carry on in microtasks and the
 * loop would still not turn.
 */
export function pacer({ every = 1024, budgetMs = 10 }: PacerOptions = {}): Pace {
  let done = 0;
  let since = performance.now();
  let pending: Promise<void> | null = null;
  return (units = 1) => {
    if (pending) return pending;
    done += units;
    if (done < every && performance.now() - since < budgetMs) return undefined;
    pending = yieldToEventLoop().then(() => {
      pending = null;
      done = 0;
      since = performance.now();
    });
    return pending;
  };
}
