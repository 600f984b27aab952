// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import NewContainerView from '../../../src/renderer/views/NewContainerView.vue';
import { FakeTransport } from '../support/fake-transport';
import { DOCKER, engine, userNetwork } from '../support/fixtures';
import { mountWith } from '../support/mount';
import { portForm, settleChecks } from '../support/ports';

const APPLE = 'cli:/usr/local/bin/container';
let unmount: (() => void) | null = null;
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
});
afterEach(() => {
  unmount?.();
  unmount = null;
  vi.useRealTimers();
});

function fakeWithNetworks(): FakeTransport {
  const fake = new FakeTransport();
  fake.engines = [engine(), engine({ id: APPLE, endpoint: APPLE, kind: 'apple', name: 'Apple container 1.2.2' })];
  fake.networks = [
    userNetwork('bridge', { id: 'b0', isDefault: true }),
    userNetwork('host', { id: 'h0', driver: 'host', subnets: [] }),
    userNetwork('none', { id: 'z0', driver: 'null', subnets: [] }),
    userNetwork('backend', { id: 'n1' }),
    userNetwork('default', { engineId: APPLE, id: 'a0', isDefault: true }),
    userNetwork('apple-net', { engineId: APPLE, id: 'a1' }),
  ];
  return fake;
}

async function mountForm(fake = fakeWithNetworks()) {
  const mounted = await mountWith(NewContainerView, fake, '/containers/new');
  unmount = () => mounted.wrapper.unmount();
  await mounted.wrapper.find('[data-testid="image-input"]').setValue('nginx:1.27');
  return { ...mounted, form: portForm(mounted.wrapper) };
}

const optionValues = (w: Awaited<ReturnType<typeof mountForm>>['wrapper']) =>
  w.findAll('[data-testid="container-network-select"] option').map((o) => (o.element as HTMLOptionElement).value);

describe('NewContainerView: network', () => {
  it('offers default, this engine’s user networks, host and none', async () => {
    const { wrapper } = await mountForm();
    expect(optionValues(wrapper)).toEqual(['default', 'backend', 'host', 'none']);
    await wrapper.find('[data-testid="engine-select"]').setValue(APPLE);
    expect(optionValues(wrapper)).toEqual(['default', 'apple-net', 'host', 'none']);
  });

  it('warns loudly about host networking and ignores the port rows', async () => {
    const { wrapper, fake, form } = await mountForm();
    await form.typeSpec(0, '8080:80');
    await settleChecks();
    expect(wrapper.find('[data-testid="host-network-warning"]').exists()).toBe(false);

    await wrapper.find('[data-testid="container-network-select"]').setValue('host');
    const warning = wrapper.find('[data-testid="host-network-warning"]');
    expect(warning.attributes('role')).toBe('alert');
    expect(warning.text()).toContain("shares the host's network stack");
    expect(warning.text()).toContain('every port it opens is open on the host');
    expect(warning.text()).toContain('published port mappings below are ignored');
    expect(wrapper.find('[data-testid="ports-ignored-note"]').exists()).toBe(true);
    expect(wrapper.find('fieldset.ports-set').attributes('disabled')).toBeDefined();
    expect(wrapper.find('[data-testid="aliases-input"]').exists()).toBe(false); // aliases need a user network

    await wrapper.find('[data-testid="create-button"]').trigger('click');
    await flushPromises();
    expect(fake.callsTo('containers.create')).toEqual([{ engineId: DOCKER, image: 'nginx:1.27', network: 'host', ports: [], env: [], start: true }]);
  });

  it('says a container on none has no network', async () => {
    const { wrapper } = await mountForm();
    await wrapper.find('[data-testid="container-network-select"]').setValue('none');
    expect(wrapper.find('[data-testid="none-network-note"]').text()).toContain('no network');
    expect(wrapper.find('[data-testid="host-network-warning"]').exists()).toBe(false);
  });

  it('sends the network, aliases, fixed address and DNS options', async () => {
    const { wrapper, fake, form } = await mountForm();
    await wrapper.find('[data-testid="container-network-select"]').setValue('backend');
    await wrapper.find('[data-testid="aliases-input"]').setValue('api, api.internal');
    await wrapper.find('[data-testid="container-ipv4-input"]').setValue('10.10.0.20');
    await wrapper.find('[data-testid="dns-servers-input"]').setValue('192.0.2.11, 198.51.100.99');
    await wrapper.find('[data-testid="dns-search-input"]').setValue('corp.example');
    await wrapper.find('[data-testid="dns-options-input"]').setValue('ndots:2 edns0');
    await wrapper.find('[data-testid="hostname-input"]').setValue('api-1');
    expect(wrapper.find('[data-testid="dns-domain-input"]').exists()).toBe(false); // Apple only
    await form.typeSpec(0, '127.0.0.1:8080:80');
    await settleChecks();

    await wrapper.find('[data-testid="create-button"]').trigger('click');
    await flushPromises();
    expect(fake.callsTo('containers.create')).toEqual([
      {
        engineId: DOCKER,
        image: 'nginx:1.27',
        network: 'backend',
        aliases: ['api', 'api.internal'],
        ipv4Address: '10.10.0.20',
        dns: ['192.0.2.11', '198.51.100.99'],
        dnsSearch: ['corp.example'],
        dnsOptions: ['ndots:2', 'edns0'],
        hostname: 'api-1',
        ports: [{ hostIp: '127.0.0.1', hostPortStart: 8080, hostPortEnd: 8080, containerPortStart: 80, containerPortEnd: 80, protocol: 'tcp' }],
        env: [],
        start: true,
      },
    ]);
  });

  it('refuses bad aliases and DNS servers before sending, and offers the DNS domain for Apple only', async () => {
    const { wrapper, form } = await mountForm();
    await wrapper.find('[data-testid="container-network-select"]').setValue('backend');
    await wrapper.find('[data-testid="aliases-input"]').setValue('bad_alias!');
    expect(wrapper.find('[data-testid="network-option-error"][data-field="aliases"]').exists()).toBe(true);
    expect(form.createDisabled()).toBe(true);
    await wrapper.find('[data-testid="aliases-input"]').setValue('good');
    await wrapper.find('[data-testid="dns-servers-input"]').setValue('dns.google');
    expect(wrapper.find('[data-testid="network-option-error"][data-field="dns"]').exists()).toBe(true);
    expect(form.createDisabled()).toBe(true);

    await wrapper.find('[data-testid="dns-servers-input"]').setValue('');
    await wrapper.find('[data-testid="engine-select"]').setValue(APPLE);
    expect((wrapper.find('[data-testid="container-network-select"]').element as HTMLSelectElement).value).toBe('default'); // backend is Docker's
    expect(wrapper.find('[data-testid="dns-domain-input"]').exists()).toBe(true);
  });
});
