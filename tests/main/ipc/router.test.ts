import { describe, expect, it, vi, type Mock } from 'vitest';
import { CHANNEL_NAMES, SettingsSchema, channels, type Container, type ContainerDetails, type Engine, type Handlers } from '../../../src/shared/contract';
import { AppError } from '../../../src/shared/errors';
import { createRouter } from '../../../src/main/ipc/router';
import { bindHandlers, type Services } from '../../../src/main/ipc/handlers';

const ENGINE_ID = 'unix:///var/run/docker.sock';
const HEX_ID = '16fe5e546c5e76848091230c0085780ede01ae8fd55762d272e8f8681e5ff121';

const engine: Engine = {
  id: ENGINE_ID,
  kind: 'docker',
  name: 'Docker 20.10.24',
  endpoint: ENGINE_ID,
  version: '20.10.24',
  apiVersion: '1.41',
  status: 'available',
  error: null,
  source: 'discovered',
};

const container: Container = {
  engineId: ENGINE_ID,
  id: HEX_ID,
  name: 'ck-fixture-web',
  image: 'localhost/ck-test:latest',
  state: 'running',
  status: 'Up 3 minutes',
  createdAt: '2026-11-28T12:18:43.363Z',
  startedAt: '2026-11-28T12:18:43.946Z',
  ports: [{ hostIp: '127.0.0.1', hostPort: 18080, containerPort: 80, protocol: 'tcp' }],
  networks: [],
  networkMode: 'ck-fixture-net',
  labels: { app: 'fixture' },
};

const details: ContainerDetails = {
  ...container,
  command: ['httpd', '-f', '-p', '80'],
  hostname: '16fe5e546c5e',
  env: ['PATH=/bin'],
  restartPolicy: 'no',
  exitCode: null,
  dns: { servers: [], search: [], options: [] },
};

const settings = SettingsSchema.parse({ engineSockets: ['unix:///opt/engine.sock'] });
const spec = { hostIp: '127.0.0.1', hostPortStart: 8080, hostPortEnd: 8080, containerPortStart: 80, containerPortEnd: 80, protocol: 'tcp' as const };
const ref = { engineId: ENGINE_ID, id: 'web' };

interface ChannelCase {
  /** A request the contract accepts. */
  valid: Record<string, unknown>;
  /** What the handler should receive for it (defaults filled in). */
  parsed?: Record<string, unknown>;
  /** A result the contract accepts. */
  result: unknown;
  /** Requests the contract must refuse, beyond the ones every channel gets. */
  invalid: Array<[string, unknown]>;
}

const s = (n: number) => 'x'.repeat(n);

/** Ids and names no engine would accept, or that could be read as a path, query or flag. */
const HOSTILE_IDS: Array<[string, unknown]> = [
  ['id with a slash', '../etc/passwd'],
  ['id with an inner slash', 'a/b'],
  ['id with a backslash', 'a\\b'],
  ['id with a space', 'my web'],
  ['id with a newline', 'web\n'],
  ['id with a tab', 'we\tb'],
  ['id with NUL', 'web\0'],
  ['id with ?', 'web?x=1'],
  ['id with #', 'web#x'],
  ['id with %', 'web%2f..'],
  ['id starting with -', '--force'],
  ['empty id', ''],
  ['over-long id', s(257)],
  ['numeric id', 42],
  ['array id', ['web']],
  ['null id', null],
];

const refInvalid = (): Array<[string, unknown]> => [
  ...HOSTILE_IDS.map(([label, id]): [string, unknown] => [label, { engineId: ENGINE_ID, id }]),
  ['missing id', { engineId: ENGINE_ID }],
  ['missing engineId', { id: 'web' }],
  ['empty engineId', { engineId: '', id: 'web' }],
  ['over-long engineId', { engineId: s(1025), id: 'web' }],
  ['numeric engineId', { engineId: 1, id: 'web' }],
];

const timeoutInvalid = (): Array<[string, unknown]> => [
  ['negative timeout', { ...ref, timeoutSeconds: -1 }],
  ['timeout over 600', { ...ref, timeoutSeconds: 601 }],
  ['fractional timeout', { ...ref, timeoutSeconds: 1.5 }],
  ['string timeout', { ...ref, timeoutSeconds: '10' }],
  ['null timeout', { ...ref, timeoutSeconds: null }],
];

