// A seeded PRNG kept as plain state (one number), so the election stays deterministic and its
// state can be copied. mulberry32: small, fast, good enough for timeout jitter.
import { assert } from '../assert.ts';

export function hashSeed(seed: number, text: string): number {
  assert(Number.isSafeInteger(seed), `seed must be a whole number, got ${seed}`);
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x85ebca6b) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/** Returns [value in [0, 1), next state]. */
export function nextRandom(state: number): [number, number] {
  const next = (state + 0x6d2b79f5) >>> 0;
  let t = next;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return [((t ^ (t >>> 14)) >>> 0) / 4294967296, next];
}

/** A whole number in [min, max), or min when the range is empty. */
export function nextInt(state: number, min: number, max: number): [number, number] {
  assert(max >= min, `empty range [${min}, ${max})`);
  const [value, next] = nextRandom(state);
  return [max === min ? min : min + Math.floor(value * (max - min)), next];
}
