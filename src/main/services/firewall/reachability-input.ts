/** Turns a FirewallReport into the firewall input of explainPortReachability. */
import type { FirewallReport } from './firewall-detector';
import type { FirewallStateInput } from './port-reachability';
import type { UfwStatus } from './ufw';
import type { FirewalldZone } from './firewalld';
import type { IptablesSave } from './iptables';
import type { NftRuleset } from './nftables';
import type { MacAppFirewallState } from './macos-socketfilterfw';
import type { WindowsProfile, WindowsFirewallRule } from './windows-netsh';

export function firewallStateFromReport(report: FirewallReport): FirewallStateInput {
  const get = (name: string) => report.firewalls.find((f) => f.name === name && f.error === null) ?? null;
  const fwd = get('firewalld');
  const win = get('windows-defender-firewall');
  return {
    ufw: (get('ufw')?.details.status as UfwStatus | undefined) ?? null,
    firewalld: fwd ? { running: fwd.active === true, zones: (fwd.details.zones as FirewalldZone[] | undefined) ?? [] } : null,
    iptables: (get('iptables')?.details.save as IptablesSave | undefined) ?? null,
    nftables: (get('nftables')?.details.ruleset as NftRuleset | undefined) ?? null,
    macos: (get('macos-application-firewall')?.details.state as MacAppFirewallState | undefined) ?? null,
    windows: win ? { profiles: win.details.profiles as WindowsProfile[], rules: (win.details.rules as WindowsFirewallRule[]) ?? [] } : null,
  };
}
