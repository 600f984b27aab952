// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import SettingsView from '../../../src/renderer/views/SettingsView.vue';
import { FakeTransport } from '../support/fake-transport';
import { mountWith } from '../support/mount';

let unmount: (() => void) | null = null;
afterEach(() => {
  unmount?.();
  unmount = null;
});

describe('SettingsView', () => {
  it('adds and removes extra engine sockets through settings.update', async () => {
    const fake = new FakeTransport();
    fake.settings = { ...fake.settings, engineSockets: ['/run/user/1000/podman/podman.sock'] };
    const { wrapper } = await mountWith(SettingsView, fake, '/settings');
    unmount = () => wrapper.unmount();
    const sockets = () => wrapper.findAll('[data-testid="settings-socket"]').map((s) => s.attributes('data-socket'));
    expect(sockets()).toEqual(['/run/user/1000/podman/podman.sock']);

    await wrapper.find('[data-testid="settings-socket-input"]').setValue('  unix:///tmp/colima.sock ');
    await wrapper.find('[data-testid="settings-socket-add"]').trigger('click');
    await flushPromises();
    expect(fake.callsTo('settings.update')).toEqual([{ engineSockets: ['/run/user/1000/podman/podman.sock', 'unix:///tmp/colima.sock'] }]);
    expect(sockets()).toEqual(['/run/user/1000/podman/podman.sock', 'unix:///tmp/colima.sock']);
    expect((wrapper.find('[data-testid="settings-socket-input"]').element as HTMLInputElement).value).toBe('');

    await wrapper.findAll('[data-testid="settings-socket-remove"]')[0].trigger('click');
    await flushPromises();
    expect(sockets()).toEqual(['unix:///tmp/colima.sock']);
  });

  it('rejects a relative path without calling the server, and shows server errors', async () => {
    const fake = new FakeTransport();
    const { wrapper } = await mountWith(SettingsView, fake, '/settings');
    unmount = () => wrapper.unmount();

    await wrapper.find('[data-testid="settings-socket-input"]').setValue('docker.sock');
    await wrapper.find('[data-testid="settings-socket-add"]').trigger('click');
    await flushPromises();
    expect(fake.callsTo('settings.update')).toEqual([]);
    expect(wrapper.find('[data-testid="settings-error"]').text()).toContain('absolute path');

    fake.fail('settings.update', { code: 'INVALID_INPUT', message: 'Not a socket: /tmp/nothing' });
    await wrapper.find('[data-testid="settings-socket-input"]').setValue('/tmp/nothing');
    await wrapper.find('[data-testid="settings-socket-add"]').trigger('click');
    await flushPromises();
    expect(wrapper.find('[data-testid="settings-error"]').text()).toBe('Not a socket: /tmp/nothing');
  });
});

describe('SettingsView: port suggestions', () => {
  it('saves the environment and a range, and ignores a range that ends before it starts', async () => {
    const fake = new FakeTransport();
    const { wrapper } = await mountWith(SettingsView, fake, '/settings');
    unmount = () => wrapper.unmount();
    await wrapper.find('[data-testid="port-environment"]').setValue('staging');
    await flushPromises();
    expect(fake.callsTo('settings.update')).toContainEqual({ portEnvironment: 'staging' });

    await wrapper.find('[data-testid="range-development-start"]').setValue('7000');
    await flushPromises();
    expect(fake.callsTo('settings.update')).toContainEqual({ portRanges: { development: [7000, 8999], staging: [9000, 9999] } });

    const before = fake.callsTo('settings.update').length;
    await wrapper.find('[data-testid="range-staging-end"]').setValue('100');
    await flushPromises();
    expect(fake.callsTo('settings.update')).toHaveLength(before);
  });
});

describe('SettingsView: diagnostics', () => {
  it('turns the quick check after a start off and on through settings.update', async () => {
    const fake = new FakeTransport();
    const { wrapper } = await mountWith(SettingsView, fake, '/settings');
    unmount = () => wrapper.unmount();
    const box = wrapper.find('[data-testid="quick-check-on-start"]');
    expect((box.element as HTMLInputElement).checked).toBe(true);
    await box.setValue(false);
    await flushPromises();
    expect(fake.callsTo('settings.update')).toEqual([{ quickCheckOnStart: false }]);
    expect((wrapper.find('[data-testid="quick-check-on-start"]').element as HTMLInputElement).checked).toBe(false);
  });
});
