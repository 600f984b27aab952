import { outsideConnectivity } from '../../diagnostics/checkers/outside-connectivity';
import type { Checker } from '../../diagnostics/checker';
import type { WalkContext } from '../walk-context';

/** Outside connectivity, but only to the target the user allowed; there is no default public target. */
export const outsideTarget: Checker<WalkContext> = {
  id: outsideConnectivity.id,
  title: outsideConnectivity.title,
  applicable: (ctx) => outsideConnectivity.applicable(ctx),
  async check(ctx, signal) {
    if (!ctx.outsideTarget) {
      return {
        status: 'skipped',
        summary:
          'No outside target set: set a target you allow (host:port, e.g. your registry at 192.0.2.10:443) and run again. Container Kit contacts no outside host unless you name it.',
        evidence: [],
        fixes: [],
      };
    }
    return outsideConnectivity.check(ctx, signal);
  },
};
