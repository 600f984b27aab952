/**
 * A zod 4 schema → fast-check arbitrary walker. It reads each schema's definition
 * (`schema._zod.def`: its `type` and, for strings, numbers and arrays, its `checks`) and builds:
 *
 *  - `valid`:   values that satisfy the schema (regexes through `fc.stringMatching`, lengths and
 *               number bounds from the checks). Refinements (`.refine`) are not modelled, so some
 *               of these are still refused; that is fine for a fuzzer.
 *  - `hostile`: the schema's shape with hostile leaves: strings from `hostile.ts`, boundary lengths
 *               (min-1, min, max, max+1), numbers at every edge, arrays of 0, 1, max and max+1.
 *  - `invalid`: a wrong shape somewhere: a missing required field, an unknown extra field, a
 *               field of the wrong type, or the whole value of the wrong type.
 *
 * Types the contract does not use fall back to `fc.anything()`.
 */
import fc from 'fast-check';
import { EDGE_NUMBERS, anyOtherValue, hostileString } from './hostile';

export type Mode = 'valid' | 'hostile' | 'invalid';
export type Path = readonly (string | number)[];

interface CheckDef {
  check: string;
  [k: string]: unknown;
}
interface Def {
  type: string;
  checks?: Array<{ _zod: { def: CheckDef } }>;
  [k: string]: unknown;
}
/** The part of a zod 4 schema the walker reads. */
export interface Schemaish {
  _zod: { def: Def; optin?: string };
  safeParse(value: unknown): { success: boolean; data?: unknown };
}

export interface WalkOptions {
  /** Values to prefer for a string at a path (e.g. the engine ids and object names the test owns). */
  hint?: (path: Path) => fc.Arbitrary<unknown> | undefined;
  /** Array lengths in `valid` mode stay at or below this (boundary lengths come from `hostile`). */
  maxArray?: number;
}

const MAX_DEPTH = 10;
const REFINE_TRIES = 12;
const asSchema = (v: unknown): Schemaish => v as Schemaish;
const checksOf = (def: Def): CheckDef[] => (def.checks ?? []).map((c) => c._zod.def);

interface StringRules {
  min: number;
  max: number;
  patterns: RegExp[];
  format?: string;
}

function stringRules(def: Def): StringRules {
  const rules: StringRules = { min: 0, max: Infinity, patterns: [] };
  if (typeof def.format === 'string') rules.format = def.format;
  if (def.pattern instanceof RegExp) rules.patterns.push(def.pattern);
  for (const c of checksOf(def)) {
    if (c.check === 'min_length') rules.min = Math.max(rules.min, Number(c.minimum));
    else if (c.check === 'max_length') rules.max = Math.min(rules.max, Number(c.maximum));
    else if (c.check === 'length_equals') rules.min = rules.max = Number(c.length);
    else if (c.check === 'string_format') {
      if (c.pattern instanceof RegExp) rules.patterns.push(c.pattern);
      else if (typeof c.format === 'string') rules.format = c.format;
    }
  }
  return rules;
}

const satisfies = (s: string, r: StringRules): boolean =>
  s.length >= r.min && s.length <= r.max && r.patterns.every((p) => new RegExp(p.source, p.flags.replace('g', '')).test(s));

/** Makes `s` exactly `len` characters long by repeating its tail (keeps most character-class regexes happy). */
function stretch(s: string, len: number): string {
  if (len <= 0) return '';
  const base = s.length > 0 ? s : 'a';
  if (base.length >= len) return base.slice(0, len);
  const tail = base.length > 1 ? base.slice(1) : base;
  let out = base;
  while (out.length < len) out += tail;
  return out.slice(0, len);
}

function formatString(format: string): fc.Arbitrary<string> | undefined {
  switch (format) {
    case 'ipv4':
      return fc.ipV4();
    case 'ipv6':
      return fc.ipV6();
    case 'uuid':
    case 'guid':
      return fc.uuid();
    case 'email':
      return fc.emailAddress();
    default:
      return undefined;
  }
}

const matchingCache = new Map<string, fc.Arbitrary<string> | null>();
/** `fc.stringMatching`, built once per regex; null for a regex fast-check cannot generate from. */
function matching(p: RegExp): fc.Arbitrary<string> | null {
  const key = `${p.flags}/${p.source}`;
  if (!matchingCache.has(key)) {
    try {
      matchingCache.set(key, fc.stringMatching(p, { size: 'small' }));
    } catch {
      matchingCache.set(key, null);
    }
  }
  return matchingCache.get(key) ?? null;
}

