// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import ContainersView from '../../../src/renderer/views/ContainersView.vue';
import { FakeTransport } from '../support/fake-transport';
import { DOCKER, PODMAN, container, engine, network, port } from '../support/fixtures';
import { mountWith } from '../support/mount';

let unmount: (() => void) | null = null;
afterEach(() => {
  unmount?.();
  unmount = null;
});

function fakeWithContainers(): FakeTransport {
  const fake = new FakeTransport();
  fake.engines = [engine(), engine({ id: PODMAN, endpoint: PODMAN, kind: 'podman', name: 'Podman 5.2.0' })];
  fake.containers = [
    container({
      id: 'aaa111',
      name: 'web',
      ports: [
        port(8080, 80),
        port(8080, 80, { hostIp: '::' }), // the IPv6 twin of the line above
        port(8443, 443, { hostIp: '127.0.0.1' }),
        port(443, 443),
        port(5353, 53, { protocol: 'udp' }),
        port(null, 9000),
      ],
      networks: [network('bridge', '172.17.0.2'), network('frontend', '10.89.1.4', { ipv6Address: 'fd00::4' })],
    }),
    container({ id: 'bbb222', name: 'db', engineId: PODMAN, image: 'postgres:16', ports: [port(5432, 5432)] }),
  ];
  return fake;
}

async function mountView(fake: FakeTransport) {
  const mounted = await mountWith(ContainersView, fake);
  unmount = () => mounted.wrapper.unmount();
  return mounted;
}

