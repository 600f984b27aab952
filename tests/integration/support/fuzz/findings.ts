/**
 * What a fuzz run found: each distinct failure once (by signature), with the smallest reproducer
 * seen, plus counts. Tests assert on `list()` at the end so one run reports every failure at once.
 */
import { ERROR_CODES } from '../../../../src/shared/errors';

export interface Finding {
  /** Stable grouping key, e.g. `INTERNAL containers.inspect: Cannot read properties of undefined`. */
  signature: string;
  /** Where: a channel, or a transport action. */
  where: string;
  /** What was observed. */
  observed: string;
  /** The smallest input that showed it (printable: NaN, undefined and own __proto__ keys kept). */
  reproducer: string;
  count: number;
}

export const DEFAULT_SEED = 0x0c0ffee;

/** The fixed seed, overridable with CK_FUZZ_SEED so a failing run can be replayed. */
export function fuzzSeed(): number {
  const raw = process.env.CK_FUZZ_SEED;
  if (raw === undefined || raw === '') return DEFAULT_SEED;
  const n = Number(raw);
  if (!Number.isSafeInteger(n)) throw new Error(`CK_FUZZ_SEED must be an integer, got ${raw}`);
  return n;
}

/** A per-part seed derived from the run's seed, so each channel's sequence replays on its own. */
export function subSeed(seed: number, label: string): number {
  let h = seed | 0;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193);
  return h | 0;
}

/** JSON-like text that also shows NaN, ±Infinity, -0, undefined, bigint and long strings shortened. */
export function printable(value: unknown, maxString = 200): string {
  const seen = new WeakSet<object>();
  const walk = (v: unknown): string => {
    if (v === undefined) return 'undefined';
    if (typeof v === 'number') return Object.is(v, -0) ? '-0' : Number.isFinite(v) ? String(v) : String(v);
    if (typeof v === 'bigint') return `${v}n`;
    if (typeof v === 'string') {
      if (v.length > maxString) {
        const head = v.slice(0, 40);
        const allSame = v === v[0].repeat(v.length);
        return allSame ? `${JSON.stringify(v[0])}.repeat(${v.length})` : `${JSON.stringify(head)} + …(${v.length} chars)`;
      }
      return JSON.stringify(v);
    }
    if (typeof v === 'function') return '[function]';
    if (typeof v === 'symbol') return v.toString();
    if (typeof v === 'boolean' || v === null) return String(v);
    if (typeof v !== 'object') return '?';
    if (seen.has(v)) return '[circular]';
    seen.add(v);
    if (Array.isArray(v)) {
      if (v.length > 8 && v.every((x) => printable(x) === printable(v[0]))) return `Array(${v.length}).fill(${walk(v[0])})`;
      if (v.length > 20) return `[${v.slice(0, 5).map(walk).join(', ')}, …(${v.length} items)]`;
      return `[${v.map(walk).join(', ')}]`;
    }
    const proto: unknown = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) {
      const name = (proto as { constructor?: { name?: string } }).constructor?.name ?? 'object';
      const shown = v instanceof Date ? v.toISOString() : v instanceof RegExp ? v.toString() : v instanceof Map ? `(${v.size} entries)` : '';
      return `${name} ${shown}`.trim();
    }
    const keys = Object.keys(v);
    const depth = ((): number => {
      let d = 0;
      let cur: unknown = v;
      while (cur && typeof cur === 'object' && Object.keys(cur).length === 1 && d < 5000) {
        cur = (cur as Record<string, unknown>)[Object.keys(cur)[0]];
        d++;
      }
      return d;
    })();
    if (depth > 20) return `{ nested ${depth} levels deep }`;
    return `{${keys.map((k) => `${JSON.stringify(k)}: ${walk((v as Record<string, unknown>)[k])}`).join(', ')}}${proto === null ? ' (null prototype)' : ''}`;
  };
  return walk(value);
}

export class Findings {
  private readonly byKey = new Map<string, Finding>();
  readonly codes = new Map<string, number>();
  requests = 0;
  skipped = 0;
  crashes = 0;

  /** A reproducer that names a set of inputs ("one of: …") gives way to one that names a single input. */
  add(signature: string, where: string, observed: string, reproducer: string): void {
    const vague = (r: string) => r.startsWith('one of');
    const prev = this.byKey.get(signature);
    if (!prev) {
      this.byKey.set(signature, { signature, where, observed, reproducer, count: 1 });
      return;
    }
    prev.count++;
    const better = vague(prev.reproducer) !== vague(reproducer) ? vague(prev.reproducer) : reproducer.length < prev.reproducer.length;
    if (better) {
      prev.reproducer = reproducer;
      prev.observed = observed;
    }
  }

