import { formatHost, hostAddressesOverlap } from '../../shared/host-address';
import { PORT_PROTOCOLS, formatPortSpec, parsePortSpec, type PortProtocol, type PortSpec } from '../../shared/port-spec';

/** The host addresses offered in a row's select; anything else is typed as a custom address. */
export const HOST_IP_CHOICES: readonly { value: string; label: string }[] = [
  { value: '', label: 'All interfaces' },
  { value: '127.0.0.1', label: '127.0.0.1 (this machine)' },
  { value: '::1', label: '::1 (this machine, IPv6)' },
];

export const PROTOCOLS: readonly PortProtocol[] = PORT_PROTOCOLS;

/** The editable parts of a row, as typed (a port may be a range "8080-8081", or empty). */
export interface PortFields {
  hostIp: string;
  hostPort: string;
  containerPort: string;
  protocol: PortProtocol;
}

/**
 * One port row. `text` (the spec as the user typed it) is the row's truth; the fields follow it
 * whenever it parses, and editing a field writes the text anew from the fields.
 */
export interface PortRowDraft extends PortFields {
  id: number;
  text: string;
}

export type ParsedRow = { blank: true; spec: null; error: null } | { blank: false; spec: PortSpec; error: null } | { blank: false; spec: null; error: string };

const range = (start: number | null, end: number | null): string => (start === null ? '' : end === null || end === start ? String(start) : `${start}-${end}`);

export function fieldsFromSpec(spec: PortSpec): PortFields {
  return {
    hostIp: spec.hostIp,
    hostPort: range(spec.hostPortStart, spec.hostPortEnd),
    containerPort: range(spec.containerPortStart, spec.containerPortEnd),
    protocol: spec.protocol,
  };
}

/** The spec text for what the fields say, in the `-p` syntax the parser reads. */
export function composeSpecText(f: PortFields): string {
  const ip = f.hostIp.trim();
  const host = f.hostPort.trim();
  const target = f.containerPort.trim();
  const proto = f.protocol === 'tcp' ? '' : `/${f.protocol}`;
  const address = ip.includes(':') && !ip.startsWith('[') ? `[${ip}]` : ip;
  if (address) return `${address}:${host}:${target}${proto}`;
  if (host) return `${host}:${target}${proto}`;
  return `${target}${proto}`;
}

/** Validates one row's text with the shared parser; an empty row is ignored rather than invalid. */
export function parseRowText(text: string): ParsedRow {
  const trimmed = text.trim();
  if (!trimmed) return { blank: true, spec: null, error: null };
  try {
    return { blank: false, spec: parsePortSpec(trimmed), error: null };
  } catch (e) {
    const message = e instanceof Error && e.message ? e.message : `"${trimmed}" is not a valid port mapping`;
    return { blank: false, spec: null, error: message };
  }
}

export function specText(spec: PortSpec): string {
  return formatPortSpec(spec);
}

/** Identifies a spec for lookups (check results, duplicates). */
export function specKey(spec: PortSpec): string {
  return [spec.hostIp, spec.hostPortStart, spec.hostPortEnd, spec.containerPortStart, spec.containerPortEnd, spec.protocol].join('|');
}

/** Whether two host addresses can collide: the shared rule, the one the create check enforces. */
export const hostIpsOverlap = hostAddressesOverlap;

/** Whether two specs ask for the same host port; an engine-assigned host port never collides. */
export function specsClash(a: PortSpec, b: PortSpec): boolean {
  if (a.hostPortStart === null || b.hostPortStart === null || a.protocol !== b.protocol) return false;
  const aEnd = a.hostPortEnd ?? a.hostPortStart;
  const bEnd = b.hostPortEnd ?? b.hostPortStart;
  return a.hostPortStart <= bEnd && b.hostPortStart <= aEnd && hostIpsOverlap(a.hostIp, b.hostIp);
}

/** For each row claiming a host port another row claims too: the 1-based numbers of those rows. */
export function duplicateRows(rows: readonly { id: number; spec: PortSpec | null }[]): Map<number, number[]> {
  const out = new Map<number, number[]>();
  rows.forEach((a, i) => {
    if (!a.spec) return;
    const others: number[] = [];
    rows.forEach((b, j) => {
      if (i !== j && b.spec && specsClash(a.spec!, b.spec)) others.push(j + 1);
    });
    if (others.length) out.set(a.id, others);
  });
  return out;
}

/** The host side of a spec for messages: "127.0.0.1:8080/tcp", "8080-8081/udp". */
export function hostSide(spec: PortSpec): string {
  const ports = range(spec.hostPortStart, spec.hostPortEnd) || 'any port';
  const ip = spec.hostIp ? `${formatHost(spec.hostIp)}:` : '';
  return `${ip}${ports}/${spec.protocol}`;
}

/** The host port(s) of a suggestion, for the "Use 8081" button. */
export function suggestionLabel(spec: PortSpec): string {
  return range(spec.hostPortStart, spec.hostPortEnd) || formatPortSpec(spec);
}
