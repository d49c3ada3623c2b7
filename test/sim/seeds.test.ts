// A fixed set of seeds, every fault kind allowed: each run must break no invariant (the ledger
// checker's, plus the harness's own truth oracle). `npm run chaos` runs many more.
import { describe, expect, it } from 'vitest';
import { runSeed } from '../../src/testing/sim/chaos.ts';
import { runSimulation } from '../../src/testing/sim/run.ts';

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

  it('should never run two of a transition\'s operations on one node at once', async () => {
    const { ledger } = await runSimulation({ seed: 3, nodes: 3, faults: false, options: { 'node-action-limit': '1' } });
    const running = new Map<string, Set<string>>();
    let most = 0;
    for (const e of ledger) {
      if (e.kind !== 'op.invoked' && e.kind !== 'op.completed') continue;
      if (e.op === 'monitor' && !e.probe) continue; // recurring monitors run on their own schedule, as in Pacemaker
      const now = running.get(e.node) ?? new Set<string>();
      if (e.kind === 'op.invoked') now.add(e.callId);
      else now.delete(e.callId);
      running.set(e.node, now);
      most = Math.max(most, now.size);
    }
    expect(most).toBe(1);
  }, 120_000);
});

// node-action-limit: a transition holds what would exceed it and releases one per result; the
// same faults, with at most one operation per node at once, keep every invariant too.
describe('fixed chaos seeds under node-action-limit 1', () => {
  for (const seed of [2, 3, 17]) {
    it(`should keep every invariant under seed ${seed}'s faults on 3 nodes`, async () => {
      const report = await runSeed(seed, { nodes: 3, options: { 'node-action-limit': '1' } });
      expect(report.faults).toBeGreaterThan(0);
      expect(report.violations.map((v) => `${v.invariant} at #${v.atSeq}: ${v.message}`)).toEqual([]);
    }, 120_000);
  }
});
