import { execa } from 'execa';
import { AppError } from '../../../shared/errors';
import type { ExecResult } from '../container-engine';
import { SERVICE_DOWN } from './apple-cli';

/** Output kept per stream, as the Docker engine does. */
const MAX_OUTPUT = 256 * 1024;

function checkCommand(command: readonly string[]): void {
  // Typed for callers, but it may have crossed IPC: check what the list really holds.
  const given: unknown = command;
  if (!Array.isArray(given) || given.length === 0 || given.length > 256) {
    throw new AppError('INVALID_INPUT', 'exec needs a command: a non-empty list of arguments.');
  }
  for (const a of given as unknown[]) {
    if (typeof a !== 'string' || a.includes('\0') || a.length > 8192) {
      throw new AppError('INVALID_INPUT', `Not a valid exec argument: ${JSON.stringify(String(a).slice(0, 80))}`);
    }
  }
  // An executable never starts with `-`; refusing it keeps the CLI from ever reading it as its own option.
  const executable = command[0];
  if (executable === '' || executable.startsWith('-')) {
    throw new AppError('INVALID_INPUT', `Not a valid executable: ${JSON.stringify(executable.slice(0, 80))}`);
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `notFound: "container web not found"`, `container not found: web`, `No such container: web`. */
const CLI_NOT_FOUND = /^Error: (notFound: .*\bcontainer\b|.*\bcontainer not found\b|.*\bcontainer \S+ not found\b|no such container\b)/i;
/** `invalidState: "container web is not running"` (`ensureRunning`). */
const CLI_NOT_RUNNING = /^Error: .*\bcontainer \S+ is not running\b/i;

/**
 * The CLI's own failures, told apart from the command's: the CLI prints `Error: …` naming the
 * container and its id (`Error: notFound: "container web not found"`, `… container web is not
 * running`). Anything else with a non-zero exit is the command's answer and is returned, not
 * thrown: `nslookup: not found` from inside must reach the DNS check as exit 127, not NOT_FOUND.
 */
function cliFailure(id: string, stderr: string): AppError | null {
  const first = stderr.trim().split('\n')[0] ?? '';
  if (!first.startsWith('Error: ')) return null;
  if (SERVICE_DOWN.test(first)) {
    return new AppError('ENGINE_UNAVAILABLE', `The Apple container services are not running. Run \`container system start\` in Terminal. (${first})`);
  }
  if (!new RegExp(`(?<![\\w.-])${escapeRegExp(id)}(?![\\w.-])`).test(first)) return null;
  if (CLI_NOT_FOUND.test(first)) return new AppError('NOT_FOUND', first.slice('Error: '.length));
  if (CLI_NOT_RUNNING.test(first)) return new AppError('CONFLICT', `${id} is not running: start it to run commands inside. (${first})`);
  return null;
}

/**
 * `container exec <id> <argv…>`: argv entries, never a shell string. The CLI passes everything
 * after the id through to the new process (`captureForPassthrough`), so no `--` is needed, and it
 * exits with the process's exit code, which is returned as is.
 */
export async function appleExec(
  binary: string,
  id: string,
  command: readonly string[],
  options: { timeoutMs: number; cancelSignal?: AbortSignal },
): Promise<ExecResult> {
  checkCommand(command);
  if (!Number.isFinite(options.timeoutMs) || options.timeoutMs <= 0) {
    throw new AppError('INVALID_INPUT', `exec timeout must be a positive number of milliseconds, got ${options.timeoutMs}`);
  }
  const r = await execa(binary, ['exec', id, ...command], {
    shell: false,
    reject: false,
    timeout: options.timeoutMs,
    cancelSignal: options.cancelSignal,
    stdin: 'ignore',
    stripFinalNewline: false,
    maxBuffer: MAX_OUTPUT,
    env: { NO_COLOR: '1' },
  });
  const stdout = String(r.stdout ?? '');
  const stderr = String(r.stderr ?? '');
  if (r.timedOut) return { exitCode: null, stdout, stderr, timedOut: true };
  if (r.isCanceled) throw new AppError('ENGINE_UNAVAILABLE', `\`container exec ${id}\` was cancelled.`);
  if (r.code === 'ENOENT' || r.code === 'EACCES') {
    throw new AppError('ENGINE_UNAVAILABLE', `The Apple container CLI could not be run at ${binary} (${r.code}). Is it installed?`);
  }
  if (r.isMaxBuffer) return { exitCode: null, stdout, stderr: `${stderr}\n[output cut at ${MAX_OUTPUT} bytes]`, timedOut: false };
  const exitCode = r.exitCode ?? null;
  if (exitCode !== 0) {
    const failure = cliFailure(id, stderr);
    if (failure) throw failure;
  }
  return { exitCode, stdout, stderr, timedOut: false };
}
