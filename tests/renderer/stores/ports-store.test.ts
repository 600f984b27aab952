import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PortCheck } from '../../../src/shared/contract';
import type { PortSpec } from '../../../src/shared/port-spec';
import { setTransport } from '../../../src/renderer/api/client';
import { CHECK_DEBOUNCE_MS, usePortsStore } from '../../../src/renderer/stores/ports';
import { FakeTransport } from '../support/fake-transport';
import { DOCKER } from '../support/fixtures';
import { deferred, processHolder } from '../support/ports';

const spec = (host: number, container = 80): PortSpec => ({
  hostIp: '',
  hostPortStart: host,
  hostPortEnd: host,
  containerPortStart: container,
  containerPortEnd: container,
  protocol: 'tcp',
});

let fake: FakeTransport;
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  fake = new FakeTransport();
  setTransport(fake);
  setActivePinia(createPinia());
});
afterEach(() => {
  setTransport(null);
  vi.useRealTimers();
});

describe('ports store', () => {
  it('debounces checks: only the last of quick calls is sent, the others resolve to null', async () => {
    fake.portHolders = [processHolder(8080)];
    const ports = usePortsStore();
    const first = ports.check([spec(8)]);
    const second = ports.check([spec(80)]);
    const last = ports.check([spec(8080)], { engineId: DOCKER, id: 'web' });
    expect(ports.pending).toBe(true);
    await vi.advanceTimersByTimeAsync(CHECK_DEBOUNCE_MS - 1);
    expect(fake.callsTo('ports.check')).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);

    expect(await first).toBeNull();
    expect(await second).toBeNull();
    const checks = await last;
    expect(checks?.[0].ok).toBe(false);
    expect(fake.callsTo('ports.check')).toEqual([{ specs: [spec(8080)], exclude: { engineId: DOCKER, id: 'web' } }]);
    expect(ports.resultFor(spec(8080))?.suggestion?.hostPortStart).toBe(8081);
    expect(ports.pending).toBe(false);
  });

  it('ignores an answer that arrives after a newer request was made', async () => {
    const answers: ReturnType<typeof deferred<{ checks: PortCheck[] }>>[] = [];
    fake.handle('ports.check', () => {
      const d = deferred<{ checks: PortCheck[] }>();
      answers.push(d);
      return d.promise;
    });
    const ports = usePortsStore();
    const stale = ports.check([spec(8080)]);
    await vi.advanceTimersByTimeAsync(CHECK_DEBOUNCE_MS);
    const fresh = ports.check([spec(9090)]);
    await vi.advanceTimersByTimeAsync(CHECK_DEBOUNCE_MS);
    expect(answers).toHaveLength(2);

    answers[1].resolve({ checks: [fake.checkSpec(spec(9090))] });
    expect((await fresh)?.[0].spec.hostPortStart).toBe(9090);
    fake.portHolders = [processHolder(8080)];
    answers[0].resolve({ checks: [fake.checkSpec(spec(8080))] });
    expect(await stale).toBeNull();

    expect(ports.resultFor(spec(8080))).toBeUndefined();
    expect(ports.resultFor(spec(9090))?.ok).toBe(true);
    expect(ports.pending).toBe(false);
  });

  it('an empty list clears the results without asking; a failure is kept as the error', async () => {
    const ports = usePortsStore();
    void ports.check([spec(8080)]);
    await vi.advanceTimersByTimeAsync(CHECK_DEBOUNCE_MS);
    expect(ports.resultFor(spec(8080))).toBeDefined();
    expect(await ports.check([])).toEqual([]);
    expect(ports.resultFor(spec(8080))).toBeUndefined();
    expect(fake.callsTo('ports.check')).toHaveLength(1);

    fake.fail('ports.check', { code: 'INTERNAL', message: 'lsof is missing' });
    const failed = ports.check([spec(8080)]);
    await vi.advanceTimersByTimeAsync(CHECK_DEBOUNCE_MS);
    expect(await failed).toBeNull();
    expect(ports.error?.message).toBe('lsof is missing');
    expect(ports.pending).toBe(false);
  });

  it('suggest, owner and export go straight to their channels', async () => {
    fake.portHolders = [processHolder(8000)];
    const ports = usePortsStore();
    expect(await ports.suggest({ containerPort: 80 })).toEqual({ ports: [8001], reason: 'development range' });
    expect((await ports.owner({ hostPort: 8000 })).holders).toHaveLength(1);
    expect(await ports.exportYaml()).toEqual(fake.exportResult);
    await ports.exportYaml(DOCKER);
    expect(fake.callsTo('ports.export')).toEqual([{}, { engineId: DOCKER }]);
  });
});
