// NodeKill: the daemon of the node running the group is SIGKILLed (the node is lost without a
// word); the survivors fence it through fence_dummy and recover the group; the node is then
// powered back on and rejoins.
import { fenced, invoked } from '../evidence.ts';
import type { CtsTest } from '../types.ts';
import { fencedInView, nodeState, TARGET, targetNode } from './common.ts';
import { allRunningOnline } from '../../../demo/local-cluster.ts';

export const nodeKill: CtsTest = {
  name: 'NodeKill',
  summary: 'SIGKILL of the daemon running the group: fenced, group recovered on a survivor, node powered back on',
  short: true,
  async run(run) {
    const victim = targetNode(await run.settled());
    const atMs = Date.now();
    run.fault({ fault: 'crash', nodes: [victim], detail: 'daemon SIGKILLed' });
    run.cluster.kill(victim, 'SIGKILL');
    await run.until(`${victim} is fenced and everything runs on the survivors`, (v) => fencedInView(v, victim, atMs) && allRunningOnline(v) && v.transition === null);
    run.fault({ fault: 'restart', nodes: [victim], detail: 'powered back on' });
    await run.cluster.powerCycle(victim);
    run.healed();
    await run.until(`${victim} is back online`, (v) => nodeState(v, victim) === 'online' && allRunningOnline(v) && v.transition === null);
    run.expect(`${victim} was fenced`, (es) => fenced(es, victim, atMs));
    run.expect(`${TARGET} was started on a survivor`, (es) => invoked(es, { instance: TARGET, op: 'start', afterMs: atMs }).some((e) => e.node !== victim));
  },
};
