// @vitest-environment happy-dom
import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import NetworksView from '../../../src/renderer/views/NetworksView.vue';
import { FakeTransport } from '../support/fake-transport';
import { DOCKER, PODMAN, container, engine, member, network, userNetwork } from '../support/fixtures';
import { mountWith } from '../support/mount';

let unmount: (() => void) | null = null;
afterEach(() => {
  unmount?.();
  unmount = null;
  document.body.innerHTML = '';
});

function fakeWithNetworks(): FakeTransport {
  const fake = new FakeTransport();
  fake.engines = [engine(), engine({ id: PODMAN, endpoint: PODMAN, kind: 'podman', name: 'Podman 5.2.0' })];
  fake.networks = [
    userNetwork('bridge', { id: 'b0', isDefault: true, subnets: [{ subnet: '172.17.0.0/16', gateway: '172.17.0.1', ipRange: null }] }),
    userNetwork('backend', { id: 'n1', dnsServers: ['10.0.0.53'], containers: [member('api', '10.10.0.5', { aliases: ['api.internal'] })] }),
    userNetwork('podman', { engineId: PODMAN, id: 'p0', isDefault: true, subnets: [{ subnet: '10.88.0.0/16', gateway: '10.88.0.1', ipRange: null }] }),
  ];
  fake.containers = [container({ id: 'api-id', name: 'api' }), container({ id: 'web-id', name: 'web' })];
  return fake;
}

async function mountView(fake = fakeWithNetworks()) {
  const mounted = await mountWith(NetworksView, fake, '/networks');
  unmount = () => mounted.wrapper.unmount();
  return mounted;
}

const row = (w: VueWrapper, name: string) => w.find(`[data-testid="network-row"][data-name="${name}"]`);
const fieldErrors = (w: VueWrapper) => w.findAll('[data-testid="network-field-error"]').map((e) => [e.attributes('data-field'), e.text()]);
const submitDisabled = (w: VueWrapper) => w.find('[data-testid="create-network-submit"]').attributes('disabled') !== undefined;

