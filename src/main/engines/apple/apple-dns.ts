import path from 'node:path';
import { execa } from 'execa';
import { AppError, isAppError } from '../../../shared/errors';
import type { CliResult } from './apple-cli';
import { parseDnsList } from './apple-schemas';

/**
 * Apple `container system dns` local domains. Listing needs no privileges; `create` and `delete`
 * write /etc/resolver (and pf rules for `--localhost`), so they run as root through the macOS
 * administrator prompt: `osascript -e 'do shell script "…" with administrator privileges'`.
 *
 * That `do shell script` text IS parsed by /bin/sh, the one place in the Apple engine where a
 * shell sees our values. So: every value is validated first (a domain is letters, digits, dots and
 * dashes; the localhost address is a dotted IPv4), and the whole command is then quoted twice in one
 * pure function, `adminShellScript`: each argument for sh, then the command for AppleScript.
 */

const DNS_DOMAIN = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/i;
const OCTET = '(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])';
const IPV4 = new RegExp(`^${OCTET}(?:\\.${OCTET}){3}$`);

export function checkDnsDomain(domain: unknown): string {
  if (typeof domain !== 'string' || domain.length > 253 || !DNS_DOMAIN.test(domain) || domain.includes('..')) {
    throw new AppError(
      'INVALID_INPUT',
      `Not a valid DNS domain: ${JSON.stringify(String(domain).slice(0, 80))}. Use letters, digits, dots and dashes, e.g. "test".`,
    );
  }
  return domain;
}

/** `--localhost` takes an IPv4 address only (`DNSCreate` rejects anything else). */
export function checkLocalhostIp(ip: unknown): string {
  if (typeof ip !== 'string' || !IPV4.test(ip)) {
    throw new AppError('INVALID_INPUT', `--localhost needs an IPv4 address such as 203.0.113.113, got ${JSON.stringify(String(ip).slice(0, 80))}.`);
  }
  return ip;
}

/** POSIX sh single quotes: nothing inside is special, and a `'` is closed, escaped and reopened. */
export function shQuote(arg: string): string {
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** An AppleScript string literal: only `\` and `"` are special inside one. */
export function appleScriptString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/**
 * The AppleScript that runs `argv` as root after the administrator prompt. argv[0] must be an
 * absolute path; control characters are refused outright (defense in depth: validated values
 * never contain them, and neither layer of quoting then has to reason about line breaks).
 */
export function adminShellScript(argv: readonly string[]): string {
  if (argv.length === 0 || !path.isAbsolute(argv[0])) {
    throw new AppError('INTERNAL', 'An administrator command must start with an absolute executable path.');
  }
  for (const a of argv) {
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
    if (typeof a !== 'string' || a.length === 0 || /[\u0000-\u001f\u007f]/.test(a)) {
      throw new AppError('INVALID_INPUT', `Refusing to pass ${JSON.stringify(String(a).slice(0, 80))} to an administrator shell.`);
    }
  }
  const command = argv.map(shQuote).join(' ');
  return `do shell script ${appleScriptString(command)} with administrator privileges`;
}

export interface AdminRunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs an AppleScript with `osascript -e`; injectable so tests never prompt. */
export type AdminScriptRunner = (script: string, options: { timeoutMs: number; cancelSignal?: AbortSignal }) => Promise<AdminRunResult>;

export const osascriptRunner: AdminScriptRunner = async (script, options) => {
  if (process.platform !== 'darwin') {
    throw new AppError('UNSUPPORTED', 'Changing Apple container DNS domains needs macOS (the administrator prompt comes from osascript).');
  }
  const r = await execa('/usr/bin/osascript', ['-e', script], {
    shell: false,
    reject: false,
    timeout: options.timeoutMs,
    cancelSignal: options.cancelSignal,
    stdin: 'ignore',
    stripFinalNewline: true,
  });
  if (r.timedOut) throw new AppError('ENGINE_ERROR', 'The administrator prompt was not answered in time; the DNS domain was not changed.');
  if (r.code === 'ENOENT') throw new AppError('UNSUPPORTED', '/usr/bin/osascript is missing: cannot ask for administrator rights.');
  return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? '') };
};

/** 0.6+ prints a JSON array with `--format json`; 0.5 had no `--format` and printed one domain a line. */
export async function listDnsDomains(run: (args: readonly string[]) => Promise<CliResult>): Promise<string[]> {
  let stdout: string;
  try {
    stdout = (await run(['system', 'dns', 'ls', '--format', 'json'])).stdout;
  } catch (e) {
    if (!(isAppError(e) && e.code === 'ENGINE_ERROR' && /unknown option|unexpected argument/i.test(e.message))) throw e;
    stdout = (await run(['system', 'dns', 'list'])).stdout;
  }
  return [...new Set(parseDnsList(stdout))].sort();
}

/** The administrator prompt waits for a person to type a password. */
const ADMIN_TIMEOUT_MS = 120_000;

/** `container system dns create [--localhost <ip>] <domain>` / `system dns delete <domain>`, as root. */
export async function changeDnsDomain(
  binary: string,
  runner: AdminScriptRunner,
  change: { action: 'create'; domain: string; localhost?: string } | { action: 'delete'; domain: string },
  cancelSignal?: AbortSignal,
): Promise<void> {
  const domain = checkDnsDomain(change.domain);
  const argv = [binary, 'system', 'dns', change.action];
  if (change.action === 'create' && change.localhost !== undefined) argv.push('--localhost', checkLocalhostIp(change.localhost));
  argv.push(domain);
  const script = adminShellScript(argv);
  const r = await runner(script, { timeoutMs: ADMIN_TIMEOUT_MS, cancelSignal });
  if (r.exitCode === 0) return;
  const detail = (r.stderr || r.stdout).trim() || `exit code ${r.exitCode}`;
  if (/user cancel+ed|\(-128\)/i.test(detail)) {
    throw new AppError(
      'UNAUTHORIZED',
      `The administrator prompt was cancelled; DNS domain ${domain} was not ${change.action === 'create' ? 'created' : 'deleted'}.`,
    );
  }
  if (/already exists|\bexists\b/i.test(detail)) throw new AppError('CONFLICT', `DNS domain ${domain} already exists. (${detail})`);
  if (/not ?found|does not exist|no such/i.test(detail)) throw new AppError('NOT_FOUND', `There is no DNS domain ${domain}. (${detail})`);
  throw new AppError('ENGINE_ERROR', `\`container system dns ${change.action} ${domain}\` failed: ${detail}`);
}
