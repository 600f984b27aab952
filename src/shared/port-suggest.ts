/**
 * Which free host port to offer instead of a taken one. Pure: the caller says what is free
 * (`isFree`), so the same logic serves the main process (real sockets) and tests.
 */
import { expandHostPorts, isDynamicHostRange, type PortProtocol, type PortSpec } from './port-spec';
import { serviceForPort } from './port-services';

export type PortEnvironment = 'development' | 'staging' | 'production';

export interface PortRanges {
  development: readonly [number, number];
  staging: readonly [number, number];
}

export const DEFAULT_PORT_RANGES: PortRanges = Object.freeze({ development: [8000, 8999] as const, staging: [9000, 9999] as const });

export interface SuggestHostPortsOptions {
  containerPort: number;
  protocol: PortProtocol;
  isFree: (port: number) => boolean;
  environment?: PortEnvironment;
  ranges?: PortRanges;
  /** How many ports to offer (the first is the recommendation). */
  count: number;
  /** The host port the user typed, offered first when it is free. */
  preferred?: number;
}

export interface HostPortSuggestion {
  ports: number[];
  /** Why the first port: "8080 is the usual host port for HTTP and is free". */
  reason: string;
}

const FIRST_UNPRIVILEGED = 1024;
const MAX_PORT = 65535;

/**
 * Candidates, best first: the user's preferred port; the usual host port of a well-known service
 * (80 → 8080, 3306 → 3306); the environment's place (development/staging: its range, starting at
 * range start + container port mod range size so 80 → 8080; production: the container's own port);
 * then the nearest free port to the wanted one, never below 1024 unless the wanted port is, never above 65535.
 */
export function suggestHostPorts(o: SuggestHostPortsOptions): HostPortSuggestion {
  const count = Math.max(0, Math.floor(o.count));
  const ports: number[] = [];
  const tried = new Set<number>();
  let reason = '';
  let explainedPreferred = false;
  const offer = (p: number, why: (p: number) => string, floor = 1): void => {
    if (ports.length >= count || !Number.isInteger(p) || p < floor || p > MAX_PORT || tried.has(p)) return;
    tried.add(p);
    if (!o.isFree(p)) return;
    ports.push(p);
    if (ports.length === 1) reason = why(p);
  };

  const service = serviceForPort(o.containerPort, o.protocol);
  const preferred = o.preferred;
  if (preferred !== undefined) offer(preferred, (p) => `${p} is the port you asked for and is free`);
  if (service) offer(service.defaultHostPort, (p) => `${p} is the usual host port for ${service.name} and is free`);

  const env = o.environment;
  if (env === 'production') {
    offer(o.containerPort, (p) => (service ? `${p} is the standard port for ${service.name} and is free` : `${p} is the container's own port and is free`));
  } else if (env) {
    const [lo, hi] = (o.ranges ?? DEFAULT_PORT_RANGES)[env];
    const size = hi - lo + 1;
    const first = o.containerPort % size;
    for (let i = 0; i < size && ports.length < count; i++) offer(lo + ((first + i) % size), (p) => `${p} is free in the ${env} range ${lo}–${hi}`);
  } else if (o.containerPort >= FIRST_UNPRIVILEGED) {
    offer(o.containerPort, (p) => `${p} is the container's own port and is free`);
  }

  // Nearest to what the user most likely wants; a privileged container port maps up by 8000 (80 → 8080).
  const fallback = env === 'production' || o.containerPort >= FIRST_UNPRIVILEGED ? o.containerPort : o.containerPort + 8000;
  const wanted = Math.min(MAX_PORT, Math.max(1, preferred ?? service?.defaultHostPort ?? fallback));
  const floor = wanted < FIRST_UNPRIVILEGED ? 1 : FIRST_UNPRIVILEGED;
  const near = (p: number): string => {
    if (p === wanted) return `${p} is free`;
    if (wanted === preferred) explainedPreferred = true;
    return `${p} is the nearest free port to ${wanted}, which is taken`;
  };
  for (let d = 0; ports.length < count && (wanted + d <= MAX_PORT || wanted - d >= floor); d++) {
    offer(wanted + d, near, floor);
    if (d > 0) offer(wanted - d, near, floor);
  }

  if (ports.length === 0) {
    return { ports, reason: count === 0 ? 'No ports were asked for' : `No free host port found for container port ${o.containerPort}/${o.protocol}` };
  }
  if (preferred !== undefined && tried.has(preferred) && ports[0] !== preferred && !explainedPreferred) {
    reason += ` (${preferred}, which you asked for, is taken)`;
  }
  return { ports, reason };
}

/** isFree for a block of `length` ports starting at p; one pass over all ports, then O(1) per block. */
function blockChecker(isFree: (port: number) => boolean, length: number): (port: number) => boolean {
  let run: Int32Array | null = null; // run[p]: how many consecutive free ports start at p
  return (p) => {
    if (p < 1 || p + length - 1 > MAX_PORT) return false;
    if (!run) {
      run = new Int32Array(MAX_PORT + 2);
      for (let q = MAX_PORT; q >= 1; q--) run[q] = isFree(q) ? run[q + 1] + 1 : 0;
    }
    return run[p] >= length;
  };
}

/**
 * The same spec moved to free host port(s): a range moves as a contiguous free block of the same
 * length. Returned unchanged when it is already free (a dynamic range needs just one free port,
 * an engine-picked port is always fine); null when nothing fits.
 */
export function suggestSpec(spec: PortSpec, isFree: (port: number) => boolean, environment?: PortEnvironment, ranges?: PortRanges): PortSpec | null {
  if (spec.hostPortStart === null) return spec;
  const hostPorts = expandHostPorts(spec);
  if (isDynamicHostRange(spec) ? hostPorts.some(isFree) : hostPorts.every(isFree)) return spec;
  const length = hostPorts.length;
  const { ports } = suggestHostPorts({
    containerPort: spec.containerPortStart,
    protocol: spec.protocol,
    isFree: length === 1 ? isFree : blockChecker(isFree, length),
    environment,
    ranges,
    count: 1,
    preferred: spec.hostPortStart,
  });
  if (ports.length === 0) return null;
  return { ...spec, hostPortStart: ports[0], hostPortEnd: ports[0] + length - 1 };
}
