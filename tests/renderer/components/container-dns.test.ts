// @vitest-environment happy-dom
import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import ContainersView from '../../../src/renderer/views/ContainersView.vue';
import { FakeTransport } from '../support/fake-transport';
import { DOCKER, container, engine, network, userNetwork } from '../support/fixtures';
import { mountWith } from '../support/mount';

let unmount: (() => void) | null = null;
afterEach(() => {
  unmount?.();
  unmount = null;
});

function fakeWithPeers(): FakeTransport {
  const fake = new FakeTransport();
  fake.engines = [engine()];
  fake.networks = [userNetwork('bridge', { id: 'b0', isDefault: true }), userNetwork('backend', { id: 'n1' })];
  fake.containers = [
    container({
      id: 'a1',
      name: 'web',
      networks: [network('backend', '10.10.0.5', { networkId: 'n1', dnsNames: ['web', 'www', 'a1a1a1a1a1a1'] }), network('bridge', '172.17.0.2')],
    }),
    container({ id: 'b2', name: 'api', networks: [network('backend', '10.10.0.6', { networkId: 'n1', dnsNames: ['api', 'api.internal'] })] }),
    container({ id: 'c3', name: 'lonely', networks: [network('bridge', '172.17.0.3')] }),
  ];
  fake.dnsAnswers = { api: ['10.10.0.6'] };
  return fake;
}

async function openPanel(name: string, fake = fakeWithPeers()) {
  const mounted = await mountWith(ContainersView, fake);
  unmount = () => mounted.wrapper.unmount();
  await mounted.wrapper.find(`[data-testid="container-row"][data-name="${name}"]`).trigger('click');
  await flushPromises();
  return { ...mounted, panel: mounted.wrapper.find('[data-testid="detail-panel"]') };
}

async function resolve(wrapper: VueWrapper, name: string) {
  await wrapper.find('[data-testid="dns-resolve-input"]').setValue(name);
  await wrapper.find('[data-testid="dns-resolve-button"]').trigger('submit');
  await flushPromises();
  return wrapper.find('[data-testid="dns-resolve-result"]');
}

describe('container detail: DNS', () => {
  it('lists the DNS names per network and suggests the peers on shared user networks', async () => {
    const { wrapper } = await openPanel('web');
    expect(wrapper.findAll('[data-testid="dns-names"]').map((d) => [d.attributes('data-network'), d.text()])).toEqual([['backend', 'web, www, a1a1a1a1a1a1']]);
    // api shares backend; lonely is only on the default bridge, where names do not resolve.
    expect(wrapper.findAll('[data-testid="dns-suggestion"]').map((s) => s.text())).toEqual(['api', 'api.internal']);
    await wrapper.find('[data-testid="dns-suggestion"]').trigger('click');
    expect((wrapper.find('[data-testid="dns-resolve-input"]').element as HTMLInputElement).value).toBe('api');
  });

  it('resolves a name from inside the container and shows the addresses, server, time and evidence', async () => {
    const { wrapper, fake } = await openPanel('web');
    const result = await resolve(wrapper, 'api');
    expect(fake.callsTo('dns.resolve')).toEqual([{ engineId: DOCKER, id: 'a1', name: 'api' }]);
    expect(result.attributes('data-ok')).toBe('true');
    expect(result.find('[data-testid="dns-addresses"]').text()).toBe('10.10.0.6');
    expect(result.text()).toContain('127.0.0.11');
    expect(result.text()).toContain('12 ms');
    expect(result.find('details').text()).toContain('nslookup api');
    expect(result.find('details pre').text()).toContain('Address: 10.10.0.6');
  });

  it('shows a failed lookup (NXDOMAIN) and a failure to run one', async () => {
    const fake = fakeWithPeers();
    const { wrapper } = await openPanel('web', fake);
    let result = await resolve(wrapper, 'nothere');
    expect(result.attributes('data-ok')).toBe('false');
    expect(result.find('[data-testid="dns-lookup-error"]').text()).toContain('NXDOMAIN');

    fake.fail('dns.resolve', { code: 'ENGINE_ERROR', message: 'container web is not running' });
    result = await resolve(wrapper, 'api');
    expect(result.attributes('data-ok')).toBe('false');
    expect(result.text()).toContain('Could not run the lookup: container web is not running');

    await wrapper.find('[data-testid="dns-resolve-input"]').setValue('not a name');
    expect(wrapper.find('[data-testid="dns-resolve-button"]').attributes('disabled')).toBeDefined();
  });

  it('shows the resolver configuration with the raw file, and the DNS check', async () => {
    const { wrapper, fake } = await openPanel('web');
    await wrapper.find('[data-testid="dns-show-resolver"]').trigger('click');
    await flushPromises();
    const config = wrapper.find('[data-testid="dns-resolver-config"]');
    expect(config.text()).toContain('127.0.0.11');
    expect(config.text()).toContain('example.internal');
    expect(config.text()).toContain('ndots:0');
    expect(config.find('details pre').text()).toContain('nameserver 127.0.0.11');

    await wrapper.find('[data-testid="dns-check-button"]').trigger('click');
    await flushPromises();
    expect(fake.callsTo('dns.check')).toEqual([{ engineId: DOCKER, id: 'a1', names: ['api', 'api.internal'] }]);
    const check = wrapper.find('[data-testid="dns-check-result"]');
    expect(check.attributes('data-ok')).toBe('true');
    expect(check.text()).toContain("resolves its peers through the engine's DNS");
    expect(check.findAll('[data-testid="dns-check-lookup"]').map((l) => l.attributes('data-name'))).toEqual(['api', 'api.internal']);
  });
});
