export interface EnvRow {
  id: number;
  key: string;
  value: string;
}

/** The `KEY=value` list to send, and what is wrong with each row that cannot be sent. */
export function envEntries(rows: readonly EnvRow[]): { entries: string[]; errors: Map<number, string> } {
  const entries: string[] = [];
  const errors = new Map<number, string>();
  const seen = new Set<string>();
  for (const row of rows) {
    const key = row.key.trim();
    if (!key && !row.value) continue;
    if (!key) errors.set(row.id, 'Give the variable a name.');
    else if (/[=\s]/.test(key)) errors.set(row.id, 'A variable name has no spaces and no "=".');
    else if (seen.has(key)) errors.set(row.id, `${key} is set twice.`);
    else {
      seen.add(key);
      entries.push(`${key}=${row.value}`);
    }
  }
  return { entries, errors };
}
