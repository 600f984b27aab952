import { describe, expect, it } from 'vitest';
import { MAX_PORTS_PER_REQUEST, PortSpecSchema, channels } from '../../src/shared/contract';
import { expandedPortCount, parsePortSpec, type PortSpec } from '../../src/shared/port-spec';

const ENGINE = 'unix:///var/run/docker.sock';
const spec = (text: string): PortSpec => parsePortSpec(text);
const range = (hostStart: number, length: number, containerStart = hostStart): PortSpec => ({
  hostIp: '',
  hostPortStart: hostStart,
  hostPortEnd: hostStart + length - 1,
  containerPortStart: containerStart,
  containerPortEnd: containerStart + length - 1,
  protocol: 'tcp',
});

const check = (specs: unknown[]) => channels['ports.check'].request.safeParse({ specs });
const create = (ports: unknown[]) => channels['containers.create'].request.safeParse({ engineId: ENGINE, image: 'nginx', ports });
const messages = (r: { success: boolean; error?: { issues: Array<{ message: string }> } }) => (r.error?.issues ?? []).map((i) => i.message).join('\n');

describe('a request expands to at most MAX_PORTS_PER_REQUEST ports', () => {
  it('counts a mapping range once per port, and a dynamic host range once per candidate', () => {
    expect(expandedPortCount(spec('8080:80'))).toBe(1);
    expect(expandedPortCount(spec('8000-8099:9000-9099'))).toBe(100);
    expect(expandedPortCount(spec('8000-8999:80'))).toBe(1000);
    expect(expandedPortCount(spec('1-65535'))).toBe(65535);
    expect(expandedPortCount(spec('1-65535:1-65535'))).toBe(65535);
  });

  it.each([
    ['one spec of every port', [spec('1-65535:1-65535')]],
    ['eight specs of every port', Array.from({ length: 8 }, () => spec('1-65535:1-65535'))],
    ['a dynamic host range of every port', [spec('1-65535:80')]],
    ['a container range the engine would publish on random ports', [spec('1-65535')]],
    ['specs that add up past the limit', [range(10_000, 4000), range(20_000, 97)]],
  ])('ports.check refuses %s, naming the limit', (_label, specs) => {
    const r = check(specs);
    expect(r.success).toBe(false);
    expect(messages(r)).toContain(`at most ${MAX_PORTS_PER_REQUEST} ports`);
    expect(r.error?.issues[0].path).toEqual(['specs']);
  });

  it('accepts exactly the limit, and the most one-port specs a check takes', () => {
    expect(check([range(10_000, 4000), range(20_000, 96)]).success).toBe(true);
    expect(check(Array.from({ length: 1024 }, (_, i) => range(10_000 + i, 1))).success).toBe(true);
    expect(check([spec('41000-41999:41000-41999')]).success).toBe(true);
  });

  it('containers.create refuses the same, naming the limit', () => {
    const r = create([spec('1-65535:1-65535')]);
    expect(r.success).toBe(false);
    expect(messages(r)).toContain(`at most ${MAX_PORTS_PER_REQUEST} ports`);
    expect(create([spec('8000-8999:8000-8999')]).success).toBe(true);
  });

  it('a limit well above the bench, well below a whole port space', () => {
    expect(MAX_PORTS_PER_REQUEST).toBeGreaterThanOrEqual(1024);
    expect(MAX_PORTS_PER_REQUEST).toBeLessThan(65535);
  });
});

describe('a spec object has ranges an engine can publish', () => {
  it.each([
    ['a host range ending below its start', { ...range(9000, 1), hostPortEnd: 8000 }],
    ['a container range ending below its start', { ...range(9000, 1), containerPortStart: 90, containerPortEnd: 80 }],
    ['host and container ranges of different lengths', { ...range(9000, 10), containerPortEnd: 9004 }],
    ['one host port for a container range', { ...range(9000, 1), containerPortStart: 80, containerPortEnd: 81 }],
  ])('refuses %s', (_label, value) => {
    expect(PortSpecSchema.safeParse(value).success).toBe(false);
  });

  it.each(['8080:80', '8000-8010:80', '8000-8010:9000-9010', '80', '127.0.0.1::80', '[::1]:8080:80/udp'])('accepts what the parser makes of %s', (text) => {
    expect(PortSpecSchema.safeParse(spec(text)).success).toBe(true);
  });
});
