// The replication throttle: a burst of requests makes one run per interval, and the interval can
// grow (replication spaces itself by what the last round cost).
import { describe, expect, it } from 'vitest';
import { Throttle } from '../../src/daemon/throttle.ts';
import { SimClock } from '../../src/transport/sim-clock.ts';

describe('Throttle', () => {
  it('should run once per interval however often it is asked, at the interval last set', () => {
    const clock = new SimClock();
    const runs: number[] = [];
    const throttle = new Throttle(clock, 100, () => runs.push(clock.now()));
    throttle.request();
    throttle.request();
    clock.advance(0);
    expect(runs).toEqual([0]);
    throttle.request();
    clock.advance(99);
    expect(runs).toEqual([0]);
    clock.advance(1);
    expect(runs).toEqual([0, 100]);
    throttle.setIntervalMs(1_000);
    throttle.request();
    clock.advance(999);
    expect(runs).toEqual([0, 100]);
    clock.advance(1);
    expect(runs).toEqual([0, 100, 1_100]);
  });
});
