/**
 * IPv4 / IPv6 addresses and CIDR blocks as bigints, so containment and overlap are plain integer
 * comparisons for both families (an IPv6 address does not fit in a JS number).
 * Pure: no Node or DOM APIs, because the renderer validates the network form with it too.
 *
 * Parsing follows Go's net/netip (what Docker and Podman use): IPv4 octets without leading zeros
 * (Go ≥ 1.17 refuses them because `010` is octal to some tools), IPv6 per RFC 4291 with at most
 * one `::` and an optional dotted IPv4 tail, no zones. Canonical text is RFC 5952 (lowercase,
 * longest zero run compressed), IPv4-mapped addresses as `::ffff:1.2.3.4`, as netip prints them.
 */
export type IpFamily = 4 | 6;

export interface ParsedIp {
  family: IpFamily;
  value: bigint;
  /** Canonical text: what the engine will print back. */
  text: string;
}

export interface ParsedCidr {
  family: IpFamily;
  /** The network address (host bits zero). */
  network: bigint;
  prefix: number;
  /** Canonical `network/prefix`. */
  text: string;
  /** First and last address of the block, inclusive (network and broadcast for IPv4). */
  first: bigint;
  last: bigint;
}

export class CidrError extends Error {
  readonly input: string;
  constructor(input: string, message: string) {
    super(message);
    this.name = 'CidrError';
    this.input = input;
  }
}

const BITS: Record<IpFamily, number> = { 4: 32, 6: 128 };

/** The all-ones value of a family's width. */
const allOnes = (family: IpFamily): bigint => (1n << BigInt(BITS[family])) - 1n;

/** Network mask for a prefix length, e.g. (4, 24) → 0xffffff00. */
export function prefixMask(family: IpFamily, prefix: number): bigint {
  const hostBits = BigInt(BITS[family] - prefix);
  return allOnes(family) ^ ((1n << hostBits) - 1n);
}

function parseIpv4(text: string, input: string): bigint {
  const parts = text.split('.');
  if (parts.length !== 4) throw new CidrError(input, `${input} is not an IPv4 address (it needs four numbers separated by dots)`);
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) throw new CidrError(input, `${input} is not an IPv4 address ("${part}" is not a number from 0 to 255)`);
    if (part.length > 1 && part.startsWith('0')) {
      throw new CidrError(input, `${input} is not an IPv4 address ("${part}" has a leading zero, which some tools read as octal)`);
    }
    const n = Number(part);
    if (n > 255) throw new CidrError(input, `${input} is not an IPv4 address (${n} is more than 255)`);
    value = (value << 8n) | BigInt(n);
  }
  return value;
}

/** 16-bit groups of one side of `::`; a dotted IPv4 tail counts as two groups. */
function ipv6Groups(side: string, input: string, mayEndInIpv4: boolean): number[] {
  if (side === '') return [];
  const parts = side.split(':');
  const groups: number[] = [];
  parts.forEach((part, i) => {
    if (part.includes('.') && mayEndInIpv4 && i === parts.length - 1) {
      const v4 = parseIpv4(part, input);
      groups.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
      return;
    }
    if (!/^[0-9a-fA-F]{1,4}$/.test(part)) {
      throw new CidrError(input, `${input} is not an IPv6 address ("${part}" is not a group of 1 to 4 hex digits)`);
    }
    groups.push(parseInt(part, 16));
  });
  return groups;
}

function parseIpv6(text: string, input: string): bigint {
  if (text.includes('%')) throw new CidrError(input, `${input} has an IPv6 zone (%interface), which is not allowed here`);
  const halves = text.split('::');
  if (halves.length > 2) throw new CidrError(input, `${input} is not an IPv6 address ("::" may appear only once)`);
  let groups: number[];
  if (halves.length === 2) {
    const head = ipv6Groups(halves[0], input, false);
    const tail = ipv6Groups(halves[1], input, true);
    // "::" stands for at least one zero group (RFC 4291 §2.2).
    if (head.length + tail.length > 7) throw new CidrError(input, `${input} is not an IPv6 address (too many groups around "::")`);
    groups = [...head, ...Array<number>(8 - head.length - tail.length).fill(0), ...tail];
  } else {
    groups = ipv6Groups(text, input, true);
    if (groups.length !== 8) throw new CidrError(input, `${input} is not an IPv6 address (it needs 8 groups, or "::" for the zeros)`);
  }
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
}

