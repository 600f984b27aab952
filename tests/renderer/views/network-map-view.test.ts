// @vitest-environment happy-dom
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h, nextTick, ref, shallowRef } from 'vue';
import { useNetworkMap } from '../../../src/renderer/composables/useNetworkMap';
import { buildTopology } from '../../../src/renderer/lib/topology';
import { useContainersStore } from '../../../src/renderer/stores/containers';
import { useNetworksStore } from '../../../src/renderer/stores/networks';
import NetworkMapView from '../../../src/renderer/views/NetworkMapView.vue';
import { stubCanvas } from '../support/canvas-stub';
import { FakeTransport } from '../support/fake-transport';
import { DOCKER, container, engine, network, port, userNetwork } from '../support/fixtures';
import { mountWith } from '../support/mount';
import { untilRoute } from '../support/ports';
import { fleet } from '../support/topology-fixture';

let cleanup: (() => void)[] = [];
afterEach(() => {
  for (const fn of cleanup.reverse()) fn();
  cleanup = [];
});

function fakeWithTopology(): FakeTransport {
  const fake = new FakeTransport();
  fake.engines = [engine()];
  fake.networks = [userNetwork('backend', { id: 'n1' })];
  fake.containers = [
    container({ id: 'a1', name: 'web', ports: [port(8080, 80)], networks: [network('backend', '10.10.0.5', { networkId: 'n1' })] }),
    container({ id: 'b2', name: 'api', networks: [network('backend', '10.10.0.6', { networkId: 'n1' })] }),
  ];
  return fake;
}

async function mountMap(fake = fakeWithTopology(), canvas = true) {
  if (canvas) cleanup.push(stubCanvas());
  const mounted = await mountWith(NetworkMapView, fake, '/map');
  cleanup.push(() => mounted.wrapper.unmount());
  return mounted;
}

const graph = (w: VueWrapper) => {
  const map = w.find('[data-testid="network-map"]');
  return { nodes: JSON.parse(map.attributes('data-nodes')!) as { id: string; label: string }[], edges: Number(map.attributes('data-edges')) };
};
const listed = (w: VueWrapper) => w.findAll('[data-testid="map-node"]').map((n) => [n.attributes('data-id'), n.text()]);

