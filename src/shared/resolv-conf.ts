/**
 * /etc/resolv.conf as the C library reads it (resolv.conf(5), glibc resolv/res_init.c), so what we
 * show is what a program in the container will actually use:
 * - a line whose first character is `#` or `;` is a comment;
 * - `nameserver ADDR` adds a server (glibc uses the first three; all are listed here so the user
 *   sees the ones that are ignored too);
 * - `search` and `domain` are mutually exclusive and the last instance wins; `domain X` means a
 *   search list of just X;
 * - `options` lines accumulate.
 * Trailing `# …` / `; …` comments are dropped as well: no value can contain them, and generated
 * files (Podman's, NetworkManager's) sometimes annotate lines that way.
 * Pure: used in main (container resolv.conf, host resolv.conf) and renderer alike.
 */
export interface ResolvConf {
  nameservers: string[];
  search: string[];
  options: string[];
}

export function parseResolvConf(text: string): ResolvConf {
  const nameservers: string[] = [];
  let search: string[] = [];
  const options: string[] = [];
  for (const rawLine of text.split(/\r?\n/)) {
    if (/^[#;]/.test(rawLine)) continue;
    const line = rawLine.replace(/\s[#;].*$/, '').trim();
    const [keyword, ...values] = line.split(/\s+/);
    switch (keyword) {
      case 'nameserver':
        // The address is the first word; glibc ignores anything after it.
        if (values[0]) nameservers.push(values[0]);
        break;
      case 'search':
        search = values.filter(Boolean);
        break;
      case 'domain':
        search = values[0] ? [values[0]] : [];
        break;
      case 'options':
        options.push(...values.filter(Boolean));
        break;
      default:
        break; // sortlist, blank lines, unknown keywords: glibc ignores them too
    }
  }
  return { nameservers, search, options };
}
