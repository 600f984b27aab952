// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import App from '../../src/renderer/App.vue';
import { FakeTransport } from './support/fake-transport';
import { DOCKER, container, engine } from './support/fixtures';
import { mountWith } from './support/mount';
import { untilRoute } from './support/ports';

let unmount: (() => void) | null = null;
afterEach(() => {
  unmount?.();
  unmount = null;
});

async function mountApp(path = '/containers') {
  const fake = new FakeTransport();
  fake.engines = [
    engine(),
    engine({ id: 'cli:/usr/local/bin/container', kind: 'apple', name: 'Apple container', status: 'unavailable', error: 'container system is not running' }),
  ];
  fake.containers = [container({ id: 'a1', name: 'web' }), container({ id: 'b2', name: 'old', state: 'exited', status: 'Exited (1) 2 days ago' })];
  const mounted = await mountWith(App, fake, path);
  await flushPromises();
  unmount = () => mounted.wrapper.unmount();
  return mounted;
}

describe('App shell', () => {
  it('shows each engine with its status, and the error of an unavailable one', async () => {
    const { wrapper } = await mountApp();
    const engines = wrapper.findAll('[data-testid="engine-status"]');
    expect(engines.map((e) => e.attributes('data-engine-status'))).toEqual(['available', 'unavailable']);
    expect(engines[0].text()).toContain('Docker 27.3.1');
    expect(engines[0].text()).toContain('27.3.1');
    expect(engines[1].text()).toContain('container system is not running');
  });

  it('applies menu commands: running only, and stop on the selected container through the dialog', async () => {
    const { wrapper, fake } = await mountApp();
    const rowNames = () => wrapper.findAll('[data-testid="container-row"]').map((r) => r.attributes('data-name'));
    expect(rowNames()).toEqual(['old', 'web']);

    fake.push('ui.command', { command: 'containers.toggleRunningOnly' });
    await flushPromises();
    expect(rowNames()).toEqual(['web']);
    expect((wrapper.find('[data-testid="running-only"]').element as HTMLInputElement).checked).toBe(true);

    // Without a selection a container command has nothing to act on.
    fake.push('ui.command', { command: 'container.stop' });
    await flushPromises();
    expect(wrapper.find('[data-testid="confirm-dialog"]').exists()).toBe(false);

    await wrapper.find('[data-testid="container-row"][data-name="web"]').trigger('click');
    fake.push('ui.command', { command: 'container.stop' });
    await flushPromises();
    expect(wrapper.find('[data-testid="confirm-dialog"]').text()).toContain('Stop web?');
    await wrapper.find('[data-testid="confirm-ok"]').trigger('click');
    await flushPromises();
    expect(fake.callsTo('containers.stop')).toEqual([{ engineId: DOCKER, id: 'a1' }]);
  });

  it('focus-search from the menu opens the containers view and focuses the search box', async () => {
    const { wrapper, fake, router } = await mountApp('/settings');
    fake.push('ui.command', { command: 'containers.focusSearch' });
    await flushPromises();
    expect(router.currentRoute.value.path).toBe('/containers');
    expect(document.activeElement).toBe(wrapper.find('[data-testid="search-input"]').element);

    const before = fake.callsTo('containers.list').length;
    fake.push('ui.command', { command: 'containers.refresh' });
    await flushPromises();
    expect(fake.callsTo('containers.list').length).toBe(before + 1);
  });

  it('Troubleshoot… opens the guided walk on the selected container; Firewall opens its view', async () => {
    const { wrapper, fake, router } = await mountApp();
    await wrapper.find('[data-testid="container-row"][data-name="web"]').trigger('click');
    fake.push('ui.command', { command: 'container.troubleshoot' });
    await untilRoute(router, '/troubleshoot');
    expect(router.currentRoute.value.query).toEqual({ engineId: DOCKER, id: 'a1' });

    fake.push('ui.command', { command: 'view.firewall' });
    await untilRoute(router, '/firewall');
  });
});
