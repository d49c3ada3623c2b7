// Time for the whole-cluster simulation. One SimClock drives everything; two thin views of it:
//   SteppedClock  knows when its next timer is due, so the driver can run one instant at a time
//                 and let promise callbacks settle between instants (daemons are async).
//   NodeClock     one daemon incarnation's view: while paused its timers and inputs wait (and run
//                 in order on resume, with the stale view a SIGSTOPped process wakes up with);
//                 once dead (crashed, fenced) nothing of it ever runs again.
import { assert } from '../../assert.ts';
import { SimClock } from '../../transport/sim-clock.ts';
import type { TransportClock } from '../../transport/types.ts';

export class SteppedClock implements TransportClock {
  readonly sim = new SimClock();

  now(): number {
    return this.sim.now();
  }

  setTimeout(fn: () => void, delayMs: number): unknown {
    return this.sim.setTimeout(fn, delayMs);
  }

  clearTimeout(handle: unknown): void {
    this.sim.clearTimeout(handle);
  }

  /** When the earliest pending timer is due, or null when none is. */
  nextDueMs(): number | null {
    return this.sim.nextDueMs();
  }

  /** Runs every timer due at or before `targetMs`, then sets the time to it. */
  runUntil(targetMs: number): void {
    this.sim.runUntil(targetMs);
  }
}

export type NodeClockState = 'running' | 'paused' | 'dead';

/** Inputs held for a paused node; far more than a few seconds of pause produce. */
const DEFERRED_MAX = 100_000;

export class NodeClock implements TransportClock {
  private state: NodeClockState = 'running';
  private readonly deferred: { fn: () => void; timer?: unknown }[] = [];
  private readonly handles = new Set<unknown>();
  /** Timers that came due while the node was paused: still cancellable until it resumes, as in a real process. */
  private readonly dueWhilePaused = new Set<unknown>();

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
      this.gate(fn, handle);
    }, delayMs);
    this.handles.add(handle);
    return handle;
  }

  clearTimeout(handle: unknown): void {
    if (handle === null) return;
    this.handles.delete(handle);
    this.dueWhilePaused.delete(handle);
    this.base.clearTimeout(handle);
  }

  /** Runs `fn` now if the node runs, later (on resume) if it is paused, never if it is dead. */
  gate(fn: () => void, timer?: unknown): void {
    if (this.state === 'running') return fn();
    if (this.state === 'dead') return;
    assert(this.deferred.length < DEFERRED_MAX, `more than ${DEFERRED_MAX} inputs held for a paused node`);
    this.deferred.push({ fn, timer });
    if (timer !== undefined) this.dueWhilePaused.add(timer);
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
    for (const { fn, timer } of held) {
      if (this.state !== 'running') break;
      // A timer cleared by an input that ran before it (an actor stopped) never fires.
      if (timer !== undefined && !this.dueWhilePaused.delete(timer)) continue;
      fn();
    }
  }

  /** The process is gone: its timers are dropped and nothing it set up runs again. */
  kill(): void {
    this.state = 'dead';
    this.deferred.length = 0;
    this.dueWhilePaused.clear();
    for (const handle of this.handles) this.base.clearTimeout(handle);
    this.handles.clear();
  }
}
