/**
 * The checks a new network's addressing must pass before the engine is asked, each answered in
 * words that name the conflicting thing (the network, the host route), so the user can act on it.
 * Engines do refuse some of these, but late and vaguely ("Pool overlaps with other one on this
 * address space"), and none of them looks at the host's routes: a bridge subnet that shadows the
 * LAN or a VPN is accepted and then silently breaks the containers' way out.
 * Pure: the caller supplies the existing networks and the host routes.
 */
import { CidrError, cidrWithin, cidrsOverlap, formatIp, ipInCidr, parseCidr, parseIp, type ParsedCidr } from './cidr';

export interface NetworkSpecInput {
  name: string;
  subnet?: string;
  gateway?: string;
  ipRange?: string;
  ipv6?: boolean;
  ipv6Subnet?: string;
}

export interface NetworkRulesContext {
  /** The engine's networks, with their subnets as the engine reports them. */
  networks: Array<{ name: string; subnets: string[] }>;
  /** Host routes worth protecting; the caller has already left out the engines' own bridges. */
  routes: Array<{ destination: string; iface: string }>;
}

export type NetworkSpecField = 'subnet' | 'gateway' | 'ipRange' | 'ipv6Subnet' | 'name';

export interface NetworkSpecProblem {
  field: NetworkSpecField;
  message: string;
}

/** Text the user actually entered (the form may send empty strings for untouched fields). */
const present = (v: string | undefined): v is string => v !== undefined && v.trim() !== '';

/** Parses a user CIDR, turning a CidrError into a problem for `field`. */
function cidrOrProblem(text: string, field: NetworkSpecField, label: string, problems: NetworkSpecProblem[]): ParsedCidr | null {
  try {
    return parseCidr(text);
  } catch (e) {
    if (!(e instanceof CidrError)) throw e;
    problems.push({ field, message: `${label}: ${e.message}` });
    return null;
  }
}

/** Engine/route text is not ours to fix: unreadable entries are skipped rather than reported. */
function lenient(text: string): ParsedCidr | null {
  try {
    return parseCidr(text, { allowHostBits: true });
  } catch {
    return null;
  }
}

function checkGateway(gateway: string, subnet: ParsedCidr | null, subnetGiven: boolean, problems: NetworkSpecProblem[]): void {
  const field = 'gateway';
  if (!subnetGiven) {
    problems.push({ field, message: `A gateway needs a subnet: set the subnet that contains ${gateway.trim()}` });
    return;
  }
  let ip;
  try {
    ip = parseIp(gateway);
  } catch (e) {
    if (!(e instanceof CidrError)) throw e;
    problems.push({ field, message: `Gateway: ${e.message}` });
    return;
  }
  if (!subnet) return; // the subnet's own problem is already reported
  if (ip.family !== subnet.family) {
    problems.push({ field, message: `Gateway ${ip.text} is IPv${ip.family} but the subnet ${subnet.text} is IPv${subnet.family}` });
    return;
  }
  const range = `${formatIp(subnet.family, subnet.first)}–${formatIp(subnet.family, subnet.last)}`;
  if (!ipInCidr(ip, subnet)) {
    problems.push({ field, message: `Gateway ${ip.text} is not inside the subnet ${subnet.text} (${range})` });
    return;
  }
  // IPv4 only: the first and last addresses are the network and broadcast addresses, except in
  // /31 and /32 blocks, where RFC 3021 makes both usable. IPv6 has no broadcast.
  if (subnet.family === 4 && subnet.prefix <= 30) {
    const suggestion = formatIp(4, subnet.first + 1n);
    if (ip.value === subnet.first) {
      problems.push({ field, message: `Gateway ${ip.text} is the network address of ${subnet.text} — use a host address such as ${suggestion}` });
    } else if (ip.value === subnet.last) {
      problems.push({ field, message: `Gateway ${ip.text} is the broadcast address of ${subnet.text} — use a host address such as ${suggestion}` });
    }
  }
}