const network = {
  engineId: ENGINE_ID,
  id: 'n1',
  name: 'backend',
  driver: 'bridge',
  scope: 'local',
  subnets: [{ subnet: '10.10.0.0/24', gateway: '10.10.0.1', ipRange: null }],
  internal: false,
  ipv6: false,
  isDefault: false,
  dnsEnabled: true,
  dnsServers: [],
  createdAt: null,
  labels: {},
  options: {},
  containers: [],
};

const facts = {
  engineId: ENGINE_ID,
  containerId: HEX_ID,
  containerName: 'web',
  addresses: ['172.17.0.2/16'],
  gateway: '172.17.0.1',
  dns: { nameservers: ['127.0.0.11'], search: [], options: [] },
  ports: container.ports,
  interfaces: [{ name: 'eth0', addresses: ['172.17.0.2/16'], mac: '02:42:ac:11:00:02', up: true }],
  routes: [{ destination: '0.0.0.0/0', gateway: '172.17.0.1', iface: 'eth0' }],
  listeners: [{ protocol: 'tcp' as const, address: '127.0.0.1', port: 80 }],
  sources: { interfaces: 'ip' as const, routes: 'ip' as const, listeners: '/proc' as const, dns: '/etc/resolv.conf' as const },
};
const loopbackOnly = {
  id: 'listener-not-loopback-only',
  title: 'Listener reachable through the mapping',
  status: 'fail' as const,
  summary: 'port 80 listens on 127.0.0.1 only',
  evidence: ['tcp 127.0.0.1:80 LISTEN'],
  fixes: ['httpd -f -p 0.0.0.0:80'],
  durationMs: 12,
  timedOut: false,
};
const diagnosticsReport = {
  runId: 'run_0123456789',
  engineId: ENGINE_ID,
  containerId: HEX_ID,
  containerName: 'web',
  results: [loopbackOnly],
  facts,
  startedAt: '2026-11-30T12:00:00.000Z',
  durationMs: 640,
};
const troubleshootReport = {
  runId: 'run_0123456789',
  scenario: 'web-unreachable' as const,
  title: "I can't reach the web service in my container",
  subject: 'web on Docker',
  verdict: 'cause-found' as const,
  steps: [loopbackOnly],
  cause: { stepId: loopbackOnly.id, summary: loopbackOnly.summary, fixes: loopbackOnly.fixes },
  markdown: "# I can't reach the web service in my container\n",
  startedAt: '2026-11-30T12:00:00.000Z',
  durationMs: 700,
};
const firewallStatus = {
  platform: 'linux',
  platformName: 'Linux',
  firewalls: [{ name: 'iptables' as const, installed: true, active: true, summary: 'INPUT ACCEPT', error: null, facts: [{ label: 'INPUT', value: 'ACCEPT' }] }],
  engineChains: ['DOCKER', 'DOCKER-USER'],
  ports: [
    {
      engineId: ENGINE_ID,
      containerId: HEX_ID,
      containerName: 'web',
      hostIp: '127.0.0.1',
      hostPort: 18080,
      containerPort: 80,
      protocol: 'tcp' as const,
      reachableFromOutside: 'no' as const,
      reasons: ['bound to loopback'],
      commands: ['docker run -p 0.0.0.0:18080:80 …'],
    },
  ],
  notes: [],
  checkedAt: '2026-11-30T12:00:00.000Z',
};

