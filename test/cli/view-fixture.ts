// A realistic ClusterView: three nodes (one lost and awaiting fencing), a primitive, a group,
// a clone, failures, fencing history and a transition in progress.
import type { ClusterView, FenceHistoryEntry } from '../../src/daemon/view-types.ts';

const T0 = Date.UTC(2025, 0, 2, 3, 4, 5);

export function realisticView(): ClusterView {
  const fencing: FenceHistoryEntry[] = Array.from({ length: 7 }, (_, i) => ({
    target: 'n3', action: 'reboot', result: i === 6 ? 'requested' : i % 2 === 0 ? 'failed' : 'succeeded',
    reason: i === 6 ? 'lost' : 'test', by: i === 6 ? undefined : 'fence-ipmi', epoch: 3, atMs: T0 + i * 1000,
  }));
  return {
    cluster: 'demo',
    generation: { adminEpoch: 0, epoch: 12, updates: 40 },
    coordinator: 'n1',
    epoch: 4,
    quorum: true,
    updatedAtMs: T0 + 60_000,
    nodes: [
      { name: 'n1', state: 'online', mode: 'online', member: true, reason: '', recoveryBlocked: null },
      { name: 'n2', state: 'standby', mode: 'standby', member: true, reason: '', recoveryBlocked: null },
      { name: 'n3', state: 'unclean', mode: 'online', member: false, reason: 'lost', recoveryBlocked: 'awaiting-fence' },
    ],
    resources: [
      { id: 'ip', state: 'started', node: 'n1', instances: [{ node: 'n1', state: 'started', failCount: 0, rc: 0, reason: '' }] },
      { id: 'db', state: 'started', node: 'n1', parent: 'app', instances: [{ node: 'n1', state: 'started', failCount: 0, rc: 0, reason: '' }] },
      { id: 'web', state: 'stopped', node: null, parent: 'app', targetRole: 'Stopped', instances: [] },
      { id: 'ping:0', state: 'started', node: 'n1', parent: 'ping-clone', instances: [{ node: 'n1', state: 'started', failCount: 0, rc: 0, reason: '' }] },
      { id: 'ping:1', state: 'monitor-failed', node: 'n2', parent: 'ping-clone', instances: [{ node: 'n2', state: 'monitor-failed', failCount: 2, rc: 7, reason: 'not running' }] },
      { id: 'batch', state: 'stop-failed', node: 'n3', instances: [{ node: 'n3', state: 'stop-failed', failCount: 1, rc: 1, reason: 'stop failed' }, { node: 'n1', state: 'stopped', failCount: 0, rc: 7, reason: '' }] },
    ],
    failures: [
      { resource: 'ping:1', node: 'n2', operation: 'monitor', intervalMs: 10_000, rc: 7, reason: 'not running', failCount: 2, atMs: T0 + 30_000 },
      { resource: 'batch', node: 'n3', operation: 'stop', intervalMs: 0, rc: 1, reason: 'stop failed', failCount: 1, atMs: T0 + 20_000 },
    ],
    fencing,
    transition: { id: 17, actions: 8, done: 5, failed: 1 },
  };
}
