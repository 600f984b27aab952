/**
 * Which fuzzed requests may reach a handler. A payload the contract refuses never does, so it is
 * always sent. A payload the contract accepts is sent as it is for read-only channels; for
 * channels that change an engine, exec into a container or may contact a host, it is first
 * pointed at objects this test owns (or at names no engine can have: `ck-fuzz-missing-…`, never a
 * hex id prefix), and a payload that still names anything else is not sent.
 */
import { isIP } from 'node:net';
import type { ChannelName } from '../../../../src/shared/contract';
import { TEST_IMAGE } from '../test-engines';
import type { EngineObjects, OwnedRef } from './fuzz-objects';

const refNames = (r: OwnedRef): string[] => [r.name, r.id, r.id.slice(0, 12)];

export const MISSING_PREFIX = 'ck-fuzz-missing-';

/**
 * References that name nothing: dot segments, and names under the missing prefix with a path,
 * query, fragment, escape or control character in them. No engine object can be reached through
 * them however the app builds its request path (none holds a foreign name or an id prefix: `q` and
 * `r` are not hex), so they may go to every channel — and no answer to them may be `ok: true`.
 */
export const NOWHERE_REFS: readonly string[] = [
  '.',
  '..',
  '../..',
  `${MISSING_PREFIX}q/r`,
  `${MISSING_PREFIX}q?force=1`,
  `${MISSING_PREFIX}q#r`,
  `${MISSING_PREFIX}q%2F..`,
  `${MISSING_PREFIX}q\u0001`,
  `${MISSING_PREFIX}\u00e9\u4e2d`,
  `${MISSING_PREFIX}q r`,
  `-${MISSING_PREFIX}q`,
  '',
];

/**
 * Refs that reach an owned object (and only that) if, and only if, the app pastes refs into
 * request paths unencoded: a path back through a missing name, the owned name with another action
 * or a query/fragment behind it (`net/disconnect?` turns `/networks/net/disconnect?/connect` into
 * a disconnect). Encoded, each names nothing.
 */
export const detours = (owned: string): string[] => [
  `${MISSING_PREFIX}q/../${owned}`,
  `${owned}/disconnect?`,
  `${owned}/connect?`,
  `${owned}?x=`,
  `${owned}#x`,
];

