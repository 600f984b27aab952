/** The port lists firewall rules carry ("80,443/tcp", "6000:6007"), parsed the same way for every firewall. */
export type RuleProtocol = 'tcp' | 'udp' | 'sctp';

export interface RulePortRange {
  start: number;
  end: number;
  protocol: RuleProtocol | null;
}

/** Parses "80", "80/tcp", "60000-60010/udp", "6000:6007/tcp", "80,443/tcp". */
export function parseRulePorts(spec: string): RulePortRange[] {
  const m = /^([\d,:-]+)(?:\/(tcp|udp|sctp))?$/i.exec(spec.trim());
  if (!m) return [];
  const protocol = (m[2]?.toLowerCase() as RuleProtocol | undefined) ?? null;
  return m[1]
    .split(',')
    .filter(Boolean)
    .map((part) => {
      const [a, b] = part.split(/[:-]/).map((n) => Number(n));
      return { start: a, end: b ?? a, protocol };
    })
    .filter((r) => Number.isInteger(r.start) && Number.isInteger(r.end));
}

export function rangeIncludes(range: RulePortRange, port: number, protocol: RuleProtocol): boolean {
  return port >= range.start && port <= range.end && (range.protocol === null || range.protocol === protocol);
}
