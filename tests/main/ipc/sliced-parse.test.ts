import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { channels, type Container } from '../../../src/shared/contract';
import { safeParseSliced } from '../../../src/main/ipc/sliced-parse';

const container = (i: number): Container & { extra?: string } => ({
  engineId: 'unix:///var/run/docker.sock',
  id: i.toString(16).padStart(64, '0'),
  name: `web-${i}`,
  image: 'nginx',
  state: 'running',
  status: 'Up',
  createdAt: null,
  startedAt: null,
  ports: [{ hostIp: '127.0.0.1', hostPort: 8000 + (i % 1000), containerPort: 80, protocol: 'tcp' }],
  networks: [],
  networkMode: 'bridge',
  labels: { i: String(i) },
  extra: 'stripped, as zod strips it',
});

describe('safeParseSliced gives what safeParse gives', () => {
  const schemas: Array<[string, z.ZodType, unknown]> = [
    ['a list of containers', channels['containers.list'].result, Array.from({ length: 600 }, (_, i) => container(i))],
    [
      'an object holding a list',
      z.object({ items: z.array(z.object({ a: z.number() })), total: z.number() }),
      { items: [{ a: 1, b: 2 }], total: 1, junk: true },
    ],
    ['optional and default fields', z.object({ list: z.array(z.string()).default([]), note: z.string().optional(), n: z.number().default(3) }), {}],
    ['a strict object', z.object({ a: z.array(z.number()) }).strict(), { a: [1] }],
    ['a refined object', z.object({ a: z.array(z.number()) }).refine((o) => o.a.length > 0), { a: [1, 2] }],
    ['an array with a length check', z.array(z.number()).max(2), [1, 2]],
    ['a scalar', z.string(), 'x'],
  ];

  it.each(schemas)('%s', async (_label, schema, value) => {
    const whole = schema.safeParse(value);
    const sliced = await safeParseSliced(schema, value);
    expect(sliced.success).toBe(true);
    expect(sliced.data).toEqual(whole.data);
  });

  it.each([
    [
      'a bad item deep in a list',
      channels['containers.list'].result,
      [...Array.from({ length: 300 }, (_, i) => container(i)), { ...container(300), state: 'sleeping' }],
    ],
    ['a bad field next to a list', z.object({ items: z.array(z.number()), total: z.number() }), { items: [1], total: 'one' }],
    ['a strict object with an unknown key', z.object({ a: z.array(z.number()) }).strict(), { a: [1], b: 2 }],
    ['a list that is not one', z.array(z.number()), 'nope'],
  ])('fails with zod’s own error for %s', async (_label, schema, value) => {
    const sliced = await safeParseSliced(schema as z.ZodType, value);
    expect(sliced.success).toBe(false);
    expect(sliced.error?.issues).toEqual((schema as z.ZodType).safeParse(value).error?.issues);
  });

  it('hands the event loop back while it checks a long list', async () => {
    let turned = false;
    setImmediate(() => (turned = true));
    const list = Array.from({ length: 2000 }, (_, i) => container(i));
    const result = await safeParseSliced(channels['containers.list'].result, list);
    expect(result.success).toBe(true);
    expect(turned).toBe(true);
  });
});
