// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { setTransport } from '../../../src/renderer/api/client';
import { useDnsStore } from '../../../src/renderer/stores/dns';
import { FakeTransport } from '../support/fake-transport';
import { resolveResult } from '../support/fake-networks';
import { DOCKER } from '../support/fixtures';
import { deferred } from '../support/ports';

let fake: FakeTransport;
beforeEach(() => {
  fake = new FakeTransport();
  setTransport(fake);
  setActivePinia(createPinia());
});

const web = { engineId: DOCKER, id: 'a1' };

describe('dns store', () => {
  it('keeps only the newest lookup per container when answers arrive out of order', async () => {
    const slow = deferred<ReturnType<typeof resolveResult>>();
    fake.handle('dns.resolve', (r) => (r.name === 'old' ? slow.promise : resolveResult(r.name, ['10.0.0.2'])));
    const dns = useDnsStore();
    const first = dns.resolve(web, 'old');
    await dns.resolve(web, 'new');
    slow.resolve(resolveResult('old', ['10.0.0.1']));
    await first;
    expect(dns.lookupFor(web).data?.name).toBe('new');
    expect(dns.lookupFor(web).pending).toBe(false);
    expect(dns.lookupFor({ engineId: DOCKER, id: 'other' }).data).toBeNull();
  });

  it('reads the host resolver and manages Apple DNS domains', async () => {
    const dns = useDnsStore();
    expect((await dns.hostConfig())?.nameservers).toEqual(['192.168.1.1']);
    expect(dns.host.data?.source).toBe('/etc/resolv.conf');
    await dns.listDomains(DOCKER);
    await dns.createDomain(DOCKER, 'test', '127.0.0.1');
    expect(fake.callsTo('dns.domains.create')).toEqual([{ engineId: DOCKER, domain: 'test', localhost: '127.0.0.1' }]);
    expect(dns.domains[DOCKER].data).toEqual(['test']);
    await dns.deleteDomain(DOCKER, 'test');
    expect(dns.domains[DOCKER].data).toEqual([]);

    fake.fail('dns.hostConfig', { code: 'UNSUPPORTED', message: 'no resolver tool on this host' });
    await dns.hostConfig();
    expect(dns.host.error?.code).toBe('UNSUPPORTED');
  });
});
