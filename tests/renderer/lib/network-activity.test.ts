import { describe, expect, it } from 'vitest';
import { formatRate, rateTickLabels } from '../../../src/renderer/lib/network-activity';

describe('rate axis tick labels', () => {
  it('keeps the usual labels when they already differ', () => {
    expect(rateTickLabels([0, 1000, 2000, 3000])).toEqual(['0 B/s', '1000 B/s', '2.0 KB/s', '2.9 KB/s']);
    expect(rateTickLabels([0, 5 * 1024 * 1024, 10 * 1024 * 1024])).toEqual(['0 B/s', '5.0 MB/s', '10 MB/s']);
  });

  it('adds decimals until ticks under a byte apart read differently', () => {
    // Whole bytes would print "0, 1, 1, 2": two ticks labelled "1 B/s".
    expect(rateTickLabels([0, 0.5, 1, 1.5])).toEqual(['0.0 B/s', '0.5 B/s', '1.0 B/s', '1.5 B/s']);
    expect(rateTickLabels([0, 0.05, 0.1, 0.15])).toEqual(['0.00 B/s', '0.05 B/s', '0.10 B/s', '0.15 B/s']);
  });

  it('never gives two distinct ticks the same label, whatever step chart.js picks', () => {
    for (const step of [0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 1, 2, 5, 10, 100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000]) {
      const ticks = [0, 1, 2, 3, 4].map((i) => i * step);
      const labels = rateTickLabels(ticks);
      expect(new Set(labels).size, `step ${step}: ${labels.join(', ')}`).toBe(ticks.length);
    }
  });

  it('leaves the live readout as it was', () => {
    expect(formatRate(0.4)).toBe('0 B/s');
    expect(formatRate(1536)).toBe('1.5 KB/s');
  });
});
