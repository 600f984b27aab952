import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURE_DIR = fileURLToPath(new URL('../../../fixtures/apple-container/', import.meta.url));

/** Every JSON fixture, as paths relative to FIXTURE_DIR, so a newly added file is tested without edits. */
export function listFixtureFiles(dir = FIXTURE_DIR): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFixtureFiles(full));
    else if (entry.name.endsWith('.json')) out.push(path.relative(FIXTURE_DIR, full));
  }
  return out.sort();
}

export function readFixture(rel: string): string {
  return readFileSync(path.join(FIXTURE_DIR, rel), 'utf8');
}

export type FixtureKind = 'container-list' | 'network-list' | 'system-status' | 'dns-list' | 'dns-text';

/** What command produced a fixture, from its file name (see the fixtures README). */
export function fixtureKind(rel: string): FixtureKind | null {
  const name = path.basename(rel);
  // `inspect` prints an array of the same elements as `ls`.
  if (/^container-(ls|inspect)\b/.test(name)) return 'container-list';
  if (/^network-(ls|inspect)\b/.test(name)) return 'network-list';
  if (name.startsWith('system-status')) return 'system-status';
  if (name.startsWith('system-dns-ls') && name.includes('.txt.')) return 'dns-text';
  if (name.startsWith('system-dns-ls')) return 'dns-list';
  return null;
}
