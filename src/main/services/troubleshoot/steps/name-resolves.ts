import { dnsResolver } from '../../diagnostics/checkers/dns-resolver';
import type { Checker } from '../../diagnostics/checker';
import type { WalkContext } from '../walk-context';
import { narrowed } from './delegate';

// Only the user's name: no peers, so a peer's failure is not blamed on the resolver.
const onlyTheName = narrowed(dnsResolver, (ctx) => ({ ...ctx, peers: undefined, others: [] }));

/** The name the user gave resolves; with none, says how to give one rather than guessing a public name. */
export const nameResolves: Checker<WalkContext> = {
  id: 'resolver-answers',
  title: 'The resolver answers for the name you gave',
  applicable: (ctx) => ctx.container.state === 'running',
  async check(ctx, signal) {
    if (!ctx.dnsName) {
      return {
        status: 'skipped',
        summary:
          'No name to resolve: set "Name to resolve" to a host you expect to work (your registry, an internal service) and run again. Container Kit never looks up a public name by itself.',
        evidence: [],
        fixes: [],
      };
    }
    return onlyTheName.check(ctx, signal);
  },
};
