import { describe, expect, it } from 'vitest';
import type { Container, PortHolder } from '../../src/shared/contract';
import { findContainerByRef, formatHostPort, hostAddressesOverlap, isWildcardAddress, matchesContainerRef, portScheme } from '../../src/shared/host-address';
import { describeHolder } from '../../src/shared/port-holder-text';
import { portWarnings } from '../../src/shared/port-rules';
import { findOther, type DiagnosticsContext } from '../../src/main/services/diagnostics/checker';
import { FailureTally } from '../../src/main/services/diagnostics/failure-tally';
import { addressesOverlap, ClaimIndex } from '../../src/main/services/ports/port-claims';
import { publishedPorts } from '../../src/main/shell/tray-menu';
import { placeText } from '../../src/renderer/lib/port-holders';
import { hostIpsOverlap } from '../../src/renderer/lib/port-rows';
import { hostPrefix, portHref, publishedPortLinks } from '../../src/renderer/lib/ports';
import { hostPortLabel } from '../../src/renderer/lib/topology';
import { container, DOCKER, port } from '../renderer/support/fixtures';

/** [a, b, collide]: a wildcard of either family collides with every address (main's create rule). */
const OVERLAP: ReadonlyArray<readonly [string, string, boolean]> = [
  ['', '127.0.0.1', true],
  ['', '::1', true],
  ['0.0.0.0', '127.0.0.1', true],
  ['0.0.0.0', '::1', true], // Docker's 0.0.0.0 publish listens on IPv6 too (docker-proxy)
  ['::', '127.0.0.1', true], // :: binds both families unless v6-only
  ['[::]', '127.0.0.1', true],
  ['::', '::1', true],
  ['0.0.0.0', '::', true],
  ['127.0.0.1', '127.0.0.1', true],
  ['::1', '::1', true],
  ['::1', '[::1]', true],
  ['::1', '0:0:0:0:0:0:0:1', true],
  ['127.0.0.1', '::1', false],
  ['127.0.0.1', '192.168.1.10', false],
  ['10.0.0.1', '10.0.0.2', false],
  ['::1', 'fe80::1', false],
];

const claim = (hostIp: string) => ({
  kind: 'container' as const,
  engineId: DOCKER,
  containerId: 'c',
  containerName: 'c',
  state: 'running' as const,
  running: true,
  hostIp,
  hostPort: 8080,
  protocol: 'tcp' as const,
});

const OVERLAP_CALLERS: ReadonlyArray<readonly [string, (a: string, b: string) => boolean]> = [
  ['shared hostAddressesOverlap', hostAddressesOverlap],
  ['main port-claims addressesOverlap', addressesOverlap],
  ['main ClaimIndex.has', (a, b) => new ClaimIndex([claim(a)]).has(b, 8080, 'tcp')],
  ['renderer port-rows hostIpsOverlap', hostIpsOverlap],
];

describe.each(OVERLAP_CALLERS)('host address overlap through %s', (_, overlap) => {
  it.each(OVERLAP)('%j and %j collide: %s', (a, b, expected) => {
    expect(overlap(a, b)).toBe(expected);
    expect(overlap(b, a)).toBe(expected);
  });
});

/** [hostPort, containerPort, scheme]: https when either side is 443 or 8443. */
const SCHEME: ReadonlyArray<readonly [number, number, 'http' | 'https']> = [
  [8080, 80, 'http'],
  [3000, 3000, 'http'],
  [443, 443, 'https'],
  [8443, 8443, 'https'],
  [8443, 80, 'https'],
  [443, 8080, 'https'],
  [9443, 443, 'https'],
  [9443, 8443, 'https'],
  [9443, 9443, 'http'],
];

