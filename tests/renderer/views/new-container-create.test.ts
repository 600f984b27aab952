// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { keyOf } from '../../../src/renderer/lib/containers';
import { useContainersStore } from '../../../src/renderer/stores/containers';
import NewContainerView from '../../../src/renderer/views/NewContainerView.vue';
import { FakeTransport } from '../support/fake-transport';
import { DOCKER, PODMAN, engine, userNetwork } from '../support/fixtures';
import { mountWith } from '../support/mount';
import { portForm, processHolder, settleChecks, untilRoute } from '../support/ports';

let unmount: (() => void) | null = null;
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
});
afterEach(() => {
  unmount?.();
  unmount = null;
  vi.useRealTimers();
});

function fakeWithEngines(): FakeTransport {
  const fake = new FakeTransport();
  fake.engines = [
    engine({ id: 'cli:/usr/local/bin/container', kind: 'apple', name: 'Apple container', status: 'unavailable' }),
    engine(),
    engine({ id: PODMAN, endpoint: PODMAN, kind: 'podman', name: 'Podman 5.2.0' }),
  ];
  fake.networks = [userNetwork('backend', { engineId: PODMAN })];
  return fake;
}

async function mountForm(fake = fakeWithEngines()) {
  const mounted = await mountWith(NewContainerView, fake, '/containers/new');
  unmount = () => mounted.wrapper.unmount();
  return { ...mounted, form: portForm(mounted.wrapper) };
}

