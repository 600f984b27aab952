import { describe, expect, it } from 'vitest';
import { parseDockerProxyArgs, recogniseEngineProxy } from '../../../../src/main/services/ports/engine-proxies';
import { fixture } from './fake-proc';

const argvOf = async (path: string) => (await fixture(path)).split('\0').filter(Boolean);

describe('docker-proxy', () => {
  it('parses the captured command lines back to the container', async () => {
    expect(recogniseEngineProxy(await argvOf('docker-proxy/proc-pid-14301/cmdline'))).toEqual({
      proxy: 'docker-proxy',
      protocol: 'tcp',
      hostIp: '127.0.0.1',
      hostPort: 18999,
      containerIp: '172.17.0.2',
      containerPort: 80,
    });
    expect(recogniseEngineProxy(await argvOf('docker-proxy/proc-pid-14518/cmdline'))).toEqual({
      proxy: 'docker-proxy',
      protocol: 'udp',
      hostIp: '::',
      hostPort: 18996,
      containerIp: '172.17.0.3',
      containerPort: 53,
    });
  });

  it('accepts the Go flag spellings (--flag, -flag=value) and ignores flags it does not know', () => {
    expect(
      parseDockerProxyArgs([
        'docker-proxy',
        '--proto=tcp',
        '--host-ip=0.0.0.0',
        '-host-port',
        '8080',
        '-container-ip',
        '172.17.0.2',
        '-container-port=80',
        '-use-listen-fd',
      ]),
    ).toEqual({ protocol: 'tcp', hostIp: '0.0.0.0', hostPort: 8080, containerIp: '172.17.0.2', containerPort: 80 });
  });

  it('leaves out what is missing or malformed rather than inventing it', () => {
    expect(parseDockerProxyArgs(['docker-proxy', '-host-port', 'eighty', '-container-ip'])).toEqual({});
  });

  it('works from a space-joined command line or just the process name', () => {
    expect(
      recogniseEngineProxy('/usr/sbin/docker-proxy -proto tcp -host-ip 127.0.0.1 -host-port 18999 -container-ip 172.17.0.2 -container-port 80'),
    ).toMatchObject({
      containerIp: '172.17.0.2',
      containerPort: 80,
    });
    expect(recogniseEngineProxy(null, 'docker-proxy')).toEqual({ proxy: 'docker-proxy' });
  });
});

describe('Podman', () => {
  it('conmon (rootful, captured) names its container', async () => {
    expect(recogniseEngineProxy(await argvOf('podman-conmon/proc-pid-14874/cmdline'))).toEqual({
      proxy: 'conmon',
      containerId: '2bd35372ee7f68c6e9e3b839658706688b8b869ff2042617cfe87b3e19a99721',
      containerName: 'ck-hp-probe2',
    });
  });

  it.each([
    [['/usr/libexec/podman/rootlessport'], 'rootlessport'],
    [['rootlessport-child'], 'rootlessport'],
    [['/usr/bin/slirp4netns', '--disable-host-loopback', '--mtu=65520'], 'slirp4netns'],
    [['/usr/bin/pasta', '--config-net', '-t', '8080-8080:80-80'], 'pasta'],
    [['/usr/bin/passt'], 'passt'],
    [['/opt/podman/bin/gvproxy', '-mtu', '1500'], 'gvproxy'],
    [['rootlesskit', '--net=slirp4netns'], 'rootlesskit'],
  ])('%j → %s', (argv, proxy) => {
    expect(recogniseEngineProxy(argv)?.proxy).toBe(proxy);
  });
});

describe('desktop engines', () => {
  it.each([
    ['/Applications/Docker.app/Contents/MacOS/com.docker.backend', 'com.docker.backend'],
    ['C:\\Program Files\\Docker\\Docker\\resources\\com.docker.backend.exe', 'com.docker.backend'],
    ['com.docker.vpnkit', 'com.docker.vpnkit'],
    ['vpnkit-bridge', 'vpnkit-bridge'],
    ['com.docke', 'com.docker.backend'], // lsof's 9-character table column
    ['wslrelay.exe', 'wslrelay'],
    ['OrbStack Helper', 'orbstack'],
    ['/Applications/OrbStack.app/Contents/Frameworks/OrbStack Helper.app/Contents/MacOS/OrbStack Helper', 'orbstack'],
  ])('%s → %s', (command, proxy) => {
    expect(recogniseEngineProxy(null, command)?.proxy ?? recogniseEngineProxy(command)?.proxy).toBe(proxy);
  });

  it('Lima: the hostagent forwards ports; other limactl commands do not', () => {
    expect(recogniseEngineProxy(['limactl', 'hostagent', '--pidfile', 'ha.pid', 'colima'])?.proxy).toBe('limactl');
    expect(recogniseEngineProxy(['limactl', 'shell', 'default'])).toBeNull();
  });

  it("ssh counts only when it is Lima's or Colima's forwarder, not a user's own tunnel", () => {
    expect(recogniseEngineProxy(['ssh', '-F', '/Users/me/.lima/default/ssh.config', '-L', '127.0.0.1:8080:127.0.0.1:8080', 'lima-default'])?.proxy).toBe(
      'lima-ssh',
    );
    expect(recogniseEngineProxy(['/usr/bin/ssh', '-F', '/Users/me/.colima/_lima/colima/ssh.config', 'lima-colima'])?.proxy).toBe('lima-ssh');
    expect(recogniseEngineProxy(['ssh', '-L', '5432:db.internal:5432', 'bastion'])).toBeNull();
  });

  it('ordinary programs are not proxies', () => {
    expect(recogniseEngineProxy(['node', 'listeners.cjs'])).toBeNull();
    expect(recogniseEngineProxy('/usr/sbin/nginx -g daemon off;')).toBeNull();
    expect(recogniseEngineProxy(null, null)).toBeNull();
    expect(recogniseEngineProxy([], 'svchost.exe')).toBeNull();
  });
});
