/** Parsers for /usr/libexec/ApplicationFirewall/socketfilterfw query outputs (macOS application firewall). */

export const SOCKETFILTERFW = '/usr/libexec/ApplicationFirewall/socketfilterfw';

export interface MacGlobalState {
  enabled: boolean | null;
  /** 0 = off, 1 = on, 2 = on and blocking all incoming (osquery `alf.global_state`). */
  state: number | null;
}

export function parseGlobalState(text: string): MacGlobalState {
  const state = /\(State = (\d+)\)/.exec(text);
  const n = state ? Number(state[1]) : null;
  if (/firewall is enabled/i.test(text)) return { enabled: true, state: n };
  if (/firewall is disabled/i.test(text)) return { enabled: false, state: n };
  if (n !== null) return { enabled: n > 0, state: n };
  return { enabled: null, state: null };
}

function onOff(text: string, subject: RegExp): boolean | null {
  const m = new RegExp(`${subject.source}[^\\n]*?\\b(enabled|disabled|on|off)\\b`, 'i').exec(text);
  if (!m) return null;
  return /^(enabled|on)$/i.test(m[1]);
}

/** `--getblockall`: "Block all ENABLED!" / "Block all DISABLED!". */
export function parseBlockAll(text: string): boolean | null {
  return onOff(text, /block all/);
}

/** `--getstealthmode`: "Stealth mode enabled" / "Stealth mode disabled" (newer releases: "... stealth mode is on/off"). */
export function parseStealthMode(text: string): boolean | null {
  return onOff(text, /stealth mode(?: is)?/);
}

/** `--getallowsigned`: built-in and downloaded signed software. */
export function parseAllowSigned(text: string): { builtIn: boolean | null; downloaded: boolean | null } {
  return {
    builtIn: onOff(text, /allow signed built-in software/),
    downloaded: onOff(text, /allow downloaded signed software/),
  };
}

export interface MacFirewallApp {
  index: number;
  path: string;
  allowed: boolean | null;
}

/** `--listapps`: "1 : /path\n   (Allow incoming connections)". */
export function parseListApps(text: string): { total: number | null; apps: MacFirewallApp[] } {
  const total = /total number of apps = (\d+)/i.exec(text);
  const apps: MacFirewallApp[] = [];
  for (const line of text.replace(/\r/g, '').split('\n')) {
    const entry = /^\s*(\d+)\s*:\s*(.+?)\s*$/.exec(line);
    if (entry) {
      apps.push({ index: Number(entry[1]), path: entry[2], allowed: null });
      continue;
    }
    const verdict = /\((Allow|Block) incoming connections\)/i.exec(line);
    if (verdict && apps.length) apps[apps.length - 1].allowed = verdict[1].toLowerCase() === 'allow';
  }
  return { total: total ? Number(total[1]) : null, apps };
}

export interface MacAppFirewallState {
  enabled: boolean | null;
  globalState: number | null;
  blockAll: boolean | null;
  stealthMode: boolean | null;
  allowSigned: { builtIn: boolean | null; downloaded: boolean | null };
  apps: MacFirewallApp[];
}

/** Processes that accept published-port connections for each engine on macOS. */
export const ENGINE_HELPERS: Record<'docker' | 'podman' | 'apple', RegExp> = {
  docker: /com\.docker\.backend|com\.docker\.vpnkit|vpnkit|Docker\.app/i,
  podman: /gvproxy|podman/i,
  apple: /container-runtime|\/container(?:$|[-/])|com\.apple\.container/i,
};

export function findEngineHelperApps(apps: MacFirewallApp[], engine: keyof typeof ENGINE_HELPERS): MacFirewallApp[] {
  return apps.filter((a) => ENGINE_HELPERS[engine].test(a.path));
}
