/**
 * Reads the output of the lookup tools we run inside containers: `nslookup` (BusyBox, both its
 * pre-1.30 and its current format, and BIND's) and `getent hosts`. Every format was captured from
 * real engines or published output; see tests/fixtures/dns/README.md.
 *
 * The formats, in short:
 * - BusyBox ≥ 1.30 (what busybox/alpine images ship today):
 *     Server:\t\t127.0.0.11 / Address:\t127.0.0.11:53 / (blank) / Non-authoritative answer: /
 *     Name:\tweb / Address: 172.18.0.2   — plus `** server can't find X: NXDOMAIN` and
 *     `*** Can't find X: No answer` (printed per query type, so once per A/AAAA).
 * - BusyBox < 1.30: Server: … / Address 1: 127.0.0.11 / Name: web / Address 1: 172.22.0.2 web.net,
 *   and `nslookup: can't resolve 'web'` on failure.
 * - BIND 9: like BusyBox ≥ 1.30 but the server's address is `127.0.0.11#53`, CNAMEs appear as
 *   `x\tcanonical name = y.`, and a dead server gives `;; communications error to A#53: timed out`
 *   then `;; no servers could be reached`.
 * In all of them the `Address` lines before the first `Name:` describe the server, not the answer.
 * Pure: no Node or DOM APIs.
 */
import { parseIp } from './cidr';

export interface NslookupResult {
  /** Answer addresses in canonical form, in the order printed, without repeats. */
  addresses: string[];
  /** The server the tool asked, as it printed it (without the port). */
  server: string | null;
  /** Why no address came back, in words; null when there are addresses (or no recognisable reason). */
  error: string | null;
}

/** `127.0.0.11:53`, `127.0.0.11#53`, `[fd00::1]:53` → the address alone. */
function withoutPort(token: string): string {
  const hash = token.replace(/#\d+$/, '');
  if (hash !== token) return hash;
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(token);
  if (bracketed) return bracketed[1];
  return /^\d+\.\d+\.\d+\.\d+:\d+$/.test(token) ? token.replace(/:\d+$/, '') : token;
}

function canonicalIp(token: string): string | null {
  try {
    return parseIp(token).text;
  } catch {
    return null;
  }
}

type Failure =
  | { kind: 'rcode'; code: string; name: string }
  | { kind: 'timeout' }
  | { kind: 'refused' }
  | { kind: 'cantResolve'; name: string; reason: string | null }
  | { kind: 'noAnswer'; name: string };

/**
 * Which failure to explain when several were printed: the most specific first. A refusal beats
 * the timeout BusyBox prints after it, because "nothing listens there" is the cause.
 */
const PRIORITY: Record<Failure['kind'], number> = { rcode: 0, refused: 1, timeout: 2, cantResolve: 3, noAnswer: 4 };

function describe(f: Failure, server: string | null, name: string): string {
  const by = server ? `the resolver (${server})` : 'the resolver';
  switch (f.kind) {
    case 'rcode':
      return f.code === 'NXDOMAIN' ? `No such name: ${by} answered NXDOMAIN for ${f.name}` : `The lookup of ${f.name} failed: ${by} answered ${f.code}`;
    case 'timeout':
      return `No answer from ${by} for ${name}: the lookup timed out (no servers could be reached)`;
    case 'refused':
      return `${server ?? 'The resolver'} refused the connection: nothing answers DNS there`;
    case 'cantResolve':
      return `nslookup could not resolve ${f.name}${f.reason ? ` (${f.reason})` : ''}`;
    case 'noAnswer':
      return `${f.name} exists but has no address record (${by} gave no answer)`;
  }
}

/** Parses nslookup output (stdout and stderr together); `name` is what was looked up. */
export function parseNslookup(text: string, name: string): NslookupResult {
  const addresses: string[] = [];
  const failures: Failure[] = [];
  let server: string | null = null;
  let inAnswer = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    let m: RegExpExecArray | null;
    if ((m = /^Server:\s*(\S+)/.exec(line))) {
      server = withoutPort(m[1]);
      inAnswer = false;
    } else if (/^Name:\s*\S/.test(line)) {
      inAnswer = true;
    } else if ((m = /^Address(?:\s+\d+)?:\s*(\S+)/.exec(line))) {
      if (inAnswer) {
        const ip = canonicalIp(m[1]);
        if (ip && !addresses.includes(ip)) addresses.push(ip);
      } else if (!server) {
        server = withoutPort(m[1]);
      }
    } else if ((m = /^\*\* server can't find (\S+?):\s*([A-Z]+)/.exec(line))) {
      failures.push({ kind: 'rcode', name: m[1], code: m[2] });
    } else if ((m = /^\*\*\* Can't find (\S+?):\s*No answer/i.exec(line))) {
      failures.push({ kind: 'noAnswer', name: m[1] });
    } else if ((m = /^;; communications error to (\S+): (.*)$/.exec(line))) {
      server ??= withoutPort(m[1]);
      failures.push(/refused/i.test(m[2]) ? { kind: 'refused' } : { kind: 'timeout' });
    } else if (/connection timed out|no servers could be reached/i.test(line)) {
      failures.push({ kind: 'timeout' });
    } else if (/^nslookup: .*connection refused/i.test(line)) {
      failures.push({ kind: 'refused' });
    } else if ((m = /^nslookup: can't resolve '([^']*)'(?::\s*(.+))?/.exec(line))) {
      // Old BusyBox also says this about the *server* ('(null)') before answering normally.
      if (m[1] !== '(null)') failures.push({ kind: 'cantResolve', name: m[1], reason: m[2]?.trim() || null });
    }
  }
  if (addresses.length > 0 || failures.length === 0) return { addresses, server, error: null };
  const worst = [...failures].sort((a, b) => PRIORITY[a.kind] - PRIORITY[b.kind])[0];
  return { addresses, server, error: describe(worst, server, name) };
}
