import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../../src/shared/errors';
import {
  adminShellScript,
  appleScriptString,
  changeDnsDomain,
  checkDnsDomain,
  checkLocalhostIp,
  listDnsDomains,
  shQuote,
  type AdminScriptRunner,
} from '../../../../src/main/engines/apple/apple-dns';
import type { CliResult } from '../../../../src/main/engines/apple/apple-cli';
import { decodeAdminScript } from './fake-admin';
import { readFixture } from './fixtures';

const HOSTILE = [
  `it's`,
  `"; do shell script "id" --`,
  `\\" & (do shell script "touch pwned") & "`,
  `a\\b\\\\c`,
  `$(touch pwned)`,
  '`touch pwned`',
  `'; touch pwned; '`,
  `x" with administrator privileges\ndo shell script "touch pwned`.replace('\n', ' '),
  '* ? [a] ~ # & | ; < > ( ) { } !',
  'ünïcødé → ✓',
];

let cwd: string;
beforeEach(() => {
  cwd = mkdtempSync(path.join(tmpdir(), 'ck-apple-dns-'));
});
afterEach(() => {
  rmSync(cwd, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
});

/** Runs a shell command line and returns the argv printf saw, split on NUL. */
async function shArgs(commandLine: string): Promise<string[]> {
  const r = await execa('/bin/sh', ['-c', `printf '%s\\0' ${commandLine}`], { cwd });
  return r.stdout.split('\0').slice(0, -1);
}

function errorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return e as AppError;
  }
  throw new Error('expected an error');
}

describe('validation of what goes into the administrator shell', () => {
  it.each(['test', 'host.container.internal', 'a', 'my-domain.local', 'A1.b2'])('accepts the domain %j', (d) => {
    expect(checkDnsDomain(d)).toBe(d);
  });

  it.each(['', '-test', 'test-', '.test', 'test.', 'a..b', 'a b', 'a;b', "a'b", 'a"b', 'a\\b', '$(id)', '`id`', 'a\nb', 'a/b', 'ä.test', 'x'.repeat(254)])(
    'rejects the domain %j',
    (d) => {
      expect(errorOf(() => checkDnsDomain(d)).code).toBe('INVALID_INPUT');
    },
  );

  it('accepts only dotted IPv4 for --localhost', () => {
    expect(checkLocalhostIp('203.0.113.113')).toBe('203.0.113.113');
    for (const bad of ['::1', '256.1.1.1', '1.2.3', '01.2.3.4', '1.2.3.4 ', '1.2.3.4;id', '', 'localhost']) {
      expect(errorOf(() => checkLocalhostIp(bad)).code).toBe('INVALID_INPUT');
    }
  });
});

describe('quoting for sh and AppleScript', () => {
  it('shQuote round-trips every hostile string through a real /bin/sh', async () => {
    const args = [...HOSTILE, ''];
    expect(await shArgs(args.map(shQuote).join(' '))).toEqual(args);
    expect(readdirSync(cwd)).toEqual([]); // nothing ran: no `pwned`
  });

  it('appleScriptString escapes only backslash and double quote, and decodes back exactly', () => {
    expect(appleScriptString('a"b\\c')).toBe('"a\\"b\\\\c"');
    for (const s of HOSTILE) {
      const literal = appleScriptString(s);
      // No unescaped quote inside: the literal ends where it should.
      expect(/^"(?:[^"\\]|\\["\\])*"$/.test(literal)).toBe(true);
      expect(decodeAdminScript(`do shell script ${literal} with administrator privileges`)).toBe(s);
    }
  });

  it('adminShellScript: hostile argv survives both layers unchanged and runs nothing else', async () => {
    const argv = ['/opt/odd "dir" \\ $(x)/container', ...HOSTILE];
    const script = adminShellScript(argv);
    expect(script.startsWith('do shell script "')).toBe(true);
    expect(script.endsWith('" with administrator privileges')).toBe(true);
    const command = decodeAdminScript(script);
    expect(await shArgs(command)).toEqual(argv);
    expect(existsSync(path.join(cwd, 'pwned'))).toBe(false);
  });

  it('adminShellScript quotes the exact command for a domain create', () => {
    expect(adminShellScript(['/usr/local/bin/container', 'system', 'dns', 'create', '--localhost', '203.0.113.113', 'test'])).toBe(
      `do shell script "'/usr/local/bin/container' 'system' 'dns' 'create' '--localhost' '203.0.113.113' 'test'" with administrator privileges`,
    );
  });

  it('adminShellScript refuses control characters, empty arguments and a relative executable', () => {
    expect(errorOf(() => adminShellScript(['/bin/x', 'a\nb'])).code).toBe('INVALID_INPUT');
    expect(errorOf(() => adminShellScript(['/bin/x', 'a\0b'])).code).toBe('INVALID_INPUT');
    expect(errorOf(() => adminShellScript(['/bin/x', 'a\rb'])).code).toBe('INVALID_INPUT');
    expect(errorOf(() => adminShellScript(['/bin/x', ''])).code).toBe('INVALID_INPUT');
    expect(errorOf(() => adminShellScript(['container', 'system'])).code).toBe('INTERNAL');
    expect(errorOf(() => adminShellScript([])).code).toBe('INTERNAL');
  });
});