function validString(def: Def): fc.Arbitrary<string> {
  const r = stringRules(def);
  const sources: fc.Arbitrary<string>[] = [];
  const formatted = r.format ? formatString(r.format) : undefined;
  if (formatted) sources.push(formatted);
  // Unicode property classes (\p{…}) cost fast-check seconds to build; other patterns drive generation when there are any.
  const cheap = r.patterns.filter((p) => !/\\[pP]\{/.test(p.source));
  for (const p of cheap.length > 0 ? cheap : r.patterns) {
    const arb = matching(p);
    if (arb) sources.push(arb);
  }
  const upper = Number.isFinite(r.max) ? Math.min(r.max, 40) : 40;
  if (sources.length === 0) sources.push(fc.string({ unit: 'binary', minLength: Math.min(r.min, upper), maxLength: Math.max(upper, Math.min(r.min, upper)) }));
  const fit = (s: string): string => (s.length > r.max ? s.slice(0, r.max) : s.length < r.min ? stretch(s, r.min) : s);
  // Every pattern drives a few candidates; the first that satisfies all rules (after fitting its length) wins.
  return fc.tuple(...sources.flatMap((src) => [src, src, src])).map((candidates) => {
    for (const c of candidates) if (satisfies(c, r)) return c;
    for (const c of candidates) if (satisfies(fit(c), r)) return fit(c);
    return fit(candidates[0]);
  });
}

/** Strings at the edges of this schema's rules: min-1, min, max, max+1 characters, and hostile ones. */
function hostileStringFor(def: Def): fc.Arbitrary<string> {
  const r = stringRules(def);
  const valid = validString(def);
  const lengths = [r.min, r.min - 1, r.min + 1, ...(Number.isFinite(r.max) ? [r.max, r.max + 1] : [1024, 70_000])].filter((n) => n >= 0);
  return fc.oneof(
    { weight: 4, arbitrary: hostileString() },
    { weight: 2, arbitrary: fc.tuple(valid, fc.constantFrom(...lengths)).map(([s, n]) => stretch(s, n)) },
    // A valid value with a hostile tail: passes "starts with" rules, tests the rest.
    { weight: 2, arbitrary: fc.tuple(valid, hostileString()).map(([s, h]) => s + h) },
    { weight: 2, arbitrary: valid },
  );
}

interface NumberRules {
  min: number;
  max: number;
  int: boolean;
}

function numberRules(def: Def): NumberRules {
  const rules: NumberRules = { min: -1e9, max: 1e9, int: false };
  for (const c of checksOf(def)) {
    if (c.check === 'greater_than') rules.min = Number(c.value) + (c.inclusive ? 0 : rules.int ? 1 : 1e-9);
    else if (c.check === 'less_than') rules.max = Number(c.value) - (c.inclusive ? 0 : rules.int ? 1 : 1e-9);
    else if (c.check === 'number_format' && typeof c.format === 'string' && /int/.test(c.format)) rules.int = true;
  }
  if (def.format === 'safeint' || def.format === 'int32' || def.format === 'uint32') rules.int = true;
  return rules;
}

function validNumber(def: Def): fc.Arbitrary<number> {
  const r = numberRules(def);
  if (r.int) {
    const min = Math.ceil(r.min);
    const max = Math.floor(r.max);
    return fc.oneof(fc.integer({ min, max }), fc.constantFrom(min, max));
  }
  return fc.double({ min: r.min, max: r.max, noNaN: true, noDefaultInfinity: true });
}

function hostileNumber(def: Def): fc.Arbitrary<number> {
  const r = numberRules(def);
  const edges = [r.min, r.max, r.min - 1, r.max + 1, r.int ? r.min + 0.5 : r.min - 1e-6];
  return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...edges, ...EDGE_NUMBERS) }, { weight: 1, arbitrary: validNumber(def) });
}

function arrayBounds(def: Def): { min: number; max: number } {
  let min = 0;
  let max = Infinity;
  for (const c of checksOf(def)) {
    if (c.check === 'min_length') min = Math.max(min, Number(c.minimum));
    else if (c.check === 'max_length') max = Math.min(max, Number(c.maximum));
    else if (c.check === 'length_equals') min = max = Number(c.length);
  }
  return { min, max };
}

