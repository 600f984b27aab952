import type { Checker } from '../checker';

/** Everything else looks inside the container; a stopped one explains most "connection refused". */
export const containerRunning: Checker = {
  id: 'container-running',
  title: 'Container is running',
  applicable: () => true,
  async check(ctx) {
    const fresh = (await ctx.engine.getContainer(ctx.container.id)) ?? null;
    if (!fresh) {
      return { status: 'fail', summary: `${ctx.container.name} no longer exists.`, evidence: [], fixes: ['Recreate the container.'] };
    }
    const evidence = [`state: ${fresh.state}`, `status: ${fresh.status}`];
    if (fresh.state === 'running') return { status: 'pass', summary: `${fresh.name} is running.`, evidence, fixes: [] };
    return {
      status: 'fail',
      summary: `${fresh.name} is ${fresh.state}: nothing inside it can answer.`,
      evidence,
      fixes: fresh.state === 'paused' ? ['Unpause the container.'] : ['Start the container; if it exits again, read its logs for the reason.'],
    };
  },
};
