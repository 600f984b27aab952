/** General guidance about host firewalls and published container ports, per platform. */
import type { EngineKind } from '../../../shared/contract';
import type { FirewallReport } from './firewall-detector';
import { SOCKETFILTERFW } from './macos-socketfilterfw';

export const PLATFORM_NAMES: Record<string, string> = { linux: 'Linux', darwin: 'macOS', win32: 'Windows' };

export function platformName(platform: string): string {
  return PLATFORM_NAMES[platform] ?? platform;
}

const LOOPBACK_NOTE =
  'A port published on 127.0.0.1 (or ::1) is reachable only from this machine, whatever the firewall says; 0.0.0.0 or an empty host address means every interface.';

function linuxNotes(report: FirewallReport, kinds: Set<EngineKind>): string[] {
  const byName = (n: string) => report.firewalls.find((f) => f.name === n);
  const notes: string[] = [];
  if (kinds.has('docker') || kinds.has('podman') || report.engineChains.length) {
    notes.push(
      "Docker and rootful Podman publish ports with DNAT rules in the nat table: that traffic is forwarded to the container through the FORWARD chain and bypasses ufw and INPUT rules. Filter published ports in the DOCKER-USER chain (Docker) or in FORWARD before the engine's chains (Podman/netavark).",
    );
  }
  if (kinds.has('podman')) {
    notes.push(
      'Rootless Podman has no DNAT rules: its ports are served by a user-space proxy (rootlessport, pasta or slirp4netns), so INPUT/ufw rules do apply to them.',
    );
  }
  if (byName('ufw')?.active)
    notes.push(
      'ufw is active: its rules (ufw allow/deny) govern services on the host itself, not DNATed container ports, unless ufw-docker style rules are added to DOCKER-USER.',
    );
  if (byName('firewalld')?.active)
    notes.push(
      'firewalld is running: Docker puts its bridges in the "docker" zone and accepts forwarded traffic there, so zone ports and services do not filter published ports; use a direct rule in DOCKER-USER or a policy.',
    );
  const unreadable = report.firewalls.filter((f) => f.error && /permission denied/i.test(f.error));
  if (unreadable.length)
    notes.push(`Reading ${unreadable.map((f) => f.name).join(', ')} needs root; verdicts below are "unknown" where that state was needed.`);
  notes.push(LOOPBACK_NOTE);
  return notes;
}

function macNotes(): string[] {
  return [
    "Containers run in a Linux VM; published ports are accepted on the Mac by the engine's helper (Docker Desktop: com.docker.backend/vpnkit, Podman: gvproxy, Apple container: its runtime helper).",
    `The macOS application firewall filters per application, not per port: it allows or blocks that helper as a whole (${SOCKETFILTERFW} --listapps shows its setting), and "block all incoming" blocks it too.`,
    LOOPBACK_NOTE,
  ];
}

function windowsNotes(): string[] {
  return [
    'Windows Defender Firewall applies the profile of the network you are on (Domain, Private or Public); a rule must include that profile, and block rules win over allow rules.',
    "With Docker Desktop or Podman on WSL 2, published ports are accepted by the engine's Windows-side process (com.docker.backend, wslrelay or gvproxy): program rules for it with LocalPort Any can open every port it serves.",
    LOOPBACK_NOTE,
  ];
}

export function platformNotes(report: FirewallReport, kinds: Set<EngineKind>): string[] {
  if (report.platform === 'linux') return linuxNotes(report, kinds);
  if (report.platform === 'darwin') return macNotes();
  if (report.platform === 'win32') return windowsNotes();
  return [`Host firewall checks are not implemented for ${report.platform}.`, LOOPBACK_NOTE];
}