/** A copy of an object with a key set or removed, keeping every other own property. */
function withKey(obj: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(obj)) Object.defineProperty(out, k, { value: obj[k], enumerable: true, writable: true, configurable: true });
  Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  return out;
}
function withoutKey(obj: Record<string, unknown>, key: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(obj)) if (k !== key) Object.defineProperty(out, k, { value: obj[k], enumerable: true, writable: true, configurable: true });
  return out;
}

const EXTRA_KEYS = ['unexpected', 'engineId ', 'ID', 'Id', 'force', 'all', 'cmd', 'privileged', 'hostConfig', '', ' ', '\u0000', 'toString', 'valueOf'];

/** Arbitrary for `schema` in `mode`; `path` is where it sits in the request (for hints). */
export function arbitraryFor(schema: Schemaish, mode: Mode, options: WalkOptions = {}, path: Path = [], depth = 0): fc.Arbitrary<unknown> {
  const def = schema._zod.def;
  if (depth > MAX_DEPTH) return fc.constant(null);
  const hinted = mode !== 'invalid' && def.type === 'string' ? options.hint?.(path) : undefined;
  const built = build(schema, mode, options, path, depth);
  // Refinements (`.refine`, `.superRefine`) are not modelled: a valid value is the first of a few
  // candidates the schema itself accepts.
  const refined = mode === 'valid' && checksOf(def).some((c) => c.check === 'custom');
  const own = refined
    ? fc.array(built, { minLength: REFINE_TRIES, maxLength: REFINE_TRIES }).map((cands) => cands.find((c) => schema.safeParse(c).success) ?? cands[0])
    : built;
  if (!hinted) return own;
  // Hints (objects the test owns) dominate valid payloads; hostile ones still mix in their own values.
  return mode === 'valid' ? fc.oneof({ weight: 4, arbitrary: hinted }, { weight: 1, arbitrary: own }) : fc.oneof(hinted, own);

  function build(s: Schemaish, m: Mode, o: WalkOptions, p: Path, d: number): fc.Arbitrary<unknown> {
    const next = (child: unknown, childMode: Mode, key?: string | number) =>
      arbitraryFor(asSchema(child), childMode, o, key === undefined ? p : [...p, key], d + 1);
    if (m === 'invalid') return invalidFor(s, o, p, d);
    switch (def.type) {
      case 'string':
        return m === 'valid' ? validString(def) : hostileStringFor(def);
      case 'number':
      case 'int':
        return m === 'valid' ? validNumber(def) : hostileNumber(def);
      case 'bigint':
        return fc.bigInt();
      case 'boolean':
        return m === 'valid'
          ? fc.boolean()
          : fc.oneof({ weight: 3, arbitrary: fc.boolean() }, { weight: 1, arbitrary: fc.constantFrom<unknown>('true', 'false', 1, 0, 'yes', null) });
      case 'null':
        return fc.constant(null);
      case 'undefined':
      case 'void':
        return fc.constant(undefined);
      case 'enum': {
        const values = Object.values(def.entries as Record<string, string | number>);
        if (m === 'valid') return fc.constantFrom(...values);
        const twisted = values.flatMap((v) =>
          typeof v === 'string' ? [v.toUpperCase(), `${v} `, `${v}\u0000`, ` ${v}`, `${v}s`] : [Number(v) + 1, String(v)],
        );
        return fc.oneof(
          { weight: 3, arbitrary: fc.constantFrom(...values) },
          { weight: 2, arbitrary: fc.constantFrom<unknown>(...twisted, '', '__proto__', 'constructor', 'toString') },
        );
      }
      case 'literal': {
        const values = def.values as unknown[];
        return m === 'valid'
          ? fc.constantFrom(...values)
          : fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...values) }, { weight: 1, arbitrary: anyOtherValue() });
      }
      case 'array': {
        const { min, max } = arrayBounds(def);
        const element = next(def.element, m, 0);
        const cap = o.maxArray ?? 4;
        if (m === 'valid') return fc.array(element, { minLength: min, maxLength: Math.max(min, Math.min(max, cap)) });
        const sizes = [0, 1, min, min - 1, ...(Number.isFinite(max) ? [max, max + 1] : [2000])].filter((n) => n >= 0);
        return fc.oneof(
          { weight: 3, arbitrary: fc.array(element, { minLength: min, maxLength: Math.max(min, Math.min(max, cap)) }) },
          // Boundary lengths: one generated element repeated, so a max-length array costs one generation.
          {
            weight: 1,
            arbitrary: fc
              .tuple(next(def.element, 'valid', 0), fc.constantFrom(...sizes))
              .map(([e, n]) => Array.from({ length: n }, () => structuredCloneSafe(e))),
          },
        );
      }
      case 'tuple': {
        const items = (def.items as unknown[]).map((it, i) => next(it, m, i));
        return fc.tuple(...items);
      }
      case 'object': {
        const shape = def.shape as Record<string, Schemaish>;
        const keys = Object.keys(shape);
        const record: Record<string, fc.Arbitrary<unknown>> = {};
        for (const k of keys) record[k] = next(shape[k], m, k);
        const requiredKeys = keys.filter((k) => shape[k]._zod.optin !== 'optional');
        return fc.record(record, { requiredKeys });
      }
      case 'record': {
        const key = next(def.keyType, m === 'valid' ? 'valid' : 'hostile', '*key');
        const value = next(def.valueType, m, '*');
        return fc.dictionary(key as fc.Arbitrary<string>, value, { maxKeys: m === 'valid' ? 4 : 8 });
      }
      case 'union': {
        const options = (def.options as unknown[]).map((opt) => next(opt, m));
        return fc.oneof(...options);
      }
      case 'intersection':
        return next(def.left, m);
      case 'optional':
        return fc.oneof({ weight: 1, arbitrary: fc.constant(undefined) }, { weight: 3, arbitrary: next(def.innerType, m) });
      case 'nullable':
        return fc.oneof({ weight: 1, arbitrary: fc.constant(null) }, { weight: 3, arbitrary: next(def.innerType, m) });
      case 'default':
      case 'prefault':
      case 'catch':
      case 'readonly':
      case 'nonoptional':
        return def.type === 'default' || def.type === 'prefault'
          ? fc.oneof({ weight: 1, arbitrary: fc.constant(undefined) }, { weight: 3, arbitrary: next(def.innerType, m) })
          : next(def.innerType, m);
      case 'pipe':
        return next(def.in, m);
      case 'lazy':
        return next((def.getter as () => unknown)(), m);
      default:
        // transform, custom, any, unknown, never, promise, function…: anything at all.
        return fc.anything({ maxDepth: 2 });
    }
  }
}

