import type Docker from 'dockerode';
import { PassThrough } from 'node:stream';
import type { ExecResult } from '../container-engine';
import { containerAt } from './docker-paths';

const MAX_OUTPUT = 256 * 1024;

/**
 * Runs argv inside a container through the engine API (never a shell string) and collects its
 * output, bounded in size and time. A timeout is reported as such, not as an error.
 */
export async function execInContainer(docker: Docker, id: string, command: string[], timeoutMs: number): Promise<ExecResult> {
  const exec = await containerAt(docker, id).exec({ Cmd: command, AttachStdout: true, AttachStderr: true, Tty: false });
  const stream = await exec.start({ hijack: true, stdin: false });
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (c: Buffer) => (stdout = (stdout + c.toString('utf8')).slice(-MAX_OUTPUT)));
  err.on('data', (c: Buffer) => (stderr = (stderr + c.toString('utf8')).slice(-MAX_OUTPUT)));
  docker.modem.demuxStream(stream, out, err);
  const timedOut = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => {
      stream.destroy();
      resolve(true);
    }, timeoutMs);
    const done = () => {
      clearTimeout(timer);
      resolve(false);
    };
    stream.on('end', done);
    stream.on('close', done);
    stream.on('error', done);
  });
  if (timedOut) return { exitCode: null, stdout, stderr, timedOut: true };
  const info = await exec.inspect().catch(() => null);
  return { exitCode: info?.ExitCode ?? null, stdout, stderr, timedOut: false };
}
