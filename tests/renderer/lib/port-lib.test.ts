import { describe, expect, it } from 'vitest';
import { splitCommand } from '../../../src/renderer/lib/command-line';
import { describeCreateError } from '../../../src/renderer/lib/create-error';
import { envEntries } from '../../../src/renderer/lib/env-rows';
import { holderText } from '../../../src/renderer/lib/port-holders';
import { composeSpecText, duplicateRows, parseRowText } from '../../../src/renderer/lib/port-rows';
import { formatPortSpec, parsePortSpecs } from '../../../src/shared/port-spec';
import { containerHolder, processHolder, proxyHolder } from '../support/ports';

const name = () => 'Docker 27.3.1';
const texts = (text: string) => parsePortSpecs(text).map(formatPortSpec);

describe('port form helpers', () => {
  it('words every kind of holder', () => {
    expect(holderText(processHolder(80), name)).toBe('held by pid 1234 (node server.js)');
    expect(holderText(processHolder(80, null, null), name)).toBe('held by a process of another user (me)');
    expect(holderText(containerHolder(80, '/web'), name)).toBe('published by container web (Docker 27.3.1)');
    expect(holderText(containerHolder(80, 'db', false), name)).toBe('claimed by stopped container db — it will clash when it starts');
    expect(holderText(proxyHolder(80, 'web'), name)).toBe('held by docker-proxy for container web');
    expect(holderText(proxyHolder(80, null), name)).toBe('held by docker-proxy (pid 4321)');
  });

  it('pastes plain lists, -p flags, and bare mappings next to flags', () => {
    expect(texts('8080:80, 9090:90/udp\n53:53/udp')).toEqual(['8080:80', '9090:90/udp', '53:53/udp']);
    expect(texts('-p 8080:80 127.0.0.1:5432:5432/tcp')).toEqual(['8080:80', '127.0.0.1:5432:5432']);
    expect(texts('docker run -d -p 8080:80 --publish=8443:443 -v /data:/data nginx:1.27 sleep 3600')).toEqual(['8080:80', '8443:443']);
    expect(() => parsePortSpecs('8080:80 80a')).toThrow('80a');
  });

  it('writes a spec from the fields and parses rows, an empty one being ignored', () => {
    expect(composeSpecText({ hostIp: '', hostPort: '', containerPort: '80', protocol: 'tcp' })).toBe('80');
    expect(composeSpecText({ hostIp: '::1', hostPort: '8080', containerPort: '80', protocol: 'udp' })).toBe('[::1]:8080:80/udp');
    expect(composeSpecText({ hostIp: '127.0.0.1', hostPort: '', containerPort: '80', protocol: 'tcp' })).toBe('127.0.0.1::80');
    expect(parseRowText('  ')).toEqual({ blank: true, spec: null, error: null });
    expect(parseRowText('8080:80a').error).toContain('80a');
    expect(parseRowText('[::1]:8080:80').spec?.hostIp).toBe('::1');
  });

  it('finds rows claiming the same host port (ranges, wildcards, protocols)', () => {
    const rows = ['8080-8082:80-82', '127.0.0.1:8081:81', '8081:81/udp', '::1:9000:9000', '127.0.0.1:9000:9000', '80'].map((t, i) => ({
      id: i + 1,
      spec: parseRowText(t).spec,
    }));
    expect(duplicateRows(rows)).toEqual(
      new Map([
        [1, [2]],
        [2, [1]],
      ]),
    );
  });

  it('splits a command respecting quotes', () => {
    expect(splitCommand(`sh -c 'echo "hi there"'  x`)).toEqual({ args: ['sh', '-c', 'echo "hi there"', 'x'], error: null });
    expect(splitCommand(`echo ''`).args).toEqual(['echo', '']);
    expect(splitCommand(`echo "oops`).error).toContain('quote');
  });

  it('builds KEY=value entries and names the bad rows', () => {
    const { entries, errors } = envEntries([
      { id: 1, key: 'A', value: '1' },
      { id: 2, key: '', value: '' },
      { id: 3, key: 'B C', value: 'x' },
      { id: 4, key: 'A', value: '2' },
    ]);
    expect(entries).toEqual(['A=1']);
    expect([...errors.keys()]).toEqual([3, 4]);
  });

  it('reads a pre-flight CONFLICT’s failed checks', () => {
    const view = describeCreateError(
      {
        code: 'CONFLICT',
        details: {
          checks: [
            {
              spec: null,
              ok: false,
              conflicts: [{ hostIp: '127.0.0.1', hostPort: 5432, protocol: 'tcp', holders: [containerHolder(5432, 'db', false)] }],
              suggestion: null,
              warnings: [],
            },
          ],
        },
      },
      name,
    );
    // A malformed check does not pass the schema: nothing is invented from it.
    expect(view.lines).toEqual([]);
    const ok = describeCreateError(
      {
        code: 'CONFLICT',
        details: {
          checks: [
            {
              spec: { hostIp: '127.0.0.1', hostPortStart: 5432, hostPortEnd: 5432, containerPortStart: 5432, containerPortEnd: 5432, protocol: 'tcp' },
              ok: false,
              conflicts: [{ hostIp: '127.0.0.1', hostPort: 5432, protocol: 'tcp', holders: [containerHolder(5432, 'db', false)] }],
              suggestion: null,
              warnings: [],
            },
          ],
        },
      },
      name,
    );
    expect(ok.lines).toEqual(['Port 127.0.0.1:5432/tcp is claimed by stopped container db — it will clash when it starts']);
    expect(ok.container).toBeNull();
  });
});
