import { describe, expect, it } from 'vitest';
import { NetworkSchema, type Container } from '../../../../src/shared/contract';
import { AppError } from '../../../../src/shared/errors';
import type { CreateNetworkSpec } from '../../../../src/main/engines/container-engine';
import { AppleContainerListSchema, AppleNetworkListSchema, parseCliJson } from '../../../../src/main/engines/apple/apple-schemas';
import { normalizeContainer } from '../../../../src/main/engines/apple/apple-normalize';
import { appleNetworkCreateArgs, mapNetworkRemoveError, networkMembers, toNetwork } from '../../../../src/main/engines/apple/apple-networks';
import { readFixture } from './fixtures';

const ENGINE = 'cli:/usr/local/bin/container';

function containers(rel: string): Container[] {
  return parseCliJson(AppleContainerListSchema, readFixture(rel), rel).map((c) => normalizeContainer(c, ENGINE));
}
function networks(json: string, list: Container[] = []) {
  return parseCliJson(AppleNetworkListSchema, json, 'network ls --format json').map((n) => NetworkSchema.parse(toNetwork(n, ENGINE, list)));
}

/** 0.5.0 `network ls --format json`, built from the shape in the fixtures README (no file for it). */
const NETWORK_LS_V05 = JSON.stringify([
  {
    id: 'backend',
    state: 'running',
    config: { id: 'backend', mode: 'nat', subnet: '192.168.100.0/24', labels: {} },
    status: { address: '192.168.100.0/24', gateway: '192.168.100.1' },
  },
  { id: 'default', state: 'running', config: { id: 'default', mode: 'nat', labels: {} }, status: { address: '192.168.64.0/24', gateway: '192.168.64.1' } },
  { id: 'lab', state: 'created', config: { id: 'lab', mode: 'hostOnly', labels: { team: 'qa' } } },
]);

const BACKEND_V4 = { subnet: '192.168.100.0/24', gateway: '192.168.100.1', ipRange: null };
const BACKEND_V6 = { subnet: 'fd5e:7b21:4c3a:1f00::/64', gateway: null, ipRange: null };
const WEB_ON_BACKEND = {
  containerId: 'web',
  containerName: 'web',
  ipv4Address: '192.168.100.2',
  prefixLength: 24,
  ipv6Address: 'fd5e:7b21:4c3a:1f00:f43b:9eff:fe21:4c8d',
  macAddress: 'f6:3b:9e:21:4c:8d',
  aliases: [],
};

describe('Apple networks normalized to the shared Network model', () => {
  it('1.2.2 network ls: backend with members from the 1.2.2 container list, and the builtin default', () => {
    const [backend, def] = networks(readFixture('network-ls.v1.2.2.json'), containers('container-ls-a.v1.2.2.json'));
    expect(backend).toEqual({
      engineId: ENGINE,
      id: 'backend',
      name: 'backend',
      driver: 'nat',
      scope: null,
      subnets: [BACKEND_V4, BACKEND_V6],
      internal: false,
      ipv6: true,
      isDefault: false,
      dnsEnabled: true,
      dnsServers: [],
      createdAt: '2026-08-08T09:12:30.000Z',
      labels: {},
      options: {},
      // db is attached to `default` but stopped: Apple has released its address.
      containers: [WEB_ON_BACKEND],
    });
    expect(def).toMatchObject({ id: 'default', isDefault: true, labels: { 'com.apple.container.resource.role': 'builtin' }, containers: [] });
    expect(def.subnets[0]).toEqual({ subnet: '192.168.64.0/24', gateway: '192.168.64.1', ipRange: null });
  });

  it('1.2.2 network inspect (an array) reads the same as its ls element', () => {
    const list = containers('container-ls-a.v1.2.2.json');
    const [fromInspect] = networks(readFixture('network-inspect-backend.v1.2.2.json'), list);
    expect(fromInspect).toEqual(networks(readFixture('network-ls.v1.2.2.json'), list)[0]);
  });

  it('0.8–0.12 network ls: `config`, Swift reference-date doubles, members from the 0.11 container list', () => {
    const [backend, def] = networks(readFixture('legacy/network-ls.v0.11.json'), containers('legacy/container-ls-a.v0.11.json'));
    expect(backend).toMatchObject({ id: 'backend', driver: 'nat', subnets: [BACKEND_V4, BACKEND_V6], ipv6: true, isDefault: false });
    expect(backend.createdAt).toBe(new Date((807873150 + 978307200) * 1000).toISOString());
    expect(backend.containers).toEqual([WEB_ON_BACKEND]);
    expect(def.isDefault).toBe(true);
  });

  it('0.5 network ls: `subnet`/`address`/`gateway` names, unlabelled default, a host-only network with no status', () => {
    const [backend, def, lab] = networks(NETWORK_LS_V05, containers('legacy/container-ls-a.v0.5.json'));
    expect(backend.subnets).toEqual([BACKEND_V4]);
    expect(backend.ipv6).toBe(false);
    // 0.5 attachments use `address`, and carry no MAC.
    expect(backend.containers).toEqual([{ ...WEB_ON_BACKEND, ipv6Address: null, macAddress: null }]);
    expect(def.isDefault).toBe(true); // by name: 0.5 did not label the builtin network
    expect(lab).toMatchObject({ driver: 'hostOnly', internal: true, subnets: [], labels: { team: 'qa' }, createdAt: null });
  });

  it('keeps non-string plugin options as text', () => {
    const element = JSON.parse(readFixture('network-inspect-backend.v1.2.2.json'))[0];
    element.configuration.options = { mtu: 1500, variant: 'reserved' };
    expect(networks(JSON.stringify([element]))[0].options).toEqual({ mtu: '1500', variant: 'reserved' });
  });

  it('members are running containers attached to that network only', () => {
    const list = containers('container-ls-a.v1.2.2.json');
    expect(networkMembers('backend', list).map((m) => m.containerId)).toEqual(['web']);
    expect(networkMembers('default', list)).toEqual([]);
    const stopped = list.map((c) => ({ ...c, state: 'exited' as const }));
    expect(networkMembers('backend', stopped)).toEqual([]);
  });
});

