/**
 * The host's DNS configuration, shown next to a container's so the user can tell "the engine's DNS
 * is broken" from "the host's upstream is". Where it comes from:
 * - Linux with systemd-resolved: `resolvectl status`. /etc/resolv.conf there only names the local
 *   stub (127.0.0.53), which says nothing about the real upstream servers.
 * - Linux otherwise: /etc/resolv.conf.
 * - macOS: `scutil --dns`. /etc/resolv.conf is informational only on macOS, and it leaves out the
 *   per-domain resolvers from /etc/resolver/* (how Apple container's `container system dns create`
 *   domains are served).
 * Fixtures and their sources: tests/fixtures/host-network/README.md.
 */
import { readFile } from 'node:fs/promises';
import { execa } from 'execa';
import { parseResolvConf } from '../../../shared/resolv-conf';

export interface DomainResolver {
  /** Queries under this domain go to `nameservers` (macOS /etc/resolver, resolved routing domains). */
  domain: string;
  nameservers: string[];
  port: number | null;
}

export interface HostResolverConfig {
  nameservers: string[];
  search: string[];
  options: string[];
  source: 'resolvectl' | '/etc/resolv.conf' | 'scutil --dns';
  raw: string;
  /** Said when the servers listed are not the whole story (the 127.0.0.53 stub, a failed tool). */
  note: string | null;
  domains: DomainResolver[];
}

const uniq = (xs: string[]) => [...new Set(xs)];

// ---- resolvectl status (systemd ≥ 239; same layout as the older `systemd-resolve --status`)

export interface ResolvedScope {
  servers: string[];
  currentServer: string | null;
  /** Search and routing domains; routing-only ones keep their `~` prefix. */
  domains: string[];
  fallbackServers: string[];
  /** From `+DefaultRoute` / `-DefaultRoute` (or `DefaultRoute setting:`); null when not printed. */
  defaultRoute: boolean | null;
}

export interface ResolvectlStatus {
  global: ResolvedScope;
  links: Array<ResolvedScope & { index: number; name: string }>;
  resolvConfMode: string | null;
}

const emptyScope = (): ResolvedScope => ({ servers: [], currentServer: null, domains: [], fallbackServers: [], defaultRoute: null });

/** `192.0.2.11#dns.example` (DNS-over-TLS server name) → the address. */
const serverToken = (t: string) => t.replace(/#.*$/, '');

/**
 * Sections start at `Global` and `Link N (iface)`; inside, `Key: value` lines, where a long list
 * continues on following lines with no key (older versions print one value per line). A key is
 * words followed by `: ` — an IPv6 continuation such as `fd00::1` never has a space after a colon.
 */
export function parseResolvectlStatus(text: string): ResolvectlStatus {
  const global = emptyScope();
  const links: ResolvectlStatus['links'] = [];
  let resolvConfMode: string | null = null;
  let scope: ResolvedScope | null = null;
  let key: string | null = null;
  const add = (s: ResolvedScope, k: string, values: string[]) => {
    if (k === 'DNS Servers') s.servers.push(...values.map(serverToken));
    else if (k === 'Fallback DNS Servers') s.fallbackServers.push(...values.map(serverToken));
    else if (k === 'DNS Domain') s.domains.push(...values);
    else if (k === 'Current DNS Server' && values[0]) s.currentServer = serverToken(values[0]);
    else if (k === 'Protocols' || k === 'DefaultRoute setting') {
      const v = values.join(' ');
      if (/\+DefaultRoute|^yes$/.test(v)) s.defaultRoute = true;
      else if (/-DefaultRoute|^no$/.test(v)) s.defaultRoute = false;
    }
  };
  for (const line of text.split(/\r?\n/)) {
    let m: RegExpExecArray | null;
    if (/^Global\s*$/.test(line)) {
      [scope, key] = [global, null];
    } else if ((m = /^Link (\d+) \(([^)]+)\)/.exec(line))) {
      const link = { ...emptyScope(), index: Number(m[1]), name: m[2] };
      links.push(link);
      [scope, key] = [link, null];
    } else if ((m = /^\s*([A-Za-z][A-Za-z0-9 .-]*?):(?:\s+(.*?))?\s*$/.exec(line))) {
      key = m[1];
      const values = (m[2] ?? '').split(/\s+/).filter(Boolean);
      if (key === 'resolv.conf mode') resolvConfMode = values[0] ?? null;
      if (scope) add(scope, key, values);
    } else if (scope && key && line.trim()) {
      add(scope, key, line.trim().split(/\s+/));
    }
  }
  return { global, links, resolvConfMode };
}

/** What resolved actually uses: global servers, then those of links that take default-route queries. */
export function resolvedToConfig(status: ResolvectlStatus): Pick<HostResolverConfig, 'nameservers' | 'search' | 'domains'> {
  const routing = status.links.filter((l) => l.defaultRoute !== false);
  let nameservers = uniq([...status.global.servers, ...routing.flatMap((l) => l.servers)]);
  // resolved falls back to its compiled-in servers only when nothing else is configured.
  if (nameservers.length === 0) nameservers = uniq(status.global.fallbackServers);
  const all = [status.global, ...status.links];
  // `~domain` only routes queries; it is not appended to short names, so it is not a search domain.
  const search = uniq(all.flatMap((s) => s.domains.filter((d) => !d.startsWith('~'))));
  const domains = status.links.flatMap((l) =>
    l.domains.filter((d) => d !== '~.').map((d) => ({ domain: d.replace(/^~/, ''), nameservers: uniq(l.servers), port: null })),
  );
  return { nameservers, search, domains };
}

// ---- scutil --dns (macOS)