describe('NetworkMapView', () => {
  it('draws networks, containers with their addresses and host ports, and lists them for screen readers', async () => {
    const { wrapper } = await mountMap();
    const map = wrapper.find('[data-testid="network-map"]');
    expect(map.attributes('data-rendered')).toBe('true');
    expect(map.find('canvas').exists()).toBe(true); // cytoscape's own canvas layers
    expect(graph(wrapper)).toEqual({
      nodes: [
        { id: `net:${DOCKER}#backend`, label: 'network backend bridge 10.10.0.0/24' },
        { id: `ctr:${DOCKER}#b2`, label: 'api 10.10.0.6' },
        { id: `ctr:${DOCKER}#a1`, label: 'web 10.10.0.5' },
        { id: 'port:*:8080', label: '*:8080' },
      ],
      edges: 3,
    });
    expect(listed(wrapper)).toEqual(graph(wrapper).nodes.map((n) => [n.id, n.label]));
    expect(wrapper.find('[data-testid="map-node-list"]').classes()).toContain('sr-only');
  });

  it('follows the stores live: a new container appears with its edge, a renamed one changes its label', async () => {
    const { wrapper, fake } = await mountMap();
    fake.push('containers.changed', {
      type: 'upsert',
      engineId: DOCKER,
      container: container({ id: 'c3', name: 'worker', networks: [network('backend', '10.10.0.7', { networkId: 'n1' })] }),
    });
    await flushPromises();
    expect(graph(wrapper).nodes.map((n) => n.label)).toContain('worker 10.10.0.7');
    expect(graph(wrapper).edges).toBe(4);
    expect(listed(wrapper).map(([, label]) => label)).toContain('worker 10.10.0.7');

    fake.push('containers.changed', {
      type: 'upsert',
      engineId: DOCKER,
      container: container({ id: 'c3', name: 'worker-2', networks: [network('backend', '10.10.0.8', { networkId: 'n1' })] }),
    });
    await flushPromises();
    expect(graph(wrapper).nodes.map((n) => n.label)).toContain('worker-2 10.10.0.8');
    expect(graph(wrapper).nodes).toHaveLength(5);

    fake.push('networks.changed', { type: 'upsert', engineId: DOCKER, network: userNetwork('frontend', { id: 'n2' }) });
    fake.push('containers.changed', { type: 'remove', engineId: DOCKER, id: 'a1' });
    await flushPromises();
    const ids = graph(wrapper).nodes.map((n) => n.id);
    expect(ids).toContain(`net:${DOCKER}#frontend`);
    expect(ids).not.toContain(`ctr:${DOCKER}#a1`);
    expect(ids).not.toContain('port:*:8080'); // nobody publishes it any more
  });

  it('opens a container, a network or a port when its node is clicked', async () => {
    // Routes load their view lazily; loaded once here, the navigation below does not race the wait.
    await Promise.all([import('../../../src/renderer/views/NetworksView.vue'), import('../../../src/renderer/views/ContainersView.vue')]);
    const { wrapper, router } = await mountMap();
    const open = vi.spyOn(window, 'open').mockReturnValue(null);
    cleanup.push(() => open.mockRestore());
    await wrapper.find('[data-testid="map-node"][data-id="port:*:8080"] button').trigger('click');
    expect(open).toHaveBeenCalledWith('http://localhost:8080', '_blank', 'noopener,noreferrer');

    await wrapper.find(`[data-testid="map-node"][data-id="net:${DOCKER}#backend"] button`).trigger('click');
    await untilRoute(router, '/networks');
    expect(useNetworksStore().selected?.name).toBe('backend');

    await router.push('/map');
    await wrapper.find(`[data-testid="map-node"][data-id="ctr:${DOCKER}#b2"] button`).trigger('click');
    await untilRoute(router, '/containers');
    expect(useContainersStore().selected?.name).toBe('api');
  });

  it('still lists the nodes when no canvas can be created', async () => {
    const { wrapper } = await mountMap(fakeWithTopology(), false);
    expect(wrapper.find('[data-testid="network-map"]').attributes('data-rendered')).toBe('false');
    expect(wrapper.find('[data-testid="map-unrendered"]').exists()).toBe(true);
    expect(wrapper.find('[data-testid="map-node-list"]').classes()).not.toContain('sr-only');
    expect(listed(wrapper)).toHaveLength(4);
  });
});

describe('useNetworkMap', () => {
  it('lays out again only when nodes come or go, and keeps the user’s zoom and pan', async () => {
    cleanup.push(stubCanvas());
    const topology = shallowRef(buildTopology(fleet(6, 2)));
    let map!: ReturnType<typeof useNetworkMap>;
    const Harness = defineComponent({
      setup() {
        const el = ref<HTMLElement | null>(null);
        map = useNetworkMap(el, topology, () => {});
        return () => h('div', { ref: el, style: 'width: 800px; height: 600px' });
      },
    });
    const wrapper = mount(Harness, { attachTo: document.body });
    cleanup.push(() => wrapper.unmount());
    const cy = map.core()!;
    const positions = () => JSON.stringify(cy.nodes().map((n) => n.position()));
    cy.zoom(1.7);
    cy.pan({ x: 40, y: -25 });
    cy.getElementById(`ctr:${DOCKER}#c01`).position({ x: 999, y: 999 }); // as if dragged there
    const before = positions();

    // Same nodes, new data (a container stopped): labels change, nothing moves.
    const { containers, networks } = fleet(6, 2);
    topology.value = buildTopology({ containers: containers.map((c, i) => (i === 0 ? { ...c, state: 'exited' } : c)), networks });
    await nextTick();
    expect(positions()).toBe(before); // no new layout: the dragged node stays put
    expect(cy.getElementById(`ctr:${DOCKER}#c00`).data('tone')).toBe('off');

    // A new container: laid out again, the viewport stays where the user put it.
    topology.value = buildTopology(fleet(7, 2));
    await nextTick();
    await vi.waitFor(() => expect(positions()).not.toBe(before));
    expect(cy.zoom()).toBe(1.7);
    expect(cy.pan()).toEqual({ x: 40, y: -25 });
    expect(map.graph.value.nodes).toHaveLength(7 + 2 + 2);
  });
});
