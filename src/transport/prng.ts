// A small deterministic PRNG (splitmix32) for simulations: one seed, replayable runs.
import { assert } from '../assert.ts';

export interface Prng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max] (inclusive). */
  int(min: number, max: number): number;
  /** True with the given probability. */
  chance(probability: number): boolean;
  /** An independent generator for a subsystem, derived from this one's stream. */
  fork(): Prng;
}

export function createPrng(seed: number): Prng {
  assert(Number.isInteger(seed), `seed must be an integer, got ${seed}`);
  let state = seed >>> 0;
  const nextU32 = (): number => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  const prng: Prng = {
    next: () => nextU32() / 0x1_0000_0000,
    int(min, max) {
      assert(Number.isInteger(min) && Number.isInteger(max) && min <= max, `bad range ${min}..${max}`);
      return min + Math.floor(prng.next() * (max - min + 1));
    },
    chance(probability) {
      assert(probability >= 0 && probability <= 1, `probability ${probability} is outside 0..1`);
      return probability > 0 && prng.next() < probability;
    },
    fork: () => createPrng(nextU32()),
  };
  return prng;
}
