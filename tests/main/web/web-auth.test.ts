import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MIN_TOKEN_LENGTH, generateToken, tokenProblem } from '../../../src/main/web/web-auth';

describe('the token rule (finding 6)', () => {
  it('asks for at least 32 characters', () => {
    expect(MIN_TOKEN_LENGTH).toBe(32);
  });

  it.each(['', 'x', 'short-token', 'a'.repeat(31)])('refuses %j: too short, and says the minimum', (token) => {
    const problem = tokenProblem(token);
    expect(problem).toMatch(/CK_TOKEN/);
    expect(problem).toContain('32');
    expect(problem).not.toContain('\n');
  });

  it('does not echo the refused token back', () => {
    expect(tokenProblem('my-secret-but-short')).not.toContain('my-secret-but-short');
  });

  it.each([
    ['a space', `${'a'.repeat(20)} ${'b'.repeat(20)}`],
    ['a tab', `${'a'.repeat(20)}\t${'b'.repeat(20)}`],
    ['a non-ASCII letter', `${'a'.repeat(40)}é`],
  ])('refuses a long token with %s: the Authorization header could never carry it', (_label, token) => {
    expect(tokenProblem(token)).toMatch(/CK_TOKEN/);
  });

  it.each(['a'.repeat(32), 'A-b_c.d~e!0123456789abcdefghijklmnop', 'x'.repeat(200)])('accepts %s', (token) => {
    expect(tokenProblem(token)).toBeNull();
  });

  it('accepts every generated token', () => {
    for (let i = 0; i < 50; i++) expect(tokenProblem(generateToken())).toBeNull();
  });
});

describe('npm run web with a short CK_TOKEN', () => {
  const MAIN = fileURLToPath(new URL('../../../src/main/web/web-main.ts', import.meta.url));

  it('exits 1 with one line on stderr and no stack trace, before starting anything', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', MAIN], {
      cwd: fileURLToPath(new URL('../../../', import.meta.url)),
      env: { ...process.env, CK_TOKEN: 'too-short', CK_PORT: '0', CK_CONFIG_DIR: '/nonexistent/ck-web-auth-test' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/CK_TOKEN/);
    expect(lines[0]).toContain('32');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }, 30_000);
});
