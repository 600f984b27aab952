import { describe, expect, it } from 'vitest';
import { createBody, portBindings } from '../../../../src/main/engines/docker/docker-create';
import { parsePortSpec } from '../../../../src/shared/port-spec';

const bindings = (...specs: string[]) => portBindings(specs.map(parsePortSpec));

describe('Docker API port bindings from port specs (as `docker run -p` builds them)', () => {
  it('maps a single port with and without a host address', () => {
    expect(bindings('127.0.0.1:8080:80', '8443:443')).toEqual({
      exposed: { '80/tcp': {}, '443/tcp': {} },
      bindings: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '8080' }], '443/tcp': [{ HostIp: '', HostPort: '8443' }] },
    });
  });

  it('lets the engine pick when the host port is omitted', () => {
    expect(bindings('80').bindings).toEqual({ '80/tcp': [{ HostIp: '', HostPort: '' }] });
    expect(bindings('127.0.0.1::53/udp').bindings).toEqual({ '53/udp': [{ HostIp: '127.0.0.1', HostPort: '' }] });
  });

  it('maps ranges pairwise', () => {
    expect(bindings('8000-8002:80-82').bindings).toEqual({
      '80/tcp': [{ HostIp: '', HostPort: '8000' }],
      '81/tcp': [{ HostIp: '', HostPort: '8001' }],
      '82/tcp': [{ HostIp: '', HostPort: '8002' }],
    });
  });

  it('passes a host range for one container port through, for the engine to pick inside it', () => {
    expect(bindings('8000-8010:80').bindings).toEqual({ '80/tcp': [{ HostIp: '', HostPort: '8000-8010' }] });
  });

  it('collects several host bindings of one container port, and IPv6 hosts unbracketed', () => {
    expect(bindings('127.0.0.1:8080:80', '[::1]:8080:80').bindings['80/tcp']).toEqual([
      { HostIp: '127.0.0.1', HostPort: '8080' },
      { HostIp: '::1', HostPort: '8080' },
    ]);
  });

  it('builds the create body with image, env, command and network', () => {
    const body = createBody({ image: 'busybox', ports: [parsePortSpec('8080:80')], env: ['A=1'], command: ['sleep', '1'], network: 'backend' });
    expect(body).toMatchObject({
      Image: 'busybox',
      Env: ['A=1'],
      Cmd: ['sleep', '1'],
      ExposedPorts: { '80/tcp': {} },
      HostConfig: { PortBindings: { '80/tcp': [{ HostIp: '', HostPort: '8080' }] }, NetworkMode: 'backend' },
    });
    expect(createBody({ image: 'busybox', ports: [], env: [] })).not.toHaveProperty('Cmd');
  });
});