function spec(patch: Partial<CreateNetworkSpec> = {}): CreateNetworkSpec {
  return { name: 'backend', driver: 'bridge', internal: false, ipv6: false, dnsServers: [], labels: {}, ...patch };
}
function refusal(patch: Partial<CreateNetworkSpec>): AppError {
  try {
    appleNetworkCreateArgs(spec(patch));
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return e as AppError;
  }
  throw new Error('expected a refusal');
}

describe('argv for `container network create`', () => {
  it('a plain network is just its name', () => {
    expect(appleNetworkCreateArgs(spec())).toEqual(['network', 'create', 'backend']);
  });

  it('maps internal, subnets and labels to separate arguments', () => {
    expect(
      appleNetworkCreateArgs(spec({ internal: true, ipv6: true, subnet: '10.10.0.0/24', ipv6Subnet: 'fd00:1234::/64', labels: { team: 'a b', 'x.y': 'k=v' } })),
    ).toEqual([
      'network',
      'create',
      '--internal',
      '--subnet',
      '10.10.0.0/24',
      '--subnet-v6',
      'fd00:1234::/64',
      '--label',
      'team=a b',
      '--label',
      'x.y=k=v',
      'backend',
    ]);
  });

  it.each([
    [{ driver: 'macvlan' as const, parent: 'en0' }, 'driver macvlan'],
    [{ driver: 'ipvlan' as const }, 'driver ipvlan'],
    [{ gateway: '10.10.0.254', subnet: '10.10.0.0/24' }, 'gateway'],
    [{ ipRange: '10.10.0.128/25', subnet: '10.10.0.0/24' }, 'ipRange'],
    [{ parent: 'en0' }, 'parent'],
    [{ dnsServers: ['192.0.2.11'] }, 'dnsServers'],
  ])('refuses %j with UNSUPPORTED naming %s', (patch, option) => {
    const err = refusal(patch);
    expect(err.code).toBe('UNSUPPORTED');
    expect(err.message).toContain(`Apple container cannot set ${option}`);
  });

  it.each(['-rf', '--help', 'a b', 'x;y', ''])('refuses the name %j', (name) => {
    expect(refusal({ name }).code).toBe('INVALID_INPUT');
  });

  it('refuses a label key with `=` or a line break', () => {
    expect(refusal({ labels: { 'a=b': 'c' } }).code).toBe('INVALID_INPUT');
    expect(refusal({ labels: { a: 'b\nc' } }).code).toBe('INVALID_INPUT');
  });
});

describe('network rm failures', () => {
  it('the builtin default network is a CONFLICT in words', () => {
    const cli = new AppError('ENGINE_ERROR', '`container network rm default` failed (exit 1): Error: invalidArgument: "cannot delete the default network"');
    const mapped = mapNetworkRemoveError(cli, 'default') as AppError;
    expect(mapped.code).toBe('CONFLICT');
    expect(mapped.message).toBe("default is Apple container's built-in default network and cannot be removed.");
  });

  it('a network still in use is a CONFLICT; anything else passes through', () => {
    const inUse = new AppError(
      'ENGINE_ERROR',
      '`container network rm backend` failed (exit 1): Error: invalidState: "network backend has attached containers"',
    );
    expect((mapNetworkRemoveError(inUse, 'backend') as AppError).code).toBe('CONFLICT');
    const other = new AppError('ENGINE_ERROR', '`container network rm builtin` failed (exit 1): Error: boom');
    expect(mapNetworkRemoveError(other, 'builtin')).toBe(other);
    const notFound = new AppError('NOT_FOUND', 'network not found');
    expect(mapNetworkRemoveError(notFound, 'x')).toBe(notFound);
  });
});
