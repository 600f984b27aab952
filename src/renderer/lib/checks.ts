import { diagnosticsChannels, type CheckResult, type CheckStatus } from '../../shared/contract';

/** A run id the main process accepts: a UUID without its dashes. */
export function newRunId(): string {
  return crypto.randomUUID().replace(/-/g, '');
}

/**
 * Adds (or replaces, by id) one streamed result at its place in the run: results of parallel
 * checks arrive as they finish, and placing them by position keeps the list from jumping.
 * Results without a known position go last, in arrival order.
 */
export function mergeResult(list: readonly CheckResult[], result: CheckResult, positionOf: (id: string) => number | undefined): CheckResult[] {
  const rank = (id: string) => positionOf(id) ?? Number.POSITIVE_INFINITY;
  const rest = list.filter((r) => r.id !== result.id);
  const at = rest.findIndex((r) => rank(r.id) > rank(result.id));
  return at < 0 ? [...rest, result] : [...rest.slice(0, at), result, ...rest.slice(at)];
}

export const STATUS_LABELS: Record<CheckStatus, string> = { pass: 'Passed', fail: 'Failed', warn: 'Warning', skipped: 'Skipped' };
export const STATUS_ICONS: Record<CheckStatus, string> = { pass: '✓', fail: '✕', warn: '!', skipped: '–' };
export const STATUS_TONES: Record<CheckStatus, 'ok' | 'bad' | 'warn' | 'off'> = { pass: 'ok', fail: 'bad', warn: 'warn', skipped: 'off' };

export function statusLabel(r: Pick<CheckResult, 'status' | 'timedOut'>): string {
  return r.timedOut ? 'Timed out' : STATUS_LABELS[r.status];
}

export function countByStatus(results: readonly CheckResult[]): Record<CheckStatus, number> {
  const out: Record<CheckStatus, number> = { pass: 0, fail: 0, warn: 0, skipped: 0 };
  for (const r of results) out[r.status]++;
  return out;
}

const inputs = diagnosticsChannels['diagnostics.run'].request.shape;

/** The contract's own rules for what the user may type: the schema has the last word. */
export const inputRules = {
  peer: (v: string) => inputs.peers.unwrap().element.safeParse(v).success,
  dnsName: (v: string) => inputs.dnsName.unwrap().safeParse(v).success,
  outsideTarget: (v: string) => inputs.outsideTarget.unwrap().safeParse(v).success,
};

export const INPUT_MESSAGES = {
  peers: 'Container names or ids, comma separated (at most 8).',
  dnsName: 'A host name or IP address, e.g. api or example.com.',
  outsideTarget: 'host:port, e.g. 192.0.2.10:443 or [2001:db8::1]:443.',
  hostPort: 'A port number from 1 to 65535.',
};

export function splitPeers(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

const POWERSHELL = /^[A-Z][a-z]+-[A-Z][A-Za-z]+(\s|$)/;
const COMMAND_WORD = /^(\$ )?[a-z0-9_./-]+(\s|$)/;

/**
 * Whether a fix is a command to paste (`docker restart web`, `sudo ufw allow 8080/tcp`,
 * `New-NetFirewallRule …`) rather than a sentence to read. Sentences start with a capital or end with a period.
 */
export function looksLikeCommand(text: string): boolean {
  const t = text.trim();
  if (!t || t.includes('\n')) return !!t && t.split('\n').every((line) => !line.trim() || looksLikeCommand(line));
  if (POWERSHELL.test(t)) return true;
  return COMMAND_WORD.test(t) && !/[.!?]$/.test(t);
}

/** A sentence cut at its `backticked` parts, which render as code. */
export function inlineCode(text: string): { text: string; code: boolean }[] {
  return text
    .split(/(`[^`]+`)/)
    .filter(Boolean)
    .map((part) => (part.length > 2 && part.startsWith('`') && part.endsWith('`') ? { text: part.slice(1, -1), code: true } : { text: part, code: false }));
}