const SCHEME_CALLERS: ReadonlyArray<readonly [string, (hostPort: number, containerPort: number) => string]> = [
  ['shared portScheme', portScheme],
  ['main tray publishedPorts', (h, c) => publishedPorts(container({ id: 'a', name: 'a', ports: [port(h, c)] }))[0].url!.split(':')[0]],
  ['renderer portHref', (h, c) => portHref(h, c).split(':')[0]],
  ['renderer publishedPortLinks', (h, c) => publishedPortLinks([port(h, c)])[0].href.split(':')[0]],
];

describe.each(SCHEME_CALLERS)('port scheme through %s', (_, scheme) => {
  it.each(SCHEME)('%d → %d opens as %s', (hostPort, containerPort, expected) => {
    expect(scheme(hostPort, containerPort)).toBe(expected);
  });
});

/** [address, every interface?] */
const WILDCARD: ReadonlyArray<readonly [string, boolean]> = [
  ['', true],
  ['0.0.0.0', true],
  ['::', true],
  ['[::]', true],
  ['::ffff:0.0.0.0', true],
  ['127.0.0.1', false],
  ['::1', false],
  ['[::1]', false],
  ['192.168.1.10', false],
  ['host.docker.internal', false],
];

const holder = (hostIp: string): PortHolder => ({ kind: 'process', pid: 1, command: 'x', user: null, hostIp, hostPort: 8080, protocol: 'tcp' });

const WILDCARD_CALLERS: ReadonlyArray<readonly [string, (address: string) => boolean]> = [
  ['shared isWildcardAddress', isWildcardAddress],
  [
    'shared port-rules ALL_INTERFACES',
    (ip) =>
      portWarnings({ hostIp: ip, hostPortStart: 8080, hostPortEnd: null, containerPortStart: 80, containerPortEnd: 80, protocol: 'tcp' }).some(
        (w) => w.code === 'ALL_INTERFACES',
      ),
  ],
  ['shared describeHolder', (ip) => describeHolder(holder(ip)).endsWith(' *:8080/tcp')],
  [
    'main tray publishedPorts',
    (ip) => publishedPorts(container({ id: 'a', name: 'a', ports: [port(8080, 80, { hostIp: ip })] }))[0].label.startsWith('localhost:8080'),
  ],
  ['renderer hostPrefix', (ip) => hostPrefix(ip) === ''],
  ['renderer placeText', (ip) => placeText({ hostIp: ip, hostPort: 8080, protocol: 'tcp' }) === '8080/tcp'],
  ['renderer topology hostPortLabel', (ip) => hostPortLabel({ hostIp: ip, hostPort: 8080, protocol: 'tcp' }) === '*:8080'],
];

describe.each(WILDCARD_CALLERS)('"every interface" through %s', (_, wildcard) => {
  it.each(WILDCARD)('%j: %s', (address, expected) => {
    expect(wildcard(address)).toBe(expected);
  });
});

/** [address, port, written with '*' for a wildcard] */
const FORMAT: ReadonlyArray<readonly [string, number, string]> = [
  ['127.0.0.1', 8080, '127.0.0.1:8080'],
  ['::1', 8080, '[::1]:8080'],
  ['[::1]', 8080, '[::1]:8080'],
  ['0:0:0:0:0:0:0:1', 80, '[::1]:80'],
  ['2001:DB8:0:0:0:0:0:1', 443, '[2001:db8::1]:443'],
  ['fe80::1%eth0', 80, '[fe80::1%eth0]:80'],
  ['', 80, '*:80'],
  ['0.0.0.0', 80, '*:80'],
  ['::', 80, '*:80'],
];

