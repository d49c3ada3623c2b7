// The executor's memory, none of it persistent: a queue per resource instance (one operation
// at a time each, in arrival order), the ids of commands in flight or recently answered (so a
// re-delivered command never runs twice), and which resources this node believes it started.
import { assert } from '../assert.ts';
import { OCF } from '../ocf/exit-codes.ts';
import type { AgentOperation, AgentResult } from '../ocf/operation.ts';
import { recordedDigests } from '../scheduler/digest.ts';

/** Operations waiting or running on one resource instance; the resource machine sends one at a time, so more is a runaway. */
export const RESOURCE_QUEUE_DEPTH_MAX = 100;
/** Answered command ids remembered per family (exec, fence-exec). */
export const ANSWERED_IDS_MAX = 1_000;
/** Commands in flight per family; far above what a cluster of NODES_MAX nodes sends at once. */
export const IN_FLIGHT_MAX = 100_000;

interface Lane { tail: Promise<void>; depth: number }

/** Serializes tasks per key; different keys run in parallel. */
export class KeyedQueues {
  private readonly lanes = new Map<string, Lane>();

  /** Runs `task` after every task queued before it on `key`; undefined when the lane is full. */
  run<T>(key: string, task: () => Promise<T>): Promise<T> | undefined {
    const lane = this.lanes.get(key) ?? { tail: Promise.resolve(), depth: 0 };
    if (lane.depth >= RESOURCE_QUEUE_DEPTH_MAX) return undefined;
    lane.depth += 1;
    this.lanes.set(key, lane);
    const result = lane.tail.then(task);
    lane.tail = result.then(() => this.finished(key, lane), () => this.finished(key, lane));
    return result;
  }

  depth(key: string): number {
    return this.lanes.get(key)?.depth ?? 0;
  }

  /** Resolves once every task queued so far has finished. */
  async drained(): Promise<void> {
    await Promise.all([...this.lanes.values()].map((lane) => lane.tail));
  }

  private finished(key: string, lane: Lane): void {
    lane.depth -= 1;
    assert(lane.depth >= 0, `queue of ${key} went below empty`);
    if (lane.depth === 0 && this.lanes.get(key) === lane) this.lanes.delete(key);
  }
}

/** Command ids in flight (with their answer to come) and the last ANSWERED_IDS_MAX answers. */
export class AnswerCache<B> {
  private readonly inFlight = new Map<string, Promise<B>>();
  private readonly answered = new Map<string, B>();

  answer(id: string): B | undefined {
    return this.answered.get(id);
  }

  running(id: string): Promise<B> | undefined {
    return this.inFlight.get(id);
  }

  /** Remembers `answer` as the one answer of `id`, once it settles. */
  track(id: string, answer: Promise<B>): Promise<B> {
    assert(!this.inFlight.has(id) && !this.answered.has(id), `command ${id} tracked twice`);
    assert(this.inFlight.size < IN_FLIGHT_MAX, `more than ${IN_FLIGHT_MAX} commands in flight`);
    this.inFlight.set(id, answer);
    return answer.then((body) => {
      this.inFlight.delete(id);
      this.answered.set(id, body);
      // Map keeps insertion order: the first key is the oldest answer.
      if (this.answered.size > ANSWERED_IDS_MAX) this.answered.delete(this.answered.keys().next().value as string);
      return body;
    });
  }
}

/**
 * The resources this node started and has not stopped, oldest start first, each with the
 * operation that started it (or the probe that found it running): enough for stopAll.
 */
export class StartedResources {
  private readonly byResource = new Map<string, AgentOperation>();
  /** What each resource was last started or reloaded with here (its result's forceRestart too). */
  private readonly applied = new Map<string, { params: Record<string, string>; forceRestart?: string[] }>();

  record(op: AgentOperation, result: AgentResult): void {
    if (result.timedOut) return;
    const probe = op.action === 'monitor' && op.intervalMs === 0;
    if (['start', 'migrate_from', 'reload-agent', 'reload'].includes(op.action) && result.rc === OCF.SUCCESS) {
      this.applied.set(op.resource, { params: op.params, ...(result.forceRestart ? { forceRestart: result.forceRestart } : {}) });
    }
    if ((op.action === 'reload-agent' || op.action === 'reload') && result.rc === OCF.SUCCESS) {
      // Stopped with what it runs with now (stopAll), in its place in the start order.
      const started = this.byResource.get(op.resource);
      if (started !== undefined) this.byResource.set(op.resource, { ...started, params: op.params });
    } else if ((op.action === 'start' || op.action === 'migrate_from') && result.rc === OCF.SUCCESS) {
      this.byResource.delete(op.resource); // a new start moves it to the end of the order
      this.byResource.set(op.resource, op);
    } else if (probe && (result.rc === OCF.SUCCESS || result.rc === OCF.RUNNING_PROMOTED)) {
      if (!this.byResource.has(op.resource)) this.byResource.set(op.resource, op);
    } else if ((op.action === 'stop' && result.rc === OCF.SUCCESS) || (probe && result.rc === OCF.NOT_RUNNING)) {
      this.byResource.delete(op.resource);
      this.applied.delete(op.resource);
    }
  }

  /** The digests of what `resource` was last started or reloaded with here, if this daemon did it. */
  startedWith(resource: string): AgentResult['startedWith'] {
    const applied = this.applied.get(resource);
    return applied === undefined ? undefined : recordedDigests(applied.params, applied.forceRestart);
  }

  /** Resource ids in start order. */
  ids(): string[] {
    return [...this.byResource.keys()];
  }

  /** The stops that undo every start, newest start first, with the data the start used. */
  stops(): AgentOperation[] {
    return [...this.byResource.values()].reverse().map((op) => ({ ...op, action: 'stop', intervalMs: 0 }));
  }
}
