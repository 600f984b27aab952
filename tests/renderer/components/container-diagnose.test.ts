// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import type { DiagnosticsReport } from '../../../src/shared/contract';
import ContainersView from '../../../src/renderer/views/ContainersView.vue';
import { checkResult, facts } from '../support/fake-diagnostics';
import { FakeTransport } from '../support/fake-transport';
import { DOCKER, container, engine } from '../support/fixtures';
import { mountWith } from '../support/mount';
import { deferred, untilRoute } from '../support/ports';

let unmount: (() => void) | null = null;
afterEach(() => {
  unmount?.();
  unmount = null;
});

function fakeHost(): FakeTransport {
  const fake = new FakeTransport();
  fake.engines = [engine()];
  fake.containers = [
    container({ id: 'a1', name: 'web' }),
    container({ id: 'b2', name: 'api' }),
    container({ id: 'c3', name: 'old', state: 'exited', status: 'Exited (0)' }),
  ];
  return fake;
}

async function openDiagnose(name: string, fake = fakeHost()) {
  const mounted = await mountWith(ContainersView, fake);
  unmount = () => mounted.wrapper.unmount();
  await mounted.wrapper.find(`[data-testid="container-row"][data-name="${name}"]`).trigger('click');
  await flushPromises();
  const section = mounted.wrapper.find('[role="region"][aria-label="Diagnose"]');
  return { ...mounted, section };
}

