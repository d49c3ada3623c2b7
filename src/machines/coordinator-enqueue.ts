// How the coordinator's pure helpers act: a narrow, typed view of XState's enqueue object, and
// the records they emit (log lines, fence history entries). Shared by coordinator.ts and
// coordinator-admin.ts.
import { FENCE_HISTORY_MAX, type CoordinatorContext, type CoordinatorEmitted, type FenceRecord } from './coordinator-types.ts';
import type { FenceRequest, FenceResultReport } from './fence-types.ts';
import type { NodeEvent, NodeInput } from './node-types.ts';
import type { InstanceHostEvent, InstanceHostInput } from './instance-host.ts';
import type { FencerInput } from './fencer-types.ts';

/** What the coordinator sends its children (node actors, fencers, instance hosts). */
export type ChildEvent = NodeEvent | FenceRequest | FenceResultReport | InstanceHostEvent;

type Spawn<Src extends string, Input> = [src: Src, options: { id: string; systemId: string; input: Input }];

/**
 * The enqueue operations the helpers below use: a structural subset of the enqueue object
 * XState passes the coordinator's `enqueueActions`, which satisfies it as it is (each child
 * spawned with its own input type).
 */
export interface Enqueue {
  assign(patch: Partial<CoordinatorContext>): void;
  sendTo(id: string, event: ChildEvent): void;
  spawnChild(...args: Spawn<'node', NodeInput> | Spawn<'instance-host', InstanceHostInput> | Spawn<'fencer', FencerInput>): void;
  stopChild(id: string): void;
  emit(event: CoordinatorEmitted): void;
}
export type Log = Extract<CoordinatorEmitted, { type: 'coordinator.log' }>;
export const log = (level: Log['level'], message: string, fields: Record<string, unknown> = {}): Log => ({ type: 'coordinator.log', level, message, fields });

export function withFenceRecord(ctx: CoordinatorContext, record: FenceRecord): FenceRecord[] {
  return [...ctx.fenceHistory, record].slice(-FENCE_HISTORY_MAX);
}
