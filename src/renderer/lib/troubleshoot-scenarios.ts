import type { TroubleshootScenario } from '../../shared/contract';

export type Need = 'required' | 'optional' | 'no';

export interface ScenarioInfo {
  id: TroubleshootScenario;
  /** The situation in the user's words. */
  title: string;
  /** What will be looked at, in one line. */
  description: string;
  container: Need;
  hostPort: Need;
  peer: Need;
  dnsName: Need;
  outsideTarget: Need;
}

export const SCENARIOS: readonly ScenarioInfo[] = [
  {
    id: 'web-unreachable',
    title: "I can't reach the web service in my container",
    description: 'Follows the path from the host port to the process listening inside the container.',
    container: 'required',
    hostPort: 'optional',
    peer: 'no',
    dnsName: 'no',
    outsideTarget: 'no',
  },
  {
    id: 'port-in-use',
    title: 'Port already in use',
    description: 'Finds what holds a host port: a process, another container or an engine proxy.',
    container: 'optional',
    hostPort: 'required',
    peer: 'no',
    dnsName: 'no',
    outsideTarget: 'no',
  },
  {
    id: 'no-internet',
    title: 'My container has no internet',
    description: 'Checks the interfaces, the default route, DNS and, if you allow it, one outside address.',
    container: 'required',
    hostPort: 'no',
    peer: 'no',
    dnsName: 'optional',
    outsideTarget: 'optional',
  },
  {
    id: 'containers-cant-talk',
    title: "My containers can't reach each other",
    description: 'Checks shared networks, name resolution and the connection between two containers.',
    container: 'required',
    hostPort: 'no',
    peer: 'required',
    dnsName: 'no',
    outsideTarget: 'no',
  },
  {
    id: 'dns-broken',
    title: "DNS doesn't work in my container",
    description: "Reads the container's resolver settings and resolves a name from inside it.",
    container: 'required',
    hostPort: 'no',
    peer: 'no',
    dnsName: 'optional',
    outsideTarget: 'no',
  },
];

export function scenarioInfo(id: TroubleshootScenario): ScenarioInfo {
  return SCENARIOS.find((s) => s.id === id) ?? SCENARIOS[0];
}

export function isScenario(value: unknown): value is TroubleshootScenario {
  return SCENARIOS.some((s) => s.id === value);
}

/** What the user filled in, as far as the rules care. */
export interface ScenarioDraft {
  hasContainer: boolean;
  hostPort: string;
  hasPeer: boolean;
}

/** Why the scenario cannot run yet, in the words shown next to the Run button; empty when it can. */
export function missingInputs(info: ScenarioInfo, draft: ScenarioDraft): string[] {
  const out: string[] = [];
  const port = draft.hostPort.trim();
  const portValid = /^\d{1,5}$/.test(port) && Number(port) >= 1 && Number(port) <= 65535;
  if (info.container === 'required' && !draft.hasContainer) out.push('Choose the container.');
  if (info.hostPort === 'required') {
    if (port && !portValid) out.push('The host port is a number from 1 to 65535.');
    // The contract accepts a container instead: its published ports are then looked at.
    else if (!port && !draft.hasContainer) out.push('Enter the host port that is in use (or choose the container whose port fails).');
  } else if (info.hostPort === 'optional' && port && !portValid) {
    out.push('The host port is a number from 1 to 65535.');
  }
  if (info.peer === 'required' && !draft.hasPeer) out.push('Choose the other container.');
  return out;
}
