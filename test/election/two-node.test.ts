// Two nodes. Default: quorum is a strict majority of 2 votes, so both are needed and a lone
// survivor never acts. twoNode: corosync's two_node + wait_for_all, with fencing as the tie
// breaker: a node that won alone acts only after its peer is confirmed fenced.
import { describe, expect, it } from 'vitest';
import { cluster, electionOf } from './cluster.ts';
import { FaultInjector, defaultFaults } from './faults.ts';

describe('two nodes, default quorum (both needed)', () => {
  it('should elect a coordinator while both run', () => {
    const sim = cluster(2, 1);
    expect(sim.runUntil((s) => s.settledCoordinator() !== null, 200)).not.toBeNull();
  });

  it('should leave a lone survivor without a coordinator', () => {
    const sim = cluster(2, 2);
    sim.runUntil((s) => s.settledCoordinator() !== null, 200);
    sim.crash(sim.settledCoordinator() as string);
    sim.run(1_000);
    const survivor = sim.nodes.find((n) => sim.isAlive(n)) as string;
    expect(electionOf(sim, survivor).status().role).not.toBe('coordinator');
    expect(electionOf(sim, survivor).membership().quorum).toEqual({ quorate: false, reason: 'minority' });
  });
});

describe('two nodes, twoNode mode (two_node + wait_for_all + fencing)', () => {
  const twoNode = { twoNode: true };

  it('should never win alone (nor fence) before it has seen its peer once (wait_for_all)', () => {
    const sim = cluster(2, 3, {}, twoNode);
    sim.isolate('n1');
    sim.run(1_000);
    for (const name of sim.nodes) {
      expect(electionOf(sim, name).status().role).not.toBe('coordinator');
      expect(electionOf(sim, name).membership().quorum).toEqual({ quorate: false, reason: 'wait-for-all' });
    }
    expect(sim.stats.fences).toBe(0);
    expect(sim.checkers.marks.elections).toBe(0);
  });

  it('should resolve a split by fencing: the node with the shorter fence delay survives and acts', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const sim = cluster(2, seed, { fenceTicks: 5, fenceDelayTicks: { n2: 60 }, fenceDownTicks: 10_000 }, twoNode);
      sim.runUntil((s) => s.settledCoordinator() !== null, 300);
      sim.cutLink('n1', 'n2');
      sim.run(400);
      expect(sim.isAlive('n2'), `seed ${seed}`).toBe(false);
      expect(electionOf(sim, 'n1').holdsLease(), `seed ${seed}`).toBe(true);
      expect(sim.stats.fences, `seed ${seed}`).toBe(1);
    }
  });

  it('should fence a crashed peer before acting alone, and give the lease back to the majority rule when it returns', () => {
    const sim = cluster(2, 4, { fenceTicks: 5, fenceDownTicks: 10_000 }, twoNode);
    sim.runUntil((s) => s.settledCoordinator() !== null, 300);
    const first = sim.settledCoordinator() as string;
    const other = sim.nodes.find((n) => n !== first) as string;
    sim.crash(first);
    let actedBeforeFence = false;
    sim.runUntil((s) => {
      if (electionOf(s, other).holdsLease() && s.stats.fences === 0) actedBeforeFence = true;
      return electionOf(s, other).holdsLease();
    }, 500);
    expect(actedBeforeFence).toBe(false);
    expect(sim.stats.fences).toBe(1);
    sim.restart(first);
    expect(sim.runUntil((s) => s.settledCoordinator() !== null, 500)).not.toBeNull();
  });

  it('should keep the checkers green under random faults and settle once healed (50 seeds x 2,000 ticks)', () => {
    let fences = 0;
    let elections = 0;
    for (let seed = 1; seed <= 50; seed++) {
      const sim = cluster(2, seed, { dropRate: 0.05, delayTicks: [1, 4], fenceTicks: 5, fenceDelayTicks: { n2: 10 }, fenceDownTicks: 60 }, twoNode);
      const faults = new FaultInjector(seed, { ...defaultFaults, crashedMax: 1 });
      sim.run(2_000, (s) => faults.inject(s));
      sim.heal();
      sim.dropRate = 0;
      for (const name of sim.crashed) sim.restart(name);
      expect(sim.runUntil((s) => s.settledCoordinator() !== null, 600), `seed ${seed}`).not.toBeNull();
      fences += sim.stats.fences;
      elections += sim.checkers.marks.elections;
    }
    expect(fences).toBeGreaterThan(50);
    expect(elections).toBeGreaterThan(100);
  });
});
