/**
 * Engine messages as printed by real engines. Sources: /work/shared/PEERS.md ("Port-conflict error
 * strings that engines print", quoted verbatim, "…" included), the issues it links, moby
 * libnetwork port_mapping_linux.go (v28) / portallocator osallocator_linux.go (v29), and passt conf.c.
 */
import { describe, expect, it } from 'vitest';
import { classifyEnginePortError, type EnginePortConflict } from '../../src/shared/engine-port-errors';

const hit = (hostIp: string, hostPort: number | null, protocol: EnginePortConflict['protocol'] = 'tcp'): EnginePortConflict => ({ hostIp, hostPort, protocol });

describe('classifyEnginePortError: the exact strings from PEERS.md', () => {
  it.each<[string, EnginePortConflict]>([
    ['Bind for 0.0.0.0:8000 failed: port is already allocated', hit('0.0.0.0', 8000)],
    ['Ports are not available: listen tcp 0.0.0.0:22: bind: address already in use', hit('0.0.0.0', 22)],
    ['Error starting userland proxy: … (Failure EADDRINUSE)', hit('', null)],
    ['cannot listen on the TCP port: listen tcp4 :5984: bind: address already in use', hit('', 5984)],
    ['failed to bind any port', hit('', null)],
    ["Failed to bind port 5000 (Address already in use) for option '-t …'", hit('', 5000)],
    ['something went wrong with the request: "proxy already running"', hit('', null)],
    ['unable to upgrade to tcp, received 409', hit('', null)],
    ['slirp_add_hostfwd failed', hit('', null)],
  ])('%s', (message, expected) => {
    expect(classifyEnginePortError(message)).toEqual(expected);
  });
});

describe('classifyEnginePortError: full messages from Docker', () => {
  it.each<[string, EnginePortConflict]>([
    [
      'Error response from daemon: driver failed programming external connectivity on endpoint web (3e5c6aee731e): Bind for 0.0.0.0:8080 failed: port is already allocated',
      hit('0.0.0.0', 8080),
    ],
    ['Cannot start container 90682f7e41f7: Bind for 192.168.10.10:443 failed: port is already allocated', hit('192.168.10.10', 443)],
    ['Bind for [::]:8080 failed: port is already allocated', hit('::', 8080)],
    // Older moby printed IPv6 without brackets.
    ['Bind for :::80 failed: port is already allocated', hit('::', 80)],
    [
      'driver failed programming external connectivity on endpoint nginx-proxy (669659d666e6): Error starting userland proxy: Bind for 0.0.0.0:80: unexpected error (Failure EADDRINUSE)',
      hit('0.0.0.0', 80),
    ],
    ['Error starting userland proxy: listen tcp4 0.0.0.0:80: bind: address already in use', hit('0.0.0.0', 80)],
    ['Error starting userland proxy: listen tcp6 [::]:8080: bind: address already in use', hit('::', 8080)],
    ['Error starting userland proxy: listen udp 0.0.0.0:53: bind: address already in use', hit('0.0.0.0', 53, 'udp')],
    [
      'driver failed programming external connectivity on endpoint phpapp_nginx_1 (c3fae16f): Error starting userland proxy: Failed to bind: EADDRINUSE',
      hit('', null),
    ],
    // Docker Desktop, macOS and Windows.
    [
      'Error response from daemon: Ports are not available: exposing port TCP 0.0.0.0:5000 -> 0.0.0.0:0: listen tcp 0.0.0.0:5000: bind: address already in use',
      hit('0.0.0.0', 5000),
    ],
    [
      'Ports are not available: exposing port UDP 127.0.0.1:5353 -> 0.0.0.0:0: listen udp 127.0.0.1:5353: bind: Only one usage of each socket address (protocol/network address/port) is normally permitted.',
      hit('127.0.0.1', 5353, 'udp'),
    ],
    [
      'Ports are not available: exposing port TCP 0.0.0.0:5432 -> 0.0.0.0:0: listen tcp 0.0.0.0:5432: bind: An attempt was made to access a socket in a way forbidden by its access permissions.',
      hit('0.0.0.0', 5432),
    ],
    // moby 28: the binding names the container address too; the host side is what counts.
    [
      'Error response from daemon: failed to set up container networking: driver failed programming external connectivity on endpoint avatar-app-1 (f8a30e4fb223): failed to bind host port for 0.0.0.0:8000:172.31.0.2:8000/tcp: address already in use',
      hit('0.0.0.0', 8000),
    ],
    ['failed to bind host port for 127.0.0.1:57005:172.19.0.2:5432/tcp: address already in use', hit('127.0.0.1', 57005)],
    ['failed to bind host port for [::]:8080:[fd00::2]:80/udp: address already in use', hit('::', 8080, 'udp')],
    ['failed to bind host port 8001 for 0.0.0.0:8000-8010:172.17.0.2:80/tcp: address already in use', hit('0.0.0.0', 8001)],
    // moby 29.
    ['failed to set up container networking: failed to bind host port 0.0.0.0:3306/tcp: address already in use', hit('0.0.0.0', 3306)],
    ['failed to bind host port 127.0.0.1:5432/tcp: address already in use', hit('127.0.0.1', 5432)],
    ['failed to bind host port [::1]:16379/udp: address already in use', hit('::1', 16379, 'udp')],
    ['Error response from daemon: driver failed programming external connectivity on endpoint x (abc): address already in use', hit('', null)],
  ])('%s', (message, expected) => {
    expect(classifyEnginePortError(message)).toEqual(expected);
  });
});

