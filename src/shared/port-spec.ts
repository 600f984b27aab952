/**
 * Docker's `-p` / `--publish` syntax, parsed exactly as the Docker CLI parses it (docker/cli
 * `cli/command/container/opts.go` → go-connections `nat.ParsePortSpec`, then moby's
 * `validatePortBindings`), so a spec we accept is one the engine accepts, and vice versa.
 * Pure: no Node or DOM APIs, because both main and renderer use it.
 */
export type PortProtocol = 'tcp' | 'udp' | 'sctp';

export interface PortSpec {
  /** '' when omitted (all interfaces). IPv6 without brackets. */
  hostIp: string;
  /** null when omitted: the engine picks a free port. */
  hostPortStart: number | null;
  hostPortEnd: number | null;
  containerPortStart: number;
  containerPortEnd: number;
  protocol: PortProtocol;
}

/** Which part of the spec was wrong, so a form can highlight that field. */
export type PortSpecPart = 'spec' | 'hostIp' | 'hostPort' | 'containerPort' | 'protocol' | 'range';

export class PortSpecError extends Error {
  readonly input: string;
  readonly part: PortSpecPart;
  constructor(input: string, part: PortSpecPart, message: string) {
    super(message);
    this.name = 'PortSpecError';
    this.input = input;
    this.part = part;
  }
}

export const PORT_PROTOCOLS: readonly PortProtocol[] = ['tcp', 'udp', 'sctp'];

// ---- IP addresses: Go's net.ParseIP (= netip.ParseAddr without zones), printed as netip prints them.

const OCTET = '(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])'; // no leading zeros, as Go ≥ 1.17
const IPV4 = new RegExp(`^${OCTET}(?:\\.${OCTET}){3}$`);
const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

/** The eight 16-bit groups of an IPv6 literal, or null. An IPv4 tail is allowed only at the end. */
function ipv6Groups(text: string): number[] | null {
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const groups = (part: string, v4Tail: boolean): number[] | null => {
    if (part === '') return [];
    const out: number[] = [];
    const fields = part.split(':');
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i];
      if (v4Tail && i === fields.length - 1 && IPV4.test(f)) {
        const b = f.split('.').map(Number);
        out.push(b[0] * 256 + b[1], b[2] * 256 + b[3]);
      } else if (HEX_GROUP.test(f)) out.push(parseInt(f, 16));
      else return null;
    }
    return out;
  };
  if (halves.length === 1) {
    const all = groups(text, true);
    return all && all.length === 8 ? all : null;
  }
  const head = groups(halves[0], false);
  const tail = groups(halves[1], true);
  // Go: "the :: must expand to at least one field of zeros".
  if (!head || !tail || head.length + tail.length > 7) return null;
  return [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
}