const FORMAT_CALLERS: ReadonlyArray<readonly [string, (address: string, port: number) => string]> = [
  ['shared formatHostPort', (a, p) => formatHostPort(a, p)],
  [
    'shared describeHolder',
    (a, p) =>
      describeHolder({ ...holder(a), hostPort: p })
        .replace(/^.* listening on /, '')
        .replace(/\/tcp$/, ''),
  ],
  ['renderer topology hostPortLabel', (a, p) => hostPortLabel({ hostIp: a, hostPort: p, protocol: 'tcp' })],
  [
    'renderer placeText',
    (a, p) =>
      placeText({ hostIp: a, hostPort: p, protocol: 'tcp' })
        .replace(/\/tcp$/, '')
        .replace(/^(\d+)$/, '*:$1'),
  ],
  ['renderer hostPrefix', (a, p) => `${hostPrefix(a) || '*:'}${p}`],
  [
    'main tray publishedPorts',
    (a, p) =>
      publishedPorts(container({ id: 'a', name: 'a', ports: [port(p, 80, { hostIp: a })] }))[0]
        .label.replace(/ → .*$/, '')
        .replace(/^localhost:/, '*:'),
  ],
];

describe.each(FORMAT_CALLERS)('host and port through %s', (_, format) => {
  it.each(FORMAT)('%j port %d → %s', (address, p, expected) => {
    expect(format(address, p)).toBe(expected);
  });
});

it('formatHostPort writes a wildcard as asked: localhost, or the bare port', () => {
  expect(formatHostPort('0.0.0.0', 8080, 'localhost')).toBe('localhost:8080');
  expect(formatHostPort('[::]', 8080, '')).toBe('8080');
  expect(formatHostPort('::1', 8080, '')).toBe('[::1]:8080');
});

const ID = '3f4a9c0d12ab7e5f60718293a4b5c6d7e8f90123456789abcdef0123456789ab';
const web = { id: ID, name: 'web' };
/** Apple's `container` uses the name the user chose as the id. */
const apple = { id: 'my-app-container', name: 'my-app-container' };

/** [container, ref, names it?]: exact id, exact name, or a hex id prefix of 12 or more. */
const REF: ReadonlyArray<readonly [{ id: string; name: string }, string, boolean]> = [
  [web, ID, true],
  [web, 'web', true],
  [web, '/web', true],
  [web, ID.slice(0, 12), true],
  [web, ID.slice(0, 20), true],
  [web, ID.slice(0, 12).toUpperCase(), true],
  [web, ID.slice(0, 11), false],
  [web, ID.slice(0, 6), false],
  [web, 'we', false],
  [web, 'web2', false],
  [web, 'aaaaaaaaaaaa', false],
  [web, '', false],
  [apple, 'my-app-container', true],
  [apple, 'my-app-conta', false],
];

const asContainer = (c: { id: string; name: string }): Container => container({ id: c.id, name: c.name });

const REF_CALLERS: ReadonlyArray<readonly [string, (c: { id: string; name: string }, ref: string) => boolean]> = [
  ['shared matchesContainerRef', matchesContainerRef],
  ['shared findContainerByRef', (c, ref) => findContainerByRef([c], ref) === c],
  ['main diagnostics findOther', (c, ref) => findOther({ others: [asContainer(c)] } as unknown as DiagnosticsContext, ref)?.id === c.id],
  [
    'main FailureTally.get',
    (c, ref) => {
      const tally = new FailureTally();
      tally.record({ engineId: DOCKER, containerId: c.id, containerName: c.name }, [
        { id: 'dns-resolver', title: 't', status: 'fail', summary: '', evidence: [], fixes: [], durationMs: 1, timedOut: false },
      ]);
      return tally.get({ engineId: DOCKER, id: ref }).dnsFailures === 1;
    },
  ],
];

describe.each(REF_CALLERS)('container ref through %s', (_, matches) => {
  it.each(REF)('%j named by %j: %s', (c, ref, expected) => {
    expect(matches(c, ref)).toBe(expected);
  });
});

it('findContainerByRef prefers an exact id, then an exact name, over an id prefix', () => {
  const named = { id: 'b'.repeat(64), name: ID.slice(0, 12) };
  expect(findContainerByRef([web, named], ID.slice(0, 12))).toBe(named);
  expect(findContainerByRef([named, web], ID)).toBe(web);
  expect(findContainerByRef([web, named], 'nothing')).toBeUndefined();
});
