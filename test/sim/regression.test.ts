// Every seed that ever found a bug runs again, and must now break no invariant at all.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSeed } from '../../src/testing/sim/chaos.ts';

/** `durationMs`: the fault schedule's length, when not the default 30 s. */
interface RegressionSeed { seed: number; nodes: number; durationMs?: number; invariants: string[]; bug: string }

const { seeds } = JSON.parse(readFileSync(join(import.meta.dirname, 'regression-seeds.json'), 'utf8')) as { seeds: RegressionSeed[] };

describe('regression seeds', () => {
  it('should list at least one seed, each with the invariants it broke', () => {
    expect(seeds.length).toBeGreaterThan(0);
    for (const s of seeds) expect(s.invariants.length).toBeGreaterThan(0);
  });

  for (const s of seeds) {
    it(`should run seed ${s.seed} (${s.nodes} nodes${s.durationMs ? `, ${s.durationMs / 1000} s of faults` : ''}) without any violation (it once found ${s.invariants.join(', ')})`, async () => {
      const report = await runSeed(s.seed, { nodes: s.nodes, durationMs: s.durationMs });
      expect(report.violations.map((v) => `${v.invariant}: ${v.message}`)).toEqual([]);
    }, 120_000);
  }
});