const CASES: Record<string, ChannelCase> = {
  'engines.list': { valid: {}, result: [engine], invalid: [['a filter it does not know', { engineId: ENGINE_ID }]] },
  'containers.list': {
    valid: { engineId: ENGINE_ID, runningOnly: true },
    result: [container],
    invalid: [
      ['numeric engineId', { engineId: 5 }],
      ['empty engineId', { engineId: '' }],
      ['over-long engineId', { engineId: s(1025) }],
      ['string runningOnly', { runningOnly: 'true' }],
      ['numeric runningOnly', { runningOnly: 1 }],
    ],
  },
  'containers.inspect': { valid: ref, result: details, invalid: refInvalid() },
  'containers.start': { valid: { engineId: ENGINE_ID, id: HEX_ID }, result: container, invalid: refInvalid() },
  'containers.stop': { valid: { ...ref, timeoutSeconds: 10 }, result: container, invalid: [...refInvalid(), ...timeoutInvalid()] },
  'containers.restart': { valid: { ...ref, timeoutSeconds: 0 }, result: container, invalid: [...refInvalid(), ...timeoutInvalid()] },
  'containers.remove': {
    valid: { engineId: ENGINE_ID, id: 'my_app-1.2', force: true },
    result: { ok: true },
    invalid: [...refInvalid(), ['string force', { ...ref, force: 'yes' }], ['numeric force', { ...ref, force: 1 }]],
  },
  'settings.get': { valid: {}, result: settings, invalid: [['a key it does not know', { engineSockets: [] }]] },
  'settings.update': {
    valid: { engineSockets: ['/opt/engine.sock', 'tcp://10.0.0.5:2375'] },
    result: settings,
    invalid: [
      ['sockets as a string', { engineSockets: '/var/run/docker.sock' }],
      ['a relative socket', { engineSockets: ['docker.sock'] }],
      ['not a socket', { engineSockets: ['not a socket'] }],
      ['an empty socket', { engineSockets: [''] }],
      ['a numeric socket', { engineSockets: [5] }],
      ['an over-long socket', { engineSockets: [`/${s(1024)}`] }],
      ['33 sockets', { engineSockets: Array.from({ length: 33 }, (_, i) => `/s${i}.sock`) }],
      ['sockets as null', { engineSockets: null }],
    ],
  },
  'ports.check': {
    valid: { specs: [spec] },
    result: { checks: [] },
    invalid: [
      ['no specs', { specs: [] }],
      ['missing specs', {}],
      ['a spec with an extra key', { specs: [{ ...spec, extra: 1 }] }],
      ['a spec with port 0', { specs: [{ ...spec, containerPortStart: 0 }] }],
      ['a spec with port 65536', { specs: [{ ...spec, hostPortStart: 65536 }] }],
      ['a spec with an unknown protocol', { specs: [{ ...spec, protocol: 'icmp' }] }],
      ['an exclude with a hostile id', { specs: [spec], exclude: { engineId: ENGINE_ID, id: 'a/b' } }],
    ],
  },
  'ports.owner': {
    valid: { hostPort: 8080 },
    parsed: { hostPort: 8080, protocol: 'tcp' },
    result: { holders: [] },
    invalid: [
      ['missing port', {}],
      ['port 0', { hostPort: 0 }],
      ['port 70000', { hostPort: 70000 }],
      ['string port', { hostPort: '8080' }],
      ['unknown protocol', { hostPort: 8080, protocol: 'icmp' }],
      ['over-long hostIp', { hostPort: 8080, hostIp: s(65) }],
    ],
  },
  'ports.suggest': {
    valid: { containerPort: 80 },
    result: { ports: [8080, 8081], reason: 'free in the development range' },
    invalid: [
      ['missing containerPort', {}],
      ['count 0', { containerPort: 80, count: 0 }],
      ['count 21', { containerPort: 80, count: 21 }],
      ['unknown environment', { containerPort: 80, environment: 'prod' }],
    ],
  },
  'ports.export': {
    valid: { engineId: ENGINE_ID },
    result: { yaml: 'services: {}\n', fileName: 'compose.yaml' },
    invalid: [
      ['empty engineId', { engineId: '' }],
      ['numeric engineId', { engineId: 1 }],
    ],
  },
  'containers.create': {
    valid: { engineId: ENGINE_ID, image: 'localhost/ck-test:latest', name: 'web', ports: [spec], env: ['A=1'], start: false },
    result: { container, warnings: [] },
    invalid: [
      ['missing image', { engineId: ENGINE_ID }],
      ['image starting with -', { engineId: ENGINE_ID, image: '--privileged' }],
      ['image with a space', { engineId: ENGINE_ID, image: 'busybox latest' }],
      ['name with a slash', { engineId: ENGINE_ID, image: 'busybox', name: 'a/b' }],
      ['name starting with -', { engineId: ENGINE_ID, image: 'busybox', name: '-web' }],
      ['env without =', { engineId: ENGINE_ID, image: 'busybox', env: ['NOVALUE'] }],
      ['string start', { engineId: ENGINE_ID, image: 'busybox', start: 'yes' }],
      ['missing engineId', { image: 'busybox' }],
    ],
  },
  'networks.list': { valid: { engineId: ENGINE_ID }, result: [network], invalid: [['empty engineId', { engineId: '' }]] },
  'networks.inspect': {
    valid: { engineId: ENGINE_ID, id: 'backend' },
    result: network,
    invalid: [
      ['missing id', { engineId: ENGINE_ID }],
      ['leading dash', { engineId: ENGINE_ID, id: '-f' }],
      ['space', { engineId: ENGINE_ID, id: 'a b' }],
    ],
  },
  'networks.create': {
    valid: { engineId: ENGINE_ID, name: 'backend', subnet: '10.10.0.0/24', gateway: '10.10.0.1', internal: true },
    result: network,
    invalid: [
      ['missing name', { engineId: ENGINE_ID }],
      ['name with a dash first', { engineId: ENGINE_ID, name: '-net' }],
      ['subnet not CIDR', { engineId: ENGINE_ID, name: 'n', subnet: '10.10.0.0' }],
      ['gateway not an IP', { engineId: ENGINE_ID, name: 'n', gateway: 'gw' }],
      ['unknown driver', { engineId: ENGINE_ID, name: 'n', driver: 'overlay' }],
      ['dns server by name', { engineId: ENGINE_ID, name: 'n', dnsServers: ['dns.example'] }],
    ],
  },
  'networks.remove': { valid: { engineId: ENGINE_ID, id: 'backend' }, result: { ok: true }, invalid: [['empty id', { engineId: ENGINE_ID, id: '' }]] },
  'networks.connect': {
    valid: { engineId: ENGINE_ID, network: 'backend', container: 'web', aliases: ['api'], ipv4Address: '10.10.0.5' },
    result: { ok: true },
    invalid: [
      ['missing container', { engineId: ENGINE_ID, network: 'backend' }],
      ['container with a dash first', { engineId: ENGINE_ID, network: 'backend', container: '-c' }],
      ['alias with a space', { engineId: ENGINE_ID, network: 'backend', container: 'web', aliases: ['a b'] }],
    ],
  },
  'networks.disconnect': {
    valid: { engineId: ENGINE_ID, network: 'backend', container: 'web', force: true },
    result: { ok: true },
    invalid: [['string force', { engineId: ENGINE_ID, network: 'backend', container: 'web', force: 'yes' }]],
  },
  'dns.resolve': {
    valid: { ...ref, name: 'web' },
    result: { name: 'web', addresses: ['10.10.0.2'], server: '127.0.0.11', ok: true, error: null, command: ['nslookup', 'web'], output: '', durationMs: 3 },
    invalid: [
      ['missing name', ref],
      ['shell in the name', { ...ref, name: '$(id)' }],
      ['timeout too small', { ...ref, name: 'web', timeoutMs: 1 }],
    ],
  },
  'dns.containerConfig': {
    valid: ref,
    result: { nameservers: ['127.0.0.11'], search: [], options: ['ndots:0'], raw: 'nameserver 127.0.0.11\n' },
    invalid: refInvalid(),
  },
  'dns.hostConfig': {
    valid: {},
    result: { nameservers: ['10.0.0.1'], search: [], options: [], source: '/etc/resolv.conf', raw: '' },
    invalid: [['a key it does not know', { engineId: ENGINE_ID }]],
  },
  'dns.check': {
    valid: { ...ref, names: ['web'] },
    result: {
      ok: true,
      summary: 'DNS works',
      expectedNameservers: ['127.0.0.11'],
      resolvConf: { nameservers: ['127.0.0.11'], search: [], options: [] },
      lookups: [],
      cause: null,
      fix: null,
    },
    invalid: [['a name with a semicolon', { ...ref, names: ['a;b'] }]],
  },
  'dns.domains.list': { valid: { engineId: ENGINE_ID }, result: { domains: ['test'] }, invalid: [['missing engine', {}]] },
  'dns.domains.create': {
    valid: { engineId: ENGINE_ID, domain: 'test', localhost: '203.0.113.113' },
    result: { domains: ['test'] },
    invalid: [
      ['domain with a space', { engineId: ENGINE_ID, domain: 'a b' }],
      ['localhost not an IP', { engineId: ENGINE_ID, domain: 'test', localhost: 'me' }],
    ],
  },
  'dns.domains.delete': {
    valid: { engineId: ENGINE_ID, domain: 'test' },
    result: { domains: [] },
    invalid: [['domain with a dash first', { engineId: ENGINE_ID, domain: '-rf' }]],
  },
  'diagnostics.facts': {
    valid: { ...ref, disableTools: ['ip'] },
    result: facts,
    invalid: [...refInvalid(), ['an unknown tool', { ...ref, disableTools: ['sh'] }], ['tools as a string', { ...ref, disableTools: 'ip' }]],
  },
  'diagnostics.run': {
    valid: { ...ref, runId: 'run_0123456789', peers: ['db'], dnsName: 'db', outsideTarget: '192.0.2.10:443' },
    result: diagnosticsReport,
    invalid: [
      ...refInvalid(),
      ['a run id with a slash', { ...ref, runId: 'run/0123456789' }],
      ['a short run id', { ...ref, runId: 'r1' }],
      ['a hostile peer', { ...ref, peers: ['--privileged'] }],
      ['nine peers', { ...ref, peers: Array.from({ length: 9 }, (_, i) => `p${i}`) }],
      ['shell in the DNS name', { ...ref, dnsName: '$(id)' }],
      ['a target without a port', { ...ref, outsideTarget: '192.0.2.10' }],
      ['a target with a path', { ...ref, outsideTarget: '192.0.2.10:443/x' }],
      ['a target with a shell', { ...ref, outsideTarget: '`id`:443' }],
    ],
  },
  'troubleshoot.run': {
    valid: { scenario: 'web-unreachable', engineId: ENGINE_ID, id: 'web', runId: 'run_0123456789' },
    parsed: { scenario: 'web-unreachable', engineId: ENGINE_ID, id: 'web', protocol: 'tcp' },
    result: troubleshootReport,
    invalid: [
      ['an unknown scenario', { scenario: 'everything', engineId: ENGINE_ID, id: 'web' }],
      ['a container scenario without a container', { scenario: 'dns-broken' }],
      ['port-in-use with neither port nor container', { scenario: 'port-in-use' }],
      ["can't-talk without the other container", { scenario: 'containers-cant-talk', engineId: ENGINE_ID, id: 'web' }],
      ['port 0', { scenario: 'port-in-use', hostPort: 0 }],
      ['a hostile container', { scenario: 'dns-broken', engineId: ENGINE_ID, id: '../x' }],
      ['an unknown protocol', { scenario: 'port-in-use', hostPort: 80, protocol: 'icmp' }],
    ],
  },
  'firewall.status': {
    valid: { engineId: ENGINE_ID },
    result: firewallStatus,
    invalid: [
      ['empty engineId', { engineId: '' }],
      ['numeric engineId', { engineId: 2 }],
    ],
  },
  'monitor.watch': { valid: ref, result: { expiresAt: '2026-11-30T12:00:15.000Z', intervalMs: 1000 }, invalid: refInvalid() },
  'monitor.unwatch': { valid: ref, result: { ok: true }, invalid: refInvalid() },
};

