import { parsePortSpecs, type PortSpec } from '../../shared/port-spec';

/** The same flags `parsePortSpecs` reads: `-p`, `--publish`, combined shorthands such as `-dp`. */
const FLAG_ALONE = /^(?:--publish|-[ditP]*p)$/;
const FLAG_VALUE = /^(?:--publish=|-[ditP]*p=?)(.+)$/s;

const isFlag = (t: string): boolean => FLAG_ALONE.test(t) || (t.startsWith('-') && FLAG_VALUE.test(t));

/**
 * The paste box: a plain list (`8080:80, 9090:90/udp`) goes to `parsePortSpecs` as is. Once the
 * text holds `-p` flags, `parsePortSpecs` reads only the flags' values (the rest of a pasted
 * `docker run` line is ignored); here a bare mapping with a host side next to them
 * (`-p 8080:80 127.0.0.1:5432:5432/tcp`) is kept too, in the order pasted. Throws the
 * parser's PortSpecError for a bad flag value or list entry.
 */
export function pasteSpecs(text: string): PortSpec[] {
  const tokens = text.split(/\s+/).filter((t) => t !== '');
  if (!tokens.some(isFlag)) return parsePortSpecs(text);
  const out: PortSpec[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (FLAG_ALONE.test(t)) {
      out.push(...parsePortSpecs(i + 1 < tokens.length ? `${t} ${tokens[++i]}` : t));
    } else if (isFlag(t)) {
      out.push(...parsePortSpecs(t));
    } else if (t.includes(':') && !t.includes('=')) {
      // Image references (nginx:1.27), volumes (/data:/data) and the like do not parse: skip them.
      try {
        out.push(...parsePortSpecs(t));
      } catch {
        /* part of the command line, not a mapping */
      }
    }
  }
  return out;
}
