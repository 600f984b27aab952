import cytoscape from 'cytoscape';
import { describe, expect, it } from 'vitest';
import { mapLayout, mapStyle } from '../../../src/renderer/lib/map-style';
import { buildTopology, hostPortLabel, nodeSignature, type Topology } from '../../../src/renderer/lib/topology';
import { DOCKER, container, network, port, userNetwork } from '../support/fixtures';
import { fleet } from '../support/topology-fixture';

const ids = (t: Topology, kind: string) => t.nodes.filter((n) => n.data.kind === kind).map((n) => n.data.id);

describe('topology builder', () => {
  it('makes a node per network, container and host port, and joins them', () => {
    const t = buildTopology({
      networks: [
        userNetwork('backend'),
        userNetwork('bridge', { id: 'bridge-id', isDefault: true, subnets: [{ subnet: '172.17.0.0/16', gateway: null, ipRange: null }] }),
      ],
      containers: [
        container({
          id: 'a1',
          name: '/web',
          ports: [port(8080, 80), port(8080, 80, { hostIp: '::' }), port(5353, 53, { protocol: 'udp', hostIp: '127.0.0.1' }), port(null, 9000)],
          networks: [network('backend', '10.10.0.5', { networkId: 'backend-id' }), network('bridge', '172.17.0.2')],
        }),
        container({ id: 'b2', name: 'db', state: 'exited', networks: [network('backend', '10.10.0.6', { networkId: 'backend-id' })] }),
      ],
    });
    expect(ids(t, 'network')).toEqual([`net:${DOCKER}#backend`, `net:${DOCKER}#bridge`]);
    expect(ids(t, 'container')).toEqual([`ctr:${DOCKER}#b2`, `ctr:${DOCKER}#a1`]); // both on backend: by name
    expect(ids(t, 'port')).toEqual(['port:*:8080', 'port:127.0.0.1:5353/udp']); // the IPv6 twin collapses; exposed-only has no node

    const web = t.nodes.find((n) => n.data.id === `ctr:${DOCKER}#a1`)!.data;
    expect(web).toMatchObject({ label: 'web\n10.10.0.5\n172.17.0.2', text: 'web 10.10.0.5 172.17.0.2', tone: 'ok', ref: `${DOCKER}#a1` });
    expect(t.nodes.find((n) => n.data.id === `ctr:${DOCKER}#b2`)!.data.tone).toBe('off');
    expect(t.nodes.find((n) => n.data.id === `net:${DOCKER}#bridge`)!.data).toMatchObject({
      isDefault: true,
      label: 'bridge\n172.17.0.0/16',
      text: 'network bridge bridge 172.17.0.0/16',
    });
    expect(t.nodes.find((n) => n.data.id === 'port:*:8080')!.data.href).toBe('http://localhost:8080');
    expect(t.nodes.find((n) => n.data.id === 'port:127.0.0.1:5353/udp')!.data.href).toBeNull();

    const edges = t.edges.map((e) => [e.data.source, e.data.target, e.data.label]);
    expect(edges).toEqual([
      [`ctr:${DOCKER}#b2`, `net:${DOCKER}#backend`, '10.10.0.6'],
      [`ctr:${DOCKER}#a1`, `net:${DOCKER}#backend`, '10.10.0.5'],
      [`ctr:${DOCKER}#a1`, `net:${DOCKER}#bridge`, '172.17.0.2'],
      ['port:*:8080', `ctr:${DOCKER}#a1`, '→80'],
      ['port:127.0.0.1:5353/udp', `ctr:${DOCKER}#a1`, '→53'],
    ]);
  });

  it('adds a node for a network it was not told about, and one for a host-mode container without attachments', () => {
    const t = buildTopology({
      networks: [],
      containers: [
        container({ id: 'a1', name: 'x', networks: [network('mystery', '10.1.0.2')] }),
        container({ id: 'h1', name: 'h', networks: [], networkMode: 'host' }),
        container({ id: 's1', name: 'shared', networks: [], networkMode: 'container:a1' }),
      ],
    });
    expect(ids(t, 'network')).toEqual([`net:${DOCKER}#mystery`, `net:${DOCKER}#host`]);
    expect(t.edges.map((e) => e.data.id)).toEqual([`att:ctr:${DOCKER}#a1>net:${DOCKER}#mystery`, `att:ctr:${DOCKER}#h1>net:${DOCKER}#host`]);
  });

  it('labels host ports host:port', () => {
    expect(hostPortLabel({ hostIp: '', hostPort: 80, protocol: 'tcp' })).toBe('*:80');
    expect(hostPortLabel({ hostIp: '::1', hostPort: 80, protocol: 'tcp' })).toBe('[::1]:80');
    expect(hostPortLabel({ hostIp: '10.0.0.1', hostPort: 53, protocol: 'sctp' })).toBe('10.0.0.1:53/sctp');
  });

  it('groups each network’s containers together and changes its signature only when nodes change', () => {
    const { containers, networks } = fleet();
    const t = buildTopology({ containers, networks });
    expect(ids(t, 'network')).toHaveLength(10);
    expect(ids(t, 'container')).toHaveLength(50);
    expect(ids(t, 'port')).toHaveLength(13);
    expect(t.edges.filter((e) => e.data.kind === 'attach')).toHaveLength(50 + 17);
    expect(t.edges.filter((e) => e.data.kind === 'publish')).toHaveLength(13);
    // Containers come in the order of the first (by name) network they are on.
    const firstNets = t.nodes
      .filter((n) => n.data.kind === 'container')
      .map(
        (n) =>
          t.edges
            .filter((e) => e.data.source === n.data.id)
            .map((e) => e.data.target)
            .sort()[0],
      );
    expect(firstNets).toEqual([...firstNets].sort());

    const renamed = containers.map((c, i) => (i === 3 ? { ...c, state: 'exited' as const } : c));
    expect(nodeSignature(buildTopology({ containers: renamed, networks }))).toBe(nodeSignature(t));
    expect(nodeSignature(buildTopology({ containers: containers.slice(1), networks }))).not.toBe(nodeSignature(t));
  });
});

