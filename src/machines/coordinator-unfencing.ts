// How the coordinator carries out a node's unfencing (scheduler/unfencing.ts plans it): a fencer
// with the `on` action through the node's unfencing devices, run on the node itself (storage
// fencing agents such as fence_scsi register the node's own key). Success is remembered as the
// node's transient attribute #node-unfenced, part of the replicated status, so whoever
// coordinates next knows; it goes when the node leaves or is fenced. Pure; coordinator.ts calls these.
import { setTransientAttribute } from '../attributes/node-attributes.ts';
import { UNFENCED_ATTRIBUTE } from '../scheduler/unfencing.ts';
import { log, withFenceRecord, type Enqueue } from './coordinator-enqueue.ts';
import { indexOf, unfencerInputFor } from './coordinator-inputs.ts';
import type { CoordinatorContext, FenceRecord } from './coordinator-types.ts';
import { fencerIdOf } from './fencer-ops.ts';
import type { FencerOutput } from './fencer-types.ts';
import { abort, settle, type TransitionRun } from './transition.ts';

/** The transition action that unfences `node`. */
export const unfenceActionId = (node: string): string => `${node}:unfence`;

/**
 * Starts unfencing `node` unless it is already under way (an earlier transition's, whose end
 * settles this one's action too). Returns the new unfencers map and fence sequence number.
 */
export function startUnfencer(ctx: CoordinatorContext, enqueue: Enqueue, node: string, reason: string, unfencers: Record<string, string>, fenceSeq: number): { unfencers: Record<string, string>; fenceSeq: number } {
  if (unfencers[node] !== undefined) return { unfencers, fenceSeq };
  const seq = fenceSeq + 1;
  const requestId = `${node}#${ctx.epoch}.${seq}.on`;
  const id = fencerIdOf(requestId);
  enqueue.spawnChild('fencer', { id, systemId: id, input: unfencerInputFor(ctx.doc.config, indexOf(ctx.doc.config), node, requestId) });
  enqueue.emit(log('info', `unfencing ${node}: ${reason}`, { node }));
  return { unfencers: { ...unfencers, [node]: id }, fenceSeq: seq };
}

/** Why `node`'s unfencing waits (it failed lately and its backoff is not over), or undefined. */
export function unfenceBackoffNote(ctx: CoordinatorContext, node: string): string | undefined {
  const retry = ctx.unfenceRetries[node];
  if (retry === undefined || ctx.nowMs >= retry.retryAtMs) return undefined;
  return `unfencing ${node} failed ${retry.failures} time(s); tried again in ${Math.ceil((retry.retryAtMs - ctx.nowMs) / 1000)} s`;
}

/** When the next unfencing waiting out its backoff may be tried, if any. */
export function nextUnfenceRetryMs(ctx: CoordinatorContext): number | undefined {
  const times = Object.values(ctx.unfenceRetries).map((r) => r.retryAtMs).filter((at) => at > ctx.nowMs);
  return times.length > 0 ? Math.min(...times) : undefined;
}

/**
 * After a failed unfencing, the next try waits as a failed fencing's retry does (doubling from
 * fenceRetryInitialMs up to fenceRetryMaxMs): a device that keeps failing is not run in a
 * tight loop, nor does it push real fencing out of the bounded history.
 */
function withFailure(ctx: CoordinatorContext, node: string): CoordinatorContext['unfenceRetries'] {
  const failures = (ctx.unfenceRetries[node]?.failures ?? 0) + 1;
  const waitMs = Math.min(ctx.fenceRetryMaxMs, ctx.fenceRetryInitialMs * 2 ** Math.min(failures - 1, 30));
  return { ...ctx.unfenceRetries, [node]: { failures, retryAtMs: ctx.nowMs + waitMs } };
}

/** The node is unfenced once it is still connected and this transition still waits for it. */
function stillWanted(ctx: CoordinatorContext, node: string): boolean {
  return ctx.members.includes(node) && ctx.transition?.actions[unfenceActionId(node)]?.status === 'running';
}

/**
 * An unfencing ended: the node's #node-unfenced is set (on success, if the node is still here
 * and wanted), the transition's action settled, and the fence history told.
 */
export function unfencerDone(ctx: CoordinatorContext, enqueue: Enqueue, id: string, output: FencerOutput): void {
  const target = output.target;
  const unfencers = { ...ctx.unfencers };
  if (unfencers[target] === id) delete unfencers[target];
  enqueue.stopChild(id);
  const wanted = stillWanted(ctx, target);
  let doc = ctx.doc;
  let transition: TransitionRun | null = ctx.transition;
  const aid = unfenceActionId(target);
  const by = output.ok ? output.devices.join('+') : undefined;
  const reason = output.ok ? (wanted ? `level ${output.level}` : `level ${output.level}; ${target} left meanwhile: not counted`) : output.reason;
  if (output.ok && wanted) {
    // The time in seconds, as Pacemaker writes it; never 0, which would read as not unfenced.
    doc = setTransientAttribute(doc, target, UNFENCED_ATTRIBUTE, String(Math.max(1, Math.floor(ctx.nowMs / 1000))));
    transition = settle(transition!, aid, true);
  } else if (transition && transition.actions[aid]?.status === 'running') {
    transition = abort(settle(transition, aid, false, reason), `unfencing ${target} failed: ${reason}`);
  }
  enqueue.emit(log(output.ok ? 'info' : 'error', output.ok ? `${target} unfenced by ${by}` : `unfencing ${target} failed: ${reason}`, { node: target }));
  const record: FenceRecord = {
    target, action: 'on', result: output.ok ? 'succeeded' : 'failed', reason, by, epoch: ctx.epoch, atMs: ctx.nowMs, fencedBy: ctx.self,
  };
  const { [target]: _done, ...others } = ctx.unfenceRetries;
  const unfenceRetries = output.ok ? others : withFailure(ctx, target);
  enqueue.assign({ unfencers, doc, transition, unfenceRetries, fenceHistory: withFenceRecord(ctx, record), dirty: true });
}

/** A node left or is gone: it must be unfenced again before it runs what requires unfencing. */
export function forgetUnfencing(doc: CoordinatorContext['doc'], node: string): CoordinatorContext['doc'] {
  return setTransientAttribute(doc, node, UNFENCED_ATTRIBUTE, null);
}