describe('classifyEnginePortError: full messages from Podman', () => {
  it.each<[string, EnginePortConflict]>([
    ['Error: cannot listen on the TCP port: listen tcp4 :80: bind: address already in use', hit('', 80)],
    ['Error: cannot listen on the UDP port: listen udp4 :53: bind: address already in use', hit('', 53, 'udp')],
    ['ERRO[0003] failed to expose ports via rootlessport: "listen tcp 0.0.0.0:9080: bind: address already in use\\n"', hit('0.0.0.0', 9080)],
    ['Error: rootlessport listen tcp 0.0.0.0:8080: bind: address already in use', hit('0.0.0.0', 8080)],
    ['Error: rootlessport listen udp6 [::1]:5353: bind: address already in use', hit('::1', 5353, 'udp')],
    ["Error: pasta failed with exit code 1:\nFailed to bind port 2222 (Address already in use) for option '-t 2222-2222:22-22', exiting", hit('', 2222)],
    [
      "error: Container failed to be started: Internal Server Error: pasta failed with exit code 1:\nNo routable interface for IPv6: IPv6 is disabled\nFailed to bind port 5000 (Address already in use) for option '-t 5000-5000:5000-5000', exiting",
      hit('', 5000),
    ],
    ["Failed to bind port 5353 (Address already in use) for option '-u 127.0.0.1/5353-5353:53-53', exiting", hit('127.0.0.1', 5353, 'udp')],
    ["Error: pasta failed with exit code 1:\nFailed to bind any port for '-t 8080-8080:80-80', exiting", hit('', 8080)],
    ["Failed to bind any port for '-t ::1%lo/8443-8443:443-443', exiting", hit('::1', 8443)],
    ['Error: unable to start container "abc": something went wrong with the request: "proxy already running"', hit('', null)],
    ['Error: something went wrong with the request: "listen tcp 127.0.0.1:8080: bind: address already in use"', hit('127.0.0.1', 8080)],
    ['Error: preparing container 1b2c for attach: unable to upgrade to tcp, received 409', hit('', null)],
    ['Error: failed to expose ports via slirp4netns: "{\\"error\\":\\"add_hostfwd: slirp_add_hostfwd failed\\"}"', hit('', null)],
  ])('%s', (message, expected) => {
    expect(classifyEnginePortError(message)).toEqual(expected);
  });
});

describe('classifyEnginePortError: not a port conflict', () => {
  it.each([
    'Error response from daemon: No such image: nginx:latst',
    'Error response from daemon: Conflict. The container name "/web" is already in use by container "abc".',
    // Docker IPAM: a static --ip that another container holds, not a port.
    'Error response from daemon: Address already in use',
    // A Unix socket, not a TCP/UDP port.
    'failed to start daemon: listen unix /var/run/docker.sock: bind: address already in use',
    'Error: listen unix /run/user/1000/podman/podman.sock: bind: address already in use',
    // Privileged ports are a different problem (see PRIVILEGED_PORT).
    "rootlessport cannot expose privileged port 80, you can add 'net.ipv4.ip_unprivileged_port_start=80' to /etc/sysctl.conf (currently 1024), or choose a larger port number (>= 1024): listen tcp 0.0.0.0:80: bind: permission denied",
    'Ports are not available: exposing port TCP 0.0.0.0:80 -> 0.0.0.0:0: listen tcp 0.0.0.0:80: bind: permission denied',
    "Failed to bind port 80 (Permission denied) for option '-t 80-80:80-80', exiting",
    'OCI runtime create failed: container_linux.go:380: starting container process caused: exec: "bash": executable file not found in $PATH',
    'port 8080 is fine',
    '',
  ])('%j', (message) => {
    expect(classifyEnginePortError(message)).toBeNull();
  });
});
