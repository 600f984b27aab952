import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePortSpec, type PortSpec } from '../../src/shared/port-spec';
import { suggestHostPorts, suggestSpec } from '../../src/shared/port-suggest';

/** isFree for a host where exactly these ports are taken. */
const takenOnly = (...taken: number[]) => {
  const set = new Set(taken);
  return (p: number) => !set.has(p);
};
const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);

describe('suggestHostPorts', () => {
  it('offers the preferred port first when it is free', () => {
    const r = suggestHostPorts({ containerPort: 80, protocol: 'tcp', isFree: takenOnly(), preferred: 3000, count: 3, environment: 'development' });
    expect(r.ports).toEqual([3000, 8080, 8081]);
    expect(r.reason).toBe('3000 is the port you asked for and is free');
  });

  it('falls back to the usual host port of a well-known service', () => {
    const r = suggestHostPorts({ containerPort: 80, protocol: 'tcp', isFree: takenOnly(), count: 1 });
    expect(r).toEqual({ ports: [8080], reason: '8080 is the usual host port for HTTP and is free' });
    expect(suggestHostPorts({ containerPort: 443, protocol: 'tcp', isFree: takenOnly(), count: 1 }).ports).toEqual([8443]);
    expect(suggestHostPorts({ containerPort: 3306, protocol: 'tcp', isFree: takenOnly(), count: 1 }).reason).toBe(
      '3306 is the usual host port for MySQL / MariaDB and is free',
    );
  });

  it('says when the port the user asked for is taken', () => {
    const r = suggestHostPorts({ containerPort: 80, protocol: 'tcp', isFree: takenOnly(3000), preferred: 3000, count: 1 });
    expect(r).toEqual({ ports: [8080], reason: '8080 is the usual host port for HTTP and is free (3000, which you asked for, is taken)' });
  });

  it('development and staging use their ranges, starting where the container port points', () => {
    const dev = suggestHostPorts({ containerPort: 80, protocol: 'tcp', isFree: takenOnly(8080), count: 3, environment: 'development' });
    expect(dev.ports).toEqual([8081, 8082, 8083]);
    expect(dev.reason).toBe('8081 is free in the development range 8000–8999');
    const staging = suggestHostPorts({ containerPort: 4000, protocol: 'tcp', isFree: takenOnly(), count: 2, environment: 'staging' });
    expect(staging).toEqual({ ports: [9000, 9001], reason: '9000 is free in the staging range 9000–9999' });
    // The range wraps around its end before leaving it.
    const wrapped = suggestHostPorts({ containerPort: 998, protocol: 'tcp', isFree: takenOnly(), count: 4, environment: 'development' });
    expect(wrapped.ports).toEqual([8998, 8999, 8000, 8001]);
    // Ranges from the settings are honoured.
    const custom = suggestHostPorts({
      containerPort: 7,
      protocol: 'udp',
      isFree: takenOnly(),
      count: 1,
      environment: 'development',
      ranges: { development: [20000, 20009], staging: [9000, 9999] },
    });
    expect(custom.ports).toEqual([20007]);
  });

  it('production prefers the standard port itself', () => {
    expect(suggestHostPorts({ containerPort: 80, protocol: 'tcp', isFree: takenOnly(8080), count: 1, environment: 'production' })).toEqual({
      ports: [80],
      reason: '80 is the standard port for HTTP and is free',
    });
    expect(suggestHostPorts({ containerPort: 4000, protocol: 'tcp', isFree: takenOnly(), count: 1, environment: 'production' }).reason).toBe(
      "4000 is the container's own port and is free",
    );
  });

  it('then the nearest free port above or below the wanted one', () => {
    const r = suggestHostPorts({ containerPort: 4000, protocol: 'tcp', isFree: takenOnly(4000, 4001), count: 3 });
    expect(r.ports).toEqual([3999, 4002, 3998]);
    expect(r.reason).toBe('3999 is the nearest free port to 4000, which is taken');
    const asked = suggestHostPorts({ containerPort: 4000, protocol: 'tcp', isFree: takenOnly(5000, 4000), preferred: 5000, count: 1 });
    expect(asked.reason).toBe('5001 is the nearest free port to 5000, which is taken');
  });

  it('never goes below 1024 unless the wanted port is below it, never above 65535', () => {
    const low = suggestHostPorts({ containerPort: 1025, protocol: 'tcp', isFree: takenOnly(...range(1025, 1030)), count: 3 });
    expect(low.ports).toEqual([1024, 1031, 1032]);
    const high = suggestHostPorts({ containerPort: 65535, protocol: 'tcp', isFree: takenOnly(65535, 65534), count: 2 });
    expect(high.ports).toEqual([65533, 65532]);
    // A privileged container port with no service maps up by 8000 rather than suggesting itself.
    expect(suggestHostPorts({ containerPort: 99, protocol: 'tcp', isFree: takenOnly(), count: 1 }).ports).toEqual([8099]);
    // But a privileged port the user asked for may have privileged neighbours.
    expect(suggestHostPorts({ containerPort: 99, protocol: 'tcp', isFree: takenOnly(99), preferred: 99, count: 2 }).ports).toEqual([100, 98]);
  });

  it('returns nothing, with a reason, when no port is free', () => {
    const r = suggestHostPorts({ containerPort: 80, protocol: 'udp', isFree: () => false, count: 3 });
    expect(r).toEqual({ ports: [], reason: 'No free host port found for container port 80/udp' });
  });

  it('always returns distinct free ports in 1..65535, at most count of them', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 65535 }),
        fc.constantFrom(undefined, 'development', 'staging', 'production' as const),
        fc.integer({ min: 1, max: 20 }),
        fc.array(fc.integer({ min: 1, max: 65535 }), { maxLength: 50 }),
        fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
        (containerPort, environment, count, taken, preferred) => {
          const isFree = takenOnly(...taken);
          const r = suggestHostPorts({ containerPort, protocol: 'tcp', isFree, environment, count, preferred });
          expect(r.ports.length).toBe(count);
          expect(new Set(r.ports).size).toBe(r.ports.length);
          for (const p of r.ports) expect(isFree(p) && p >= 1 && p <= 65535).toBe(true);
          expect(r.reason).toMatch(new RegExp(`^${r.ports[0]} `));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('suggestSpec', () => {
  const move = (spec: string, isFree: (p: number) => boolean, env?: 'development' | 'staging' | 'production') => suggestSpec(parsePortSpec(spec), isFree, env);

  it('moves a taken single port, keeping IP, container port and protocol', () => {
    expect(move('127.0.0.1:8080:80', takenOnly(8080), 'development')).toEqual(parsePortSpec('127.0.0.1:8081:80'));
    expect(move('5432:5432/udp', takenOnly(5432), 'production')).toEqual(parsePortSpec('5433:5432/udp'));
    // Above before below at the same distance.
    expect(move('3000:3000', takenOnly(3000))).toEqual(parsePortSpec('3001:3000'));
  });

  it('moves a range as a contiguous free block of the same length', () => {
    const moved = move('8000-8002:80-82', takenOnly(8001, 8082), 'development') as PortSpec;
    expect(moved).toEqual(parsePortSpec('8083-8085:80-82'));
    const free = (p: number) => p < 9000 || p > 9100;
    expect(move('9050-9052:9050-9052', free)).toEqual(parsePortSpec('9101-9103:9050-9052'));
  });

  it('leaves a spec alone when it is already free', () => {
    expect(move('8080:80', takenOnly())).toEqual(parsePortSpec('8080:80'));
    expect(move('80', takenOnly(80))).toEqual(parsePortSpec('80'));
    // A dynamic range only needs one free port.
    expect(move('8000-8002:80', takenOnly(8000, 8001))).toEqual(parsePortSpec('8000-8002:80'));
    expect(move('8000-8002:80', takenOnly(8000, 8001, 8002), 'development')).toEqual(parsePortSpec('8080-8082:80'));
  });

  it('returns null when nothing fits', () => {
    expect(move('8080:80', () => false)).toBeNull();
    expect(move('1-40000:1-40000', (p) => p % 2 === 0)).toBeNull();
  });

  it('suggests only free blocks that stay within 65535', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 65535 }),
        fc.nat({ max: 30 }),
        fc.array(fc.integer({ min: 1, max: 65535 }), { maxLength: 40 }),
        (start, len, taken) => {
          const end = Math.min(65535, start + len);
          const isFree = takenOnly(...taken);
          const s = suggestSpec(
            { hostIp: '', hostPortStart: start, hostPortEnd: end, containerPortStart: start, containerPortEnd: end, protocol: 'tcp' },
            isFree,
            'development',
          );
          expect(s).not.toBeNull();
          const got = s as PortSpec;
          expect((got.hostPortEnd as number) - (got.hostPortStart as number)).toBe(end - start);
          expect(got.hostPortEnd as number).toBeLessThanOrEqual(65535);
          for (const p of range(got.hostPortStart as number, got.hostPortEnd as number)) expect(isFree(p)).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });
});
