// What the real-daemon tests wait for after killing the node that runs the demo's group.
import type { ClusterView } from '../../src/daemon/view-types.ts';
import { resourceIn as where } from '../../src/demo/local-cluster.ts';

/** `victim` was fenced, and every one of `ids` runs started on another node. */
export function fencedAndRecovered(victim: string, ids: readonly string[] = ['ip', 'db', 'web']): (v: ClusterView) => boolean {
  return (v) => v.fencing.some((f) => f.target === victim && f.result === 'succeeded')
    && ids.every((id) => where(v, id)?.state === 'started' && where(v, id)?.node !== victim && where(v, id)?.node !== null);
}
