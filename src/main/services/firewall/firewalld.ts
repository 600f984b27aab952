/** Parsers for `firewall-cmd --state`, `--get-active-zones` and `--list-all [--zone=…]`. */
import { parseRulePorts, rangeIncludes, type RuleProtocol, type RulePortRange } from './rule-ports';

export type FirewalldState = 'running' | 'not running' | 'unknown';

export function parseFirewalldState(stdout: string, stderr = ''): FirewalldState {
  const text = `${stdout}\n${stderr}`.trim().toLowerCase();
  if (/\bnot running\b/.test(text)) return 'not running';
  if (/^running\b/m.test(text)) return 'running';
  return 'unknown';
}

export interface FirewalldActiveZone {
  zone: string;
  interfaces: string[];
  sources: string[];
}

export function parseActiveZones(text: string): FirewalldActiveZone[] {
  const zones: FirewalldActiveZone[] = [];
  for (const line of text.replace(/\r/g, '').split('\n')) {
    if (!line.trim()) continue;
    const kv = /^\s+(interfaces|sources):\s*(.*)$/.exec(line);
    if (kv && zones.length) {
      zones[zones.length - 1][kv[1] as 'interfaces' | 'sources'] = kv[2].split(/\s+/).filter(Boolean);
    } else if (!/^\s/.test(line)) {
      zones.push({ zone: line.trim().replace(/\s*\(.*\)$/, ''), interfaces: [], sources: [] });
    }
  }
  return zones;
}

export interface FirewalldZone {
  zone: string;
  active: boolean;
  isDefault: boolean;
  target: string | null;
  interfaces: string[];
  sources: string[];
  services: string[];
  ports: RulePortRange[];
  forward: boolean | null;
  masquerade: boolean | null;
  forwardPorts: string[];
  richRules: string[];
}

const LIST_KEYS = ['interfaces', 'sources', 'services', 'forward-ports'] as const;

function yesNo(v: string): boolean | null {
  return v === 'yes' ? true : v === 'no' ? false : null;
}

/** Parses one or more zone blocks (`--list-all`, `--list-all --zone=x` or `--list-all-zones`). */
export function parseFirewalldListAll(text: string): FirewalldZone[] {
  const zones: FirewalldZone[] = [];
  let inRich = false;
  for (const raw of text.replace(/\r/g, '').split('\n')) {
    if (!raw.trim()) continue;
    if (!/^\s/.test(raw)) {
      const m = /^(\S+)(?:\s+\(([^)]*)\))?/.exec(raw.trim());
      if (!m) continue;
      const flags = (m[2] ?? '').split(/,\s*/);
      zones.push({
        zone: m[1],
        active: flags.includes('active'),
        isDefault: flags.includes('default'),
        target: null,
        interfaces: [],
        sources: [],
        services: [],
        ports: [],
        forward: null,
        masquerade: null,
        forwardPorts: [],
        richRules: [],
      });
      inRich = false;
      continue;
    }
    const zone = zones[zones.length - 1];
    if (!zone) continue;
    const kv = /^\s+([a-z\- ]+):\s*(.*)$/.exec(raw);
    if (kv && !raw.startsWith('\t') && !/^\s+rule /.test(raw)) {
      const key = kv[1].trim();
      const value = kv[2].trim();
      inRich = key === 'rich rules';
      if (inRich && value) zone.richRules.push(value);
      else if (key === 'target') zone.target = value;
      else if (key === 'ports') zone.ports = value.split(/\s+/).filter(Boolean).flatMap(parseRulePorts);
      else if (key === 'forward') zone.forward = yesNo(value);
      else if (key === 'masquerade') zone.masquerade = yesNo(value);
      else if ((LIST_KEYS as readonly string[]).includes(key)) {
        const list = value.split(/\s+/).filter(Boolean);
        if (key === 'forward-ports') zone.forwardPorts = list;
        else zone[key as 'interfaces' | 'sources' | 'services'] = list;
      }
    } else if (inRich) {
      zone.richRules.push(raw.trim());
    }
  }
  return zones;
}

export function zoneOpensPort(zone: FirewalldZone, port: number, protocol: RuleProtocol): boolean {
  return zone.ports.some((r) => rangeIncludes(r, port, protocol));
}
