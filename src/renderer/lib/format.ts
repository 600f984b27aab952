import type { NetworkAttachment } from '../../shared/contract';

/** Docker reports "0001-01-01T00:00:00Z" for "never"; anything before 1971 is treated as unknown. */
export function formatTime(iso: string | null): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime()) || date.getUTCFullYear() < 1971) return '—';
  return date.toLocaleString();
}

export function ipWithPrefix(n: Pick<NetworkAttachment, 'ipAddress' | 'prefixLength'>): string | null {
  if (!n.ipAddress) return null;
  return n.prefixLength === null ? n.ipAddress : `${n.ipAddress}/${n.prefixLength}`;
}

export function shortId(id: string): string {
  return id.length > 12 && /^[0-9a-f]+$/i.test(id) ? id.slice(0, 12) : id;
}