const channelNames = Object.keys(channels);

/** Wrong shapes every channel must refuse (all request schemas are objects, and strict). */
function commonInvalid(channel: string): Array<[string, unknown]> {
  return [
    ['null', null],
    ['a string', 'engines'],
    ['a number', 42],
    ['a boolean', true],
    ['an array', [CASES[channel]?.valid ?? {}]],
    ['an extra key next to a valid request', { ...(CASES[channel]?.valid ?? {}), extra: 1 }],
    ['a __proto__-looking key', JSON.parse(`{"__proto__": {"admin": true}, ${JSON.stringify(CASES[channel]?.valid ?? {}).slice(1, -1) || '"x": 1'}}`)],
  ];
}

function fakeHandlers(): Record<string, Mock> {
  return Object.fromEntries(channelNames.map((c) => [c, vi.fn(async () => CASES[c]?.result)]));
}

function setup() {
  const handlers = fakeHandlers();
  const onInternalError = vi.fn();
  const invoke = createRouter(handlers as unknown as Handlers, onInternalError);
  return { handlers, invoke, onInternalError };
}

describe('coverage of the contract', () => {
  it('has cases for every channel the contract declares', () => {
    expect(Object.keys(CASES).sort()).toEqual([...channelNames].sort());
    expect([...CHANNEL_NAMES].sort()).toEqual([...channelNames].sort());
  });
});

