/** Shared helpers for matching ports and protocols across firewall parsers. */
export type PortProtocol = 'tcp' | 'udp' | 'sctp';

export interface PortRange {
  start: number;
  end: number;
  protocol: PortProtocol | null;
}

/** Parses "80", "80/tcp", "60000-60010/udp", "6000:6007/tcp", "80,443/tcp". */
export function parsePortSpec(spec: string): PortRange[] {
  const m = /^([\d,:\-]+)(?:\/(tcp|udp|sctp))?$/i.exec(spec.trim());
  if (!m) return [];
  const protocol = (m[2]?.toLowerCase() as PortProtocol | undefined) ?? null;
  return m[1]
    .split(',')
    .filter(Boolean)
    .map((part) => {
      const [a, b] = part.split(/[:\-]/).map((n) => Number(n));
      return { start: a, end: b ?? a, protocol };
    })
    .filter((r) => Number.isInteger(r.start) && Number.isInteger(r.end));
}

export function rangeIncludes(range: PortRange, port: number, protocol: PortProtocol): boolean {
  return port >= range.start && port <= range.end && (range.protocol === null || range.protocol === protocol);
}
