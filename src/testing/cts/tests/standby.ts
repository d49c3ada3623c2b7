// Standby: the node running the group is put in standby with the real CLI; everything leaves it
// and nothing starts there afterwards (the checker's standby rule, against the final config).
import { invoked } from '../evidence.ts';
import type { CtsTest } from '../types.ts';
import { nodeState, TARGET, targetNode } from './common.ts';
import { allRunningOnline, resourceIn } from '../../../demo/local-cluster.ts';

export const standby: CtsTest = {
  name: 'Standby',
  summary: '`vigil node standby` on the node running the group: everything leaves it',
  async run(run) {
    const node = targetNode(await run.settled());
    const atMs = Date.now();
    await run.admin('node', 'standby', node);
    run.healed();
    await run.until(`everything left ${node}`, (v) => nodeState(v, node) === 'standby' && resourceIn(v, TARGET)?.node !== node && allRunningOnline(v) && v.transition === null && v.resources.every((r) => r.node !== node));
    run.expect(`${TARGET} was stopped on ${node}`, (es) => invoked(es, { node, instance: TARGET, op: 'stop', afterMs: atMs }).length > 0);
    run.expect(`${TARGET} was started elsewhere`, (es) => invoked(es, { instance: TARGET, op: 'start', afterMs: atMs }).some((e) => e.node !== node));
  },
};
