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
      'create', '--name', 'web', '--network', 'backend',
      '--publish', '127.0.0.1:8080:80', '--publish', '8443:443',
      '--env', 'A=b c', 'nginx:latest', 'nginx', '-g', 'daemon off;',
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
