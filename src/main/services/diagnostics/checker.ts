/**
 * The diagnostics framework: each checker knows whether it applies to a container and returns a
 * result with its evidence and the fixes a user can act on. The runner runs every applicable
 * checker in parallel, each under its own deadline, and streams results as they finish.
 */
import type { CheckResult, Container } from '../../../shared/contract';
import type { ContainerEngine } from '../../engines/container-engine';
import type { HostPortSnapshot } from '../ports/host-port-snapshot';
import type { ContainerFacts } from './facts-parsers';
import { findContainerByRef } from '../../../shared/host-address';

export type { CheckResult };

export interface DiagnosticsContext {
  engine: Pick<ContainerEngine, 'exec' | 'getContainer'>;
  /** Engine kind, for wording ("docker-proxy" vs "conmon"). */
  engineKind: 'docker' | 'podman' | 'apple' | null;
  container: Container;
  /** Other containers on the same engine (for peers and DNS names). */
  others: Container[];
  /** Facts read from inside the container; null when the container is not running. */
  facts: ContainerFacts | null;
  /** One host socket table read for all the port checks; null when it could not be read. */
  hostPorts: HostPortSnapshot | null;
  /** Peer containers (id or name) to test reaching; unset → running containers sharing a network. */
  peers?: string[];
  /** A name the user asked to resolve from inside the container. */
  dnsName?: string;
  /** The only outside target outside-connectivity may contact, `host:port`; unset → skipped. */
  outsideTarget?: string;
}

/** What a checker returns; the runner adds id, title, timing and the timeout flag. */
export type Outcome = Omit<CheckResult, 'id' | 'title' | 'durationMs' | 'timedOut'>;

/** `C` lets a caller (the troubleshoot walks) run checks over a richer context than a diagnosis has. */
export interface Checker<C = DiagnosticsContext> {
  readonly id: string;
  readonly title: string;
  applicable(ctx: C): boolean;
  check(ctx: C, signal: AbortSignal): Promise<Outcome>;
}

export interface RunChecksOptions {
  /** Deadline for each check, in ms. */
  timeoutMs?: number;
  onResult?: (result: CheckResult) => void;
}

export const DEFAULT_CHECK_TIMEOUT_MS = 2500;

/** Runs every checker at once; not-applicable ones are reported `skipped`. Results come back in checker order. */
export async function runChecks<C = DiagnosticsContext>(checkers: readonly Checker<C>[], ctx: C, options: RunChecksOptions = {}): Promise<CheckResult[]> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
  return Promise.all(
    checkers.map(async (c) => {
      const result = await runOne(c, ctx, timeoutMs);
      options.onResult?.(result);
      return result;
    }),
  );
}

async function runOne<C>(c: Checker<C>, ctx: C, timeoutMs: number): Promise<CheckResult> {
  const started = performance.now();
  const done = (r: Outcome, timedOut = false): CheckResult => ({
    id: c.id,
    title: c.title,
    ...r,
    durationMs: Math.round(performance.now() - started),
    timedOut,
  });
  let applicable: boolean;
  try {
    applicable = c.applicable(ctx);
  } catch (e) {
    return done({ status: 'fail', summary: `could not decide whether the check applies: ${message(e)}`, evidence: [], fixes: [] });
  }
  if (!applicable) return done({ status: 'skipped', summary: 'does not apply to this container', evidence: [], fixes: [] });
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const outcome = await Promise.race([c.check(ctx, controller.signal), deadline]);
    if (outcome === 'timeout') {
      controller.abort();
      return done({ status: 'fail', summary: `timed out after ${timeoutMs} ms`, evidence: [], fixes: [] }, true);
    }
    return done(outcome);
  } catch (e) {
    return done({ status: 'fail', summary: `the check itself failed: ${message(e)}`, evidence: [], fixes: [] });
  } finally {
    clearTimeout(timer);
  }
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Loopback inside the container: 127.0.0.0/8, ::1, and their IPv4-mapped forms. */
export function isLoopback(address: string): boolean {
  const a = address.replace(/^::ffff:/i, '');
  return a.startsWith('127.') || a === '::1' || a === 'localhost';
}

/** A container by id, id prefix or name among the engine's others (the shared ref rule). */
export function findOther(ctx: DiagnosticsContext, ref: string): Container | undefined {
  return findContainerByRef(ctx.others, ref);
}

/** Networks both containers are attached to (by name); host/none modes share nothing. */
export function sharedNetworks(a: Container, b: Container) {
  return a.networks.filter((n) => n.network !== 'none' && n.network !== 'host' && b.networks.some((m) => m.network === n.network));
}

/** The peers to test: the ones asked for, or running containers sharing a network (at most three). */
export function peersOf(ctx: DiagnosticsContext): Array<{ ref: string; peer: Container | undefined }> {
  if (ctx.peers?.length) return ctx.peers.map((ref) => ({ ref, peer: findOther(ctx, ref) }));
  return ctx.others
    .filter((o) => o.id !== ctx.container.id && o.state === 'running' && sharedNetworks(ctx.container, o).length > 0)
    .slice(0, 3)
    .map((o) => ({ ref: o.name, peer: o }));
}

/** Published TCP/UDP ports with a host side. */
export function publishedPorts(c: Container) {
  return c.ports.filter((p) => p.hostPort !== null && (p.protocol === 'tcp' || p.protocol === 'udp'));
}
