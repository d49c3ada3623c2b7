// Targeted lease handovers: the windows in which a careless rule lets two nodes believe they
// hold the lease at once. Each test opens such a window on purpose; the checkers (run after
// every step) must stay green. Removing stickiness, or the refusal after a restart, from
// src/election makes these tests fail with "two nodes hold a lease at once".
import { describe, expect, it } from 'vitest';
import { cluster, electionOf } from './cluster.ts';

function settled(seed: number) {
  const sim = cluster(3, seed, { delayTicks: [1, 1] });
  sim.runUntil((s) => s.settledCoordinator() !== null, 300);
  const old = sim.settledCoordinator() as string;
  const [challenger, voter] = sim.nodes.filter((n) => n !== old) as [string, string];
  return { sim, old, challenger, voter };
}

describe('lease handover', () => {
  it('should not let a voter that still hears the coordinator elect a challenger (one-way cut hides the new epoch)', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const { sim, old, challenger, voter } = settled(seed);
      sim.cutLink(old, challenger);
      sim.runUntil((s) => ['pre-candidate', 'candidate'].includes(s.node(challenger)?.status().role ?? ''), 100);
      // The old coordinator can no longer hear the voter, so it cannot learn of a newer epoch:
      // only its lease running out may end its reign.
      sim.cutOneWay(voter, old);
      let oldLeaseEndedTick = -1;
      sim.run(150, (s) => {
        if (oldLeaseEndedTick < 0 && !electionOf(s, old).holdsLease()) oldLeaseEndedTick = s.nowTicks;
      });
      // Either may win (with pre-vote the voter often does, once it stops hearing the old one).
      expect([challenger, voter].some((n) => electionOf(sim, n).holdsLease()), `seed ${seed}`).toBe(true);
      expect(oldLeaseEndedTick, `seed ${seed}`).toBeGreaterThan(0);
    }
  });

  it('should not let a restarted voter hand the lease over while the one it acknowledged may still run', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const { sim, old, challenger, voter } = settled(seed);
      sim.cutLink(old, challenger);
      sim.runUntil((s) => ['pre-candidate', 'candidate'].includes(s.node(challenger)?.status().role ?? ''), 100);
      // The voter acknowledged the old coordinator a moment ago, then restarts at once and forgets it.
      sim.crash(voter);
      sim.cutLink(old, voter);
      sim.restart(voter);
      sim.run(150);
      expect([challenger, voter].some((n) => electionOf(sim, n).holdsLease()), `seed ${seed}`).toBe(true);
    }
  });
});