describe('unknown channels', () => {
  it.each(['nope', 'containers.delete', '', '__proto__', 'toString', 'constructor', 'hasOwnProperty', 'ENGINES.LIST', 'engines.list '])(
    '%j → INVALID_INPUT, no handler called',
    async (channel) => {
      const { invoke, handlers } = setup();
      const env = await invoke(channel, {});
      expect(env).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
      if (!env.ok) expect(env.error.message).toContain('Unknown channel');
      for (const h of Object.values(handlers)) expect(h).not.toHaveBeenCalled();
    },
  );

  it('cuts a huge channel name in the message', async () => {
    const { invoke } = setup();
    const env = await invoke(s(10_000), {});
    expect(!env.ok && env.error.message.length).toBeLessThan(200);
  });

  it('refuses a channel that is not a string', async () => {
    const { invoke } = setup();
    expect(await invoke(42 as unknown as string, {})).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });
});

describe.each(channelNames)('%s', (channel) => {
  const c = CASES[channel];
  const invalid = [...commonInvalid(channel), ...(c?.invalid ?? [])];

  it.each(invalid)('refuses %s with INVALID_INPUT and issues, without calling the handler', async (_label, payload) => {
    const { invoke, handlers } = setup();
    const env = await invoke(channel, payload);
    expect(env.ok).toBe(false);
    if (env.ok) return;
    expect(env.error.code).toBe('INVALID_INPUT');
    expect(env.error.message).toContain(channel);
    const issues = (env.error.details as { issues: Array<{ path: string[]; message: string }> }).issues;
    expect(Array.isArray(issues)).toBe(true);
    expect(issues.length).toBeGreaterThan(0);
    for (const i of issues) {
      expect(Array.isArray(i.path)).toBe(true);
      expect(i.path.every((p) => typeof p === 'string')).toBe(true);
      expect(typeof i.message).toBe('string');
    }
    expect(handlers[channel]).not.toHaveBeenCalled();
  });

  it('passes a valid request to its handler and answers ok with the result', async () => {
    const { invoke, handlers } = setup();
    const env = await invoke(channel, structuredClone(c.valid));
    expect(env).toEqual({ ok: true, data: c.result });
    expect(handlers[channel]).toHaveBeenCalledTimes(1);
    expect(handlers[channel].mock.calls[0][0]).toMatchObject(c.parsed ?? c.valid);
    for (const [name, h] of Object.entries(handlers)) if (name !== channel) expect(h).not.toHaveBeenCalled();
  });

  it('turns a result that breaks the contract into INTERNAL, never passing it through', async () => {
    const { invoke, handlers, onInternalError } = setup();
    handlers[channel].mockResolvedValueOnce({ definitely: 'not', what: ['the', 'contract', 'says'], secret: 'token' });
    const env = await invoke(channel, structuredClone(c.valid));
    expect(env).toEqual({ ok: false, error: { code: 'INTERNAL', message: expect.stringContaining(channel) } });
    expect(JSON.stringify(env)).not.toContain('token');
    expect(onInternalError).toHaveBeenCalledTimes(1);
  });
});