describe('map layout (headless cytoscape)', () => {
  it('lays out 50 containers on 10 networks with no two nodes overlapping', () => {
    const { containers, networks } = fleet(50, 10);
    const t = buildTopology({ containers, networks });
    const cy = cytoscape({ headless: true, styleEnabled: true, style: mapStyle(), elements: [...t.nodes, ...t.edges] });
    try {
      const started = performance.now();
      cy.layout(mapLayout({ fit: false, animate: false })).run();
      expect(performance.now() - started).toBeLessThan(2000);

      const boxes = cy.nodes().map((n) => ({ id: n.id(), x: n.position('x'), y: n.position('y'), w: n.width(), h: n.height() }));
      expect(boxes).toHaveLength(73);
      expect(boxes.every((b) => Number.isFinite(b.x) && Number.isFinite(b.y) && b.w > 40 && b.h > 20)).toBe(true);
      const overlaps: string[] = [];
      for (let i = 0; i < boxes.length; i++) {
        for (let j = i + 1; j < boxes.length; j++) {
          const a = boxes[i];
          const b = boxes[j];
          const apartX = Math.abs(a.x - b.x) >= (a.w + b.w) / 2;
          const apartY = Math.abs(a.y - b.y) >= (a.h + b.h) / 2;
          if (!apartX && !apartY) overlaps.push(`${a.id} × ${b.id}`);
        }
      }
      expect(overlaps).toEqual([]);
    } finally {
      cy.destroy();
    }
  });
});

describe('topology rings', () => {
  it('puts networks in use in the middle, then containers, then host ports and idle networks', () => {
    const t = buildTopology({
      networks: [userNetwork('backend'), userNetwork('idle', { id: 'idle-id' })],
      containers: [container({ id: 'a1', name: 'web', ports: [port(8080, 80)], networks: [network('backend', '10.10.0.5', { networkId: 'backend-id' })] })],
    });
    expect(t.nodes.map((n) => [n.data.id, n.data.ring])).toEqual([
      [`net:${DOCKER}#backend`, 3],
      [`ctr:${DOCKER}#a1`, 2],
      ['port:*:8080', 1],
      [`net:${DOCKER}#idle`, 1],
    ]);
  });
});
