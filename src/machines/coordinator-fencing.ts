// When the coordinator starts a fencing operation (a fencer) for a node that asks for one:
// at once, unless the cluster's `concurrent-fencing` is false and another is running; then the
// waiting node's request is taken up when the running one ends (oldest request first by node
// name, as node reports carry no time). Pure; coordinator.ts calls these.
import { parseBoolean } from '../config/scalars.ts';
import { log, type Enqueue } from './coordinator-enqueue.ts';
import { fencerInputFor, indexOf } from './coordinator-inputs.ts';
import type { CoordinatorContext } from './coordinator-types.ts';
import { priorityDelayMs } from './fence-delay.ts';
import type { NodeReport } from './node-types.ts';

/** Pacemaker's concurrent-fencing (default true): may several fencing operations run at once? */
export function concurrentFencing(config: CoordinatorContext['doc']['config']): boolean {
  const raw = config.options.other['concurrent-fencing'];
  return raw === undefined ? true : parseBoolean(raw) ?? true;
}

/** Whether a fencer for `node` may start now, given the ones running. */
export function mayStartFencer(ctx: CoordinatorContext, fencers: Record<string, string>, node: string): boolean {
  if (fencers[node] !== undefined) return false;
  return concurrentFencing(ctx.doc.config) || Object.keys(fencers).length === 0;
}

/** Spawns the fencer for a node's request; returns the new fencers map and sequence number. */
export function startFencer(ctx: CoordinatorContext, enqueue: Enqueue, report: NodeReport, fencers: Record<string, string>, fenceSeq: number): { fencers: Record<string, string>; fenceSeq: number } {
  const seq = fenceSeq + 1;
  const requestId = `${report.node}#${ctx.epoch}.${seq}`;
  const id = `fencer:${requestId}`;
  const delayMs = priorityDelayMs(ctx.doc, report.node, ctx.members);
  enqueue.spawnChild('fencer', { id, systemId: id, input: fencerInputFor(ctx.doc.config, indexOf(ctx.doc.config), report.node, report.fenceAction, requestId, delayMs) });
  enqueue.emit(log('warn', `fencing ${report.node} (${report.fenceAction}), attempt ${report.fenceAttempts}${delayMs > 0 ? `, after priority-fencing-delay ${delayMs} ms` : ''}: ${report.reason}`, { node: report.node }));
  return { fencers: { ...fencers, [report.node]: id }, fenceSeq: seq };
}

/**
 * After the fencer of `ended` finished: the next node waiting for its fence, when fencing is not
 * concurrent (`ended` itself is not: its last report still asks, and its node machine asks again
 * if the fence failed).
 */
export function nextWaitingFence(ctx: CoordinatorContext, fencers: Record<string, string>, ended: string): NodeReport | undefined {
  if (Object.keys(fencers).length > 0) return undefined;
  const waiting = Object.values(ctx.nodes).filter((r) => r.request === 'fence' && r.node !== ended && fencers[r.node] === undefined);
  return waiting.sort((a, b) => a.node.localeCompare(b.node))[0];
}
