import { describe, expect, it } from 'vitest';
import { CHANNEL_NAMES, ContainerRefSchema, EVENT_NAMES, EnvelopeSchema, channels, events, fail, ok } from '../../src/shared/contract';
import { AppError, ERROR_CODES, isAppError } from '../../src/shared/errors';

describe('names', () => {
  it('CHANNEL_NAMES lists exactly the channels, once each', () => {
    expect([...CHANNEL_NAMES].sort()).toEqual(Object.keys(channels).sort());
    expect(new Set(CHANNEL_NAMES).size).toBe(CHANNEL_NAMES.length);
  });

  it('EVENT_NAMES lists exactly the events, once each', () => {
    expect([...EVENT_NAMES].sort()).toEqual(Object.keys(events).sort());
    expect(new Set(EVENT_NAMES).size).toBe(EVENT_NAMES.length);
  });

  it('every channel has a request and a result schema', () => {
    for (const name of CHANNEL_NAMES) {
      expect(typeof channels[name].request.safeParse).toBe('function');
      expect(typeof channels[name].result.safeParse).toBe('function');
    }
  });
});

describe('ContainerRefSchema', () => {
  const ENGINE = 'unix:///var/run/docker.sock';
  const accepts = (id: unknown) => ContainerRefSchema.safeParse({ engineId: ENGINE, id }).success;

  it.each([
    'web',
    'my_app-1.2',
    'ck-fixture-web',
    'Web.Server_2',
    '16fe5e546c5e',
    '16fe5e546c5e76848091230c0085780ede01ae8fd55762d272e8f8681e5ff121',
    'a'.repeat(256),
    'ünïcode',
  ])('accepts %s', (id) => {
    expect(accepts(id)).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['a path', '../../etc/passwd'],
    ['a slash', 'a/b'],
    ['a leading slash (Docker inspect Name)', '/web'],
    ['a backslash', 'a\\b'],
    ['a space', 'my web'],
    ['a newline', 'web\nrm'],
    ['a tab', 'web\t'],
    ['NUL', 'web\0'],
    ['a query', 'web?all=1'],
    ['a fragment', 'web#x'],
    ['percent-encoding', 'web%2F..'],
    ['a flag', '--rm'],
    ['a short flag', '-f'],
    ['257 characters', 'a'.repeat(257)],
  ])('rejects %s', (_label, id) => {
    expect(accepts(id)).toBe(false);
  });

  it.each([42, null, undefined, ['web'], { id: 'web' }, true])('rejects a non-string id %j', (id) => {
    expect(accepts(id)).toBe(false);
  });

  it('needs an engine id of 1..1024 characters', () => {
    expect(ContainerRefSchema.safeParse({ id: 'web' }).success).toBe(false);
    expect(ContainerRefSchema.safeParse({ engineId: '', id: 'web' }).success).toBe(false);
    expect(ContainerRefSchema.safeParse({ engineId: 'x'.repeat(1025), id: 'web' }).success).toBe(false);
    expect(ContainerRefSchema.safeParse({ engineId: 'x'.repeat(1024), id: 'web' }).success).toBe(true);
  });

  it('says why in words', () => {
    const r = ContainerRefSchema.safeParse({ engineId: ENGINE, id: 'a/b' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].message).toMatch(/slash/);
    const dash = ContainerRefSchema.safeParse({ engineId: ENGINE, id: '-x' });
    expect(dash.error?.issues[0].message).toMatch(/"-"/);
  });
});

describe('envelopes', () => {
  it('ok() wraps data', () => {
    expect(ok([1, 2])).toEqual({ ok: true, data: [1, 2] });
    expect(ok(null)).toEqual({ ok: true, data: null });
  });

  it('fail() wraps an error shape', () => {
    expect(fail({ code: 'NOT_FOUND', message: 'gone' })).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'gone' } });
    expect(fail(new AppError('CONFLICT', 'busy', { id: 'web' }).toJSON())).toEqual({
      ok: false,
      error: { code: 'CONFLICT', message: 'busy', details: { id: 'web' } },
    });
  });

  it('EnvelopeSchema accepts what ok()/fail() make and refuses the rest', () => {
    expect(EnvelopeSchema.safeParse(ok({ a: 1 })).success).toBe(true);
    for (const code of ERROR_CODES) expect(EnvelopeSchema.safeParse(fail({ code, message: 'm' })).success).toBe(true);
    expect(EnvelopeSchema.safeParse({ ok: false, error: { code: 'TEAPOT', message: 'm' } }).success).toBe(false);
    expect(EnvelopeSchema.safeParse({ ok: false, error: { code: 'INTERNAL' } }).success).toBe(false);
    expect(EnvelopeSchema.safeParse({ ok: 'yes', data: 1 }).success).toBe(false);
    expect(EnvelopeSchema.safeParse({ data: 1 }).success).toBe(false);
    expect(EnvelopeSchema.safeParse(null).success).toBe(false);
  });
});

describe('AppError', () => {
  it('keeps code and details, and serializes without undefined details', () => {
    const e = new AppError('ENGINE_UNAVAILABLE', 'down');
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('AppError');
    expect(isAppError(e)).toBe(true);
    expect(isAppError(new Error('x'))).toBe(false);
    expect(isAppError({ code: 'NOT_FOUND', message: 'fake' })).toBe(false);
    expect(e.toJSON()).toEqual({ code: 'ENGINE_UNAVAILABLE', message: 'down' });
    expect(Object.keys(e.toJSON())).toEqual(['code', 'message']);
    expect(JSON.parse(JSON.stringify(new AppError('NOT_FOUND', 'x', { id: 1 })))).toEqual({ code: 'NOT_FOUND', message: 'x', details: { id: 1 } });
  });
});
