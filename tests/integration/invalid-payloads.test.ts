import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL_NAMES } from '../../src/shared/contract';
import { TEST_ENGINES } from './support/test-engines';
import { TestCore } from './support/test-core';

const engineId = TEST_ENGINES[0].endpoint;

/** Payloads every channel must refuse with INVALID_INPUT, whatever it expects. */
const COMMON_BAD: unknown[] = [null, 42, 'text', [], { unexpected: true }, { engineId: { $ne: null } }];

const REF_BAD: unknown[] = [
  {},
  { engineId },
  { id: 'web' },
  { engineId, id: '' },
  { engineId, id: 7 },
  { engineId, id: '../../etc/passwd' },
  { engineId, id: 'web --force' },
  { engineId, id: '--help' },
  { engineId, id: 'a\u0000b' },
  { engineId, id: 'web?all=1' },
  { engineId, id: 'x'.repeat(300) },
  { engineId: '', id: 'web' },
  { engineId, id: 'web', force: 'yes' },
];

const BAD: Record<(typeof CHANNEL_NAMES)[number], unknown[]> = {
  'engines.list': [{ all: true }],
  'containers.list': [{ runningOnly: 'yes' }, { engineId: 5 }, { engineId: '' }],
  'containers.inspect': REF_BAD,
  'containers.start': REF_BAD,
  'containers.stop': [...REF_BAD, { engineId, id: 'web', timeoutSeconds: -1 }, { engineId, id: 'web', timeoutSeconds: 1.5 }],
  'containers.restart': [...REF_BAD, { engineId, id: 'web', timeoutSeconds: 'soon' }],
  'containers.remove': REF_BAD,
  'settings.get': [{ engineSockets: [] }],
  'ports.check': [
    { specs: [] },
    { specs: '8080:80' },
    { specs: [{ hostIp: '', hostPortStart: 0, hostPortEnd: 0, containerPortStart: 80, containerPortEnd: 80, protocol: 'tcp' }] },
    { specs: [{ hostIp: '', hostPortStart: 8080, hostPortEnd: 8080, containerPortStart: 80, containerPortEnd: 80, protocol: 'http' }] },
    { specs: [{ hostIp: '', hostPortStart: 8080, hostPortEnd: 8080, containerPortStart: 70000, containerPortEnd: 70000, protocol: 'tcp' }] },
  ],
  'ports.owner': [{}, { hostPort: 0 }, { hostPort: 65536 }, { hostPort: '80' }, { hostPort: 80, protocol: 'icmp' }],
  'ports.suggest': [{}, { containerPort: -1 }, { containerPort: 80, count: 0 }, { containerPort: 80, environment: 'qa' }],
  'ports.export': [{ engineId: '' }, { engineId: 3 }],
  'containers.create': [
    {},
    { engineId },
    { engineId, image: '' },
    { engineId, image: '--privileged' },
    { engineId, image: 'busybox', name: '-rf' },
    { engineId, image: 'busybox', name: 'a b' },
    { engineId, image: 'busybox', name: '../x' },
    { engineId, image: 'busybox', env: ['NOVALUE'] },
    { engineId, image: 'busybox', ports: ['8080:80'] },
    { engineId, image: 'busybox', network: '--net=host' },
    { engineId, image: 'busybox', start: 'yes' },
    { engineId, image: 'busybox', dns: ['not an ip'] },
    { engineId, image: 'busybox', aliases: ['-a'] },
    { engineId, image: 'busybox', dnsOptions: ['ndots 2; rm'] },
  ],
  'networks.list': [{ engineId: '' }],
  'networks.inspect': [{}, { engineId }, { engineId, id: '-x' }, { engineId, id: 'a b' }],
  'networks.create': [
    {},
    { engineId, name: '-net' },
    { engineId, name: 'n', subnet: 'not-a-cidr' },
    { engineId, name: 'n', gateway: 'x.y' },
    { engineId, name: 'n', driver: 'overlay' },
    { engineId, name: 'n', dnsServers: ['dns.example'] },
  ],
  'networks.remove': [{}, { engineId, id: '' }],
  'networks.connect': [
    { engineId, network: 'n' },
    { engineId, network: 'n', container: '-c' },
    { engineId, network: 'n', container: 'c', aliases: ['bad alias'] },
  ],
  'networks.disconnect': [
    { engineId, network: 'n' },
    { engineId, network: 'n', container: 'c', force: 'yes' },
  ],
  'dns.resolve': [
    { engineId, id: 'c' },
    { engineId, id: 'c', name: 'a b' },
    { engineId, id: 'c', name: '$(id)' },
    { engineId, id: 'c', name: 'x', timeoutMs: 1 },
  ],
  'dns.containerConfig': [{ engineId }],
  'dns.hostConfig': [{ engineId }],
  'dns.check': [{ engineId, id: 'c', names: ['a;b'] }],
  'dns.domains.list': [{}],
  'dns.domains.create': [{ engineId }, { engineId, domain: 'a b' }, { engineId, domain: 'x', localhost: 'nope' }],
  'dns.domains.delete': [{ engineId, domain: '-rf' }],
  'diagnostics.facts': [...REF_BAD, { engineId, id: 'web', disableTools: ['sh'] }],
  'diagnostics.run': [
    ...REF_BAD,
    { engineId, id: 'web', outsideTarget: 'example.test' },
    { engineId, id: 'web', outsideTarget: '$(id):80' },
    { engineId, id: 'web', dnsName: 'a b' },
    { engineId, id: 'web', peers: ['-x'] },
    { engineId, id: 'web', runId: '../../x' },
  ],
  'troubleshoot.run': [
    {},
    { scenario: 'all' },
    { scenario: 'web-unreachable' },
    { scenario: 'port-in-use' },
    { scenario: 'port-in-use', hostPort: 70000 },
    { scenario: 'containers-cant-talk', engineId, id: 'web' },
    { scenario: 'dns-broken', engineId, id: '--rm' },
    { scenario: 'no-internet', engineId, id: 'web', outsideTarget: 'http://x:1/' },
  ],
  'firewall.status': [{ engineId: '' }, { engineId: 1 }],
  'monitor.watch': REF_BAD,
  'monitor.unwatch': REF_BAD,
  'settings.update': [
    { engineSockets: 'unix:///x.sock' },
    { engineSockets: [''] },
    { engineSockets: ['relative/path.sock'] },
    { theme: 'dark' },
    { portEnvironment: 'qa' },
    { portRanges: { development: [9000, 8000], staging: [9000, 9999] } },
  ],
};

describe('every channel refuses invalid payloads with INVALID_INPUT (real engines behind)', () => {
  let app: TestCore;
  beforeAll(async () => {
    app = new TestCore(TEST_ENGINES);
    await app.start();
  });
  afterAll(() => app?.dispose());

  for (const channel of CHANNEL_NAMES) {
    const cases = [...COMMON_BAD, ...BAD[channel]];
    it.each(cases.map((p) => [JSON.stringify(p)?.slice(0, 60) ?? String(p), p]))(`${channel} ← %s`, async (_label, payload) => {
      const res = await app.core.invoke(channel, payload);
      expect(res.ok).toBe(false);
      if (!res.ok) {
        expect(res.error.code).toBe('INVALID_INPUT');
        expect(res.error.message).toContain(channel);
      }
    });
  }

  it('refuses an unknown channel', async () => {
    expect(await app.core.invoke('containers.exec', { cmd: 'sh' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await app.core.invoke('__proto__', {})).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });
});