/** A name no engine has and that no engine can read as an id prefix or a path. */
export function missingName(original: unknown): string {
  const kept = (ch: string) => ch.charCodeAt(0) > 0x1f && ch.charCodeAt(0) !== 0x7f && !'/\\?#%'.includes(ch) && !/\s/.test(ch);
  const tail = typeof original === 'string' ? [...original].filter(kept).join('').slice(0, 200) : '';
  return `${MISSING_PREFIX}${tail}`;
}
const isMissing = (v: unknown): boolean => typeof v === 'string' && v.startsWith(MISSING_PREFIX) && !/[/\\?#%]/.test(v);
/** A ref that names no object at all, so the answer must not be ok. */
export const namesNothing = (v: unknown, owned: readonly string[]): boolean =>
  typeof v === 'string' && (NOWHERE_REFS.includes(v) || isMissing(v) || owned.some((o) => detours(o).includes(v)));

type Payload = Record<string, unknown>;
interface Rule {
  /** True when the parsed request touches only what the test owns. */
  safe(data: Payload): boolean;
  /** Points the raw payload at owned objects; `pick` chooses among them. */
  fix(payload: Payload, pick: number): Payload;
}

export interface SafetyContext {
  run: string;
  objects: readonly EngineObjects[];
}

function copyWith(payload: Payload, changes: Payload, remove: string[] = []): Payload {
  const out: Payload = {};
  for (const k of Object.keys(payload)) {
    if (remove.includes(k)) continue;
    Object.defineProperty(out, k, { value: payload[k], enumerable: true, writable: true, configurable: true });
  }
  for (const [k, v] of Object.entries(changes)) out[k] = v;
  return out;
}

/** A CIDR that would add a real route if a bridge were made with it. */
function isRealCidr(value: string): boolean {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(value);
  if (!m) return false;
  const family = isIP(m[1]);
  return family !== 0 && Number(m[2]) <= (family === 4 ? 32 : 128);
}
/** Unset, not a real CIDR (the app or the engine must refuse it), or inside 198.18.0.0/15 at /24 or narrower. */
function subnetSafe(value: unknown): boolean {
  if (value === undefined) return true;
  if (typeof value !== 'string') return false;
  if (!isRealCidr(value)) return true;
  const m = /^198\.(18|19)\.\d{1,3}\.\d{1,3}\/(\d{1,2})$/.exec(value);
  return !!m && Number(m[2]) >= 24 && Number(m[2]) <= 32;
}

export function safetyRules(ctx: SafetyContext): Partial<Record<ChannelName, Rule>> {
  // settings.update and dns.domains.* need no rule: the test core's settings file is a temp file and its
  // engine discovery ignores the settings; the engines under test have no DNS domains (Apple only).
  const all = (pick: (o: EngineObjects) => OwnedRef[]) => ctx.objects.flatMap((o) => pick(o).flatMap(refNames));
  const execTargets = all((o) => [o.isolated]);
  const lifecycleTargets = all((o) => [o.isolated, o.member, o.victim]);
  const removeTargets = all((o) => [o.victim]);
  const connectContainers = all((o) => [o.member, o.victim, o.isolated]);
  const connectNetworks = all((o) => [o.net, o.spareNet]);
  const removeNetworks = all((o) => [o.spareNet]);
  const netModes = ['none', ...ctx.objects.map((o) => o.net.name)];
  const runPrefix = `ck-fuzz-${ctx.run}-`;
  const ownedByRun = (v: unknown): boolean => typeof v === 'string' && v.startsWith(runPrefix) && !/[/\\?#%]/.test(v);
  let created = 0;

  const refRule = (field: string, targets: string[], alsoRun = false): Rule => ({
    safe: (d) => targets.includes(d[field] as string) || namesNothing(d[field], targets) || (alsoRun && ownedByRun(d[field])),
    fix: (p, pick) => {
      const choices = [...targets, missingName(p[field])];
      return copyWith(p, { [field]: choices[pick % choices.length] });
    },
  });
  const both = (a: Rule, b: Rule): Rule => ({
    safe: (d) => a.safe(d) && b.safe(d),
    fix: (p, pick) => b.fix(a.fix(p, pick), Math.floor(pick / 7)),
  });

  const execRule = refRule('id', execTargets);
  return {
    'containers.start': refRule('id', lifecycleTargets),
    'containers.stop': refRule('id', lifecycleTargets),
    'containers.restart': refRule('id', lifecycleTargets),
    'containers.remove': refRule('id', removeTargets, true),
    'containers.create': {
      safe: (d) => d.image === TEST_IMAGE && ownedByRun(d.name) && d.start === false && netModes.includes(d.network as string) && d.ipv4Address === undefined,
      fix: (p, pick) =>
        copyWith(p, { image: TEST_IMAGE, name: `${runPrefix}cc${created++}`, start: false, network: netModes[pick % netModes.length] }, ['ipv4Address']),
    },
    'networks.create': {
      safe: (d) =>
        ownedByRun(d.name) &&
        d.driver === 'bridge' &&
        d.internal === true &&
        d.ipv6 === false &&
        d.ipv6Subnet === undefined &&
        d.parent === undefined &&
        subnetSafe(d.subnet) &&
        subnetSafe(d.ipRange),
      fix: (p, pick) => {
        const safeCidr = `198.18.${pick % 256}.0/24`;
        return copyWith(
          p,
          {
            name: `${runPrefix}nc${created++}`,
            driver: 'bridge',
            internal: true,
            ipv6: false,
            ...(subnetSafe(p.subnet) ? {} : { subnet: safeCidr }),
            ...(subnetSafe(p.ipRange) ? {} : { ipRange: safeCidr }),
          },
          ['ipv6Subnet', 'parent'],
        );
      },
    },
    'networks.remove': refRule('id', removeNetworks, true),
    'networks.connect': both(refRule('network', connectNetworks), refRule('container', connectContainers)),
    'networks.disconnect': both(refRule('network', connectNetworks), refRule('container', connectContainers)),
    'dns.resolve': execRule,
    'dns.check': execRule,
    'dns.containerConfig': execRule,
    'diagnostics.facts': execRule,
    'diagnostics.run': execRule,
    'monitor.watch': execRule,
    'monitor.unwatch': execRule,
    'troubleshoot.run': {
      safe: (d) => d.id === undefined || execRule.safe(d),
      fix: (p, pick) => execRule.fix(p, pick),
    },
  };
}

/** The fields of a request that name an engine object, per channel (for the "names nothing" oracle). */
export const REF_FIELDS: Partial<Record<ChannelName, readonly string[]>> = {
  'containers.inspect': ['id'],
  'containers.start': ['id'],
  'containers.stop': ['id'],
  'containers.restart': ['id'],
  'containers.remove': ['id'],
  'containers.create': ['network'],
  'networks.inspect': ['id'],
  'networks.remove': ['id'],
  'networks.connect': ['network', 'container'],
  'networks.disconnect': ['network', 'container'],
  'dns.resolve': ['id'],
  'dns.check': ['id'],
  'dns.containerConfig': ['id'],
  'diagnostics.facts': ['id'],
  'diagnostics.run': ['id'],
  'troubleshoot.run': ['id'],
  'monitor.watch': ['id'],
};

/** Every name and id the test owns, on every engine. */
export function ownedRefs(ctx: SafetyContext): string[] {
  return ctx.objects.flatMap((o) => [o.isolated, o.member, o.victim, o.net, o.spareNet].flatMap(refNames));
}

/** Hints for the generator: the engine ids and object names a valid payload should mostly use. */
export function hintsFor(channel: ChannelName, ctx: SafetyContext): Record<string, readonly string[]> {
  const names = (pick: (o: EngineObjects) => OwnedRef[]) => ctx.objects.flatMap((o) => pick(o).flatMap(refNames));
  const withNowhere = (owned: string[]) => [...owned, ...owned.slice(0, 2).flatMap(detours), ...NOWHERE_REFS];
  const engines = ctx.objects.map((o) => o.engine.endpoint);
  const containers = channel.startsWith('networks.')
    ? names((o) => [o.member, o.victim, o.isolated])
    : channel === 'containers.remove'
      ? names((o) => [o.victim])
      : ['containers.start', 'containers.stop', 'containers.restart', 'containers.inspect', 'ports.check'].includes(channel)
        ? names((o) => [o.isolated, o.member, o.victim])
        : names((o) => [o.isolated]);
  const networks = channel === 'networks.remove' ? names((o) => [o.spareNet]) : names((o) => [o.net, o.spareNet]);
  const hints: Record<string, readonly string[]> = {
    engineId: engines,
    id: withNowhere(channel.startsWith('networks.') ? networks : containers),
    container: withNowhere(containers),
    network: channel === 'containers.create' ? ['none', ...ctx.objects.map((o) => o.net.name), ...NOWHERE_REFS] : withNowhere(networks),
    peers: names((o) => [o.member, o.isolated]),
    outsideTarget: ['127.0.0.1:9', '[::1]:9'],
  };
  if (channel === 'containers.create') {
    hints.image = [TEST_IMAGE];
    hints.name = [`ck-fuzz-${ctx.run}-hint`];
  }
  if (channel === 'networks.create') hints.name = [`ck-fuzz-${ctx.run}-hint`];
  return hints;
}

/** The owned refs a channel's valid payloads aim at (first choice for examples). */
export function primaryTargets(channel: ChannelName, ctx: SafetyContext, engineIndex = 0): Record<string, string> {
  const o = ctx.objects[engineIndex];
  return {
    engineId: o.engine.endpoint,
    id: channel.startsWith('networks.')
      ? channel === 'networks.remove'
        ? o.spareNet.name
        : o.net.name
      : channel === 'containers.remove'
        ? o.victim.name
        : o.isolated.name,
    container: o.member.name,
    network: channel === 'containers.create' ? 'none' : o.net.name,
  };
}

/** Channels whose accepted requests change an engine, exec into a container or may contact a host. */
export const GUARDED_CHANNELS: readonly ChannelName[] = [
  'containers.start',
  'containers.stop',
  'containers.restart',
  'containers.remove',
  'containers.create',
  'networks.create',
  'networks.remove',
  'networks.connect',
  'networks.disconnect',
  'dns.resolve',
  'dns.check',
  'dns.containerConfig',
  'diagnostics.facts',
  'diagnostics.run',
  'monitor.watch',
  'monitor.unwatch',
  'troubleshoot.run',
  'settings.update',
  'dns.domains.create',
  'dns.domains.delete',
];
