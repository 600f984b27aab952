import { describe, expect, it } from 'vitest';
import { channels, type ChannelName } from '../../src/shared/contract';

const engineId = 'unix:///var/run/docker.sock';
const HEX = '16fe5e546c5e76848091230c0085780ede01ae8fd55762d272e8f8681e5ff121';
const accepts = (channel: ChannelName, request: unknown) => channels[channel].request.safeParse(request).success;

/** What an engine-bound identifier may never hold: it would come back as an engine error, not INVALID_INPUT. */
const UNSENDABLE: Array<[string, string]> = [
  ['a control character', 'web\u0001'],
  ['DEL', 'web\u007f'],
  ['a C1 control character', 'web\u0085'],
  ['a no-break space', 'web\u00a0x'],
  ['a character past Latin-1', 'we\u0100b'],
  ['CJK', '容器'],
  ['an emoji', 'web\u{1F600}'],
  ['a zero-width space', 'web\u200b'],
  ['a right-to-left override', 'web\u202egpj'],
];

/** Every channel with a container reference, as the request that carries it. */
const REF_REQUESTS: Array<[ChannelName, (id: string) => unknown]> = [
  ...(
    [
      'containers.inspect',
      'containers.start',
      'containers.stop',
      'containers.restart',
      'containers.remove',
      'dns.containerConfig',
      'diagnostics.facts',
      'diagnostics.run',
      'monitor.watch',
      'monitor.unwatch',
    ] as const
  ).map((c): [ChannelName, (id: string) => unknown] => [c, (id) => ({ engineId, id })]),
  ['dns.resolve', (id) => ({ engineId, id, name: 'web' })],
  ['dns.check', (id) => ({ engineId, id })],
  [
    'ports.check',
    (id) => ({
      specs: [{ hostIp: '', hostPortStart: 8080, hostPortEnd: 8080, containerPortStart: 80, containerPortEnd: 80, protocol: 'tcp' }],
      exclude: { engineId, id },
    }),
  ],
  ['networks.connect', (id) => ({ engineId, network: 'backend', container: id })],
  ['networks.disconnect', (id) => ({ engineId, network: 'backend', container: id })],
  ['diagnostics.run', (id) => ({ engineId, id: 'web', peers: [id] })],
  ['troubleshoot.run', (id) => ({ scenario: 'dns-broken', engineId, id })],
  ['troubleshoot.run', (id) => ({ scenario: 'containers-cant-talk', engineId, id: 'web', peers: [id] })],
];

describe('container references', () => {
  it.each(REF_REQUESTS.map(([channel, make], i) => [`${channel} #${i}`, channel, make] as const))(
    '%s refuses what no request path can carry',
    (_label, channel, make) => {
      for (const [, id] of UNSENDABLE) expect(accepts(channel, make(id)), JSON.stringify(id)).toBe(false);
      // "." and ".." are path steps: the engine redirects them to another endpoint.
      for (const id of ['a/b', 'web?x=1', 'web#x', 'web%2f', 'my web', '-x', '', '.', '..', '...']) expect(accepts(channel, make(id)), id).toBe(false);
    },
  );

  it.each(REF_REQUESTS.map(([channel, make], i) => [`${channel} #${i}`, channel, make] as const))(
    '%s keeps names, ids and hostile-looking data',
    (_label, channel, make) => {
      // The integration tests send the last two to a real engine and expect NOT_FOUND: they are data.
      for (const id of ['web', 'my_app-1.2', HEX, HEX.slice(0, 12), 'ünïcode', '$(touch${IFS}ck-pwned)', '`id`;reboot|x&y', '.web', 'web..']) {
        expect(accepts(channel, make(id)), id).toBe(true);
      }
    },
  );

  it('says why in words', () => {
    const r = channels['containers.inspect'].request.safeParse({ engineId, id: 'web\u0001' });
    expect(r.error?.issues[0].message).toMatch(/control characters/);
    const far = channels['containers.inspect'].request.safeParse({ engineId, id: '容器' });
    expect(far.error?.issues[0].message).toMatch(/Latin-1/);
  });
});

