import { request } from 'node:http';
import { connect } from 'node:net';
import { isWildcardAddress } from '../../../../shared/host-address';
import { publishedPorts, type Checker } from '../checker';

/** Container ports that usually speak plain HTTP. */
const HTTPISH = new Set([80, 3000, 4200, 5000, 5173, 8000, 8008, 8080, 8081, 8888, 9000]);

/**
 * Where to knock from the host: only loopback, or the one host address the mapping is bound to.
 * A wildcard mapping is tried on 127.0.0.1 (or ::1 for `::`); nothing else is ever contacted.
 */
export function hostTarget(hostIp: string): string {
  if (hostIp === '' || hostIp === '0.0.0.0' || hostIp === 'localhost') return '127.0.0.1';
  if (hostIp === '::') return '::1';
  return hostIp;
}

export function tcpConnect(host: string, port: number, timeoutMs: number, signal: AbortSignal): Promise<{ ok: boolean; ms: number; error?: string }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: timeoutMs });
    const end = (r: { ok: boolean; error?: string }) => {
      socket.destroy();
      signal.removeEventListener('abort', onAbort);
      resolve({ ...r, ms: Math.round(performance.now() - started) });
    };
    const onAbort = () => end({ ok: false, error: 'aborted' });
    signal.addEventListener('abort', onAbort);
    socket.once('connect', () => end({ ok: true }));
    socket.once('timeout', () => end({ ok: false, error: `no answer within ${timeoutMs} ms` }));
    socket.once('error', (e: NodeJS.ErrnoException) => end({ ok: false, error: e.code ?? e.message }));
  });
}

export function httpGet(
  host: string,
  port: number,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<{ status: number | null; statusLine: string | null; ms: number; error?: string; server?: string }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const req = request(
      { host, port, path: '/', method: 'GET', timeout: timeoutMs, signal, headers: { 'user-agent': 'container-kit-diagnostics', connection: 'close' } },
      (res) => {
        res.resume();
        const statusLine = `HTTP/${res.httpVersion} ${res.statusCode} ${res.statusMessage ?? ''}`.trim();
        resolve({
          status: res.statusCode ?? null,
          statusLine,
          ms: Math.round(performance.now() - started),
          server: res.headers.server === undefined ? undefined : String(res.headers.server),
        });
        res.destroy();
      },
    );
    req.once('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.once('error', (e: NodeJS.ErrnoException) =>
      resolve({ status: null, statusLine: null, ms: Math.round(performance.now() - started), error: e.code ?? e.message }),
    );
    req.end();
  });
}

/** From the host, connect to each published TCP port (and GET / on HTTP-ish ones), like `curl -v`. */
export const hostPortAnswers: Checker = {
  id: 'host-port-answers',
  title: 'Published ports answer from the host',
  applicable: (ctx) => ctx.container.state === 'running' && publishedPorts(ctx.container).some((p) => p.protocol === 'tcp'),
  async check(ctx, signal) {
    const evidence: string[] = [];
    const failed: string[] = [];
    const seen = new Set<string>();
    const ports = publishedPorts(ctx.container).filter((p) => p.protocol === 'tcp');
    const results = await Promise.all(
      ports.map(async (p) => {
        const host = hostTarget(p.hostIp);
        const key = `${host}|${p.hostPort}`;
        if (seen.has(key)) return null;
        seen.add(key);
        const label = host.includes(':') ? `[${host}]:${p.hostPort}` : `${host}:${p.hostPort}`;
        const lines = [`* Trying ${label} (→ container ${p.containerPort}/tcp)...`];
        const tcp = await tcpConnect(host, p.hostPort!, 1500, signal);
        if (!tcp.ok) return { label, lines: [...lines, `* connect failed after ${tcp.ms} ms: ${tcp.error}`], ok: false };
        lines.push(`* Connected to ${host} port ${p.hostPort} (${tcp.ms} ms)`);
        if (!HTTPISH.has(p.containerPort) && !HTTPISH.has(p.hostPort!)) return { label, lines, ok: true };
        lines.push(`> GET / HTTP/1.1`, `> Host: ${label}`);
        const http = await httpGet(host, p.hostPort!, 2000, signal);
        if (http.status === null) return { label, lines: [...lines, `* no HTTP response after ${http.ms} ms: ${http.error}`], ok: false };
        lines.push(`< ${http.statusLine}`, ...(http.server ? [`< Server: ${http.server}`] : []), `* HTTP ${http.status} in ${http.ms} ms`);
        return { label, lines, ok: true };
      }),
    );
    for (const r of results) {
      if (!r) continue;
      evidence.push(...r.lines);
      if (!r.ok) failed.push(r.label);
    }
    if (!failed.length) return { status: 'pass', summary: 'Every published TCP port answers from the host.', evidence, fixes: [] };
    const wildcard = ports.some((p) => isWildcardAddress(p.hostIp));
    return {
      status: 'fail',
      summary: `${failed.join(', ')} did not answer from the host.`,
      evidence,
      fixes: [
        'See the listener checks: a server that is not running, listens on another port, or listens only on 127.0.0.1 inside the container refuses or resets connections through the mapping.',
        ...(wildcard ? [] : ['The mapping is bound to one host address: connect to that address, not to another.']),
      ],
    };
  },
};
