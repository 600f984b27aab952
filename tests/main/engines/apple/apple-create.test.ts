import { describe, expect, it } from 'vitest';
import { appleCreateArgs } from '../../../../src/main/engines/apple/apple-create';
import { parsePortSpec } from '../../../../src/shared/port-spec';
import { AppError } from '../../../../src/shared/errors';

describe('argv for `container create`', () => {
  it('passes every value as its own argument', () => {
    expect(
      appleCreateArgs({
        image: 'nginx:latest',
        name: 'web',
        network: 'backend',
        ports: [parsePortSpec('127.0.0.1:8080:80'), parsePortSpec('8443:443')],
        env: ['A=b c'],
        command: ['nginx', '-g', 'daemon off;'],
      }),
    ).toEqual([
      'create',
      '--name',
      'web',
      '--network',
      'backend',
      '--publish',
      '127.0.0.1:8080:80',
      '--publish',
      '8443:443',
      '--env',
      'A=b c',
      'nginx:latest',
      'nginx',
      '-g',
      'daemon off;',
    ]);
  });

  it.each(['8000-8010:80', '8000-8001:80-81', '80', 'sctp'])('refuses what Apple cannot publish: %s', (text) => {
    const spec = text === 'sctp' ? parsePortSpec('9000:9000/sctp') : parsePortSpec(text);
    let error: unknown;
    try {
      appleCreateArgs({ image: 'x', ports: [spec], env: [] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('UNSUPPORTED');
  });
});

describe('network and DNS options for `container create`', () => {
  const base = { image: 'alpine', name: 'web', ports: [], env: [] };
  function refusal(patch: Record<string, unknown>): AppError {
    try {
      appleCreateArgs({ ...base, ...patch });
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      return e as AppError;
    }
    throw new Error('expected a refusal');
  }

  it('default adds no flag; none and user networks are --network', () => {
    expect(appleCreateArgs({ ...base, network: 'default' })).toEqual(['create', '--name', 'web', 'alpine']);
    expect(appleCreateArgs(base)).toEqual(['create', '--name', 'web', 'alpine']);
    expect(appleCreateArgs({ ...base, network: 'none' })).toEqual(['create', '--name', 'web', '--network', 'none', 'alpine']);
    expect(appleCreateArgs({ ...base, network: 'backend' })).toEqual(['create', '--name', 'web', '--network', 'backend', 'alpine']);
  });

  it('each DNS value is its own --dns/--dns-search/--dns-option/--dns-domain argument', () => {
    expect(
      appleCreateArgs({ ...base, dns: ['192.0.2.11', '198.51.100.99'], dnsSearch: ['corp.example'], dnsOptions: ['ndots:2', 'timeout:1'], dnsDomain: 'test' }),
    ).toEqual([
      'create',
      '--name',
      'web',
      '--dns',
      '192.0.2.11',
      '--dns',
      '198.51.100.99',
      '--dns-search',
      'corp.example',
      '--dns-option',
      'ndots:2',
      '--dns-option',
      'timeout:1',
      '--dns-domain',
      'test',
      'alpine',
    ]);
  });

  it('a hostname equal to the name is what Apple does anyway', () => {
    expect(appleCreateArgs({ ...base, hostname: 'web' })).toEqual(['create', '--name', 'web', 'alpine']);
  });

  it.each([
    [{ network: 'host' }, 'Apple container has no host network'],
    [{ network: 'backend', aliases: ['api'] }, 'Apple container has no network aliases'],
    [{ network: 'backend', ipv4Address: '192.168.100.9' }, 'cannot give a container a fixed IPv4 address'],
    [{ hostname: 'other' }, 'it has no separate hostname option'],
  ])('refuses %j with UNSUPPORTED', (patch, words) => {
    const err = refusal(patch);
    expect(err.code).toBe('UNSUPPORTED');
    expect(err.message).toContain(words);
  });

  it.each([{ network: 'a,mac=02:00:00:00:00:01' }, { network: '-x' }, { dnsOptions: ['-x'] }, { dns: ['--help'] }])('refuses %j as INVALID_INPUT', (patch) => {
    expect(refusal(patch).code).toBe('INVALID_INPUT');
  });
});
