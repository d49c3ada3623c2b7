// How the coordinator's pure helpers act: a narrow, typed view of XState's enqueue object, and
// the records they emit (log lines, fence history entries). Shared by coordinator.ts and
// coordinator-admin.ts.
import { FENCE_HISTORY_MAX, type CoordinatorContext, type CoordinatorEmitted, type FenceRecord } from './coordinator-types.ts';
import type { FenceRequest, FenceResultReport } from './fence-types.ts';
import type { NodeEvent } from './node-types.ts';
import type { InstanceHostEvent } from './instance-host.ts';

/** What the coordinator sends its children (node actors, fencers, instance hosts). */
export type ChildEvent = NodeEvent | FenceRequest | FenceResultReport | InstanceHostEvent;

/** The few enqueue operations the helpers below use, typed loosely enough to pass around. */
export interface Enqueue {
  assign(patch: Partial<CoordinatorContext>): void;
  sendTo(id: string, event: ChildEvent): void;
  spawnChild(src: 'node' | 'instance-host' | 'fencer', options: { id: string; systemId: string; input: unknown }): void;
  stopChild(id: string): void;
  emit(event: CoordinatorEmitted): void;
}

/** Adapts XState's enqueue object (whose exact types vary by action) to `Enqueue`. */
export function adapt(enqueue: unknown): Enqueue {
  const e = enqueue as {
    assign(p: unknown): void; sendTo(id: string, ev: unknown): void; spawnChild(src: string, o: unknown): void; stopChild(id: string): void; emit(ev: unknown): void;
  };
  return {
    assign: (patch) => e.assign(patch), sendTo: (id, event) => e.sendTo(id, event), spawnChild: (src, o) => e.spawnChild(src, o),
    stopChild: (id) => e.stopChild(id), emit: (event) => e.emit(event),
  };
}
export type Log = Extract<CoordinatorEmitted, { type: 'coordinator.log' }>;
export const log = (level: Log['level'], message: string, fields: Record<string, unknown> = {}): Log => ({ type: 'coordinator.log', level, message, fields });

export function withFenceRecord(ctx: CoordinatorContext, record: FenceRecord): FenceRecord[] {
  return [...ctx.fenceHistory, record].slice(-FENCE_HISTORY_MAX);
}