/** Something this schema must refuse: a wrong type here, or (for objects/arrays) a wrong part inside. */
function invalidFor(schema: Schemaish, options: WalkOptions, path: Path, depth: number): fc.Arbitrary<unknown> {
  const def = schema._zod.def;
  const wrongType = wrongTypeFor(def.type);
  switch (def.type) {
    case 'object': {
      const shape = def.shape as Record<string, Schemaish>;
      const keys = Object.keys(shape);
      const valid = arbitraryFor(schema, 'valid', options, path, depth) as fc.Arbitrary<Record<string, unknown>>;
      const required = keys.filter((k) => shape[k]._zod.optin !== 'optional');
      const strict = (def.catchall as Schemaish | undefined)?._zod.def.type === 'never';
      const mutations: fc.Arbitrary<unknown>[] = [wrongType];
      if (required.length > 0) {
        mutations.push(fc.tuple(valid, fc.constantFrom(...required)).map(([v, k]) => withoutKey(v, k)));
      }
      if (strict) {
        mutations.push(fc.tuple(valid, fc.constantFrom(...EXTRA_KEYS), anyOtherValue()).map(([v, k, x]) => withKey(v, k, x)));
      }
      if (keys.length > 0) {
        // One field made invalid (recursively), the rest valid.
        const perKey = keys.map((k) => fc.tuple(valid, invalidFor(shape[k], options, [...path, k], depth + 1)).map(([v, bad]) => withKey(v, k, bad)));
        mutations.push(fc.oneof(...perKey));
      }
      return fc.oneof(...mutations);
    }
    case 'array': {
      const { min, max } = arrayBounds(def);
      const element = arbitraryFor(asSchema(def.element), 'valid', options, [...path, 0], depth + 1);
      const badElement = invalidFor(asSchema(def.element), options, [...path, 0], depth + 1);
      const mutations: fc.Arbitrary<unknown>[] = [wrongType, fc.tuple(fc.array(element, { maxLength: 2 }), badElement).map(([a, b]) => [...a, b])];
      if (Number.isFinite(max)) mutations.push(fc.tuple(element).map(([e]) => Array.from({ length: max + 1 }, () => structuredCloneSafe(e))));
      if (min > 0) mutations.push(fc.tuple(element).map(([e]) => Array.from({ length: min - 1 }, () => structuredCloneSafe(e))));
      return fc.oneof(...mutations);
    }
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'nonoptional':
      return invalidFor(asSchema(def.innerType), options, path, depth + 1);
    case 'pipe':
      return invalidFor(asSchema(def.in), options, path, depth + 1);
    case 'string': {
      const r = stringRules(def);
      const breaking: fc.Arbitrary<unknown>[] = [wrongType];
      if (Number.isFinite(r.max)) breaking.push(validString(def).map((s) => stretch(s, r.max + 1)));
      if (r.min > 0) breaking.push(validString(def).map((s) => s.slice(0, r.min - 1)));
      if (r.patterns.length > 0) breaking.push(hostileString().filter((s) => !satisfies(s, r)));
      return fc.oneof(...breaking);
    }
    case 'number': {
      const r = numberRules(def);
      const outside = [r.min - 1, r.max + 1, NaN, Infinity, -Infinity, ...(r.int ? [r.min + 0.5] : [])];
      return fc.oneof(wrongType, fc.constantFrom(...outside));
    }
    case 'enum':
      return fc.oneof(wrongType, fc.constantFrom('', 'not-a-member', '__proto__'));
    case 'union': {
      return wrongType;
    }
    default:
      return wrongType;
  }
}

