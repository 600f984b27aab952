import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PortWarningSchema } from '../../src/shared/contract/ports';
import { conventionalHostPort, portWarnings } from '../../src/shared/port-rules';
import { formatPortSpec, parsePortSpec } from '../../src/shared/port-spec';

const warn = (spec: string) => portWarnings(parsePortSpec(spec));
const codes = (spec: string) => warn(spec).map((w) => w.code);
const byCode = (spec: string, code: string) => {
  const w = warn(spec).find((x) => x.code === code);
  if (!w) throw new Error(`no ${code} for ${spec}`);
  return w;
};

describe('portWarnings', () => {
  it('is silent for a loopback, unprivileged, fixed mapping', () => {
    expect(warn('127.0.0.1:8080:80')).toEqual([]);
    expect(warn('[::1]:8443:443')).toEqual([]);
    expect(warn('192.168.1.10:5432:5432')).toEqual([]);
  });

  it('PRIVILEGED_PORT: explains root / CAP_NET_BIND_SERVICE / the sysctl and moves 80 to 8080', () => {
    const w = byCode('127.0.0.1:80:80', 'PRIVILEGED_PORT');
    expect(w.message).toMatch(/below 1024/);
    expect(w.message).toMatch(/CAP_NET_BIND_SERVICE/);
    expect(w.message).toMatch(/net\.ipv4\.ip_unprivileged_port_start lowered to 80/);
    expect(w.message).toMatch(/[Rr]ootless Podman/);
    expect(w.fixedSpec).toEqual(parsePortSpec('127.0.0.1:8080:80'));
    expect(w.fix).toBe('Use host port 8080 instead (1024 or above): publish 127.0.0.1:8080:80.');
  });

  it('PRIVILEGED_PORT fixes follow the usual conventions, keyed on the host port the user wanted', () => {
    expect(byCode('127.0.0.1:443:8443', 'PRIVILEGED_PORT').fixedSpec).toEqual(parsePortSpec('127.0.0.1:8443:8443'));
    expect(byCode('127.0.0.1:22:22', 'PRIVILEGED_PORT').fixedSpec).toEqual(parsePortSpec('127.0.0.1:2222:22'));
    expect(byCode('127.0.0.1:53:53/udp', 'PRIVILEGED_PORT').fixedSpec).toEqual(parsePortSpec('127.0.0.1:8053:53/udp'));
    // A range keeps its length; a dynamic range stays dynamic.
    const range = byCode('127.0.0.1:80-90:80-90', 'PRIVILEGED_PORT');
    expect(range.message).toMatch(/80-90 includes ports below 1024/);
    expect(range.fixedSpec).toEqual(parsePortSpec('127.0.0.1:8080-8090:80-90'));
    expect(byCode('127.0.0.1:1000-1100:80', 'PRIVILEGED_PORT').fixedSpec).toEqual(parsePortSpec('127.0.0.1:9000-9100:80'));
  });

  it('PRIVILEGED_PORT keeps a huge range inside 1024-65535, or gives no fixedSpec when it cannot fit', () => {
    expect(byCode('127.0.0.1:1-60000:1-60000', 'PRIVILEGED_PORT').fixedSpec).toEqual(parsePortSpec('127.0.0.1:5536-65535:1-60000'));
    const w = byCode('127.0.0.1:1-65000:1-65000', 'PRIVILEGED_PORT');
    expect(w.fixedSpec).toBeNull();
    expect(w.fix).toMatch(/1024 or above/);
  });

  it('ALL_INTERFACES for an omitted IP, 0.0.0.0 and ::, fixed by binding 127.0.0.1', () => {
    for (const spec of ['8080:80', '0.0.0.0:8080:80', '[::]:8080:80']) {
      const w = byCode(spec, 'ALL_INTERFACES');
      expect(w.message).toMatch(/other machines on your network/);
      expect(w.fixedSpec).toEqual({ ...parsePortSpec(spec), hostIp: '127.0.0.1' });
      expect(w.fix).toBe('If only this computer needs it, bind it to 127.0.0.1: publish 127.0.0.1:8080:80.');
    }
    expect(byCode('8080:80', 'ALL_INTERFACES').message).toMatch(/0\.0\.0\.0 and ::/);
  });

  it('DATABASE_EXPOSED replaces ALL_INTERFACES for a database port, with a stronger message', () => {
    expect(codes('5432:5432')).toEqual(['DATABASE_EXPOSED']);
    const w = byCode('0.0.0.0:15432:5432', 'DATABASE_EXPOSED');
    expect(w.message).toMatch(/^PostgreSQL is published on all interfaces/);
    expect(w.message).toMatch(/try to log in/);
    expect(w.fixedSpec).toEqual(parsePortSpec('127.0.0.1:15432:5432'));
    expect(w.fix).toMatch(/publish 127\.0\.0\.1:15432:5432/);
    // A range that covers several databases names them all.
    expect(byCode('3300-3310:3300-3310', 'DATABASE_EXPOSED').message).toMatch(/MySQL/);
    expect(byCode('6000-7000', 'DATABASE_EXPOSED').message).toMatch(/Redis/);
    // Not a database, or the wrong protocol, or loopback: no database warning.
    expect(codes('8080:80')).toEqual(['ALL_INTERFACES']);
    expect(codes('5432:5432/udp')).toEqual(['ALL_INTERFACES']);
    expect(codes('127.0.0.1:27017:27017')).toEqual([]);
  });

  it('ENGINE_ASSIGNED when no host port is given, with a fixed one chosen', () => {
    const w = byCode('127.0.0.1::80', 'ENGINE_ASSIGNED');
    expect(w.message).toMatch(/random free port each time the container starts/);
    expect(w.fixedSpec).toEqual(parsePortSpec('127.0.0.1:8080:80'));
    expect(w.fix).toBe('Choose a fixed host port: publish 127.0.0.1:8080:80.');
    expect(byCode('127.0.0.1::6379', 'ENGINE_ASSIGNED').fixedSpec).toEqual(parsePortSpec('127.0.0.1:6379:6379'));
    expect(byCode('127.0.0.1::4000-4002', 'ENGINE_ASSIGNED').fixedSpec).toEqual(parsePortSpec('127.0.0.1:4000-4002:4000-4002'));
    expect(byCode('127.0.0.1::1-65535', 'ENGINE_ASSIGNED').fixedSpec).toBeNull();
    // Host port 0 is the same as none.
    expect(codes('127.0.0.1:0:8080')).toEqual(['ENGINE_ASSIGNED']);
  });

  it('lists several warnings, most serious first', () => {
    expect(codes('80:80')).toEqual(['PRIVILEGED_PORT', 'ALL_INTERFACES']);
    expect(codes('3306')).toEqual(['DATABASE_EXPOSED', 'ENGINE_ASSIGNED']);
  });

  it('every warning passes the contract schema and every fixedSpec clears its own warning', () => {
    const port = fc.integer({ min: 1, max: 65535 });
    const spec = fc
      .tuple(fc.constantFrom('', '0.0.0.0', '::', '127.0.0.1', '::1'), fc.option(port, { nil: null }), port, fc.constantFrom('tcp', 'udp'))
      .map(([ip, h, c, proto]) =>
        parsePortSpec(formatPortSpec({ hostIp: ip, hostPortStart: h, hostPortEnd: h, containerPortStart: c, containerPortEnd: c, protocol: proto })),
      );
    fc.assert(
      fc.property(spec, (s) => {
        for (const w of portWarnings(s)) {
          expect(PortWarningSchema.parse(w)).toEqual(w);
          if (w.fixedSpec) {
            expect(portWarnings(w.fixedSpec).map((x) => x.code)).not.toContain(w.code);
            expect(w.fix).toContain(formatPortSpec(w.fixedSpec));
          }
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('conventionalHostPort', () => {
  it('maps privileged ports up, keeps unprivileged ones', () => {
    expect(conventionalHostPort(80)).toBe(8080);
    expect(conventionalHostPort(443)).toBe(8443);
    expect(conventionalHostPort(22)).toBe(2222);
    expect(conventionalHostPort(1023)).toBe(9023);
    expect(conventionalHostPort(1024)).toBe(1024);
    expect(conventionalHostPort(5432)).toBe(5432);
  });
});
