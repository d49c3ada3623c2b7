// The simulation's clocks: the stepper knows its next instant; a node's view holds its inputs
// while paused (releasing them in order) and drops everything once dead.
import { describe, expect, it } from 'vitest';
import { NodeClock, SteppedClock } from '../../src/testing/sim/clock.ts';

describe('SteppedClock', () => {
  it('should report the earliest live timer and skip cancelled ones', () => {
    const clock = new SteppedClock();
    const fired: string[] = [];
    const early = clock.setTimeout(() => fired.push('early'), 10);
    clock.setTimeout(() => fired.push('late'), 30);
    expect(clock.nextDueMs()).toBe(10);
    clock.clearTimeout(early);
    expect(clock.nextDueMs()).toBe(30);
    clock.runUntil(30);
    expect(fired).toEqual(['late']);
    expect(clock.nextDueMs()).toBeNull();
  });
});

describe('NodeClock', () => {
  it('should hold timers and inputs while paused and run them in order on resume', () => {
    const base = new SteppedClock();
    const node = new NodeClock(base);
    const seen: string[] = [];
    node.setTimeout(() => seen.push('timer'), 5);
    node.pause();
    base.runUntil(10);
    node.gate(() => seen.push('message'));
    expect(seen).toEqual([]);
    node.resume();
    expect(seen).toEqual(['timer', 'message']);
  });

  it('should not fire a timer that came due while paused once an earlier input cleared it (as Node does after SIGCONT)', () => {
    const base = new SteppedClock();
    const node = new NodeClock(base);
    const seen: string[] = [];
    const timer = node.setTimeout(() => seen.push('monitor timer'), 20);
    node.gate(() => seen.push('early message'));
    node.pause();
    node.gate(() => { seen.push('step down'); node.clearTimeout(timer); });
    base.runUntil(30);
    node.resume();
    expect(seen).toEqual(['early message', 'step down']);
  });

  it('should never run anything of a dead node', () => {
    const base = new SteppedClock();
    const node = new NodeClock(base);
    const seen: string[] = [];
    node.setTimeout(() => seen.push('timer'), 5);
    node.pause();
    node.gate(() => seen.push('held'));
    node.kill();
    node.setTimeout(() => seen.push('after death'), 1);
    node.gate(() => seen.push('message'));
    base.runUntil(100);
    expect(seen).toEqual([]);
    expect(base.nextDueMs()).toBeNull();
  });
});
