/**
 * Network facts as a container sees them, read with the tools its image ships (argv arrays, never
 * a shell string), falling back to /proc and /sys when `ip` or `netstat` is missing. `sources`
 * says which was used, so a report can say "read from /proc: this image has no ip".
 */
import type { ContainerEngine, ExecResult } from '../../engines/container-engine';
import { parseResolvConf } from '../../../shared/resolv-conf';
import {
  interfacesFromProc,
  parseFibTrieLocal,
  parseIfInet6,
  parseIpAddr,
  parseIpRoute,
  parseNetstat,
  parseProcListeners,
  parseProcNetDev,
  parseProcRoute,
  toolMissing,
  type ContainerFacts,
  type RouteFact,
} from './facts-parsers';

export type { ContainerFacts } from './facts-parsers';

export interface GatherFactsOptions {
  timeoutMs?: number;
  /** Tools to treat as absent (tests, or images known to lack them): the /proc fallback is used. */
  disableTools?: ReadonlyArray<'ip' | 'netstat'>;
}

type Exec = (argv: string[]) => Promise<ExecResult | null>;

const ok = (r: ExecResult | null): r is ExecResult => !!r && !r.timedOut && r.exitCode === 0;

export async function gatherFacts(engine: Pick<ContainerEngine, 'exec'>, containerId: string, options: GatherFactsOptions = {}): Promise<ContainerFacts> {
  const timeoutMs = options.timeoutMs ?? 3000;
  const disabled = new Set(options.disableTools ?? []);
  const exec: Exec = (argv) => engine.exec(containerId, argv, { timeoutMs }).catch(() => null);
  const cat = (path: string) => exec(['cat', path]).then((r) => (ok(r) ? r.stdout : ''));
  const tool = (name: 'ip' | 'netstat', argv: string[]): Promise<ExecResult | null> => (disabled.has(name) ? Promise.resolve(null) : exec(argv));

  const [addr, route, netstat, resolv] = await Promise.all([
    tool('ip', ['ip', 'addr']),
    tool('ip', ['ip', 'route']),
    tool('netstat', ['netstat', '-tuln']),
    exec(['cat', '/etc/resolv.conf']),
  ]);

  const facts: ContainerFacts = {
    interfaces: [],
    routes: [],
    dns: { nameservers: [], search: [], options: [] },
    listeners: [],
    sources: { interfaces: 'none', routes: 'none', listeners: 'none', dns: 'none' },
  };
  if (ok(resolv)) {
    facts.dns = parseResolvConf(resolv.stdout);
    facts.sources.dns = '/etc/resolv.conf';
  }

  const work: Array<Promise<void>> = [];
  let procRoutes: Promise<RouteFact[]> | null = null;
  const readProcRoutes = () => (procRoutes ??= cat('/proc/net/route').then(parseProcRoute));

  if (ok(route)) {
    facts.routes = parseIpRoute(route.stdout);
    facts.sources.routes = 'ip';
  } else if (usable(route)) {
    work.push(
      readProcRoutes().then((r) => {
        facts.routes = r;
        if (r.length) facts.sources.routes = '/proc';
      }),
    );
  }

  if (ok(addr)) {
    facts.interfaces = parseIpAddr(addr.stdout);
    facts.sources.interfaces = 'ip';
  } else if (usable(addr)) {
    work.push(
      (async () => {
        const [dev, fib, inet6, routes] = await Promise.all([cat('/proc/net/dev'), cat('/proc/net/fib_trie'), cat('/proc/net/if_inet6'), readProcRoutes()]);
        const names = parseProcNetDev(dev);
        const sysPairs = await Promise.all(
          names.map(async (n) => {
            const r = await exec(['cat', `/sys/class/net/${n}/address`, `/sys/class/net/${n}/operstate`]);
            const [address, operstate] = ok(r) ? r.stdout.split('\n') : [];
            return [n, { address, operstate }] as const;
          }),
        );
        facts.interfaces = interfacesFromProc({
          names,
          routes,
          localV4: parseFibTrieLocal(fib),
          inet6: parseIfInet6(inet6),
          sys: Object.fromEntries(sysPairs),
        });
        if (names.length) facts.sources.interfaces = '/proc';
      })(),
    );
  }

  if (ok(netstat)) {
    facts.listeners = parseNetstat(netstat.stdout);
    facts.sources.listeners = 'netstat';
  } else if (usable(netstat)) {
    work.push(
      (async () => {
        const [tcp, tcp6, udp, udp6] = await Promise.all(['tcp', 'tcp6', 'udp', 'udp6'].map((f) => exec(['cat', `/proc/net/${f}`])));
        if (![tcp, tcp6, udp, udp6].some(ok)) return;
        const text = (r: ExecResult | null) => (ok(r) ? r.stdout : '');
        facts.listeners = parseProcListeners({ tcp: text(tcp), tcp6: text(tcp6), udp: text(udp), udp6: text(udp6) });
        facts.sources.listeners = '/proc';
      })(),
    );
  }
  await Promise.all(work);
  return facts;
}

/** Fall back when the tool is missing or disabled; a timeout means the container is stuck, not the tool. */
function usable(r: ExecResult | null): boolean {
  return r === null || (!r.timedOut && (toolMissing(r) || r.exitCode !== 0));
}
