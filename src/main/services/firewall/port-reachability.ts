/** Pure explanation of whether a published container port is reachable from other machines. */
import type { RuleProtocol } from './rule-ports';
import { engineCli } from '../../../shared/engine-cli';
import { type UfwStatus, ufwRulesForPort } from './ufw';
import { type FirewalldZone, zoneOpensPort } from './firewalld';
import { type IptablesSave, type DnatMapping, findDnatMappings, chainPolicy } from './iptables';
import { type NftRuleset, nftRulesForPort } from './nftables';
import { type MacAppFirewallState, findEngineHelperApps, SOCKETFILTERFW } from './macos-socketfilterfw';
import { type WindowsProfile, type WindowsFirewallRule, rulesForPort } from './windows-netsh';

/** 'linux', 'darwin', 'win32', or another platform the guidance has no reader for. */
export type Platform = string;
export type Reachability = 'yes' | 'no' | 'unknown';

export interface PublishedPortInput {
  hostIp: string;
  hostPort: number;
  protocol: RuleProtocol;
  containerName: string;
  engineKind: 'docker' | 'podman' | 'apple';
}

export interface FirewallStateInput {
  ufw?: UfwStatus | null;
  firewalld?: { running: boolean; zones: FirewalldZone[] } | null;
  iptables?: IptablesSave | null;
  nftables?: NftRuleset | null;
  macos?: MacAppFirewallState | null;
  windows?: { profiles: WindowsProfile[]; rules: WindowsFirewallRule[] } | null;
}

export interface ReachabilityInput {
  platform: Platform;
  port: PublishedPortInput;
  firewall: FirewallStateInput;
}

export interface ReachabilityResult {
  reachableFromOutside: Reachability;
  reasons: string[];
  commands: string[];
}

/** Placeholder subnet used in example commands; always flagged as an example. */
export const EXAMPLE_SUBNET = '192.168.1.0/24';

export function isLoopback(ip: string): boolean {
  return /^127\./.test(ip) || ip === '::1' || ip === '[::1]' || ip === 'localhost';
}

function loopbackResult(port: PublishedPortInput): ReachabilityResult {
  const c = engineCli(port.engineKind);
  return {
    reachableFromOutside: 'no',
    reasons: [
      `${port.containerName} publishes ${port.hostPort}/${port.protocol} on ${port.hostIp} (loopback): only programs on this machine can connect, whatever the firewall says.`,
      'Publishing on all interfaces (0.0.0.0 / ::) exposes the port to every network this machine is on, including public Wi-Fi; restrict it with the firewall or publish on one LAN address instead.',
    ],
    commands: [
      `${c} run -p 0.0.0.0:${port.hostPort}:<container-port>/${port.protocol} … (recreate ${port.containerName}; all interfaces — see the risk above)`,
      `${c} run -p <lan-address>:${port.hostPort}:<container-port>/${port.protocol} … (only one interface)`,
    ],
  };
}

function matchingDnat(save: IptablesSave | null | undefined, port: PublishedPortInput): DnatMapping | null {
  if (!save) return null;
  return (
    findDnatMappings(save).find(
      (m) =>
        port.hostPort >= m.hostPort &&
        port.hostPort <= m.hostPortEnd &&
        (m.protocol === null || m.protocol === port.protocol) &&
        (m.hostIp === null || !isLoopback(m.hostIp)),
    ) ?? null
  );
}

function dockerUserCommands(port: PublishedPortInput, dnat: DnatMapping | null, viaFirewalld: boolean): string[] {
  const match = `-p ${port.protocol} -m conntrack --ctorigdstport ${port.hostPort} --ctdir ORIGINAL ! -s ${EXAMPLE_SUBNET}`;
  // Docker jumps to DOCKER-USER before its own rules; netavark (Podman) has no user chain, so a
  // rule inserted at the top of FORWARD is the one place that runs before NETAVARK_FORWARD accepts.
  const chain = port.engineKind === 'podman' ? 'FORWARD' : 'DOCKER-USER';
  const cmds = [`iptables -I ${chain} ${match} -j DROP   # ${EXAMPLE_SUBNET} is an EXAMPLE subnet: replace it with the network that may connect`];
  if (dnat?.containerPort) {
    cmds.push(
      `iptables -I ${chain} -p ${port.protocol} --dport ${dnat.containerPort} ! -s ${EXAMPLE_SUBNET} -j DROP   # EXAMPLE subnet; ${chain} sees the packet after DNAT, so --dport is the container port ${dnat.containerPort}`,
    );
  }
  if (viaFirewalld) {
    cmds.push(`firewall-cmd --permanent --direct --add-rule ipv4 filter ${chain} 0 ${match} -j DROP && firewall-cmd --reload   # EXAMPLE subnet`);
  }
  return cmds;
}

