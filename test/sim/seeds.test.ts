// A fixed set of seeds, every fault kind allowed: each run must break no invariant (the ledger
// checker's, plus the harness's own truth oracle). `npm run chaos` runs many more.
import { describe, expect, it } from 'vitest';
import { runSeed } from '../../src/testing/sim/chaos.ts';

const THREE_NODES = [2, 3, 4, 8, 11, 15, 16, 17, 18, 26, 30, 33, 34, 36, 38, 48, 49];
const FIXED: { seed: number; nodes: number }[] = [
  ...THREE_NODES.map((seed) => ({ seed, nodes: 3 })),
  { seed: 1, nodes: 5 }, { seed: 2, nodes: 5 },
  { seed: 2, nodes: 2 }, { seed: 4, nodes: 2 },
];

describe('fixed chaos seeds', () => {
  for (const { seed, nodes } of FIXED) {
    it(`should keep every invariant under seed ${seed}'s faults on ${nodes} nodes`, async () => {
      const report = await runSeed(seed, { nodes });
      expect(report.faults).toBeGreaterThan(0);
      expect(report.violations.map((v) => `${v.invariant} at #${v.atSeq}: ${v.message}`)).toEqual([]);
    }, 120_000);
  }
});