describe('requests', () => {
  it('an undefined payload counts as {}', async () => {
    const { invoke, handlers } = setup();
    expect(await invoke('engines.list', undefined)).toEqual({ ok: true, data: [engine] });
    expect(handlers['engines.list']).toHaveBeenCalledWith({});
  });

  it('accepts real container names and ids', async () => {
    const { invoke, handlers } = setup();
    for (const id of ['web', 'my_app-1.2', HEX_ID, 'ck-fixture-web', '16fe5e546c5e']) {
      expect((await invoke('containers.start', { engineId: ENGINE_ID, id })).ok).toBe(true);
    }
    expect(handlers['containers.start']).toHaveBeenCalledTimes(5);
  });

  it('names the field at fault', async () => {
    const { invoke } = setup();
    const env = await invoke('containers.stop', { engineId: ENGINE_ID, id: 'a/b', timeoutSeconds: 601 });
    expect(env.ok).toBe(false);
    if (env.ok) return;
    const paths = (env.error.details as { issues: Array<{ path: string[] }> }).issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['id', 'timeoutSeconds']));
  });
});

describe('handler failures', () => {
  it('an AppError keeps its code, message and details', async () => {
    const { invoke, handlers, onInternalError } = setup();
    handlers['containers.remove'].mockRejectedValueOnce(new AppError('CONFLICT', 'You cannot remove a running container', { engineId: ENGINE_ID, id: 'web' }));
    expect(await invoke('containers.remove', ref)).toEqual({
      ok: false,
      error: { code: 'CONFLICT', message: 'You cannot remove a running container', details: { engineId: ENGINE_ID, id: 'web' } },
    });
    expect(onInternalError).not.toHaveBeenCalled();
  });

  it("details that break their code's schema are dropped and reported, the code and message kept", async () => {
    const { invoke, handlers, onInternalError } = setup();
    handlers['containers.remove'].mockRejectedValueOnce(new AppError('CONFLICT', 'busy', { holders: 'pid 1' }));
    expect(await invoke('containers.remove', ref)).toEqual({ ok: false, error: { code: 'CONFLICT', message: 'busy' } });
    expect(onInternalError).toHaveBeenCalledTimes(1);
    expect(String(onInternalError.mock.calls[0][0])).toMatch(/CONFLICT error from containers\.remove break the contract/);
  });

  it.each(['NOT_FOUND', 'ENGINE_UNAVAILABLE', 'ENGINE_ERROR', 'UNSUPPORTED'] as const)('%s passes through without details', async (code) => {
    const { invoke, handlers } = setup();
    handlers['containers.start'].mockRejectedValueOnce(new AppError(code, 'why'));
    expect(await invoke('containers.start', ref)).toEqual({ ok: false, error: { code, message: 'why' } });
  });

  it('a plain Error → INTERNAL, reported', async () => {
    const { invoke, handlers, onInternalError } = setup();
    const boom = new TypeError('cannot read properties of undefined');
    handlers['containers.inspect'].mockRejectedValueOnce(boom);
    expect(await invoke('containers.inspect', ref)).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'cannot read properties of undefined' } });
    expect(onInternalError).toHaveBeenCalledWith(boom);
  });

  it('a thrown non-Error → INTERNAL', async () => {
    const { invoke, handlers } = setup();
    handlers['settings.get'].mockRejectedValueOnce('just a string');
    expect(await invoke('settings.get', {})).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'just a string' } });
  });

  it('a handler that throws synchronously still answers with an envelope', async () => {
    const { invoke, handlers } = setup();
    handlers['engines.list'].mockImplementationOnce(() => {
      throw new AppError('ENGINE_ERROR', 'sync');
    });
    expect(await invoke('engines.list', {})).toEqual({ ok: false, error: { code: 'ENGINE_ERROR', message: 'sync' } });
  });
});

