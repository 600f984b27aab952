// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PortCheck } from '../../../src/shared/contract';
import NewContainerView from '../../../src/renderer/views/NewContainerView.vue';
import { FakeTransport } from '../support/fake-transport';
import { engine } from '../support/fixtures';
import { mountWith } from '../support/mount';
import { containerHolder, deferred, portForm, processHolder, proxyHolder, settleChecks } from '../support/ports';

let unmount: (() => void) | null = null;
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
});
afterEach(() => {
  unmount?.();
  unmount = null;
  vi.useRealTimers();
});

async function mountForm(fake = new FakeTransport()) {
  if (!fake.engines.length) fake.engines = [engine()];
  const mounted = await mountWith(NewContainerView, fake, '/containers/new');
  unmount = () => mounted.wrapper.unmount();
  await mounted.wrapper.find('[data-testid="image-input"]').setValue('nginx:1.27');
  return { ...mounted, form: portForm(mounted.wrapper) };
}

describe('NewContainerView: port rows', () => {
  it('shows the parser message on every keystroke and disables Create for an invalid spec', async () => {
    const { wrapper, fake, form } = await mountForm();
    expect(form.rows()).toHaveLength(1);

    await form.typeSpec(0, '80a');
    expect(form.row(0).find('[data-testid="port-error"]').text()).toContain('80a');
    expect(form.specInput(0).attributes('aria-invalid')).toBe('true');
    expect(form.createDisabled()).toBe(true);

    await form.typeSpec(0, '127.0.0.1:99999:80');
    expect(form.row(0).find('[data-testid="port-error"]').text()).toContain('99999');

    await settleChecks();
    expect(fake.callsTo('ports.check')).toEqual([]); // an invalid row is never sent
    expect(wrapper.find('[data-testid="create-blocked"]').text()).toContain('invalid');
  });

  it('checks a valid spec live, names the holder, and disables Create while it conflicts', async () => {
    const fake = new FakeTransport();
    fake.portHolders = [processHolder(8080)];
    const { form } = await mountForm(fake);

    await form.typeSpec(0, '8080:80');
    expect(form.specInput(0).attributes('aria-invalid')).toBe('false');
    expect(form.createDisabled()).toBe(true); // still checking
    await settleChecks();

    expect(fake.callsTo('ports.check')).toEqual([
      { specs: [{ hostIp: '', hostPortStart: 8080, hostPortEnd: 8080, containerPortStart: 80, containerPortEnd: 80, protocol: 'tcp' }] },
    ]);
    expect(form.row(0).find('[data-testid="port-conflict"]').text()).toContain('held by pid 1234 (node server.js)');
    expect(form.row(0).find('[data-testid="port-free"]').exists()).toBe(false);
    expect(form.row(0).find('[data-testid="use-suggestion"]').text()).toContain('8081');
    expect(form.createDisabled()).toBe(true);
  });

  it('"Use 8081" replaces the host port, checks again and enables Create once free', async () => {
    const fake = new FakeTransport();
    fake.portHolders = [processHolder(8080)];
    const { form } = await mountForm(fake);
    await form.typeSpec(0, '8080:80');
    await settleChecks();

    await form.row(0).find('[data-testid="use-suggestion"]').trigger('click');
    expect(form.specValues()).toEqual(['8081:80']);
    expect((form.row(0).find('[data-testid="host-port-input"]').element as HTMLInputElement).value).toBe('8081');
    expect(form.createDisabled()).toBe(true);
    await settleChecks();

    const checks = fake.callsTo('ports.check') as { specs: { hostPortStart: number }[] }[];
    expect(checks.map((c) => c.specs[0].hostPortStart)).toEqual([8080, 8081]);
    expect(form.row(0).find('[data-testid="port-free"]').exists()).toBe(true);
    expect(form.row(0).find('[data-testid="port-conflict"]').exists()).toBe(false);
    expect(form.createDisabled()).toBe(false);
  });

  it('describes container and engine-proxy holders', async () => {
    const fake = new FakeTransport();
    fake.portHolders = [containerHolder(8080, 'web'), containerHolder(5432, 'db', false), proxyHolder(9000, 'api')];
    const { wrapper, form } = await mountForm(fake);
    await wrapper.find('[data-testid="paste-ports"]').setValue('8080:80 5432:5432 9000:9000');
    await wrapper.find('[data-testid="paste-ports-apply"]').trigger('click');
    await settleChecks();

    const text = (i: number) => form.row(i).find('[data-testid="port-conflict"]').text();
    expect(text(0)).toContain('published by container web (Docker 27.3.1)');
    expect(text(1)).toContain('claimed by stopped container db — it will clash when it starts');
    expect(text(2)).toContain('held by docker-proxy for container api');
  });

  it('pasting "-p 8080:80 127.0.0.1:5432:5432/tcp" adds two rows; a bad paste says why', async () => {
    const { wrapper, form } = await mountForm();
    await wrapper.find('[data-testid="paste-ports"]').setValue('-p 8080:80 127.0.0.1:5432:5432/tcp');
    await wrapper.find('[data-testid="paste-ports-apply"]').trigger('click');
    expect(form.specValues()).toEqual(['8080:80', '127.0.0.1:5432:5432']); // the empty row made room
    expect((wrapper.find('[data-testid="paste-ports"]').element as HTMLTextAreaElement).value).toBe('');

    await wrapper.find('[data-testid="paste-ports"]').setValue('9090:90, 80x');
    await wrapper.find('[data-testid="paste-ports-apply"]').trigger('click');
    expect(wrapper.find('[data-testid="paste-error"]').text()).toContain('80x');
    expect(form.rows()).toHaveLength(2);
  });

  it('a preset adds its usual mapping, bound to this machine', async () => {
    const { wrapper, form } = await mountForm();
    await wrapper.find('[data-testid="preset-postgresql"]').trigger('click');
    expect(form.specValues()).toEqual(['127.0.0.1:5432:5432']);
    await wrapper.find('[data-testid="preset-http"]').trigger('click');
    expect(form.specValues()).toEqual(['127.0.0.1:5432:5432', '127.0.0.1:8080:80']);
    expect((form.row(0).find('[data-testid="host-ip-input"]').element as HTMLSelectElement).value).toBe('127.0.0.1');
  });

  it('flags two rows claiming the same host port', async () => {
    const { wrapper, form } = await mountForm();
    await form.typeSpec(0, '8080:80');
    await wrapper.find('[data-testid="add-port"]').trigger('click');
    await form.typeSpec(1, '127.0.0.1:8080:81');
    await settleChecks();

    expect(form.row(0).find('[data-testid="port-duplicate"]').text()).toContain('Row 2');
    expect(form.row(1).find('[data-testid="port-duplicate"]').text()).toContain('Row 1');
    expect(form.createDisabled()).toBe(true);

    await form.row(1).find('[data-testid="protocol-select"]').setValue('udp');
    expect(form.specValues()[1]).toBe('127.0.0.1:8080:81/udp');
    await settleChecks();
    expect(wrapper.find('[data-testid="port-duplicate"]').exists()).toBe(false);
    expect(form.createDisabled()).toBe(false);
  });

  it('editing the fields rewrites the spec, and warnings offer their fix', async () => {
    const fake = new FakeTransport();
    fake.warningsFor = (spec) =>
      spec.hostIp === ''
        ? [{ code: 'ALL_INTERFACES', message: 'Published on all interfaces', fix: 'Bind it to 127.0.0.1', fixedSpec: { ...spec, hostIp: '127.0.0.1' } }]
        : [];
    const { form } = await mountForm(fake);
    await form.row(0).find('[data-testid="container-port-input"]').setValue('80');
    await form.row(0).find('[data-testid="host-port-input"]').setValue('8088');
    expect(form.specValues()).toEqual(['8088:80']);
    await settleChecks();

    expect(form.row(0).find('[data-testid="port-warning"]').text()).toContain('Bind it to 127.0.0.1');
    await form.row(0).find('[data-testid="apply-fix"]').trigger('click');
    expect(form.specValues()).toEqual(['127.0.0.1:8088:80']);
    await settleChecks();
    expect(form.row(0).find('[data-testid="port-warning"]').exists()).toBe(false);

    await form.row(0).find('[data-testid="host-ip-input"]').setValue('::1');
    expect(form.specValues()).toEqual(['[::1]:8088:80']);
    expect(form.row(0).find('[data-testid="port-error"]').exists()).toBe(false);
  });

  it('a failed check is reported once and does not hold Create back (the engine still refuses a taken port)', async () => {
    const fake = new FakeTransport();
    fake.fail('ports.check', { code: 'INTERNAL', message: 'cannot read the host sockets' });
    const { wrapper, form } = await mountForm(fake);
    await form.typeSpec(0, '127.0.0.1:8080:80');
    expect(form.row(0).find('[data-testid="port-checking"]').exists()).toBe(true);
    await settleChecks();
    expect(wrapper.find('[data-testid="port-check-error"]').text()).toContain('cannot read the host sockets');
    expect(form.row(0).find('[data-testid="port-checking"]').exists()).toBe(false);
    expect(form.createDisabled()).toBe(false);
  });

  it('ignores a check answer that arrives after a newer one', async () => {
    const fake = new FakeTransport();
    const answers: { specs: number; answer: ReturnType<typeof deferred<{ checks: PortCheck[] }>> }[] = [];
    fake.handle('ports.check', (r) => {
      const answer = deferred<{ checks: PortCheck[] }>();
      answers.push({ specs: r.specs.length, answer });
      return answer.promise;
    });
    const { wrapper, form } = await mountForm(fake);
    await form.typeSpec(0, '8080:80');
    await settleChecks();
    await wrapper.find('[data-testid="add-port"]').trigger('click');
    await form.typeSpec(1, '9090:90');
    await settleChecks();
    expect(answers.map((a) => a.specs)).toEqual([1, 2]);

    // The newer request (both rows free) answers first, then the stale one (8080 taken).
    fake.portHolders = [];
    const [first, second] = answers;
    second.answer.resolve({ checks: [fake.checkSpec(specOf('8080:80')), fake.checkSpec(specOf('9090:90'))] });
    await flushPromises();
    fake.portHolders = [processHolder(8080)];
    first.answer.resolve({ checks: [fake.checkSpec(specOf('8080:80'))] });
    await flushPromises();

    expect(form.row(0).find('[data-testid="port-free"]').exists()).toBe(true);
    expect(wrapper.find('[data-testid="port-conflict"]').exists()).toBe(false);
    expect(form.createDisabled()).toBe(false);
  });
});

function specOf(text: string) {
  const [host, container] = text.split(':').map(Number);
  return { hostIp: '', hostPortStart: host, hostPortEnd: host, containerPortStart: container, containerPortEnd: container, protocol: 'tcp' as const };
}