describe('NewContainerView: create', () => {
  it('offers the available engines and needs an image', async () => {
    const { wrapper, form } = await mountForm();
    const options = wrapper.findAll('[data-testid="engine-select"] option');
    expect(options.map((o) => o.text())).toEqual(['Docker 27.3.1', 'Podman 5.2.0']);
    expect((wrapper.find('[data-testid="engine-select"]').element as HTMLSelectElement).value).toBe(DOCKER);
    expect((wrapper.find('[data-testid="container-network-select"]').element as HTMLSelectElement).value).toBe('default');
    expect(form.createDisabled()).toBe(true);
    expect(wrapper.find('[data-testid="create-blocked"]').text()).toContain('image');

    await wrapper.find('[data-testid="image-input"]').setValue('nginx:1.27');
    expect(form.createDisabled()).toBe(false); // an empty port row is ignored
  });

  it('sends the parsed specs and the other fields, then shows the new container', async () => {
    const { wrapper, fake, form, router } = await mountForm();
    await wrapper.find('[data-testid="engine-select"]').setValue(PODMAN);
    await wrapper.find('[data-testid="image-input"]').setValue(' redis:7 ');
    await wrapper.find('[data-testid="name-input"]').setValue('cache');
    await wrapper.find('[data-testid="container-network-select"]').setValue('backend');
    await wrapper.find('[data-testid="command-input"]').setValue(`sh -c 'redis-server --port 6379' "two words"`);
    await wrapper.find('[data-testid="start-after-create"]').setValue(false);
    await wrapper.find('[data-testid="add-env"]').trigger('click');
    await wrapper.find('[data-testid="env-key"]').setValue('MODE');
    await wrapper.find('[data-testid="env-value"]').setValue('a=b c');
    await form.typeSpec(0, '127.0.0.1:6379:6379');
    await wrapper.find('[data-testid="add-port"]').trigger('click');
    await form.typeSpec(1, '9000-9001:9000-9001/udp');
    await settleChecks();
    expect(form.createDisabled()).toBe(false);

    await wrapper.find('[data-testid="create-button"]').trigger('click');
    await flushPromises();

    expect(fake.callsTo('containers.create')).toEqual([
      {
        engineId: PODMAN,
        image: 'redis:7',
        name: 'cache',
        network: 'backend',
        command: ['sh', '-c', 'redis-server --port 6379', 'two words'],
        env: ['MODE=a=b c'],
        start: false,
        ports: [
          { hostIp: '127.0.0.1', hostPortStart: 6379, hostPortEnd: 6379, containerPortStart: 6379, containerPortEnd: 6379, protocol: 'tcp' },
          { hostIp: '', hostPortStart: 9000, hostPortEnd: 9001, containerPortStart: 9000, containerPortEnd: 9001, protocol: 'udp' },
        ],
      },
    ]);
    await untilRoute(router, '/containers');
    const containers = useContainersStore();
    expect(containers.selectedKey).toBe(keyOf(PODMAN, 'new1'));
    expect(containers.selected?.name).toBe('cache');
  });

  it('refuses an unclosed quote, a bad variable name and a bad container name before sending', async () => {
    const { wrapper, form } = await mountForm();
    await wrapper.find('[data-testid="image-input"]').setValue('nginx');
    await wrapper.find('[data-testid="command-input"]').setValue(`echo 'hi`);
    expect(wrapper.find('[data-testid="command-error"]').text()).toContain('quote');
    expect(form.createDisabled()).toBe(true);
    await wrapper.find('[data-testid="command-input"]').setValue('');

    await wrapper.find('[data-testid="add-env"]').trigger('click');
    await wrapper.find('[data-testid="env-key"]').setValue('BAD KEY');
    expect(wrapper.find('[data-testid="env-error"]').exists()).toBe(true);
    expect(form.createDisabled()).toBe(true);
    await wrapper.find('[data-testid="env-key"]').setValue('GOOD');
    expect(form.createDisabled()).toBe(false);

    await wrapper.find('[data-testid="name-input"]').setValue('-web');
    expect(form.createDisabled()).toBe(true);
  });

  it('shows a CONFLICT from the engine with its holders and a link to the kept container', async () => {
    const fake = fakeWithEngines();
    fake.fail('containers.create', {
      code: 'CONFLICT',
      message: 'The engine refused to publish *:8080/tcp: it is held by pid 99 (python3 -m http.server). Container web2 was created and is kept (created).',
      details: {
        engineMessage: 'Bind for 0.0.0.0:8080 failed: port is already allocated',
        port: { hostIp: '', hostPort: 8080, protocol: 'tcp' },
        holders: [processHolder(8080, 99, 'python3 -m http.server')],
        container: { engineId: DOCKER, id: 'c9', name: 'web2' },
      },
    });
    const { wrapper, form, router } = await mountForm(fake);
    await wrapper.find('[data-testid="image-input"]').setValue('nginx');
    await form.typeSpec(0, '8080:80');
    await settleChecks();
    await wrapper.find('[data-testid="create-button"]').trigger('click');
    await flushPromises();

    const error = wrapper.find('[data-testid="create-error"]');
    expect(error.attributes('data-code')).toBe('CONFLICT');
    expect(error.text()).toContain('The engine refused to publish *:8080/tcp');
    expect(error.find('[data-testid="create-error-detail"]').text()).toContain('held by pid 99 (python3 -m http.server)');
    expect(router.currentRoute.value.path).toBe('/containers/new');

    await error.find('[data-testid="create-error-open"]').trigger('click');
    await untilRoute(router, '/containers');
    expect(useContainersStore().selectedKey).toBe(keyOf(DOCKER, 'c9'));
  });

  it('shows other errors inline and keeps the form', async () => {
    const fake = fakeWithEngines();
    fake.fail('containers.create', { code: 'ENGINE_ERROR', message: 'No such image: nginx:nope' });
    const { wrapper } = await mountForm(fake);
    await wrapper.find('[data-testid="image-input"]').setValue('nginx:nope');
    await wrapper.find('[data-testid="create-button"]').trigger('click');
    await flushPromises();
    expect(wrapper.find('[data-testid="create-error"]').text()).toContain('No such image: nginx:nope');
    expect(wrapper.find('[data-testid="create-error-open"]').exists()).toBe(false);
    expect((wrapper.find('[data-testid="image-input"]').element as HTMLInputElement).value).toBe('nginx:nope');
  });
});