function explainLinux(port: PublishedPortInput, fw: FirewallStateInput): ReachabilityResult {
  const reasons: string[] = [];
  const commands: string[] = [];
  const dnat = matchingDnat(fw.iptables, port);
  const nftHits = fw.nftables ? nftRulesForPort(fw.nftables, port.hostPort, port.protocol).filter((r) => r.dnat) : [];
  const forwarded = dnat !== null || nftHits.length > 0;
  if (dnat) {
    reasons.push(
      `The ${dnat.engine} chain ${dnat.table}/${dnat.chain} DNATs ${port.protocol} port ${dnat.hostPort} to ${dnat.containerIp}${dnat.containerPort ? `:${dnat.containerPort}` : ''}; forwarded (DNAT) traffic passes the FORWARD chain, not INPUT.`,
    );
  } else if (nftHits.length) {
    reasons.push(
      `nftables has a DNAT rule for port ${port.hostPort} in ${nftHits[0].family} ${nftHits[0].table}/${nftHits[0].chain}; that traffic is forwarded, not delivered to INPUT.`,
    );
  }
  let verdict: Reachability = 'unknown';
  const dockerLike = port.engineKind === 'docker' || (port.engineKind === 'podman' && forwarded);

  if (fw.ufw?.active) {
    const rules = ufwRulesForPort(fw.ufw, port.hostPort, port.protocol);
    if (dockerLike) {
      verdict = 'yes';
      reasons.push(
        `ufw is active (default incoming: ${fw.ufw.defaults.incoming ?? 'unknown'}), but ${port.engineKind === 'docker' ? "Docker's" : "the engine's"} published ports bypass ufw: the DNAT in the nat table sends the packet through FORWARD/DOCKER, never through ufw's INPUT rules, so outside machines can reach it regardless of ufw rules${rules.length ? ` (ufw rules for this port: ${rules.map((r) => `${r.to} ${r.action} ${r.from}`).join('; ')})` : ''}.`,
      );
      commands.push(...dockerUserCommands(port, dnat, false));
      commands.push(
        `ufw route allow proto ${port.protocol} from ${EXAMPLE_SUBNET} to any port ${dnat?.containerPort ?? port.hostPort}   # only with the ufw-docker integration; EXAMPLE subnet`,
      );
    } else {
      const allow = rules.find((r) => /ALLOW|LIMIT/i.test(r.verdict) && r.direction !== 'fwd');
      const deny = rules.find((r) => /DENY|REJECT/i.test(r.verdict));
      verdict = deny && !allow ? 'no' : allow ? 'yes' : /deny|reject/i.test(fw.ufw.defaults.incoming ?? '') ? 'no' : 'unknown';
      reasons.push(
        allow
          ? `ufw allows ${allow.to} from ${allow.from}.`
          : deny
            ? `ufw ${deny.verdict.toLowerCase()}s ${deny.to}.`
            : `No ufw rule names port ${port.hostPort}; ufw's default incoming policy is ${fw.ufw.defaults.incoming ?? 'unknown'}.`,
      );
      if (verdict !== 'yes') commands.push(`sudo ufw allow ${port.hostPort}/${port.protocol}`);
    }
  }

  if (fw.firewalld?.running) {
    const dockerZone = fw.firewalld.zones.find((z) => z.zone === 'docker');
    const opening = fw.firewalld.zones.find((z) => z.active && zoneOpensPort(z, port.hostPort, port.protocol));
    if (dockerLike) {
      verdict = 'yes';
      reasons.push(
        `firewalld is running${dockerZone ? ` and the "docker" zone (target ${dockerZone.target ?? 'unknown'}, interfaces ${dockerZone.interfaces.join(' ') || 'none'}) holds the engine's bridges` : ''}; the engine's forwarding rules accept the DNATed traffic, so zone ports/services${dockerZone?.richRules.length ? " and the docker zone's rich rules" : ''} do not filter this published port.`,
      );
      commands.push(...dockerUserCommands(port, dnat, true).filter((c) => c.startsWith('firewall-cmd')));
      commands.push('firewall-cmd --zone=docker --list-all');
    } else if (verdict === 'unknown') {
      verdict = opening ? 'yes' : 'no';
      reasons.push(
        opening
          ? `firewalld zone ${opening.zone} opens ${port.hostPort}/${port.protocol}.`
          : `No active firewalld zone opens ${port.hostPort}/${port.protocol}.`,
      );
      if (!opening) commands.push(`firewall-cmd --permanent --zone=public --add-port=${port.hostPort}/${port.protocol} && firewall-cmd --reload`);
    }
  }

  if (!fw.ufw?.active && !fw.firewalld?.running && fw.iptables) {
    const input = chainPolicy(fw.iptables, 'filter', 'INPUT');
    const forward = chainPolicy(fw.iptables, 'filter', 'FORWARD');
    if (forwarded) {
      verdict = 'yes';
      reasons.push(
        `INPUT policy is ${input ?? 'unset'} and FORWARD policy is ${forward ?? 'unset'}; the engine's own FORWARD rules accept traffic to the container, so the INPUT chain never sees it (even an INPUT policy of DROP would not protect this port).`,
      );
      commands.push(...dockerUserCommands(port, dnat, false));
    } else if (input === 'DROP' || input === 'REJECT') {
      reasons.push(
        `INPUT policy is ${input} and no DNAT rule for port ${port.hostPort} was found: if the engine serves this port from a userspace proxy (rootless Podman, docker-proxy) it is dropped unless an INPUT rule accepts it.`,
      );
      commands.push(`iptables -I INPUT -p ${port.protocol} --dport ${port.hostPort} -s ${EXAMPLE_SUBNET} -j ACCEPT   # EXAMPLE subnet`);
    } else if (input === 'ACCEPT') {
      verdict = 'yes';
      reasons.push('No host firewall is active and INPUT accepts by default: other machines on the network can connect.');
    }
  }
  if (verdict === 'unknown' && !fw.ufw && !fw.firewalld && !fw.iptables && !fw.nftables) {
    reasons.push('The host firewall state could not be read (commands missing or not permitted); run Container Kit with the rights to read iptables/nft.');
  }
  reasons.push('Routers or cloud security groups between the machines are outside this check.');
  return { reachableFromOutside: verdict, reasons, commands };
}