describe('container detail: Diagnose', () => {
  it('shows the network facts and where they were read from', async () => {
    const fake = fakeHost();
    fake.handle('diagnostics.facts', (r) =>
      facts(
        { engineId: r.engineId, id: r.id, name: 'web' },
        {
          listeners: [
            { protocol: 'tcp', address: '127.0.0.1', port: 3000 },
            { protocol: 'tcp', address: '::', port: 80 },
          ],
          sources: { interfaces: '/proc', routes: '/proc', listeners: '/proc', dns: '/etc/resolv.conf' },
        },
      ),
    );
    const { section, router } = await openDiagnose('web', fake);
    expect(section.exists()).toBe(true);
    expect(fake.callsTo('diagnostics.facts')).toEqual([{ engineId: DOCKER, id: 'a1' }]);
    expect(section.find('h3').text()).toBe('Diagnose');
    expect(section.find('[data-testid="fact-addresses"]').text()).toBe('172.17.0.2/16');
    expect(section.find('[data-testid="fact-gateway"]').text()).toBe('172.17.0.1');
    expect(section.find('[data-testid="fact-listeners"]').text()).toContain('127.0.0.1:3000/tcp');
    expect(section.find('[data-testid="fact-listeners"]').text()).toContain('[::]:80/tcp');
    expect(section.find('[data-testid="fact-routes"]').text()).toContain('default via 172.17.0.1 dev eth0');
    expect(section.find('[data-testid="fact-sources"]').text()).toContain('read from /proc: this image has no ip');
    expect(section.find('[data-testid="fact-sources"]').text()).toContain('read from /proc: this image has no netstat');
    await section.find('[data-testid="troubleshoot-link"]').trigger('click');
    await untilRoute(router, '/troubleshoot');
    expect(router.currentRoute.value.query).toEqual({ engineId: DOCKER, id: 'a1' });
  });

  it('does not read facts of a stopped container, but still runs its checks', async () => {
    const { section, fake } = await openDiagnose('old');
    expect(fake.callsTo('diagnostics.facts')).toEqual([]);
    expect(section.find('[data-testid="network-facts"]').text()).toContain('Start the container');
    expect(section.find('[data-testid="run-checks"]').attributes('disabled')).toBeUndefined();
  });

  it('renders results as they stream in, before the run returns, then the final report with its fixes', async () => {
    const fake = fakeHost();
    const answer = deferred<DiagnosticsReport>();
    let runId = '';
    fake.handle('diagnostics.run', (r) => {
      runId = r.runId!;
      return answer.promise;
    });
    const { section, wrapper } = await openDiagnose('web', fake);
    const button = section.find('button[data-testid="run-checks"]');
    expect(button.text()).toBe('Run checks');
    await section.find('form').trigger('submit');
    await flushPromises();
    expect(section.find('[data-testid="run-checks"]').text()).toBe('Running checks…');

    const ORDER = ['container-running', 'listener-for-each-port', 'dns-resolver'];
    const push = (r: ReturnType<typeof checkResult>) =>
      fake.push('diagnostics.progress', { runId, engineId: DOCKER, containerId: 'a1', position: ORDER.indexOf(r.id), result: r });
    push(checkResult('dns-resolver', 'fail', { timedOut: true, summary: 'nslookup timed out after 5 s' }));
    push(checkResult('container-running', 'pass'));
    await flushPromises();
    let items = section.findAll('[data-testid="check-result"]');
    expect(items.map((i) => [i.attributes('data-check-id'), i.attributes('data-status')])).toEqual([
      ['container-running', 'pass'],
      ['dns-resolver', 'fail'],
    ]);
    expect(items[1].attributes('data-timed-out')).toBe('true');
    expect(items[1].find('[data-testid="check-status"]').text()).toBe('Timed out');
    expect(section.find('[role="status"]').text()).toContain('2 done');

    answer.resolve({
      runId,
      engineId: DOCKER,
      containerId: 'a1',
      containerName: 'web',
      results: [
        checkResult('container-running', 'pass'),
        checkResult('listener-not-loopback-only', 'fail', {
          title: 'Listens beyond loopback',
          summary: 'The app listens on 127.0.0.1:3000 only',
          fixes: ['docker run -e HOST=0.0.0.0 …'],
        }),
        checkResult('outside-connectivity', 'skipped', {
          summary: 'No outside target set',
          fixes: ['Set an outside target, e.g. `192.0.2.10:443`, to test it.'],
        }),
      ],
      facts: null,
      startedAt: '2024-05-01T10:00:00Z',
      durationMs: 1234,
    });
    await flushPromises();
    items = section.findAll('[data-testid="check-result"]');
    expect(items.map((i) => i.attributes('data-status'))).toEqual(['pass', 'fail', 'skipped']);
    expect(items[1].text()).toContain('Listens beyond loopback');
    expect(items[1].find('[data-testid="check-fixes"] code').text()).toBe('docker run -e HOST=0.0.0.0 …');
    expect(items[1].find('[data-testid="check-evidence"]').text()).toContain('evidence of listener-not-loopback-only');
    // A sentence is shown as text with its inline code, not as a command to copy.
    expect(items[2].find('[data-testid="fix-text"]').text()).toBe('Set an outside target, e.g. 192.0.2.10:443, to test it.');
    expect(items[2].find('[data-testid="fix-text"] code').text()).toBe('192.0.2.10:443');
    expect(items[2].find('button[aria-label="Copy fix"]').exists()).toBe(false);
    expect(section.find('[data-testid="diagnose-summary"]').text()).toContain('1 failed · 1 passed · 1 skipped — took 1.2 s');
    expect(section.find('[role="status"]').exists()).toBe(false);
    wrapper.unmount();
    unmount = null;
  });

  it('sends only the inputs set, and refuses an outside target that is not host:port', async () => {
    const { section, fake } = await openDiagnose('web');
    await section.find('button[aria-controls="diagnose-options"]').trigger('click');
    expect(section.find('#diagnose-outside-hint').text()).toContain('Nothing outside your machine is contacted unless you set this');
    await section.find('[data-testid="diagnose-outside-target"]').setValue('example.com');
    expect(section.find('[data-testid="run-checks"]').attributes('disabled')).toBeDefined();
    await section.find('[data-testid="diagnose-outside-target"]').setValue('192.0.2.10:443');
    await section.find('[data-testid="diagnose-peers"]').setValue('api, db');
    await section.find('form').trigger('submit');
    await flushPromises();
    const [request] = fake.callsTo('diagnostics.run') as Record<string, unknown>[];
    expect(request).toMatchObject({ engineId: DOCKER, id: 'a1', peers: ['api', 'db'], outsideTarget: '192.0.2.10:443' });
    expect(request).not.toHaveProperty('dnsName');
    expect(section.findAll('[data-testid="check-result"]').map((i) => i.attributes('data-status'))).toEqual(['pass', 'pass']);
  });
});
