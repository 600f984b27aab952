/**
 * Turns a detected firewall (with its raw parsed `details`) into the few label/value lines the UI
 * shows. The raw details (whole rulesets) stay in main: they are large and only the service needs them.
 */
import type { FirewallEntry as ContractEntry } from '../../../shared/contract';
import type { FirewallEntry as DetectedEntry } from './firewall-detector';
import type { FirewalldActiveZone, FirewalldZone } from './firewalld';
import { chainPolicy, type DnatMapping, type IptablesSave } from './iptables';
import { ENGINE_HELPERS, findEngineHelperApps, type MacAppFirewallState } from './macos-socketfilterfw';
import { nftBaseChains, type NftRuleset } from './nftables';
import type { UfwStatus } from './ufw';
import type { WindowsFirewallRule, WindowsProfile } from './windows-netsh';

type Fact = ContractEntry['facts'][number];

const fact = (label: string, value: string): Fact => ({ label, value });
const onOff = (v: boolean | null | undefined): string => (v === true ? 'on' : v === false ? 'off' : 'unknown');

function ufwFacts(d: Record<string, unknown>): Fact[] {
  const s = d.status as UfwStatus | undefined;
  if (!s) return [];
  const out = [fact('Status', s.active ? 'active' : 'inactive')];
  if (!s.active) return out;
  const { incoming, outgoing, routed } = s.defaults;
  out.push(fact('Default policies', `incoming ${incoming ?? '?'}, outgoing ${outgoing ?? '?'}, routed ${routed ?? '?'}`));
  const ports = [
    ...new Set(
      s.rules
        .filter((r) => r.direction !== 'out' && r.ports.length)
        .map((r) => `${r.to.replace(/\s*\(v6\)$/, '')} ${r.verdict}${r.direction === 'fwd' ? ' FWD' : ''}`),
    ),
  ];
  out.push(fact('Rules', `${s.rules.length}${ports.length ? ` (${ports.slice(0, 6).join(', ')}${ports.length > 6 ? ', …' : ''})` : ''}`));
  if (s.logging) out.push(fact('Logging', s.logging));
  return out;
}

function firewalldFacts(d: Record<string, unknown>): Fact[] {
  const out = [fact('State', typeof d.state === 'string' ? d.state : 'unknown')];
  const active = (d.activeZones as FirewalldActiveZone[] | undefined) ?? [];
  if (active.length) {
    out.push(fact('Active zones', active.map((z) => `${z.zone}${z.interfaces.length ? ` (${z.interfaces.join(' ')})` : ''}`).join(', ')));
  }
  for (const z of (d.zones as FirewalldZone[] | undefined) ?? []) {
    const open = [...z.services, ...z.ports.map((p) => `${p.start}${p.end !== p.start ? `-${p.end}` : ''}${p.protocol ? `/${p.protocol}` : ''}`)];
    out.push(fact(`Zone ${z.zone}`, `target ${z.target ?? '?'}${open.length ? `; open: ${open.join(' ')}` : ''}`));
  }
  return out;
}

function iptablesFacts(d: Record<string, unknown>): Fact[] {
  const v = d.version as { version: string | null; backend: string | null } | undefined;
  const save = d.save as IptablesSave | undefined;
  const out: Fact[] = [];
  if (v?.version) out.push(fact('Version', `${v.version}${v.backend ? ` (${v.backend})` : ''}`));
  if (!save) return out;
  out.push(fact('Backend', save.backend ?? v?.backend ?? 'unknown'));
  out.push(fact('INPUT policy', chainPolicy(save, 'filter', 'INPUT') ?? 'unset'));
  out.push(fact('FORWARD policy', chainPolicy(save, 'filter', 'FORWARD') ?? 'unset'));
  const dnat = (d.dnat as DnatMapping[] | undefined) ?? [];
  const shown = dnat
    .slice(0, 6)
    .map((m) => `${m.protocol ?? 'any'} ${m.hostIp ?? '*'}:${m.hostPort} → ${m.containerIp}${m.containerPort ? `:${m.containerPort}` : ''}`);
  out.push(fact('DNAT port mappings', `${dnat.length}${shown.length ? ` (${shown.join(', ')}${dnat.length > 6 ? ', …' : ''})` : ''}`));
  // The engine chains are listed once for the whole report (FirewallStatus.engineChains).
  return out;
}