describe('ContainersView', () => {
  it('renders a row per container with every published port as a link', async () => {
    const { wrapper } = await mountView(fakeWithContainers());
    const rows = wrapper.findAll('[data-testid="container-row"]');
    expect(rows.map((r) => r.attributes('data-name'))).toEqual(['db', 'web']);
    expect(rows.map((r) => r.attributes('data-state'))).toEqual(['running', 'running']);

    const web = rows[1];
    expect(web.find('[data-testid="container-state"]').text()).toBe('running');
    expect(web.text()).toContain('Docker 27.3.1');
    expect(web.text()).toContain('10.89.1.4/16');
    expect(web.text()).toContain('fd00::4');
    expect(web.text()).toContain('frontend');

    const links = web.findAll('[data-testid="port-link"]');
    expect(links.map((l) => [l.text(), l.attributes('href')])).toEqual([
      ['8080→80/tcp', 'http://localhost:8080'],
      ['127.0.0.1:8443→443/tcp', 'https://localhost:8443'],
      ['443→443/tcp', 'https://localhost:443'],
      ['5353→53/udp', 'http://localhost:5353'],
    ]);
    for (const link of links) {
      expect(link.attributes('target')).toBe('_blank');
      expect(link.attributes('rel')).toBe('noopener noreferrer');
    }
    expect(rows[0].find('[data-testid="port-link"]').text()).toBe('5432→5432/tcp');
    expect(rows[0].text()).toContain('Podman 5.2.0');
  });

  it('filters rows from the search box and the running-only toggle', async () => {
    const fake = fakeWithContainers();
    fake.containers[1] = { ...fake.containers[1], state: 'exited' };
    const { wrapper } = await mountView(fake);

    await wrapper.find('[data-testid="search-input"]').setValue('8443');
    expect(wrapper.findAll('[data-testid="container-row"]').map((r) => r.attributes('data-name'))).toEqual(['web']);

    await wrapper.find('[data-testid="search-input"]').setValue('');
    await wrapper.find('[data-testid="running-only"]').setValue(true);
    expect(wrapper.findAll('[data-testid="container-row"]').map((r) => r.attributes('data-name'))).toEqual(['web']);

    await wrapper.find('[data-testid="search-input"]').setValue('postgres');
    expect(wrapper.find('[data-testid="empty-state"]').attributes('data-empty-kind')).toBe('no-matches');
  });

  it('stops a container after confirmation and updates the row from the returned snapshot', async () => {
    const { wrapper, fake } = await mountView(fakeWithContainers());
    const row = () => wrapper.find('[data-testid="container-row"][data-name="web"]');

    await row().trigger('click');
    await flushPromises();
    const panel = wrapper.find('[data-testid="detail-panel"]');
    expect(panel.exists()).toBe(true);
    expect(panel.text()).toContain('02:42:ac:11:00:02');
    expect(panel.text()).toContain('nginx -g daemon off;'); // from containers.inspect
    expect(wrapper.find('[data-testid="action-start"]').attributes('disabled')).toBeDefined();

    await wrapper.find('[data-testid="action-stop"]').trigger('click');
    expect(wrapper.find('[data-testid="confirm-dialog"]').exists()).toBe(true);
    expect(fake.callsTo('containers.stop')).toEqual([]); // nothing happens before confirming

    await wrapper.find('[data-testid="confirm-ok"]').trigger('click');
    await flushPromises();
    expect(fake.callsTo('containers.stop')).toEqual([{ engineId: DOCKER, id: 'aaa111' }]);
    expect(wrapper.find('[data-testid="confirm-dialog"]').exists()).toBe(false);
    expect(row().attributes('data-state')).toBe('exited');
    expect(row().find('[data-testid="container-state"]').text()).toBe('exited');
    expect(wrapper.find('[data-testid="action-start"]').attributes('disabled')).toBeUndefined();
    expect(wrapper.find('[data-testid="action-stop"]').attributes('disabled')).toBeDefined();
  });

  it('cancel closes the dialog without calling the engine', async () => {
    const { wrapper, fake } = await mountView(fakeWithContainers());
    await wrapper.find('[data-testid="container-row"][data-name="web"]').trigger('click');
    await wrapper.find('[data-testid="action-remove"]').trigger('click');
    expect(wrapper.find('[data-testid="confirm-force"]').exists()).toBe(true); // it is running
    await wrapper.find('[data-testid="confirm-cancel"]').trigger('click');
    expect(wrapper.find('[data-testid="confirm-dialog"]').exists()).toBe(false);
    expect(fake.callsTo('containers.remove')).toEqual([]);
  });

  it('shows an action error inline with its message', async () => {
    const fake = fakeWithContainers();
    fake.fail('containers.restart', { code: 'ENGINE_ERROR', message: 'cannot restart: device or resource busy' });
    const { wrapper } = await mountView(fake);

    await wrapper.find('[data-testid="container-row"][data-name="db"]').trigger('click');
    await wrapper.find('[data-testid="action-restart"]').trigger('click');
    await wrapper.find('[data-testid="confirm-ok"]').trigger('click');
    await flushPromises();

    const error = wrapper.find('[data-testid="action-error"]');
    expect(error.exists()).toBe(true);
    expect(error.text()).toContain('Restart failed');
    expect(error.text()).toContain('cannot restart: device or resource busy');
    expect(wrapper.find('[data-testid="container-row"][data-name="db"]').attributes('data-state')).toBe('running');
  });

  it('explains how to start an engine when none is found', async () => {
    const { wrapper } = await mountView(new FakeTransport());
    const empty = wrapper.find('[data-testid="empty-state"]');
    expect(empty.attributes('data-empty-kind')).toBe('no-engines');
    expect(empty.text()).toContain('No container engine found');
    expect(empty.text()).toContain('sudo systemctl start docker');
    expect(empty.text()).toContain('podman machine start');
    expect(empty.text()).toContain('container system start');
    expect(empty.find('a[href="#/settings"], a[href="/settings"]').exists()).toBe(true);
    expect(wrapper.find('[data-testid="container-row"]').exists()).toBe(false);
  });

  it('shows each engine error when every engine is unavailable', async () => {
    const fake = new FakeTransport();
    fake.engines = [engine({ status: 'unavailable', error: 'Permission denied on /var/run/docker.sock' })];
    const { wrapper } = await mountView(fake);
    const empty = wrapper.find('[data-testid="empty-state"]');
    expect(empty.attributes('data-empty-kind')).toBe('all-unavailable');
    expect(empty.text()).toContain('Permission denied on /var/run/docker.sock');
    expect(empty.find('li').text()).toContain(`Docker 27.3.1 ${DOCKER}`);
  });

  it('says there are no containers when engines run but hold none, and follows pushed events', async () => {
    const fake = new FakeTransport();
    fake.engines = [engine()];
    const { wrapper } = await mountView(fake);
    expect(wrapper.find('[data-testid="empty-state"]').attributes('data-empty-kind')).toBe('no-containers');

    fake.push('containers.changed', { type: 'upsert', engineId: DOCKER, container: container({ id: 'x1', name: 'new' }) });
    await flushPromises();
    expect(wrapper.find('[data-testid="empty-state"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="container-row"]').attributes('data-name')).toBe('new');
  });
});
