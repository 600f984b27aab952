import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  /** The normal (un-maximized, windowed) bounds, so un-maximizing after a restart goes somewhere sane. */
  bounds: Rect;
  isMaximized: boolean;
  isFullScreen: boolean;
}

const coordinate = z.number().int().min(-100_000).max(100_000);
const size = z.number().int().min(1).max(100_000);
const WindowStateSchema = z.object({
  bounds: z.object({ x: coordinate, y: coordinate, width: size, height: size }),
  isMaximized: z.boolean(),
  isFullScreen: z.boolean(),
});

/** A missing, unreadable or hand-mangled file just means "no saved state", never a failed start. */
export function loadWindowState(file: string): WindowState | undefined {
  try {
    const parsed = WindowStateSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Synchronous on purpose: it also runs on `close`, right before the process may exit. */
export function saveWindowState(file: string, state: WindowState): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    // Write-then-rename so a crash mid-write never leaves a truncated file behind.
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`, 'utf8');
    renameSync(tmp, file);
  } catch (error) {
    console.warn('[window-state] could not save', error);
  }
}

function overlapArea(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}

/**
 * Keeps restored bounds reachable after monitors changed: the window moves (and shrinks if needed)
 * fully into the work area it overlaps most; with no overlap at all it is centred on the first
 * (primary) work area.
 */
export function fitToDisplays(bounds: Rect, workAreas: readonly Rect[]): Rect {
  if (workAreas.length === 0) return { ...bounds };
  let best: Rect | undefined;
  let bestArea = 0;
  for (const area of workAreas) {
    const overlap = overlapArea(bounds, area);
    if (overlap > bestArea) {
      best = area;
      bestArea = overlap;
    }
  }
  const target = best ?? workAreas[0];
  const width = Math.min(bounds.width, target.width);
  const height = Math.min(bounds.height, target.height);
  if (!best) {
    return {
      x: target.x + Math.round((target.width - width) / 2),
      y: target.y + Math.round((target.height - height) / 2),
      width,
      height,
    };
  }
  return {
    x: clamp(bounds.x, target.x, target.x + target.width - width),
    y: clamp(bounds.y, target.y, target.y + target.height - height),
    width,
    height,
  };
}

/** The parts of a BrowserWindow the tracker uses, so tests can hand it a plain fake. */
export interface TrackedWindow {
  on(event: 'resize' | 'move' | 'maximize' | 'unmaximize' | 'enter-full-screen' | 'leave-full-screen' | 'close', listener: () => void): unknown;
  isDestroyed(): boolean;
  isMaximized(): boolean;
  isFullScreen(): boolean;
  getNormalBounds(): Rect;
}

export function captureWindowState(win: TrackedWindow): WindowState {
  return { bounds: win.getNormalBounds(), isMaximized: win.isMaximized(), isFullScreen: win.isFullScreen() };
}

/** Saves on resize/move (debounced: those fire continuously while dragging) and at once on close. */
export function trackWindowState(win: TrackedWindow, file: string, debounceMs = 500): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const saveNow = (): void => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (!stopped && !win.isDestroyed()) saveWindowState(file, captureWindowState(win));
  };
  const saveSoon = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(saveNow, debounceMs);
  };
  for (const event of ['resize', 'move', 'maximize', 'unmaximize', 'enter-full-screen', 'leave-full-screen'] as const) {
    win.on(event, saveSoon);
  }
  win.on('close', saveNow);
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
