/** Detects the host firewall(s) by running read-only query commands relevant to the platform. */
import { execa } from 'execa';
import { parseUfwStatusVerbose } from './ufw';
import { parseFirewalldState, parseActiveZones, parseFirewalldListAll } from './firewalld';
import { parseIptablesSave, parseIptablesVersion, findEngineChains, findDnatMappings, chainPolicy } from './iptables';
import { parseNftRuleset, findNftEngineChains, nftBaseChains } from './nftables';
import { SOCKETFILTERFW, parseGlobalState, parseBlockAll, parseStealthMode, parseAllowSigned, parseListApps } from './macos-socketfilterfw';
import { parseAllProfiles, parseFirewallRules } from './windows-netsh';

export type FirewallName = 'ufw' | 'firewalld' | 'nftables' | 'iptables' | 'macos-application-firewall' | 'windows-defender-firewall';

export interface FirewallEntry {
  name: FirewallName;
  /** false when its command is missing: it is not on this machine, so it filters nothing. */
  installed: boolean;
  active: boolean | null;
  summary: string;
  details: Record<string, unknown>;
  error: string | null;
}

export interface FirewallReport {
  platform: string;
  firewalls: FirewallEntry[];
  engineChains: string[];
}

export interface RunResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export type Runner = (file: string, args: string[]) => Promise<RunResult>;

export interface DetectOptions {
  platform?: string;
  run?: Runner;
}

export const defaultRunner: Runner = async (file, args) => {
  const r = await execa(file, args, { reject: false, timeout: 10_000, env: { LC_ALL: 'C' } });
  if ((r as { code?: string }).code === 'ENOENT') {
    return { stdout: '', stderr: `${file}: command not found`, exitCode: 127 };
  }
  return { stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? ''), exitCode: r.exitCode ?? 1 };
};

type Outcome = { ok: true; out: RunResult } | { ok: false; error: string; missing?: boolean };

const PERMISSION = /permission denied|operation not permitted|must be root|you need to be root|access is denied|requires elevation|not authorized/i;

/** Runs a command and classifies missing binaries and permission errors. */
async function attempt(run: Runner, file: string, args: string[], acceptExit: number[] = [0]): Promise<Outcome> {
  let out: RunResult;
  try {
    out = await run(file, args);
  } catch (err) {
    const e = err as { code?: string; message?: string };
    if (e.code === 'ENOENT') return { ok: false, error: `${file} is not installed (command not found)`, missing: true };
    return { ok: false, error: `${file} ${args.join(' ')} failed: ${e.message ?? String(err)}` };
  }
  const text = `${out.stderr}\n${out.stdout}`;
  if (out.exitCode === 127 || /command not found|ENOENT|is not recognized/i.test(out.stderr)) {
    return { ok: false, error: `${file} is not installed (command not found)`, missing: true };
  }
  if (PERMISSION.test(text) && out.exitCode !== 0) {
    return { ok: false, error: `permission denied running ${file} ${args.join(' ')}: ${out.stderr.trim() || out.stdout.trim()}` };
  }
  if (!acceptExit.includes(out.exitCode)) {
    return { ok: false, error: `${file} ${args.join(' ')} exited with ${out.exitCode}: ${out.stderr.trim()}` };
  }
  return { ok: true, out };
}

/** A firewall whose state could not be read; a missing command means it is not installed at all. */
function unknown(name: FirewallName, failed: { error: string; missing?: boolean }): FirewallEntry {
  const { error, missing = false } = failed;
  return { name, installed: !missing, active: null, summary: `${name}: state unknown (${error})`, details: {}, error };
}

async function detectUfw(run: Runner): Promise<FirewallEntry> {
  const r = await attempt(run, 'ufw', ['status', 'verbose']);
  if (!r.ok) return unknown('ufw', r);
  const status = parseUfwStatusVerbose(r.out.stdout);
  const d = status.defaults;
  return {
    name: 'ufw',
    installed: true,
    active: status.active,
    error: null,
    details: { status },
    summary: status.active
      ? `ufw active: default ${d.incoming ?? '?'} incoming, ${d.outgoing ?? '?'} outgoing, ${d.routed ?? '?'} routed; ${status.rules.length} rules`
      : 'ufw inactive',
  };
}

async function detectFirewalld(run: Runner): Promise<FirewallEntry> {
  // firewall-cmd --state exits 252 when the daemon is not running.
  const r = await attempt(run, 'firewall-cmd', ['--state'], [0, 252]);
  if (!r.ok) return unknown('firewalld', r);
  const state = parseFirewalldState(r.out.stdout, r.out.stderr);
  if (state !== 'running') {
    return { name: 'firewalld', installed: true, active: state === 'unknown' ? null : false, summary: `firewalld ${state}`, details: { state }, error: null };
  }
  const zonesOut = await attempt(run, 'firewall-cmd', ['--get-active-zones']);
  const activeZones = zonesOut.ok ? parseActiveZones(zonesOut.out.stdout) : [];
  const names = new Set(['docker', ...activeZones.map((z) => z.zone)]);
  const zones = [];
  for (const zone of names) {
    const z = await attempt(run, 'firewall-cmd', ['--list-all', `--zone=${zone}`]);
    if (z.ok) zones.push(...parseFirewalldListAll(z.out.stdout));
  }
  return {
    name: 'firewalld',
    installed: true,
    active: true,
    error: zonesOut.ok ? null : zonesOut.error,
    details: { state, activeZones, zones },
    summary: `firewalld running; active zones: ${activeZones.map((z) => z.zone).join(', ') || 'none'}${zones.some((z) => z.zone === 'docker') ? '; docker zone present' : ''}`,
  };
}

