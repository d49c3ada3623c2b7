// Reattach: every daemon in turn is stopped with `vigil daemon stop --leave-resources` (a
// transparent upgrade) and started again; its resources run on untouched, the new daemon's
// probes find them running, and nothing is stopped or started anywhere. Fence devices are the
// exception: their registration lives in the daemon's memory, so they are started again.
import { transitions } from '../evidence.ts';
import type { CtsTest } from '../types.ts';
import { nodeState } from './common.ts';
import { startDaemon, stopDaemon } from './restart-one-by-one.ts';
import { allRunningOnline } from '../../../demo/local-cluster.ts';

export const reattach: CtsTest = {
  name: 'Reattach',
  summary: 'every daemon in turn restarted with --leave-resources: nothing restarts',
  async run(run) {
    await run.settled();
    const atMs = Date.now();
    for (const node of run.nodes) {
      await stopDaemon(run, node, true);
      await run.until(`${node} shown detached`, (v) => v.nodes.find((n) => n.name === node)?.mode === 'maintenance' || nodeState(v, node) !== 'online', 30_000);
      startDaemon(run, node);
      await run.until(`${node} is back online`, (v) => nodeState(v, node) === 'online' && allRunningOnline(v) && v.transition === null);
    }
    run.healed();
    const restarted = (es: Parameters<typeof transitions>[0]) => transitions(es, { afterMs: atMs }).filter((e) => run.wrappedInstances.some((id) => e.instance === id || e.instance.startsWith(`${id}:`)));
    run.expect('no resource was stopped or started', (es) => restarted(es).length === 0);
  },
};
