// Pause: the daemon running the group is stopped with SIGSTOP (alive but silent) and resumed
// with SIGCONT as soon as the cluster has noticed, usually before the fence cuts its power: the
// resumed daemon must never run the group while a survivor does. If it was fenced, its power
// comes back on and it rejoins.
import { invoked, lostFrom } from '../evidence.ts';
import type { CtsTest } from '../types.ts';
import { fencedInView, nodeState, TARGET, targetNode } from './common.ts';
import { allRunningOnline } from '../../../demo/local-cluster.ts';

export const pause: CtsTest = {
  name: 'Pause',
  summary: 'SIGSTOP of the daemon running the group, SIGCONT once the cluster sees it lost',
  async run(run) {
    const victim = targetNode(await run.settled());
    const atMs = Date.now();
    run.fault({ fault: 'pause', nodes: [victim], detail: 'SIGSTOP' });
    run.cluster.kill(victim, 'SIGSTOP');
    await run.until(`${victim} is seen lost`, (v) => nodeState(v, victim) !== 'online', 30_000);
    run.fault({ fault: 'resume', nodes: [victim], detail: 'SIGCONT' });
    if (run.cluster.alive(victim)) run.cluster.kill(victim, 'SIGCONT');
    const v = await run.until(`${victim} is fenced or back, and everything runs`, (v) => (fencedInView(v, victim, atMs) || nodeState(v, victim) === 'online') && allRunningOnline(v) && v.transition === null);
    if (fencedInView(v, victim, atMs)) {
      run.progress(`${victim} was fenced; powering it back on`);
      run.fault({ fault: 'restart', nodes: [victim], detail: 'powered back on' });
      await run.cluster.powerCycle(victim);
    }
    run.healed();
    await run.until(`${victim} is online`, (v) => nodeState(v, victim) === 'online' && allRunningOnline(v) && v.transition === null);
    run.expect(`the cluster lost ${victim} from its membership`, (es) => lostFrom(es, victim, atMs));
    run.expect(`${victim} started nothing of the group after its pause`, (es) => invoked(es, { instance: TARGET, op: 'start', afterMs: atMs }).every((e) => e.node !== victim));
  },
};