async function detectIptables(run: Runner, chains: Set<string>): Promise<FirewallEntry> {
  const [version, r, six] = await Promise.all([attempt(run, 'iptables', ['--version']), attempt(run, 'iptables-save', []), attempt(run, 'ip6tables-save', [])]);
  const v = version.ok ? parseIptablesVersion(version.out.stdout) : { version: null, backend: null };
  if (!r.ok) return { ...unknown('iptables', r), details: { version: v } };
  const save = parseIptablesSave(r.out.stdout);
  const save6 = six.ok ? parseIptablesSave(six.out.stdout) : null;
  const engine = findEngineChains(save);
  engine.forEach((c) => chains.add(c.split('/')[1]));
  const dnat = findDnatMappings(save);
  const input = chainPolicy(save, 'filter', 'INPUT');
  const forward = chainPolicy(save, 'filter', 'FORWARD');
  const ruleCount = Object.values(save.tables)
    .flatMap((t) => Object.values(t))
    .reduce((n, c) => n + c.rules.length, 0);
  return {
    name: 'iptables',
    installed: true,
    active: ruleCount > 0 || input === 'DROP' || forward === 'DROP',
    error: null,
    details: { version: v, save, save6, engineChains: engine, dnat },
    summary: `iptables ${v.version ?? '?'} (${v.backend ?? save.backend ?? 'unknown backend'}): INPUT ${input ?? '?'}, FORWARD ${forward ?? '?'}; ${engine.length} engine chains, ${dnat.length} DNAT port mappings`,
  };
}

async function detectNft(run: Runner, chains: Set<string>): Promise<FirewallEntry> {
  const r = await attempt(run, 'nft', ['-j', 'list', 'ruleset']);
  if (!r.ok) return unknown('nftables', r);
  let ruleset;
  try {
    ruleset = parseNftRuleset(r.out.stdout);
  } catch (err) {
    return unknown('nftables', { error: `could not parse nft JSON: ${(err as Error).message}` });
  }
  const engine = findNftEngineChains(ruleset);
  engine.forEach((c) => chains.add(c.split('/')[1]));
  const base = nftBaseChains(ruleset);
  return {
    name: 'nftables',
    installed: true,
    active: ruleset.rules.length > 0,
    error: null,
    details: { ruleset, engineChains: engine },
    summary: `nftables ${ruleset.version ?? ''}: ${ruleset.tables.length} tables, base chains ${base.map((c) => `${c.table}/${c.name}=${c.policy ?? 'accept'}`).join(', ') || 'none'}`,
  };
}

async function detectMac(run: Runner): Promise<FirewallEntry> {
  const name = 'macos-application-firewall';
  const g = await attempt(run, SOCKETFILTERFW, ['--getglobalstate']);
  if (!g.ok) return unknown(name, g);
  const global = parseGlobalState(g.out.stdout);
  const text = async (flag: string) => {
    const r = await attempt(run, SOCKETFILTERFW, [flag]);
    return r.ok ? r.out.stdout : '';
  };
  const state = {
    enabled: global.enabled,
    globalState: global.state,
    blockAll: parseBlockAll(await text('--getblockall')),
    stealthMode: parseStealthMode(await text('--getstealthmode')),
    allowSigned: parseAllowSigned(await text('--getallowsigned')),
    apps: parseListApps(await text('--listapps')).apps,
  };
  return {
    name,
    installed: true,
    active: state.enabled,
    error: null,
    details: { state },
    summary: `Application firewall ${state.enabled ? 'on' : 'off'}${state.blockAll ? ', blocking all incoming' : ''}${state.stealthMode ? ', stealth mode' : ''}; ${state.apps.length} apps listed`,
  };
}

async function detectWindows(run: Runner): Promise<FirewallEntry> {
  const name = 'windows-defender-firewall';
  const p = await attempt(run, 'netsh', ['advfirewall', 'show', 'allprofiles']);
  if (!p.ok) return unknown(name, p);
  const profiles = parseAllProfiles(p.out.stdout);
  const r = await attempt(run, 'netsh', ['advfirewall', 'firewall', 'show', 'rule', 'name=all', 'dir=in']);
  const rules = r.ok ? parseFirewallRules(r.out.stdout) : [];
  return {
    name,
    installed: true,
    active: profiles.length ? profiles.some((x) => x.state === 'ON') : null,
    error: r.ok ? null : r.error,
    details: { profiles, rules },
    summary: profiles.map((x) => `${x.name} ${x.state ?? '?'} (${x.inboundPolicy ?? '?'})`).join(', ') + `; ${rules.length} inbound rules`,
  };
}

export async function detectFirewall(options: DetectOptions = {}): Promise<FirewallReport> {
  const platform = options.platform ?? process.platform;
  const run = options.run ?? defaultRunner;
  const chains = new Set<string>();
  const firewalls: FirewallEntry[] = [];
  if (platform === 'linux') {
    // Independent read-only queries: asked at once, reported in a fixed order.
    firewalls.push(...(await Promise.all([detectUfw(run), detectFirewalld(run), detectIptables(run, chains), detectNft(run, chains)])));
  } else if (platform === 'darwin') {
    firewalls.push(await detectMac(run));
  } else if (platform === 'win32') {
    firewalls.push(await detectWindows(run));
  }
  return { platform, firewalls, engineChains: [...chains] };
}
