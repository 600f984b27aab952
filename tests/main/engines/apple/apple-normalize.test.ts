import { describe, it, expect } from 'vitest';
import { ContainerSchema } from '../../../../src/shared/contract';
import { AppError } from '../../../../src/shared/errors';
import { AppleContainerListSchema, AppleSystemStatusSchema, parseCliJson } from '../../../../src/main/engines/apple/apple-schemas';
import { appleDateToIso, normalizeContainer, parseAppleVersion, splitCidr } from '../../../../src/main/engines/apple/apple-normalize';
import { readFixture } from './fixtures';

const ENGINE = 'cli:/x/container';

/** The 1.2.2 `web` element, as a mutable object to derive variants from. */
function webElement(): Record<string, any> {
  return JSON.parse(readFixture('container-inspect-web.running.v1.2.2.json'))[0];
}

function parseOne(element: unknown) {
  return parseCliJson(AppleContainerListSchema, JSON.stringify([element]), 'ls -a --format json')[0];
}

function parseError(stdout: string): AppError {
  try {
    parseCliJson(AppleContainerListSchema, stdout, 'ls -a --format json');
  } catch (e) {
    return e as AppError;
  }
  throw new Error('expected a parse error');
}

describe('garbage CLI output', () => {
  it.each([
    ['an empty object as a container', '[{}]'],
    ['a number', '42'],
    ['a list of numbers', '[1,2]'],
    ['a string', '"hello"'],
    ['null', 'null'],
    ['a container without any id', JSON.stringify([{ ...webElement(), id: undefined }])],
    ['a container whose status is a number', JSON.stringify([{ ...webElement(), status: 3 }])],
    ['an image without a reference', JSON.stringify([{ ...webElement(), configuration: { ...webElement().configuration, image: {} } }])],
  ])('rejects %s with ENGINE_ERROR naming the command', (_label, stdout) => {
    const err = parseError(stdout);
    expect(err).toBeInstanceOf(AppError);
    expect(err.code).toBe('ENGINE_ERROR');
    expect(err.message).toContain('container ls -a --format json');
  });

  it('says which field is wrong', () => {
    expect(parseError(JSON.stringify([{ ...webElement(), id: undefined }])).message).toMatch(/no id/);
  });

  it('rejects text that is not JSON', () => {
    const err = parseError('Error: something went wrong');
    expect(err.code).toBe('ENGINE_ERROR');
    expect(err.message).toMatch(/did not print JSON/);
  });

  it('rejects a status payload without `status`', () => {
    expect(() => parseCliJson(AppleSystemStatusSchema, '{"apiServerVersion":"x"}', 'system status')).toThrow(AppError);
  });

  it('rejects a port range running past 65535', () => {
    const el = webElement();
    el.configuration.publishedPorts = [{ hostAddress: '0.0.0.0', hostPort: 65530, containerPort: 80, proto: 'tcp', count: 10 }];
    expect(() => parseOne(el)).toThrow(/65535/);
  });
});

describe('lenient where the CLI may change', () => {
  it('ignores unknown extra fields at every level', () => {
    const el = webElement();
    el.brandNewField = { nested: true };
    el.status.futureThing = 1;
    el.status.networks[0].someNewKey = 'x';
    el.configuration.publishedPorts[0].extra = 'y';
    const c = normalizeContainer(parseOne(el), ENGINE);
    expect(ContainerSchema.parse(c).networks[0].ipAddress).toBe('192.168.100.2');
  });

  it('maps an unknown future state to `unknown` and keeps the words', () => {
    const el = webElement();
    el.status = { state: 'hibernating', networks: [] };
    expect(normalizeContainer(parseOne(el), ENGINE)).toMatchObject({ state: 'unknown', status: 'hibernating' });
  });

  it.each([
    ['running', 'running'],
    ['stopped', 'exited'],
    ['stopping', 'stopping'],
    ['unknown', 'unknown'],
  ])('maps state %s to %s', (apple, model) => {
    const el = webElement();
    el.status.state = apple;
    expect(normalizeContainer(parseOne(el), ENGINE).state).toBe(model);
  });

  it('describes a stopped container that ran this session', () => {
    const el = webElement();
    el.status = { state: 'stopped', networks: [], startedDate: '2026-08-08T09:14:05Z' };
    expect(normalizeContainer(parseOne(el), ENGINE).status).toBe('stopped (last started 2026-08-08T09:14:05Z)');
  });

  it('expands `count` > 1 into one binding per port', () => {
    const el = webElement();
    el.configuration.publishedPorts = [{ hostAddress: '0.0.0.0', hostPort: 9000, containerPort: 8000, proto: 'udp', count: 3 }];
    const ports = normalizeContainer(parseOne(el), ENGINE).ports;
    expect(ports).toEqual([
      { hostIp: '0.0.0.0', hostPort: 9000, containerPort: 8000, protocol: 'udp' },
      { hostIp: '0.0.0.0', hostPort: 9001, containerPort: 8001, protocol: 'udp' },
      { hostIp: '0.0.0.0', hostPort: 9002, containerPort: 8002, protocol: 'udp' },
    ]);
  });

  it('keeps configuration labels', () => {
    const el = webElement();
    el.configuration.labels = { 'com.example.team': 'net' };
    expect(normalizeContainer(parseOne(el), ENGINE).labels).toEqual({ 'com.example.team': 'net' });
  });
});

describe('helpers', () => {
  it('splitCidr', () => {
    expect(splitCidr('192.168.100.2/24')).toEqual({ ip: '192.168.100.2', prefixLength: 24 });
    expect(splitCidr('10.0.0.1')).toEqual({ ip: '10.0.0.1', prefixLength: null });
    expect(splitCidr('fd00::1/64')).toEqual({ ip: 'fd00::1', prefixLength: 64 });
    expect(splitCidr('1.2.3.4/xx')).toEqual({ ip: '1.2.3.4', prefixLength: null });
    expect(splitCidr(undefined)).toEqual({ ip: null, prefixLength: null });
  });

  it('appleDateToIso handles both encodings', () => {
    expect(appleDateToIso('2026-08-08T09:14:05Z')).toBe('2026-08-08T09:14:05.000Z');
    expect(appleDateToIso(0)).toBe('2001-01-01T00:00:00.000Z');
    expect(appleDateToIso(807873245.0)).toBe('2026-08-08T09:14:05.000Z');
    expect(appleDateToIso(undefined)).toBeNull();
  });

  it('parseAppleVersion', () => {
    expect(parseAppleVersion('container CLI version 1.2.2 (build: release, commit: af405ff)')).toBe('1.2.2');
    expect(parseAppleVersion('container-apiserver version 0.11.0 (build: release, commit: d9b8a8d)')).toBe('0.11.0');
    expect(parseAppleVersion('')).toBeNull();
    expect(parseAppleVersion('nonsense')).toBeNull();
  });
});
