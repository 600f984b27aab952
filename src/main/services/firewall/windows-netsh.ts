/** Parsers for `netsh advfirewall show allprofiles` and `netsh advfirewall firewall show rule name=all dir=in`. */
import type { RuleProtocol } from './rule-ports';

export interface WindowsProfile {
  name: string;
  state: 'ON' | 'OFF' | null;
  inboundPolicy: string | null;
  outboundPolicy: string | null;
  settings: Record<string, string>;
}

const SETTING = /^(\S[^:]*?)\s{2,}(\S.*)$/;

export function parseAllProfiles(text: string): WindowsProfile[] {
  const profiles: WindowsProfile[] = [];
  for (const raw of text.replace(/\r/g, '').split('\n')) {
    const line = raw.trimEnd();
    const head = /^(\w+) Profile Settings:/.exec(line);
    if (head) {
      profiles.push({ name: head[1], state: null, inboundPolicy: null, outboundPolicy: null, settings: {} });
      continue;
    }
    const cur = profiles[profiles.length - 1];
    const kv = SETTING.exec(line);
    if (!cur || !kv) continue;
    cur.settings[kv[1]] = kv[2];
    if (kv[1] === 'State') cur.state = /^on$/i.test(kv[2]) ? 'ON' : /^off$/i.test(kv[2]) ? 'OFF' : null;
    if (kv[1] === 'Firewall Policy') [cur.inboundPolicy, cur.outboundPolicy] = kv[2].split(',').map((s) => s.trim());
  }
  return profiles;
}

export interface WindowsFirewallRule {
  name: string;
  enabled: boolean;
  /** 'In' or 'Out' in an English Windows; localized elsewhere. */
  direction: string;
  profiles: string[];
  grouping: string;
  localIp: string;
  remoteIp: string;
  protocol: string;
  localPort: string;
  remotePort: string;
  edgeTraversal: string;
  /** 'Allow' or 'Block' in an English Windows; localized elsewhere. */
  action: string;
  fields: Record<string, string>;
}

export function parseFirewallRules(text: string): WindowsFirewallRule[] {
  const blocks: Array<Record<string, string>> = [];
  for (const raw of text.replace(/\r/g, '').split('\n')) {
    const m = /^([A-Za-z][A-Za-z ]*?):\s*(.*)$/.exec(raw.trimEnd());
    if (!m) continue;
    if (m[1] === 'Rule Name') blocks.push({});
    const cur = blocks[blocks.length - 1];
    if (cur) cur[m[1]] = m[2].trim();
  }
  return blocks.map((f) => ({
    name: f['Rule Name'] ?? '',
    enabled: /^yes$/i.test(f.Enabled ?? ''),
    direction: f.Direction ?? '',
    profiles: (f.Profiles ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    grouping: f.Grouping ?? '',
    localIp: f.LocalIP ?? 'Any',
    remoteIp: f.RemoteIP ?? 'Any',
    protocol: f.Protocol ?? 'Any',
    localPort: f.LocalPort ?? 'Any',
    remotePort: f.RemotePort ?? 'Any',
    edgeTraversal: f['Edge traversal'] ?? '',
    action: f.Action ?? '',
    fields: f,
  }));
}

function localPortMatches(spec: string, port: number): boolean {
  if (/^any$/i.test(spec)) return true;
  return spec.split(',').some((part) => {
    const [a, b] = part.trim().split('-').map(Number);
    return Number.isInteger(a) && port >= a && port <= (Number.isInteger(b) ? b : a);
  });
}

/** Enabled inbound rules whose protocol and LocalPort cover the port (LocalPort "Any" counts only when requested). */
export function rulesForPort(
  rules: WindowsFirewallRule[],
  port: number,
  protocol: RuleProtocol,
  options: { includeAnyPort?: boolean } = {},
): WindowsFirewallRule[] {
  return rules.filter(
    (r) =>
      r.enabled &&
      /^in$/i.test(r.direction) &&
      (/^any$/i.test(r.protocol) || r.protocol.toLowerCase() === protocol) &&
      (options.includeAnyPort || !/^any$/i.test(r.localPort)) &&
      localPortMatches(r.localPort, port),
  );
}
