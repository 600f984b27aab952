// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import ContainersView from '../../../src/renderer/views/ContainersView.vue';
import { FakeTransport } from '../support/fake-transport';
import { container, engine } from '../support/fixtures';
import { mountWith } from '../support/mount';
import { untilRoute } from '../support/ports';

let unmount: (() => void) | null = null;
afterEach(() => {
  unmount?.();
  unmount = null;
  vi.restoreAllMocks();
});

async function mountView() {
  const fake = new FakeTransport();
  fake.engines = [engine()];
  fake.containers = [container({ id: 'a1', name: 'web' }), container({ id: 'b2', name: 'db', state: 'exited', status: 'Exited (0)' })];
  fake.exportResult = { yaml: 'containers:\n  web:\n    ports: ["8080:80"]\n', fileName: 'ports-2024-05-01.yaml' };
  const mounted = await mountWith(ContainersView, fake);
  unmount = () => mounted.wrapper.unmount();
  return mounted;
}

describe('ContainersView toolbar: ports', () => {
  it('"New container" opens the form', async () => {
    const { wrapper, router } = await mountView();
    await wrapper.find('[data-testid="new-container"]').trigger('click');
    await untilRoute(router, '/containers/new');
    expect(router.currentRoute.value.name).toBe('new-container');
  });

  it('"Export port map" shows the YAML with Copy and a download link', async () => {
    const { wrapper, fake } = await mountView();
    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });

    await wrapper.find('[data-testid="export-ports"]').trigger('click');
    await flushPromises();
    expect(fake.callsTo('ports.export')).toEqual([{}]);
    expect(wrapper.find('[data-testid="export-yaml"]').text()).toContain('ports: ["8080:80"]');
    const download = wrapper.find('[data-testid="export-download"]');
    expect(download.attributes('download')).toBe('ports-2024-05-01.yaml');
    expect(download.attributes('href')).toMatch(/^blob:/);

    await wrapper.find('[data-testid="export-copy"]').trigger('click');
    await flushPromises();
    expect(writeText).toHaveBeenCalledWith(fake.exportResult.yaml);
    expect(wrapper.find('[data-testid="export-dialog"]').text()).toContain('Copied.');

    await wrapper.find('[data-testid="export-close"]').trigger('click');
    expect(wrapper.find('[data-testid="export-dialog"]').exists()).toBe(false);
  });

  it('shows an export failure in the dialog', async () => {
    const { wrapper, fake } = await mountView();
    fake.fail('ports.export', { code: 'ENGINE_UNAVAILABLE', message: 'Docker is not running' });
    await wrapper.find('[data-testid="export-ports"]').trigger('click');
    await flushPromises();
    expect(wrapper.find('[data-testid="export-error"]').text()).toBe('Docker is not running');
    expect(wrapper.find('[data-testid="export-download"]').exists()).toBe(false);
  });

  it('a start refused by the port pre-flight shows its message inline', async () => {
    const { wrapper, fake } = await mountView();
    const message = 'Port *:8080/tcp is already in use by pid 1234 (node server.js) listening on *:8080/tcp. Use 8081:80 instead: it is free.';
    fake.fail('containers.start', { code: 'CONFLICT', message, details: { checks: [] } });
    await wrapper.find('[data-testid="container-row"][data-name="db"]').trigger('click');
    await wrapper.find('[data-testid="action-start"]').trigger('click');
    await wrapper.find('[data-testid="confirm-ok"]').trigger('click');
    await flushPromises();
    const error = wrapper.find('[data-testid="action-error"]');
    expect(error.text()).toContain('Start failed');
    expect(error.text()).toContain('pid 1234 (node server.js)');
  });
});
