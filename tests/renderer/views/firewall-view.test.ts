// @vitest-environment happy-dom
import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import FirewallView from '../../../src/renderer/views/FirewallView.vue';
import { firewallStatus } from '../support/fake-diagnostics';
import { FakeTransport } from '../support/fake-transport';
import { mountWith } from '../support/mount';

let wrapper: VueWrapper | null = null;
afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
});

async function open(fake = new FakeTransport()) {
  const mounted = await mountWith(FirewallView, fake, '/firewall');
  wrapper = mounted.wrapper;
  return mounted;
}

describe('Firewall view', () => {
  it('shows the platform, each firewall with its state, facts and errors, chains and notes', async () => {
    const { wrapper } = await open();
    expect(wrapper.find('h1').text()).toBe('Firewall');
    expect(wrapper.find('[data-testid="fw-platform"]').text()).toBe('Linux');
    const [ufw, nft] = wrapper.findAll('[data-testid="fw-entry"]');
    expect(ufw.find('h3').text()).toBe('ufw');
    expect(ufw.text()).toContain('Active');
    expect(ufw.find('.kv').text()).toContain('Default incoming');
    expect(nft.attributes('data-active')).toBe('null');
    expect(nft.text()).toContain('State unknown');
    expect(nft.find('[data-testid="fw-entry-error"]').text()).toContain('Permission denied — run as root');
    expect(wrapper.findAll('[data-testid="fw-chains"] code').map((c) => c.text())).toEqual(['DOCKER', 'DOCKER-USER']);
    expect(wrapper.find('[data-testid="fw-notes"]').text()).toContain("Docker's published ports bypass ufw rules.");
  });

  it('lists firewalls that are not installed on one line, not as cards with errors', async () => {
    const fake = new FakeTransport();
    fake.firewall = firewallStatus();
    fake.firewall.firewalls.push(
      { name: 'firewalld', installed: false, active: false, summary: 'firewalld is not installed', error: null, facts: [] },
      { name: 'iptables', installed: false, active: false, summary: 'iptables is not installed', error: null, facts: [] },
    );
    const { wrapper } = await open(fake);
    expect(wrapper.findAll('[data-testid="fw-entry"]').map((e) => e.attributes('data-name'))).toEqual(['ufw', 'nftables']);
    expect(wrapper.find('[data-testid="fw-absent"]').text()).toBe('Not installed: firewalld, iptables.');
  });

  it('lists published ports with their reachability, reasons and exact commands', async () => {
    const fake = new FakeTransport();
    fake.firewall = firewallStatus();
    fake.firewall.ports.push({
      ...fake.firewall.ports[0],
      containerId: 'c3',
      containerName: '/v6',
      hostIp: '::',
      hostPort: 8443,
      containerPort: 443,
      reachableFromOutside: 'unknown',
      reasons: ['nftables ruleset could not be read'],
      commands: [],
    });
    const { wrapper } = await open(fake);
    const rows = wrapper.findAll('[data-testid="fw-port-row"]');
    expect(rows.map((r) => [r.attributes('data-container'), r.attributes('data-reachable'), r.find('[data-testid="fw-reachable"]').text()])).toEqual([
      ['web', 'yes', 'Yes'],
      ['api', 'no', 'No'],
      ['v6', 'unknown', 'Unknown'],
    ]);
    expect(rows[0].text()).toContain('0.0.0.0:8080 → 80/tcp');
    expect(rows[1].text()).toContain('127.0.0.1:9000 → 9000/tcp');
    expect(rows[2].text()).toContain('[::]:8443 → 443/tcp');
    expect(rows[0].text()).toContain("Docker's published ports bypass ufw");
    expect(rows[0].find('code').text()).toBe('sudo iptables -I DOCKER-USER -p tcp --dport 80 -j DROP');
    expect(wrapper.find('thead').text()).toContain('Reachable from other machines');
  });

  it('refreshes on request and keeps the last status next to an error', async () => {
    const { wrapper, fake } = await open();
    expect(fake.callsTo('firewall.status')).toEqual([{}]);
    fake.firewall = firewallStatus({ ports: [], platformName: 'Linux' });
    await wrapper.find('[data-testid="fw-refresh"]').trigger('click');
    await flushPromises();
    expect(fake.callsTo('firewall.status')).toHaveLength(2);
    expect(wrapper.find('[data-testid="fw-no-ports"]').exists()).toBe(true);

    fake.fail('firewall.status', { code: 'UNSUPPORTED', message: 'cannot read the firewall here' });
    await wrapper.find('[data-testid="fw-refresh"]').trigger('click');
    await flushPromises();
    expect(wrapper.find('[data-testid="fw-error"]').text()).toContain('cannot read the firewall here');
    expect(wrapper.findAll('[data-testid="fw-entry"]')).toHaveLength(2);
  });
});
