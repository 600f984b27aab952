import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  fitToDisplays,
  loadWindowState,
  saveWindowState,
  trackWindowState,
  type Rect,
  type TrackedWindow,
  type WindowState,
} from '../../../src/main/shell/window-state';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ck-window-state-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  vi.useRealTimers();
});

const state: WindowState = { bounds: { x: 10, y: 20, width: 1000, height: 700 }, isMaximized: true, isFullScreen: false };

describe('load/save', () => {
  it('round-trips, creating missing folders, leaving no temp file', () => {
    const file = join(dir, 'nested', 'deeper', 'window-state.json');
    saveWindowState(file, state);
    expect(loadWindowState(file)).toEqual(state);
    expect(readdirSync(join(dir, 'nested', 'deeper'))).toEqual(['window-state.json']);
  });

  it('returns undefined for a missing file', () => {
    expect(loadWindowState(join(dir, 'none.json'))).toBeUndefined();
  });

  it.each([
    ['not json at all {'],
    [''],
    ['null'],
    ['[]'],
    ['{"bounds":{"x":0,"y":0,"width":100},"isMaximized":false,"isFullScreen":false}'],
    ['{"bounds":{"x":"0","y":0,"width":100,"height":100},"isMaximized":false,"isFullScreen":false}'],
    ['{"bounds":{"x":0,"y":0,"width":0,"height":100},"isMaximized":false,"isFullScreen":false}'],
    ['{"bounds":{"x":0,"y":0,"width":1e309,"height":100},"isMaximized":false,"isFullScreen":false}'],
    ['{"bounds":{"x":0.5,"y":0,"width":100,"height":100},"isMaximized":false,"isFullScreen":false}'],
    ['{"bounds":{"x":0,"y":0,"width":100,"height":100},"isMaximized":"yes","isFullScreen":false}'],
  ])('ignores corrupt content %s', (content) => {
    const file = join(dir, 'window-state.json');
    writeFileSync(file, content);
    expect(loadWindowState(file)).toBeUndefined();
  });

  it('drops unknown keys', () => {
    const file = join(dir, 'window-state.json');
    writeFileSync(file, JSON.stringify({ ...state, extra: 1 }));
    expect(loadWindowState(file)).toEqual(state);
  });

  it('does not throw when the file cannot be written', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const blocker = join(dir, 'blocker');
    writeFileSync(blocker, 'a file, not a folder');
    expect(() => saveWindowState(join(blocker, 'state.json'), state)).not.toThrow();
    expect(warn).toHaveBeenCalled();
    warn.mockRestore();
  });
});

describe('fitToDisplays', () => {
  const primary: Rect = { x: 0, y: 0, width: 1920, height: 1050 };
  const right: Rect = { x: 1920, y: 0, width: 1280, height: 1000 };

  it('keeps bounds that are fully visible', () => {
    const b = { x: 100, y: 100, width: 800, height: 600 };
    expect(fitToDisplays(b, [primary, right])).toEqual(b);
    const onRight = { x: 2000, y: 50, width: 800, height: 600 };
    expect(fitToDisplays(onRight, [primary, right])).toEqual(onRight);
  });

  it('centres a window on the primary display when its monitor is gone', () => {
    expect(fitToDisplays({ x: 4000, y: 100, width: 800, height: 600 }, [primary])).toEqual({
      x: 560,
      y: 225,
      width: 800,
      height: 600,
    });
    expect(fitToDisplays({ x: -5000, y: -5000, width: 800, height: 600 }, [primary, right]).x).toBe(560);
  });

  it('pulls a partly off-screen window back into the display it overlaps most', () => {
    expect(fitToDisplays({ x: 1700, y: -50, width: 800, height: 600 }, [primary, right])).toEqual({
      x: 1920,
      y: 0,
      width: 800,
      height: 600,
    });
    expect(fitToDisplays({ x: -300, y: 900, width: 800, height: 600 }, [primary])).toEqual({
      x: 0,
      y: 450,
      width: 800,
      height: 600,
    });
  });

  it('shrinks a window larger than its display', () => {
    expect(fitToDisplays({ x: 0, y: 0, width: 4000, height: 3000 }, [right, primary])).toEqual({ ...primary });
  });

  it('respects work-area offsets (menu bar, taskbar on the left)', () => {
    const work: Rect = { x: 80, y: 25, width: 1840, height: 1055 };
    expect(fitToDisplays({ x: 0, y: 0, width: 800, height: 600 }, [work])).toEqual({ x: 80, y: 25, width: 800, height: 600 });
  });

  it('returns the bounds unchanged when no display is known', () => {
    const b = { x: 5, y: 5, width: 10, height: 10 };
    expect(fitToDisplays(b, [])).toEqual(b);
  });
});

describe('trackWindowState', () => {
  function fakeWindow() {
    const handlers = new Map<string, Array<() => void>>();
    const win = {
      bounds: { x: 1, y: 2, width: 900, height: 650 },
      maximized: false,
      fullScreen: false,
      destroyed: false,
      on: vi.fn((event: string, listener: () => void) => {
        handlers.set(event, [...(handlers.get(event) ?? []), listener]);
      }),
      isDestroyed: () => win.destroyed,
      isMaximized: () => win.maximized,
      isFullScreen: () => win.fullScreen,
      getNormalBounds: () => win.bounds,
      fire: (event: string) => handlers.get(event)?.forEach((l) => l()),
    };
    return win satisfies TrackedWindow;
  }

  it('debounces resize/move saves', () => {
    vi.useFakeTimers();
    const file = join(dir, 'state.json');
    const win = fakeWindow();
    trackWindowState(win, file, 300);
    win.fire('move');
    win.fire('resize');
    vi.advanceTimersByTime(200);
    win.bounds = { x: 50, y: 60, width: 1000, height: 700 };
    win.fire('resize');
    vi.advanceTimersByTime(299);
    expect(existsSync(file)).toBe(false);
    vi.advanceTimersByTime(1);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      bounds: { x: 50, y: 60, width: 1000, height: 700 },
      isMaximized: false,
      isFullScreen: false,
    });
  });

  it('saves immediately on close, with maximized/full-screen flags and normal bounds', () => {
    vi.useFakeTimers();
    const file = join(dir, 'state.json');
    const win = fakeWindow();
    trackWindowState(win, file);
    win.maximized = true;
    win.fire('maximize');
    win.fire('close');
    expect(loadWindowState(file)).toEqual({ bounds: win.bounds, isMaximized: true, isFullScreen: false });
  });

  it('stops saving after dispose or once the window is destroyed', () => {
    vi.useFakeTimers();
    const file = join(dir, 'state.json');
    const win = fakeWindow();
    const stop = trackWindowState(win, file, 100);
    win.fire('resize');
    stop();
    vi.advanceTimersByTime(1000);
    win.fire('close');
    expect(existsSync(file)).toBe(false);

    const other = fakeWindow();
    trackWindowState(other, file, 100);
    other.destroyed = true;
    other.fire('close');
    expect(existsSync(file)).toBe(false);
  });
});
