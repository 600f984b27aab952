/** Parser for `ufw status verbose`. */
import { parseRulePorts, rangeIncludes, type RuleProtocol, type RulePortRange } from './rule-ports';

export interface UfwRule {
  to: string;
  action: string;
  /** ALLOW/DENY/REJECT/LIMIT without the direction. */
  verdict: string;
  direction: 'in' | 'out' | 'fwd' | null;
  from: string;
  v6: boolean;
  ports: RulePortRange[];
  /** Application profile name, e.g. "OpenSSH" in "22/tcp (OpenSSH)". */
  app: string | null;
}

export interface UfwStatus {
  active: boolean;
  logging: string | null;
  defaults: { incoming: string | null; outgoing: string | null; routed: string | null };
  rules: UfwRule[];
}

function parseDefaults(line: string): UfwStatus['defaults'] {
  const defaults: UfwStatus['defaults'] = { incoming: null, outgoing: null, routed: null };
  for (const m of line.matchAll(/(\w+) \((incoming|outgoing|routed)\)/g)) {
    defaults[m[2] as keyof UfwStatus['defaults']] = m[1];
  }
  return defaults;
}

function parseRule(line: string): UfwRule | null {
  const cols = line.trim().split(/\s{2,}/);
  if (cols.length < 3) return null;
  const [to, action, from] = cols;
  const v6 = /\(v6\)/.test(to) || /\(v6\)/.test(from);
  const [verdict, dir] = action.split(/\s+/);
  const direction = dir ? (dir.toLowerCase() as UfwRule['direction']) : null;
  const toClean = to.replace(/\s*\(v6\)\s*$/, '');
  const appMatch = /\(([^()]*(?:\([^()]*\))?[^()]*)\)\s*$/.exec(toClean);
  const app = appMatch ? appMatch[1].replace(/\s*\(v6\)$/, '') : null;
  const base = appMatch ? toClean.slice(0, appMatch.index).trim() : toClean;
  // "To" may be "22/tcp", "Anywhere", "192.168.1.5 80/tcp" or "Anywhere on docker0".
  const portToken = base.split(/\s+/).find((t) => /^[\d,:-]+(\/(tcp|udp))?$/.test(t) && !/^\d+\.\d+/.test(t));
  return { to, action, verdict, direction, from, v6, ports: portToken ? parseRulePorts(portToken) : [], app };
}

export function parseUfwStatusVerbose(text: string): UfwStatus {
  const lines = text.replace(/\r/g, '').split('\n');
  const status: UfwStatus = {
    active: false,
    logging: null,
    defaults: { incoming: null, outgoing: null, routed: null },
    rules: [],
  };
  let inRules = false;
  for (const line of lines) {
    if (/^Status:\s*active/i.test(line)) status.active = true;
    else if (/^Logging:/i.test(line)) status.logging = line.replace(/^Logging:\s*/i, '').trim();
    else if (/^Default:/i.test(line)) status.defaults = parseDefaults(line);
    else if (/^--\s+------\s+----/.test(line)) inRules = true;
    else if (inRules && line.trim()) {
      const rule = parseRule(line);
      if (rule) status.rules.push(rule);
    }
  }
  return status;
}

/** Rules (incoming direction) whose "To" port matches. Rules with no port (e.g. "Anywhere") are not included. */
export function ufwRulesForPort(status: UfwStatus, port: number, protocol: RuleProtocol): UfwRule[] {
  return status.rules.filter((r) => r.direction !== 'out' && r.ports.some((range) => rangeIncludes(range, port, protocol)));
}
