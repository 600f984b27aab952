import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, it, expect } from 'vitest';
import { AppError } from '../../../../src/shared/errors';
import { findAppleContainerCli, runCli } from '../../../../src/main/engines/apple/apple-cli';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ck-apple-cli-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
});

/** Writes an executable Node script; `body` runs with `args` = argv after the script name. */
function script(name: string, body: string, mode = 0o755): string {
  const file = path.join(dir, name);
  writeFileSync(file, `#!/usr/bin/env node\nconst args = process.argv.slice(2);\n${body}\n`);
  chmodSync(file, mode);
  return file;
}

async function failure(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return e as AppError;
  }
  throw new Error('expected a rejection');
}

describe('findAppleContainerCli', () => {
  const noWellKnown: string[] = [];

  it('finds the binary in an extra dir', async () => {
    const bin = path.join(dir, 'bin');
    mkdirSync(bin);
    writeFileSync(path.join(bin, 'container'), '#!/bin/sh\n');
    chmodSync(path.join(bin, 'container'), 0o755);
    expect(await findAppleContainerCli({ PATH: '/nonexistent' }, [bin], noWellKnown)).toBe(path.join(bin, 'container'));
  });

  it('finds it on PATH before the extra dirs', async () => {
    const a = path.join(dir, 'a');
    const b = path.join(dir, 'b');
    for (const d of [a, b]) {
      mkdirSync(d);
      writeFileSync(path.join(d, 'container'), '#!/bin/sh\n');
      chmodSync(path.join(d, 'container'), 0o755);
    }
    expect(await findAppleContainerCli({ PATH: a }, [b], noWellKnown)).toBe(path.join(a, 'container'));
  });

  it('returns null when absent, not executable, a directory, or only on a relative PATH entry', async () => {
    const plain = path.join(dir, 'plain');
    const asDir = path.join(dir, 'asdir');
    mkdirSync(plain);
    mkdirSync(path.join(asDir, 'container'), { recursive: true });
    writeFileSync(path.join(plain, 'container'), '#!/bin/sh\n');
    chmodSync(path.join(plain, 'container'), 0o644);
    const relative = path.relative(process.cwd(), plain);
    expect(await findAppleContainerCli({ PATH: `${relative}${path.delimiter}` }, [plain, asDir, dir], noWellKnown)).toBeNull();
    expect(await findAppleContainerCli({}, [], noWellKnown)).toBeNull();
  });
});

describe('runCli', () => {
  it('passes arguments verbatim, without a shell', async () => {
    const bin = script('echoargs', 'console.log(JSON.stringify(args));');
    const hostile = ['$(touch pwned)', 'a;b', '`id`', '*', '--', "it's"];
    const res = await runCli(bin, hostile, { timeoutMs: 5000 });
    expect(JSON.parse(res.stdout)).toEqual(hostile);
    expect(res.exitCode).toBe(0);
  });

  it('maps a missing binary to ENGINE_UNAVAILABLE', async () => {
    const err = await failure(runCli(path.join(dir, 'missing'), ['ls'], { timeoutMs: 5000 }));
    expect(err.code).toBe('ENGINE_UNAVAILABLE');
    expect(err.message).toMatch(/could not be run/);
  });

  it('maps a timeout to ENGINE_UNAVAILABLE with a clear message', async () => {
    const bin = script('slow', 'setTimeout(() => {}, 10000);');
    const err = await failure(runCli(bin, [], { timeoutMs: 200 }));
    expect(err.code).toBe('ENGINE_UNAVAILABLE');
    expect(err.message).toMatch(/did not answer within 0\.2s/);
  });

  it.each([['Error: container not found: web'], ['Error: notFound: "container web not found"'], ['Error: No such container: web']])(
    'maps %j to NOT_FOUND',
    async (stderr) => {
      const bin = script('nf', `process.stderr.write(${JSON.stringify(stderr)}); process.exit(1);`);
      expect((await failure(runCli(bin, ['inspect', 'web'], { timeoutMs: 5000 }))).code).toBe('NOT_FOUND');
    },
  );

  it('maps a dead API server to ENGINE_UNAVAILABLE', async () => {
    const bin = script('down', `process.stderr.write('Error: interrupted: "XPC connection error: Connection invalid"'); process.exit(1);`);
    const err = await failure(runCli(bin, ['ls'], { timeoutMs: 5000 }));
    expect(err.code).toBe('ENGINE_UNAVAILABLE');
    expect(err.message).toContain('container system start');
  });

  it('maps other failures to ENGINE_ERROR carrying stderr', async () => {
    const bin = script('boom', `process.stderr.write('Error: invalidState: "container web is running"'); process.exit(1);`);
    const err = await failure(runCli(bin, ['rm', 'web'], { timeoutMs: 5000 }));
    expect(err.code).toBe('ENGINE_ERROR');
    expect(err.message).toContain('container web is running');
    expect(err.message).toContain('exit 1');
  });

  it('returns allowed non-zero exits instead of throwing', async () => {
    const bin = script('status', `console.log('{"status":"not running"}'); process.exit(1);`);
    const res = await runCli(bin, [], { timeoutMs: 5000, okExitCodes: [1] });
    expect(res).toEqual({ stdout: '{"status":"not running"}', stderr: '', exitCode: 1 });
  });
});
