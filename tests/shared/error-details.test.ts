import { describe, expect, it } from 'vitest';
import { ERROR_DETAILS_SCHEMAS, errorDetails, parseErrorDetails, type PortHolder } from '../../src/shared/contract';
import { ERROR_CODES } from '../../src/shared/errors';

const holder: PortHolder = { kind: 'process', pid: 99, command: 'python3 -m http.server', user: 'me', hostIp: '0.0.0.0', hostPort: 8080, protocol: 'tcp' };
const spec = { hostIp: '', hostPortStart: 8080, hostPortEnd: 8080, containerPortStart: 80, containerPortEnd: 80, protocol: 'tcp' as const };
const failedCheck = {
  spec,
  ok: false,
  conflicts: [{ hostIp: '', hostPort: 8080, protocol: 'tcp' as const, holders: [holder] }],
  suggestion: { ...spec, hostPortStart: 8081, hostPortEnd: 8081 },
  warnings: [],
};

describe('error details schemas', () => {
  it('has one schema per error code', () => {
    expect(Object.keys(ERROR_DETAILS_SCHEMAS).sort()).toEqual([...ERROR_CODES].sort());
  });

  it.each([
    ['CONFLICT', { checks: [failedCheck] }],
    [
      'CONFLICT',
      {
        engineMessage: 'port is already allocated',
        port: { hostIp: '', hostPort: 8080, protocol: 'tcp' },
        holders: [holder],
        container: { engineId: 'e', id: 'c9', name: 'web2', state: 'created' },
      },
    ],
    ['CONFLICT', { engineMessage: 'address already in use', port: { hostIp: '', hostPort: null, protocol: 'tcp' }, holders: [], container: null }],
    ['CONFLICT', { problems: [{ field: 'subnet', message: 'overlaps' }] }],
    ['CONFLICT', { containers: [{ id: 'c1', name: 'web' }] }],
    ['CONFLICT', { engineId: 'e', id: 'web', state: 'exited' }],
    ['CONFLICT', { cause: 'default network' }],
    ['CONFLICT', { endpoint: 'unix:///var/run/docker.sock' }],
    ['INVALID_INPUT', { issues: [{ path: ['ports', '0'], message: 'bad' }] }],
    ['INVALID_INPUT', { field: 'parent' }],
    ['INVALID_INPUT', { value: 'not a socket' }],
    ['INVALID_INPUT', { problems: [{ field: 'gateway', message: 'outside the subnet' }] }],
    ['NOT_FOUND', { kind: 'engine', engineId: 'e' }],
    ['NOT_FOUND', { kind: 'container', engineId: 'e', id: 'c1' }],
    ['NOT_FOUND', { kind: 'network', engineId: 'e', id: 'n1' }],
    ['NOT_FOUND', { kind: 'image', endpoint: 'unix:///d.sock', image: 'nginx' }],
    ['ENGINE_UNAVAILABLE', { engineId: 'e' }],
    ['ENGINE_UNAVAILABLE', { endpoint: 'unix:///d.sock' }],
    ['ENGINE_ERROR', { endpoint: 'unix:///d.sock', statusCode: 500 }],
    ['ENGINE_ERROR', { endpoint: 'unix:///d.sock', statusCode: null }],
    ['ENGINE_ERROR', { issues: [{ path: ['0', 'id'], message: 'required' }] }],
    ['UNSUPPORTED', { driver: 'macvlan' }],
    ['UNSUPPORTED', { option: 'aliases' }],
    ['UNSUPPORTED', { network: 'n', container: 'c' }],
    ['UNSUPPORTED', { spec }],
    ['INTERNAL', { cause: 'fetch failed' }],
  ] as const)('%s accepts %j', (code, details) => {
    expect(ERROR_DETAILS_SCHEMAS[code].safeParse(details).success).toBe(true);
  });

  it.each([
    ['CONFLICT', { checks: [{ ...failedCheck, spec: null }] }],
    ['CONFLICT', { holders: [holder] }],
    ['CONFLICT', { checks: [failedCheck], extra: 1 }],
    ['CONFLICT', 'busy'],
    ['NOT_FOUND', { kind: 'planet', engineId: 'e' }],
    ['NOT_FOUND', { id: 1 }],
    ['ENGINE_UNAVAILABLE', { id: 'x' }],
    ['ENGINE_ERROR', { endpoint: 'e', statusCode: '500' }],
    ['INVALID_INPUT', { problems: [{ field: 'subnet' }] }],
    ['UNAUTHORIZED', { why: 'token' }],
  ] as const)('%s refuses %j', (code, details) => {
    expect(ERROR_DETAILS_SCHEMAS[code].safeParse(details).success).toBe(false);
  });
});

describe('errorDetails', () => {
  it('gives the typed details of the code asked for', () => {
    const d = errorDetails({ code: 'CONFLICT', details: { checks: [failedCheck] } }, 'CONFLICT');
    expect(d).not.toBeNull();
    if (!d || !('checks' in d)) throw new Error('expected checks');
    // Typed: the holder and the suggestion are reachable without a cast.
    expect(d.checks[0].conflicts[0].holders[0]).toEqual(holder);
    expect(d.checks[0].suggestion?.hostPortStart).toBe(8081);
  });

  it('is null for another code, no details, or details that break the schema', () => {
    expect(errorDetails({ code: 'NOT_FOUND', details: { kind: 'engine', engineId: 'e' } }, 'CONFLICT')).toBeNull();
    expect(errorDetails({ code: 'CONFLICT' }, 'CONFLICT')).toBeNull();
    expect(errorDetails({ code: 'CONFLICT', details: { checks: 'no' } }, 'CONFLICT')).toBeNull();
    expect(errorDetails(null, 'CONFLICT')).toBeNull();
  });

  it('parseErrorDetails checks details against a code without an error around them', () => {
    expect(parseErrorDetails('ENGINE_UNAVAILABLE', { engineId: 'e' })).toEqual({ engineId: 'e' });
    expect(parseErrorDetails('ENGINE_UNAVAILABLE', { engineId: 7 })).toBeNull();
    expect(parseErrorDetails('UNAUTHORIZED', undefined)).toBeNull();
  });
});