function explainMac(port: PublishedPortInput, mac: MacAppFirewallState | null | undefined): ReachabilityResult {
  const helper = port.engineKind === 'docker' ? 'com.docker.backend / vpnkit' : port.engineKind === 'podman' ? 'gvproxy' : 'the container runtime helper';
  if (!mac || mac.enabled === null) {
    return {
      reachableFromOutside: 'unknown',
      reasons: ['The macOS application firewall state could not be read.'],
      commands: [`${SOCKETFILTERFW} --getglobalstate`],
    };
  }
  if (!mac.enabled) {
    return {
      reachableFromOutside: 'yes',
      reasons: [`The macOS application firewall is off, so ${helper} accepts connections on ${port.hostPort} from other machines.`],
      commands: [`sudo ${SOCKETFILTERFW} --setglobalstate on`],
    };
  }
  const reasons: string[] = [];
  const commands: string[] = [];
  if (mac.stealthMode) reasons.push('Stealth mode is on: the Mac ignores pings and probes of closed ports; it does not block ports of allowed apps.');
  if (mac.blockAll || mac.globalState === 2) {
    reasons.push(
      `The application firewall blocks all incoming connections, so connections to ${helper} (which listens for ${port.containerName}'s port ${port.hostPort}) are blocked.`,
    );
    commands.push(`sudo ${SOCKETFILTERFW} --setblockall off`);
    return { reachableFromOutside: 'no', reasons, commands };
  }
  const apps = findEngineHelperApps(mac.apps, port.engineKind);
  const blocked = apps.find((a) => a.allowed === false);
  const allowed = apps.find((a) => a.allowed === true);
  if (blocked) {
    reasons.push(`${blocked.path} is set to "Block incoming connections".`);
    commands.push(`sudo ${SOCKETFILTERFW} --unblockapp "${blocked.path}"`);
    return { reachableFromOutside: 'no', reasons, commands };
  }
  if (allowed) {
    reasons.push(`${allowed.path} is allowed to accept incoming connections.`);
    commands.push(`sudo ${SOCKETFILTERFW} --blockapp "${allowed.path}"   # to block it`);
    return { reachableFromOutside: 'yes', reasons, commands };
  }
  reasons.push(
    `The application firewall is on and ${helper} is not in its app list${mac.allowSigned.downloaded ? '; signed downloaded software is allowed automatically' : ''}: macOS decides when the helper first listens (it may prompt).`,
  );
  commands.push(`${SOCKETFILTERFW} --listapps`, `sudo ${SOCKETFILTERFW} --add <path-to-helper> && sudo ${SOCKETFILTERFW} --unblockapp <path-to-helper>`);
  return { reachableFromOutside: 'unknown', reasons, commands };
}

