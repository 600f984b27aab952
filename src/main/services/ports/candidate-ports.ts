import type { Protocol } from '../../../shared/contract';
import type { Pace } from '../../core/event-loop';

/**
 * Which host ports a suggestion may use. One port is looked up as it is probed: the nearest free
 * one is usually a few probes away. A range's suggestion probes all 65,535 ports for a contiguous
 * free block, tens of milliseconds in one go, so for ranges the answers are read once per address
 * and protocol, in paced slices, and shared by every range of the check.
 */
export class CandidatePorts {
  private readonly maps = new Map<string, { protocol: Protocol; free: Uint8Array }>();

  constructor(
    private readonly usable: (hostIp: string, port: number, protocol: Protocol) => boolean,
    private readonly pace: Pace,
  ) {}

  async freeFor(hostIp: string, protocol: Protocol, length: number): Promise<(port: number) => boolean> {
    if (length <= 1) return (port) => this.usable(hostIp, port, protocol);
    const key = `${protocol}|${hostIp}`;
    let entry = this.maps.get(key);
    if (!entry) {
      const free = new Uint8Array(65536);
      for (let p = 1; p <= 65535; p++) {
        free[p] = this.usable(hostIp, p, protocol) ? 1 : 0;
        await this.pace();
      }
      entry = { protocol, free };
      this.maps.set(key, entry);
    }
    const { free } = entry;
    return (port) => free[port] === 1;
  }

  /** Ports a suggestion just took (`usable` already says so for single ports): no later range suggestion offers them again, on any address. */
  take(protocol: Protocol, ports: readonly number[]): void {
    for (const { protocol: p, free } of this.maps.values()) if (p === protocol) for (const port of ports) free[port] = 0;
  }
}
