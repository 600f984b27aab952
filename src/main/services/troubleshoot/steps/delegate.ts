import type { Checker } from '../../diagnostics/checker';
import type { WalkContext } from '../walk-context';

/**
 * A diagnostics checker run over a narrowed context, under the step's own id and title: the walk
 * reuses the checker's probing and wording while choosing exactly what it looks at.
 */
export function narrowed(checker: Checker, narrow: (ctx: WalkContext) => WalkContext, id = checker.id, title = checker.title): Checker<WalkContext> {
  return {
    id,
    title,
    applicable: (ctx) => checker.applicable(narrow(ctx)),
    check: (ctx, signal) => checker.check(narrow(ctx), signal),
  };
}