  countAnswer(label: string): void {
    this.codes.set(label, (this.codes.get(label) ?? 0) + 1);
  }

  list(filter?: (f: Finding) => boolean): Finding[] {
    return [...this.byKey.values()].filter((f) => !filter || filter(f));
  }

  /** One block per finding, for the assertion message and the console. */
  static format(findings: readonly Finding[]): string {
    return findings
      .map((f, i) => `#${i + 1} [${f.where}] ${f.signature} (×${f.count})\n    observed: ${f.observed}\n    reproducer: ${f.reproducer}`)
      .join('\n');
  }

  summary(title: string): string {
    const codes = [...this.codes.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k}=${v}`)
      .join(' ');
    return `${title}: requests sent ${this.requests}, skipped ${this.skipped}, answers ${codes || 'none'}, crashes ${this.crashes}, distinct failures ${this.byKey.size}`;
  }
}

/** Shortens and normalizes a message into a signature part: ids, numbers and quoted input collapse. */
export function normalizeMessage(message: string): string {
  return message
    .replace(/"[^"]*"/g, '"…"')
    .replace(/'[^']*'/g, "'…'")
    .replace(/\b[0-9a-f]{12,64}\b/g, '<id>')
    .replace(/ck-fuzz-[\w.-]+/g, '<name>')
    .replace(/\d+/g, 'N')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 120);
}

/** Every string (keys and values) inside a value, for leak checks of `details`. */
function stringsIn(v: unknown, out: string[] = [], depth = 0): string[] {
  if (depth > 20) return out;
  if (typeof v === 'string') out.push(v);
  else if (v && typeof v === 'object') {
    for (const [k, child] of Object.entries(v)) {
      out.push(k);
      stringsIn(child, out, depth + 1);
    }
  }
  return out;
}

const LEAK_PATTERNS: Array<[string, RegExp]> = [
  ['a stack trace', /\n\s+at /],
  ['an absolute path /work/', /\/work\//],
  ['a /node_modules/ path', /\/node_modules\//],
  ['a file:// URL', /file:\/\//],
  ['a source path src/main', /src\/main/],
];

export interface EnvelopeProblem {
  kind: string;
  observed: string;
}

/**
 * Checks one answer: it is exactly the envelope, its code is known and not INTERNAL, and no
 * message carries a stack trace or a file path the caller did not send itself.
 */
export function envelopeProblems(answer: unknown, sent: unknown): EnvelopeProblem[] {
  const problems: EnvelopeProblem[] = [];
  let sentText: string;
  try {
    sentText = JSON.stringify(sent) ?? '';
  } catch {
    sentText = String(sent);
  }
  if (!answer || typeof answer !== 'object' || Array.isArray(answer)) return [{ kind: 'not an envelope', observed: printable(answer) }];
  const a = answer as Record<string, unknown>;
  try {
    JSON.stringify(a);
  } catch (err) {
    problems.push({ kind: 'answer is not JSON-serializable', observed: (err as Error).message });
  }
  if (a.ok === true) {
    const extra = Object.keys(a).filter((k) => k !== 'ok' && k !== 'data');
    if (!('data' in a) || extra.length > 0) problems.push({ kind: 'not an envelope', observed: printable(a).slice(0, 300) });
    return problems;
  }
  if (a.ok !== false) return [{ kind: 'not an envelope', observed: printable(a).slice(0, 300) }];
  const extra = Object.keys(a).filter((k) => k !== 'ok' && k !== 'error');
  const e = a.error as Record<string, unknown> | undefined;
  if (extra.length > 0 || !e || typeof e !== 'object' || typeof e.code !== 'string' || typeof e.message !== 'string') {
    return [{ kind: 'not an envelope', observed: printable(a).slice(0, 300) }];
  }
  if (!(ERROR_CODES as readonly string[]).includes(e.code)) problems.push({ kind: `unknown error code ${e.code}`, observed: e.message.slice(0, 300) });
  if (e.code === 'INTERNAL') problems.push({ kind: 'INTERNAL', observed: e.message.slice(0, 300) });
  const texts: string[] = [e.message];
  if (e.details !== undefined) texts.push(...stringsIn(e.details));
  for (const [what, re] of LEAK_PATTERNS) {
    const leaked = texts.some((t) => re.test(t)) && !re.test(sentText);
    if (leaked) problems.push({ kind: `message leaks ${what}`, observed: texts.find((t) => re.test(t))!.slice(0, 400) });
  }
  return problems;
}
