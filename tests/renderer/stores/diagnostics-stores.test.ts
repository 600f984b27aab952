// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DiagnosticsReport, TroubleshootReport } from '../../../src/shared/contract';
import { setTransport } from '../../../src/renderer/api/client';
import { SAMPLE_LIMIT } from '../../../src/renderer/lib/network-activity';
import { useDiagnosticsStore } from '../../../src/renderer/stores/diagnostics';
import { useFirewallStore } from '../../../src/renderer/stores/firewall';
import { RENEW_MS, useMonitorStore } from '../../../src/renderer/stores/monitor';
import { useTroubleshootStore } from '../../../src/renderer/stores/troubleshoot';
import { checkResult, sample } from '../support/fake-diagnostics';
import { FakeTransport } from '../support/fake-transport';
import { DOCKER, container } from '../support/fixtures';
import { deferred } from '../support/ports';

let fake: FakeTransport;
beforeEach(() => {
  fake = new FakeTransport();
  fake.containers = [container({ id: 'a1', name: 'web' }), container({ id: 'b2', name: 'api' })];
  setTransport(fake);
  setActivePinia(createPinia());
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const web = { engineId: DOCKER, id: 'a1' };
/** Positions as the main process numbers its checkers; a check it adds later comes after them. */
const ORDER = [
  'container-running',
  'listener-for-each-port',
  'listener-not-loopback-only',
  'host-port-answers',
  'host-port-held-by-mapping',
  'peer-connectivity',
  'dns-resolver',
];
const position = (id: string) => (ORDER.includes(id) ? ORDER.indexOf(id) : 99);
const progress = (runId: string, result: ReturnType<typeof checkResult>) => ({
  runId,
  engineId: DOCKER,
  containerId: 'a1',
  position: position(result.id),
  result,
});

describe('diagnostics store', () => {
  it('streams the results of its own run in checker order, then the final report replaces them', async () => {
    const answer = deferred<DiagnosticsReport>();
    let runId = '';
    fake.handle('diagnostics.run', (r) => {
      runId = r.runId!;
      return answer.promise;
    });
    const store = useDiagnosticsStore();
    const done = store.run(web, { outsideTarget: '192.0.2.10:443', dnsName: '' });
    await Promise.resolve();

    expect(runId).toMatch(/^[0-9a-f]{32}$/);
    expect(fake.callsTo('diagnostics.run')).toEqual([{ ...web, runId, outsideTarget: '192.0.2.10:443' }]);
    expect(store.runFor(web)?.pending).toBe(true);

    // Finished out of order, plus one of another run that must not land here.
    fake.push('diagnostics.progress', progress(runId, checkResult('dns-resolver', 'warn')));
    fake.push('diagnostics.progress', progress('someoneelsesrun1', checkResult('peer-connectivity', 'fail')));
    fake.push('diagnostics.progress', progress(runId, checkResult('container-running', 'pass')));
    fake.push('diagnostics.progress', progress(runId, checkResult('a-new-check', 'pass')));
    fake.push('diagnostics.progress', progress(runId, checkResult('listener-for-each-port', 'fail')));
    expect(store.runFor(web)?.results.map((r) => [r.id, r.status])).toEqual([
      ['container-running', 'pass'],
      ['listener-for-each-port', 'fail'],
      ['dns-resolver', 'warn'],
      ['a-new-check', 'pass'],
    ]);

    const final = [checkResult('container-running', 'pass'), checkResult('listener-for-each-port', 'pass', { summary: 'final word' })];
    answer.resolve({
      runId,
      engineId: DOCKER,
      containerId: 'a1',
      containerName: 'web',
      results: final,
      facts: null,
      startedAt: '2024-05-01T10:00:00Z',
      durationMs: 7,
    });
    const report = await done;
    const run = store.runFor(web)!;
    expect(run.pending).toBe(false);
    expect(run.report).toEqual(report);
    expect(run.results.map((r) => r.summary)).toEqual(['container-running is pass', 'final word']);
    expect(store.lastReportFor(web)?.durationMs).toBe(7);

    // Late progress of the finished run changes nothing.
    fake.push('diagnostics.progress', progress(runId, checkResult('outside-connectivity', 'fail')));
    expect(store.runFor(web)!.results).toHaveLength(2);
  });

  it('a newer run of the same container supersedes the older one; a failure is kept with its message', async () => {
    const first = deferred<DiagnosticsReport>();
    const ids: string[] = [];
    fake.handle('diagnostics.run', (r) => {
      ids.push(r.runId!);
      return ids.length === 1 ? first.promise : new Promise(() => {});
    });
    const store = useDiagnosticsStore();
    void store.run(web);
    void store.run(web);
    await Promise.resolve();
    expect(ids[0]).not.toBe(ids[1]);
    fake.push('diagnostics.progress', progress(ids[0], checkResult('container-running', 'fail')));
    expect(store.runFor(web)!.runId).toBe(ids[1]);
    expect(store.runFor(web)!.results).toEqual([]);

    fake.fail('diagnostics.run', { code: 'NOT_FOUND', message: 'No container a1' });
    await store.run(web);
    expect(store.runFor(web)!.error?.message).toBe('No container a1');
  });

  it('reads facts per container', async () => {
    const store = useDiagnosticsStore();
    await store.loadFacts(web);
    expect(store.factsFor(web).data?.gateway).toBe('172.17.0.1');
    expect(store.factsFor({ engineId: DOCKER, id: 'b2' }).data).toBeNull();
  });
});

describe('troubleshoot store', () => {
  it('shows steps as they stream and keeps the last report', async () => {
    const answer = deferred<TroubleshootReport>();
    let runId = '';
    fake.handle('troubleshoot.run', (r) => {
      runId = r.runId!;
      return answer.promise;
    });
    const store = useTroubleshootStore();
    const done = store.run({ scenario: 'dns-broken', engineId: DOCKER, id: 'a1', protocol: 'tcp' });
    await Promise.resolve();
    fake.push('diagnostics.progress', progress(runId, checkResult('resolv-conf', 'pass')));
    fake.push('diagnostics.progress', progress('other-run-123', checkResult('zzz', 'fail')));
    fake.push('diagnostics.progress', progress(runId, checkResult('lookup', 'fail')));
    expect(store.current?.steps.map((s) => s.id)).toEqual(['resolv-conf', 'lookup']);
    answer.resolve({
      runId,
      scenario: 'dns-broken',
      title: "DNS doesn't work in my container",
      subject: 'web',
      verdict: 'cause-found',
      steps: [checkResult('resolv-conf', 'pass'), checkResult('lookup', 'fail')],
      cause: { stepId: 'lookup', summary: 'lookup failed', fixes: ['docker network connect backend web'] },
      markdown: '# report',
      startedAt: '2024-05-01T10:00:00Z',
      durationMs: 3,
    });
    await done;
    expect(store.current?.pending).toBe(false);
    expect(store.lastReport?.cause?.stepId).toBe('lookup');
  });

  it('copies the Markdown with the Clipboard API, falls back to execCommand, and says so', async () => {
    vi.useFakeTimers();
    const writeText = vi.fn(async () => {});
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    const store = useTroubleshootStore();
    await store.run({ scenario: 'port-in-use', hostPort: 8080, protocol: 'tcp' });
    expect(await store.copyMarkdown()).toBe(true);
    expect(writeText).toHaveBeenCalledWith(store.current!.report!.markdown);
    expect(store.copyState).toBe('copied');
    vi.advanceTimersByTime(3000);
    expect(store.copyState).toBe('idle');

    vi.stubGlobal('navigator', { ...navigator, clipboard: undefined });
    const exec = vi.fn(() => true);
    document.execCommand = exec;
    expect(await store.copyMarkdown()).toBe(true);
    expect(exec).toHaveBeenCalledWith('copy');
    expect(document.querySelector('textarea')).toBeNull();
  });
});

describe('firewall store', () => {
  it('refreshes, and keeps the last status next to an error', async () => {
    const store = useFirewallStore();
    await store.ensure();
    await store.ensure();
    expect(fake.callsTo('firewall.status')).toHaveLength(1);
    expect(store.status.data?.platformName).toBe('Linux');
    fake.fail('firewall.status', { code: 'UNSUPPORTED', message: 'no firewall tool' });
    const pending = store.refresh();
    expect(store.status.pending).toBe(true);
    await pending;
    expect(store.status).toMatchObject({ pending: false, error: { message: 'no firewall tool' } });
    expect(store.status.data?.platformName).toBe('Linux');
  });
});

describe('monitor store', () => {
  it('renews the lease every few seconds while watched and releases it on unwatch', async () => {
    vi.useFakeTimers();
    const store = useMonitorStore();
    await store.watch(web);
    expect(fake.callsTo('monitor.watch')).toEqual([web]);
    await vi.advanceTimersByTimeAsync(RENEW_MS);
    await vi.advanceTimersByTimeAsync(RENEW_MS);
    expect(fake.callsTo('monitor.watch')).toHaveLength(3);

    // A second watcher shares the lease; only the last one to leave releases it.
    await store.watch(web);
    expect(fake.callsTo('monitor.watch')).toHaveLength(3);
    await store.unwatch(web);
    expect(fake.callsTo('monitor.unwatch')).toEqual([]);
    await store.unwatch(web);
    expect(fake.callsTo('monitor.unwatch')).toEqual([web]);
    await vi.advanceTimersByTimeAsync(RENEW_MS * 3);
    expect(fake.callsTo('monitor.watch')).toHaveLength(3);
  });

  it('renews before a short lease expires, and keeps trying after a failed renewal', async () => {
    vi.useFakeTimers();
    fake.leaseMs = 2000;
    const store = useMonitorStore();
    await store.watch(web);
    await vi.advanceTimersByTimeAsync(1000);
    expect(fake.callsTo('monitor.watch')).toHaveLength(2);
    fake.fail('monitor.watch', { code: 'ENGINE_UNAVAILABLE', message: 'engine gone' });
    await vi.advanceTimersByTimeAsync(1000);
    expect(store.errors['unix:///var/run/docker.sock#a1']?.message).toBe('engine gone');
    await vi.advanceTimersByTimeAsync(RENEW_MS);
    expect(fake.callsTo('monitor.watch')).toHaveLength(4);
    await store.unwatch(web);
  });

  it('keeps the last 60 samples of watched containers only', async () => {
    const store = useMonitorStore();
    await store.watch(web);
    for (let n = 0; n < SAMPLE_LIMIT + 5; n++) fake.push('monitor.sample', sample('a1', n));
    fake.push('monitor.sample', sample('b2', 1));
    const list = store.samplesFor(web);
    expect(list).toHaveLength(SAMPLE_LIMIT);
    expect(list[0].rxBytes).toBe(sample('a1', 5).rxBytes);
    expect(list.at(-1)!.rxBytes).toBe(sample('a1', SAMPLE_LIMIT + 4).rxBytes);
    expect(store.samplesFor({ engineId: DOCKER, id: 'b2' })).toEqual([]);
    // A sample naming the full id of a container watched by its short id still lands.
    fake.push('monitor.sample', sample('a1ffffffffff', 99));
    expect(store.samplesFor(web).at(-1)!.rxBytes).toBe(sample('a1', 99).rxBytes);
    await store.unwatch(web);
  });
});
