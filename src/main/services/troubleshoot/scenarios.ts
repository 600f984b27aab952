/**
 * The five situations a user can pick, each an ordered walk: every step assumes the ones before it
 * passed, so the first failure is the cause. Titles are in the user's words.
 */
import type { TroubleshootScenario } from '../../../shared/contract';
import type { Checker } from '../diagnostics/checker';
import { containerRunning } from '../diagnostics/checkers/container-running';
import { hostPortAnswers } from '../diagnostics/checkers/host-port-answers';
import { hostPortHeldByMapping } from '../diagnostics/checkers/host-port-held-by-mapping';
import { listenerForEachPort } from '../diagnostics/checkers/listener-for-each-port';
import { listenerNotLoopbackOnly } from '../diagnostics/checkers/listener-not-loopback-only';
import { peerConnectivity } from '../diagnostics/checkers/peer-connectivity';
import { containerNameResolves } from './steps/container-name-resolves';
import { defaultRoute } from './steps/default-route';
import { nameResolves } from './steps/name-resolves';
import { networkReachesOutside } from './steps/network-reaches-outside';
import { outsideTarget } from './steps/outside-target';
import { peerNameResolves } from './steps/peer-name-resolves';
import { peerRunning } from './steps/peer-running';
import { publishedPort } from './steps/published-port';
import { resolvConfNameservers } from './steps/resolv-conf-nameservers';
import { sharedNetwork } from './steps/shared-network';
import type { WalkContext } from './walk-context';

export const SCENARIO_TITLES: Record<TroubleshootScenario, string> = {
  'web-unreachable': "I can't reach the web service in my container",
  'port-in-use': 'Port already in use',
  'no-internet': 'My container has no internet',
  'containers-cant-talk': "My containers can't reach each other",
  'dns-broken': "DNS doesn't work in my container",
};

export interface ContainerWalk {
  steps: readonly Checker<WalkContext>[];
  /** Whether the walk reads the host's socket tables (only the port mapping steps use them). */
  hostPorts: boolean;
}

/** Every scenario that looks at one container; `port-in-use` looks at host ports instead. */
export const CONTAINER_WALKS: Record<Exclude<TroubleshootScenario, 'port-in-use'>, ContainerWalk> = {
  'web-unreachable': {
    hostPorts: true,
    steps: [containerRunning, publishedPort, listenerForEachPort, listenerNotLoopbackOnly, hostPortHeldByMapping, hostPortAnswers],
  },
  'no-internet': {
    hostPorts: false,
    steps: [containerRunning, networkReachesOutside, defaultRoute, resolvConfNameservers, nameResolves, outsideTarget],
  },
  'containers-cant-talk': {
    hostPorts: false,
    steps: [containerRunning, peerRunning, sharedNetwork, peerNameResolves, peerConnectivity],
  },
  'dns-broken': {
    hostPorts: false,
    steps: [containerRunning, resolvConfNameservers, nameResolves, containerNameResolves],
  },
};
