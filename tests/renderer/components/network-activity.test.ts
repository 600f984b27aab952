// @vitest-environment happy-dom
import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import ContainerNetworkActivity from '../../../src/renderer/components/ContainerNetworkActivity.vue';
import { stubCanvas } from '../support/canvas-stub';
import { sample } from '../support/fake-diagnostics';
import { FakeTransport } from '../support/fake-transport';
import { DOCKER, container } from '../support/fixtures';
import { mountWith } from '../support/mount';

/** chart.js replaced by a recorder: how many charts were made, updated and destroyed, with what data. */
const charts = vi.hoisted(() => {
  interface FakeChart {
    config: { data: { labels: string[]; datasets: { label: string; data: (number | null)[] }[] } };
    data: FakeChart['config']['data'];
    updates: number;
    destroyed: boolean;
  }
  const made: FakeChart[] = [];
  return { made };
});

vi.mock('chart.js', () => {
  class Chart {
    static register = vi.fn();
    data: unknown;
    updates = 0;
    destroyed = false;
    constructor(
      public canvas: HTMLCanvasElement,
      public config: { data: unknown },
    ) {
      this.data = config.data;
      charts.made.push(this as never);
    }
    update(): void {
      this.updates++;
    }
    destroy(): void {
      this.destroyed = true;
    }
  }
  const part = {};
  return {
    Chart,
    CategoryScale: part,
    Filler: part,
    Legend: part,
    LineController: part,
    LineElement: part,
    LinearScale: part,
    PointElement: part,
    Tooltip: part,
  };
});

let restoreCanvas: () => void;
let wrapper: VueWrapper | null = null;
beforeEach(() => {
  charts.made.length = 0;
  restoreCanvas = stubCanvas();
});
afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
  restoreCanvas();
  vi.useRealTimers();
});

const web = container({ id: 'a1', name: 'web' });

async function open(fake = new FakeTransport(), c = web) {
  fake.containers = [c];
  const mounted = await mountWith(ContainerNetworkActivity, fake, '/containers', { container: c });
  wrapper = mounted.wrapper;
  return mounted;
}

