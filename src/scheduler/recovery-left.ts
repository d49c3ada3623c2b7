// How many recoveries are left on a node when a stop is part of a recovery there (the agent
// reads it as OCF_RESKEY_CRM_meta_recovery_left; 0 or unset means the final stop here).
// Decided from the same fail-counts and migration-threshold as placement.
import type { ClusterDocument } from '../config/model.ts';
import type { ResourceIndex } from './resources.ts';
import type { Action, TransitionGraph } from './types.ts';
import { attributeFailCount, nodeFailIndexes } from './unpack.ts';
import { INFINITY } from './score.ts';

/** For each stop in `graph` that a start of the same resource on the same node follows: the recoveries left there. */
export function recoveriesLeft(graph: Pick<TransitionGraph, 'actions'>, doc: ClusterDocument, index: ResourceIndex, nowS: number): Map<Action['id'], number> {
  const left = new Map<Action['id'], number>();
  const starts = new Set(graph.actions.filter((a) => a.kind === 'start').map((a) => `${a.resource}@${a.node}`));
  const failIndex = nodeFailIndexes(doc);
  for (const a of graph.actions) {
    if (a.kind !== 'stop' || a.node === undefined || !starts.has(`${a.resource}@${a.node}`)) continue;
    const info = index.primitives.get(a.resource ?? '');
    if (info === undefined) continue;
    const threshold = info.meta.migrationThreshold > 0 ? info.meta.migrationThreshold : INFINITY;
    left.set(a.id, Math.max(0, threshold - attributeFailCount(failIndex, a.node, info, nowS)));
  }
  return left;
}
