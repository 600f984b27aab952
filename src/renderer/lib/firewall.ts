import type { FirewallEntry, PortReachability } from '../../shared/contract';

export const FIREWALL_LABELS: Record<FirewallEntry['name'], string> = {
  ufw: 'ufw',
  firewalld: 'firewalld',
  nftables: 'nftables',
  iptables: 'iptables',
  'macos-application-firewall': 'macOS Application Firewall',
  'windows-defender-firewall': 'Windows Defender Firewall',
};

/** A read that failed for lack of privileges: said plainly, with what to do about it. */
export function isPermissionError(error: string): boolean {
  return /permission denied|not permitted|EACCES|EPERM|must be root|requires root|run as root|access is denied|operation not permitted/i.test(error);
}

export function activeLabel(active: boolean | null): string {
  return active === null ? 'State unknown' : active ? 'Active' : 'Inactive';
}

export const REACHABLE_LABELS: Record<PortReachability['reachableFromOutside'], string> = { yes: 'Yes', no: 'No', unknown: 'Unknown' };

/** `0.0.0.0:8080 → 80/tcp`, IPv6 hosts bracketed; an empty host means every interface. */
export function publishedText(p: Pick<PortReachability, 'hostIp' | 'hostPort' | 'containerPort' | 'protocol'>): string {
  const host = p.hostIp === '' ? '0.0.0.0' : p.hostIp.includes(':') ? `[${p.hostIp}]` : p.hostIp;
  return `${host}:${p.hostPort} → ${p.containerPort}/${p.protocol}`;
}
