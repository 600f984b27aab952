// @vitest-environment happy-dom
import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import TroubleshootView from '../../../src/renderer/views/TroubleshootView.vue';
import { SCENARIOS } from '../../../src/renderer/lib/troubleshoot-scenarios';
import { checkResult } from '../support/fake-diagnostics';
import { FakeTransport } from '../support/fake-transport';
import { DOCKER, PODMAN, container, engine, port } from '../support/fixtures';
import { mountWith } from '../support/mount';

let wrapper: VueWrapper | null = null;
afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
  vi.unstubAllGlobals();
});

function fakeHost(): FakeTransport {
  const fake = new FakeTransport();
  fake.engines = [engine(), engine({ id: PODMAN, kind: 'podman', name: 'Podman 5', endpoint: PODMAN })];
  fake.containers = [
    container({ id: 'a1', name: 'web', ports: [port(8080, 80)] }),
    container({ id: 'b2', name: 'api' }),
    container({ id: 'p1', name: 'elsewhere', engineId: PODMAN }),
  ];
  return fake;
}

async function open(path = '/troubleshoot', fake = fakeHost()) {
  const mounted = await mountWith(TroubleshootView, fake, path);
  wrapper = mounted.wrapper;
  return mounted;
}

const runButton = (w: VueWrapper) => w.find('button[data-testid="ts-run"]');

