import type { DiagnosticsContext } from '../checker';
import { toolMissing } from '../facts-parsers';

export interface ExecOutcome {
  ok: boolean;
  missing: boolean;
  output: string;
  ms: number;
  timedOut: boolean;
}

/** Runs argv inside the container (never a shell string), timed. */
export async function execIn(ctx: DiagnosticsContext, containerId: string, argv: string[], timeoutMs: number): Promise<ExecOutcome> {
  const started = performance.now();
  try {
    const r = await ctx.engine.exec(containerId, argv, { timeoutMs });
    const output = `${r.stdout}${r.stderr}`.trim();
    return { ok: !r.timedOut && r.exitCode === 0, missing: toolMissing(r), output, ms: Math.round(performance.now() - started), timedOut: r.timedOut };
  } catch (e) {
    return { ok: false, missing: false, output: e instanceof Error ? e.message : String(e), ms: Math.round(performance.now() - started), timedOut: false };
  }
}

/** The last line of a tool's output, for one-line evidence. */
export const lastLine = (text: string) => text.split('\n').filter(Boolean).pop() ?? '';