/** RFC 5952 form, as Go's netip prints it: lowercase, longest zero run (≥ 2) as `::`, `::ffff:a.b.c.d`. */
function formatIpv6(g: number[]): string {
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) {
    return `::ffff:${g[6] >> 8}.${g[6] & 255}.${g[7] >> 8}.${g[7] & 255}`;
  }
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  const hex = g.map((x) => x.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

/**
 * The canonical form of an IP literal, or null when Docker would reject it. Canonical IPv6 lets
 * `0:0::1` and `::1` compare equal and keeps every accepted address within the contract's 64 chars.
 */
export function canonicalIp(text: string): string | null {
  if (IPV4.test(text)) return text;
  if (!text.includes(':') || text.includes('%')) return null; // zones: net.ParseIP refuses them
  const groups = ipv6Groups(text);
  return groups ? formatIpv6(groups) : null;
}

// ---- Ports

type Fail = (part: PortSpecPart, message: string) => never;

/** Digits only (leading zeros allowed, as strconv.ParseUint allows them), 0–65535. */
function portNumber(text: string, what: string, fail: Fail, part: PortSpecPart): number {
  if (text === '') fail(part, `${what}: a port number is missing`);
  if (!/^[0-9]+$/.test(text)) fail(part, `${what}: "${text}" is not a number`);
  const digits = text.replace(/^0+(?=.)/, '');
  const n = digits.length > 5 ? Infinity : Number(digits);
  if (n > 65535) fail(part, `${what}: ${text} is out of range (ports go up to 65535)`);
  return n;
}

/** go-connections parsePortRange: cut at the first '-'; "80-80" is one port; the end may not be below the start. */
function portRange(text: string, label: string, ctx: string, fail: Fail, part: PortSpecPart): [number, number] {
  const dash = text.indexOf('-');
  const single = dash < 0;
  const what = `Invalid ${label}${single ? '' : ' range'} "${text}" in "${ctx}"`;
  // A single port names itself in `what`, so its reason can be short: `Invalid host port "80a" in "80a:80": not a number`.
  if (single && /[^0-9]/.test(text)) fail(part, `${what}: not a number`);
  const first = single ? text : text.slice(0, dash);
  const start = portNumber(first, what, fail, part);
  if (single || first === text.slice(dash + 1)) return [start, start];
  const end = portNumber(text.slice(dash + 1), what, fail, part);
  if (end < start) fail(part, `${what}: the end (${end}) is below the start (${start})`);
  return [start, end];
}

/** docker/cli convertToStandardNotation: `published=8080,target=80,protocol=udp` → `8080:80/udp`. */
function longSyntax(text: string, fail: Fail): string {
  const params: Record<string, string> = { protocol: 'tcp' };
  for (const param of text.split(',')) {
    const eq = param.indexOf('=');
    if (eq <= 0) fail('spec', `Invalid publish option "${param}" in "${text}": use name=value, e.g. published=8080,target=80`);
    params[param.slice(0, eq)] = param.slice(eq + 1);
  }
  return `${params.published ?? ''}:${params.target ?? ''}/${params.protocol}`;
}

/**
 * Parses `[host_ip:][host_port[-end]:]container_port[-end][/protocol]` (and Docker's long form
 * `published=…,target=…,protocol=…`). Throws PortSpecError naming the bad part and why.
 * Surrounding whitespace is ignored (a shell would drop it before Docker saw it); inner whitespace is an error.
 */
export function parsePortSpec(input: string): PortSpec {
  const ctx = input.trim();
  const fail: Fail = (part, message) => {
    throw new PortSpecError(input, part, message);
  };
  if (ctx === '') fail('spec', 'Empty port spec: give a container port such as 80, or host:container such as 8080:80');
  const spec = ctx.includes('=') ? longSyntax(ctx, fail) : ctx;

  // nat.splitParts: the last part is the container port, the one before it the host port, the rest the IP.
  const parts = spec.split(':');
  const n = parts.length;
  const rawIp = n >= 3 ? parts.slice(0, n - 2).join(':') : '';
  const hostPart = n >= 2 ? parts[n - 2] : '';
  const slash = parts[n - 1].indexOf('/');
  const containerPart = slash < 0 ? parts[n - 1] : parts[n - 1].slice(0, slash);
  const protoPart = slash < 0 ? '' : parts[n - 1].slice(slash + 1);

  if (containerPart === '') {
    fail('containerPort', `Missing container port in "${ctx}": a spec ends with the container port, e.g. 8080:80 or 80/udp`);
  }
  const protocol = (protoPart || 'tcp').toLowerCase() as PortProtocol;
  if (!PORT_PROTOCOLS.includes(protocol)) fail('protocol', `Invalid protocol "${protoPart}" in "${ctx}": use tcp, udp or sctp`);

  let ip = rawIp;
  if (ip.startsWith('[')) {
    // net.SplitHostPort(ip + ":"): the first ']' must close the address, and nothing may follow it.
    if (ip.indexOf(']') !== ip.length - 1 || ip.slice(1).includes('[')) {
      fail('hostIp', `Invalid host IP "${rawIp}" in "${ctx}": brackets must enclose the whole address, e.g. [::1]:8080:80`);
    }
    ip = ip.slice(1, -1);
  }
  let hostIp = '';
  if (ip !== '') {
    const canonical = canonicalIp(ip);
    if (canonical === null) {
      const why =
        /[g-z]/i.test(ip) && !ip.includes(':')
          ? 'host names are not allowed, use an IP address such as 127.0.0.1'
          : ip.includes('%')
            ? 'zone indexes such as %eth0 are not supported'
            : `not an IPv4 or IPv6 address${ip.includes(':') ? ' (write IPv6 in brackets, e.g. [::1]:8080:80)' : ''}`;
      fail('hostIp', `Invalid host IP "${ip}" in "${ctx}": ${why}`);
    }
    hostIp = canonical;
  }

  const [cStart, cEnd] = portRange(containerPart, 'container port', ctx, fail, 'containerPort');
  // moby validatePortBindings rejects container port 0 ("invalid port specification").
  if (cStart === 0) fail('containerPort', `Invalid container port "${containerPart}" in "${ctx}": port 0 cannot be published, use 1-65535`);

  let hostPortStart: number | null = null;
  let hostPortEnd: number | null = null;
  if (hostPart !== '') {
    const [hStart, hEnd] = portRange(hostPart, 'host port', ctx, fail, 'hostPort');
    if (cEnd - cStart !== hEnd - hStart && cEnd !== cStart) {
      const ports = (k: number): string => (k === 1 ? '1 port' : `${k} ports`);
      fail(
        'range',
        `Port ranges differ in length in "${ctx}": host ${hostPart} has ${ports(hEnd - hStart + 1)}, container ${containerPart} has ${ports(cEnd - cStart + 1)}`,
      );
    }
    if (hStart === 0 && hEnd !== 0)
      fail(
        'hostPort',
        `Invalid host port range "${hostPart}" in "${ctx}": a range cannot include port 0 (use 0 alone, or omit the host port, to let the engine pick)`,
      );
    // Host port 0 means "engine picks", exactly like an omitted host port.
    if (hStart !== 0) [hostPortStart, hostPortEnd] = [hStart, hEnd];
  }
  return { hostIp, hostPortStart, hostPortEnd, containerPortStart: cStart, containerPortEnd: cEnd, protocol };
}

const range = (a: number, b: number): string => (a === b ? `${a}` : `${a}-${b}`);

/** Canonical Docker form: IPv6 in brackets, `/tcp` left out (it is the default). Round-trips through parsePortSpec. */
export function formatPortSpec(spec: PortSpec): string {
  const container = range(spec.containerPortStart, spec.containerPortEnd) + (spec.protocol === 'tcp' ? '' : `/${spec.protocol}`);
  const host = spec.hostPortStart === null ? '' : range(spec.hostPortStart, spec.hostPortEnd ?? spec.hostPortStart);
  if (spec.hostIp === '') return host === '' ? container : `${host}:${container}`;
  const ip = spec.hostIp.includes(':') ? `[${spec.hostIp}]` : spec.hostIp;
  return `${ip}:${host}:${container}`;
}

const unquote = (s: string): string => (/^(['"]).*\1$/s.test(s) && s.length >= 2 ? s.slice(1, -1) : s);
/** `-p`, `--publish`, and combined short flags such as `-dp` (pflag lets boolean shorthands precede it). */
const FLAG_ALONE = /^(?:--publish|-[ditP]*p)$/;
const FLAG_VALUE = /^(?:--publish=|-[ditP]*p=?)(.+)$/s;

/**
 * Several specs separated by whitespace, commas or newlines. When the text holds `-p`/`--publish`
 * flags (a pasted `docker run … -p 8080:80 nginx`), only the flags' values are read, so the rest of
 * the command line is ignored. Throws the PortSpecError of the first bad spec.
 */
export function parsePortSpecs(text: string): PortSpec[] {
  const tokens = text.split(/\s+/).filter((t) => t !== '');
  const flagged = tokens.some((t) => FLAG_ALONE.test(t) || (t.startsWith('-') && FLAG_VALUE.test(t)));
  const values: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const attached = t.startsWith('-') ? FLAG_VALUE.exec(t) : null;
    if (FLAG_ALONE.test(t)) {
      if (i + 1 >= tokens.length) throw new PortSpecError(text, 'spec', `"${t}" needs a port spec after it, e.g. ${t} 8080:80`);
      values.push(unquote(tokens[++i]));
    } else if (attached) values.push(unquote(attached[1]));
    else if (!flagged) values.push(unquote(t));
    else if (t.includes(':') && !t.includes('=')) {
      // Next to flags, a bare `127.0.0.1:5432:5432` is still a mapping; image references
      // (nginx:1.27) and volumes (/data:/data) don't parse and are the rest of the command line.
      try {
        parsePortSpec(unquote(t));
        values.push(unquote(t));
      } catch {
        /* not a mapping */
      }
    }
  }
  // Docker's long form uses commas itself, so only short specs are split on them.
  return values
    .flatMap((v) => (v.includes('=') ? [v] : v.split(',')))
    .filter((v) => v !== '')
    .map(parsePortSpec);
}

/** True for `8000-8010:80`: one container port, and the engine binds any one free port of the host range. */
export function isDynamicHostRange(spec: PortSpec): boolean {
  return spec.hostPortStart !== null && (spec.hostPortEnd ?? spec.hostPortStart) !== spec.hostPortStart && spec.containerPortStart === spec.containerPortEnd;
}

/**
 * One number for a protocol and port, for maps and sets asked about thousands of ports at a time:
 * no string is built per question.
 */
export function portKey(protocol: PortProtocol, port: number): number {
  return PORT_PROTOCOLS.indexOf(protocol) * 65536 + port;
}

/**
 * How many ports a spec expands into: one per mapping (`8000-8099:80-179` is 100), or every
 * candidate of a dynamic host range (`8000-8999:80` is 1,000 host ports to check for one mapping).
 * What a check looks at and what the engine is asked to publish both grow with it.
 */
export function expandedPortCount(spec: PortSpec): number {
  const host = spec.hostPortStart === null ? 0 : (spec.hostPortEnd ?? spec.hostPortStart) - spec.hostPortStart + 1;
  return Math.max(0, host, spec.containerPortEnd - spec.containerPortStart + 1);
}

/**
 * Why a spec's ranges cannot be published, as the Docker CLI decides after parsing (go-connections
 * `ParsePortSpec`): an end below its start, or host and container ranges of different lengths
 * (unless one container port takes any port of a host range). Null when they are fine.
 */
export function rangeProblem(spec: PortSpec): string | null {
  if (spec.containerPortEnd < spec.containerPortStart) return 'the container port range ends below its start';
  if (spec.hostPortStart === null) return null;
  const hostEnd = spec.hostPortEnd ?? spec.hostPortStart;
  if (hostEnd < spec.hostPortStart) return 'the host port range ends below its start';
  const single = spec.containerPortStart === spec.containerPortEnd;
  if (!single && hostEnd - spec.hostPortStart !== spec.containerPortEnd - spec.containerPortStart) return 'the host and container port ranges differ in length';
  return null;
}

/** Every host port the spec names (all candidates of a dynamic range); [] when the engine picks. */
export function expandHostPorts(spec: PortSpec): number[] {
  if (spec.hostPortStart === null) return [];
  const out: number[] = [];
  for (let p = spec.hostPortStart; p <= (spec.hostPortEnd ?? spec.hostPortStart); p++) out.push(p);
  return out;
}