describe('network names and ids follow the engines’ name grammar', () => {
  const NETWORK_REQUESTS: Array<[ChannelName, (n: string) => unknown]> = [
    ['networks.inspect', (id) => ({ engineId, id })],
    ['networks.remove', (id) => ({ engineId, id })],
    ['networks.connect', (network) => ({ engineId, network, container: 'web' })],
    ['networks.disconnect', (network) => ({ engineId, network, container: 'web' })],
    ['networks.create', (name) => ({ engineId, name })],
    ['containers.create', (network) => ({ engineId, image: 'nginx', network })],
  ];

  it.each(NETWORK_REQUESTS)('%s refuses a name that would change the API path, or that no engine allows', (channel, make) => {
    for (const n of ['front/disconnect?', 'a/b', '../x', 'x?force=1', 'a#b', 'a%2Fb', 'a b', '-net', '_net', '.net', 'ünï', ...UNSENDABLE.map(([, v]) => v)]) {
      expect(accepts(channel, make(n)), n).toBe(false);
    }
  });

  it.each(NETWORK_REQUESTS)('%s accepts names and ids', (channel, make) => {
    for (const n of ['backend', 'my_net.1-a', 'Net2', HEX, HEX.slice(0, 12)]) expect(accepts(channel, make(n)), n).toBe(true);
  });

  it('a connect refuses the name that turned it into a disconnect, saying why', () => {
    const r = channels['networks.connect'].request.safeParse({ engineId, network: 'front/disconnect?', container: 'web' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].path).toEqual(['network']);
    expect(r.error?.issues[0].message).toMatch(/network id or name starts with a letter or digit/);
  });
});

describe('image references follow the distribution grammar', () => {
  const image = (ref: string) => accepts('containers.create', { engineId, image: ref });

  it.each([
    'nginx',
    'nginx:1.27',
    'localhost/ck-test:latest',
    'registry.example.com:5000/team/app:v1.2.3',
    `docker.io/library/busybox@sha256:${HEX}`,
    `ghcr.io/org/app:1.0@sha256:${HEX}`,
    'my_app__x-y.z/foo',
    '[::1]:5000/img:dev',
    'Registry.Example.com/lowercase/path',
    HEX.slice(0, 12),
    `sha256:${HEX}`,
  ])('accepts %s', (ref) => {
    expect(image(ref)).toBe(true);
  });

  it.each([
    ['a flag', '--privileged'],
    ['a space', 'busybox latest'],
    ['uppercase in the path', 'Nginx'],
    ['a path that climbs', 'a/../b'],
    ['two tags', 'img:tag:x'],
    ['a short digest', 'img@sha256:abc'],
    ['an empty tag', 'img:'],
    ['a leading slash', '/img'],
    ['a trailing slash', 'img/'],
    ['a control character', 'nginx\u0000'],
    ['a character past Latin-1', 'nginx\u0100'],
  ])('refuses %s', (_label, ref) => {
    expect(image(ref)).toBe(false);
  });
});

describe('what a new container runs', () => {
  const create = (extra: Record<string, unknown>) => accepts('containers.create', { engineId, image: 'nginx', ...extra });

  it('refuses a NUL in an argument or environment entry (execve takes C strings), keeps any other text', () => {
    expect(create({ command: ['sh', '-c', 'echo a\u0000b'] })).toBe(false);
    expect(create({ env: ['A=1\u0000'] })).toBe(false);
    expect(create({ command: ['sh', '-c', 'echo "héllo 容器" | tr a b; exit 0'], env: ['GREETING=héllo 容器'] })).toBe(true);
  });

  it('names a new container with the engines’ name grammar', () => {
    expect(create({ name: 'web-1.a_b' })).toBe(true);
    for (const name of ['ünï', 'web\u0001', 'a/b', '-web', 'x'.repeat(129)]) expect(create({ name }), name).toBe(false);
  });
});

describe('engine sockets', () => {
  const update = (engineSockets: string[]) => accepts('settings.update', { engineSockets });

  it('refuse control characters and keep spaces (macOS home folders)', () => {
    expect(update(['/Users/Jane Doe/.docker/run/docker.sock'])).toBe(true);
    expect(update(['/tmp/a\u0000b.sock'])).toBe(false);
    expect(update(['unix:///tmp/a\nb.sock'])).toBe(false);
  });
});

describe('addresses a request asks an engine to assign', () => {
  const connect = (extra: object) => accepts('networks.connect', { engineId, network: 'backend', container: 'web', ...extra });

  it('take real IPv4 and IPv6 addresses, each in its own field', () => {
    expect(connect({ ipv4Address: '10.10.0.5' })).toBe(true);
    expect(connect({ ipv6Address: 'fd00::5' })).toBe(true);
    expect(connect({ ipv4Address: 'fd00::5' })).toBe(false);
    expect(connect({ ipv6Address: '10.10.0.5' })).toBe(false);
  });

  it('refuse what only looks like one (the engine would answer HTTP 500)', () => {
    for (const bad of ['.:A7.2:adCA4', '1.2.3', '999.1.1.1', '::g', 'a.b.c.d']) {
      expect(connect({ ipv4Address: bad }), bad).toBe(false);
      expect(connect({ ipv6Address: bad }), bad).toBe(false);
    }
  });
});
