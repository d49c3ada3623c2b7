// Safety under random faults (the VOPR phase), then liveness after healing. 5 nodes, 200 seeds
// x 2,000 ticks; each failure message starts with the seed and the tick to replay it.
import { describe, expect, it } from 'vitest';
import { cluster } from './cluster.ts';
import { FaultInjector } from './faults.ts';

const seedsCount = 200;
const faultTicks = 2_000;
const convergeTicksMax = 400;

describe('5 nodes under random faults', () => {
  it('should keep every safety checker green for 200 seeds and settle once healed', () => {
    const totals = { elections: 0, handovers: 0, fences: 0, crashes: 0, nonTransitive: 0, stepDowns: 0, settleTicksMax: 0 };
    for (let seed = 1; seed <= seedsCount; seed++) {
      const sim = cluster(5, seed, { dropRate: 0.05, delayTicks: [1, 4], slowRate: 0.02, slowDelayTicksMax: 20 });
      const faults = new FaultInjector(seed);
      sim.run(faultTicks, (s) => faults.inject(s));
      // Liveness: heal everything and ask for one coordinator that everybody follows.
      sim.heal();
      sim.dropRate = 0;
      for (const name of sim.crashed) sim.restart(name);
      const settled = sim.runUntil((s) => s.settledCoordinator() !== null, convergeTicksMax);
      expect(settled, `seed ${seed}: no settled coordinator ${convergeTicksMax} ticks after healing`).not.toBeNull();
      totals.elections += sim.checkers.marks.elections;
      totals.handovers += sim.checkers.marks.leaseHandovers;
      totals.crashes += sim.stats.crashes;
      totals.stepDowns += sim.stats.stepDowns;
      totals.nonTransitive += faults.counts['non-transitive'];
      totals.settleTicksMax = Math.max(totals.settleTicksMax, settled ?? 0);
    }
    console.log(`random faults: ${seedsCount} seeds x ${faultTicks} ticks`, totals);
    // Coverage marks: the faults must really have moved the coordinator around.
    expect(totals.elections).toBeGreaterThan(seedsCount * 5);
    expect(totals.handovers).toBeGreaterThan(seedsCount * 2);
    expect(totals.stepDowns).toBeGreaterThan(seedsCount);
    expect(totals.nonTransitive).toBeGreaterThan(seedsCount);
  });
});