/** Parses an IPv4 or IPv6 address (surrounding spaces ignored). Throws CidrError. */
export function parseIp(text: string): ParsedIp {
  const t = text.trim();
  if (t === '') throw new CidrError(text, 'an IP address is required');
  const family: IpFamily = t.includes(':') ? 6 : 4;
  const value = family === 4 ? parseIpv4(t, t) : parseIpv6(t, t);
  return { family, value, text: formatIp(family, value) };
}

/** The canonical text of an address value (RFC 5952 for IPv6). */
export function formatIp(family: IpFamily, value: bigint): string {
  if (value < 0n || value > allOnes(family)) throw new CidrError(String(value), `${value} is out of range for IPv${family}`);
  if (family === 4) return [24n, 16n, 8n, 0n].map((s) => Number((value >> s) & 0xffn)).join('.');
  // IPv4-mapped addresses keep the dotted tail (RFC 5952 §5), as Go's netip does.
  if (value >> 32n === 0xffffn) return `::ffff:${formatIp(4, value & 0xffffffffn)}`;
  const groups = Array.from({ length: 8 }, (_, i) => Number((value >> BigInt(112 - 16 * i)) & 0xffffn));
  // Longest run of zero groups, leftmost on a tie, and only when it is at least two long (§4.2.2).
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestLen < 2) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

/**
 * Parses `address/prefix`. A block with host bits set (`10.0.0.1/24`) is refused with the network
 * address to use instead — newer Docker refuses such a subnet too ("it should be 10.0.0.0/24"),
 * and silently fixing it would hide a typo. `allowHostBits` masks them off instead, for text that
 * legitimately carries them (an interface address such as `172.18.0.3/16`).
 */
export function parseCidr(text: string, options: { allowHostBits?: boolean } = {}): ParsedCidr {
  const t = text.trim();
  const slash = t.indexOf('/');
  if (slash < 0) throw new CidrError(t, `${t || '(empty)'} is not in CIDR notation (add the prefix length, e.g. 10.10.0.0/24)`);
  const ip = parseIp(t.slice(0, slash));
  const prefixText = t.slice(slash + 1);
  const max = BITS[ip.family];
  if (!/^(0|[1-9]\d{0,2})$/.test(prefixText) || Number(prefixText) > max) {
    throw new CidrError(t, `${t} has a bad prefix length (use 0 to ${max} for IPv${ip.family})`);
  }
  const prefix = Number(prefixText);
  const mask = prefixMask(ip.family, prefix);
  const network = ip.value & mask;
  const canonical = `${formatIp(ip.family, network)}/${prefix}`;
  if (network !== ip.value && !options.allowHostBits) {
    throw new CidrError(t, `${t} has host bits set: did you mean ${canonical}?`);
  }
  return { family: ip.family, network, prefix, text: canonical, first: network, last: network | (allOnes(ip.family) ^ mask) };
}

// The predicates take text or parsed values; text CIDRs are read leniently (host bits masked),
// because asking "does 10.0.0.1/24 contain 10.0.0.9" has one obvious answer.
const asIp = (ip: string | ParsedIp): ParsedIp => (typeof ip === 'string' ? parseIp(ip) : ip);
const asCidr = (c: string | ParsedCidr): ParsedCidr => (typeof c === 'string' ? parseCidr(c, { allowHostBits: true }) : c);

/** Whether the address lies in the block. Different families never match. */
export function ipInCidr(ip: string | ParsedIp, cidr: string | ParsedCidr): boolean {
  const a = asIp(ip);
  const c = asCidr(cidr);
  return a.family === c.family && a.value >= c.first && a.value <= c.last;
}

/** Whether every address of `inner` is in `outer` (a block is within itself). */
export function cidrWithin(inner: string | ParsedCidr, outer: string | ParsedCidr): boolean {
  const i = asCidr(inner);
  const o = asCidr(outer);
  return i.family === o.family && i.first >= o.first && i.last <= o.last;
}

/** Whether the blocks share any address. CIDR blocks either nest or are disjoint, so this is symmetric containment. */
export function cidrsOverlap(a: string | ParsedCidr, b: string | ParsedCidr): boolean {
  const x = asCidr(a);
  const y = asCidr(b);
  return x.family === y.family && x.first <= y.last && y.first <= x.last;
}