describe('Troubleshoot view', () => {
  it('offers the five situations in user words; each asks for the inputs it needs', async () => {
    const { wrapper } = await open();
    const cards = wrapper.findAll('[data-testid="scenario-card"]');
    expect(cards.map((c) => c.find('strong').text())).toEqual([
      "I can't reach the web service in my container",
      'Port already in use',
      'My container has no internet',
      "My containers can't reach each other",
      "DNS doesn't work in my container",
    ]);
    expect(cards).toHaveLength(SCENARIOS.length);
    expect(wrapper.find('form').exists()).toBe(false);

    await wrapper.find('[data-scenario="port-in-use"]').trigger('click');
    expect(wrapper.find('[data-scenario="port-in-use"]').attributes('aria-pressed')).toBe('true');
    expect(wrapper.find('[data-testid="ts-host-port"]').exists()).toBe(true);
    expect(wrapper.find('[data-testid="ts-peer"]').exists()).toBe(false);
    expect(runButton(wrapper).attributes('disabled')).toBeDefined();
    expect(wrapper.find('[data-testid="ts-missing"]').text()).toContain('Enter the host port');
    await wrapper.find('[data-testid="ts-host-port"]').setValue('99999');
    expect(wrapper.find('[data-testid="ts-missing"]').text()).toContain('1 to 65535');
    await wrapper.find('[data-testid="ts-host-port"]').setValue('8080');
    expect(runButton(wrapper).attributes('disabled')).toBeUndefined();

    await wrapper.find('[data-scenario="no-internet"]').trigger('click');
    expect(wrapper.find('[data-testid="ts-missing"]').text()).toContain('Choose the container.');
    expect(wrapper.find('#ts-target-hint').text()).toContain('The only thing outside your machine that is contacted');
    await wrapper.find('[data-testid="ts-container"]').setValue(`${DOCKER}#a1`);
    await wrapper.find('[data-testid="ts-outside-target"]').setValue('not a target');
    expect(runButton(wrapper).attributes('disabled')).toBeDefined();
    await wrapper.find('[data-testid="ts-outside-target"]').setValue('192.0.2.10:443');
    expect(runButton(wrapper).attributes('disabled')).toBeUndefined();
  });

  it('preselects from the query and needs the other container for "can\'t reach each other"', async () => {
    const { wrapper, fake } = await open('/troubleshoot?engineId=' + encodeURIComponent(DOCKER) + '&id=web&scenario=containers-cant-talk');
    expect(wrapper.find('[data-scenario="containers-cant-talk"]').attributes('aria-pressed')).toBe('true');
    expect((wrapper.find('[data-testid="ts-container"]').element as HTMLSelectElement).value).toBe(`${DOCKER}#a1`);
    expect(wrapper.find('[data-testid="ts-missing"]').text()).toBe('Choose the other container.');
    // Peers come from the same engine, never the container itself.
    const peers = wrapper.findAll('[data-testid="ts-peer"] option').map((o) => o.text());
    expect(peers).toEqual(['Choose the container it should reach…', 'api (running)']);
    await wrapper.find('[data-testid="ts-peer"]').setValue(`${DOCKER}#b2`);
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    const [request] = fake.callsTo('troubleshoot.run') as Record<string, unknown>[];
    expect(request).toMatchObject({ scenario: 'containers-cant-talk', engineId: DOCKER, id: 'a1', peers: ['b2'] });
    expect(request.runId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('streams the steps, then shows the verdict, the cause with copyable fixes, and copies the Markdown', async () => {
    const fake = fakeHost();
    fake.troubleshootSteps = [
      checkResult('container-running', 'pass'),
      checkResult('host-port-answers', 'fail', { summary: 'Nothing answers on 127.0.0.1:8080', fixes: ['docker restart web'] }),
    ];
    // Stream the steps first, answer only when the test says so.
    const release = fake.hold('troubleshoot.run');
    const writeText = vi.fn(async () => {});
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });

    const { wrapper } = await open(`/troubleshoot?engineId=${encodeURIComponent(DOCKER)}&id=a1&scenario=web-unreachable`, fake);
    expect(wrapper.findAll('[data-testid="ts-host-port"] option').map((o) => o.text())).toEqual(['All published ports', '8080']);
    await wrapper.find('form').trigger('submit');
    await flushPromises();

    const report = wrapper.find('[role="region"][aria-label="Troubleshoot report"]');
    expect(report.find('h2').text()).toBe("I can't reach the web service in my container");
    expect(report.findAll('[data-testid="check-result"]').map((s) => s.attributes('data-status'))).toEqual(['pass', 'fail']);
    expect(report.find('[role="region"][aria-label="Cause"]').exists()).toBe(false);
    expect(runButton(wrapper).text()).toBe('Running…');

    release();
    await flushPromises();
    expect(report.find('[data-testid="ts-verdict"]').text()).toBe('Cause found');
    const cause = report.find('[role="region"][aria-label="Cause"]');
    expect(cause.find('.cause-summary').text()).toBe('Nothing answers on 127.0.0.1:8080');
    expect(cause.find('code').text()).toBe('docker restart web');
    expect(report.find('[data-check-id="host-port-answers"]').classes()).toContain('highlight');

    await cause.find('button[aria-label="Copy fix"]').trigger('click');
    await flushPromises();
    expect(writeText).toHaveBeenLastCalledWith('docker restart web');

    const copy = report.find('button[data-testid="ts-copy-markdown"]');
    expect(copy.text()).toBe('Copy as Markdown');
    await copy.trigger('click');
    await flushPromises();
    expect(writeText).toHaveBeenLastCalledWith(expect.stringContaining("# I can't reach the web service in my container"));
    expect(report.find('[data-testid="ts-copy-status"]').text()).toBe('Copied to the clipboard.');
  });

  it('says so when every step passed, and shows a failure to run', async () => {
    const fake = fakeHost();
    fake.troubleshootSteps = [checkResult('resolv-conf', 'pass'), checkResult('lookup', 'pass')];
    const { wrapper } = await open(`/troubleshoot?engineId=${encodeURIComponent(DOCKER)}&id=a1&scenario=dns-broken`, fake);
    await wrapper.find('[data-testid="ts-dns-name"]').setValue('api');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(fake.callsTo('troubleshoot.run')[0]).toMatchObject({ dnsName: 'api' });
    expect(wrapper.find('[data-testid="ts-report"]').attributes('data-verdict')).toBe('no-problem');
    expect(wrapper.find('[data-testid="ts-no-problem"]').exists()).toBe(true);

    fake.fail('troubleshoot.run', { code: 'ENGINE_UNAVAILABLE', message: 'Docker is not running' });
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(wrapper.find('[data-testid="ts-error"]').text()).toContain('Docker is not running');
  });

  it('shows a report only under its own situation: another card shows its own form, and the report comes back with its card', async () => {
    const fake = fakeHost();
    fake.troubleshootSteps = [checkResult('resolv-conf', 'pass')];
    const { wrapper } = await open(`/troubleshoot?engineId=${encodeURIComponent(DOCKER)}&id=a1&scenario=dns-broken`, fake);
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(wrapper.find('[data-testid="ts-report"]').exists()).toBe(true);

    await wrapper.find('[data-scenario="port-in-use"]').trigger('click');
    expect(wrapper.find('[data-testid="ts-report"]').exists()).toBe(false);
    await wrapper.find('[data-scenario="dns-broken"]').trigger('click');
    expect(wrapper.find('[data-testid="ts-report"]').attributes('data-verdict')).toBe('no-problem');
  });
});
