// The simulated clock and the PRNG the simulated network is built on.
import { describe, expect, it } from 'vitest';
import { createPrng } from '../../src/transport/prng.ts';
import { SimClock } from '../../src/transport/sim-clock.ts';

describe('SimClock', () => {
  it('should fire timers in due order, ties in creation order, each at its own time', () => {
    const clock = new SimClock();
    const fired: string[] = [];
    clock.setTimeout(() => fired.push(`b@${clock.now()}`), 20);
    clock.setTimeout(() => fired.push(`a@${clock.now()}`), 10);
    clock.setTimeout(() => fired.push(`c@${clock.now()}`), 20);
    clock.advance(100);
    expect(fired).toEqual(['a@10', 'b@20', 'c@20']);
    expect(clock.now()).toBe(100);
  });

  it('should run timers scheduled by timers within the same advance, and skip cleared ones', () => {
    const clock = new SimClock();
    const fired: number[] = [];
    const tick = (): void => {
      fired.push(clock.now());
      clock.setTimeout(tick, 30);
    };
    clock.setTimeout(tick, 30);
    const cleared = clock.setTimeout(() => fired.push(-1), 40);
    clock.clearTimeout(cleared);
    clock.advance(100);
    expect(fired).toEqual([30, 60, 90]);
    expect(clock.pending()).toBe(1);
  });

  it('should refuse to go back in time', () => {
    const clock = new SimClock(50);
    expect(() => clock.runUntil(10)).toThrow(/back in time/);
  });
});

describe('createPrng', () => {
  it('should repeat its sequence for the same seed and differ for another', () => {
    const draw = (seed: number): number[] => {
      const prng = createPrng(seed);
      return Array.from({ length: 8 }, () => prng.int(0, 1000));
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });

  it('should stay within range and look roughly uniform', () => {
    const prng = createPrng(7);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 4000; i++) counts[prng.int(0, 3)]! += 1;
    for (const count of counts) expect(count).toBeGreaterThan(800);
    expect(prng.chance(0)).toBe(false);
    expect(prng.chance(1)).toBe(true);
  });
});
