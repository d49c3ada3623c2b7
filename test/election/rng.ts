// The simulator's PRNG: one seed, independent sub-streams per subsystem (TigerBeetle's VOPR).
import { hashSeed, nextRandom } from '../../src/election/prng.ts';

export class Rng {
  private state: number;
  constructor(seed: number, stream: string) {
    this.state = hashSeed(seed, stream);
  }
  next(): number {
    const [value, state] = nextRandom(this.state);
    this.state = state;
    return value;
  }
  chance(probability: number): boolean {
    return this.next() < probability;
  }
  /** Whole number in [min, max]. */
  between(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }
}
