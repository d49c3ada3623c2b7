// RestartOneByOne: each daemon in turn is stopped with the real CLI (`vigil daemon stop`: its
// resources stop or move first), the cluster settles without it, and it is started again.
import { transitions } from '../evidence.ts';
import type { CtsRun } from '../run.ts';
import type { CtsTest } from '../types.ts';
import { nodeState, waitFor } from './common.ts';
import { allRunningOnline } from '../../../demo/local-cluster.ts';

/** Stops a node's daemon with `vigil daemon stop` and waits for its process to exit. */
export async function stopDaemon(run: CtsRun, node: string, leaveResources = false): Promise<void> {
  run.fault({ fault: 'stop', nodes: [node], detail: leaveResources ? 'vigil daemon stop --leave-resources' : 'vigil daemon stop' });
  await run.admin('daemon', 'stop', ...(leaveResources ? ['--leave-resources'] : []), '--node', node);
  await waitFor(() => !run.cluster.alive(node), `${node}'s daemon to exit`, 60_000);
}

export function startDaemon(run: CtsRun, node: string): void {
  run.fault({ fault: 'start', nodes: [node], detail: 'daemon started' });
  run.cluster.startDaemon(node);
}

export const restartOneByOne: CtsTest = {
  name: 'RestartOneByOne',
  summary: 'each daemon in turn: `vigil daemon stop`, settle, start again',
  async run(run) {
    await run.settled();
    const atMs = Date.now();
    for (const node of run.nodes) {
      await stopDaemon(run, node);
      await run.until(`everything runs without ${node}`, (v) => nodeState(v, node) !== 'online' && allRunningOnline(v) && v.transition === null && v.resources.every((r) => r.node !== node));
      startDaemon(run, node);
      await run.until(`${node} is back online`, (v) => nodeState(v, node) === 'online' && allRunningOnline(v) && v.transition === null);
    }
    run.healed();
    for (const node of run.nodes) {
      run.expect(`${node} stopped what it ran when its daemon was stopped`, (es) => transitions(es, { node, op: 'stop', afterMs: atMs }).length > 0);
    }
  },
};