export interface ScutilResolver {
  index: number;
  domain: string | null;
  search: string[];
  nameservers: string[];
  port: number | null;
  options: string[];
  flags: string[];
  ifName: string | null;
}

/** `DNS configuration` then `DNS configuration (for scoped queries)`; blocks start at `resolver #N`. */
export function parseScutilDns(text: string): { resolvers: ScutilResolver[]; scoped: ScutilResolver[] } {
  const resolvers: ScutilResolver[] = [];
  const scoped: ScutilResolver[] = [];
  let target = resolvers;
  let current: ScutilResolver | null = null;
  for (const line of text.split(/\r?\n/)) {
    let m: RegExpExecArray | null;
    if (/^DNS configuration \(for scoped queries\)/.test(line)) [target, current] = [scoped, null];
    else if (/^DNS configuration/.test(line)) [target, current] = [resolvers, null];
    else if ((m = /^resolver #(\d+)/.exec(line))) {
      current = { index: Number(m[1]), domain: null, search: [], nameservers: [], port: null, options: [], flags: [], ifName: null };
      target.push(current);
    } else if (current && (m = /^\s+([a-z_ ]+?)(?:\[\d+\])?\s*:\s*(.*?)\s*$/.exec(line))) {
      const [, k, v] = m;
      if (k === 'nameserver') current.nameservers.push(v);
      else if (k === 'search domain') current.search.push(v);
      else if (k === 'domain') current.domain = v;
      else if (k === 'port') current.port = Number(v) || null;
      else if (k === 'options') current.options.push(...v.split(/\s+/).filter(Boolean));
      else if (k === 'flags') current.flags = v.split(/,\s*/).filter(Boolean);
      else if (k === 'if_index') current.ifName = /\(([^)]+)\)/.exec(v)?.[1] ?? null;
    }
  }
  return { resolvers, scoped };
}

/** Default resolvers (no `domain`) give servers and search list; per-domain ones are listed apart. */
export function scutilToConfig(parsed: ReturnType<typeof parseScutilDns>): Pick<HostResolverConfig, 'nameservers' | 'search' | 'options' | 'domains'> {
  const general = parsed.resolvers.filter((r) => r.domain === null);
  let nameservers = uniq(general.flatMap((r) => r.nameservers));
  if (nameservers.length === 0) nameservers = uniq(parsed.scoped.flatMap((r) => r.nameservers));
  return {
    nameservers,
    search: uniq(general.flatMap((r) => r.search)),
    options: uniq(general.flatMap((r) => r.options)),
    // mDNS domains (`local`, `254.169.in-addr.arpa`) have no nameserver: they are not DNS resolvers.
    domains: parsed.resolvers
      .filter((r) => r.domain !== null && r.nameservers.length > 0)
      .map((r) => ({ domain: r.domain as string, nameservers: r.nameservers, port: r.port })),
  };
}

// ---- reading it

export type ToolRunner = (file: string, args: string[]) => Promise<{ stdout: string; exitCode: number | null }>;

export interface ReadHostResolverOptions {
  platform?: NodeJS.Platform;
  resolvConfPath?: string;
  /** Runs resolvectl / scutil with an argument array; a missing tool rejects or gives a null exit code. */
  run?: ToolRunner;
}

const runTool: ToolRunner = async (file, args) => {
  const r = await execa(file, args, { reject: false, timeout: 5000 });
  return { stdout: r.stdout, exitCode: r.exitCode ?? null };
};

/** Stub listeners of systemd-resolved (127.0.0.54 is its "proxy" stub). */
const RESOLVED_STUBS = new Set(['127.0.0.53', '127.0.0.54']);

async function tryRun(run: ToolRunner, file: string, args: string[]): Promise<string | null> {
  try {
    const r = await run(file, args);
    return r.exitCode === 0 && r.stdout.trim() ? r.stdout : null;
  } catch {
    return null; // not installed, or not permitted: fall back
  }
}

export async function readHostResolver(options: ReadHostResolverOptions = {}): Promise<HostResolverConfig> {
  const platform = options.platform ?? process.platform;
  const run = options.run ?? runTool;
  const resolvConfPath = options.resolvConfPath ?? '/etc/resolv.conf';
  let toolNote: string | null = null;

  if (platform === 'darwin') {
    const out = await tryRun(run, 'scutil', ['--dns']);
    if (out) return { ...scutilToConfig(parseScutilDns(out)), source: 'scutil --dns', raw: out, note: null };
    toolNote = 'scutil --dns could not be run; on macOS /etc/resolv.conf is informational and omits per-domain resolvers.';
  } else if (platform === 'linux') {
    const out = await tryRun(run, 'resolvectl', ['status', '--no-pager']);
    const status = out ? parseResolvectlStatus(out) : null;
    const fromResolved = status ? resolvedToConfig(status) : null;
    // resolved may run without managing DNS ("foreign" mode, no servers): resolv.conf is then the truth.
    if (out && fromResolved && fromResolved.nameservers.length > 0) {
      return { ...fromResolved, options: [], source: 'resolvectl', raw: out, note: null };
    }
  }

  let raw: string;
  try {
    raw = await readFile(resolvConfPath, 'utf8');
  } catch (e) {
    throw new Error(`Could not read ${resolvConfPath}: ${(e as Error).message}`, { cause: e });
  }
  const conf = parseResolvConf(raw);
  let note = toolNote;
  if (conf.nameservers.length > 0 && conf.nameservers.every((n) => RESOLVED_STUBS.has(n))) {
    note = `${conf.nameservers.join(', ')} is systemd-resolved's local stub: the real upstream servers are listed by \`resolvectl status\`, which could not be run here.`;
  }
  return { ...conf, source: '/etc/resolv.conf', raw, note, domains: [] };
}
