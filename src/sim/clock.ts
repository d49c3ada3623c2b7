// Time for the whole-cluster simulation. One SimClock drives everything; two thin views of it:
//   SteppedClock  knows when its next timer is due, so the driver can run one instant at a time
//                 and let promise callbacks settle between instants (daemons are async).
//   NodeClock     one daemon incarnation's view: while paused its timers and inputs wait (and run
//                 in order on resume, with the stale view a SIGSTOPped process wakes up with);
//                 once dead (crashed, fenced) nothing of it ever runs again.
import { assert } from '../assert.ts';
import { SimClock } from '../transport/sim-clock.ts';
import type { TransportClock } from '../transport/types.ts';

/** Pending timers the stepper tracks; far above what N daemons keep at once. */
const STEPPED_TIMERS_MAX = 1_000_000;

export class SteppedClock implements TransportClock {
  readonly sim = new SimClock();
  /** Min-heap of due times of live timers (lazy: cancelled ids are skipped when on top). */
  private readonly due: { dueMs: number; id: unknown }[] = [];
  private readonly live = new Set<unknown>();

  now(): number {
    return this.sim.now();
  }

  setTimeout(fn: () => void, delayMs: number): unknown {
    assert(this.live.size < STEPPED_TIMERS_MAX, `more than ${STEPPED_TIMERS_MAX} simulated timers pending`);
    const id: unknown = this.sim.setTimeout(() => {
      this.live.delete(id);
      fn();
    }, delayMs);
    this.live.add(id);
    this.push({ dueMs: this.sim.now() + Math.max(0, delayMs), id });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.live.delete(handle);
    this.sim.clearTimeout(handle);
  }

  /** When the earliest pending timer is due, or null when none is. */
  nextDueMs(): number | null {
    while (this.due.length > 0 && !this.live.has(this.due[0]!.id)) this.pop();
    return this.due[0]?.dueMs ?? null;
  }

  /** Runs every timer due at or before `targetMs`, then sets the time to it. */
  runUntil(targetMs: number): void {
    this.sim.runUntil(targetMs);
  }

  private push(entry: { dueMs: number; id: unknown }): void {
    const heap = this.due;
    heap.push(entry);
    for (let i = heap.length - 1; i > 0;) {
      const parent = (i - 1) >> 1;
      if (heap[parent]!.dueMs <= heap[i]!.dueMs) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  private pop(): void {
    const heap = this.due;
    const last = heap.pop();
    if (last === undefined || heap.length === 0) return;
    heap[0] = last;
    for (let i = 0; ;) {
      const left = 2 * i + 1;
      let least = i;
      if (left < heap.length && heap[left]!.dueMs < heap[least]!.dueMs) least = left;
      if (left + 1 < heap.length && heap[left + 1]!.dueMs < heap[least]!.dueMs) least = left + 1;
      if (least === i) return;
      [heap[i], heap[least]] = [heap[least]!, heap[i]!];
      i = least;
    }
  }
}

export type NodeClockState = 'running' | 'paused' | 'dead';

/** Inputs held for a paused node; far more than a few seconds of pause produce. */
const DEFERRED_MAX = 100_000;

export class NodeClock implements TransportClock {
  private state: NodeClockState = 'running';
  private readonly deferred: (() => void)[] = [];
  private readonly handles = new Set<unknown>();

  constructor(private readonly base: TransportClock) {}

  get current(): NodeClockState {
    return this.state;
  }

  now(): number {
    return this.base.now();
  }

  setTimeout(fn: () => void, delayMs: number): unknown {
    if (this.state === 'dead') return null;
    const handle: unknown = this.base.setTimeout(() => {
      this.handles.delete(handle);
      this.gate(fn);
    }, delayMs);
    this.handles.add(handle);
    return handle;
  }

  clearTimeout(handle: unknown): void {
    if (handle === null) return;
    this.handles.delete(handle);
    this.base.clearTimeout(handle);
  }

  /** Runs `fn` now if the node runs, later (on resume) if it is paused, never if it is dead. */
  gate(fn: () => void): void {
    if (this.state === 'running') return fn();
    if (this.state === 'dead') return;
    assert(this.deferred.length < DEFERRED_MAX, `more than ${DEFERRED_MAX} inputs held for a paused node`);
    this.deferred.push(fn);
  }

  pause(): void {
    assert(this.state === 'running', `pause of a ${this.state} node`);
    this.state = 'paused';
  }

  /** Wakes the node: what came in while it slept runs now, in arrival order. */
  resume(): void {
    assert(this.state === 'paused', `resume of a ${this.state} node`);
    this.state = 'running';
    const held = this.deferred.splice(0);
    for (const fn of held) if (this.state === 'running') fn();
  }

  /** The process is gone: its timers are dropped and nothing it set up runs again. */
  kill(): void {
    this.state = 'dead';
    this.deferred.length = 0;
    for (const handle of this.handles) this.base.clearTimeout(handle);
    this.handles.clear();
  }
}
