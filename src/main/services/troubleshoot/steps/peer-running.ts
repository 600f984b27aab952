import type { Checker } from '../../diagnostics/checker';
import type { WalkContext } from '../walk-context';
import { namedPeers } from './peers';

export const peerRunning: Checker<WalkContext> = {
  id: 'peer-running',
  title: 'The other container exists and is running',
  applicable: (ctx) => (ctx.peers?.length ?? 0) > 0,
  async check(ctx) {
    const problems: string[] = [];
    const fixes: string[] = [];
    const evidence: string[] = [];
    for (const { ref, peer } of namedPeers(ctx)) {
      if (!peer) {
        problems.push(`there is no container ${ref} on this engine`);
        fixes.push(`Check the name with \`${ctx.cli} ps -a\`; both containers must run on the same engine.`);
        continue;
      }
      evidence.push(`${peer.name}: ${peer.state} (${peer.status})`);
      if (peer.state !== 'running') {
        problems.push(`${peer.name} is ${peer.state}`);
        fixes.push(`${ctx.cli} start ${peer.name}`);
      }
    }
    if (!problems.length)
      return {
        status: 'pass',
        summary: `${namedPeers(ctx)
          .map((p) => p.peer!.name)
          .join(', ')} running.`,
        evidence,
        fixes: [],
      };
    return { status: 'fail', summary: `${problems.join('; ')}.`, evidence, fixes };
  },
};
