// SplitBrain (fencing on): each daemon in its own network namespace; the node running the group
// is cut off from the other two. The majority keeps quorum, fences the lone node and recovers
// the group; the lone node, without quorum, stops what it runs (if it lives long enough). At
// most one side runs each resource at any time. The network heals and the fenced node is
// powered back on.
import { fenced, invoked } from '../evidence.ts';
import { heal, netnsUnavailable, partition } from '../netns.ts';
import type { CtsTest } from '../types.ts';
import { fencedInView, nodeState, TARGET, targetNode } from './common.ts';
import { allRunningOnline } from '../../../demo/local-cluster.ts';

export const splitBrain: CtsTest = {
  name: 'SplitBrain',
  summary: 'the node running the group is cut off from the others (namespaces, blackhole routes); the majority fences it',
  netns: true,
  unavailable: netnsUnavailable,
  async run(run) {
    const net = run.net!;
    const victim = targetNode(await run.settled());
    const others = run.nodes.filter((n) => n !== victim);
    const atMs = Date.now();
    run.fault({ fault: 'partition', sides: [[victim], others], detail: 'blackhole routes both ways' });
    await partition(net, [[victim], others]);
    await run.until(`${victim} is fenced and the majority runs everything`, (v) => !run.cluster.alive(victim) && fencedInView(v, victim, atMs) && allRunningOnline(v) && v.transition === null);
    run.fault({ fault: 'heal' });
    await heal(net);
    run.fault({ fault: 'restart', nodes: [victim], detail: 'powered back on' });
    await run.cluster.powerCycle(victim);
    run.healed();
    await run.until(`${victim} is back online`, (v) => nodeState(v, victim) === 'online' && allRunningOnline(v) && v.transition === null);
    run.expect(`${victim} was fenced by the majority`, (es) => fenced(es, victim, atMs));
    run.expect(`${TARGET} was started on the majority side`, (es) => invoked(es, { instance: TARGET, op: 'start', afterMs: atMs }).some((e) => others.includes(e.node)));
  },
};