function explainWindows(port: PublishedPortInput, win: FirewallStateInput['windows']): ReachabilityResult {
  if (!win || win.profiles.length === 0) {
    return {
      reachableFromOutside: 'unknown',
      reasons: ['Windows Defender Firewall state could not be read.'],
      commands: ['netsh advfirewall show allprofiles'],
    };
  }
  const on = win.profiles.filter((p) => p.state === 'ON');
  const reasons = [`Profiles: ${win.profiles.map((p) => `${p.name} ${p.state ?? '?'} (${p.inboundPolicy ?? '?'})`).join(', ')}.`];
  const addRule = `netsh advfirewall firewall add rule name="Container Kit ${port.hostPort}" dir=in action=allow protocol=${port.protocol.toUpperCase()} localport=${port.hostPort} profile=private`;
  if (on.length === 0) {
    reasons.push('Windows Defender Firewall is off for every profile: other machines can connect.');
    return { reachableFromOutside: 'yes', reasons, commands: ['netsh advfirewall set allprofiles state on'] };
  }
  const rules = rulesForPort(win.rules, port.hostPort, port.protocol);
  const block = rules.find((r) => /^block$/i.test(r.action));
  const allow = rules.find((r) => /^allow$/i.test(r.action));
  if (block) {
    reasons.push(`Inbound rule "${block.name}" blocks ${port.protocol.toUpperCase()} ${block.localPort} (block rules win over allow rules).`);
    return { reachableFromOutside: 'no', reasons, commands: [`netsh advfirewall firewall set rule name="${block.name}" new enable=no`] };
  }
  if (allow) {
    reasons.push(`Inbound rule "${allow.name}" allows ${port.protocol.toUpperCase()} ${allow.localPort} on profiles ${allow.profiles.join(',')}.`);
    return { reachableFromOutside: 'yes', reasons, commands: [`netsh advfirewall firewall set rule name="${allow.name}" new enable=no   # to close it`] };
  }
  const programRules = rulesForPort(win.rules, port.hostPort, port.protocol, { includeAnyPort: true }).filter((r) => /^allow$/i.test(r.action));
  if (programRules.length) {
    reasons.push(
      `No rule names port ${port.hostPort}, but program rules with LocalPort Any (${programRules.map((r) => `"${r.name}"`).join(', ')}) may allow the engine's listener; which program owns the port decides.`,
    );
    return { reachableFromOutside: 'unknown', reasons, commands: [addRule] };
  }
  const blocking = on.every((p) => /^Block/i.test(p.inboundPolicy ?? ''));
  reasons.push(
    `No enabled inbound rule matches ${port.protocol.toUpperCase()} ${port.hostPort}; the default inbound policy is ${on.map((p) => `${p.name}: ${p.inboundPolicy}`).join(', ')}.`,
  );
  return { reachableFromOutside: blocking ? 'no' : 'unknown', reasons, commands: [addRule] };
}

export function explainPortReachability(input: ReachabilityInput): ReachabilityResult {
  const { port, firewall, platform } = input;
  if (isLoopback(port.hostIp)) return loopbackResult(port);
  if (platform === 'linux') return explainLinux(port, firewall);
  if (platform === 'darwin') return explainMac(port, firewall.macos);
  if (platform === 'win32') return explainWindows(port, firewall.windows);
  return { reachableFromOutside: 'unknown', reasons: [`Firewall checks are not implemented for platform ${platform}.`], commands: [] };
}
