// A simulated clock: timers fire in (due time, creation order), and `now()` reads each timer's
// own due time while it runs (unlike a jump-then-flush clock). Satisfies TransportClock and
// XState's Clock, so actors and the sim network can share it.
import { assert } from '../assert.ts';
import { SIM_TIMERS_MAX } from './constants.ts';
import type { TransportClock } from './types.ts';

interface Timer { id: number; dueMs: number; fn: () => void }

export class SimClock implements TransportClock {
  private nowMs: number;
  private nextId = 1;
  /** Binary min-heap on (dueMs, id). */
  private readonly heap: Timer[] = [];
  private readonly cancelled = new Set<number>();

  constructor(startMs = 0) {
    this.nowMs = startMs;
  }

  now(): number {
    return this.nowMs;
  }

  setTimeout(fn: () => void, delayMs: number): number {
    assert(Number.isFinite(delayMs), `timer delay must be finite, got ${delayMs}`);
    assert(this.heap.length < SIM_TIMERS_MAX, `more than ${SIM_TIMERS_MAX} pending simulated timers`);
    const timer = { id: this.nextId++, dueMs: this.nowMs + Math.max(0, delayMs), fn };
    this.push(timer);
    return timer.id;
  }

  clearTimeout(handle: unknown): void {
    if (typeof handle === 'number') this.cancelled.add(handle);
  }

  /** Pending (not cancelled) timers. */
  pending(): number {
    return this.heap.filter((t) => !this.cancelled.has(t.id)).length;
  }

  /** When the earliest pending (not cancelled) timer is due, or null when none is. */
  nextDueMs(): number | null {
    for (let top = this.heap[0]; top !== undefined && this.cancelled.has(top.id); top = this.heap[0]) {
      this.cancelled.delete(top.id);
      this.pop();
    }
    return this.heap[0]?.dueMs ?? null;
  }

  /** Runs every timer due up to now + ms, then sets the clock to now + ms. */
  advance(ms: number): void {
    assert(ms >= 0, `cannot travel back in time (${ms} ms)`);
    this.runUntil(this.nowMs + ms);
  }

  /** Runs timers in order until the clock reaches `targetMs`. */
  runUntil(targetMs: number): void {
    assert(targetMs >= this.nowMs, `cannot travel back in time (to ${targetMs} from ${this.nowMs})`);
    for (let top = this.heap[0]; top !== undefined && top.dueMs <= targetMs; top = this.heap[0]) {
      this.pop();
      if (this.cancelled.delete(top.id)) continue;
      this.nowMs = top.dueMs;
      top.fn();
    }
    this.nowMs = targetMs;
  }

  private less(a: Timer, b: Timer): boolean {
    return a.dueMs < b.dueMs || (a.dueMs === b.dueMs && a.id < b.id);
  }

  private push(timer: Timer): void {
    const heap = this.heap;
    heap.push(timer);
    for (let i = heap.length - 1; i > 0;) {
      const parent = (i - 1) >> 1;
      if (!this.less(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  private pop(): void {
    const heap = this.heap;
    const last = heap.pop();
    if (last === undefined || heap.length === 0) return;
    heap[0] = last;
    for (let i = 0; ;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let least = i;
      if (left < heap.length && this.less(heap[left]!, heap[least]!)) least = left;
      if (right < heap.length && this.less(heap[right]!, heap[least]!)) least = right;
      if (least === i) return;
      [heap[i], heap[least]] = [heap[least]!, heap[i]!];
      i = least;
    }
  }
}
