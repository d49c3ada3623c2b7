// Generations compare as (admin epoch, epoch, updates); bumps move them forward.
import { describe, expect, it } from 'vitest';
import { bumpEpoch, bumpUpdates, compareGeneration, formatGeneration } from '../../../src/config/generation.ts';

const g = (adminEpoch: number, epoch: number, updates: number) => ({ adminEpoch, epoch, updates });

describe('generation', () => {
  it.each([
    [g(0, 0, 0), g(0, 0, 0), 0],
    [g(0, 1, 0), g(0, 0, 99), 1],
    [g(1, 0, 0), g(0, 99, 99), 1],
    [g(0, 2, 3), g(0, 2, 4), -1],
    [g(0, 2, 3), g(1, 0, 0), -1],
  ] as const)('should compare %o with %o as %i', (a, b, expected) => {
    expect(compareGeneration(a, b)).toBe(expected);
    expect(compareGeneration(b, a)).toBe(-expected || 0);
  });

  it('should reset updates when the epoch is bumped, and leave the input alone', () => {
    const before = g(1, 4, 9);
    expect(bumpEpoch(before)).toEqual(g(1, 5, 0));
    expect(bumpUpdates(before)).toEqual(g(1, 4, 10));
    expect(before).toEqual(g(1, 4, 9));
    expect(compareGeneration(bumpEpoch(before), before)).toBe(1);
    expect(formatGeneration(before)).toBe('1.4.9');
  });

  it('should assert on a generation that is not whole numbers', () => {
    expect(() => compareGeneration(g(0, -1, 0), g(0, 0, 0))).toThrow(/whole numbers/);
  });
});