describe('NetworksView', () => {
  it('lists each engine’s networks with addressing, DNS and members', async () => {
    const { wrapper } = await mountView();
    expect(wrapper.findAll('[data-testid="network-row"]').map((r) => r.attributes('data-name'))).toEqual(['backend', 'bridge', 'podman']);
    expect(row(wrapper, 'bridge').find('[data-testid="network-default-badge"]').exists()).toBe(true);
    const backend = row(wrapper, 'backend').text();
    for (const text of ['10.10.0.0/24', '10.10.0.1', 'enabled', '10.0.0.53', 'api', '10.10.0.5/24', 'api.internal']) expect(backend).toContain(text);
    expect(wrapper.text()).toContain('Podman 5.2.0');
  });

  it('separates a member’s name from its address and aliases', async () => {
    const { wrapper } = await mountView();
    expect(row(wrapper, 'backend').find('[data-testid="network-row-member"]').text()).toBe('api 10.10.0.5/24 (api.internal)');
  });

  it('shows the gateway every container reports when the engine recorded none', async () => {
    const fake = fakeWithNetworks();
    fake.networks.push(userNetwork('nogw', { id: 'n5', subnets: [{ subnet: '10.251.0.0/24', gateway: null, ipRange: null }] }));
    fake.containers.push(
      container({ id: 'c1', name: 'one', networks: [network('nogw', '10.251.0.3', { networkId: 'n5', gateway: '10.251.0.1', prefixLength: 24 })] }),
      container({ id: 'c2', name: 'two', networks: [network('nogw', '10.251.0.4', { networkId: 'n5', gateway: '10.251.0.1', prefixLength: 24 })] }),
    );
    const { wrapper } = await mountView(fake);
    const gateway = row(wrapper, 'nogw').find('[data-testid="network-gateway"] div');
    expect(gateway.text()).toBe('10.251.0.1');
    expect(gateway.attributes('title')).toContain('Reported by the containers');
    // A gateway the engine recorded is shown as it is, without the note.
    expect(row(wrapper, 'backend').find('[data-testid="network-gateway"] div').attributes('title')).toBeUndefined();

    await row(wrapper, 'nogw').trigger('click');
    expect(wrapper.find('[data-testid="network-detail"] [data-testid="network-subnet"]').text()).toBe('10.251.0.0/24 via 10.251.0.1');
  });

  it('validates the create form live: messages under each field, submit disabled until it is right', async () => {
    const { wrapper, fake } = await mountView();
    await wrapper.find('[data-testid="create-network-open"]').trigger('click');
    expect(wrapper.find('[data-testid="create-network-form"]').exists()).toBe(true);
    expect(fieldErrors(wrapper)).toEqual([]); // nothing typed yet: nothing red
    expect(submitDisabled(wrapper)).toBe(true); // but no name yet

    await wrapper.find('[data-testid="network-name-input"]').setValue('backend');
    await wrapper.find('[data-testid="network-subnet-input"]').setValue('10.10.0.0/25');
    await wrapper.find('[data-testid="network-gateway-input"]').setValue('10.10.1.1');
    await wrapper.find('[data-testid="network-iprange-input"]').setValue('nope');
    const errors = Object.fromEntries(fieldErrors(wrapper));
    expect(errors.name).toContain('already exists');
    expect(errors.subnet).toContain('overlaps network "backend"');
    expect(errors.gateway).toContain('not inside the subnet');
    expect(errors.ipRange).toContain('CIDR');
    expect(submitDisabled(wrapper)).toBe(true);

    await wrapper.find('[data-testid="network-name-input"]').setValue('frontend');
    await wrapper.find('[data-testid="network-subnet-input"]').setValue('10.20.0.0/24');
    await wrapper.find('[data-testid="network-gateway-input"]').setValue('10.20.0.1');
    await wrapper.find('[data-testid="network-iprange-input"]').setValue('10.20.0.128/25');
    await wrapper.find('[data-testid="network-internal"]').setValue(true);
    await wrapper.find('[data-testid="network-dns-input"]').setValue('192.0.2.11, 198.51.100.99');
    await wrapper.find('[data-testid="add-network-label"]').trigger('click');
    await wrapper.find('[data-testid="network-label-key"]').setValue('team');
    await wrapper.find('[data-testid="network-label-value"]').setValue('web');
    expect(fieldErrors(wrapper)).toEqual([]);
    expect(submitDisabled(wrapper)).toBe(false);

    await wrapper.find('[data-testid="create-network-submit"]').trigger('submit');
    await flushPromises();
    expect(fake.callsTo('networks.create')).toEqual([
      {
        engineId: DOCKER,
        name: 'frontend',
        driver: 'bridge',
        internal: true,
        ipv6: false,
        subnet: '10.20.0.0/24',
        gateway: '10.20.0.1',
        ipRange: '10.20.0.128/25',
        dnsServers: ['192.0.2.11', '198.51.100.99'],
        labels: { team: 'web' },
      },
    ]);
    expect(wrapper.find('[data-testid="create-network-form"]').exists()).toBe(false);
    expect(row(wrapper, 'frontend').exists()).toBe(true);
    expect(wrapper.find('[data-testid="network-detail"]').attributes('data-name')).toBe('frontend');
  });

  it('asks for the parent interface of a macvlan network and shows the server’s refusal under its field', async () => {
    const fake = fakeWithNetworks();
    fake.fail('networks.create', {
      code: 'CONFLICT',
      message: '10.30.0.0/24 overlaps the host route 10.30.0.0/16 on wlan0',
      details: {
        problems: [{ field: 'subnet', message: '10.30.0.0/24 overlaps the host route 10.30.0.0/16 on wlan0 — containers could not reach that network' }],
      },
    });
    const { wrapper } = await mountView(fake);
    await wrapper.find('[data-testid="create-network-open"]').trigger('click');
    await wrapper.find('[data-testid="network-name-input"]').setValue('lan');
    await wrapper.find('[data-testid="network-driver-select"]').setValue('macvlan');
    expect(Object.fromEntries(fieldErrors(wrapper))).toEqual({});
    expect(submitDisabled(wrapper)).toBe(true);
    expect(wrapper.find('[data-testid="create-network-blocked"]').text()).toContain('host interface');
    await wrapper.find('[data-testid="network-parent-input"]').setValue('eth0');
    await wrapper.find('[data-testid="network-subnet-input"]').setValue('10.30.0.0/24');
    expect(submitDisabled(wrapper)).toBe(false);

    await wrapper.find('[data-testid="create-network-submit"]').trigger('submit');
    await flushPromises();
    expect(wrapper.find('[data-testid="create-network-error"]').attributes('data-code')).toBe('CONFLICT');
    expect(Object.fromEntries(fieldErrors(wrapper)).subnet).toContain('host route 10.30.0.0/16 on wlan0');
    await wrapper.find('[data-testid="network-subnet-input"]').setValue('10.31.0.0/24');
    expect(Object.fromEntries(fieldErrors(wrapper)).subnet).toBeUndefined();
  });

  it('removes after confirming, shows the server’s error naming the containers, and never removes a default network', async () => {
    const { wrapper, fake } = await mountView();
    await row(wrapper, 'bridge').trigger('click');
    expect(wrapper.find('[data-testid="network-remove"]').attributes('disabled')).toBeDefined();

    await row(wrapper, 'backend').trigger('click');
    expect(wrapper.findAll('[data-testid="network-member"]').map((m) => m.attributes('data-name'))).toEqual(['api']);
    await wrapper.find('[data-testid="network-remove"]').trigger('click');
    expect(wrapper.find('[data-testid="confirm-dialog"]').exists()).toBe(true);
    expect(fake.callsTo('networks.remove')).toEqual([]);
    await wrapper.find('[data-testid="confirm-ok"]').trigger('click');
    await flushPromises();
    expect(fake.callsTo('networks.remove')).toEqual([{ engineId: DOCKER, id: 'n1' }]);
    const error = wrapper.find('[data-testid="network-error"]');
    expect(error.attributes('data-code')).toBe('CONFLICT');
    expect(error.text()).toContain('Network backend is in use by api. Disconnect or remove them first.');
    expect(row(wrapper, 'backend').exists()).toBe(true);
  });

  it('connects a container with aliases and a fixed address, and shows UNSUPPORTED in the engine’s words', async () => {
    const { wrapper, fake } = await mountView();
    await row(wrapper, 'backend').trigger('click');
    const options = wrapper.findAll('[data-testid="network-connect-select"] option').map((o) => o.text());
    expect(options).toEqual(['Choose a container…', 'web']); // api is already a member
    await wrapper.find('[data-testid="network-connect-select"]').setValue('web-id');
    await wrapper.find('[data-testid="network-connect-aliases"]').setValue('www, web.internal');
    await wrapper.find('[data-testid="network-connect-ip"]').setValue('10.10.0.9');
    await wrapper.find('[data-testid="network-connect-form"]').trigger('submit');
    await flushPromises();
    expect(fake.callsTo('networks.connect')).toEqual([
      { engineId: DOCKER, network: 'backend', container: 'web-id', aliases: ['www', 'web.internal'], ipv4Address: '10.10.0.9' },
    ]);
    expect(wrapper.findAll('[data-testid="network-member"]').map((m) => m.attributes('data-name'))).toEqual(['api', 'web']);

    fake.fail('networks.disconnect', {
      code: 'UNSUPPORTED',
      message: 'Apple container cannot disconnect a container from a network; recreate the container without it.',
    });
    await wrapper.findAll('[data-testid="network-disconnect"]')[1].trigger('click');
    await flushPromises();
    const error = wrapper.find('[data-testid="network-error"]');
    expect(error.attributes('data-action')).toBe('disconnect');
    expect(error.text()).toContain('Not supported by this engine: Apple container cannot disconnect');
  });
});
