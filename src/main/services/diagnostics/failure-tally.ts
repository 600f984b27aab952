import type { CheckResult } from '../../../shared/contract';
import { findContainerByRef } from '../../../shared/host-address';

/** Failed checks that mean "a name did not resolve". */
const DNS_CHECKS = new Set(['dns-resolver', 'resolv-conf-nameservers', 'resolver-answers', 'container-name-resolves', 'peer-name-resolves']);
/** Failed checks that mean "a connection did not get through". */
const NETWORK_CHECKS = new Set(['peer-connectivity', 'host-port-answers', 'outside-connectivity']);

export interface TallySubject {
  engineId: string;
  containerId: string;
  containerName: string;
}

export interface Tally {
  dnsFailures: number;
  networkErrors: number;
}

/**
 * Counts, per container, the DNS failures and network errors seen by every diagnostics and
 * troubleshoot run since the app started; the live monitor shows them beside the traffic.
 */
export class FailureTally {
  private readonly counts = new Map<string, TallySubject & Tally>();

  record(subject: TallySubject, results: readonly CheckResult[]): void {
    const key = `${subject.engineId}\n${subject.containerId}`;
    const entry = this.counts.get(key) ?? { ...subject, dnsFailures: 0, networkErrors: 0 };
    entry.containerName = subject.containerName;
    for (const r of results) {
      if (r.status !== 'fail') continue;
      if (DNS_CHECKS.has(r.id)) entry.dnsFailures++;
      else if (NETWORK_CHECKS.has(r.id)) entry.networkErrors++;
    }
    this.counts.set(key, entry);
  }

  /** By full id, id prefix or name: the monitor holds whatever ref the user watched. */
  get(ref: { engineId: string; id: string }): Tally {
    const exact = this.counts.get(`${ref.engineId}\n${ref.id}`);
    const found =
      exact ??
      findContainerByRef(
        [...this.counts.values()].filter((e) => e.engineId === ref.engineId).map((e) => ({ id: e.containerId, name: e.containerName, entry: e })),
        ref.id,
      )?.entry;
    return { dnsFailures: found?.dnsFailures ?? 0, networkErrors: found?.networkErrors ?? 0 };
  }
}