function checkIpRange(ipRange: string, subnet: ParsedCidr | null, subnetGiven: boolean, problems: NetworkSpecProblem[]): void {
  if (!subnetGiven) {
    problems.push({ field: 'ipRange', message: `An IP range needs a subnet: set the subnet that contains ${ipRange.trim()}` });
    return;
  }
  const range = cidrOrProblem(ipRange, 'ipRange', 'IP range', problems);
  if (!range || !subnet) return;
  if (!cidrWithin(range, subnet)) {
    problems.push({ field: 'ipRange', message: `IP range ${range.text} is not inside the subnet ${subnet.text}` });
  }
}

/** Conflicts of one requested block with the engine's networks and the host's routes. */
function checkOverlaps(block: ParsedCidr, field: NetworkSpecField, context: NetworkRulesContext, problems: NetworkSpecProblem[]): void {
  for (const n of context.networks) {
    for (const s of n.subnets) {
      const existing = lenient(s);
      if (existing && cidrsOverlap(block, existing)) {
        problems.push({ field, message: `${block.text} overlaps network "${n.name}" (${existing.text})` });
      }
    }
  }
  // Widest routes first, and a route inside one already named on the same interface is left out:
  // a LAN /24 plus its neighbours' /32 entries is one conflict, not twenty.
  const routes = context.routes
    .map((r) => ({ r, c: lenient(r.destination) }))
    .filter((x): x is { r: { destination: string; iface: string }; c: ParsedCidr } => x.c !== null && x.c.prefix > 0) // default routes overlap everything
    .filter((x) => cidrsOverlap(block, x.c))
    .sort((a, b) => a.c.prefix - b.c.prefix);
  const named: Array<{ c: ParsedCidr; iface: string }> = [];
  for (const { r, c } of routes) {
    if (named.some((n) => n.iface === r.iface && cidrWithin(c, n.c))) continue;
    named.push({ c, iface: r.iface });
    problems.push({ field, message: `${block.text} overlaps the host route ${c.text} on ${r.iface} — containers could not reach that network` });
  }
}

/** Everything wrong with a network spec, in order of the form's fields; empty when it is fine. */
export function validateNetworkSpec(spec: NetworkSpecInput, context: NetworkRulesContext): NetworkSpecProblem[] {
  const problems: NetworkSpecProblem[] = [];
  const name = spec.name.trim();
  if (name === '') problems.push({ field: 'name', message: 'Give the network a name' });
  else if (context.networks.some((n) => n.name === name)) {
    problems.push({ field: 'name', message: `A network named "${name}" already exists: choose another name` });
  }

  const subnetGiven = present(spec.subnet);
  const subnet = present(spec.subnet) ? cidrOrProblem(spec.subnet, 'subnet', 'Subnet', problems) : null;
  if (present(spec.gateway)) checkGateway(spec.gateway, subnet, subnetGiven, problems);
  if (present(spec.ipRange)) checkIpRange(spec.ipRange, subnet, subnetGiven, problems);

  let v6: ParsedCidr | null = null;
  if (present(spec.ipv6Subnet)) {
    v6 = cidrOrProblem(spec.ipv6Subnet, 'ipv6Subnet', 'IPv6 subnet', problems);
    if (v6 && v6.family !== 6) {
      problems.push({
        field: 'ipv6Subnet',
        message: `The IPv6 subnet ${v6.text} is an IPv4 block: put it in the subnet field or give an IPv6 block such as fd00:10::/64`,
      });
      v6 = null;
    } else if (v6 && subnet && cidrsOverlap(v6, subnet)) {
      problems.push({ field: 'ipv6Subnet', message: `The IPv6 subnet ${v6.text} overlaps the subnet ${subnet.text} of this network` });
    }
  }

  if (subnet) checkOverlaps(subnet, 'subnet', context, problems);
  if (v6) checkOverlaps(v6, 'ipv6Subnet', context, problems);
  return problems;
}
