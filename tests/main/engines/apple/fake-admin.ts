import { execa } from 'execa';
import type { AdminScriptRunner } from '../../../../src/main/engines/apple/apple-dns';

/**
 * Reads `do shell script "<literal>" with administrator privileges` back into the shell command,
 * as AppleScript would: only `\"` and `\\` are escapes. Throws on anything else, so a script whose
 * quoting went wrong (an unescaped `"` ending the literal early) fails the test instead of running.
 */
export function decodeAdminScript(script: string): string {
  const m = /^do shell script "((?:[^"\\]|\\["\\])*)" with administrator privileges$/s.exec(script);
  if (!m) throw new Error(`not a well-formed administrator script: ${script}`);
  return m[1].replace(/\\(["\\])/g, '$1');
}

export interface FakeAdmin {
  runner: AdminScriptRunner;
  /** Every AppleScript the engine asked to run. */
  scripts: string[];
  /** What the "user" does at the prompt. */
  answer: 'approve' | 'cancel';
}

/**
 * A stand-in for `osascript`: decodes the script and runs its command with /bin/sh, exactly as
 * `do shell script` would, with FAKE_ADMIN=1 standing in for root. Runs in `cwd` so a test can
 * check that no injected command left a file behind.
 */
export function createFakeAdmin(cwd: string): FakeAdmin {
  const admin: FakeAdmin = {
    scripts: [],
    answer: 'approve',
    runner: async (script, options) => {
      admin.scripts.push(script);
      if (admin.answer === 'cancel') return { exitCode: 1, stdout: '', stderr: '0:120: execution error: User canceled. (-128)' };
      const command = decodeAdminScript(script);
      const r = await execa('/bin/sh', ['-c', command], { cwd, reject: false, timeout: options.timeoutMs, env: { FAKE_ADMIN: '1' } });
      // osascript reports a failed `do shell script` as an execution error carrying the stderr.
      if (r.exitCode !== 0) return { exitCode: 1, stdout: '', stderr: `execution error: ${String(r.stderr)} (${r.exitCode})` };
      return { exitCode: 0, stdout: String(r.stdout), stderr: '' };
    },
  };
  return admin;
}