describe('container detail: Network activity', () => {
  it('creates both charts once, shows an empty state, then updates them in place per sample', async () => {
    const { wrapper, fake } = await open();
    expect(wrapper.find('[role="region"][aria-label="Network activity"]').exists()).toBe(true);
    expect(fake.callsTo('monitor.watch')).toEqual([{ engineId: DOCKER, id: 'a1' }]);
    expect(charts.made).toHaveLength(2);
    expect(wrapper.find('[data-testid="activity-empty"]').text()).toBe('Waiting for the first sample…');
    const [rates, connections] = charts.made;
    const before = rates.updates;

    fake.push('monitor.sample', sample('a1', 0));
    fake.push('monitor.sample', sample('a1', 1));
    fake.push('monitor.sample', sample('a1', 2, { rxErrors: 3, rxDropped: 1, dnsFailures: 2, networkErrors: 4 }));
    await flushPromises();

    expect(charts.made).toHaveLength(2);
    expect(rates.updates - before).toBeGreaterThanOrEqual(1);
    expect(rates.data.datasets[0].data).toEqual([null, 1000, 2000]);
    expect(rates.data.datasets[1].data).toEqual([null, 500, 1000]);
    expect(connections.data.datasets[0].data).toEqual([0, 1, 2]);
    expect(rates.data.labels).toHaveLength(3);

    // One update per sample as they arrive one by one.
    const counted = rates.updates;
    for (let n = 3; n < 6; n++) {
      fake.push('monitor.sample', sample('a1', n));
      await flushPromises();
    }
    expect(rates.updates - counted).toBe(3);
    expect(connections.updates).toBe(rates.updates);
    expect(charts.made).toHaveLength(2);

    expect(wrapper.find('[data-testid="activity-empty"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="activity-rates"]').text()).toBe('↓ 4.9 KB/s · ↑ 2.4 KB/s');
    expect(wrapper.find('[data-testid="activity-totals"]').text()).toBe('↓ 15 KB · ↑ 7.3 KB');
    expect(wrapper.find('[data-testid="activity-connections"]').text()).toBe('5 established · 1 listening · 0 other');

    fake.push('monitor.sample', sample('a1', 6, { rxErrors: 3, rxDropped: 1, dnsFailures: 2, networkErrors: 4, connections: null }));
    await flushPromises();
    expect(wrapper.find('[data-testid="activity-errors"]').text()).toBe('rx 3 / 1 · tx 0 / 0');
    expect(wrapper.find('[data-testid="activity-dns-failures"]').text()).toBe('2');
    expect(wrapper.find('[data-testid="activity-network-errors"]').text()).toBe('4');
    expect(wrapper.find('[data-testid="activity-connections"]').text()).toBe('could not be read');
  });

  it('labels the rate axis so that no two ticks read the same, and counts connections in whole numbers', async () => {
    await open();
    type TickCallback = (value: number, index: number, ticks: { value: number }[]) => string;
    const yTicks = (chart: unknown) =>
      (chart as { config: { options: { scales: { y: { ticks: { callback: TickCallback } } } } } }).config.options.scales.y.ticks.callback;
    const labels = (callback: TickCallback, values: number[]) =>
      values.map((v, i) =>
        callback(
          v,
          i,
          values.map((value) => ({ value })),
        ),
      );
    const [rates, connections] = charts.made;
    expect(labels(yTicks(rates), [0, 0.5, 1, 1.5])).toEqual(['0.0 B/s', '0.5 B/s', '1.0 B/s', '1.5 B/s']);
    expect(labels(yTicks(rates), [0, 1024, 2048])).toEqual(['0 B/s', '1.0 KB/s', '2.0 KB/s']);
    expect(labels(yTicks(connections), [0, 0.5, 1])).toEqual(['0', '', '1']);
  });

  it('renews the lease while shown, and unwatches and destroys the charts on unmount', async () => {
    vi.useFakeTimers();
    const { wrapper: w, fake } = await open();
    await vi.advanceTimersByTimeAsync(5000);
    expect(fake.callsTo('monitor.watch')).toHaveLength(2);
    w.unmount();
    wrapper = null;
    await flushPromises();
    expect(fake.callsTo('monitor.unwatch')).toEqual([{ engineId: DOCKER, id: 'a1' }]);
    expect(charts.made.map((c) => c.destroyed)).toEqual([true, true]);
    await vi.advanceTimersByTimeAsync(15_000);
    expect(fake.callsTo('monitor.watch')).toHaveLength(2);
  });

  it('stops watching when the container stops and starts again when it runs', async () => {
    const { wrapper, fake } = await open();
    fake.push('monitor.sample', sample('a1', 1));
    await flushPromises();
    await wrapper.setProps({ container: { ...web, state: 'exited', status: 'Exited (0)' } });
    await flushPromises();
    expect(fake.callsTo('monitor.unwatch')).toEqual([{ engineId: DOCKER, id: 'a1' }]);
    expect(wrapper.find('[data-testid="activity-empty"]').text()).toContain('not running');
    await wrapper.setProps({ container: web });
    await flushPromises();
    expect(fake.callsTo('monitor.watch')).toHaveLength(2);
    expect(charts.made).toHaveLength(2);
  });

  it('switches the stream, not the charts, when another container is shown', async () => {
    const { wrapper, fake } = await open();
    fake.push('monitor.sample', sample('a1', 1));
    await flushPromises();
    expect(charts.made[0].data.datasets[0].data).toEqual([1000]);
    const api = container({ id: 'b2', name: 'api' });
    fake.containers.push(api);
    await wrapper.setProps({ container: api });
    await flushPromises();
    expect(fake.callsTo('monitor.unwatch')).toEqual([{ engineId: DOCKER, id: 'a1' }]);
    expect(fake.callsTo('monitor.watch')).toEqual([
      { engineId: DOCKER, id: 'a1' },
      { engineId: DOCKER, id: 'b2' },
    ]);
    expect(charts.made).toHaveLength(2);
    expect(charts.made[0].data.datasets[0].data).toEqual([]);
  });
});
