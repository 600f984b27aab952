/**
 * Parsers for Windows' `netstat -ano` (all protocols, both families, one run) and for
 * `tasklist /fo csv /nh`, which names the processes behind netstat's PIDs.
 *
 *   Proto  Local Address          Foreign Address        State           PID
 *   TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       1044
 *   TCP    [::]:445               [::]:0                 LISTENING       4
 *   UDP    0.0.0.0:500            *:*                                    4567
 *
 * The State column is localised ("ABHÖREN" on German Windows), so a TCP listener is recognised by
 * its foreign port being 0 — true of every LISTENING row and of no connected one — not by the word.
 * UDP rows have no state (the PID is then the 4th column); every UDP row holds its port.
 * With `-b` netstat interleaves lines like ` [svchost.exe]`; they are skipped.
 */
import type { Protocol } from '../../../shared/contract/model';
import { parseAddress, type Family } from './addresses';

export interface NetstatSocket {
  pid: number;
  protocol: Protocol;
  family: Family;
  address: string;
  port: number;
}

/** `0.0.0.0:135`, `[::]:445`, `[fe80::1%4]:5353` → address/port; null for `*:*` and names. */
export function splitWindowsEndpoint(text: string): { address: string; family: Family; port: number } | null {
  const colon = text.lastIndexOf(':');
  if (colon < 0) return null;
  const port = text.slice(colon + 1);
  const parsed = parseAddress(text.slice(0, colon));
  if (!parsed || !/^\d+$/.test(port)) return null;
  return { ...parsed, port: Number(port) };
}

export function parseNetstatWindows(text: string): NetstatSocket[] {
  const out: NetstatSocket[] = [];
  for (const line of text.split(/\r?\n/)) {
    const f = line.trim().split(/\s+/);
    const proto = f[0]?.toUpperCase();
    if (proto !== 'TCP' && proto !== 'UDP') continue;
    const pidText = f[f.length - 1];
    if (!/^\d+$/.test(pidText)) continue;
    const local = splitWindowsEndpoint(f[1] ?? '');
    if (!local || local.port === 0) continue;
    if (proto === 'TCP') {
      if (f.length < 5) continue;
      const foreignPort = f[2].slice(f[2].lastIndexOf(':') + 1);
      if (foreignPort !== '0') continue;
    }
    out.push({ pid: Number(pidText), protocol: proto === 'TCP' ? 'tcp' : 'udp', ...local });
  }
  return out;
}

/** RFC 4180-style fields: tasklist quotes every field, and "Mem Usage" contains commas. */
function csvFields(line: string): string[] {
  const fields: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      fields.push(cur);
      cur = '';
    } else cur += ch;
  }
  fields.push(cur);
  return fields;
}

/** `"Image Name","PID","Session Name","Session#","Mem Usage"` rows → pid → image name. */
export function parseTasklistCsv(text: string): Map<number, string> {
  const names = new Map<number, string>();
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim()) continue;
    const [image, pid] = csvFields(line.trim());
    if (image && pid && /^\d+$/.test(pid)) names.set(Number(pid), image);
  }
  return names;
}
