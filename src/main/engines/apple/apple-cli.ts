import { constants as fsConstants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { AppError } from '../../../shared/errors';

/**
 * Where the installer (/usr/local/bin) and Homebrew (/opt/homebrew/bin) put `container`.
 * A GUI app launched from Finder gets launchd's minimal PATH, not the user's shell PATH.
 */
export const WELL_KNOWN_CLI_DIRS: readonly string[] = ['/usr/local/bin', '/opt/homebrew/bin'];

export const APPLE_CLI_NAME = 'container';

async function isExecutableFile(file: string): Promise<boolean> {
  try {
    await access(file, fsConstants.X_OK);
    // X_OK also passes for directories, which cannot be run.
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

/**
 * Absolute path of the `container` binary, or null. Searches PATH, then the well-known dirs,
 * then `extraDirs`. Relative PATH entries are skipped: they would resolve against whatever the
 * app's working directory happens to be.
 */
export async function findAppleContainerCli(
  env: NodeJS.ProcessEnv,
  extraDirs: readonly string[] = [],
  wellKnownDirs: readonly string[] = WELL_KNOWN_CLI_DIRS,
): Promise<string | null> {
  const fromPath = (env.PATH ?? '').split(path.delimiter);
  const seen = new Set<string>();
  for (const dir of [...fromPath, ...wellKnownDirs, ...extraDirs]) {
    if (!dir || !path.isAbsolute(dir) || seen.has(dir)) continue;
    seen.add(dir);
    const candidate = path.join(dir, APPLE_CLI_NAME);
    if (await isExecutableFile(candidate)) return candidate;
  }
  return null;
}

export interface RunCliOptions {
  timeoutMs: number;
  /** Exit codes that are answers, not failures (`system status` exits 1 when not running). */
  okExitCodes?: readonly number[];
  cancelSignal?: AbortSignal;
}

export interface CliResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/**
 * What the CLI prints when its API server is down (no `container system start` yet, or it crashed).
 * Matched loosely because the wording comes from XPC and has changed between releases.
 */
export const SERVICE_DOWN =
  /xpc connection error|connection (invalid|interrupted)|apiserver is not running|not registered with launchd|ensure container system service has been started/i;

/** Swift errors read `container not found: web`, `notFound: "…"` or `No such container: web`. */
const NOT_FOUND = /not ?found|no such container/i;

function describe(binary: string, args: readonly string[]): string {
  return [path.basename(binary), ...args].join(' ');
}

/**
 * Runs the CLI with an argument array (never through a shell, so no argument is ever parsed as
 * shell syntax) and maps failures to AppError codes the rest of the app understands.
 */
export async function runCli(binary: string, args: readonly string[], options: RunCliOptions): Promise<CliResult> {
  const command = describe(binary, args);
  const result = await execa(binary, [...args], {
    shell: false,
    reject: false,
    timeout: options.timeoutMs,
    cancelSignal: options.cancelSignal,
    // Nothing should prompt; a closed stdin makes a prompt fail fast instead of hanging until the timeout.
    stdin: 'ignore',
    stripFinalNewline: true,
    env: { NO_COLOR: '1' },
  });

  if (result.timedOut) {
    throw new AppError(
      'ENGINE_UNAVAILABLE',
      `\`${command}\` did not answer within ${Math.round(options.timeoutMs / 100) / 10}s. The Apple container services may be hung; try \`container system stop\` then \`container system start\`.`,
    );
  }
  if (result.isCanceled) {
    throw new AppError('ENGINE_UNAVAILABLE', `\`${command}\` was cancelled.`);
  }
  if (result.code === 'ENOENT' || result.code === 'EACCES') {
    throw new AppError('ENGINE_UNAVAILABLE', `The Apple container CLI could not be run at ${binary} (${result.code}). Is it installed?`);
  }

  const stdout = String(result.stdout ?? '');
  const stderr = String(result.stderr ?? '').trim();
  const exitCode = result.exitCode;
  if (exitCode === undefined) {
    // Killed by a signal or failed to spawn for another reason.
    throw new AppError('ENGINE_ERROR', `\`${command}\` failed: ${result.shortMessage ?? 'no exit code'}`);
  }
  if (exitCode === 0 || options.okExitCodes?.includes(exitCode)) {
    return { stdout, stderr, exitCode };
  }

  const detail = stderr || stdout.trim() || `exit code ${exitCode}`;
  if (SERVICE_DOWN.test(detail)) {
    throw new AppError('ENGINE_UNAVAILABLE', `The Apple container services are not running. Run \`container system start\` in Terminal. (${detail})`);
  }
  if (NOT_FOUND.test(detail)) {
    throw new AppError('NOT_FOUND', detail);
  }
  throw new AppError('ENGINE_ERROR', `\`${command}\` failed (exit ${exitCode}): ${detail}`);
}