describe('changeDnsDomain', () => {
  const answer = (r: { exitCode: number; stdout?: string; stderr?: string }) => {
    const scripts: string[] = [];
    const runner: AdminScriptRunner = async (script) => {
      scripts.push(script);
      return { stdout: '', stderr: '', ...r };
    };
    return { runner, scripts };
  };
  const codeOf = async (p: Promise<unknown>) => {
    try {
      await p;
    } catch (e) {
      return (e as AppError).code;
    }
    return 'resolved';
  };

  it('hostile domains and addresses never reach the runner', async () => {
    const { runner, scripts } = answer({ exitCode: 0 });
    for (const d of ['x"; touch pwned; "', "x'; id; '", 'x\\', '$(id)', '-rf', 'a b']) {
      expect(await codeOf(changeDnsDomain('/usr/local/bin/container', runner, { action: 'create', domain: d }))).toBe('INVALID_INPUT');
      expect(await codeOf(changeDnsDomain('/usr/local/bin/container', runner, { action: 'delete', domain: d }))).toBe('INVALID_INPUT');
    }
    expect(await codeOf(changeDnsDomain('/usr/local/bin/container', runner, { action: 'create', domain: 'test', localhost: '1.2.3.4"; id' }))).toBe(
      'INVALID_INPUT',
    );
    expect(scripts).toEqual([]);
  });

  it.each([
    ['0:120: execution error: User canceled. (-128)', 'UNAUTHORIZED'],
    ['execution error: Error: exists: "domain test already exists" (1)', 'CONFLICT'],
    ['execution error: Error: notFound: "domain test not found" (1)', 'NOT_FOUND'],
    ['execution error: Error: mDNSResponder restart failed (1)', 'ENGINE_ERROR'],
  ])('maps %j to %s', async (stderr, code) => {
    const { runner } = answer({ exitCode: 1, stderr });
    expect(await codeOf(changeDnsDomain('/usr/local/bin/container', runner, { action: 'create', domain: 'test' }))).toBe(code);
  });

  it('a cancelled prompt says nothing changed', async () => {
    const { runner } = answer({ exitCode: 1, stderr: 'execution error: User canceled. (-128)' });
    await expect(changeDnsDomain('/usr/local/bin/container', runner, { action: 'delete', domain: 'test' })).rejects.toThrow(
      'The administrator prompt was cancelled; DNS domain test was not deleted.',
    );
  });
});

describe('listDnsDomains', () => {
  const cli = (answers: Record<string, string | Error>) => {
    const calls: string[] = [];
    const run = async (args: readonly string[]): Promise<CliResult> => {
      const key = args.join(' ');
      calls.push(key);
      const a = answers[key];
      if (a === undefined) throw new Error(`unexpected ${key}`);
      if (a instanceof Error) throw a;
      return { stdout: a, stderr: '', exitCode: 0 };
    };
    return { run, calls };
  };

  it('reads the 0.6+ JSON array', async () => {
    const { run } = cli({ 'system dns ls --format json': readFixture('system-dns-ls.v1.2.2.json') });
    expect(await listDnsDomains(run)).toEqual(['host.container.internal', 'test']);
  });

  it('falls back to the 0.5 plain-text list when --format is unknown', async () => {
    const legacy = JSON.parse(readFixture('legacy/system-dns-ls.v0.5.txt.json')) as { stdout: string };
    const { run, calls } = cli({
      'system dns ls --format json': new AppError('ENGINE_ERROR', "`container system dns ls --format json` failed (exit 64): Error: Unknown option '--format'"),
      'system dns list': legacy.stdout,
    });
    expect(await listDnsDomains(run)).toEqual(['host.container.internal', 'test']);
    expect(calls).toEqual(['system dns ls --format json', 'system dns list']);
  });

  it('an empty list is empty; other failures propagate', async () => {
    expect(await listDnsDomains(cli({ 'system dns ls --format json': '[]' }).run)).toEqual([]);
    const down = new AppError('ENGINE_UNAVAILABLE', 'not running');
    await expect(listDnsDomains(cli({ 'system dns ls --format json': down }).run)).rejects.toBe(down);
  });
});
