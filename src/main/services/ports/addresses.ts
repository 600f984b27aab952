/**
 * IP address text in one canonical form, so that the same socket read from /proc (hex), lsof
 * (`[::1]`, `*`) and netstat (`[::]`) compares equal to what a user or engine asked for.
 *
 * IPv6 follows RFC 5952 (lower case, no leading zeros, the longest run of two or more zero groups
 * shortened to `::`), with IPv4-mapped addresses written `::ffff:127.0.0.1` — the form Node itself
 * prints, so `server.address()` matches our rows.
 */
import { isIPv4, isIPv6 } from 'node:net';
import { formatIp } from '../../../shared/cidr';

export type Family = 4 | 6;

export const IPV4_ANY = '0.0.0.0';
export const IPV6_ANY = '::';

export interface ParsedAddress {
  address: string;
  family: Family;
}

/** 16 bytes → canonical IPv6 text (the shared RFC 5952 formatter does the shortening). */
export function ipv6FromBytes(bytes: ArrayLike<number>): string {
  if (bytes.length !== 16) throw new Error(`an IPv6 address has 16 bytes, got ${bytes.length}`);
  let value = 0n;
  for (let i = 0; i < 16; i++) value = (value << 8n) | BigInt(bytes[i]);
  return formatIp(6, value);
}

/** IPv6 text (any valid spelling, optionally with an embedded IPv4 tail) → 16 bytes. */
export function ipv6ToBytes(text: string): number[] | null {
  if (!isIPv6(text)) return null;
  let head = text;
  const tail: number[] = [];
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(head);
  if (v4) {
    const octets = v4[1].split('.').map(Number);
    head = head.slice(0, -v4[1].length) + '0:0'; // placeholder groups, replaced below
    tail.push(...octets);
  }
  const [left, right] = head.includes('::') ? head.split('::') : [head, undefined];
  const l = left ? left.split(':') : [];
  const r = right !== undefined && right !== '' ? right.split(':') : [];
  const missing = right === undefined ? 0 : 8 - l.length - r.length;
  const groups = [...l, ...Array<string>(missing).fill('0'), ...r].map((g) => parseInt(g, 16));
  if (groups.length !== 8 || groups.some((g) => !Number.isFinite(g))) return null;
  const bytes = groups.flatMap((g) => [g >> 8, g & 0xff]);
  if (tail.length) bytes.splice(12, 4, ...tail);
  return bytes;
}

/**
 * Any address spelling the tools print → canonical form: brackets and IPv6 zone ids (`%4`, `%eth0`)
 * are dropped, since a port conflict does not depend on them. Returns null for text that is not an
 * IP address (a host name, `*`); callers decide what those mean.
 */
export function parseAddress(text: string): ParsedAddress | null {
  let t = text.trim();
  if (t.startsWith('[') && t.endsWith(']')) t = t.slice(1, -1);
  const zone = t.indexOf('%');
  if (zone >= 0) t = t.slice(0, zone);
  if (isIPv4(t)) return { address: t.split('.').map(Number).join('.'), family: 4 };
  const bytes = ipv6ToBytes(t);
  return bytes ? { address: ipv6FromBytes(bytes), family: 6 } : null;
}

/** `::ffff:1.2.3.4` → `1.2.3.4`; anything else unchanged. A mapped bind conflicts like an IPv4 one. */
export function unmapIPv4(address: string): string {
  return address.startsWith('::ffff:') && isIPv4(address.slice(7)) ? address.slice(7) : address;
}

export function isWildcard(address: string): boolean {
  return address === IPV4_ANY || address === IPV6_ANY;
}