function nftFacts(d: Record<string, unknown>): Fact[] {
  const rs = d.ruleset as NftRuleset | undefined;
  if (!rs) return [];
  const out = [fact('Tables', rs.tables.map((t) => `${t.family} ${t.name}`).join(', ') || 'none')];
  // The hooks that decide whether a packet from outside gets in or through.
  const gates = nftBaseChains(rs).filter((c) => c.hook === 'input' || c.hook === 'forward');
  if (gates.length) out.push(fact('Input/forward policies', gates.map((c) => `${c.family} ${c.table}/${c.name}: ${c.policy ?? 'accept'}`).join(', ')));
  out.push(fact('DNAT rules', String(rs.rules.filter((r) => r.dnat).length)));
  if (rs.version) out.push(fact('Version', rs.version));
  return out;
}

const GLOBAL_STATE: Record<number, string> = { 0: 'off', 1: 'on', 2: 'on, blocking all incoming' };

function macFacts(d: Record<string, unknown>): Fact[] {
  const s = d.state as MacAppFirewallState | undefined;
  if (!s) return [];
  const out = [
    fact('Global state', s.globalState !== null ? `${GLOBAL_STATE[s.globalState] ?? 'unknown'} (State = ${s.globalState})` : onOff(s.enabled)),
    fact('Block all incoming', onOff(s.blockAll)),
    fact('Stealth mode', onOff(s.stealthMode)),
    fact('Allow signed software', `built-in ${onOff(s.allowSigned.builtIn)}, downloaded ${onOff(s.allowSigned.downloaded)}`),
  ];
  // The firewall acts on the engine helper that accepts published ports, not on the container.
  for (const kind of Object.keys(ENGINE_HELPERS) as Array<keyof typeof ENGINE_HELPERS>) {
    for (const app of findEngineHelperApps(s.apps, kind)) {
      out.push(fact(`Engine helper (${kind})`, `${app.path}: ${app.allowed === true ? 'allowed' : app.allowed === false ? 'blocked' : 'listed'}`));
    }
  }
  if (!out.some((f) => f.label.startsWith('Engine helper'))) out.push(fact('Engine helpers', `not in the app list (${s.apps.length} apps listed)`));
  return out;
}

function windowsFacts(d: Record<string, unknown>): Fact[] {
  const profiles = (d.profiles as WindowsProfile[] | undefined) ?? [];
  const rules = (d.rules as WindowsFirewallRule[] | undefined) ?? [];
  const out = profiles.map((p) => fact(`${p.name} profile`, `${p.state ?? '?'}; inbound ${p.inboundPolicy ?? '?'}, outbound ${p.outboundPolicy ?? '?'}`));
  out.push(fact('Inbound rules', `${rules.length} (${rules.filter((r) => r.enabled).length} enabled)`));
  return out;
}

const FACTS: Record<DetectedEntry['name'], (d: Record<string, unknown>) => Fact[]> = {
  ufw: ufwFacts,
  firewalld: firewalldFacts,
  iptables: iptablesFacts,
  nftables: nftFacts,
  'macos-application-firewall': macFacts,
  'windows-defender-firewall': windowsFacts,
};

export function toContractEntry(entry: DetectedEntry): ContractEntry {
  // A firewall whose command is missing is not a failure to report: it is simply not there.
  if (!entry.installed) {
    return { name: entry.name, installed: false, active: false, summary: `${entry.name} is not installed`, error: null, facts: [] };
  }
  return {
    name: entry.name,
    installed: true,
    active: entry.active,
    summary: entry.summary,
    error: entry.error,
    facts: FACTS[entry.name](entry.details),
  };
}