function wrongTypeFor(type: string): fc.Arbitrary<unknown> {
  const all: Record<string, unknown[]> = {
    string: [42, true, null, [], {}, ['a'], { toString: 'x' }],
    number: ['1', '', true, null, [], {}, [1], '0x10'],
    boolean: ['true', 1, 0, null, [], {}],
    object: [null, 42, 'text', [], true, [{}]],
    array: [null, 42, 'text', {}, true, { length: 1, 0: 'x' }],
    enum: [0, true, null, [], {}],
    literal: [null, 0, 'x', []],
    tuple: [null, {}, 'x', [1]],
    record: [null, [], 'x', 42],
  };
  const values = all[type] ?? [null, 42, 'text', [], {}];
  return fc.constantFrom(...values);
}

function structuredCloneSafe<T>(v: T): T {
  try {
    return structuredClone(v);
  } catch {
    return v;
  }
}

/**
 * Own `__proto__`, `constructor` and `prototype` keys, made the way a JSON body makes them: the
 * value is serialized with a placeholder key, the placeholder renamed, and the text parsed again.
 */
export function withPrototypeKeys(value: unknown): fc.Arbitrary<unknown> {
  const injections = [
    ['__proto__', { polluted: 'yes', isAdmin: true }],
    ['constructor', { prototype: { polluted: 'yes' } }],
    ['prototype', { polluted: 'yes' }],
    ['__proto__', { toString: 'x', valueOf: 1 }],
    ['__proto__', null],
  ] as const;
  return fc.tuple(fc.constantFrom(...injections), fc.nat()).map(([[key, payload], pick]) => {
    const PLACEHOLDER = '__ck_fuzz_placeholder_key__';
    const targets: Record<string, unknown>[] = [];
    const collect = (v: unknown) => {
      if (v && typeof v === 'object') {
        if (!Array.isArray(v)) targets.push(v as Record<string, unknown>);
        for (const child of Object.values(v)) collect(child);
      }
    };
    const copy = safeJsonClone(value);
    collect(copy);
    if (targets.length === 0) return JSON.parse(`{"${key}":${JSON.stringify(payload)}}`) as unknown;
    const target = targets[pick % targets.length];
    target[PLACEHOLDER] = payload;
    return JSON.parse(JSON.stringify(copy).replace(`"${PLACEHOLDER}"`, JSON.stringify(key))) as unknown;
  });
}

function safeJsonClone(v: unknown): unknown {
  try {
    const text = JSON.stringify(v);
    return text === undefined ? {} : JSON.parse(text);
  } catch {
    return {};
  }
}

/** Whole payloads that are not the right kind of thing at all. */
export function junkPayload(): fc.Arbitrary<unknown> {
  const deep = (n: number): unknown => (n === 0 ? {} : { a: deep(n - 1) });
  return fc.constantFrom<unknown>(
    undefined,
    null,
    0,
    NaN,
    -Infinity,
    '',
    'engines.list',
    '{"engineId":"x"}',
    true,
    [],
    [{}],
    { length: 0 },
    deep(2000),
    Array.from({ length: 10_000 }, (_, i) => i),
    Object.create(null),
    new Date(0),
    /x/,
    new Map([['engineId', 'x']]),
  );
}
