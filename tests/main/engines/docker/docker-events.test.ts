import { describe, expect, it } from 'vitest';
import { JsonLineDecoder, toContainerEvent, type DockerEventMessage } from '../../../../src/main/engines/docker/docker-events';

const ID = '16fe5e546c5e76848091230c0085780ede01ae8fd55762d272e8f8681e5ff121';

/** A container event as Docker 20.10 (and Podman's compat API) sends it. */
function containerEvent(action: string, attributes: Record<string, string> = {}): DockerEventMessage {
  return {
    status: action,
    id: ID,
    Type: 'container',
    Action: action,
    Actor: { ID, Attributes: { image: 'localhost/ck-test:latest', name: 'ck-fixture-web', ...attributes } },
  };
}

describe('toContainerEvent: container events', () => {
  it.each(['create', 'start', 'die', 'stop', 'kill', 'restart', 'rename', 'pause', 'unpause', 'update'])('%s → upsert of that container', (action) => {
    const e = toContainerEvent(containerEvent(action));
    expect(e).toMatchObject({ id: ID, action: 'upsert', raw: action });
  });

  it.each(['destroy', 'remove'])('%s → remove', (action) => {
    expect(toContainerEvent(containerEvent(action))).toEqual({ id: ID, action: 'remove', raw: action });
  });

  it.each([
    'exec_create: sh',
    'exec_start: sh -c true',
    'exec_die',
    'health_status: healthy',
    'sync',
    'cleanup',
    'attach',
    'resize',
    'top',
    'init',
    'mount',
    'unmount',
    'commit',
    'export',
    'archive-path',
    'extract-to-dir',
    'copy',
  ])('%s → null (changes nothing shown)', (action) => {
    expect(toContainerEvent(containerEvent(action))).toBeNull();
  });

  it('die says exited with the exit code, from Docker or Podman attribute names', () => {
    expect(toContainerEvent(containerEvent('die', { exitCode: '137' }))?.statePatch).toEqual({ state: 'exited', exitCode: 137 });
    expect(toContainerEvent(containerEvent('died', { containerExitCode: '3' }))?.statePatch).toEqual({ state: 'exited', exitCode: 3 });
    expect(toContainerEvent(containerEvent('die'))?.statePatch).toEqual({ state: 'exited' });
    expect(toContainerEvent(containerEvent('die', { exitCode: 'x' }))?.statePatch).toEqual({ state: 'exited' });
  });

  it('start / unpause / pause carry the state they leave; stop does not guess', () => {
    expect(toContainerEvent(containerEvent('start'))?.statePatch).toEqual({ state: 'running' });
    expect(toContainerEvent(containerEvent('unpause'))?.statePatch).toEqual({ state: 'running' });
    expect(toContainerEvent(containerEvent('pause'))?.statePatch).toEqual({ state: 'paused' });
    expect(toContainerEvent(containerEvent('stop'))).not.toHaveProperty('statePatch');
    expect(toContainerEvent(containerEvent('create'))).not.toHaveProperty('statePatch');
  });

  it('reads the old format (status + id, no Type/Action)', () => {
    expect(toContainerEvent({ status: 'start', id: ID })).toMatchObject({ id: ID, action: 'upsert', raw: 'start' });
    expect(toContainerEvent({ status: 'destroy', id: ID })).toEqual({ id: ID, action: 'remove', raw: 'destroy' });
  });

  it('needs an id and an action', () => {
    expect(toContainerEvent({ Type: 'container', Action: 'start' })).toBeNull();
    expect(toContainerEvent({ Type: 'container', Actor: { ID } })).toBeNull();
    expect(toContainerEvent({})).toBeNull();
  });
});

describe('toContainerEvent: other event types', () => {
  const NET = 'c44953c5eb32bb840467f92a434cf2215c4115ea433069a6c59e088b407d81a9';
  const net = (action: string, attributes: Record<string, string>): DockerEventMessage => ({
    Type: 'network',
    Action: action,
    Actor: { ID: NET, Attributes: { name: 'ck-fixture-net', type: 'bridge', ...attributes } },
  });

  it.each(['connect', 'disconnect'])('network %s → upsert of the container named in Attributes', (action) => {
    expect(toContainerEvent(net(action, { container: ID }))).toEqual({ id: ID, action: 'upsert', raw: `network:${action}` });
  });

  it('network events without a container, or that are not connect/disconnect → null', () => {
    expect(toContainerEvent(net('connect', {}))).toBeNull();
    expect(toContainerEvent(net('create', {}))).toBeNull();
    expect(toContainerEvent(net('destroy', { container: ID }))).toBeNull();
  });

  it.each(['image', 'volume', 'daemon', 'plugin'])('%s events → null', (type) => {
    expect(toContainerEvent({ Type: type, Action: 'pull', id: 'x', Actor: { ID: 'sha256:abc' } })).toBeNull();
    expect(toContainerEvent({ Type: type, Action: 'destroy', Actor: { ID: ID } })).toBeNull();
  });
});

describe('JsonLineDecoder', () => {
  const line = (o: object) => `${JSON.stringify(o)}\n`;
  const collect = () => {
    const out: DockerEventMessage[] = [];
    const decoder = new JsonLineDecoder();
    return { out, push: (chunk: string) => decoder.push(chunk, (m) => out.push(m)) };
  };

  it('decodes several messages in one chunk, in order', () => {
    const d = collect();
    d.push(line({ id: 'a', status: 'start' }) + line({ id: 'b', status: 'die' }) + line({ id: 'c', status: 'destroy' }));
    expect(d.out.map((m) => m.id)).toEqual(['a', 'b', 'c']);
  });

  it('joins a message split across chunks, and emits it exactly once', () => {
    const d = collect();
    const text = line(containerEvent('start')) + line({ id: 'next', status: 'stop' });
    const cut = 25;
    d.push(text.slice(0, cut));
    expect(d.out).toEqual([]);
    d.push(text.slice(cut, text.length - 10));
    expect(d.out).toHaveLength(1);
    expect(d.out[0]).toEqual(containerEvent('start'));
    d.push(text.slice(text.length - 10));
    expect(d.out.map((m) => m.id)).toEqual([ID, 'next']);
  });

  it('survives a byte-by-byte stream', () => {
    const d = collect();
    const text = line({ id: 'a', Actor: { ID: 'a', Attributes: { x: '}' } } }) + line({ id: 'b' });
    for (const ch of text) d.push(ch);
    expect(d.out.map((m) => m.id)).toEqual(['a', 'b']);
  });

  it('skips a malformed line without stopping the ones after it', () => {
    const d = collect();
    d.push(line({ id: 'a' }) + '{"id": "broken",\n' + 'not json at all\n' + line({ id: 'b' }));
    d.push('\n\n' + line({ id: 'c' }));
    expect(d.out.map((m) => m.id)).toEqual(['a', 'b', 'c']);
  });

  it('accepts a complete last message without a trailing newline, once', () => {
    const d = collect();
    d.push('{"id":"a"}');
    expect(d.out.map((m) => m.id)).toEqual(['a']);
    d.push('\n' + line({ id: 'b' }));
    expect(d.out.map((m) => m.id)).toEqual(['a', 'b']);
  });
});