describe('results', () => {
  it('a container with a wrong state → INTERNAL', async () => {
    const { invoke, handlers } = setup();
    handlers['containers.start'].mockResolvedValueOnce({ ...container, state: 'weird' });
    expect(await invoke('containers.start', ref)).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });

  it('undefined where a result is due → INTERNAL', async () => {
    const { invoke, handlers } = setup();
    handlers['engines.list'].mockResolvedValueOnce(undefined);
    expect(await invoke('engines.list', {})).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });

  it('keys the contract does not know are stripped from a result, not passed on', async () => {
    const { invoke, handlers } = setup();
    handlers['containers.start'].mockResolvedValueOnce({ ...container, secretEnv: ['PASSWORD=hunter2'] });
    const env = await invoke('containers.start', ref);
    expect(env).toEqual({ ok: true, data: container });
  });
});

describe('bindHandlers', () => {
  function fakeServices() {
    const engines = { list: vi.fn(() => [engine]) };
    const containers = {
      list: vi.fn(() => [container]),
      inspect: vi.fn(async () => details),
      start: vi.fn(async () => container),
      stop: vi.fn(async () => ({ ...container, state: 'exited' })),
      restart: vi.fn(async () => container),
      remove: vi.fn(async () => ({ ok: true })),
    };
    const settingsStore = { get: vi.fn(() => settings), update: vi.fn(() => settings) };
    const ports = {
      check: vi.fn(async () => ({ checks: [] })),
      owner: vi.fn(async () => ({ holders: [] })),
      suggest: vi.fn(async () => ({ ports: [8080], reason: 'free' })),
    };
    const creator = {
      create: vi.fn(async () => ({ container, warnings: [] })),
    };
    const services = { engines, containers, settings: settingsStore, ports, creator } as unknown as Services;
    return { services, engines, containers, settingsStore, ports, creator };
  }
  type Fakes = ReturnType<typeof fakeServices>;
  const allMocks = (f: Fakes): Mock[] => [f.engines, f.containers, f.settingsStore, f.ports, f.creator].flatMap((o) => Object.values(o) as Mock[]);

  const table: Array<[string, unknown, (f: Fakes) => Mock, unknown[]]> = [
    ['engines.list', {}, (f) => f.engines.list, []],
    ['containers.list', { engineId: ENGINE_ID, runningOnly: true }, (f) => f.containers.list, [{ engineId: ENGINE_ID, runningOnly: true }]],
    ['containers.inspect', ref, (f) => f.containers.inspect, [ref]],
    // The containers service answers a start; its port guard (the creator) is its own business.
    ['containers.start', ref, (f) => f.containers.start, [ref]],
    ['containers.stop', { ...ref, timeoutSeconds: 5 }, (f) => f.containers.stop, [{ ...ref, timeoutSeconds: 5 }]],
    ['containers.restart', { ...ref, timeoutSeconds: 5 }, (f) => f.containers.restart, [{ ...ref, timeoutSeconds: 5 }]],
    ['containers.remove', { ...ref, force: true }, (f) => f.containers.remove, [{ ...ref, force: true }]],
    ['settings.get', {}, (f) => f.settingsStore.get, []],
    ['settings.update', { engineSockets: ['/a.sock'] }, (f) => f.settingsStore.update, [{ engineSockets: ['/a.sock'] }]],
    ['ports.check', { specs: [spec], exclude: ref }, (f) => f.ports.check, [[spec], ref]],
    ['ports.owner', { hostPort: 8080, protocol: 'udp', hostIp: '127.0.0.1' }, (f) => f.ports.owner, [8080, 'udp', '127.0.0.1']],
    ['ports.suggest', { containerPort: 80, count: 2 }, (f) => f.ports.suggest, [{ containerPort: 80, count: 2 }]],
    ['containers.create', { engineId: ENGINE_ID, image: 'busybox' }, (f) => f.creator.create, [{ engineId: ENGINE_ID, image: 'busybox' }]],
  ];

  it('maps every channel of the contract', () => {
    const handlers = bindHandlers(fakeServices().services);
    expect(Object.keys(handlers).sort()).toEqual([...channelNames].sort());
  });

  it.each(table)('%s → the right service method, with the request, returning its result', async (channel, request, pick, args) => {
    const f = fakeServices();
    const handlers = bindHandlers(f.services) as unknown as Record<string, (r: unknown) => Promise<unknown>>;
    const method = pick(f);
    const expected = await method.getMockImplementation()!();
    const result = await handlers[channel](request);
    expect(result).toEqual(expected);
    expect(method).toHaveBeenCalledTimes(1);
    expect(method.mock.calls[0]).toEqual(args);
    for (const m of allMocks(f)) if (m !== method) expect(m).not.toHaveBeenCalled();
  });

  it('ports.export reads the (filtered) container list and the engines, and answers a YAML file', async () => {
    const f = fakeServices();
    const handlers = bindHandlers(f.services);
    const result = await handlers['ports.export']({ engineId: ENGINE_ID });
    expect(f.containers.list).toHaveBeenCalledWith({ engineId: ENGINE_ID });
    expect(f.engines.list).toHaveBeenCalled();
    expect(channels['ports.export'].result.safeParse(result).success).toBe(true);
    expect(result.yaml).toContain('18080');
  });

  it('a service that throws synchronously becomes a rejected promise (so the router can envelope it)', async () => {
    const f = fakeServices();
    f.containers.list.mockImplementationOnce(() => {
      throw new AppError('NOT_FOUND', 'No engine with id x');
    });
    const handlers = bindHandlers(f.services);
    await expect(handlers['containers.list']({ engineId: 'x' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('through the router, a service AppError arrives as its envelope', async () => {
    const f = fakeServices();
    f.containers.stop.mockRejectedValueOnce(new AppError('ENGINE_UNAVAILABLE', 'Docker is not available'));
    const invoke = createRouter(bindHandlers(f.services), () => undefined);
    expect(await invoke('containers.stop', ref)).toEqual({ ok: false, error: { code: 'ENGINE_UNAVAILABLE', message: 'Docker is not available' } });
  });
});
